"""The real @gradio/client (JavaScript, from npm, pinned) against a blockspec server.

Skipped where Node.js and npm are not installed; the client itself is installed from the
npm registry into a temporary folder.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from server_helpers import serving

import blockspec as gr

JS_CLIENT = "@gradio/client@2.7.0"
SCRIPT = Path(__file__).with_name("js") / "gradio_client_smoke.mjs"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None, reason="Node.js and npm are not installed"
)


@pytest.fixture(scope="module")
def js_client(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("jsclient")
    (folder / "package.json").write_text('{"name": "blockspec-js-smoke", "private": true, "type": "module"}')
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--silent", JS_CLIENT],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=300,
    )
    shutil.copy(SCRIPT, folder / SCRIPT.name)
    return folder


def test_gradio_js_client_predicts_streams_and_uploads(js_client: Path) -> None:
    def greet(name):
        return f"Hello {name}!"

    def count(prefix):
        for i in range(3):
            yield f"{prefix}{i}"

    def read(path):
        with open(path, encoding="utf-8") as handle:
            return handle.read().upper()

    with gr.Blocks() as demo:
        name, out = gr.Textbox(label="name"), gr.Textbox()
        gr.Button().click(greet, name, out, api_name="greet")
        gr.Button().click(count, name, out, api_name="count")
        upload = gr.File()
        upload.upload(read, upload, out, api_name="read")
    with serving(demo) as server:
        result = subprocess.run(
            ["node", SCRIPT.name, server.local_url], cwd=js_client, capture_output=True, text=True, timeout=120
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines() == [
        'predict ["Hello Ada!"]',
        'stream ["n0","n1","n2","n2"]',
        'upload ["FROM NODE"]',
    ]
