"""Record what real Gradio 4.44.1 puts in /config for the example apps: the fixtures that
tests/test_gradio_fixtures.py compares blockspec against.

Run it with an interpreter that has the real Gradio 4.44.1 installed, from the repo root:

    python -m venv /tmp/g444
    /tmp/g444/bin/pip install "gradio==4.44.1" "huggingface_hub<0.26" "pydantic<2.10" \
        "fastapi<0.113" "starlette<0.39"
    GRADIO_ANALYTICS_ENABLED=False /tmp/g444/bin/python tools/record_gradio_fixtures.py

Each app runs in a fresh process, because Gradio numbers blocks with a process-wide
counter.

With ``--corpus DIR`` it records the apps of a corpus (DIR/<app>/run.py, as
tools/corpus.py reads it) instead: each app runs as ``"__main__"`` in its own folder with the
network off, and each config is kept compactly (component types by id, the layout, the
dependencies) in one JSON file, ``--out`` (default: outside the repo), which
``tools/corpus.py --compare-config`` reads. ``--sample`` records tests/test_corpus_sample.py's
apps into tests/fixtures/gradio-4.44.1/corpus/sample.json instead.

    GRADIO_ANALYTICS_ENABLED=False /work/venvs/g444/bin/python tools/record_gradio_fixtures.py \
        --corpus ../shared/corpus/gradio-4.44.1 --out /tmp/gradio-4.44.1-corpus.json --jobs 2
 launch() is replaced by a no-op while recording (the docs' reverse example calls it
at module level with share=True). Where Gradio 4.44.1 rejects a line of the docs, the
recorder patches around it and says so in the fixture's "patches".
"""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "gradio-4.44.1"
APPS = [
    "examples/docs_update.py",
    "examples/docs_welcome.py",
    "examples/docs_reverse.py",
    "examples/docs_queue.py",
    "examples/docs_unload.py",
    "tests/apps/listener_shapes.py",
    "tests/apps/chat_streaming.py",
    "tests/apps/chat_multimodal.py",
    "tests/apps/chat_custom.py",
    "tests/apps/chat_in_blocks.py",
]


def record_one(relative: str) -> dict:
    import gradio as gr

    patches = []
    gr.Blocks.launch = lambda self, *a, **k: None  # type: ignore[method-assign]
    original_button_init = gr.Button.__init__

    def button_init(self, *args, **kwargs):
        if "label" in kwargs:
            kwargs.pop("label")
            patches.append("gr.Button(label=...) raises TypeError in Gradio 4.44.1; the label was dropped")
        original_button_init(self, *args, **kwargs)

    gr.Button.__init__ = button_init  # type: ignore[method-assign]
    namespace = runpy.run_path(str(ROOT / relative), run_name="__fixture__")
    demo = namespace["demo"]
    config = demo.get_config_file()
    return {
        "gradio_version": gr.__version__,
        "recorded_by": "tools/record_gradio_fixtures.py",
        "app": relative,
        "patches": patches,
        "layout": config["layout"],
        "components": [[c["id"], c["type"]] for c in config["components"]],
        "dependencies": config["dependencies"],
    }


def record_corpus_app(app_file: Path) -> dict:
    """The compact config real Gradio gives the corpus app ``app_file`` (run in this process)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from corpus import _refuse_network  # the corpus tool's network switch: the same conditions

    _refuse_network()
    import gradio as gr

    launched = []

    def launch(self, *args, **kwargs):
        # What a real launch leaves on the app, for code after launch() that reads it.
        launched.append(self)
        self.server_name, self.server_port = "127.0.0.1", 7860
        self.local_url = "http://127.0.0.1:7860/"

    gr.Blocks.launch = launch  # type: ignore[method-assign]
    sys.path.insert(0, str(app_file.parent))
    sys.stdin = open(os.devnull)
    try:
        namespace = runpy.run_path(str(app_file), run_name="__main__")
    except BaseException as exc:  # an app may raise anything, SystemExit included
        return {"gradio_version": gr.__version__, "error": f"{type(exc).__name__}: {exc}"[:300]}
    apps = {k: v for k, v in namespace.items() if isinstance(v, gr.Blocks)}
    demo = launched[-1] if launched else apps.get("demo") or (next(iter(apps.values())) if len(apps) == 1 else None)
    if demo is None:
        return {"gradio_version": gr.__version__, "error": f"no single Blocks ({', '.join(apps) or 'none'})"}
    config = demo.get_config_file()
    return {
        "gradio_version": gr.__version__,
        "layout": config["layout"],
        "components": [[c["id"], c["type"]] for c in config["components"]],
        "dependencies": config["dependencies"],
    }


def _record_corpus_subprocess(app_file: Path, timeout: float) -> dict:
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", MPLBACKEND="Agg")
    try:
        result = subprocess.run(
            [sys.executable, __file__, "--corpus-one", str(app_file.resolve())],
            capture_output=True,
            text=True,
            env=env,
            cwd=app_file.parent,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:g} s"}
    marked = [line for line in result.stdout.splitlines() if line.startswith(_MARK)]
    if not marked:
        tail = " | ".join(result.stderr.strip().splitlines()[-2:])
        return {"error": f"exit {result.returncode}: {tail}"[:300]}
    return json.loads(marked[-1][len(_MARK) :])


_MARK = "@@gradio-config@@"


def sample_apps() -> list[str]:
    """tests/test_corpus_sample.py's SAMPLE, read without importing the test (no pytest here)."""
    import ast

    tree = ast.parse((ROOT / "tests" / "test_corpus_sample.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "SAMPLE" for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise SystemExit("tests/test_corpus_sample.py defines no SAMPLE")


SAMPLE_FIXTURE = OUT / "corpus" / "sample.json"


def record_corpus(directory: Path, out: Path, only: list[str] | None, jobs: int, timeout: float) -> None:
    from concurrent.futures import ThreadPoolExecutor

    apps = sorted(directory.glob("*/run.py"))
    if only is not None:
        apps = [a for a in apps if a.parent.name in only]
        missing = sorted(set(only) - {a.parent.name for a in apps})
        if missing:
            raise SystemExit(f"no such corpus app(s) under {directory}: {', '.join(missing)}")
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda a: _record_corpus_subprocess(a, timeout), apps))
    recorded = {}
    for app_file, result in zip(apps, results):
        version = result.pop("gradio_version", "4.44.1")
        assert version == "4.44.1", f"recorded with Gradio {version}, expected 4.44.1"
        recorded[app_file.parent.name] = result
        print(f"{app_file.parent.name}: {result.get('error') or str(len(result['dependencies'])) + ' dependencies'}")
    document = {
        "gradio_version": "4.44.1",
        "recorded_by": "tools/record_gradio_fixtures.py",
        "corpus": directory.name,
        "apps": recorded,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, separators=(",", ":"), sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {out} ({sum('error' not in r for r in recorded.values())} of {len(recorded)} apps recorded)")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(record_one(sys.argv[2])))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--corpus-one":
        print(_MARK + json.dumps(record_corpus_app(Path(sys.argv[2]))), flush=True)
        os._exit(0)  # an app may leave threads behind; the config is printed
    if "--corpus" in sys.argv:
        import argparse

        parser = argparse.ArgumentParser(description="record real Gradio's /config for a corpus of apps")
        parser.add_argument("--corpus", required=True, help="DIR with DIR/<app>/run.py")
        parser.add_argument("--out", default="/tmp/gradio-4.44.1-corpus.json", help="where to write (JSON)")
        parser.add_argument("--sample", action="store_true", help="record the CI sample into tests/fixtures/")
        parser.add_argument("--only", nargs="+", help="only these apps")
        parser.add_argument("--jobs", type=int, default=2)
        parser.add_argument("--timeout", type=float, default=120.0)
        args = parser.parse_args()
        only, out = args.only, Path(args.out)
        if args.sample:
            only, out = sample_apps(), SAMPLE_FIXTURE
        record_corpus(Path(args.corpus), out, only, args.jobs, args.timeout)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False")
    for relative in APPS:
        result = subprocess.run(
            [sys.executable, __file__, "--one", relative], capture_output=True, text=True, env=env, cwd=ROOT, check=True
        )
        fixture = json.loads(result.stdout.strip().splitlines()[-1])
        assert fixture["gradio_version"] == "4.44.1", (
            f"recorded with Gradio {fixture['gradio_version']}, expected 4.44.1"
        )
        target = OUT / (Path(relative).stem + ".json")
        target.write_text(json.dumps(fixture, indent=1, sort_keys=False) + "\n", encoding="utf-8")
        print(f"{relative} -> {target.relative_to(ROOT)} ({len(fixture['dependencies'])} dependencies)")


if __name__ == "__main__":
    main()
