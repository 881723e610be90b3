"""Byte-identical trio runs: the recipe, in one place.

trio breaks ties between tasks that become runnable together with its own random generator,
and some of its internal orderings follow memory addresses. With its private "deterministic
scheduling" switch on, each batch of runnable tasks is first sorted by spawn order and then
shuffled by that generator; replacing the generator by one whose shuffle puts the batch in
spawn order gives FIFO scheduling, and one seeded from the run's seed explores other
interleavings reproducibly.

This reaches into ``trio._core._run`` (``_ALLOW_DETERMINISTIC_SCHEDULING`` and ``_r``), which
is why pyproject.toml pins trio to the minor version this was written against; the test
``test_determinism.py`` runs a two-process comparison in CI so a trio change that breaks the
recipe is caught there.
"""

from __future__ import annotations

import functools
import operator
import random
from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

import trio
import trio._core._run as _trio_run
import trio.testing

__all__ = ["run_virtual", "Interleaving", "SteppedClock"]

T = TypeVar("T")
Interleaving = Literal["fifo", "seeded"]


class _SpawnOrder(random.Random):
    """trio's tie-breaker, with a "shuffle" that makes a batch run in spawn order.

    trio sorts the batch by spawn counter, calls ``shuffle`` on it, and then takes tasks
    from the *end* (``batch.pop()``). A no-op shuffle would therefore run the newest task
    first; reversing makes the oldest run first.
    """

    def shuffle(self, x: Any) -> None:  # type: ignore[override]
        x.reverse()


class _SeededAppOrder(random.Random):
    """trio's tie-breaker for ``interleaving="seeded"``: the app's tasks in a batch are
    shuffled by the seed; trio's own tasks run first, in spawn order, and draw nothing.

    A simulation is driven from another thread (``trio.from_thread``), and whether the system
    task that takes in such a call lands in the same batch as the tail of the previous call
    depends on thread timing. Were trio's own tasks shuffled too, that timing would decide how
    many draws a batch takes, and the same seed would give different runs in one process.
    """

    def shuffle(self, x: Any) -> None:  # type: ignore[override]
        system = [task for task in x if _is_trios_own(task)]
        if not system:
            super().shuffle(x)
            return
        app = [task for task in x if not _is_trios_own(task)]
        super().shuffle(app)
        x[:] = app + system[::-1]  # trio pops from the end: its own tasks first, oldest first


def _is_trios_own(task: Any) -> bool:
    """Whether ``task`` is one of trio's own: the init task or a child of its nurseries (the
    entry queue that takes calls from other threads, system tasks, the main task)."""
    parent = task._parent_nursery
    return parent is None or parent._parent_task is task._runner.init_task


def run_virtual(
    async_fn: Callable[..., Awaitable[T]],
    *args: Any,
    seed: int = 0,
    interleaving: Interleaving = "fifo",
    clock: trio.abc.Clock | None = None,
) -> T:
    """``trio.run(async_fn, *args)`` on a virtual clock, scheduled deterministically.

    ``interleaving="fifo"``: tasks woken together run in spawn order (stable under changes
    elsewhere in the run). ``"seeded"``: in an order drawn from ``seed``.
    """
    saved = (_trio_run._ALLOW_DETERMINISTIC_SCHEDULING, _trio_run._r)
    _trio_run._ALLOW_DETERMINISTIC_SCHEDULING = True
    _trio_run._r = _SpawnOrder(seed) if interleaving == "fifo" else _SeededAppOrder(seed)
    try:
        return trio.run(async_fn, *args, clock=clock or trio.testing.MockClock(autojump_threshold=0))
    finally:
        _trio_run._ALLOW_DETERMINISTIC_SCHEDULING, _trio_run._r = saved


class SteppedClock(trio.abc.Clock):
    """A virtual clock that moves only when told to (:meth:`jump`).

    It is what ``MockClock(autojump_threshold=inf)`` with ``rate=0`` does, without reading the
    real clock on every ``current_time()`` -- the engine asks for the time many times per
    job, and a simulation of an hour of timers asks millions of times.
    """

    def __init__(self) -> None:
        # The time is the one item of a list, and `current_time` reads it with no Python
        # frame (a partial of operator.getitem): the cheapest read there is.
        self._time = [0.0]
        self.current_time = functools.partial(operator.getitem, self._time, 0)  # type: ignore[method-assign]

    def start_clock(self) -> None:
        return None

    def current_time(self) -> float:  # replaced per instance in __init__
        return self._time[0]

    def deadline_to_sleep_time(self, deadline: float) -> float:
        # Past deadlines are due now; future ones never arrive by themselves.
        return 0.0 if deadline <= self._time[0] else 999_999_999.0

    def jump(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time can't go backwards")
        self._time[0] += seconds

    def __repr__(self) -> str:
        return f"<SteppedClock t={self._time[0]!r}>"
