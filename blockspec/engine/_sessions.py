"""Sessions: one per client tab, with its State values, its own copies of updated components,
and its message subscribers.

What a session holds on the server lives in a store bounded by
``launch(state_session_capacity=...)``: when more sessions than that hold something, the least
recently used one loses it all (its States start again from their initial value on next use,
its components from the app's), as in Gradio. A session's pending jobs are tracked so the
engine knows when to close its stream and what to end when it disconnects.

Two things a session keeps, as Gradio 4.44.1's ``SessionState`` does (state_holder.py):

* **State values**, and for a State with ``time_to_live`` the time of its last *write* (a
  function returning a value for it). Reading the initial value is no write: a State never
  written never expires. :meth:`StateStore.expire` drops the values whose time is up.
* **Updated components**: a function that returns a component or ``gr.update(...)`` for an
  output replaces, for this session only, that component by one built from its arguments and
  the update's (blocks.py:1746-1754); later inputs are preprocessed and outputs postprocessed
  by the session's copy (``gr.Dropdown(multiselect=True)`` then takes lists).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._block import Block
    from .._components._special import State
    from .._render import SessionRenders
    from .._request import Request
    from ._jobs import Job
    from ._messages import Message

__all__ = ["Session", "SessionData", "StateStore", "fingerprint"]

Subscriber = Callable[["Message"], None]


class SessionData:
    """What the server holds for one session (see the module docstring)."""

    __slots__ = ("values", "written", "blocks")

    def __init__(self) -> None:
        #: State values by block id.
        self.values: dict[int, Any] = {}
        #: block id -> engine time of the last write, for States with a time_to_live.
        self.written: dict[int, float] = {}
        #: block id -> this session's own copy of a component a function updated.
        self.blocks: dict[int, Block] = {}


class StateStore:
    """What every session holds, least recently used first.

    ``clock`` is the engine's (writes are timed by it); ``on_expiring`` is called when a
    value that can expire is written, so the engine starts sweeping.
    """

    def __init__(
        self,
        capacity: int,
        on_evict: Callable[[str], None] | None = None,
        *,
        clock: Callable[[], float] | None = None,
        on_expiring: Callable[[], None] | None = None,
    ) -> None:
        self.capacity = capacity
        self._data: OrderedDict[str, SessionData] = OrderedDict()
        self._on_evict = on_evict
        self._clock = clock
        self._on_expiring = on_expiring

    def data_of(self, session_hash: str) -> SessionData:
        """The session's data (made if new, which may evict the least recently used)."""
        data = self._data.get(session_hash)
        if data is None:
            data = self._data[session_hash] = SessionData()
            while len(self._data) > self.capacity:
                evicted, _ = self._data.popitem(last=False)
                if self._on_evict is not None:
                    self._on_evict(evicted)
        else:
            self._data.move_to_end(session_hash)
        return data

    def values_of(self, session_hash: str) -> dict[int, Any]:
        return self.data_of(session_hash).values

    def peek(self, session_hash: str) -> SessionData | None:
        """The session's data if it has any; makes nothing, moves nothing."""
        return self._data.get(session_hash)

    def drop(self, session_hash: str) -> dict[int, Any]:
        """Forget the session; returns its State values (for their delete callbacks)."""
        data = self._data.pop(session_hash, None)
        return data.values if data is not None else {}

    def __contains__(self, session_hash: str) -> bool:
        return session_hash in self._data

    def wrote(self, data: SessionData, block: State) -> None:
        """``block``'s value in ``data`` was just written: restart its time to live."""
        if block.time_to_live is None:
            return
        assert block.id is not None
        data.written[block.id] = self._clock() if self._clock is not None else 0.0
        if self._on_expiring is not None:
            self._on_expiring()

    @property
    def expiring(self) -> bool:
        """Whether any session holds a value that can expire."""
        return any(data.written for data in self._data.values())

    def expire(self, now: float, state_of: Callable[[int], State]) -> Iterator[tuple[str, State, Any]]:
        """Drop every value whose time to live has passed; yield (session, State, value).

        As Gradio 4.44.1 (state_holder.py:133-137) a value expires once the *whole* seconds
        since its last write exceed ``time_to_live`` (timedelta.seconds). Sessions in least
        recently used order, States by id: the order is the same in every run.
        """
        for session_hash, data in list(self._data.items()):
            for block_id in sorted(data.written):
                block = state_of(block_id)
                ttl = block.time_to_live
                if ttl is None or math.floor(now - data.written[block_id]) <= ttl:
                    continue
                del data.written[block_id]
                if block_id in data.values:
                    yield session_hash, block, data.values.pop(block_id)


_MISSING: Any = object()


class Session:
    """A client's session: its hash, pending jobs, subscribers, and access to what it holds."""

    def __init__(self, session_hash: str, store: StateStore, *, username: str | None = None) -> None:
        self.hash = session_hash
        self.username = username
        self.closed = False
        self.pending: dict[str, Job] = {}
        # Replaced, never mutated, so a delivery can iterate it while a subscriber leaves.
        self.subscribers: tuple[Subscriber, ...] = ()
        self._store = store
        #: what this session's gr.render runs built (blockspec/_render.py); None until one ran
        self.renders: SessionRenders | None = None
        #: the HTTP request that last submitted for this session (served only)
        self.request: Request | None = None

    def state_value(self, block: State) -> Any:
        values = self._store.values_of(self.hash)
        assert block.id is not None
        if block.id not in values:
            values[block.id] = block.session_start_value()
        return values[block.id]

    def set_state(self, block: State, value: Any, *, before: Any = _MISSING) -> bool:
        """Store ``value``; True if it differs from what was there. ``before``: the
        :func:`fingerprint` of the value when the function was called, which tells a value
        changed in place (``tasks[0]["done"] = True; return tasks``) from an unchanged one, as
        Gradio's hash taken before the call does (blocks.py:1884, 1946-1950)."""
        data = self._store.data_of(self.hash)
        assert block.id is not None
        old = data.values.get(block.id, _MISSING)
        data.values[block.id] = value
        self._store.wrote(data, block)
        if before is not _MISSING and before != fingerprint(value):
            return True
        try:
            return bool(old is _MISSING or old != value)
        except Exception:
            return True

    def state_fingerprint(self, block: State) -> Any:
        """:func:`fingerprint` of the State's value now (its start value if never read)."""
        return fingerprint(self.state_value(block))

    def component(self, block: Block) -> Block:
        """The session's own copy of ``block`` if a function updated it, else ``block``."""
        data = self._store.peek(self.hash)
        if data is None or not data.blocks:
            return block
        assert block.id is not None
        return data.blocks.get(block.id, block)

    def replace_component(self, block_id: int, copy: Block) -> None:
        """From now on this session pre/postprocesses ``block_id`` with ``copy``."""
        self._store.data_of(self.hash).blocks[block_id] = copy


def fingerprint(value: Any) -> Any:
    """A value's contents as nested tuples, to tell whether it changed (in place or not):
    numbers, strings and bytes by value, containers by their items (a dict's and a set's in
    a sorted order), any other object by identity, as Gradio's ``deep_hash`` (utils.py)."""
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return (type(value).__name__, value)
    if isinstance(value, dict):
        return ("dict", tuple(sorted(((repr(k), fingerprint(v)) for k, v in value.items()), key=repr)))
    if isinstance(value, (list, tuple)):
        return ("list", tuple(fingerprint(item) for item in value))
    if isinstance(value, (set, frozenset)):
        # Sorted, so the fingerprint does not depend on the set's memory order.
        return ("set", tuple(sorted((fingerprint(item) for item in value), key=repr)))
    return ("object", id(value))
