"""`blockspec serve` starts without the parts of blockspec (and the libraries) it does not use.

The server's startup time and memory are measured against Gradio's (bench/perf_server.py,
issue 12: startup <= 0.2x, RSS <= 0.3x). Most of what a serve process held beyond the web
stack came from imports it never used: building the whole command line imported the simulator
(and through trio.testing, pytest), the conformance suite and rich. This test serves an app the
way `blockspec serve` does, in a fresh interpreter, and lists which of those came back.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# Modules a serve process must not import: each one is imported where it is used instead.
NOT_AT_SERVE = (
    "pytest",
    "_pytest",
    "rich",
    "hypothesis",
    "freezegun",
    "trio_asyncio",
    "pandas",
    "numpy",
    "httpx",
    "trio.testing",
    "conformance",
    "blockspec.sim",
    "blockspec.report",
    "blockspec.testing",
    "blockspec.frontend",
    # Public names an app of Blocks does not use: blockspec imports them on first use.
    "blockspec._chat_interface",
    "blockspec._interface",
    "blockspec._tabbed_interface",
    "blockspec._flagging",
)

APP = """
import gradio as gr

with gr.Blocks() as demo:
    box = gr.Textbox()
    box.submit(lambda x: x, box, box)
"""

SERVE = """
import json, sys
from blockspec import cli
from blockspec.server._launcher import serve_path

# What `blockspec serve APP` does up to serving: parse its command line, load and serve the app.
args = cli._parser(only="serve").parse_args(["serve", sys.argv[1], "--port", "0"])
server = serve_path(args.app, host="127.0.0.1", port=0, app_name=None)
try:
    assert server.local_url, "the server did not start"
    names = json.loads(sys.argv[2])
    print(json.dumps(sorted(n for n in names if n in sys.modules)))
finally:
    server.close()
"""


def test_serving_an_app_imports_none_of_the_modules_only_other_commands_use(tmp_path):
    app = tmp_path / "app.py"
    app.write_text(textwrap.dedent(APP))
    done = subprocess.run(
        [sys.executable, "-c", SERVE, str(app), json.dumps(NOT_AT_SERVE)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    imported = json.loads(done.stdout.strip().splitlines()[-1])
    assert imported == [], (
        f"`blockspec serve` imported {imported}; import them where they are used (see blockspec/cli.py's "
        "_parser, and blockspec/__init__.py's _LAZY for public names)"
    )


def test_the_command_line_without_a_known_subcommand_still_offers_every_subcommand(capsys):
    from blockspec import cli

    parser = cli._parser()
    help_text = parser.format_help()
    for name in cli.SUBCOMMANDS:
        assert name in help_text
    # A subcommand's own parser is built when that subcommand runs.
    assert cli._parser(only="serve").parse_args(["serve", "app.py"]).app == "app.py"


FROZEN = """
import gc, sys
from blockspec import cli
from blockspec.server._launcher import Server

def report_and_stop(server):
    print("frozen", gc.get_freeze_count())
    server.close()

Server.block = report_and_stop
sys.exit(cli.main(["serve", sys.argv[1], "--port", "0"]))
"""


def test_blockspec_serve_moves_what_it_loaded_out_of_the_collectors_sight(tmp_path):
    # Full collections under load would otherwise rescan every module and the app each time.
    app = tmp_path / "app.py"
    app.write_text(textwrap.dedent(APP))
    done = subprocess.run(
        [sys.executable, "-c", FROZEN, str(app)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    frozen = int(done.stdout.split("frozen")[-1].split()[0])
    assert frozen > 10_000, done.stdout
