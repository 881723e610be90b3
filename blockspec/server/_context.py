"""What every route shares: the app, its engine, sessions, auth and file policy, and the
small translations between the engine's messages and HTTP (URLs, SSE framing, errors)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import attrs
import trio
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse

from .._config import config_json
from .._files import FILE_DATA_TYPE, FileStore, is_file_data
from .._graph import AppGraph
from .._json import compact_json
from ..engine import Engine, Message
from ._auth import Auth
from ._hub import SessionHub
from ._info import api_info
from ._paths import FileAccess

__all__ = ["FinalText", "ServerContext", "error", "render", "root_url", "sse"]

HEARTBEAT_SECONDS = 15.0


@attrs.define(kw_only=True)
class ServerContext:
    """What the routes share: the app, its engine, sessions, auth and file policy."""

    graph: AppGraph
    engine: Engine
    hub: SessionHub
    auth: Auth
    access: FileAccess
    uploads: FileStore
    heartbeat_seconds: float = HEARTBEAT_SECONDS
    #: the trio run the engine lives in; a request from any other cannot use it
    token: Any = attrs.field(init=False, factory=trio.lowlevel.current_trio_token)
    config: dict[str, Any] = attrs.field(init=False)
    #: /info's answer, without and with the unnamed endpoints: fixed for the app's life
    info: dict[bool, dict[str, Any]] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.config = config_json(self.graph)
        self.info = {everything: api_info(self.graph, all_endpoints=everything) for everything in (False, True)}

    @property
    def settings(self) -> Any:
        return self.graph.launch


def error(status: int, detail: Any) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


class FinalText(str):
    """The last text an :class:`EventStream` sends: it goes out with the response's end, in
    one write. The stream's iterator ends when it resumes after yielding it."""

    __slots__ = ()


class EventStream(StreamingResponse):
    """A Server-Sent Events response: its headers go out at once, then each text the stream
    yields is one write (empty texts are skipped), until the stream ends or the client goes.
    A :class:`FinalText` is written together with the response's end.

    With ``head_with_first_text`` the headers wait for the stream's first text and go out
    with it, in one write. The stream then promises to yield an empty text before it first
    waits for anything: that sends the headers alone, so that a client never waits for them.

    Starlette's StreamingResponse does the same through an anyio task group; this one opens
    a trio nursery directly (the server runs on trio), which costs a stream less.
    """

    head_with_first_text = False

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async with trio.open_nursery() as nursery:
            # When the client disconnects the stream is cancelled where it waits, before it
            # marks anything written: what it had not handed over stays for the next stream.
            nursery.start_soon(self._cancel_on_disconnect, receive, nursery.cancel_scope)
            await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
            # A server may hold the head until the first body (blockspec's does, _writes.py):
            # a body, empty or not, sends it -- now, or with the first text when the stream
            # yields that (or an empty text) before it waits.
            head_sent = not self.head_with_first_text
            if head_sent:
                await send({"type": "http.response.body", "body": b"", "more_body": True})
            ended = False
            try:
                async for chunk in self.body_iterator:
                    if ended:
                        raise RuntimeError(f"An event stream yielded {chunk!r} after its FinalText.")
                    if isinstance(chunk, FinalText):
                        ended = True
                        await send({"type": "http.response.body", "body": chunk.encode(), "more_body": False})
                    elif chunk or not head_sent:
                        head_sent = True
                        await send({"type": "http.response.body", "body": chunk.encode(), "more_body": True})
            finally:
                # The stream's own cleanup (a session's stream count, a heartbeat's end) runs
                # now, not whenever the abandoned generator is collected.
                await self.body_iterator.aclose()  # type: ignore[attr-defined]
            if not ended:
                await send({"type": "http.response.body", "body": b"", "more_body": False})
            nursery.cancel_scope.cancel()

    @staticmethod
    async def _cancel_on_disconnect(receive: Any, scope: trio.CancelScope) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        scope.cancel()


def sse(stream: AsyncIterator[str], *, head_with_first_text: bool = False) -> EventStream:
    response = EventStream(
        stream,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
    response.head_with_first_text = head_with_first_text
    return response


def root_url(ctx: ServerContext, request: Request) -> str:
    """The URL the app is reached at, as the client sees it (proxies included)."""
    root_path = ctx.settings.root_path
    if root_path.startswith(("http://", "https://")):
        return root_path.rstrip("/")
    scheme = request.headers.get("x-forwarded-proto", request.url.scheme).split(",")[0].strip()
    host = request.headers.get("x-forwarded-host") or request.headers.get("host") or request.url.netloc
    return f"{scheme}://{host.split(',')[0].strip()}{root_path}"


def api_base(ctx: ServerContext, request: Request) -> str:
    """Where this client finds the API: the root URL plus the prefix of the route it used
    (``/gradio_api`` for today's clients, nothing for Gradio 4.44.1's)."""
    return root_url(ctx, request) + request.state.api_prefix


def _with_urls(value: Any, base: str) -> Any:
    """Give every file in an output the URL it can be downloaded from."""
    if isinstance(value, dict):
        if is_file_data(value) and value.get("meta", {}).get("_type") == FILE_DATA_TYPE:
            return {**value, "url": f"{base}/file={value['path']}"}
        return {k: _with_urls(v, base) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_urls(v, base) for v in value]
    return value


def render(message: Message, base: str) -> dict[str, Any]:
    """A message as JSON, its files with URLs under ``base`` (see :func:`api_base`)."""
    data = message.to_json()
    if "output" in data:
        data["output"] = _with_urls(data["output"], base)
    return data


#: The one event a stream for a session that never joined carries.
SESSION_NOT_FOUND = (
    "data: "
    + compact_json(
        {
            "msg": "unexpected_error",
            "event_id": None,
            "message": "Session not found: join the queue first.",
            "session_not_found": True,
            "success": False,
        }
    )
    + "\n\n"
)
