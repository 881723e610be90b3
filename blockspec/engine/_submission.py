"""Submissions: which dependency a request names, and a job made of it -- accepted into the
queue, refused because the queue is full, or run outside it -- and cancels of jobs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .._errors import QueueFull, SubmissionError
from ._jobs import Job
from ._lifecycle import JobTrigger

if TYPE_CHECKING:
    from .._graph import AppGraph, DependencySpec
    from .._request import Request
    from ._engine import Engine
    from ._runners import DurationSpec

__all__ = ["Submissions"]


class Submissions:
    """Turns submissions into jobs, and cancels them (see :meth:`Engine.submit`)."""

    def __init__(self, engine: Engine, event_ids: Callable[[], str] | None) -> None:
        self.graph = engine.graph
        self.clock = engine.clock
        self.jobs = engine.jobs
        self.max_size = engine.graph.queue.max_size
        self._event_ids = event_ids
        self._next_event = 0
        self._next_seq = 0

    def bind(self, engine: Engine) -> None:
        """Take the other parts' methods (made after this one)."""
        delivery, dispatcher, keeper = engine._delivery, engine._dispatcher, engine._keeper
        self._dispatcher = dispatcher
        self._sessions = keeper.sessions
        self._open_session = keeper.open
        self._record = delivery.record
        self._transition = delivery.transition
        self._track_pending = delivery.track_pending

    def graph_of(self, session_hash: str | None) -> AppGraph:
        session = self._sessions.get(session_hash) if session_hash is not None else None
        if session is None or session.renders is None:
            return self.graph
        return session.renders.graph

    def endpoint(
        self, fn_index: int | None = None, *, api_name: str | None = None, session_hash: str | None = None
    ) -> DependencySpec:
        return self._endpoint_in(self.graph_of(session_hash), fn_index, api_name)

    def _endpoint_in(self, graph: AppGraph, fn_index: int | None, api_name: str | None = None) -> DependencySpec:
        deps = graph.dependencies
        if api_name is not None:
            name = api_name.lstrip("/")
            for dep in deps:
                if dep.api_name == name:
                    return dep
            raise SubmissionError(
                f"There is no endpoint named {api_name!r} (api_name=False endpoints cannot be called).", status=404
            )
        if fn_index is None:
            raise SubmissionError("No function index provided.", status=400)
        if not isinstance(fn_index, int) or isinstance(fn_index, bool) or not graph.has_dependency(fn_index):
            raise SubmissionError(f"There is no dependency with fn_index {fn_index!r}.", status=404)
        dep = graph.dependency(fn_index)
        if dep.api_name is False and dep.role == "listener":
            raise SubmissionError(f"Dependency {fn_index} has api_name=False: it cannot be called.", status=404)
        if not dep.backend_fn:
            raise SubmissionError(
                f"Dependency {fn_index} has no Python function to run (it is JavaScript only).", status=400
            )
        if dep.role == "unload":
            raise SubmissionError(
                f"Dependency {fn_index} runs when a session closes; it cannot be submitted.", status=400
            )
        return dep

    def submit(
        self,
        session_hash: str,
        fn_index: int,
        data: Sequence[Any],
        *,
        event_data: Any = None,
        trigger_id: int | None = None,
        duration: DurationSpec | None = None,
        skip_queue: bool = False,
        allow_private: bool = False,
        event_id: str | None = None,
        request: Request | None = None,
    ) -> str:
        graph = self.graph_of(session_hash)
        dep = self._endpoint_for_submit(fn_index, allow_private, graph, session_hash)
        if len(data) != len(dep.inputs):
            raise SubmissionError(
                f"Dependency {fn_index} takes {len(dep.inputs)} input value(s); {len(data)} were sent.", status=422
            )
        session = self._sessions[self._open_session(session_hash)]
        if session.closed:
            raise SubmissionError(f"Session {session_hash!r} is closed; open a new session.", status=400)
        if request is not None:
            session.request = request
        if event_id is None:
            event_id = self._new_event_id()
        elif event_id in self.jobs:
            raise SubmissionError(f"The event id {event_id!r} is already in use.", status=409)
        self._next_seq += 1
        job = Job(
            event_id=event_id,
            seq=self._next_seq,
            session=session,
            dep=dep,
            data=tuple(data),
            event_data=event_data,
            trigger_id=trigger_id,
            duration=duration,
            submitted_at=self.clock.now(),
            graph=graph,
        )
        self.jobs[event_id] = job
        self._record(
            "job",
            "submit",
            session=session.hash,
            event_id=event_id,
            dep_id=dep.id,
            state=job.state._value_,
            group=dep.concurrency_id,
        )
        if skip_queue or dep.queue is False:
            self._transition(job, JobTrigger.RUN_DIRECT)
            self._track_pending(job)
            self._dispatcher.run_direct(job)
            return event_id
        max_size = self.max_size
        waiting = self._dispatcher.waiting
        if max_size is not None and waiting >= max_size:
            self._transition(job, JobTrigger.REJECT)
            del self.jobs[event_id]
            raise QueueFull(f"Queue is full. Max size is {max_size} and size is {waiting}.")
        self._transition(job, JobTrigger.ACCEPT)
        self._track_pending(job)
        self._dispatcher.enqueue(job, graph)
        return event_id

    def _endpoint_for_submit(
        self, fn_index: int, allow_private: bool, graph: AppGraph, session_hash: str
    ) -> DependencySpec:
        if allow_private and isinstance(fn_index, int) and graph.has_dependency(fn_index):
            dep = graph.dependency(fn_index)
            if not dep.backend_fn:
                raise SubmissionError(f"Dependency {fn_index} has no Python function to run.", status=400)
            return dep
        return self._endpoint_in(graph, fn_index)

    def _new_event_id(self) -> str:
        if self._event_ids is not None:
            return self._event_ids()
        self._next_event += 1
        return f"e{self._next_event}"

    # ------------------------------------------------------------------------------------
    # cancels
    # ------------------------------------------------------------------------------------

    def cancel(self, session_hash: str, event_id: str) -> bool:
        job = self.jobs.get(event_id)
        if job is None or job.session.hash != session_hash or job.done:
            return False
        self._dispatcher.end(job, JobTrigger.CANCEL)
        return True

    def cancel_dependency(self, session_hash: str, fn_index: int) -> list[str]:
        session = self._sessions.get(session_hash)
        if session is None:
            return []
        cancelled = []
        for job in list(session.pending.values()):
            if job.dep.id == fn_index and self.cancel(session_hash, job.event_id):
                cancelled.append(job.event_id)
        return cancelled
