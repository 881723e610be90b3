"""How a reference frontend reaches a server: the transport seam.

The frontend only ever submits, cancels, closes, and receives the session's messages: JSON
objects (exactly what ``/gradio_api/queue/data`` carries), or -- in process -- the engine's
message records, which are rendered to those objects only when someone looks. :class:`InProcessTransport`
does this against an engine in the same trio run (the simulator); an HTTP transport does it
against any server speaking Gradio's protocol (the conformance suite).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ..engine import Engine

__all__ = ["Transport", "InProcessTransport"]

OnMessage = Callable[[Any], None]


class Transport(Protocol):
    """One browser tab's connection: a session and its message stream."""

    session_hash: str

    async def connect(self, on_message: OnMessage) -> None:
        """Open the session; ``on_message`` receives each message (it must not block)."""
        ...

    async def submit(self, fn_index: int, data: list[Any], *, event_data: Any, trigger_id: int | None) -> str:
        """Join the queue; returns the event id (raises :class:`~blockspec.QueueFull` if full)."""
        ...

    async def cancel(self, event_id: str) -> None: ...

    async def close(self) -> None:
        """The tab closes: the session ends (and its unload functions run)."""
        ...


class InProcessTransport:
    """A tab of the simulator: calls the engine directly, in the same trio run.

    When the engine keeps its history, the tab's messages are read back from it
    (:meth:`session_messages`, :attr:`logs_messages`) rather than kept twice -- and the
    estimations a moving queue sends every waiting job need not be sent one by one (see
    ``Engine.subscribe``): 10,000 tabs queued on one slot would otherwise receive 50 million.
    """

    def __init__(self, engine: Engine, session_hash: str, *, username: str | None = None) -> None:
        self.engine = engine
        self.session_hash = session_hash
        self.username = username
        self._unsubscribe: Callable[[], None] | None = None
        #: whether the session's messages can be read from the engine's history
        self.logs_messages = False
        # The history's records from connect to close: the ones this tab received.
        self._from = 0
        self._to: int | None = None

    async def connect(self, on_message: OnMessage) -> None:
        self.engine.open_session(self.session_hash, username=self.username)
        history = self.engine.history
        self.logs_messages = history._keep
        self._from, self._to = len(history), None
        self._unsubscribe = self.engine.subscribe(self.session_hash, on_message, estimations=not self.logs_messages)

    def session_messages(self) -> list[Any]:
        """Every message this tab received but heartbeats, in order, read from the history
        (the records of messages to its session while it was subscribed)."""
        first, last = self._from, self._to
        return [
            r.detail
            for r in self.engine.history.select("message")
            if r.session == self.session_hash
            and r.name != "heartbeat"
            and r.seq >= first
            and (last is None or r.seq < last)
        ]

    async def submit(self, fn_index: int, data: list[Any], *, event_data: Any, trigger_id: int | None) -> str:
        # The app's own frontend may run listeners that API clients may not (api_name=False).
        return self.engine.submit(
            self.session_hash, fn_index, data, event_data=event_data, trigger_id=trigger_id, allow_private=True
        )

    async def cancel(self, event_id: str) -> None:
        self.engine.cancel(self.session_hash, event_id)

    async def close(self) -> None:
        self.engine.close_session(self.session_hash)
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
            self._to = len(self.engine.history)
