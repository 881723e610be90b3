"""The server's writes per job: what one ASGI message produces goes out in one write.

``blockspec.server._writes.CoalescingTCPServer`` (what ``serve`` runs each connection with)
against Hypercorn's own ``TCPServer``, on real loopback connections to blockspec's app, its
engine running in the test's trio run. A wrapper around the server's end of each connection
records every write. Both servers must put the same bytes on the wire; only the writes differ.
"""

from __future__ import annotations

import json
import re
import threading

import pytest
import trio
from hypercorn.config import Config
from hypercorn.trio.tcp_server import TCPServer
from hypercorn.trio.worker_context import WorkerContext
from hypercorn.typing import ConnectionState
from hypercorn.utils import wrap_app
from server_helpers import loopback_pair

import blockspec as gr
from blockspec.server import asgi_app
from blockspec.server._context import FinalText, sse
from blockspec.server._writes import CoalescingTCPServer

#: A bound on each case, in real seconds: a held write shows up as a case that cannot finish.
BOUND = 20


class CountingStream:
    """The server's end of a connection, noting the bytes of every write (``send_all``)."""

    def __init__(self, stream: trio.SocketStream) -> None:
        self._stream = stream
        self.socket = stream.socket
        self.writes: list[bytes] = []

    async def send_all(self, data: bytes) -> None:
        if data:  # trio writes nothing for b"" (SocketStream.send_all returns at once)
            self.writes.append(bytes(data))
        await self._stream.send_all(data)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


class Client:
    """The client's end: raw HTTP/1.1 requests, reading until a response's end."""

    def __init__(self, stream: trio.SocketStream) -> None:
        self.stream = stream
        self.buffer = b""

    async def request(self, method: str, target: str, body: bytes = b"", *, apart: bool = False) -> None:
        """Send a request; ``apart``: its head and its body in two writes (as httpx does)."""
        head = f"{method} {target} HTTP/1.1\r\nHost: test\r\nContent-Length: {len(body)}\r\n\r\n"
        if apart:
            await self.stream.send_all(head.encode())
            await self.stream.send_all(body)
        else:
            await self.stream.send_all(head.encode() + body)

    async def read_until(self, marker: bytes) -> bytes:
        while marker not in self.buffer:
            chunk = await self.stream.receive_some()
            assert chunk, f"the server closed the connection; read {self.buffer!r}"
            self.buffer += chunk
        end = self.buffer.index(marker) + len(marker)
        read, self.buffer = self.buffer[:end], self.buffer[end:]
        return read


class Served:
    """blockspec's app in this trio run, each connection served by ``server_class``."""

    def __init__(self, demo: gr.Blocks, server_class: type, nursery: trio.Nursery) -> None:
        self.app = asgi_app(demo)
        self.config = Config()
        self.wrapped = wrap_app(self.app, self.config.wsgi_max_body_size, "asgi")
        self.server_class = server_class
        self.nursery = nursery
        self.connections: list[CountingStream] = []

    def connect(self) -> Client:
        client_sock, server_sock = loopback_pair()
        stream = CountingStream(trio.SocketStream(trio.socket.from_stdlib_socket(server_sock)))
        self.connections.append(stream)
        server = self.server_class(self.wrapped, self.config, WorkerContext(None), ConnectionState({}), stream)
        self.nursery.start_soon(server.run)
        return Client(trio.SocketStream(trio.socket.from_stdlib_socket(client_sock)))

    @property
    def hub(self):
        return self.app.state.blockspec.hub


def run(demo: gr.Blocks, server_class: type, scenario) -> tuple[object, list[list[bytes]]]:
    """Run ``scenario(served)`` with the app's lifespan entered; its result and each
    connection's writes."""

    async def main():
        async with trio.open_nursery() as nursery:
            served = Served(demo, server_class, nursery)
            with trio.fail_after(BOUND):
                async with served.app.router.lifespan_context(served.app):
                    result = await scenario(served)
            nursery.cancel_scope.cancel()
        return result, [c.writes for c in served.connections]

    return trio.run(main)


def _upper_demo() -> gr.Blocks:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(lambda x: x.upper(), box, box)
    return demo


def _join_body(session: str, value: str = "hi") -> bytes:
    return json.dumps({"fn_index": 0, "session_hash": session, "data": [value]}).encode()


async def _one_job(served: Served) -> tuple[bytes, bytes]:
    """A job as a page runs it: join on one connection, then read its stream on another
    once every message is ready (so that the stream has a fixed shape: one batch)."""
    joins = served.connect()
    await joins.request("POST", "/gradio_api/queue/join", _join_body("s"))
    answer = await joins.read_until(b"}")
    outbox = served.hub.outbox("s")
    while not any(m.msg == "close_stream" for _, m in outbox.after(0)):
        await outbox.wait_beyond(outbox.last, outbox.reader)
    stream = served.connect()
    await stream.request("GET", "/gradio_api/queue/data?session_hash=s")
    return answer, await stream.read_until(b"\r\n0\r\n\r\n")


def _same_shape(data: bytes) -> bytes:
    """The bytes with what differs between two runs (the Date header, ids, durations) masked."""
    data = re.sub(rb"\r\n[0-9a-f]+\r\n", b"\r\n<chunk size>\r\n", data)
    data = re.sub(rb"date: [^\r]*", b"date: <date>", data)
    data = re.sub(rb"[0-9a-f]{32}", b"<id>", data)
    return re.sub(rb"\d+\.\d+(e-?\d+)?", b"<t>", data)


def test_a_join_answers_in_one_write_and_a_finished_jobs_stream_in_one() -> None:
    hypercorn_read, (hypercorn_join, hypercorn_stream) = run(_upper_demo(), TCPServer, _one_job)
    read, (join, stream) = run(_upper_demo(), CoalescingTCPServer, _one_job)

    # Hypercorn writes the join's head, then its body; blockspec both at once.
    assert len(hypercorn_join) == 2
    assert len(join) == 1
    # The stream: Hypercorn writes its head, the events, the terminating chunk. Here the events
    # were ready as the stream opened, so the head goes with them, and the last events (all of
    # them here) go with the end.
    assert len(hypercorn_stream) == 3
    assert len(stream) == 1
    assert stream[0].startswith(b"HTTP/1.1 200 ") and stream[0].endswith(b"\n\n\r\n0\r\n\r\n")
    assert b"HI" in stream[0] and b"close_stream" in stream[0]
    # Byte for byte what Hypercorn sends, in the same order; and what the client read.
    assert _same_shape(b"".join(join)) == _same_shape(b"".join(hypercorn_join))
    assert _same_shape(b"".join(stream)) == _same_shape(b"".join(hypercorn_stream))
    assert _same_shape(b"".join(read)) == _same_shape(b"".join(hypercorn_read))
    assert read == (b"".join(join), b"".join(stream))


STEPS = 4


async def _next_event(client: Client, kind: str) -> dict:
    """The stream's next event of ``kind`` (those before it skipped)."""
    while True:
        raw = await client.read_until(b"\n\n")
        message = json.loads(raw[raw.index(b"data: ") + 6 :])
        if message["msg"] == kind:
            return message


@pytest.mark.parametrize("server_class", [TCPServer, CoalescingTCPServer], ids=["hypercorn", "blockspec"])
def test_a_generators_messages_each_arrive_before_the_next_is_produced(server_class) -> None:
    # The generator produces its next value only once the client has read the previous one
    # (an explicit handshake): a message the server held back would never be read, and the
    # case would hit its bound instead of finishing.
    read = [threading.Event() for _ in range(STEPS)]
    produced: list[str] = []

    def count(x):  # runs in a worker thread, as an app's function does
        for i in range(STEPS):
            produced.append(f"{x}{i}")
            yield f"{x}{i}"
            read[i].wait(BOUND)

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(count, box, box)

    async def scenario(served: Served) -> list[tuple[str, list[str]]]:
        joins = served.connect()
        await joins.request("POST", "/gradio_api/queue/join", _join_body("g", "n"))
        await joins.read_until(b"}")
        stream = served.connect()
        await stream.request("GET", "/gradio_api/queue/data?session_hash=g")
        seen = []
        for i in range(STEPS):
            message = await _next_event(stream, "process_generating")
            # The value this message carries, and what had been produced when it arrived.
            seen.append((json.dumps(message["output"]["data"]), list(produced)))
            read[i].set()
        await _next_event(stream, "close_stream")
        return seen

    seen, _ = run(demo, server_class, scenario)
    assert [produced for _, produced in seen] == [[f"n{j}" for j in range(i + 1)] for i in range(STEPS)]
    assert all(f"n{i}" in data for i, (data, _) in enumerate(seen)), seen


@pytest.mark.parametrize("server_class", [TCPServer, CoalescingTCPServer], ids=["hypercorn", "blockspec"])
def test_an_event_streams_head_arrives_before_its_first_event_exists(server_class) -> None:
    # A stream waits for its first event with its head already sent (the client knows the
    # stream is open): the first event exists only once the client has read the head.
    head_read = trio.Event()

    async def events():
        await head_read.wait()
        yield "data: first\n\n"
        yield FinalText("data: last\n\n")

    async def app(scope, receive, send):
        if scope["type"] == "http":
            await sse(events())(scope, receive, send)

    async def main() -> list[bytes]:
        config = Config()
        async with trio.open_nursery() as nursery:
            served = Served(_upper_demo(), server_class, nursery)
            served.wrapped = wrap_app(app, config.wsgi_max_body_size, "asgi")
            with trio.fail_after(BOUND):
                client = served.connect()
                await client.request("GET", "/")
                await client.read_until(b"\r\n\r\n")
                head_read.set()
                await client.read_until(b"data: last\n\n\r\n0\r\n\r\n")
            nursery.cancel_scope.cancel()
        return served.connections[0].writes

    writes = trio.run(main)
    # The head alone, the first event, the last event with the response's end (Hypercorn
    # writes the end on its own).
    ends_apart = [b"0\r\n\r\n"] if server_class is TCPServer else []
    assert [w[:9] for w in writes] == [b"HTTP/1.1 ", b"d\r\ndata: ", b"c\r\ndata: ", *ends_apart]
    assert writes[-1].endswith(b"0\r\n\r\n")


@pytest.mark.parametrize("server_class", [TCPServer, CoalescingTCPServer], ids=["hypercorn", "blockspec"])
def test_a_queue_stream_with_nothing_ready_sends_its_head_at_once_and_repeats_nothing(server_class) -> None:
    async def scenario(served: Served) -> bytes:
        # The session's stream has ended (its last events came with its end): nothing is left
        # to send, and the next stream opens the moment the client has read that end.
        await _one_job(served)
        stream = served.connect()
        await stream.request("GET", "/gradio_api/queue/data?session_hash=s")
        # Within the bound, with no event to come until the client joins again.
        head = await stream.read_until(b"\r\n\r\n")
        joins = served.connect()
        await joins.request("POST", "/gradio_api/queue/join", _join_body("s", "again"))
        await _next_event(stream, "process_completed")
        await _next_event(stream, "close_stream")
        return head

    head, writes = run(_upper_demo(), server_class, scenario)
    assert head.startswith(b"HTTP/1.1 200 ")
    second_stream = writes[2]
    assert second_stream[0] == head  # the head on its own, before any event existed
    assert b"AGAIN" in b"".join(second_stream)
    assert b'"HI"' not in b"".join(second_stream)  # the first job's events were not sent again


REFUSALS = 20


@pytest.mark.parametrize("server_class", [TCPServer, CoalescingTCPServer], ids=["hypercorn", "blockspec"])
def test_a_refusal_sent_before_reading_the_body_keeps_the_connection_alive(server_class) -> None:
    # An app that answers before reading the request's body (as auth does with a 401): the
    # connection stays usable, request after request, as it does under Hypercorn's TCPServer.
    async def refuse(scope, receive, send):
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 401, "headers": [(b"content-length", b"2")]})
            await send({"type": "http.response.body", "body": b"no"})

    async def main() -> int:
        async with trio.open_nursery() as nursery:
            served = Served(_upper_demo(), server_class, nursery)
            served.wrapped = wrap_app(refuse, served.config.wsgi_max_body_size, "asgi")
            answered = 0
            with trio.fail_after(BOUND):
                client = served.connect()
                for _ in range(REFUSALS):
                    await client.request("POST", "/", b'{"some": "body"}', apart=True)
                    assert (await client.read_until(b"\r\n\r\nno")).startswith(b"HTTP/1.1 401 ")
                    answered += 1
            nursery.cancel_scope.cancel()
        return answered

    assert trio.run(main) == REFUSALS
