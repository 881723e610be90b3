"""The wire protocol, read raw with httpx: exact message sequences and HTTP statuses."""

from __future__ import annotations

import json
import threading

import httpx
import pytest
from server_helpers import join, serving, sse_messages, wait_until

import blockspec as gr


def echo(x):
    return x


def shout(x):
    for i in range(3):
        yield x * (i + 1)


def fails(x):
    raise ValueError("secret internal detail")


def refuses(x):
    raise gr.Error("Try a shorter name", duration=3, title="Too long")


def _app():
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(echo, box, box, api_name="echo")  # 0
        box.change(shout, box, box, api_name="shout")  # 1
        box.blur(fails, box, box, api_name="fails")  # 2
        box.focus(refuses, box, box, api_name="refuses")  # 3
        box.input(echo, box, box, api_name=False)  # 4
    return demo


def _strip(messages):
    """Messages without their timings (durations vary on a real clock)."""
    out = []
    for m in messages:
        m = json.loads(json.dumps(m))
        for key in ("duration", "average_duration", "cache_duration", "avg_time", "eta", "rank_eta"):
            m.pop(key, None)
            if isinstance(m.get("output"), dict) and key != "duration" or key in ("average_duration",):
                m.get("output", {}).pop(key, None) if isinstance(m.get("output"), dict) else None
        if isinstance(m.get("output"), dict) and "data" in m["output"]:
            m["output"].pop("duration", None)
        out.append(m)
    return out


def test_a_normal_job_a_generator_and_errors_with_and_without_show_error() -> None:
    for show_error in (False, True):
        with serving(_app(), show_error=show_error) as server, httpx.Client() as http:
            base = server.local_url
            sequences = {}
            for fn_index, name in ((0, "echo"), (1, "shout"), (2, "fails"), (3, "refuses")):
                session = f"{name}-{show_error}"
                response = join(http, base, session, fn_index, ["ab"])
                assert response.status_code == 200
                event_id = response.json()["event_id"]
                sequences[name] = (event_id, _strip(sse_messages(http, base, session)))
            event_id, echo_messages = sequences["echo"]
            assert echo_messages == [
                {"msg": "estimation", "event_id": event_id, "rank": 0, "queue_size": 1},
                {"msg": "process_starts", "event_id": event_id},
                {
                    "msg": "process_completed",
                    "event_id": event_id,
                    "output": {
                        "data": ["ab"],
                        "is_generating": False,
                        "render_config": None,
                        "changed_state_ids": [],
                        "used_cache": None,
                    },
                    "success": True,
                    "title": None,
                    "used_cache": None,
                },
                {"msg": "close_stream", "event_id": None},
            ]
            event_id, shout_messages = sequences["shout"]
            assert [m["msg"] for m in shout_messages] == [
                "estimation",
                "process_starts",
                "process_generating",
                "process_generating",
                "process_generating",
                "process_completed",
                "close_stream",
            ]
            assert [m["output"]["data"] for m in shout_messages[2:5]] == [
                ["ab"],
                [[["append", [], "ab"]]],
                [[["append", [], "ab"]]],
            ]
            assert shout_messages[5]["output"]["data"] == ["ababab"]
            _, failed = sequences["fails"]
            completed = failed[-2]
            assert completed["success"] is False and completed["title"] == "Error"
            assert completed["output"] == (
                {"error": "secret internal detail", "visible": True} if show_error else {"error": None}
            )
            _, refused = sequences["refuses"]
            assert refused[-2]["output"] == {
                "error": "Try a shorter name",
                "duration": 3,
                "visible": True,
                "title": "Too long",
            }


def test_a_cancelled_pending_job_and_a_full_queue() -> None:
    gate = threading.Event()

    def blocking(x):
        gate.wait(timeout=20)
        return x

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(blocking, box, box, concurrency_limit=1)
    demo.queue(max_size=1)
    with serving(demo, keep_history=True) as server, httpx.Client() as http:
        base = server.local_url
        assert join(http, base, "runner", 0, ["a"]).status_code == 200
        wait_until(lambda: any(r.name == "start" for r in server.history.records if r.kind == "job"))
        waiting = join(http, base, "waiter", 0, ["b"]).json()["event_id"]
        full = join(http, base, "late", 0, ["c"])
        assert full.status_code == 503
        assert full.json() == {"detail": "Queue is full. Max size is 1 and size is 1."}
        cancel = http.post(
            f"{base}gradio_api/cancel", json={"session_hash": "waiter", "fn_index": 0, "event_id": waiting}
        )
        assert cancel.json() == {"success": True}
        messages = sse_messages(http, base, "waiter")
        assert [m["msg"] for m in messages] == ["estimation", "process_completed", "close_stream"]
        assert messages[1] == {
            "msg": "process_completed",
            "event_id": waiting,
            "output": {},
            "success": True,
            "title": None,
            "used_cache": None,
            "cache_duration": None,
            "avg_time": None,
        }
        gate.set()


def test_errors_are_4xx_with_a_clear_message_never_500() -> None:
    with serving(_app()) as server, httpx.Client() as http:
        base = server.local_url
        unknown = join(http, base, "s", 99, ["x"])
        assert unknown.status_code == 404 and "fn_index 99" in unknown.json()["detail"]
        arity = join(http, base, "s", 0, [])
        assert arity.status_code == 422 and "1 input value" in arity.json()["detail"]
        no_session = http.post(f"{base}gradio_api/queue/join", json={"data": ["x"], "fn_index": 0})
        assert no_session.status_code == 422 and "session_hash" in no_session.json()["detail"]
        no_name = http.post(f"{base}gradio_api/call/nosuch", json={"data": ["x"]})
        assert no_name.status_code == 404 and "nosuch" in no_name.json()["detail"]


def test_the_two_step_call_api_and_run() -> None:
    with serving(_app()) as server, httpx.Client() as http:
        base = server.local_url
        event_id = http.post(f"{base}gradio_api/call/shout", json={"data": ["zz"]}).json()["event_id"]
        body = http.get(f"{base}gradio_api/call/shout/{event_id}", timeout=20).text
        assert body == (
            'event: generating\ndata: ["zz"]\n\n'
            'event: generating\ndata: ["zzzz"]\n\n'
            'event: generating\ndata: ["zzzzzz"]\n\n'
            'event: complete\ndata: ["zzzzzz"]\n\n'
        )
        again = http.get(f"{base}gradio_api/call/shout/{event_id}", timeout=20).text
        assert again == body  # a finished call can be read again (Gradio's second read never ends)
        run = http.post(f"{base}gradio_api/run/echo", json={"data": ["hi"]})
        assert run.status_code == 200 and run.json()["data"] == ["hi"]
        failed = http.post(f"{base}gradio_api/run/fails", json={"data": ["hi"]})
        assert failed.status_code == 500 and failed.json() == {"error": None}


def test_api_open_false_closes_run_to_queued_events() -> None:
    demo = _app()
    demo.queue(api_open=False)
    with serving(demo) as server, httpx.Client() as http:
        refused = http.post(f"{server.local_url}gradio_api/run/echo", json={"data": ["hi"]})
        assert refused.status_code == 404 and "api_open=False" in refused.json()["detail"]


def test_auth_guards_every_route() -> None:
    with serving(_app(), auth=[("ada", "x1"), ("bob", "x2")], auth_message="Members only") as server:
        base = server.local_url
        with httpx.Client() as anonymous:
            for method, path in (
                ("GET", "config"),
                ("GET", "gradio_api/info"),
                ("POST", "gradio_api/queue/join"),
                ("GET", "gradio_api/queue/data?session_hash=s"),
                ("GET", "gradio_api/queue/status"),
                ("POST", "gradio_api/cancel"),
                ("GET", "gradio_api/heartbeat/s"),
                ("POST", "gradio_api/upload"),
                ("GET", "gradio_api/file=/etc/hostname"),
                ("POST", "gradio_api/call/echo"),
                ("POST", "gradio_api/run/echo"),
            ):
                response = anonymous.request(method, base + path, json={})
                assert response.status_code == 401, path
                assert response.json() == {"detail": {"error": "Not authenticated", "auth_message": "Members only"}}
            assert anonymous.get(base).status_code == 200  # the page with the login form
            wrong = anonymous.post(base + "login", data={"username": "ada", "password": "x2"})
            assert wrong.status_code == 401
        with httpx.Client() as member:
            assert member.post(base + "login", data={"username": "bob", "password": "x2"}).status_code == 200
            config = member.get(base + "config")
            assert config.status_code == 200 and config.json()["username"] == "bob"
            member.get(base + "logout")
            assert member.get(base + "config").status_code == 401


def test_auth_dependency_decides_per_request() -> None:
    def who(request):
        return request.headers.get("x-user")

    with serving(_app(), auth_dependency=who) as server, httpx.Client() as http:
        assert http.get(server.local_url + "config").status_code == 401
        assert http.get(server.local_url + "config", headers={"x-user": "ada"}).json()["username"] == "ada"


def test_max_file_size_refuses_with_413_and_stores_nothing(tmp_path) -> None:
    with gr.Blocks() as demo:
        gr.File().upload(lambda f: f, gr.File(), gr.File())
    with serving(demo, max_file_size="1kb", keep_history=True) as server, httpx.Client() as http:
        url = server.local_url + "gradio_api/upload"
        small = http.post(url, files=[("files", ("small.txt", b"x" * 1024))])
        assert small.status_code == 200
        [stored] = small.json()
        big = http.post(url, files=[("files", ("big.txt", b"y" * 1025))])
        assert big.status_code == 413
        assert big.text == "File size exceeded maximum allowed size of 1024 bytes."
        assert big.headers["content-type"].startswith("text/plain")
        from pathlib import Path

        folder = Path(stored).parent.parent
        assert sorted(p.name for p in folder.rglob("*") if p.is_file()) == ["small.txt"]
        assert http.get(server.local_url + "gradio_api/file=" + stored).content == b"x" * 1024


def test_heartbeat_disconnect_runs_unload_once() -> None:
    unloads = []
    with gr.Blocks() as demo:
        gr.State(0)
        demo.unload(lambda: unloads.append("bye"))
    with serving(demo) as server:
        assert server.asgi is not None
        with httpx.Client() as http:
            with http.stream("GET", server.local_url + "gradio_api/heartbeat/tab1", timeout=20) as beat:
                assert next(beat.iter_lines()) == "data: ALIVE"
        wait_until(lambda: unloads == ["bye"])
        assert http.is_closed


def test_root_path_is_in_every_url_the_server_emits() -> None:
    with gr.Blocks() as demo:
        gr.Textbox().submit(lambda: b"file body", None, gr.File(), api_name="make")
    with serving(demo, root_path="/myapp") as server, httpx.Client() as http:
        base = server.local_url
        config = http.get(base + "config", headers={"x-forwarded-proto": "https", "x-forwarded-host": "example.org"})
        assert config.json()["root"] == "https://example.org/myapp"
        session = "files"
        join(http, base, session, 0, [])
        completed = [m for m in sse_messages(http, base, session) if m["msg"] == "process_completed"][0]
        url = completed["output"]["data"][0]["url"]
        assert url.startswith(base.rstrip("/") + "/myapp/gradio_api/file=")


@pytest.mark.parametrize(
    "path", ["/etc/passwd", "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%252e%252e%252fetc%252fpasswd"]
)
def test_files_outside_the_app_are_refused(path) -> None:
    with serving(_app()) as server, httpx.Client() as http:
        response = http.get(server.local_url + "gradio_api/file=" + path)
        assert response.status_code in (403, 404)
        assert "root:" not in response.text


def test_input_files_must_be_the_clients_own_uploads() -> None:
    with gr.Blocks() as demo:
        f = gr.File()
        f.upload(lambda path: open(path).read(), f, gr.Textbox())
    with serving(demo) as server, httpx.Client() as http:
        stolen = join(http, server.local_url, "s", 0, [{"path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}}])
        assert stolen.status_code == 403


def test_auth_may_be_an_async_function() -> None:
    async def check(username, password):
        return username == "ada" and password == "right"

    with serving(_app(), auth=check) as server, httpx.Client() as http:
        assert http.post(server.local_url + "login", data={"username": "ada", "password": "wrong"}).status_code == 401
        assert http.post(server.local_url + "login", data={"username": "ada", "password": "right"}).status_code == 200
        assert http.get(server.local_url + "config").status_code == 200


def test_a_plain_auth_function_runs_off_the_event_loop() -> None:
    threads = []

    def check(username, password):  # a real one might query a database and block
        threads.append(threading.get_ident())
        return password == "right"

    def who(request):
        threads.append(threading.get_ident())
        return request.headers.get("x-user")

    with serving(_app(), auth=check) as server, httpx.Client() as http:
        loop = server._thread.ident
        assert http.post(server.local_url + "login", data={"username": "ada", "password": "right"}).status_code == 200
    with serving(_app(), auth_dependency=who) as server, httpx.Client() as http:
        assert http.get(server.local_url + "config", headers={"x-user": "ada"}).status_code == 200
        loops = (loop, server._thread.ident)
    assert len(threads) == 2 and not set(threads) & set(loops)


def test_app_kwargs_reach_the_web_app_or_fail_clearly() -> None:
    with serving(_app(), app_kwargs={"debug": True}) as server:
        assert server.asgi.debug is True
    with pytest.raises(gr.DefinitionError, match="app_kwargs"):
        with serving(_app(), app_kwargs={"docs_url": "/docs"}):
            pass


@pytest.fixture
def tree(tmp_path):
    allowed = tmp_path / "allowed"
    (allowed / "sub").mkdir(parents=True)
    (allowed / "ok.txt").write_text("ok")
    (allowed / "sub" / "deep.txt").write_text("deep")
    (allowed / "secret.txt").write_text("SECRET-CONTENT")
    (tmp_path / "outside.txt").write_text("OUTSIDE-CONTENT")
    (allowed / "link.txt").symlink_to(tmp_path / "outside.txt")
    return tmp_path


@pytest.mark.parametrize(
    ("requested", "served"),
    [
        ("{t}/allowed/ok.txt", "ok"),
        ("{t}/allowed/sub/deep.txt", "deep"),
        ("{t}/allowed/../outside.txt", None),
        ("{t}/allowed/%2e%2e/outside.txt", None),
        ("{t}/allowed/%252e%252e/outside.txt", None),
        ("{t}/allowed/link.txt", None),
        ("{t}/allowed/secret.txt", None),
        ("{t}/allowed/SECRET.txt", None),
        ("{t}/allowed/Secret.Txt", None),
        ("{t}/outside.txt", None),
        ("{t}/allowed", None),
        ("outside.txt", None),
    ],
)
def test_file_route_serves_allowed_files_and_refuses_the_rest(tree, requested, served) -> None:
    with serving(
        _app(), allowed_paths=[str(tree / "allowed")], blocked_paths=[str(tree / "allowed" / "secret.txt")]
    ) as server:
        # http.client sends the path as written: no client-side normalisation of "..".
        import http.client
        from urllib.parse import urlsplit

        parts = urlsplit(server.local_url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            connection.request("GET", "/gradio_api/file=" + requested.format(t=tree))
            reply = connection.getresponse()
            status, body = reply.status, reply.read()
        finally:
            connection.close()
        if served is None:
            assert status in (403, 404), body[:200]
            assert b"OUTSIDE-CONTENT" not in body and b"SECRET-CONTENT" not in body
        else:
            assert (status, body) == (200, served.encode())
