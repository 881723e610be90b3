"""Uploads cannot become active content on the app's origin (advisory class S-15), and an
upload's name never addresses anything but one new file."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from server_helpers import serving

import blockspec as gr
from blockspec.server._file_routes import INLINE_TYPES, safe_upload_name


@pytest.fixture(scope="module")
def server():
    with gr.Blocks() as demo:
        gr.File().upload(lambda f: f, gr.File(), gr.File())
    with serving(demo) as running:
        yield running


def _upload(server, name: str, body: bytes) -> str:
    response = httpx.post(server.local_url + "gradio_api/upload", files=[("files", (name, body))], timeout=20)
    assert response.status_code == 200, response.text
    [stored] = response.json()
    return stored


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("x.html", b"<script>alert(document.cookie)</script>"),
        ("x.htm", b"<script>alert(1)</script>"),
        ("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ("x.js", b"alert(1)"),
        ("x.xml", b"<x/>"),
        ("x.xhtml", b"<html xmlns='http://www.w3.org/1999/xhtml'><script>alert(1)</script></html>"),
        ("noextension", b"<script>alert(1)</script>"),
    ],
)
def test_active_uploads_are_served_as_attachments(server, name, body) -> None:
    stored = _upload(server, name, body)
    response = httpx.get(server.local_url + "gradio_api/file=" + stored, timeout=20)
    assert response.status_code == 200 and response.content == body
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "media_type"), [("a.png", "image/png"), ("a.txt", "text/plain"), ("a.mp3", "audio/mpeg")]
)
def test_passive_uploads_are_shown_inline_and_never_sniffed(server, name, media_type) -> None:
    assert media_type in INLINE_TYPES
    stored = _upload(server, name, b"<script>alert(1)</script>")
    for prefix in ("gradio_api/file=", "file="):
        response = httpx.get(server.local_url + prefix + stored, timeout=20)
        assert response.headers["content-type"].split(";")[0] == media_type
        assert response.headers["content-disposition"].startswith("inline")
        assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("..", "upload"),
        (".", "upload"),
        ("", "upload"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("/abs/path.txt", "path.txt"),
        ("a\0b.txt", "ab.txt"),
        ("line\nbreak.txt", "linebreak.txt"),
        ("dir/", "upload"),
        ("ok name.png", "ok name.png"),
    ],
)
def test_upload_names_are_one_harmless_component(given, kept) -> None:
    assert safe_upload_name(given) == kept


def test_a_long_upload_name_keeps_its_suffix_within_255_bytes() -> None:
    name = safe_upload_name("é" * 300 + ".png")
    assert len(name.encode()) <= 255 and name.endswith(".png")


@pytest.mark.parametrize("name", ["..", ".", "a/..", "../x/.."])
def test_an_upload_named_dot_dot_is_stored_as_a_file_in_its_own_directory(server, name) -> None:
    stored = Path(_upload(server, name, b"content of " + name.encode()))
    assert stored.is_file() and stored.name == "upload"
    cache = Path(server.asgi.state.blockspec.uploads.root).resolve()
    assert stored.resolve().parent.parent == cache
    assert httpx.get(server.local_url + "gradio_api/file=" + str(stored), timeout=20).status_code == 200


def test_a_body_that_is_not_multipart_is_415_and_a_truncated_one_stores_nothing(server) -> None:
    url = server.local_url + "gradio_api/upload"
    assert httpx.post(url, json={"files": "x"}, timeout=20).status_code == 415
    broken = httpx.post(
        url,
        content=b"--b\r\nContent-Disposition: form-data; name=files; filename=a\r\n\r\nno closing boundary",
        headers={"content-type": "multipart/form-data; boundary=b"},
        timeout=20,
    )
    # python-multipart ends the form at the end of the body; the unfinished part is no file.
    assert (broken.status_code, broken.json()) == (200, [])
