"""Malformed requests get a 4xx naming the field and the fix; nothing freezes the server;
private listeners run from the page; sessions reopen; failures reach the console.

The six 500s, the path-check freeze, the cancel without ids, the api_name=False listener and
the heartbeat/join refusal are issue 9's findings; each test fails on the server before it.
"""

from __future__ import annotations

import logging
import os
import threading

import httpx
import pytest
from server_helpers import join, serving, sse_messages, wait_until

import blockspec as gr
from blockspec.server import _paths, _validate
from blockspec.server._paths import FileAccess


def echo(x):
    return x


def fails(x):
    raise ValueError("secret internal detail")


def _app():
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(echo, box, box, api_name="echo")  # 0
        box.blur(fails, box, box, api_name="fails")  # 1
        box.input(lambda x: x + "!", box, box, api_name=False)  # 2
    return demo


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.fixture(scope="module")
def server():
    with serving(_app()) as running:
        yield running


@pytest.fixture
def http():
    with httpx.Client(timeout=20) as client:
        yield client


@pytest.mark.parametrize("route", ["gradio_api/queue/join", "gradio_api/call/echo", "gradio_api/run/echo"])
def test_deeply_nested_data_is_refused_with_422(server, http, route) -> None:
    body = '{"fn_index": 0, "session_hash": "deep", "data": ' + _deep(100_000) + "}"
    response = http.post(server.local_url + route, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "nested more than 100 levels" in response.json()["detail"]
    # Just under the parser's own limit, but over ours: refused by the depth check, not a crash.
    body = '{"fn_index": 0, "session_hash": "deep", "data": [' + _deep(150) + "]}"
    response = http.post(server.local_url + route, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422 and "nested" in response.json()["detail"]


@pytest.mark.parametrize("route", ["gradio_api/call/echo", "gradio_api/run/echo"])
@pytest.mark.parametrize("session_hash", [{"a": 1}, ["x"], 7, "x" * 257, "a/b"])
def test_a_session_hash_that_is_not_an_id_is_refused(server, http, route, session_hash) -> None:
    response = http.post(server.local_url + route, json={"data": ["x"], "session_hash": session_hash})
    assert response.status_code == 422
    assert "`session_hash` must be a string of 1 to 256 printable characters" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"fn_index": "0", "session_hash": "s", "data": ["x"]}, "fn_index"),
        ({"fn_index": True, "session_hash": "s", "data": ["x"]}, "fn_index"),
        ({"session_hash": "s", "data": ["x"]}, "fn_index"),
        ({"fn_index": 0, "session_hash": "s", "data": {"0": "x"}}, "data"),
        ({"fn_index": 0, "session_hash": "s", "data": ["x"], "trigger_id": "7"}, "trigger_id"),
        ({"fn_index": 0, "session_hash": ["s"], "data": ["x"]}, "session_hash"),
    ],
)
def test_join_names_the_bad_field(server, http, body, field) -> None:
    response = http.post(server.local_url + "gradio_api/queue/join", json=body)
    assert response.status_code == 422
    assert field in response.json()["detail"]


@pytest.mark.parametrize("body", [b"", b"{", b"[1]", b'"x"', b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_400(server, http, body) -> None:
    for route in ("gradio_api/queue/join", "gradio_api/cancel", "gradio_api/call/echo", "gradio_api/run/echo"):
        response = http.post(server.local_url + route, content=body)
        assert response.status_code == 400, route
        assert "JSON" in response.json()["detail"]


def test_a_body_over_the_limit_is_413(server, http, monkeypatch) -> None:
    monkeypatch.setattr(_validate, "MAX_JSON_BYTES", 1000)
    body = {"fn_index": 0, "session_hash": "big", "data": ["x" * 2000]}
    response = http.post(server.local_url + "gradio_api/queue/join", json=body)
    assert response.status_code == 413 and "larger than 1000 bytes" in response.json()["detail"]
    # The same without a Content-Length (chunked): counted as it arrives.
    chunked = http.post(
        server.local_url + "gradio_api/queue/join",
        content=iter([b'{"data": ["', b"x" * 2000, b'"]}']),
        headers={"content-type": "application/json"},
    )
    assert chunked.status_code == 413


def test_the_stream_and_heartbeat_check_their_ids(server, http) -> None:
    base = server.local_url
    too_long = http.get(base + "gradio_api/queue/data", params={"session_hash": "x" * 300})
    assert too_long.status_code == 422 and "session_hash" in too_long.json()["detail"]
    bad_cursor = http.get(base + "gradio_api/queue/data", params={"session_hash": "s"}, headers={"last-event-id": "-1"})
    assert bad_cursor.status_code == 422 and "Last-Event-ID" in bad_cursor.json()["detail"]
    assert http.get(base + "gradio_api/heartbeat/" + "h" * 300).status_code == 422
    assert http.get(base + "gradio_api/call/echo/" + "e" * 300).status_code == 422


@pytest.mark.parametrize("body", [{}, {"session_hash": "s"}, {"event_id": "e"}, {"session_hash": 1, "event_id": "e"}])
def test_a_cancel_without_both_ids_is_the_callers_error(server, http, body) -> None:
    response = http.post(server.local_url + "gradio_api/cancel", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "session_hash" in detail or "event_id" in detail


def test_an_api_name_false_listener_runs_from_the_page_but_not_through_the_api(server, http) -> None:
    base = server.local_url
    assert join(http, base, "page", 2, ["hi"]).status_code == 200
    messages = sse_messages(http, base, "page")
    assert messages[-2]["msg"] == "process_completed" and messages[-2]["output"]["data"] == ["hi!"]
    info = http.get(base + "gradio_api/info", params={"all_endpoints": "true"}).json()
    assert sorted(info["named_endpoints"]) == ["/echo", "/fails"]
    by_index = http.post(base + "gradio_api/api/predict", json={"fn_index": 2, "data": ["hi"]})
    assert by_index.status_code == 404 and "api_name=False" in by_index.json()["detail"]
    legacy = http.post(base + "api/predict", json={"fn_index": 2, "data": ["hi"]})
    assert legacy.status_code == 404


def test_unload_functions_cannot_be_joined() -> None:
    with gr.Blocks() as demo:
        demo.unload(lambda: None)
    with serving(demo) as server, httpx.Client() as http:
        response = join(http, server.local_url, "s", 0, [])
        assert response.status_code == 400 and "session closes" in response.json()["detail"]


def test_a_join_while_a_newer_heartbeat_is_open_is_accepted(server, http) -> None:
    """The refusal's condition: a client reconnects its heartbeat (the new stream opens before
    the old one ends); the old stream's end closed the session that the new one keeps open."""
    base = server.local_url
    with httpx.Client(timeout=20) as old, httpx.Client(timeout=20) as new:
        with old.stream("GET", base + "gradio_api/heartbeat/tab") as first:
            # Keep the line iterators: dropping one closes its connection.
            first_lines = first.iter_lines()
            assert next(first_lines) == "data: ALIVE"
            with new.stream("GET", base + "gradio_api/heartbeat/tab") as second:
                second_lines = second.iter_lines()
                assert next(second_lines) == "data: ALIVE"
                assert _heartbeats(server, "tab") == 2
                first.close()
                old.close()
                # the old stream's end reaches the server; the session stays open
                wait_until(lambda: _heartbeats(server, "tab") == 1)
                response = join(http, base, "tab", 0, ["x"])
                assert response.status_code == 200, response.text
                assert sse_messages(http, base, "tab")[-2]["output"]["data"] == ["x"]
                assert _heartbeats(server, "tab") == 1


def test_a_session_hash_can_be_used_again_after_its_tab_closed(server, http) -> None:
    base = server.local_url
    with httpx.Client(timeout=20) as tab:
        with tab.stream("GET", base + "gradio_api/heartbeat/again") as beat:
            assert next(beat.iter_lines()) == "data: ALIVE"
    wait_until(lambda: _heartbeats(server, "again") == 0 and "again" not in _ctx(server).engine.sessions)
    response = join(http, base, "again", 0, ["y"])
    assert response.status_code == 200, response.text
    assert sse_messages(http, base, "again")[-2]["output"]["data"] == ["y"]


def _ctx(server):
    return server.asgi.state.blockspec


def _heartbeats(server, session_hash: str) -> int:
    return _ctx(server).hub._heartbeats.get(session_hash, 0)


def test_a_path_check_does_not_block_other_clients(server, http, monkeypatch) -> None:
    entered, release = threading.Event(), threading.Event()
    resolve = FileAccess.resolve

    def slow(self, requested):
        if requested == "slow.txt":
            entered.set()
            release.wait(20)
        return resolve(self, requested)

    monkeypatch.setattr(FileAccess, "resolve", slow)
    answers = []
    caller = threading.Thread(target=lambda: answers.append(httpx.get(server.local_url + "gradio_api/file=slow.txt")))
    caller.start()
    try:
        assert entered.wait(20)
        # The check of slow.txt is still running: every other request is answered meanwhile.
        assert http.get(server.local_url + "config").status_code == 200
        assert join(http, server.local_url, "meanwhile", 0, ["m"]).status_code == 200
        assert sse_messages(http, server.local_url, "meanwhile")[-2]["output"]["data"] == ["m"]
    finally:
        release.set()
        caller.join(20)
    assert answers[0].status_code == 403


def test_a_path_longer_than_any_file_path_is_refused_at_once(server, http) -> None:
    response = http.get(server.local_url + "gradio_api/file=" + "a/" * 5000)
    assert response.status_code == 414 and "4096" in response.json()["detail"]


def test_the_blocked_path_check_is_linear_in_the_paths_length(tmp_path, monkeypatch) -> None:
    access = FileAccess.from_settings(
        allowed_paths=[str(tmp_path)], blocked_paths=[str(tmp_path / "secret")], cache_dirs=[]
    )
    folds = []
    real_fold = _paths._fold
    monkeypatch.setattr(_paths, "_fold", lambda part: folds.append(part) or real_fold(part))
    counts = []
    for segments in (200, 400, 800):
        folds.clear()
        with pytest.raises(_paths.PathRefused):
            access.resolve(str(tmp_path) + "/a" * segments)
        counts.append(len(folds))
    # Twice the segments, about twice the work (a quadratic check would be four times).
    assert counts[1] <= 2.1 * counts[0] and counts[2] <= 2.1 * counts[1]
    # And the walk still sees a blocked directory anywhere on the way.
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "f").write_text("x")
    os.symlink(tmp_path / "secret", tmp_path / "door")
    with pytest.raises(_paths.PathRefused, match="blocked"):
        access.resolve(str(tmp_path) + "/a/.." * 300 + "/door/f")


def test_a_failed_call_is_logged_with_its_traceback_whatever_show_error_says(caplog) -> None:
    for show_error in (False, True):
        caplog.clear()
        with (
            caplog.at_level(logging.ERROR, logger="blockspec.server"),
            serving(_app(), show_error=show_error) as running,
            httpx.Client(timeout=20) as http,
        ):
            assert join(http, running.local_url, "f", 1, ["x"]).status_code == 200
            completed = sse_messages(http, running.local_url, "f")[-2]
            assert completed["success"] is False
            assert completed["output"]["error"] == ("secret internal detail" if show_error else None)
        [record] = [r for r in caplog.records if r.name == "blockspec.server"]
        assert record.levelno == logging.ERROR
        assert "Error in fails (fn_index 1, api_name 'fails'): ValueError: secret internal detail" in record.message
        exc_type, exc, tb = record.exc_info
        assert exc_type is ValueError
        frames = []
        while tb is not None:
            frames.append((tb.tb_frame.f_code.co_filename, tb.tb_frame.f_code.co_name))
            tb = tb.tb_next
        assert frames[-1] == (__file__, "fails")  # the app's own frame, where it raised


def test_blockspec_serve_prints_a_failed_calls_traceback_on_its_console(tmp_path) -> None:
    import subprocess
    import sys

    app = tmp_path / "failing_app.py"
    app.write_text(
        "import gradio as gr\n"
        "\n"
        "def divide(x):\n"
        "    return str(1 / 0)\n"
        "\n"
        "with gr.Blocks() as demo:\n"
        "    box = gr.Textbox()\n"
        "    box.submit(divide, box, box, api_name='divide')\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "blockspec.cli", "serve", str(app), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert "Running on local URL" in line, process.stderr.read() if process.poll() is not None else line
        url = line.split()[5]
        with httpx.Client(timeout=20) as http:
            assert join(http, url, "console", 0, ["x"]).status_code == 200
            completed = sse_messages(http, url, "console")[-2]
        assert completed["success"] is False and completed["output"]["error"] is None  # show_error=False
    finally:
        process.terminate()
        _, console = process.communicate(timeout=20)
    assert "Error in divide (fn_index 0, api_name 'divide'): ZeroDivisionError: division by zero" in console
    assert "Traceback (most recent call last):" in console
    assert f'File "{app}", line 4, in divide' in console


def test_api_calls_without_a_session_leave_no_session_behind(server, http) -> None:
    ctx = _ctx(server)
    before = (len(ctx.engine.sessions), ctx.hub.open_sessions)
    for i in range(5):
        assert http.post(server.local_url + "gradio_api/run/echo", json={"data": [str(i)]}).json()["data"] == [str(i)]
        event_id = http.post(server.local_url + "gradio_api/call/echo", json={"data": ["c"]}).json()["event_id"]
        assert "complete" in http.get(server.local_url + f"gradio_api/call/echo/{event_id}").text
    assert (len(ctx.engine.sessions), ctx.hub.open_sessions) == before
