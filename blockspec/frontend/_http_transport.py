"""The reference frontend's second transport: any server speaking Gradio's protocol, over HTTP.

Same interface as :class:`~blockspec.frontend.InProcessTransport` (see ``_transport.py``), on
Gradio's wire protocol ``sse_v3`` as a browser tab uses it:

* ``connect`` opens ``GET P/heartbeat/<session>`` and keeps it open -- the tab's life (P is
  the config's ``api_prefix``: ``/gradio_api`` in current Gradio, empty in 4.x);
* ``submit`` posts ``P/queue/join`` (``{data, event_data, fn_index, trigger_id,
  session_hash}``) and makes sure a ``P/queue/data`` stream is open; a stream lasts until its
  ``close_stream`` message, and a new one opens for the next burst (messages sent meanwhile
  wait on the server, as they do for Gradio's own client); a 503 is a full queue;
* ``cancel`` posts ``P/cancel`` (``{event_id, session_hash, fn_index}``);
* ``close`` drops the heartbeat: the server ends the session (its unload functions run).

Every join and every message is also written to the run's history, as the engine writes its
own (``job``/``submit`` and ``message`` records), so the conformance checkers read an HTTP run
exactly as they read a simulated one. Runs inside trio (httpx speaks trio through anyio).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import trio

from .._errors import QueueFull, SubmissionError
from ..engine import History
from ._transport import OnMessage

__all__ = ["HttpTransport"]


class HttpTransport:
    """One browser tab of a server at ``base_url`` (no trailing slash)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        base_url: str,
        session_hash: str,
        *,
        api_prefix: str = "",
        nursery: trio.Nursery,
        history: History | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.client = client
        self.base = base_url.rstrip("/") + api_prefix
        self.session_hash = session_hash
        self.nursery = nursery
        self.history = history
        self.clock = clock or trio.current_time
        self._on_message: OnMessage | None = None
        self._fn_of: dict[str, int] = {}
        self._pending = 0
        self._want_stream = trio.Event()
        # Closing the tab ends both of its connections.
        self._scopes = (trio.CancelScope(), trio.CancelScope())
        self._heartbeat_open = trio.Event()

    async def connect(self, on_message: OnMessage) -> None:
        self._on_message = on_message
        self.nursery.start_soon(self._heartbeat)
        self.nursery.start_soon(self._streams)
        with trio.move_on_after(10):
            await self._heartbeat_open.wait()

    async def _heartbeat(self) -> None:
        with self._scopes[0]:
            try:
                async with self.client.stream("GET", f"{self.base}/heartbeat/{self.session_hash}") as response:
                    self._heartbeat_open.set()
                    async for _ in response.aiter_bytes():
                        pass
            except httpx.HTTPError:
                self._heartbeat_open.set()

    async def _streams(self) -> None:
        # One /queue/data stream at a time, opened while this tab has jobs pending.
        with self._scopes[1]:
            while True:
                await self._want_stream.wait()
                self._want_stream = trio.Event()
                try:
                    await self._read_stream()
                except httpx.HTTPError:
                    await trio.sleep(0.05)
                if self._pending:
                    self._want_stream.set()

    async def _read_stream(self) -> None:
        url = f"{self.base}/queue/data"
        async with self.client.stream("GET", url, params={"session_hash": self.session_hash}) as response:
            if response.status_code != 200:
                await trio.sleep(0.05)
                return
            async for line in response.aiter_lines():
                if not line.startswith("data:"):
                    continue
                try:
                    message = json.loads(line[5:].strip())
                except ValueError:
                    continue
                if not isinstance(message, dict):
                    continue
                self._deliver(message)
                if message.get("msg") == "close_stream":
                    return

    def _deliver(self, message: dict[str, Any]) -> None:
        kind = message.get("msg")
        event_id = message.get("event_id")
        if kind == "process_completed" and event_id in self._fn_of:
            self._pending -= 1
        if self.history is not None and kind not in ("heartbeat", None):
            self.history.add(
                self.clock(),
                "message",
                kind,
                self.session_hash,
                event_id,
                self._fn_of.get(event_id or ""),
                None,
                None,
                json.dumps(message),
            )
        if self._on_message is not None:
            self._on_message(message)

    async def submit(self, fn_index: int, data: list[Any], *, event_data: Any, trigger_id: int | None) -> str:
        body = {
            "data": data,
            "event_data": event_data,
            "fn_index": fn_index,
            "trigger_id": trigger_id,
            "session_hash": self.session_hash,
        }
        response = await self.client.post(f"{self.base}/queue/join", json=body)
        if response.status_code == 503:
            raise QueueFull(_detail(response) or "Queue is full.")
        if response.status_code >= 400:
            raise SubmissionError(
                _detail(response) or f"join answered {response.status_code}", status=response.status_code
            )
        event_id = str(response.json()["event_id"])
        self._fn_of[event_id] = fn_index
        self._pending += 1
        if self.history is not None:
            self.history.add(self.clock(), "job", "submit", self.session_hash, event_id, fn_index, "pending")
        self._want_stream.set()
        return event_id

    async def cancel(self, event_id: str) -> None:
        body = {"event_id": event_id, "session_hash": self.session_hash, "fn_index": self._fn_of.get(event_id)}
        await self.client.post(f"{self.base}/cancel", json=body)

    async def close(self) -> None:
        for scope in self._scopes:
            scope.cancel()


def _detail(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return response.text or None
    if isinstance(body, dict):
        detail = body.get("detail") or body.get("error")
        return str(detail) if detail is not None else None
    return None
