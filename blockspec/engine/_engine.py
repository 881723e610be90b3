"""The engine: one trio implementation of Gradio's queue and event semantics.

It takes submissions (a session asks to run a dependency with some input values), queues
them in concurrency groups, runs them through a :class:`~blockspec.engine.Runner`, and
delivers to each session the messages Gradio sends on ``/gradio_api/queue/data``. The
simulator and the server are two ways of driving this one object; nothing about the
semantics lives in either.

:class:`Engine` is the public face and the owner of what its parts share (the graph, the
clock, the history, the random generator, the table of jobs). Each responsibility is a
part of its own, holding references to what it shares:

* ``_session_keeper.SessionKeeper`` -- sessions: open, subscribe, close, State sweeping;
* ``_submission.Submissions`` -- a submission becomes a job (accepted, rejected or run
  outside the queue); cancels;
* ``_dispatch.Dispatcher`` -- concurrency groups, slots, estimates, heartbeats;
* ``_execution.Executor`` -- calling the functions (plain, generator, batch);
* ``_delivery.Delivery`` -- job transitions and messages: the only two ways out.

Invariants kept (each explained where it is kept):

* a job changes state only through the lifecycle table (``Delivery.transition``);
* every accepted job gets exactly one terminal message, and nothing after it
  (``Delivery.finish``);
* a run holds its group's slot from ``Dispatcher.dispatch`` until ``Dispatcher.release``,
  whatever happens in between (``Executor.execute``'s ``finally``), so a failing function
  never leaks its slot;
* all choices come from ``self.rng``; time only from ``self.clock``; no set is iterated.
"""

from __future__ import annotations

import functools
import json
import random
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import trio

from .._files import FileStore
from .._graph import AppGraph, DependencySpec
from .._request import Request
from ._clock import TrioClock
from ._delivery import Delivery
from ._dispatch import Dispatcher
from ._execution import Executor
from ._history import History
from ._jobs import Job, Signal
from ._messages import Estimation, Message
from ._queue import Group, GroupOrder, ProcessTimes
from ._runners import DurationSpec, InlineRunner, Runner
from ._session_keeper import SessionKeeper
from ._sessions import Session
from ._submission import Submissions

__all__ = ["Engine", "Job", "open_engine"]


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
        self.max_threads = graph.launch.max_threads
        self.queue_settings = graph.queue
        #: the jobs not over yet, by event id. An ended job is dropped at its terminal
        #: message: a server that runs for days must not keep every job it ever ran (the
        #: history keeps what happened to it).
        self.jobs: dict[str, Job] = {}
        self._times = ProcessTimes()
        self._files_signal = Signal()
        self._nursery: trio.Nursery | None = None
        # The parts, then their links to each other (each takes the others' methods in bind).
        self._delivery = Delivery(
            history=self.history, clock=self.clock, jobs=self.jobs, show_error=self.show_error, pending_signal=Signal()
        )
        self._keeper = SessionKeeper(self)
        self._dispatcher = Dispatcher(self)
        self._executor = Executor(self)
        self._submissions = Submissions(self, event_ids)
        for part in (self._keeper, self._dispatcher, self._executor, self._submissions):
            part.bind(self)
        self.sessions: dict[str, Session] = self._keeper.sessions

    # ------------------------------------------------------------------------------------
    # life of the engine
    # ------------------------------------------------------------------------------------

    def _start(self, nursery: trio.Nursery) -> None:
        self._nursery = nursery
        self._keeper.nursery = self._dispatcher.nursery = self._executor.nursery = nursery
        self._executor.loop_thread = threading.get_ident()
        self.clock.start()
        rate = self.queue_settings.status_update_rate
        if rate != "auto":
            nursery.start_soon(self._dispatcher.waiting_signal.tick, float(rate), self._dispatcher.broadcast_waiting)
        if self.heartbeat_interval:
            nursery.start_soon(self._delivery.pending_signal.tick, self.heartbeat_interval, self._dispatcher.heartbeat)
        if any(getattr(n.block, "time_to_live", None) is not None for n in self.graph.blocks):
            nursery.start_soon(self._keeper.sweep_states)
        cache = self.graph.settings.delete_cache
        if cache is not None and cache[0] > 0:
            sweep = functools.partial(self._delete_files, age=float(cache[1]))
            nursery.start_soon(self._files_signal.tick, float(cache[0]), sweep)

    def _shutdown(self) -> None:
        # From here on nothing new starts: runs cancelled by the shutdown give back their
        # slots without handing them to waiting jobs.
        self._dispatcher.closing = True
        # "The cache will be deleted entirely when the server restarts": with delete_cache
        # set, every file the app created goes when the engine stops.
        if self.graph.settings.delete_cache is not None:
            self._delete_files(age=None)

    @property
    def now(self) -> float:
        return self.clock.now()

    @property
    def _pending(self) -> int:
        """Accepted jobs still owed their terminal message."""
        return self._delivery.pending

    @property
    def _groups(self) -> dict[str, Group]:
        """The concurrency groups by id (the app's, and those of sessions' gr.render runs)."""
        return self._dispatcher.groups

    # ------------------------------------------------------------------------------------
    # sessions
    # ------------------------------------------------------------------------------------

    def open_session(self, session_hash: str | None = None, *, username: str | None = None) -> str:
        """Open (or return) a session; a new hash is made if none is given."""
        return self._keeper.open(session_hash, username=username)

    def subscribe(
        self, session_hash: str, callback: Callable[[Message], None], *, estimations: bool = True
    ) -> Callable[[], None]:
        """Call ``callback`` with each message of the session; returns an unsubscribe function.

        The callback runs inside the engine: it must queue the message, not act on it.

        ``estimations=False``: the callback may miss the estimations broadcast when a queue
        moves (a job's first estimation, on joining, still comes). While no subscriber wants
        them, a broadcast costs one record in the history however deep the queue, not one
        message per waiting job (``History.add_estimations``): a subscriber that reads its
        session's messages from the history (the simulator's tabs) loses nothing.
        """
        return self._keeper.subscribe(session_hash, callback, estimations=estimations)

    def close_session(self, session_hash: str) -> bool:
        """The client left (tab closed): end its jobs, run the unload functions once."""
        return self._keeper.close(session_hash)

    # ------------------------------------------------------------------------------------
    # submissions
    # ------------------------------------------------------------------------------------

    def graph_of(self, session_hash: str | None) -> AppGraph:
        """The app as ``session_hash`` has it: with what its gr.render runs built, if any."""
        return self._submissions.graph_of(session_hash)

    def endpoint(
        self, fn_index: int | None = None, *, api_name: str | None = None, session_hash: str | None = None
    ) -> DependencySpec:
        """The dependency a submission names, or :class:`SubmissionError` saying why not.

        ``session_hash`` names the session whose listeners count: a session's gr.render runs
        add listeners only it can call (Gradio looks in the session's ``blocks_config``)."""
        return self._submissions.endpoint(fn_index, api_name=api_name, session_hash=session_hash)

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
        return self._submissions.submit(
            session_hash,
            fn_index,
            data,
            event_data=event_data,
            trigger_id=trigger_id,
            duration=duration,
            skip_queue=skip_queue,
            allow_private=allow_private,
            event_id=event_id,
            request=request,
        )

    def cancel(self, session_hash: str, event_id: str) -> bool:
        """Cancel one of the session's own jobs. False if it is not the session's, or is over.

        A waiting job leaves the queue; a running one is over for its client at once, while
        its function finishes (a generator stops at its next yield) and its result is dropped.
        """
        return self._submissions.cancel(session_hash, event_id)

    def cancel_dependency(self, session_hash: str, fn_index: int) -> list[str]:
        """Cancel every pending job of dependency ``fn_index`` that the session owns."""
        return self._submissions.cancel_dependency(session_hash, fn_index)

    def queue_status(self) -> Estimation:
        """The queue as ``/queue/status`` reports it: the number of waiting jobs."""
        return self._dispatcher.queue_status()

    # ------------------------------------------------------------------------------------
    # files (delete_cache)
    # ------------------------------------------------------------------------------------

    def _delete_files(self, *, age: float | None) -> None:
        """Delete tracked files older than ``age`` seconds (all of them if None)."""
        now = self.clock.now()
        kept = []
        for path in self.files.created:
            created = self.files.created_at.get(path, 0.0)
            if age is None or now - created > age:
                _unlink(path)
                self._delivery.record("file", "deleted", detail=json.dumps(str(path)))
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
