"""Hypercorn's HTTP connection with a keep-alive timer that moves instead of restarting.

Hypercorn's ``TCPServer`` closes a connection that stays idle for ``keep_alive_timeout``
(``TCPServer._idle_timeout``). It arms that timer through ``TrioSingleTask.restart``, which
cancels the previous timer task and starts a new one with ``nursery.start`` each time the
connection goes idle, and cancels it again when the next request arrives: two task starts
and two cancellations per request (bench/perf_server.py's profile: ``restart`` was ~4 % of
the server's self time under 20 sessions). Here one task per connection keeps the timer for
the connection's whole life, and going idle or busy only moves its deadline.

The rules are Hypercorn's (tests/test_server_keep_alive.py runs the same timings against
both): an idle connection closes ``keep_alive_timeout`` after its last response; a request
stops the timer; when the server shuts down (``context.terminated``) an idle connection
closes at once and a busy one once it goes idle; the close itself is shielded.
"""

from __future__ import annotations

import math
from typing import Any

import trio
from hypercorn.trio.tcp_server import TCPServer

__all__ = ["KeepAliveTCPServer"]


class KeepAliveTCPServer(TCPServer):
    """Hypercorn's per-connection server with :class:`_IdleDeadline` as its idle timer."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.idle_task = _IdleDeadline(self)

    async def run(self) -> None:
        async with trio.open_nursery() as nursery:
            self.idle_task.nursery = nursery
            try:
                await super().run()
            finally:
                # The connection is over: its timer has nothing left to close.
                nursery.cancel_scope.cancel()


class _IdleDeadline:
    """Stands in for ``TCPServer.idle_task`` (Hypercorn's ``TrioSingleTask``): ``restart`` when
    the connection goes idle, ``stop`` when a request arrives, as ``TCPServer`` calls them."""

    def __init__(self, server: TCPServer) -> None:
        self._server = server
        self.nursery: trio.Nursery | None = None
        # Its deadline is the timer: keep_alive_timeout after going idle, never while busy.
        self._scope = trio.CancelScope()
        self._idle = False
        self._watching = False
        self._went_idle: trio.Event | None = None

    async def restart(self, task_group: object, action: object) -> None:
        # ``action`` is TCPServer._idle_timeout, which _watch does in one long-lived task.
        self._idle = True
        self._scope.deadline = trio.current_time() + self._server.config.keep_alive_timeout
        if not self._watching:
            self._watching = True
            assert self.nursery is not None, "KeepAliveTCPServer.run sets the timer's nursery"
            self.nursery.start_soon(self._watch)
        elif self._went_idle is not None:
            self._went_idle.set()

    async def stop(self) -> None:
        self._idle = False
        self._scope.deadline = math.inf

    async def _watch(self) -> None:
        terminated = self._server.context.terminated
        with self._scope:  # cancelled when the idle deadline passes
            await terminated.wait()
            # The server shuts down during a request: close once the response is out.
            while not self._idle:
                self._went_idle = trio.Event()
                await self._went_idle.wait()
        with trio.CancelScope(shield=True):
            await self._server._initiate_server_close()
