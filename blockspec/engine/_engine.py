"""The engine: one trio implementation of Gradio's queue and event semantics.

It takes submissions (a session asks to run a dependency with some input values), queues
them in concurrency groups, runs them through a :class:`~blockspec.engine.Runner`, and
delivers to each session the messages Gradio sends on ``/gradio_api/queue/data``. The
simulator and the server are two ways of driving this one object; nothing about the
semantics lives in either.

Invariants kept here (each explained where it is kept):

* a job changes state only through the lifecycle table (``_transition``);
* every accepted job gets exactly one terminal message, and nothing after it (``_finish``);
* a run holds its group's slot from ``_dispatch`` until ``_release``, whatever happens in
  between (``_execute``'s ``finally``), so a failing function never leaks its slot;
* all choices come from ``self.rng``; time only from ``self.clock``; no set is iterated.
"""

from __future__ import annotations

import functools
import json
import math
import random
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import trio

from .._errors import Error, QueueFull, SubmissionError
from .._files import FileStore, reset_file_store, set_file_store
from .._graph import AppGraph, DependencySpec
from .._progress import JobReporter, reset_reporter, set_reporter
from .._render import RenderOutcome, SessionRenders, rendered_summary
from .._request import SIMULATED_HEADERS, Request
from ._calls import build_call, postprocess_outputs, split_outputs, state_marks
from ._clock import TrioClock
from ._diff import diff
from ._failures import failure_json
from ._history import History
from ._lifecycle import PENDING, TERMINAL, JobState, JobTrigger, advance
from ._messages import (
    CANCELLED_OUTPUT,
    CloseStream,
    Estimation,
    Heartbeat,
    Log,
    Message,
    ProcessCompleted,
    ProcessGenerating,
    ProcessStarts,
    Progress,
    error_output,
    success_output,
)
from ._queue import Group, GroupOrder, ProcessTimes, choose_group
from ._runners import EXHAUSTED, DurationSpec, InlineRunner, Runner, Timing
from ._sessions import Session, StateStore

__all__ = ["Engine", "Job", "open_engine"]


class Job:
    """One submission of one dependency by one session."""

    __slots__ = (
        "event_id",
        "seq",
        "session",
        "dep",
        "data",
        "event_data",
        "trigger_id",
        "duration",
        "state",
        "submitted_at",
        "yielded",
        "last_data",
        "group",
        "graph",
        "render_config",
        "state_marks",
    )

    def __init__(
        self,
        *,
        event_id: str,
        seq: int,
        session: Session,
        dep: DependencySpec,
        data: tuple[Any, ...],
        event_data: Any,
        trigger_id: int | None,
        duration: DurationSpec | None,
        submitted_at: float,
        graph: AppGraph,
    ) -> None:
        self.event_id = event_id
        self.seq = seq
        self.session = session
        self.dep = dep
        self.data = data
        self.event_data = event_data
        self.trigger_id = trigger_id
        self.duration = duration
        self.state = JobState.RECEIVED
        self.submitted_at = submitted_at
        self.yielded = False
        self.last_data: list[Any] | None = None
        self.group: Group | None = None
        #: the session's graph when the job was submitted: the blocks its dependency reads
        #: and writes, even if a gr.render run has replaced them since (Gradio keeps them too)
        self.graph = graph
        #: a gr.render job's answer: what the client re-renders (``_render.RenderOutcome``)
        self.render_config: dict[str, Any] | None = None
        #: the output States' fingerprints when the function was called (``_calls.state_marks``)
        self.state_marks: dict[int, Any] | None = None

    @property
    def done(self) -> bool:
        return self.state in TERMINAL

    def __repr__(self) -> str:
        return f"<Job {self.event_id} dep={self.dep.id} {self.state.name}>"


class _Run:
    """One execution: a job, or the jobs of a batch; holds one slot of its group."""

    __slots__ = ("id", "jobs", "dep", "group", "started_at", "duration", "mean")

    def __init__(self, run_id: int, jobs: list[Job], group: Group | None, started_at: float) -> None:
        self.id = run_id
        self.jobs = jobs
        self.dep = jobs[0].dep
        self.group = group
        self.started_at = started_at
        self.duration = 0.0
        self.mean: float | None = None


#: Every close_stream is the same (frozen) message: one object serves a whole run.
_CLOSE_STREAM = CloseStream()


class _Signal:
    """A level-triggered flag tasks can wait on (set when there is work for a ticker).

    Set and cleared once per job on a busy queue, so it is a plain flag; a trio Event
    exists only while a ticker waits for the flag to be set.
    """

    def __init__(self) -> None:
        self._is_set = False
        self._event: trio.Event | None = None

    def set(self) -> None:
        self._is_set = True
        if self._event is not None:
            self._event.set()
            self._event = None

    def clear(self) -> None:
        self._is_set = False

    async def wait(self) -> None:
        if self._is_set:
            await trio.lowlevel.checkpoint()
            return
        if self._event is None:
            self._event = trio.Event()
        await self._event.wait()

    async def tick(self, seconds: float, action: Callable[[], None]) -> None:
        """Forever: once the flag is set, wait ``seconds``, then ``action()`` (a ticker)."""
        while True:
            await self.wait()
            await trio.sleep(seconds)
            action()


class _Reporter(JobReporter):
    """Progress and log messages from inside a job's function."""

    def __init__(self, engine: Engine, job: Job) -> None:
        self.engine = engine
        self.job = job

    def _emit(self, message: Message) -> None:
        if threading.get_ident() == self.engine._loop_thread:
            self.engine._send(self.job, message)
        else:
            trio.from_thread.run_sync(self.engine._send, self.job, message)

    def progress(self, updates: list[dict[str, Any]]) -> None:
        self._emit(Progress(event_id=self.job.event_id, progress_data=tuple(updates)))

    def log(self, level: str, message: str, duration: float | None, visible: bool, title: str) -> None:
        self._emit(
            Log(
                event_id=self.job.event_id,
                log=message,
                level=level,
                duration=None if duration is None else float(duration),
                visible=visible,
                title=title,
            )
        )


class Engine:
    """Queue and run an app's events. Create it with :func:`open_engine`.

    Keyword options:

    * ``seed`` -- seeds the one random generator of the run (group order, ids).
    * ``group_order`` -- "fifo" (the group whose head came first goes next) or "random"
      (a seeded choice, as Gradio's shuffle).
    * ``runner`` -- how functions are called (default :class:`InlineRunner`: inline with
      modelled durations, for virtual time).
    * ``show_error`` -- whether non-``gr.Error`` exceptions reach the client (default: the
      app's ``launch(show_error=...)``).
    * ``heartbeat_interval`` -- seconds between heartbeats to sessions with pending jobs
      (None: none).
    * ``event_ids`` -- a factory of event ids (default: ``"e1"``, ``"e2"``, ...).
    * ``files`` -- where files the app creates are stored (tracked for ``delete_cache``).
    """

    def __init__(
        self,
        graph: AppGraph,
        *,
        seed: int = 0,
        group_order: GroupOrder = "fifo",
        runner: Runner | None = None,
        show_error: bool | None = None,
        heartbeat_interval: float | None = 15.0,
        history: History | None = None,
        event_ids: Callable[[], str] | None = None,
        files: FileStore | None = None,
    ) -> None:
        self.graph = graph
        self.rng = random.Random(seed)
        self.group_order: GroupOrder = group_order
        self.runner: Runner = runner or InlineRunner()
        self.show_error = graph.launch.show_error if show_error is None else show_error
        self.heartbeat_interval = heartbeat_interval
        self.history = history if history is not None else History()
        self.clock = TrioClock()
        self.files = files or FileStore()
        if self.files.clock is None:
            self.files.clock = self.clock.now
        self._event_ids = event_ids
        self._next_event = 0
        self._next_session = 0
        self._next_seq = 0
        self._next_run = 0
        self.max_threads = graph.launch.max_threads
        self.queue_settings = graph.queue
        self._states_signal = _Signal()
        self._store = StateStore(
            graph.launch.state_session_capacity,
            on_evict=self._state_evicted,
            clock=self.clock.now,
            on_expiring=self._states_signal.set,
        )
        self.sessions: dict[str, Session] = {}
        #: the jobs not over yet, by event id. An ended job is dropped at its terminal
        #: message: a server that runs for days must not keep every job it ever ran (the
        #: history keeps what happened to it).
        self.jobs: dict[str, Job] = {}
        self._groups: dict[str, Group] = {}
        #: session hash -> the groups made for listeners its gr.render runs added
        self._session_groups: dict[str, list[str]] = {}
        for dep in graph.dependencies:
            if dep.backend_fn and dep.concurrency_id not in self._groups:
                self._groups[dep.concurrency_id] = Group(dep.concurrency_id, graph.concurrency_limit_of(dep))
        self._times = ProcessTimes()
        self._waiting = 0
        self._active = 0
        self._pending = 0
        self._waiting_signal = _Signal()
        self._pending_signal = _Signal()
        self._files_signal = _Signal()
        self._nursery: trio.Nursery | None = None
        self._closing = False
        # Runs that take no time (see _instant_run), made by _drain in order.
        self._instant: deque[_Run] = deque()
        self._draining = False
        self._loop_thread = threading.get_ident()
        self._unload_deps = [d for d in graph.dependencies if d.role == "unload"]
        # Dependencies whose runs are one call of a sync function (no batch, no generator,
        # no coroutine): only these may be made at once (see _drain).
        self._plain_calls = frozenset(
            d.id
            for d in graph.dependencies
            if d.fn is not None and not d.batch and not d.signature.is_generator and not d.signature.is_async
        )

    # ------------------------------------------------------------------------------------
    # life of the engine
    # ------------------------------------------------------------------------------------

    def _start(self, nursery: trio.Nursery) -> None:
        self._nursery = nursery
        self._loop_thread = threading.get_ident()
        self.clock.start()
        rate = self.queue_settings.status_update_rate
        if rate != "auto":
            nursery.start_soon(self._waiting_signal.tick, float(rate), self._broadcast_waiting)
        if self.heartbeat_interval:
            nursery.start_soon(self._pending_signal.tick, self.heartbeat_interval, self._heartbeat)
        if any(getattr(n.block, "time_to_live", None) is not None for n in self.graph.blocks):
            nursery.start_soon(self._sweep_states)
        cache = self.graph.settings.delete_cache
        if cache is not None and cache[0] > 0:
            sweep = functools.partial(self._delete_files, age=float(cache[1]))
            nursery.start_soon(self._files_signal.tick, float(cache[0]), sweep)

    def _shutdown(self) -> None:
        # From here on nothing new starts: runs cancelled by the shutdown give back their
        # slots without handing them to waiting jobs.
        self._closing = True
        # "The cache will be deleted entirely when the server restarts": with delete_cache
        # set, every file the app created goes when the engine stops.
        if self.graph.settings.delete_cache is not None:
            self._delete_files(age=None)

    @property
    def now(self) -> float:
        return self.clock.now()

    def _record(
        self,
        kind: str,
        name: str,
        *,
        session: str | None = None,
        event_id: str | None = None,
        dep_id: int | None = None,
        state: str | None = None,
        group: str | None = None,
        detail: Any = None,
    ) -> None:
        history = self.history
        if history._keep or history.listeners:
            history.add(self.clock.now(), kind, name, session, event_id, dep_id, state, group, detail)

    # ------------------------------------------------------------------------------------
    # sessions
    # ------------------------------------------------------------------------------------

    def open_session(self, session_hash: str | None = None, *, username: str | None = None) -> str:
        """Open (or return) a session; a new hash is made if none is given."""
        if session_hash is None:
            self._next_session += 1
            session_hash = f"s{self._next_session}"
        if session_hash not in self.sessions:
            self.sessions[session_hash] = Session(session_hash, self._store, username=username)
            self._record("session", "open", session=session_hash)
        return session_hash

    def subscribe(self, session_hash: str, callback: Callable[[Message], None]) -> Callable[[], None]:
        """Call ``callback`` with each message of the session; returns an unsubscribe function.

        The callback runs inside the engine: it must queue the message, not act on it.
        """
        session = self.sessions[self.open_session(session_hash)]
        session.subscribers = (*session.subscribers, callback)

        def unsubscribe() -> None:
            session.subscribers = tuple(s for s in session.subscribers if s is not callback)

        return unsubscribe

    def close_session(self, session_hash: str) -> bool:
        """The client left (tab closed): end its jobs, run the unload functions once."""
        session = self.sessions.get(session_hash)
        if session is None or session.closed:
            return False
        session.closed = True
        self._record("session", "close", session=session_hash)
        for job in list(session.pending.values()):
            self._end(job, JobTrigger.CLOSE)
        assert self._nursery is not None
        for dep in self._unload_deps:
            self._nursery.start_soon(self._run_unload, dep, session)
        self._drop_state(session_hash)
        self._drop_groups(session_hash)
        return True

    def _drop_state(self, session_hash: str) -> None:
        values = self._store.drop(session_hash)
        for block_id in sorted(values):
            self._state_deleted(session_hash, self.graph.block(block_id).block, values[block_id])

    def _state_deleted(self, session_hash: str, block: Any, value: Any) -> None:
        callback = getattr(block, "delete_callback", None)
        if callback is not None:
            try:
                callback(value)
            except Exception as exc:
                self._record("session", "delete_callback_error", session=session_hash, detail=failure_json(exc))

    async def _sweep_states(self) -> None:
        """Drop State values past their ``time_to_live``, as Gradio's once-a-second sweep.

        Gradio sweeps every second from the server's start (route_utils.py:857-861); here
        at each whole second of the engine clock, and only while some written value can
        expire, so an idle simulation has no deadline to jump to.
        """
        while True:
            await self._states_signal.wait()
            await self.clock.sleep_until(math.floor(self.clock.now()) + 1)
            now = self.clock.now()
            for session_hash, block, value in self._store.expire(now, lambda i: self.graph.block(i).block):
                self._record("session", "state_expired", session=session_hash, detail=json.dumps({"block": block.id}))
                self._state_deleted(session_hash, block, value)
            if not self._store.expiring:
                self._states_signal.clear()

    def _state_evicted(self, session_hash: str) -> None:
        self._record("session", "state_evicted", session=session_hash)

    async def _run_unload(self, dep: DependencySpec, session: Session) -> None:
        set_file_store(self.files)
        self._record("unload", "start", session=session.hash, dep_id=dep.id)
        try:
            args, kwargs = build_call(
                self.graph,
                dep,
                [],
                session=session,
                request=self._request(session),
                event_data=None,
                trigger_id=None,
            )
            assert dep.fn is not None
            await self.runner.call(dep.fn, args, kwargs, timing=Timing(dep))
        except Exception as exc:
            self._record("unload", "error", session=session.hash, dep_id=dep.id, detail=failure_json(exc, dep.fn))
        else:
            self._record("unload", "end", session=session.hash, dep_id=dep.id)

    def _request(self, session: Session) -> Request:
        # Served: the HTTP request that last submitted for the session (the server passes it
        # to submit()); simulated: the virtual client's fixed stand-in.
        if session.request is not None:
            return session.request
        return Request(
            session_hash=session.hash, username=session.username, client=session.hash, headers=SIMULATED_HEADERS
        )

    # ------------------------------------------------------------------------------------
    # submissions
    # ------------------------------------------------------------------------------------

    def graph_of(self, session_hash: str | None) -> AppGraph:
        """The app as ``session_hash`` has it: with what its gr.render runs built, if any."""
        session = self.sessions.get(session_hash) if session_hash is not None else None
        if session is None or session.renders is None:
            return self.graph
        return session.renders.graph

    def endpoint(
        self, fn_index: int | None = None, *, api_name: str | None = None, session_hash: str | None = None
    ) -> DependencySpec:
        """The dependency a submission names, or :class:`SubmissionError` saying why not.

        ``session_hash`` names the session whose listeners count: a session's gr.render runs
        add listeners only it can call (Gradio looks in the session's ``blocks_config``)."""
        graph = self.graph_of(session_hash)
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
        """Submit a job; returns its event id. Raises :class:`QueueFull` when the queue is full.

        ``skip_queue`` runs it outside the queue (the ``/run`` route with ``api_open``);
        ``queue=False`` listeners always do. ``duration`` overrides the modelled duration.
        ``allow_private`` lets the app's own frontend run ``api_name=False`` listeners.
        ``event_id`` names the job (a server that must know it before the job's first message).
        ``request`` is the HTTP request behind it (what a ``gr.Request`` parameter receives).

        A job whose function takes no time at all (see :meth:`Runner.instant`) runs to its
        end inside this call: its messages, the terminal one included, reach the session's
        subscribers before the event id is returned. Subscribers go by the messages' own
        event ids, as Gradio's clients do with a stream that can run ahead of the join reply.
        """
        graph = self.graph_of(session_hash)
        dep = self._endpoint_for_submit(fn_index, allow_private, graph, session_hash)
        if len(data) != len(dep.inputs):
            raise SubmissionError(
                f"Dependency {fn_index} takes {len(dep.inputs)} input value(s); {len(data)} were sent.", status=422
            )
        session = self.sessions[self.open_session(session_hash)]
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
            self._begin(_Run(self._new_run_id(), [job], None, self.clock.now()))
            self._drain()
            return event_id
        max_size = self.queue_settings.max_size
        if max_size is not None and self._waiting >= max_size:
            self._transition(job, JobTrigger.REJECT)
            del self.jobs[event_id]
            raise QueueFull(f"Queue is full. Max size is {max_size} and size is {self._waiting}.")
        self._transition(job, JobTrigger.ACCEPT)
        self._track_pending(job)
        group = self._group_for(dep, graph, session)
        job.group = group
        group.waiting.append(job)
        self._waiting += 1
        self._waiting_signal.set()
        # Gradio tells a new job where it stands as soon as it joins (even if it starts at once).
        index = len(group.waiting) - 1
        self._send(
            job,
            Estimation(
                event_id=event_id,
                rank=index,
                queue_size=len(group.waiting),
                rank_eta=self._times.rank_eta(group, index, self.clock.now()),
            ),
        )
        self._dispatch()
        return event_id

    def _endpoint_for_submit(
        self, fn_index: int, allow_private: bool, graph: AppGraph, session_hash: str
    ) -> DependencySpec:
        if allow_private and isinstance(fn_index, int) and graph.has_dependency(fn_index):
            dep = graph.dependency(fn_index)
            if not dep.backend_fn:
                raise SubmissionError(f"Dependency {fn_index} has no Python function to run.", status=400)
            return dep
        return self.endpoint(fn_index, session_hash=session_hash)

    def _group_for(self, dep: DependencySpec, graph: AppGraph, session: Session) -> Group:
        group = self._groups.get(dep.concurrency_id)
        if group is None:
            # A listener a gr.render run added, in a group of its own (see _render.py): the
            # session's, dropped when it closes (a server must not keep one per closed tab).
            group = self._groups[dep.concurrency_id] = Group(dep.concurrency_id, graph.concurrency_limit_of(dep))
            if dep.concurrency_id.endswith(f"@{session.hash}"):
                # Named for this session (SessionRenders._group_of): only its jobs join it.
                self._session_groups.setdefault(session.hash, []).append(dep.concurrency_id)
        return group

    def _drop_groups(self, session_hash: str) -> None:
        # Called once the session's jobs are ended: none waits in these groups any more; a
        # run still going holds its group itself (_Run.group), not through this table.
        for group_id in self._session_groups.pop(session_hash, ()):
            self._groups.pop(group_id, None)

    def _new_event_id(self) -> str:
        if self._event_ids is not None:
            return self._event_ids()
        self._next_event += 1
        return f"e{self._next_event}"

    def _new_run_id(self) -> int:
        self._next_run += 1
        return self._next_run

    def _track_pending(self, job: Job) -> None:
        job.session.pending[job.event_id] = job
        self._pending += 1
        self._pending_signal.set()

    # ------------------------------------------------------------------------------------
    # cancels
    # ------------------------------------------------------------------------------------

    def cancel(self, session_hash: str, event_id: str) -> bool:
        """Cancel one of the session's own jobs. False if it is not the session's, or is over.

        A waiting job leaves the queue; a running one is over for its client at once, while
        its function finishes (a generator stops at its next yield) and its result is dropped.
        """
        job = self.jobs.get(event_id)
        if job is None or job.session.hash != session_hash or job.done:
            return False
        self._end(job, JobTrigger.CANCEL)
        return True

    def cancel_dependency(self, session_hash: str, fn_index: int) -> list[str]:
        """Cancel every pending job of dependency ``fn_index`` that the session owns."""
        session = self.sessions.get(session_hash)
        if session is None:
            return []
        cancelled = []
        for job in list(session.pending.values()):
            if job.dep.id == fn_index and self.cancel(session_hash, job.event_id):
                cancelled.append(job.event_id)
        return cancelled

    def _end(self, job: Job, trigger: JobTrigger) -> None:
        was = job.state
        if job.state is JobState.QUEUED:
            assert job.group is not None
            job.group.waiting.remove(job)
            self._waiting -= 1
            if not self._waiting:
                self._waiting_signal.clear()
        self._transition(job, trigger, detail={"from": was.value})
        self._finish(job, ProcessCompleted(event_id=job.event_id, output=dict(CANCELLED_OUTPUT), success=True))

    # ------------------------------------------------------------------------------------
    # the queue
    # ------------------------------------------------------------------------------------

    def _dispatch(self, *, adopt: bool = False) -> _Run | None:
        """Start every job that can start now: a group with waiting jobs and room, under max_threads.

        With ``adopt`` the first run started is returned to the caller -- a task whose own
        run just ended -- instead of getting a task of its own (see ``_execute``).
        """
        if self._closing:
            return None
        adopted: _Run | None = None
        started: list[Group] = []
        while self._active < self.max_threads:
            eligible = [g for g in self._groups.values() if g.waiting and g.has_room()]
            if not eligible:
                break
            group = choose_group(eligible, self.group_order, self.rng)
            jobs = group.take()
            self._waiting -= len(jobs)
            if not self._waiting:
                self._waiting_signal.clear()
            run = _Run(self._new_run_id(), jobs, group, self.clock.now())
            group.running += 1
            group.running_since[run.id] = (run.started_at, run.dep.id)
            for job in jobs:
                self._transition(job, JobTrigger.START)
            if adopt and adopted is None and not self._is_instant(run):
                self._begin(run, spawn=False)
                adopted = run
            else:
                self._begin(run)
            if group not in started:
                started.append(group)
        if self.queue_settings.status_update_rate == "auto":
            for group in started:
                if group.waiting:
                    self._broadcast(group)
        self._drain()
        return adopted

    def _record_slot(self, run: _Run, name: str) -> None:
        history = self.history
        if history._keep or history.listeners:
            group = run.group
            history.add(
                self.clock.now(),
                "slot",
                name,
                None,
                None,
                run.dep.id,
                None,
                group.id if group is not None else None,
                tuple([job.event_id for job in run.jobs]),
            )

    def _begin(self, run: _Run, *, spawn: bool = True) -> None:
        self._active += 1
        self._record_slot(run, "acquire")
        eta = self._times.mean(run.dep.id)
        for job in run.jobs:
            self._send(job, ProcessStarts(event_id=job.event_id, eta=eta))
        if spawn:
            if self._is_instant(run):
                self._instant.append(run)
            else:
                assert self._nursery is not None
                self._nursery.start_soon(self._execute, run)

    def _is_instant(self, run: _Run) -> bool:
        """A single call of a sync function that the runner says takes no time."""
        dep = run.dep
        return dep.id in self._plain_calls and self.runner.instant(Timing(dep, 0, run.jobs[0].duration))

    def _drain(self) -> None:
        # Runs that take no time are made here, at once and in the order they started, instead
        # of in tasks of their own: the outcome is the same at the same virtual instant, and a
        # busy simulation saves a task per job. A run made here frees its slot, which may
        # start more; the loop (not recursion) makes those too.
        if self._draining:
            return
        self._draining = True
        try:
            while self._instant:
                self._instant_run(self._instant.popleft())
        finally:
            self._draining = False

    def _instant_run(self, run: _Run) -> None:
        job = run.jobs[0]
        reporter = set_reporter(_Reporter(self, job))
        store = set_file_store(self.files)
        slept = 0.0
        try:
            try:
                args, kwargs = self._call_args(job)
                result, error, slept = self.runner.call_now(self._fn_of(job), args, kwargs)
            except Exception as exc:
                result, error = None, exc
            if slept > 0:
                # The function slept (virtual time.sleep): its outcome is delivered, and its
                # slot given back, when that time has passed -- by a task of its own.
                assert self._nursery is not None
                self._nursery.start_soon(self._end_after, run, slept, result, error)
            elif error is not None:
                self._call_ended(job, run, exc=error)
            else:
                self._call_ended(job, run, result)
        finally:
            reset_reporter(reporter)
            reset_file_store(store)
            if slept <= 0:
                self._release(run)

    async def _end_after(self, run: _Run, seconds: float, result: Any, error: Exception | None) -> None:
        set_file_store(self.files)
        try:
            await trio.sleep(seconds)
            self._call_ended(run.jobs[0], run, result, exc=error)
        finally:
            self._release(run)

    def _release(self, run: _Run, *, adopt: bool = False) -> _Run | None:
        self._active -= 1
        if run.group is not None:
            run.group.running -= 1
            del run.group.running_since[run.id]
        self._record_slot(run, "release")
        return self._dispatch(adopt=adopt)

    def _broadcast(self, group: Group) -> None:
        size = len(group.waiting)
        etas = self._times.rank_etas(group, self.clock.now())
        for index, job in enumerate(group.waiting):
            self._send(job, Estimation(event_id=job.event_id, rank=index, queue_size=size, rank_eta=etas[index]))

    def queue_status(self) -> Estimation:
        """The queue as ``/queue/status`` reports it: the number of waiting jobs."""
        return Estimation(event_id=None, rank=None, queue_size=self._waiting, rank_eta=None)

    def _broadcast_waiting(self) -> None:
        # A number for status_update_rate: estimates every `rate` seconds while anything waits.
        for group in self._groups.values():
            if group.waiting:
                self._broadcast(group)

    def _heartbeat(self) -> None:
        for session in self.sessions.values():
            if session.pending:
                self._deliver(session, Heartbeat())

    # ------------------------------------------------------------------------------------
    # running functions
    # ------------------------------------------------------------------------------------

    async def _execute(self, run: _Run) -> None:
        # Where components store the files they create: this task's own context.
        set_file_store(self.files)
        next_run: _Run | None = run
        while next_run is not None:
            run = next_run
            next_run = None
            # What the function reaches through gr.Progress / gr.Info.
            set_reporter(_Reporter(self, run.jobs[0]))
            # The slot taken in _dispatch is given back here whatever the function did:
            # raised, was cancelled, or the engine itself failed on its output.
            try:
                if run.dep.batch:
                    await self._execute_batch(run)
                elif run.dep.is_generator:
                    await self._execute_generator(run)
                else:
                    await self._execute_call(run)
            finally:
                # The run that takes this slot next is run by this same task: a chain of
                # queued jobs costs no task per job, only the functions' own durations.
                next_run = self._release(run, adopt=True)

    def _measure(self, run: _Run) -> None:
        run.duration = self.clock.now() - run.started_at
        run.mean = self._times.add(run.dep.id, run.duration)

    def _fn_of(self, job: Job) -> Callable[..., Any]:
        dep = job.dep
        if dep.role == "render":
            # A render runs for the job's session: its blocks and listeners are the session's.
            session = job.session
            if session.renders is None:
                session.renders = SessionRenders(dep.renderable.app, self.graph, session.hash)
            return functools.partial(session.renders.run, dep.renderable)
        assert dep.fn is not None
        return dep.fn

    def _call_args(self, job: Job) -> tuple[list[Any], dict[str, Any]]:
        job.state_marks = state_marks(job.dep, job.graph, job.session)
        return build_call(
            job.graph,
            job.dep,
            job.data,
            session=job.session,
            # Most functions take no gr.Request: make one only for those that do.
            request=self._request(job.session) if job.dep.signature.request_param is not None else None,
            event_data=job.event_data,
            trigger_id=job.trigger_id,
        )

    def _outputs(self, job: Job, result: Any) -> tuple[list[Any], tuple[int, ...]]:
        if job.dep.role == "render":
            return self._rendered(job, result)
        raw = split_outputs(job.dep, job.graph, result, job.dep.fn_name or "fn")
        data, changed = postprocess_outputs(job.dep, job.graph, raw, session=job.session, before=job.state_marks)
        self._files_changed()
        return data, changed

    def _rendered(self, job: Job, outcome: Any) -> tuple[list[Any], tuple[int, ...]]:
        """A gr.render run's outputs: nothing for the container (postprocess=False, the
        function returns None), and the ``render_config`` the client re-renders from."""
        if not isinstance(outcome, RenderOutcome):
            raise TypeError(f"a gr.render run gave {type(outcome).__name__}, not a RenderOutcome")
        job.render_config = outcome.config
        self._record(
            "render",
            "run",
            session=job.session.hash,
            event_id=job.event_id,
            dep_id=job.dep.id,
            detail=rendered_summary(outcome),
        )
        return [None] * len(job.dep.outputs), ()

    async def _execute_call(self, run: _Run) -> None:
        job = run.jobs[0]
        try:
            args, kwargs = self._call_args(job)
            result = await self.runner.call(self._fn_of(job), args, kwargs, timing=Timing(job.dep, 0, job.duration))
        except Exception as exc:
            self._call_ended(job, run, exc=exc)
        else:
            self._call_ended(job, run, result)

    def _call_ended(self, job: Job, run: _Run, result: Any = None, *, exc: Exception | None = None) -> None:
        """One call of a job's function returned ``result`` or raised ``exc``."""
        self._measure(run)
        if exc is not None:
            self._fail(job, exc)
            return
        if job.done:
            self._discard(job)
            return
        try:
            data, changed = self._outputs(job, result)
        except Exception as exc:
            self._fail(job, exc)
            return
        self._complete(job, run, data, changed)

    async def _execute_generator(self, run: _Run) -> None:
        job = run.jobs[0]
        dep = job.dep
        iterator = None
        try:
            args, kwargs = self._call_args(job)
            assert dep.fn is not None
            iterator = self.runner.iterate(dep.fn, args, kwargs)
            step = 0
            while True:
                if job.done:
                    self._discard(job)
                    return
                value = await self.runner.step(iterator, timing=Timing(dep, step, job.duration))
                if value is EXHAUSTED:
                    break
                if job.done:
                    # Cancelled while this step ran: the generator stops here, the value is dropped.
                    self._discard(job)
                    return
                data, changed = self._outputs(job, value)
                self._yield(job, run, data, changed)
                step += 1
        except Exception as exc:
            self._measure(run)
            self._fail(job, exc)
            return
        finally:
            if iterator is not None:
                await _close_iterator(iterator)
        self._measure(run)
        final = job.last_data if job.last_data is not None else [None] * len(dep.outputs)
        self._complete(job, run, final, ())

    async def _execute_batch(self, run: _Run) -> None:
        dep = run.dep
        try:
            per_job = [self._call_args(job)[0] for job in run.jobs]
            columns = [list(values) for values in zip(*per_job)] if per_job and per_job[0] else []
            if dep.inputs_as_dict:
                raise SubmissionError("A batch listener cannot take a set of inputs (one dict each).")
            assert dep.fn is not None
            result = await self.runner.call(dep.fn, columns, {}, timing=Timing(dep, 0, run.jobs[0].duration))
            outputs = _batch_columns(result, len(dep.outputs), len(run.jobs), dep.fn_name or "fn")
        except Exception as exc:
            self._measure(run)
            # A batch that fails fails for each of its jobs: every client hears (Gradio leaves
            # the ones past a short result waiting forever).
            for job in run.jobs:
                self._fail(job, exc)
            return
        self._measure(run)
        for index, job in enumerate(run.jobs):
            if job.done:
                self._discard(job)
                continue
            try:
                data, changed = self._outputs(job, _one_result([column[index] for column in outputs]))
            except Exception as exc:
                self._fail(job, exc)
                continue
            self._complete(job, run, data, changed, is_generating=None)

    # ------------------------------------------------------------------------------------
    # outcomes
    # ------------------------------------------------------------------------------------

    def _yield(self, job: Job, run: _Run, data: list[Any], changed: tuple[int, ...]) -> None:
        sent = data if job.last_data is None else [diff(old, new) for old, new in zip(job.last_data, data)]
        job.last_data = data
        job.yielded = True
        self._transition(job, JobTrigger.YIELD)
        elapsed = self.clock.now() - run.started_at
        mean = self._times.mean(job.dep.id)
        self._send(
            job,
            ProcessGenerating(
                event_id=job.event_id,
                output=success_output(
                    sent,
                    is_generating=True,
                    duration=elapsed,
                    average_duration=mean if mean is not None else elapsed,
                    changed_state_ids=changed,
                ),
            ),
        )

    def _complete(
        self,
        job: Job,
        run: _Run,
        data: list[Any],
        changed: tuple[int, ...],
        *,
        is_generating: bool | None = False,
    ) -> None:
        if job.done:
            self._discard(job)
            return
        self._transition(job, JobTrigger.RETURN)
        output = success_output(
            data,
            is_generating=is_generating,
            duration=run.duration,
            average_duration=run.mean,
            changed_state_ids=changed,
            render_config=job.render_config,
        )
        self._finish(job, ProcessCompleted(event_id=job.event_id, output=output, success=True))

    def _fail(self, job: Job, exc: BaseException) -> None:
        if job.done:
            self._discard(job, exc)
            return
        self._transition(job, JobTrigger.RAISE, detail=failure_json(exc, job.dep.fn))
        if isinstance(exc, Error):
            output = error_output(exc.message, duration=exc.duration, visible=exc.visible, title=exc.title)
            title: str | None = exc.title
        else:
            output = error_output(str(exc), visible=True) if self.show_error else error_output(None)
            # Gradio titles a failure "Error", except one raised by a generator after it yielded.
            title = None if job.yielded else "Error"
        self._finish(job, ProcessCompleted(event_id=job.event_id, output=output, success=False, title=title))

    def _discard(self, job: Job, exc: BaseException | None = None) -> None:
        self._record(
            "discard",
            "result" if exc is None else "error",
            session=job.session.hash,
            event_id=job.event_id,
            dep_id=job.dep.id,
            detail=None if exc is None else failure_json(exc, job.dep.fn),
        )

    # ------------------------------------------------------------------------------------
    # state changes and messages: the only two ways out of the engine
    # ------------------------------------------------------------------------------------

    def _transition(self, job: Job, trigger: JobTrigger, *, detail: Any = None) -> None:
        job.state = state = advance(job.state, trigger)
        history = self.history
        if history._keep or history.listeners:
            dep = job.dep
            history.add(
                self.clock.now(),
                "job",
                trigger._value_,
                job.session.hash,
                job.event_id,
                dep.id,
                state._value_,
                dep.concurrency_id,
                detail,
            )

    def _finish(self, job: Job, message: ProcessCompleted) -> None:
        # The one terminal message of an accepted job. _transition has just moved the job to
        # a terminal state, so the checks `job.done` before every later send drop anything
        # its function still produces.
        assert job.state in TERMINAL
        del self.jobs[job.event_id]
        session = job.session
        if session.pending.pop(job.event_id, None) is not None:
            self._pending -= 1
            if not self._pending:
                self._pending_signal.clear()
        self._deliver(session, message, job)
        if not session.pending:
            self._deliver(session, _CLOSE_STREAM)

    def _send(self, job: Job, message: Message) -> None:
        if job.state in PENDING:
            self._deliver(job.session, message, job)

    def _deliver(self, session: Session, message: Message, job: Job | None = None) -> None:
        # The hottest path of a busy run (every estimation passes here): no helper calls.
        history = self.history
        if history._keep or history.listeners:
            dep_id = job.dep.id if job is not None else None
            history.add(
                self.clock.now(), "message", message.msg, session.hash, message.event_id, dep_id, None, None, message
            )
        for subscriber in session.subscribers:
            subscriber(message)

    # ------------------------------------------------------------------------------------
    # files (delete_cache)
    # ------------------------------------------------------------------------------------

    def _files_changed(self) -> None:
        if self.files.created:
            self._files_signal.set()

    def _delete_files(self, *, age: float | None) -> None:
        """Delete tracked files older than ``age`` seconds (all of them if None)."""
        now = self.clock.now()
        kept = []
        for path in self.files.created:
            created = self.files.created_at.get(path, 0.0)
            if age is None or now - created > age:
                _unlink(path)
                self._record("file", "deleted", detail=json.dumps(str(path)))
            else:
                kept.append(path)
        self.files.created = kept
        if not kept:
            self._files_signal.clear()


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


async def _close_iterator(iterator: Any) -> None:
    if hasattr(iterator, "aclose"):
        await iterator.aclose()
    elif hasattr(iterator, "close"):
        iterator.close()


def _batch_columns(result: Any, n_outputs: int, n_jobs: int, fn_name: str) -> list[list[Any]]:
    if n_outputs == 0:
        return []
    if not isinstance(result, (tuple, list)) or len(result) != n_outputs:
        raise SubmissionError(
            f"The batch function {fn_name} must return a tuple of {n_outputs} list(s), one per output; "
            f"it returned {type(result).__name__}."
        )
    columns = [list(column) for column in result]
    for column in columns:
        if len(column) != n_jobs:
            raise SubmissionError(
                f"The batch function {fn_name} returned {len(column)} result(s) for a batch of {n_jobs}; "
                "return one result per input."
            )
    return columns


def _one_result(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else tuple(values)


@asynccontextmanager
async def open_engine(graph: AppGraph, **options: Any) -> AsyncIterator[Engine]:
    """Run an engine for ``graph`` inside this block (see :class:`Engine` for the options)."""
    engine = Engine(graph, **options)
    async with trio.open_nursery() as nursery:
        engine._start(nursery)
        try:
            yield engine
        finally:
            engine._shutdown()
            nursery.cancel_scope.cancel()
