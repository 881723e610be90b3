"""Record what real Gradio 4.44.1 answers to ``gr.render`` jobs: ``tests/fixtures/render_gradio.json``.

For each corpus app below, a fresh Gradio process serves the app on 127.0.0.1 and one session
submits the listed jobs (``fn_index``, input values) in order through ``/queue/join``,
reading ``/queue/data`` until ``close_stream`` after each. The recording keeps, per job, the
``process_completed`` message's ``success``, ``output.data``, ``output.changed_state_ids``
and ``output.render_config`` (``component_class_id`` left out: it hashes Gradio's source
files); and ``inspect.signature(gradio.render)``. ``tests/test_render.py`` replays the same
jobs on blockspec and compares.

A fresh process matters: Gradio numbers blocks with one process-wide counter, so the ids in
the recording are those of an app whose only session is this one.

Run with the Gradio 4.44.1 interpreter::

    GRADIO_ANALYTICS_ENABLED=False /work/venvs/g444/bin/python tools/record_render_fixtures.py \\
        --corpus ../shared/corpus/gradio-4.44.1 --out tests/fixtures/render_gradio.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

#: app -> the jobs one session submits, in order: [fn_index, data].
STEPS: dict[str, list[list[Any]]] = {
    "render_merge": [
        [0, [2]],
        [0, [3]],
        [4, ["a", "b", "c"]],
        [5, []],
        [6, []],
        [0, [2]],
    ],
    "todo_list": [
        [1, [[]]],
        [0, [[], "milk"]],
        [1, [[]]],
        [0, [[], "eggs"]],
        [1, [[]]],
        [4, []],
        [1, [[]]],
    ],
    "render_split": [
        [0, ["ab", "button"]],
        [0, ["xyz", "textbox"]],
    ],
    "render_split_simple": [
        [0, [""]],
        [0, ["hi"]],
    ],
}

_CHILD = r"""
import json, os, runpy, sys
import httpx
os.chdir(sys.argv[1])
ns = runpy.run_path("run.py")
demo = ns["demo"]
demo.queue().launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=int(sys.argv[2]), quiet=True)
base = f"http://127.0.0.1:{sys.argv[2]}"
out = []
with httpx.Client(timeout=30) as client:
    for fn_index, data in json.loads(sys.argv[3]):
        client.post(base + "/queue/join", json={"fn_index": fn_index, "data": data, "session_hash": "recorder",
                                               "trigger_id": None, "event_data": None}).raise_for_status()
        done = None
        with client.stream("GET", base + "/queue/data", params={"session_hash": "recorder"}) as stream:
            for n, line in enumerate(stream.iter_lines()):
                if n > 1000:
                    break
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed":
                    done = message
                if message.get("msg") == "close_stream":
                    break
        output = done["output"]
        config = output.get("render_config")
        if config:
            for component in config["components"]:
                component.pop("component_class_id", None)
        out.append({"fn_index": fn_index, "data": data, "success": done["success"],
                    "output_data": output.get("data"), "changed_state_ids": output.get("changed_state_ids"),
                    "render_config": config})
demo.close()
print("RESULT " + json.dumps(out))
"""


def record(corpus: Path, app: str, port: int) -> list[dict[str, Any]]:
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(corpus / app), str(port), json.dumps(STEPS[app])],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise SystemExit(f"{app}: no result (exit {proc.returncode})\n{proc.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--port", type=int, default=7931)
    args = parser.parse_args(argv)
    import inspect

    import gradio

    signature = [
        [p.name, p.kind.name, p.default if p.default is not inspect.Parameter.empty else "<required>"]
        for p in inspect.signature(gradio.render).parameters.values()
    ]
    recorded = {
        "gradio_version": gradio.__version__,
        "recorded_by": "tools/record_render_fixtures.py",
        "render_signature": signature,
        "apps": {app: record(args.corpus, app, args.port + i) for i, app in enumerate(sorted(STEPS))},
    }
    args.out.write_text(json.dumps(recorded, indent=1, sort_keys=False) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
