"""The server's accept loop takes every waiting connection each time it runs.

trio's ``SocketListener`` (which Hypercorn's own ``serve`` uses) accepts one connection per
pass of the scheduler; under load a pass is long and a crowd's connections wait in line in
the kernel (bench/perf_server.py: the 200-session p99 was the last sessions' first stream
connections, seconds late). ``blockspec.server._serve`` drains the accept queue at once.
"""

from __future__ import annotations

import socket

import trio

from blockspec.server._serve import _accept_loop

CROWD = 50


class _RecordingNursery:
    """Stands in for the connections' nursery: records each connection handed over."""

    def __init__(self) -> None:
        self.started: list[socket.socket] = []

    def start_soon(self, fn, conn, tls) -> None:
        self.started.append(conn)


def test_a_crowd_waiting_in_the_accept_queue_is_handed_over_in_one_pass():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(CROWD * 2)
    listener.setblocking(False)
    # The kernel completes these handshakes itself: they wait in the accept queue.
    clients = [socket.create_connection(listener.getsockname(), timeout=5) for _ in range(CROWD)]
    seen_counts: list[int] = []

    async def main() -> None:
        handed = _RecordingNursery()
        with trio.fail_after(30):  # a bound only; the test waits on the handed-over count
            async with trio.open_nursery() as nursery:
                nursery.start_soon(_accept_loop, listener, None, None, handed)
                # Between two of this task's checkpoints the accept loop runs at most once:
                # the first time it hands anything over, it must have handed over the crowd.
                while not handed.started:
                    await trio.lowlevel.checkpoint()
                seen_counts.append(len(handed.started))
                nursery.cancel_scope.cancel()
        for conn in handed.started:
            conn.close()

    try:
        trio.run(main)
    finally:
        for client in clients:
            client.close()
        listener.close()
    assert seen_counts == [CROWD]
