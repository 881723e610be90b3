"""Gradio 4.44.1's generation of the wire: its routes at the root (no ``/gradio_api``), its
``/api/predict`` and ``/run/predict``, and its client, ``gradio_client`` 1.3.0.

gradio_client 1.3.x cannot share an environment with the 2.x the test extra pins, so a
session fixture builds a virtualenv of its own under pytest's cache directory (once; later
runs reuse it) and runs the client there, in a subprocess, against a server in this process.
Without a registry to install from, these tests skip and say so.
"""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
import venv
from pathlib import Path

import httpx
import pytest
from server_helpers import serving

import blockspec as gr

CLIENT = "gradio_client==1.3.0"


@pytest.fixture(scope="session")
def client_1x_python(request, tmp_path_factory) -> str:
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    home = Path(cache.mkdir("gradio_client_1_3_0")) if cache is not None else tmp_path_factory.mktemp("client13")
    python = home / "bin" / "python"
    marker = home / "installed"
    if not marker.exists():
        try:
            venv.create(home, with_pip=True, clear=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            pytest.skip(f"cannot make a virtualenv with pip for {CLIENT}: {exc}")
        try:
            done = subprocess.run(
                [
                    str(python),
                    "-m",
                    "pip",
                    "install",
                    "-q",
                    "--disable-pip-version-check",
                    "--timeout",
                    "20",
                    "--retries",
                    "1",
                    CLIENT,
                ],
                capture_output=True,
                text=True,
                timeout=300,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            pytest.skip(f"pip could not install {CLIENT} within 5 minutes (no registry reachable?)")
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            pytest.skip(f"pip could not install {CLIENT} (no registry reachable?): {last}")
        marker.write_text(CLIENT)
    return str(python)


def _run(python: str, script: str) -> dict:
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "PYTHONPATH": ""}
    done = subprocess.run([python, "-c", textwrap.dedent(script)], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _app():
    def count(prefix):
        for i in range(3):
            yield f"{prefix}{i}"

    with gr.Blocks() as demo:
        name, out = gr.Textbox(label="Name"), gr.Textbox(label="Greeting")
        gr.Button().click(lambda n: f"Hello {n}!", name, out, api_name="greet")
        name.submit(count, name, out, api_name="count")
        f = gr.File()
        f.upload(lambda p: open(p).read(), f, out, api_name="read")
        name.blur(lambda n: n, name, out, api_name=False)
    return demo


def test_gradio_client_1_3_predicts_streams_and_uploads(client_1x_python, tmp_path) -> None:
    upload = tmp_path / "note.txt"
    upload.write_text("from the 4.44.1 era")
    with serving(_app()) as server:
        result = _run(
            client_1x_python,
            f"""
            import json, gradio_client
            from gradio_client import Client, handle_file
            client = Client({server.local_url!r}, verbose=False)
            greet = client.predict("Ada", api_name="/greet")
            job = client.submit("n", api_name="/count")
            final = job.result(timeout=30)
            read = client.predict(handle_file({str(upload)!r}), api_name="/read")
            api = client.view_api(print_info=False, return_format="dict")
            print(json.dumps({{"version": gradio_client.__version__, "greet": greet, "final": final,
                "outputs": job.outputs(), "read": read, "endpoints": sorted(api["named_endpoints"])}}))
            """,
        )
    assert result == {
        "version": "1.3.0",
        "greet": "Hello Ada!",
        "final": "n2",
        "outputs": ["n0", "n1", "n2"],
        "read": "from the 4.44.1 era",
        "endpoints": ["/count", "/greet", "/read"],
    }


def test_the_root_routes_answer_like_the_prefixed_ones() -> None:
    with serving(_app()) as server, httpx.Client(timeout=20) as http:
        base = server.local_url
        for prefix in ("gradio_api/", ""):
            joined = http.post(
                base + prefix + "queue/join",
                json={"fn_index": 0, "session_hash": "s" + prefix.strip("/"), "data": ["x"]},
            )
            assert joined.status_code == 200
            with http.stream(
                "GET", base + prefix + "queue/data", params={"session_hash": "s" + prefix.strip("/")}
            ) as r:
                messages = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: ")]
            assert messages[-2]["output"]["data"] == ["Hello x!"]
        # Gradio 4.44.1's direct routes take a fn_index.
        for route in ("api/predict", "api/predict/", "run/predict", "gradio_api/api/predict"):
            response = http.post(base + route, json={"fn_index": 0, "data": ["y"], "session_hash": "p"})
            assert response.status_code == 200 and response.json()["data"] == ["Hello y!"], route


def test_file_urls_use_the_prefix_the_client_came_in_on(tmp_path) -> None:
    with gr.Blocks() as demo:
        gr.Textbox().submit(lambda: b"file body", None, gr.File(), api_name="make")
    with serving(demo) as server, httpx.Client(timeout=20) as http:
        base = server.local_url
        for prefix in ("gradio_api/", ""):
            session = "u" + prefix.strip("/")
            http.post(base + prefix + "queue/join", json={"fn_index": 0, "session_hash": session, "data": []})
            with http.stream("GET", base + prefix + "queue/data", params={"session_hash": session}) as r:
                messages = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: ")]
            url = messages[-2]["output"]["data"][0]["url"]
            assert url.startswith(base + prefix + "file=")
            assert http.get(url).content == b"file body"
