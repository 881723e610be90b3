"""Sessions as the engine keeps them: opened, subscribed to, closed, and their State swept.

:class:`SessionKeeper` owns the engine's table of sessions and the store of what they hold
(``_sessions.StateStore``). Closing a session ends its jobs, runs the app's unload functions
once, and drops what it held; States with a ``time_to_live`` are swept as Gradio sweeps them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .._files import set_file_store
from .._request import SIMULATED_HEADERS, Request
from ._calls import build_call
from ._failures import failure_json
from ._jobs import Signal
from ._lifecycle import JobTrigger
from ._runners import Timing
from ._sessions import Session, StateStore

if TYPE_CHECKING:
    import trio

    from .._graph import DependencySpec
    from ._engine import Engine
    from ._messages import Message

__all__ = ["SessionKeeper"]


class SessionKeeper:
    """The engine's sessions (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        graph = engine.graph
        self.graph = graph
        self.clock = engine.clock
        self.runner = engine.runner
        self.files = engine.files
        self.nursery: trio.Nursery | None = None
        self.sessions: dict[str, Session] = {}
        self.states_signal = Signal()
        self.store = StateStore(
            graph.launch.state_session_capacity,
            on_evict=self._state_evicted,
            clock=self.clock.now,
            on_expiring=self.states_signal.set,
        )
        #: subscribers that take each job's estimation when a queue moves (see subscribe)
        self.estimation_subscribers = 0
        self._next_session = 0
        self._unload_deps = [d for d in graph.dependencies if d.role == "unload"]

    def bind(self, engine: Engine) -> None:
        """Take the other parts' methods (made after this one)."""
        self._record = engine._delivery.record
        self._end = engine._dispatcher.end
        self._drop_groups = engine._dispatcher.drop_groups

    def open(self, session_hash: str | None = None, *, username: str | None = None) -> str:
        if session_hash is None:
            self._next_session += 1
            session_hash = f"s{self._next_session}"
        if session_hash not in self.sessions:
            self.sessions[session_hash] = Session(session_hash, self.store, username=username)
            self._record("session", "open", session=session_hash)
        return session_hash

    def subscribe(
        self, session_hash: str, callback: Callable[[Message], None], *, estimations: bool = True
    ) -> Callable[[], None]:
        session = self.sessions[self.open(session_hash)]
        session.subscribers = (*session.subscribers, callback)
        if estimations:
            self.estimation_subscribers += 1

        def unsubscribe() -> None:
            if callback in session.subscribers and estimations:
                self.estimation_subscribers -= 1
            session.subscribers = tuple(s for s in session.subscribers if s is not callback)

        return unsubscribe

    def close(self, session_hash: str) -> bool:
        session = self.sessions.get(session_hash)
        if session is None or session.closed:
            return False
        session.closed = True
        self._record("session", "close", session=session_hash)
        for job in list(session.pending.values()):
            self._end(job, JobTrigger.CLOSE)
        assert self.nursery is not None
        for dep in self._unload_deps:
            self.nursery.start_soon(self.run_unload, dep, session)
        self._drop_state(session_hash)
        self._drop_groups(session_hash)
        return True

    def request(self, session: Session) -> Request:
        # Served: the HTTP request that last submitted for the session (the server passes it
        # to submit()); simulated: the virtual client's fixed stand-in.
        if session.request is not None:
            return session.request
        return Request(
            session_hash=session.hash, username=session.username, client=session.hash, headers=SIMULATED_HEADERS
        )

    async def run_unload(self, dep: DependencySpec, session: Session) -> None:
        set_file_store(self.files)
        self._record("unload", "start", session=session.hash, dep_id=dep.id)
        try:
            args, kwargs = build_call(
                self.graph,
                dep,
                [],
                session=session,
                request=self.request(session),
                event_data=None,
                trigger_id=None,
            )
            assert dep.fn is not None
            await self.runner.call(dep.fn, args, kwargs, timing=Timing(dep))
        except Exception as exc:
            self._record("unload", "error", session=session.hash, dep_id=dep.id, detail=failure_json(exc, dep.fn))
        else:
            self._record("unload", "end", session=session.hash, dep_id=dep.id)

    # ------------------------------------------------------------------------------------
    # what sessions hold
    # ------------------------------------------------------------------------------------

    def _drop_state(self, session_hash: str) -> None:
        values = self.store.drop(session_hash)
        for block_id in sorted(values):
            self._state_deleted(session_hash, self.graph.block(block_id).block, values[block_id])

    def _state_deleted(self, session_hash: str, block: Any, value: Any) -> None:
        callback = getattr(block, "delete_callback", None)
        if callback is not None:
            try:
                callback(value)
            except Exception as exc:
                self._record("session", "delete_callback_error", session=session_hash, detail=failure_json(exc))

    async def sweep_states(self) -> None:
        """Drop State values past their ``time_to_live``, as Gradio's once-a-second sweep.

        Gradio sweeps every second from the server's start (route_utils.py:857-861); here
        at each whole second of the engine clock, and only while some written value can
        expire, so an idle simulation has no deadline to jump to.
        """
        while True:
            await self.states_signal.wait()
            await self.clock.sleep_until(math.floor(self.clock.now()) + 1)
            now = self.clock.now()
            for session_hash, block, value in self.store.expire(now, lambda i: self.graph.block(i).block):
                self._record("session", "state_expired", session=session_hash, detail=json.dumps({"block": block.id}))
                self._state_deleted(session_hash, block, value)
            if not self.store.expiring:
                self.states_signal.clear()

    def _state_evicted(self, session_hash: str) -> None:
        self._record("session", "state_evicted", session=session_hash)
