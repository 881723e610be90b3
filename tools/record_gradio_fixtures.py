"""Record what real Gradio 4.44.1 puts in /config for the example apps: the fixtures that
tests/test_gradio_fixtures.py compares blockspec against.

Run it with an interpreter that has the real Gradio 4.44.1 installed, from the repo root:

    python -m venv /tmp/g444
    /tmp/g444/bin/pip install "gradio==4.44.1" "huggingface_hub<0.26" "pydantic<2.10" \
        "fastapi<0.113" "starlette<0.39"
    GRADIO_ANALYTICS_ENABLED=False /tmp/g444/bin/python tools/record_gradio_fixtures.py

Each app runs in a fresh process, because Gradio numbers blocks with a process-wide
counter. launch() is replaced by a no-op while recording (the docs' reverse example calls it
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


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(record_one(sys.argv[2])))
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
