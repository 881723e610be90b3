"""Gradio's security advisories, tried on every route they concern.

Each test names the S-n of ``../shared/research/gradio-issues.md`` ("Security history") it
holds. Not tried here: S-13 (share tunnels; blockspec has none), and S-15, which
``test_server_uploads.py`` covers. S-3, S-8, S-9 and S-14 hold by absence: the routes do not
exist, and the tests check they answer 404.
"""

from __future__ import annotations

import gzip
import hmac
import json
import os
from urllib.parse import quote

import httpx
import pytest
from server_helpers import join, serving, sse_messages

import blockspec as gr

PREFIXES = ["gradio_api/", ""]


def _app():
    with gr.Blocks() as demo:
        box = gr.Textbox()
        f = gr.File()
        box.submit(lambda x: x, box, box, api_name="echo")  # 0
        f.upload(lambda p: open(p).read() if p else "", f, box, api_name="read")  # 1
        box.blur(lambda x: x, box, box, api_name="hidden", show_api=False)  # 2
        box.focus(lambda x: x, box, box, api_name=False)  # 3
    return demo


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    (root / "public").mkdir()
    (root / "public" / "ok.txt").write_text("ok")
    (root / "Secret").mkdir()
    (root / "Secret" / "key.txt").write_text("key")
    (root / "outside.txt").write_text("outside")
    os.symlink(root / "outside.txt", root / "public" / "link.txt")
    return root


@pytest.fixture(scope="module")
def server(tree):
    with serving(
        _app(), allowed_paths=[str(tree / "public"), str(tree / "Secret")], blocked_paths=[str(tree / "Secret")]
    ) as running:
        yield running


@pytest.fixture
def http():
    with httpx.Client(timeout=20) as client:
        yield client


def _file(http, server, prefix: str, path: str) -> httpx.Response:
    return http.get(server.local_url + prefix + "file=" + quote(path, safe="/"))


@pytest.mark.parametrize("prefix", PREFIXES)
def test_s1_traversal_never_escapes_the_served_directories(server, http, tree, prefix) -> None:
    assert _file(http, server, prefix, str(tree / "public" / "ok.txt")).text == "ok"
    for path in (
        str(tree / "public" / ".." / "outside.txt"),
        str(tree / "public") + "/../../" + str(tree.name) + "/outside.txt",
        "/etc/passwd",
        "../../../../etc/passwd",
        "/tmp/gradio/../../etc/passwd",
    ):
        response = _file(http, server, prefix, path)
        # 403, or 404 where the client itself removed the dot segments from the URL.
        assert response.status_code in (403, 404), path
        assert response.content not in (b"outside", (tree / "outside.txt").read_bytes())
        assert b"root:x:" not in response.content
    # %2e%2e arrives decoded once, as a name: no second decoding turns it into "..".
    raw = http.get(server.local_url + prefix + "file=" + str(tree / "public") + "/%252e%252e/outside.txt")
    assert raw.status_code == 403


@pytest.mark.parametrize("route", ["gradio_api/queue/join", "gradio_api/call/read", "gradio_api/run/read", "run/read"])
def test_s2_file_paths_in_payloads_are_never_trusted(server, http, tree, route) -> None:
    for path in ("/etc/passwd", str(tree / "outside.txt"), str(tree / "Secret" / "key.txt")):
        body = {"fn_index": 1, "session_hash": "s2", "data": [{"path": path, "meta": {"_type": "gradio.FileData"}}]}
        response = http.post(server.local_url + route, json=body)
        assert response.status_code == 403, (route, path)


@pytest.mark.parametrize(
    "path", ["component_server", "component_server/", "proxy=http://169.254.169.254/", "monitoring"]
)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_s3_s8_s9_s14_routes_that_do_not_exist(server, http, path, prefix) -> None:
    for method in ("GET", "POST"):
        assert http.request(method, server.local_url + prefix + path).status_code in (404, 405)


def test_s4_symlinks_out_of_a_served_directory_are_refused(server, http, tree) -> None:
    assert _file(http, server, "gradio_api/", str(tree / "public" / "link.txt")).status_code == 403


def test_s5_blocked_paths_match_whatever_the_case(server, http, tree) -> None:
    assert _file(http, server, "", str(tree / "Secret" / "key.txt")).status_code == 403
    assert _file(http, server, "", str(tree / "SECRET" / "key.txt")).status_code == 403
    assert _file(http, server, "", str(tree / "secret" / "KEY.TXT")).status_code == 403


@pytest.mark.parametrize(
    "url", ["http://169.254.169.254/latest/meta-data", "https://example.com/x", "file:///etc/passwd"]
)
def test_s6_the_server_fetches_no_url(server, http, url) -> None:
    assert _file(http, server, "gradio_api/", url).status_code == 403
    body = {"fn_index": 1, "session_hash": "s6", "data": [{"path": url, "meta": {"_type": "gradio.FileData"}}]}
    assert http.post(server.local_url + "gradio_api/queue/join", json=body).status_code == 403


@pytest.mark.parametrize("path", ["//evil.example/x", "/\\evil.example", "https://evil.example", "%2F%2Fevil.example"])
def test_s7_the_file_route_never_redirects(server, http, path) -> None:
    response = http.get(server.local_url + "gradio_api/file=" + path)
    assert not response.is_redirect and response.status_code == 403


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://localhost.evil.example"])
@pytest.mark.parametrize(
    ("route", "body"),
    [
        ("gradio_api/queue/join", {"fn_index": 0, "session_hash": "csrf", "data": ["x"]}),
        ("gradio_api/call/echo", {"data": ["x"]}),
        ("run/echo", {"data": ["x"]}),
        ("gradio_api/cancel", {"session_hash": "csrf", "event_id": "e"}),
    ],
)
def test_s10_a_local_app_refuses_cross_site_browser_requests(server, http, origin, route, body) -> None:
    # With a cookie too: cookies change nothing (the bypass of CVE-2024-47084).
    headers = {"origin": origin, "cookie": "blockspec-access-token=x"}
    response = http.post(server.local_url + route, json=body, headers=headers)
    assert response.status_code == 403 and "Cross-site" in response.json()["detail"]


def test_s10_same_site_and_local_pages_are_served(server, http) -> None:
    host = httpx.URL(server.local_url).netloc.decode()
    for origin in (f"http://{host}", "http://localhost:5173", "http://127.0.0.1:3000"):
        response = http.post(server.local_url + "gradio_api/run/echo", json={"data": ["x"]}, headers={"origin": origin})
        assert response.status_code == 200, origin


def test_s11_passwords_are_compared_in_constant_time_against_every_pair(monkeypatch) -> None:
    compared = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: compared.append((a, b)) or real(a, b))
    with serving(_app(), auth=[("ada", "x1"), ("bob", "x2"), ("cy", "x3")]) as running, httpx.Client() as http:
        assert http.post(running.local_url + "login", data={"username": "ada", "password": "x1"}).status_code == 200
    # Every pair is compared (user and password), not stopping at the first match.
    assert len(compared) == 6


def test_s12_a_forwarded_host_shapes_only_its_own_answer(server, http) -> None:
    evil = http.get(server.local_url + "config", headers={"x-forwarded-host": "evil.example"}).json()
    assert evil["root"] == "http://evil.example"
    plain = http.get(server.local_url + "config").json()
    assert plain["root"] == server.local_url.rstrip("/")


def test_s16_request_parsing_is_bounded(server, http) -> None:
    long_boundary = "b" * 100_000
    response = http.post(
        server.local_url + "gradio_api/upload",
        content=f"--{long_boundary}\r\n\r\n".encode(),
        headers={"content-type": f"multipart/form-data; boundary={long_boundary}"},
    )
    assert 400 <= response.status_code < 500
    huge_header = http.get(server.local_url + "config", headers={"x-pad": "a" * 100_000})
    assert 400 <= huge_header.status_code < 500
    # No implicit decompression: a gzip body is bytes, not JSON.
    zipped = gzip.compress(json.dumps({"fn_index": 0, "session_hash": "z", "data": ["x"]}).encode())
    response = http.post(
        server.local_url + "gradio_api/queue/join",
        content=zipped,
        headers={"content-type": "application/json", "content-encoding": "gzip"},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("prefix", PREFIXES)
def test_s17_hidden_endpoints_are_not_listed_and_private_ones_not_callable(server, http, prefix) -> None:
    base = server.local_url + prefix
    assert sorted(http.get(base + "info").json()["named_endpoints"]) == ["/echo", "/read"]
    assert "/hidden" in http.get(base + "info", params={"all_endpoints": "true"}).json()["named_endpoints"]
    assert http.post(base + "run/hidden", json={"data": ["x"]}).status_code == 200  # unlisted, callable
    for route in ("call/3", "run/3", "api/predict"):
        body = {"data": ["x"], "fn_index": 3}
        assert http.post(base + route, json=body).status_code == 404, route


def test_a_session_cannot_cancel_or_read_anothers_job(server, http) -> None:
    base = server.local_url
    event_id = join(http, base, "owner", 0, ["mine"]).json()["event_id"]
    assert (
        http.post(base + "gradio_api/cancel", json={"session_hash": "thief", "event_id": event_id}).status_code == 200
    )
    messages = sse_messages(http, base, "owner")
    assert messages[-2]["output"]["data"] == ["mine"]  # completed, not cancelled
    thief = sse_messages(http, base, "thief", limit=1)
    assert thief[0].get("session_not_found") is True
