"""Hypercorn's HTTP/1.1 connection, writing what one ASGI message produces in one write.

Hypercorn's ``TCPServer`` writes each piece of bytes its protocol hands to ``protocol_send``
with its own ``send_all``: a response's head, then its body, then (for a chunked response) the
terminating chunk are separate socket ``send`` calls, although the app handed them over together.
Under 20 sessions that was 5.2 ``send`` calls per job, the largest self time of any function in
the server's profile (bench/perf_server.py), with trio's scheduling around each.

Here the bytes one message of the app produces (``http.response.body``: its data, and when it is
the last, the response's end) are collected and written at once when the message is done, and
the head (``http.response.start``) is held until the response's first body message, as the
ASGI spec allows a server to do ("need not flush ... until the first Response Body event"). So
a response sent as a head and one body is one write, and a stream's last text with its end is
one. What the wire carries is unchanged byte for byte; only where the writes split moves.

What does not change:

- nothing is held across a wait of the app's: every body message is written before the app's
  ``send`` returns (so a slow reader still holds the app back, and a dropped connection is
  noticed where it was before); a response that must go out before its first body (a stream,
  which then waits for events) sends an empty body message to say so (``_context.EventStream``);
- anything the connection does besides writing (going idle, closing) writes what is held first;
- a response that starts before the app has read the request's body, HTTP/2 connections and
  websockets are written as Hypercorn writes them (see :class:`_Exchange` for the first).

tests/test_server_writes.py counts the writes on a real connection.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import trio
from hypercorn.events import Event, RawData

from ._keep_alive import KeepAliveTCPServer

__all__ = ["CoalescingTCPServer"]

#: The HTTP versions whose connection carries one response at a time (h11). An HTTP/2
#: connection interleaves streams: holding one stream's head would hold the others' bytes.
_ONE_RESPONSE_AT_A_TIME = frozenset({"1.0", "1.1"})


class CoalescingTCPServer(KeepAliveTCPServer):
    """Hypercorn's per-connection server that writes an ASGI message's bytes in one write."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._pending: list[bytes] = []
        # True while an app message is being turned into bytes, and from a response's head to
        # its first body message: bytes handed to protocol_send meanwhile wait in _pending.
        self._holding = False
        self.app = _ConnectionApp(self.app, self)

    async def protocol_send(self, event: Event) -> None:
        if isinstance(event, RawData):
            if self._holding:
                if event.data:
                    self._pending.append(event.data)
                return
            if self._pending:
                self._pending.append(event.data)
                event = RawData(data=self._take_pending())
        else:
            # Going idle or closing: what is held goes out first, in the order it came.
            self._holding = False
            await self.write_pending()
        await super().protocol_send(event)

    async def write_pending(self) -> None:
        """Write the bytes held so far in one write (Hypercorn's, which handles a dropped peer)."""
        if self._pending:
            # Shielded, lock included: bytes taken from _pending must reach the socket. The app
            # may be cancelled meanwhile -- a response's end wakes its disconnect listener
            # (http.disconnect), which cancels the response's task group (Starlette's
            # FileResponse, our EventStream) while its send is still on its way down here.
            with trio.CancelScope(shield=True):
                await super().protocol_send(RawData(data=self._take_pending()))

    def _take_pending(self) -> bytes:
        data = b"".join(self._pending)
        self._pending = []
        return data

    async def send_message(self, app_send: Callable[[Any], Awaitable[None]], message: Any) -> None:
        """The app's ``send`` on an HTTP/1 connection: ``message``'s bytes in one write."""
        self._holding = True
        held = False
        try:
            await app_send(message)
            # A head waits for its body (ASGI allows it); the app sends an empty body message
            # when the head must go out before the body is ready.
            held = message["type"] == "http.response.start"
        finally:
            if not held:
                self._holding = False
                await self.write_pending()


class _ConnectionApp:
    """The ASGI app as one connection runs it: each HTTP/1 request's messages go through an
    :class:`_Exchange`."""

    __slots__ = ("_app", "_server")

    def __init__(self, app: Callable[..., Awaitable[None]], server: CoalescingTCPServer) -> None:
        self._app = app
        self._server = server

    async def __call__(self, scope: Any, receive: Any, send: Any, sync_spawn: Any, call_soon: Any) -> None:
        if scope["type"] == "http" and scope["http_version"] in _ONE_RESPONSE_AT_A_TIME:
            exchange = _Exchange(self._server, receive, send, has_body=_has_body(scope["headers"]))
            receive, send = exchange.receive, exchange.send
        await self._app(scope, receive, send, sync_spawn, call_soon)


class _Exchange:
    """One request's ``receive`` and ``send``: each message of its response is one write
    (:meth:`CoalescingTCPServer.send_message`) -- unless the response starts before the app has
    read the request's body."""

    __slots__ = ("_app_receive", "_app_send", "_coalesce", "_request_read", "_server")

    def __init__(self, server: CoalescingTCPServer, receive: Any, send: Any, *, has_body: bool) -> None:
        self._server = server
        self._app_receive = receive
        self._app_send = send
        self._request_read = not has_body
        self._coalesce = True

    async def receive(self) -> Any:
        message = await self._app_receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            self._request_read = True  # its whole body, or the client is gone
        return message

    async def send(self, message: Any) -> None:
        if message["type"] == "http.response.start":
            # A response that starts before the app has read the request's body (an early
            # refusal: 401, 413, ...) is written as Hypercorn writes it. Hypercorn keeps the
            # connection alive only if its reader has taken in that body by the time the
            # response ends (H11Protocol._maybe_recycle), and its reader gets its turns while
            # the response's writes wait; a response written in one step would end first and
            # close the connection under a client that means to reuse it.
            self._coalesce = self._request_read
        if self._coalesce:
            await self._server.send_message(self._app_send, message)
        else:
            await self._app_send(message)


def _has_body(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether a request carries a body (HTTP/1.1: a Content-Length other than 0, or a
    Transfer-Encoding); without one, Hypercorn has read the whole request before the app runs."""
    for name, value in headers:
        name = name.lower()
        if name == b"content-length":
            if value.strip() != b"0":
                return True
        elif name == b"transfer-encoding":
            return True
    return False
