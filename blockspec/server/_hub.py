"""Where the engine's messages wait for the HTTP requests that carry them.

Gradio's clients join the queue first and open the session's stream afterwards, so every
message is kept until a ``/queue/data`` stream reads it. A job submitted through the
two-step ``/call`` API has its own buffer instead, so its reader sees only its messages;
a finished call's buffer is kept (a bounded number of them) so it can be read again.
"""

from __future__ import annotations

from collections import OrderedDict, deque

import trio

from ..engine import Engine, Message

__all__ = ["Buffer", "SessionHub"]

#: Finished /call buffers kept for re-reading.
KEEP_FINISHED_CALLS = 1000


class Buffer:
    """A session's messages for its one ``/queue/data`` reader: read once, in order."""

    def __init__(self) -> None:
        self._items: deque[Message] = deque()
        self._arrived = trio.Event()

    def push(self, message: Message) -> None:
        self._items.append(message)
        self._arrived.set()

    def pop_ready(self) -> list[Message]:
        """The waiting messages, up to and including the first ``close_stream``: a stream ends
        there, and what follows it (a job joined just after the last one ended) is for the
        next stream the client opens -- popping it too would lose it."""
        ready: list[Message] = []
        while self._items:
            message = self._items.popleft()
            ready.append(message)
            if message.msg == "close_stream":
                break
        return ready

    async def wait(self) -> None:
        """Until there is something to pop."""
        while not self._items:
            await self._arrived.wait()
            self._arrived = trio.Event()


class CallBuffer:
    """One /call job's messages, kept whole: any number of readers, each from the start."""

    def __init__(self) -> None:
        self.history: list[Message] = []
        self.finished = False
        self._changed = trio.Event()

    def push(self, message: Message) -> None:
        self.history.append(message)
        if message.is_terminal:
            self.finished = True
        self._changed.set()

    async def wait_beyond(self, seen: int) -> None:
        """Until there are more than ``seen`` messages, or the job has finished."""
        while len(self.history) <= seen and not self.finished:
            await self._changed.wait()
            self._changed = trio.Event()


class SessionHub:
    """The buffers of every session the server has seen, fed by the engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._outboxes: dict[str, Buffer] = {}
        self._calls: dict[str, CallBuffer] = {}
        self._finished_calls: OrderedDict[str, None] = OrderedDict()

    def session(self, session_hash: str, *, username: str | None = None) -> Buffer:
        """The session's outbox (opening the session on the engine the first time)."""
        outbox = self._outboxes.get(session_hash)
        if outbox is None:
            outbox = self._outboxes[session_hash] = Buffer()
            self.engine.open_session(session_hash, username=username)
            self.engine.subscribe(session_hash, lambda message: self._route(session_hash, message))
        return outbox

    def known(self, session_hash: str) -> bool:
        return session_hash in self._outboxes

    def expect_call(self, event_id: str) -> CallBuffer:
        buffer = self._calls[event_id] = CallBuffer()
        return buffer

    def call(self, event_id: str) -> CallBuffer | None:
        return self._calls.get(event_id)

    def _route(self, session_hash: str, message: Message) -> None:
        # Runs inside the engine: only store and wake.
        if message.event_id is not None and message.event_id in self._calls:
            buffer = self._calls[message.event_id]
            buffer.push(message)
            if message.is_terminal:
                self._finished(message.event_id)
            return
        outbox = self._outboxes.get(session_hash)
        if outbox is not None:
            outbox.push(message)

    def _finished(self, event_id: str) -> None:
        self._finished_calls[event_id] = None
        while len(self._finished_calls) > KEEP_FINISHED_CALLS:
            old, _ = self._finished_calls.popitem(last=False)
            self._calls.pop(old, None)

    def forget(self, session_hash: str) -> None:
        """The session ended: its unread messages go."""
        self._outboxes.pop(session_hash, None)
