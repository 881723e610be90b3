"""demo.launch() and `blockspec serve`: starting, settings, stopping."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from server_helpers import serving

import blockspec as gr
from blockspec.server import free_port

ROOT = Path(__file__).resolve().parent.parent


def _app() -> gr.Blocks:
    with gr.Blocks(title="launched") as demo:
        box = gr.Textbox()
        box.submit(lambda x: x[::-1], box, box, api_name="rev")
    return demo


def test_launch_with_prevent_thread_lock_returns_the_app_and_its_url() -> None:
    demo = _app()
    app, url, share_url = demo.launch(prevent_thread_lock=True, server_port=0, quiet=True)
    try:
        assert share_url is None and url.startswith("http://127.0.0.1:")
        assert httpx.get(url + "config").json()["title"] == "launched"
        assert "blockspec" in httpx.get(url).text
        assert callable(app)  # the ASGI application
    finally:
        demo.close()
    with pytest.raises(httpx.TransportError):
        httpx.get(url + "config", timeout=2)


def test_share_and_inline_say_plainly_what_is_not_available() -> None:
    demo = _app()
    with pytest.warns(gr.BlockspecWarning, match="tunnel service"):
        demo.launch(prevent_thread_lock=True, server_port=0, quiet=True, share=True)
    demo.close()


def test_the_port_search_starts_at_7860_and_skips_busy_ports() -> None:
    import socket

    first = free_port("127.0.0.1")
    assert first >= 7860
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", first))
        assert free_port("127.0.0.1") > first


def test_favicon_and_show_api(tmp_path) -> None:
    icon = tmp_path / "icon.png"
    icon.write_bytes(b"\x89PNG fake")
    with serving(_app(), favicon_path=str(icon), show_api=False) as server:
        assert httpx.get(server.local_url + "favicon.ico").content == b"\x89PNG fake"
        assert httpx.get(server.local_url + "config").json()["show_api"] is False
        assert "API info" not in httpx.get(server.local_url).text


def test_https_with_a_self_signed_certificate(tmp_path) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ],
        capture_output=True,
    )
    if made.returncode != 0:
        pytest.skip("openssl is not available to make a certificate")
    with serving(_app(), ssl_keyfile=str(key), ssl_certfile=str(cert), ssl_verify=False) as server:
        assert server.local_url.startswith("https://")
        assert httpx.get(server.local_url + "config", verify=False).json()["title"] == "launched"


def test_blockspec_serve_serves_a_gradio_app_file(tmp_path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "blockspec.cli", "serve", str(ROOT / "examples" / "docs_update.py"), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert "Running on local URL" in line
        url = line.split()[5]
        config = httpx.get(url + "config", timeout=10).json()
        assert [d["api_name"] for d in config["dependencies"]] == ["update"]
        assert config["protocol"] == "sse_v3" and config["api_prefix"] == "/gradio_api"
    finally:
        process.terminate()
        process.wait(timeout=20)
