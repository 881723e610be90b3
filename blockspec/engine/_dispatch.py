"""The queue at work: jobs join their concurrency group, take its slots, and give them back.

:class:`Dispatcher` holds the groups, the counts of waiting and running jobs, and the
estimates it tells waiting jobs. It starts every run that can start (``dispatch``), holds a
run's slot from ``dispatch`` until ``release``, and makes the runs that take no time at once
(``drain``); calling the functions themselves is :class:`~._execution.Executor`'s part.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from ._jobs import Job, Run, Signal
from ._lifecycle import JobState, JobTrigger
from ._messages import CANCELLED_OUTPUT, Estimation, Heartbeat, ProcessCompleted, ProcessStarts
from ._queue import Group, choose_group
from ._runners import Timing

if TYPE_CHECKING:
    import trio

    from .._graph import AppGraph, DependencySpec
    from ._engine import Engine
    from ._sessions import Session

__all__ = ["Dispatcher"]


class Dispatcher:
    """Concurrency groups, slots and estimates (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        graph = engine.graph
        self.graph = graph
        self.clock = engine.clock
        self.history = engine.history
        self.rng = engine.rng
        self.group_order = engine.group_order
        self.runner = engine.runner
        self.times = engine._times
        self.max_threads = graph.launch.max_threads
        self.status_update_rate = graph.queue.status_update_rate
        self.nursery: trio.Nursery | None = None
        self.groups: dict[str, Group] = {}
        #: session hash -> the groups made for listeners its gr.render runs added
        self.session_groups: dict[str, list[str]] = {}
        for dep in graph.dependencies:
            if dep.backend_fn and dep.concurrency_id not in self.groups:
                group_id = dep.concurrency_id
                dep_ids = tuple(d.id for d in graph.dependencies if d.backend_fn and d.concurrency_id == group_id)
                self.groups[dep.concurrency_id] = Group(dep.concurrency_id, graph.concurrency_limit_of(dep), dep_ids)
        #: jobs waiting in some group; runs holding a slot
        self.waiting = 0
        self.active = 0
        self.waiting_signal = Signal()
        #: set at shutdown: nothing new starts
        self.closing = False
        self._next_run = 0
        # Runs that take no time (see Executor.run_instant), made by drain in order.
        self._instant: deque[Run] = deque()
        self._draining = False
        # Dependencies whose runs are one call of a sync function (no batch, no generator,
        # no coroutine): only these may be made at once (see drain).
        self._plain_calls = frozenset(
            d.id
            for d in graph.dependencies
            if d.fn is not None and not d.batch and not d.signature.is_generator and not d.signature.is_async
        )

    def bind(self, engine: Engine) -> None:
        """Take the other parts' methods (made after this one)."""
        delivery = engine._delivery
        self._transition = delivery.transition
        self._send = delivery.send
        self._deliver = delivery.deliver
        self._finish = delivery.finish
        self._keeper = engine._keeper
        self._execute = engine._executor.execute
        self._run_instant = engine._executor.run_instant

    # ------------------------------------------------------------------------------------
    # joining and leaving the queue
    # ------------------------------------------------------------------------------------

    def group_for(self, dep: DependencySpec, graph: AppGraph, session: Session) -> Group:
        group = self.groups.get(dep.concurrency_id)
        if group is None:
            # A listener a gr.render run added, in a group of its own (see _render.py): the
            # session's, dropped when it closes (a server must not keep one per closed tab).
            group = self.groups[dep.concurrency_id] = Group(dep.concurrency_id, graph.concurrency_limit_of(dep))
            if dep.concurrency_id.endswith(f"@{session.hash}"):
                # Named for this session (SessionRenders._group_of): only its jobs join it.
                self.session_groups.setdefault(session.hash, []).append(dep.concurrency_id)
        if dep.id not in group.dep_ids:
            # Every function whose jobs wait here (estimates read their means).
            group.dep_ids = (*group.dep_ids, dep.id)
        return group

    def drop_groups(self, session_hash: str) -> None:
        # Called once the session's jobs are ended: none waits in these groups any more; a
        # run still going holds its group itself (Run.group), not through this table.
        for group_id in self.session_groups.pop(session_hash, ()):
            self.groups.pop(group_id, None)

    def enqueue(self, job: Job, graph: AppGraph) -> None:
        """``job`` (just accepted) joins its group, hears where it stands, maybe starts."""
        group = self.group_for(job.dep, graph, job.session)
        job.group = group
        group.waiting.append(job)
        self.waiting += 1
        self.waiting_signal.set()
        # Gradio tells a new job where it stands as soon as it joins (even if it starts at once).
        index = len(group.waiting) - 1
        self._send(
            job,
            Estimation(
                event_id=job.event_id,
                rank=index,
                queue_size=len(group.waiting),
                rank_eta=self.times.tail_eta(group, self.clock.now()),
            ),
        )
        self.dispatch()

    def run_direct(self, job: Job) -> None:
        """``job`` (queue=False, or the /run route) runs now, outside the queue and its groups."""
        self.begin(Run(self.new_run_id(), [job], None, self.clock.now()))
        self.drain()

    def end(self, job: Job, trigger: JobTrigger) -> None:
        """End ``job`` for its client now (cancelled, or its session closed)."""
        was = job.state
        if job.state is JobState.QUEUED:
            assert job.group is not None
            job.group.waiting.remove(job)
            self.waiting -= 1
            if not self.waiting:
                self.waiting_signal.clear()
        self._transition(job, trigger, detail={"from": was.value})
        self._finish(job, ProcessCompleted(event_id=job.event_id, output=dict(CANCELLED_OUTPUT), success=True))

    def new_run_id(self) -> int:
        self._next_run += 1
        return self._next_run

    # ------------------------------------------------------------------------------------
    # slots
    # ------------------------------------------------------------------------------------

    def dispatch(self, *, adopt: bool = False) -> Run | None:
        """Start every job that can start now: a group with waiting jobs and room, under max_threads.

        With ``adopt`` the first run started is returned to the caller -- a task whose own
        run just ended -- instead of getting a task of its own (see ``Executor.execute``).
        """
        if self.closing:
            return None
        adopted: Run | None = None
        started: list[Group] = []
        # `waiting` counts the jobs in every group's queue: with none, no group is eligible
        # (most releases of a run find nothing waiting, and skip the scan of the groups).
        while self.waiting and self.active < self.max_threads:
            eligible = [g for g in self.groups.values() if g.waiting and g.has_room()]
            if not eligible:
                break
            group = choose_group(eligible, self.group_order, self.rng)
            jobs = group.take()
            self.waiting -= len(jobs)
            if not self.waiting:
                self.waiting_signal.clear()
            run = Run(self.new_run_id(), jobs, group, self.clock.now())
            group.running += 1
            group.running_since[run.id] = (run.started_at, run.dep.id)
            for job in jobs:
                self._transition(job, JobTrigger.START)
            if adopt and adopted is None and not self.is_instant(run):
                self.begin(run, spawn=False)
                adopted = run
            else:
                self.begin(run)
            if group not in started:
                started.append(group)
        if self.status_update_rate == "auto":
            for group in started:
                if group.waiting:
                    self.broadcast(group)
        self.drain()
        return adopted

    def _record_slot(self, run: Run, name: str) -> None:
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
                (run.jobs[0].event_id,) if len(run.jobs) == 1 else tuple([job.event_id for job in run.jobs]),
            )

    def begin(self, run: Run, *, spawn: bool = True) -> None:
        # From here until release the run holds its slot, whatever its function does
        # (Executor.execute gives it back in a `finally`).
        self.active += 1
        self._record_slot(run, "acquire")
        eta = self.times.mean(run.dep.id)
        for job in run.jobs:
            self._send(job, ProcessStarts(event_id=job.event_id, eta=eta))
        if spawn:
            if self.is_instant(run):
                self._instant.append(run)
            else:
                assert self.nursery is not None
                self.nursery.start_soon(self._execute, run)

    def is_instant(self, run: Run) -> bool:
        """A single call of a sync function that the runner says takes no time."""
        dep = run.dep
        return dep.id in self._plain_calls and self.runner.instant(Timing(dep, 0, run.jobs[0].duration))

    def drain(self) -> None:
        # Runs that take no time are made here, at once and in the order they started, instead
        # of in tasks of their own: the outcome is the same at the same virtual instant, and a
        # busy simulation saves a task per job. A run made here frees its slot, which may
        # start more; the loop (not recursion) makes those too.
        if self._draining:
            return
        self._draining = True
        try:
            while self._instant:
                self._run_instant(self._instant.popleft())
        finally:
            self._draining = False

    def release(self, run: Run, *, adopt: bool = False) -> Run | None:
        """Give back ``run``'s slot and start what can start (see ``dispatch`` for ``adopt``)."""
        self.active -= 1
        if run.group is not None:
            run.group.running -= 1
            del run.group.running_since[run.id]
        self._record_slot(run, "release")
        return self.dispatch(adopt=adopt)

    # ------------------------------------------------------------------------------------
    # what waiting jobs and idle sessions hear
    # ------------------------------------------------------------------------------------

    def broadcast(self, group: Group) -> None:
        size = len(group.waiting)
        history = self.history
        if not self._keeper.estimation_subscribers and not history.listeners:
            # No one takes these messages as they go: the history keeps the broadcast as one
            # record, and expands it into every job's estimation when read.
            if history._keep:
                now = self.clock.now()
                until_free = self.times.until_free(group, now)
                history.add_estimations(now, group.id, size, group.limit, until_free, self.times.means(group.dep_ids))
            return
        etas = self.times.rank_etas(group, self.clock.now())
        for index, job in enumerate(group.waiting):
            self._send(job, Estimation(event_id=job.event_id, rank=index, queue_size=size, rank_eta=etas[index]))

    def broadcast_waiting(self) -> None:
        # A number for status_update_rate: estimates every `rate` seconds while anything waits.
        for group in self.groups.values():
            if group.waiting:
                self.broadcast(group)

    def queue_status(self) -> Estimation:
        return Estimation(event_id=None, rank=None, queue_size=self.waiting, rank_eta=None)

    def heartbeat(self) -> None:
        for session in self._keeper.sessions.values():
            if session.pending:
                self._deliver(session, Heartbeat())
