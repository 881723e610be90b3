"""The ``blockspec`` command: simulate, serve, conform, inspect.

A subcommand whose part of blockspec does not exist yet says so and exits with status 2;
it never pretends to work.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from ._errors import BlockspecError

__all__ = ["main"]

NOT_AVAILABLE = 2

#: The module that runs app files (an exception raised through its load_app is the app's).
_LOADING = str(Path(__file__).with_name("_loading.py"))


def _not_available(what: str) -> int:
    print(f"blockspec: `{what}` is not available yet.", file=sys.stderr)
    return NOT_AVAILABLE


def _inspect(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ._config import config_bytes
    from ._loading import load_app
    from .report import GraphView

    loaded = load_app(args.app, name=args.app_name)
    graph = loaded.app.graph
    if args.json:
        sys.stdout.write(json.dumps(json.loads(config_bytes(graph)), indent=1) + "\n")
    else:
        Console().print(GraphView(graph, title=f"{loaded.path.name}:{loaded.name}"))
    return 0


def _serve(args: argparse.Namespace) -> int:
    try:
        from .server._launcher import serve_path
    except ImportError as exc:
        print(f"blockspec serve needs the server extra ({exc.name} is missing): pip install 'blockspec[server]'")
        return 1
    from ._overrides import parse_assignments

    server = serve_path(
        args.app,
        host=args.host,
        port=args.port,
        app_name=args.app_name,
        queue=parse_assignments(args.queue, option="--queue"),
        launch=parse_assignments(args.launch, option="--launch"),
    )
    print(f"* Running on local URL:  {server.local_url}  (blockspec server; Ctrl-C stops it)", flush=True)
    # What is loaded by now (modules, the app, its graph) lives as long as this process: move it
    # out of the cyclic collector's sight, so that a full collection under load scans what the
    # requests allocate, not all of it again (measured under bench/perf_server.py's load: full
    # collections paused the server ~25 ms each, now ~2 ms).
    gc.freeze()
    server.block()
    return 0


SUBCOMMANDS = ("inspect", "simulate", "serve", "conform")


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only`` (a subcommand's name), that subcommand alone.

    Building a subcommand's parser imports its part of blockspec: the simulator pulls in the
    whole sim package (and trio.testing, which imports pytest), the conformance suite its own.
    ``blockspec serve`` needs neither, so it starts without them (bench/perf_server.py times
    the server's startup and memory against Gradio's).
    """
    parser = argparse.ArgumentParser(prog="blockspec", description="Gradio's Blocks event model, executable.")
    sub = parser.add_subparsers(dest="command", required=True)
    wanted = set(SUBCOMMANDS) if only not in SUBCOMMANDS else {only}
    if "inspect" in wanted:
        _add_inspect_parser(sub)
    if "simulate" in wanted:
        from .sim._cli import add_simulate_parser

        add_simulate_parser(sub)
    if "serve" in wanted:
        _add_serve_parser(sub)
    if "conform" in wanted:
        _add_conform_parser(sub)
    return parser


def _add_inspect_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    inspect = sub.add_parser("inspect", help="show an app's blocks and dependencies (or its /config JSON)")
    inspect.add_argument("app", help="path of an app file (import gradio as gr or import blockspec as gr)")
    inspect.add_argument("--app-name", help="which Blocks variable, if the file defines several")
    inspect.add_argument("--json", action="store_true", help="print Gradio's /config JSON instead")
    inspect.set_defaults(run=_inspect)


def _add_serve_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = sub.add_parser("serve", help="serve an app over Gradio's wire protocol (HTTP)")
    serve.add_argument("app", help="app file (written `import gradio as gr` or `import blockspec as gr`)")
    serve.add_argument("--host", help="address to bind (default: launch()'s server_name, else 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: launch()'s server_port, else the first free from 7860)")
    serve.add_argument("--app-name", help="which Blocks variable, if the file defines several")
    serve.add_argument(
        "--queue", action="append", default=[], metavar="KEY=VALUE", help="a queue() setting in place of the app's"
    )
    serve.add_argument(
        "--launch",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a launch() setting in place of the app's, e.g. show_error=true (--host/--port win)",
    )
    serve.set_defaults(run=_serve)


def _add_conform_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    try:
        from conformance._cli import add_conform_parser
    except ImportError:  # the suite is not installed beside blockspec
        command = sub.add_parser("conform", help="run the conformance suite against a target")
        command.add_argument("rest", nargs=argparse.REMAINDER)
        command.set_defaults(run=lambda args: _not_available("conform"))
    else:
        add_conform_parser(sub)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser(only=argv[0] if argv else None).parse_args(argv)
    try:
        return args.run(args)
    except BlockspecError as exc:
        print(f"blockspec: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        app_frames = _app_load_frames(exc)
        if app_frames is None:
            raise  # blockspec's own failure: the whole traceback is what to report
        print(_app_load_message(exc, app_frames), file=sys.stderr)
        return 1


def _app_load_frames(exc: BaseException) -> list[traceback.FrameSummary] | None:
    """The frames below the app file's top level, if ``exc`` escaped from running the app file
    (``load_app``); None if it came from anywhere else."""
    frames = traceback.extract_tb(exc.__traceback__)
    for index, frame in enumerate(frames):
        if frame.name == "load_app" and frame.filename == _LOADING:
            below = [f for f in frames[index + 1 :] if "<frozen runpy>" not in f.filename]
            return below
    return None


def _app_load_message(exc: BaseException, frames: list[traceback.FrameSummary]) -> str:
    """What the app's own code raised while it was loading, where, and what to do."""
    where = "\n".join(f"    {f.filename}:{f.lineno} in {f.name}: {(f.line or '').strip()}" for f in frames[-6:])
    fix = "Fix the app file, or run it where what it needs is available."
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        fix = f"Install what the app imports (pip install {exc.name.split('.')[0]}), or remove the import."
    return (
        f"blockspec: the app file raised {type(exc).__name__} while loading: {exc}\n{where}\n"
        f'blockspec runs the file as `python app.py` would (as "__main__"); the error is the app\'s. {fix}'
    )


if __name__ == "__main__":
    raise SystemExit(main())
