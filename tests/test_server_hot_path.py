"""The hot routes (``queue/join``, ``queue/data``) taken without Starlette's routing: the same
answers, one write for every message ready, and the app's own middleware still in the way."""

from __future__ import annotations

import json
import re

import trio
from starlette.middleware import Middleware
from starlette.testclient import TestClient

import blockspec as gr
from blockspec._graph import LaunchSettings
from blockspec.engine import Estimation
from blockspec.server import asgi_app
from blockspec.server._hub import Buffer


def _demo():
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(lambda x: x.upper(), box, box, api_name="upper")
    return demo


class Recorder:
    """A pass-through ASGI middleware that notes every path it sees."""

    seen: list[str] = []

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            Recorder.seen.append(scope["path"])
        await self.app(scope, receive, send)


async def _call(app, method: str, path: str, *, query: str = "", body: bytes = b"") -> tuple[int, list[bytes]]:
    """One request straight to the ASGI app: its status and the body of each write."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.1"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"host", b"127.0.0.1"), (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    received = [{"type": "http.request", "body": body, "more_body": False}]
    ended = trio.Event()
    status, writes = 0, []

    async def receive():
        if received:
            return received.pop()
        await ended.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        else:
            writes.append(message.get("body", b""))
            if not message.get("more_body", False):
                ended.set()

    await app(scope, receive, send)
    return status, writes


def test_every_message_ready_when_the_stream_opens_goes_out_in_one_write() -> None:
    app = asgi_app(_demo())

    async def main():
        async with app.router.lifespan_context(app):
            body = json.dumps({"fn_index": 0, "session_hash": "s", "data": ["hi"]}).encode()
            status, _ = await _call(app, "POST", "/gradio_api/queue/join", body=body)
            assert status == 200
            outbox = app.state.blockspec.hub.outbox("s")
            while not any(m.msg == "close_stream" for _, m in outbox.after(0)):
                await outbox.wait_beyond(outbox.last, outbox.reader)
            status, writes = await _call(app, "GET", "/gradio_api/queue/data", query="session_hash=s")
            return status, writes

    status, writes = trio.run(main)
    assert status == 200
    events = [w for w in writes if w]
    assert len(events) == 1, events  # four messages, one write
    kinds = [json.loads(line[6:])["msg"] for line in events[0].decode().splitlines() if line.startswith("data: ")]
    assert kinds == ["estimation", "process_starts", "process_completed", "close_stream"]
    assert writes[-1] == events[0]  # and they end the response (_call stops at more_body=False)


def test_an_estimation_taken_for_writing_is_not_replaced_but_followed() -> None:
    def estimation(rank: int) -> Estimation:
        return Estimation(event_id="a", rank=rank, queue_size=9, rank_eta=None)

    buffer = Buffer()
    buffer.push(estimation(3))
    assert [(seq, m.rank) for seq, m in buffer.take(0)] == [(1, 3)]
    # While the stream writes position 3, a newer position arrives: it is sent after it,
    # not written into a message already on its way (and then lost).
    buffer.push(estimation(2))
    assert [(seq, m.rank) for seq, m in buffer.after(0)] == [(1, 3), (2, 2)]
    buffer.push(estimation(1))
    assert [(seq, m.rank) for seq, m in buffer.after(1)] == [(2, 1)]  # not yet taken: replaced


def _answers(app) -> list[tuple[str, int, str]]:
    requests = [
        ("post", "/gradio_api/queue/join", {"content": b"not json"}),
        ("post", "/gradio_api/queue/join", {"json": {"fn_index": 0, "data": ["x"]}}),
        ("post", "/gradio_api/queue/join", {"json": {"fn_index": 99, "session_hash": "s", "data": ["x"]}}),
        ("post", "/queue/join", {"json": {"fn_index": 0, "session_hash": "s", "data": ["x", "y"]}}),
        ("post", "/queue/join", {"json": {"fn_index": 0, "session_hash": "s", "data": ["x"]}}),
        ("get", "/gradio_api/queue/join", {}),
        ("get", "/gradio_api/queue/data", {"params": {"session_hash": ""}}),
        ("get", "/queue/data", {"params": {"session_hash": "never-joined"}}),
        ("get", "/gradio_api/queue/data", {"params": {"session_hash": "s"}, "headers": {"last-event-id": "x"}}),
        ("get", "/queue/data", {"params": {"session_hash": "s"}}),
        ("post", "/gradio_api/queue/join/", {"json": {}}),
    ]
    out = []
    with TestClient(app, backend="trio") as client:
        for method, path, kwargs in requests:
            response = getattr(client, method)(path, **kwargs)
            # event ids are random and durations measured: compare their shape
            text = re.sub(r"[0-9a-f]{32}", "<id>", response.text)
            out.append((path, response.status_code, re.sub(r"\d+\.\d+(e-?\d+)?", "<t>", text)))
    return out


def test_the_hot_routes_answer_what_starlettes_routing_answers_and_app_middleware_still_applies() -> None:
    Recorder.seen = []
    plain = _answers(asgi_app(_demo()))
    assert Recorder.seen == []
    settings = LaunchSettings(app_kwargs=(("middleware", [Middleware(Recorder)]),))
    routed = _answers(asgi_app(_demo(), settings))
    # With middleware the shortcut is off: every request went through it.
    assert {path for path, _, _ in routed} <= set(Recorder.seen)
    assert plain == routed
    assert [status for _, status, _ in plain] == [400, 422, 404, 422, 200, 405, 422, 200, 422, 200, 422]
