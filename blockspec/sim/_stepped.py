"""A trio run driven from the calling thread, one call at a time.

A :class:`~blockspec.sim.Simulation` used to run trio in a thread of its own and hand every
call over with ``trio.from_thread.run``: two thread switches per ``alice.click(...)``, which
on a busy machine cost more than the click itself (327 against 115 µs a trigger). Here the
run lives in the thread that makes the calls: :meth:`SteppedRun.call` puts a task in the run
and turns trio's event loop -- the generator ``trio.run`` itself turns -- until that task is
done, then leaves the loop where it stopped, waiting for the next call. Nothing runs between
calls, as nothing did before: the simulation's clock moves only inside calls.

This reaches into ``trio._core._run`` as ``blockspec._determinism`` does (trio is pinned to
its minor version for that): ``setup_runner`` and ``unrolled_run`` make and turn the loop;
trio's per-thread run state (``GLOBAL_RUN_CONTEXT``) and the determinism recipe's tie-breaker
are put in place while the loop turns and taken away after, so other trio runs in the same
thread -- another simulation, a test's ``trio.run`` -- see their own.
"""

from __future__ import annotations

import contextvars
import gc
from collections.abc import Awaitable, Callable
from typing import Any

import outcome
import sniffio
import trio
import trio._core._run as _trio_run

from .._determinism import Interleaving, _SeededAppOrder, _SpawnOrder

__all__ = ["SteppedRun", "RunFinished"]

#: The garbage collector's young-generation threshold while a simulation runs (see _hold_gc).
_YOUNG = 10_000

#: How many runs hold the threshold, and the thresholds to put back when none does.
_gc_holders: list[tuple[int, int, int]] = []


def _hold_gc() -> None:
    """While any simulation runs, the garbage collector looks at young objects less often.

    A busy simulation allocates a few dozen containers a job, and the trace keeps most of
    them: at Python's default threshold (700) the young generation is collected every ~25
    jobs, and every tenth of those collections also walks the older generation, which the
    trace keeps growing -- a fifth to a third of the simulator's CPU went to that. At 10,000
    the collector runs a tenth as often: the same collector (cycles are still collected, a
    few thousand allocations later). The caller's thresholds are back when the last running
    simulation ends. Held for the run's whole life, not per call: setting the threshold back
    after every call would have the first allocation after it collect what the call made.
    """
    outer = gc.get_threshold()
    _gc_holders.append(outer)
    if len(_gc_holders) == 1 and outer[0] and outer[0] < _YOUNG:  # (0: the caller turned it off)
        gc.set_threshold(_YOUNG, *outer[1:])


def _release_gc() -> None:
    outer = _gc_holders.pop()
    if not _gc_holders:
        gc.set_threshold(*outer)


#: Runs not finished, so that an unclosed simulation's loop is never garbage-collected (trio
#: would then clear the run state of whatever thread collects it).
_LIVE: dict[int, SteppedRun] = {}


class RunFinished(Exception):
    """The run ended before the call did (its main task returned or failed)."""


class SteppedRun:
    """``async_fn()`` as a trio run on ``clock``, scheduled by the determinism recipe, whose
    loop turns only inside :meth:`call` and :meth:`finish`."""

    def __init__(
        self,
        async_fn: Callable[[], Awaitable[Any]],
        *,
        seed: int,
        interleaving: Interleaving,
        clock: trio.abc.Clock,
        bind: Callable[[], None],
    ) -> None:
        self._tiebreak = _SpawnOrder(seed) if interleaving == "fifo" else _SeededAppOrder(seed)
        self._state: dict[str, Any] = {}
        self._next: Any = None
        self._server: trio.lowlevel.Task | None = None
        self.finished = False
        self._bind = bind
        context = contextvars.copy_context()
        # The run's tasks inherit this context (trio copies it for its system tasks).
        context.run(bind)
        with self._entered():
            self.runner = context.run(_trio_run.setup_runner, clock, (), False, True)
            # The host (this class) owns signal wake-ups: the loop must not take them over
            # between calls.
            self._gen = _trio_run.unrolled_run(self.runner, async_fn, (), host_uses_signal_set_wakeup_fd=True)
        _LIVE[id(self)] = self
        _hold_gc()

    # ------------------------------------------------------------------------------------

    def _entered(self) -> _Entered:
        return _Entered(self)

    def _turn_until(self, done: Callable[[], bool], *, settle: bool = False) -> None:
        """Turn the loop until ``done()`` (checked between turns) or the run ends; with
        ``settle``, on until every task is blocked too: nothing runnable, no deadline due, no
        I/O ready (what ``trio.testing.wait_all_tasks_blocked()`` waits for, without a task
        and two turns of the loop to wait in)."""
        gen, io = self._gen, self.runner.io_manager
        while True:
            try:
                timeout = gen.send(self._next)
            except StopIteration:
                self.finished = True
                _LIVE.pop(id(self), None)
                _release_gc()
                return
            # The loop asks to wait `timeout` seconds: 0 while anything is runnable or due.
            if done() and (not settle or timeout > 0):
                # Leave the loop waiting: the next turn starts from what is ready now.
                self._next = io.get_events(0)
                if not (settle and self._next):
                    return
                continue
            self._next = io.get_events(timeout)

    def turn_until(self, done: Callable[[], bool]) -> None:
        if self.finished:
            raise RunFinished()
        with self._entered():
            self._turn_until(done)

    def call(self, fn: Callable[..., Awaitable[Any]], *args: Any, settle: bool = False) -> Any:
        """Run ``fn(*args)`` as a task of the run, in a copy of the caller's context (with
        the run's ``bind`` applied to it); return what it returns (or raise what it raises)
        once it is done -- and, with ``settle``, once every task it set off is blocked."""
        if self.finished:
            raise RunFinished()
        box: list[tuple[bool, Any]] = []
        context = contextvars.copy_context()
        context.run(self._bind)
        server = self._server
        if server is None:
            with self._entered():
                trio.lowlevel.spawn_system_task(self._serve, fn, args, box, name="SteppedRun.call", context=context)
                self._turn_until(box.__len__, settle=settle)
        else:
            # The task that ran the previous call takes this one (a task a call cost more than
            # a public click's own work), in this call's context as a task spawned for it
            # would be: swapping is safe, the task holds no contextvar token between calls.
            server.context = context
            with self._entered():
                self.runner.reschedule(server, outcome.Value((fn, args, box)))
                self._turn_until(box.__len__, settle=settle)
        if not box:
            raise RunFinished()
        ok, value = box[0]
        if ok:
            return value
        try:
            raise value
        finally:
            del value, box  # no cycle through the traceback

    async def _serve(self, fn: Callable[..., Awaitable[Any]], args: tuple[Any, ...], box: list[Any]) -> None:
        """Runs the first :meth:`call`, then waits for the next and runs it, and so on.

        A call starts when everything the previous one set off has settled (or on a run that
        waits for nothing), so the task is alone in the loop's batch when woken, as the task
        spawned for a call was; the tie-breaker draws the same."""
        me = trio.lowlevel.current_task()

        def abort(_: object) -> trio.lowlevel.Abort:
            return trio.lowlevel.Abort.SUCCEEDED  # the run ends while no call runs

        try:
            while True:
                # Not waiting while a call runs: a call made meanwhile (from inside this
                # one) is not handed to this task.
                self._server = None
                try:
                    box.append((True, await fn(*args)))
                except BaseException as exc:  # the caller's to see (Cancelled: the run ends)
                    box.append((False, exc))
                del fn, args, box  # nothing of a call outlives it here
                self._server = me
                fn, args, box = await trio.lowlevel.wait_task_rescheduled(abort)
        finally:
            if self._server is me:
                self._server = None

    def finish(self) -> outcome.Outcome[Any] | None:
        """Turn the loop until the run ends; its main task's outcome."""
        if not self.finished:
            with self._entered():
                self._turn_until(lambda: False)
        return self.runner.main_task_outcome


class _Entered:
    """While the loop turns: this run's per-thread state and tie-breaker are trio's."""

    def __init__(self, run: SteppedRun) -> None:
        self.run = run
        self.local = _trio_run.GLOBAL_RUN_CONTEXT.__dict__  # (this thread's)

    def __enter__(self) -> None:
        run, local = self.run, self.local
        self.outer_state = local.copy() if local else None
        local.clear()
        local.update(run._state)
        self.outer_recipe = (_trio_run._ALLOW_DETERMINISTIC_SCHEDULING, _trio_run._r)
        _trio_run._ALLOW_DETERMINISTIC_SCHEDULING = True
        _trio_run._r = run._tiebreak
        self.outer_library = sniffio.thread_local.name
        sniffio.thread_local.name = "trio"

    def __exit__(self, *exc: object) -> None:
        local = self.local
        self.run._state = local.copy()
        local.clear()
        if self.outer_state:
            local.update(self.outer_state)
        _trio_run._ALLOW_DETERMINISTIC_SCHEDULING, _trio_run._r = self.outer_recipe
        sniffio.thread_local.name = self.outer_library
