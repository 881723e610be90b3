"""Serving the ASGI app with Hypercorn's HTTP machinery and an accept loop that keeps up.

Hypercorn's ``serve`` accepts connections through ``trio.serve_listeners``, whose loop takes
one connection per pass of trio's scheduler (``SocketListener.accept`` checkpoints after each
``accept()``). While every session's tasks are busy a pass takes tens of milliseconds, so a
crowd that opens its connections together waits in the kernel's accept queue in line: with
200 sessions the last session's stream connection was accepted ~5 s after the first, and
those first jobs were the whole p99 (bench/perf_server.py; the bare Hypercorn server shows
the same tail). Here each listening socket's loop takes every connection that is waiting
each time it wakes, then checkpoints once.

Everything else is Hypercorn's: its per-connection ``TCPServer`` (h11, keep-alive, TLS
handshakes; its keep-alive timer moves a deadline instead of restarting a task, see
``_keep_alive``, and what one ASGI message produces is one write, see ``_writes``), the app's
lifespan, and the graceful shutdown (``config.graceful_timeout``).
"""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import Awaitable, Callable

import trio
from hypercorn.config import Config
from hypercorn.trio.lifespan import Lifespan
from hypercorn.trio.worker_context import WorkerContext
from hypercorn.typing import ConnectionState, LifespanState
from hypercorn.utils import repr_socket_addr, wrap_app

from ._writes import CoalescingTCPServer

__all__ = ["serve"]

# accept() failures that concern one connection (it went away first, or a firewall refused
# it): skip it, as trio's SocketListener does.
_SKIP = frozenset({errno.ECONNABORTED, errno.EPROTO, errno.EPERM})
# Out of file descriptors or memory: wait a moment for connections to close (trio waits 0.1 s).
_EXHAUSTED = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOMEM, errno.ENOBUFS})
EXHAUSTED_PAUSE = 0.1


async def serve(
    app: Callable[..., Awaitable[None]],
    config: Config,
    *,
    shutdown_trigger: Callable[[], Awaitable[object]],
    task_status: trio.TaskStatus[list[str]] = trio.TASK_STATUS_IGNORED,
) -> None:
    """Serve ``app`` on ``config.bind`` until ``shutdown_trigger()`` returns.

    ``task_status.started`` receives the bound URLs once the sockets listen.
    """
    wrapped = wrap_app(app, config.wsgi_max_body_size, "asgi")
    lifespan_state: LifespanState = {}
    lifespan = Lifespan(wrapped, config, lifespan_state)
    context = WorkerContext(None)
    async with trio.open_nursery() as lifespan_nursery:
        await lifespan_nursery.start(lifespan.handle_lifespan)
        await lifespan.wait_for_startup()
        sockets = config.create_sockets()
        ssl_context = config.create_ssl_context()
        listening = [(sock, ssl_context) for sock in sockets.secure_sockets]
        listening += [(sock, None) for sock in sockets.insecure_sockets]
        try:
            binds = []
            for sock, tls in listening:
                sock.listen(config.backlog)
                sock.setblocking(False)
                binds.append(f"{'https' if tls else 'http'}://{repr_socket_addr(sock.family, sock.getsockname())}")

            async def connection(conn: socket.socket, tls: ssl.SSLContext | None) -> None:
                stream: trio.abc.Stream = trio.SocketStream(trio.socket.from_stdlib_socket(conn))
                if tls is not None:
                    stream = trio.SSLStream(stream, tls, server_side=True, https_compatible=True)
                try:
                    await CoalescingTCPServer(wrapped, config, context, ConnectionState(lifespan_state.copy()), stream)
                finally:
                    await trio.aclose_forcefully(stream)

            async with trio.open_nursery() as connections:
                try:
                    async with trio.open_nursery() as accepting:
                        for sock, tls in listening:
                            accepting.start_soon(_accept_loop, sock, tls, connection, connections)
                        task_status.started(binds)
                        await shutdown_trigger()
                        accepting.cancel_scope.cancel()
                finally:
                    # No new connections from here on: later clients are refused, not left waiting.
                    for sock, _ in listening:
                        sock.close()
                    # Open connections finish their requests (keep-alive ones close) within
                    # graceful_timeout; then they are cancelled.
                    await context.terminated.set()
                    connections.cancel_scope.deadline = trio.current_time() + config.graceful_timeout
        finally:
            for sock, _ in listening:
                sock.close()
        await lifespan.wait_for_shutdown()
        lifespan_nursery.cancel_scope.cancel()


async def _accept_loop(
    sock: socket.socket,
    tls: ssl.SSLContext | None,
    connection: Callable[[socket.socket, ssl.SSLContext | None], Awaitable[None]],
    nursery: trio.Nursery,
) -> None:
    try:
        while True:
            await trio.lowlevel.wait_readable(sock)
            # Take every connection the kernel has queued before yielding again.
            while True:
                try:
                    conn, _ = sock.accept()
                except (BlockingIOError, InterruptedError):
                    break
                except OSError as exc:
                    if exc.errno in _SKIP:
                        continue
                    if exc.errno in _EXHAUSTED:
                        await trio.sleep(EXHAUSTED_PAUSE)
                        break
                    raise
                nursery.start_soon(connection, conn, tls)
    finally:
        # The socket is closed by serve(); trio must forget the wait first.
        trio.lowlevel.notify_closing(sock)
