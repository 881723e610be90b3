"""The blockspec command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from blockspec._loading import load_app
from blockspec.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_conform_names_an_unknown_target_and_the_choices() -> None:
    with pytest.raises(SystemExit, match="is not sim, server, http or a URL"):
        main(["conform", "--target", "nonsense"])


def test_inspect_json_is_the_apps_config(capsys) -> None:
    path = ROOT / "examples" / "docs_update.py"
    assert main(["inspect", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == load_app(path).app.get_config()


def test_inspect_tables_name_the_dependencies(capsys) -> None:
    assert main(["inspect", str(ROOT / "examples" / "docs_reverse.py")]) == 0
    out = capsys.readouterr().out
    assert "reverse" in out and "button" in out


def test_a_bad_app_is_a_one_line_error(tmp_path, capsys) -> None:
    app = tmp_path / "bad.py"
    app.write_text(
        "import gradio as gr\nwith gr.Blocks() as demo:\n    gr.Textbox().change(lambda: 1, None, None, every=-1)\n"
    )
    assert main(["inspect", str(app)]) == 1
    assert "`every=-1` is not positive" in capsys.readouterr().err


def test_the_console_script_is_installed() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "blockspec.cli", "conform", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0
    assert "--launch" in result.stdout
