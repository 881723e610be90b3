"""The keep-alive timer of blockspec's connections keeps Hypercorn's timings.

``blockspec.server._keep_alive.KeepAliveTCPServer`` moves one deadline where Hypercorn's
``TCPServer`` restarts a timer task per request. Each case runs against both, in virtual
time (trio's MockClock over a loopback connection), and asserts the same moments: when the
response arrives and when the server closes the connection.
"""

from __future__ import annotations

import pytest
import trio
import trio.testing
from hypercorn.config import Config
from hypercorn.trio.tcp_server import TCPServer
from hypercorn.trio.worker_context import WorkerContext
from hypercorn.typing import ConnectionState
from hypercorn.utils import wrap_app
from server_helpers import loopback_pair

from blockspec.server._keep_alive import KeepAliveTCPServer
from blockspec.server._writes import CoalescingTCPServer

KEEP_ALIVE = 5.0
SLOW = 20.0
REQUEST = b"GET /%s HTTP/1.1\r\nHost: test\r\n\r\n"

servers = pytest.mark.parametrize(
    "server_class",
    [TCPServer, KeepAliveTCPServer, CoalescingTCPServer],
    ids=["hypercorn", "blockspec", "blockspec-served"],  # the last is what serve() runs
)


async def app(scope, receive, send) -> None:
    if scope["type"] != "http":
        return
    if scope["path"] == "/slow":
        await trio.sleep(SLOW)
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


class Client:
    """The client's end of the connection, noting the virtual time of what it sees."""

    def __init__(self, stream: trio.SocketStream) -> None:
        self.stream = stream
        self.buffer = b""

    async def get(self, path: str = "") -> float:
        await self.stream.send_all(REQUEST % path.encode())
        while not self.buffer.endswith(b"\r\n\r\nok"):
            chunk = await self.stream.receive_some()
            assert chunk, f"the connection closed before the response; got {self.buffer!r}"
            self.buffer += chunk
        self.buffer = b""
        return trio.current_time()

    async def closed_at(self) -> float:
        assert await self.stream.receive_some() == b"", "expected the server to close the connection"
        return trio.current_time()


def run(server_class, scenario) -> list[float]:
    """Serve one connection with ``server_class`` and run ``scenario(client, context)``."""
    client_sock, server_sock = loopback_pair()
    config = Config()
    config.keep_alive_timeout = KEEP_ALIVE
    times: list[float] = []

    async def main() -> None:
        context = WorkerContext(None)
        server = server_class(
            wrap_app(app, config.wsgi_max_body_size, "asgi"),
            config,
            context,
            ConnectionState({}),
            trio.SocketStream(trio.socket.from_stdlib_socket(server_sock)),
        )
        client = Client(trio.SocketStream(trio.socket.from_stdlib_socket(client_sock)))
        with trio.fail_after(10 * SLOW):  # virtual seconds: a bound, not a timing
            async with trio.open_nursery() as nursery:
                nursery.start_soon(server.run)
                times.extend(await scenario(client, context))
                await client.stream.aclose()

    # The clock jumps only after the loopback I/O has had 50 ms of real time to arrive.
    trio.run(main, clock=trio.testing.MockClock(autojump_threshold=0.05))
    return times


@servers
def test_an_idle_connection_closes_keep_alive_after_its_last_response(server_class):
    async def scenario(client, context):
        first = await client.get()
        await trio.sleep(KEEP_ALIVE - 2)
        second = await client.get()
        return [first, second, await client.closed_at()]

    assert run(server_class, scenario) == pytest.approx([0.0, KEEP_ALIVE - 2, 2 * KEEP_ALIVE - 2])


@servers
def test_a_request_in_flight_holds_the_connection_open(server_class):
    async def scenario(client, context):
        return [await client.get("slow"), await client.closed_at()]

    assert run(server_class, scenario) == pytest.approx([SLOW, SLOW + KEEP_ALIVE])


@servers
def test_shutting_down_closes_an_idle_connection_at_once(server_class):
    async def scenario(client, context):
        await client.get()
        await trio.sleep(2)
        await context.terminated.set()
        return [await client.closed_at()]

    assert run(server_class, scenario) == pytest.approx([2.0])


@servers
def test_shutting_down_closes_a_busy_connection_once_it_has_answered(server_class):
    async def scenario(client, context):
        async def shut_down_soon():
            await trio.sleep(2)
            await context.terminated.set()

        async with trio.open_nursery() as nursery:
            nursery.start_soon(shut_down_soon)
            answered = await client.get("slow")
        return [answered, await client.closed_at()]

    assert run(server_class, scenario) == pytest.approx([SLOW, SLOW])
