"""Where the engine's messages wait for the HTTP requests that carry them.

Gradio's clients join the queue first and open the session's stream afterwards, so every
message is kept until a ``/queue/data`` stream has written it. The session's buffer is a
delivery with a cursor: each message gets the session's next sequence number (sent as the
SSE ``id:``), and it leaves the buffer only once the stream has written it to a live
connection. When a stream drops, whatever was not written waits for the next stream; a
client that sends ``Last-Event-ID`` (SSE's own header) resumes exactly after that message.

A job submitted through the two-step ``/call`` API has its own buffer instead, so its reader
sees only its messages; a finished call's buffer is kept (a bounded number of them) so it
can be read again.

A session is open while anything uses it; the last ``/heartbeat`` stream of a session
closing is the tab closing (its jobs end, its unload functions run). A later request with
the same hash starts a new session -- as with Gradio, whose session hashes are chosen by
the client.
"""

from __future__ import annotations

from collections import OrderedDict

import trio

from ..engine import Engine, Message

__all__ = ["Buffer", "CallBuffer", "SessionHub"]

#: Finished /call buffers kept for re-reading.
KEEP_FINISHED_CALLS = 1000


#: Messages a numbered stream (a client that sends Last-Event-ID) wrote but the client has
#: not acknowledged yet, kept per session for its resumption.
KEEP_WRITTEN = 256


class Buffer:
    """A session's messages for its ``/queue/data`` reader, numbered from 1.

    The messages kept are numbered ``_first`` .. ``_last`` without gaps (they leave from the
    front only), so finding those after a cursor is an index, not a scan. A job's estimation
    that arrives while its previous estimation is still unwritten replaces it, keeping its
    number: the engine sends every waiting job a new estimation each time a job starts, and
    a stream that lags behind a crowd would otherwise carry a quadratic backlog of positions
    nobody will look at. Only the newest position matters to a client.
    """

    def __init__(self) -> None:
        self._items: list[Message] = []
        self._first = 1
        self._last = 0
        self._written = 0
        #: the newest message a stream has rendered for writing (it may not be written yet)
        self._taken = 0
        self._arrived = trio.Event()
        #: the newest reader; an older stream of the same session stops (one reader at a time)
        self.reader = 0
        #: streams of this session now running (a dropped one ends when the server sees the drop)
        self.live = 0

    def push(self, message: Message) -> None:
        items = self._items
        if (
            message.msg == "estimation"
            and items
            and self._last > max(self._written, self._taken)
            and items[-1].msg == "estimation"
            and items[-1].event_id == message.event_id
        ):
            items[-1] = message
        else:
            items.append(message)
            self._last += 1
        self._arrived.set()

    @property
    def last(self) -> int:
        """The number of the newest message."""
        return self._last

    def after(self, cursor: int) -> list[tuple[int, Message]]:
        """The messages numbered above ``cursor``, oldest first."""
        start = max(cursor + 1, self._first)
        return [(seq, self._items[seq - self._first]) for seq in range(start, self._last + 1)]

    def take(self, cursor: int) -> list[tuple[int, Message]]:
        """:meth:`after` for a stream about to write them: from now on they are what the
        stream writes, so a newer estimation no longer replaces one of them (it queues
        after it instead, and is written too)."""
        batch = self.after(cursor)
        if batch:
            self._taken = max(self._taken, batch[-1][0])
        return batch

    def _drop_through(self, seq: int) -> None:
        count = min(seq - self._first + 1, len(self._items))
        if count > 0:
            del self._items[:count]
            self._first += count

    def written(self, seq: int, *, numbered: bool) -> None:
        """Message ``seq`` (and everything before it) was written to a live connection.

        For a client that cannot say what it received (no ``Last-Event-ID``) that is the end
        of them. A numbered client says, when it reconnects, what it received
        (:meth:`acknowledged`): until then the last KEEP_WRITTEN written messages stay, as
        a connection may drop after the server wrote a message and before the client read it.
        """
        self._written = max(self._written, seq)
        self._drop_through(seq - KEEP_WRITTEN if numbered else seq)

    def acknowledged(self, seq: int) -> None:
        """The client received every message up to ``seq``: forget them."""
        self._drop_through(seq)

    async def wait_beyond(self, cursor: int, reader: int) -> None:
        """Until there is a message numbered above ``cursor``, or a newer reader took over."""
        while not (self._items and self._last > cursor) and self.reader == reader:
            await self._arrived.wait()
            self._arrived = trio.Event()

    def new_reader(self) -> int:
        self.reader += 1
        self._arrived.set()  # wake the old reader so it sees it was superseded
        self._arrived = trio.Event()
        return self.reader

    def __len__(self) -> int:
        return len(self._items)


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
        self._heartbeats: dict[str, int] = {}
        self._calls: dict[str, CallBuffer] = {}
        self._finished_calls: OrderedDict[str, None] = OrderedDict()
        self._one_off: dict[str, str] = {}

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

    def outbox(self, session_hash: str) -> Buffer | None:
        return self._outboxes.get(session_hash)

    def expect_call(self, event_id: str, *, one_off_session: str | None = None) -> CallBuffer:
        """The buffer of a /call or /run job. A ``one_off_session`` (made for a call that
        named none) ends with the job: a server answering API calls for days must not keep
        a session per call."""
        buffer = self._calls[event_id] = CallBuffer()
        if one_off_session is not None:
            self._one_off[event_id] = one_off_session
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
        one_off = self._one_off.pop(event_id, None)
        if one_off is not None:
            # Runs inside the engine's delivery of the terminal message, which holds the
            # session object itself: dropping the engine's entry for it is safe here.
            self._outboxes.pop(one_off, None)
            self.engine.sessions.pop(one_off, None)
        self._finished_calls[event_id] = None
        while len(self._finished_calls) > KEEP_FINISHED_CALLS:
            old, _ = self._finished_calls.popitem(last=False)
            self._calls.pop(old, None)

    def heartbeat_opened(self, session_hash: str, *, username: str | None = None) -> None:
        self.session(session_hash, username=username)
        self._heartbeats[session_hash] = self._heartbeats.get(session_hash, 0) + 1

    def heartbeat_closed(self, session_hash: str) -> None:
        """A heartbeat stream ended; the last one ending closes the session.

        Counted, not flagged: a client that reconnects its heartbeat opens the new stream
        before the server sees the old one end, and the old one's end must not close the
        session the new one keeps open (the cause of "Session 'S' is closed" refusals of
        joins sent while a heartbeat was open).
        """
        left = self._heartbeats.get(session_hash, 0) - 1
        if left > 0:
            self._heartbeats[session_hash] = left
            return
        self._heartbeats.pop(session_hash, None)
        self.engine.close_session(session_hash)
        self.forget(session_hash)

    def forget(self, session_hash: str) -> None:
        """The session ended: its unread messages go, and its hash may start a new session."""
        self._outboxes.pop(session_hash, None)
        # The engine has ended the session's jobs and started its unload functions (which
        # hold the session object); dropping it lets the same hash open a fresh session
        # instead of being refused as closed, and keeps memory bounded by live sessions.
        session = self.engine.sessions.get(session_hash)
        if session is not None and session.closed:
            del self.engine.sessions[session_hash]

    @property
    def open_sessions(self) -> int:
        return len(self._outboxes)
