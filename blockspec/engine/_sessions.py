"""Sessions: one per client tab, with its State values and its message subscribers.

State values live in a store bounded by ``launch(state_session_capacity=...)``: when more
sessions than that hold state, the least recently used one loses its values (its States start
again from their initial value on next use), as in Gradio. A session's pending jobs are
tracked so the engine knows when to close its stream and what to end when it disconnects.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .._components._special import State

if TYPE_CHECKING:
    from ._engine import Job
    from ._messages import Message

__all__ = ["Session", "StateStore"]

Subscriber = Callable[["Message"], None]


class StateStore:
    """State values of every session, least recently used first."""

    def __init__(self, capacity: int, on_evict: Callable[[str], None] | None = None) -> None:
        self.capacity = capacity
        self._values: OrderedDict[str, dict[int, Any]] = OrderedDict()
        self._on_evict = on_evict

    def values_of(self, session_hash: str) -> dict[int, Any]:
        values = self._values.get(session_hash)
        if values is None:
            values = self._values[session_hash] = {}
            while len(self._values) > self.capacity:
                evicted, _ = self._values.popitem(last=False)
                if self._on_evict is not None:
                    self._on_evict(evicted)
        else:
            self._values.move_to_end(session_hash)
        return values

    def drop(self, session_hash: str) -> dict[int, Any]:
        return self._values.pop(session_hash, {})

    def __contains__(self, session_hash: str) -> bool:
        return session_hash in self._values


class Session:
    """A client's session: its hash, pending jobs, subscribers, and access to its States."""

    def __init__(self, session_hash: str, store: StateStore, *, username: str | None = None) -> None:
        self.hash = session_hash
        self.username = username
        self.closed = False
        self.pending: dict[str, Job] = {}
        # Replaced, never mutated, so a delivery can iterate it while a subscriber leaves.
        self.subscribers: tuple[Subscriber, ...] = ()
        self._store = store

    def state_value(self, block: State) -> Any:
        values = self._store.values_of(self.hash)
        assert block.id is not None
        if block.id not in values:
            values[block.id] = block.session_start_value()
        return values[block.id]

    def set_state(self, block: State, value: Any) -> bool:
        """Store ``value``; True if it differs from what was there."""
        values = self._store.values_of(self.hash)
        assert block.id is not None
        old = values.get(block.id, _MISSING)
        values[block.id] = value
        try:
            return bool(old is _MISSING or old != value)
        except Exception:
            return True


_MISSING = object()
