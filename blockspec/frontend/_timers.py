"""Timers of tabs, run on one task: what a browser's event loop does with ``setInterval``.

A tab's Timers (and ``every=``) fire on the tab's single event loop, one callback after the
other. :class:`TimerWheel` does the same for any number of timers with one trio task and
one sleep per instant at which something is due, instead of a task and a sleep per timer
per tick: a simulated hour of ten tabs ticking every second is 3,600 wake-ups, not 36,000.

Timers due at the same instant fire in the order they were (re)started, or in an order drawn
from the run's seed when the simulation explores interleavings -- the same choice trio makes
for tasks woken together.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Awaitable, Callable

import trio

__all__ = ["TimerWheel", "TimerHandle"]

Callback = Callable[[], Awaitable[None]]


class TimerHandle:
    """One running timer; :meth:`cancel` stops it (a tick already under way finishes)."""

    __slots__ = ("interval", "callback", "cancelled")

    def __init__(self, interval: float, callback: Callback) -> None:
        self.interval = interval
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class TimerWheel:
    """Timers on one task. Start :meth:`run` in a nursery, then :meth:`every` as needed."""

    def __init__(self, *, rng: random.Random | None = None) -> None:
        # (deadline, order of starting, handle): the heap orders ties by when they started.
        self._heap: list[tuple[float, int, TimerHandle]] = []
        self._started = 0
        self._rng = rng
        self._sleep: trio.CancelScope | None = None

    def every(self, interval: float, callback: Callback) -> TimerHandle:
        """Call ``callback`` every ``interval`` seconds from now until the handle is cancelled."""
        if not interval > 0:
            raise ValueError(f"a timer's interval must be positive, not {interval!r}")
        handle = TimerHandle(interval, callback)
        self._schedule(handle, trio.current_time() + interval)
        return handle

    def _schedule(self, handle: TimerHandle, deadline: float) -> None:
        self._started += 1
        heapq.heappush(self._heap, (deadline, self._started, handle))
        if self._sleep is not None and deadline < self._sleep.deadline:
            self._sleep.deadline = deadline

    async def run(self) -> None:
        while True:
            with trio.CancelScope() as sleep:
                sleep.deadline = self._heap[0][0] if self._heap else math.inf
                self._sleep = sleep
                await trio.sleep_forever()
            self._sleep = None
            now = trio.current_time()
            due: list[TimerHandle] = []
            while self._heap and self._heap[0][0] <= now:
                due.append(heapq.heappop(self._heap)[2])
            if self._rng is not None and len(due) > 1:
                self._rng.shuffle(due)
            for handle in due:
                if handle.cancelled:
                    continue
                # The next tick is due one interval after this one (trio.sleep(interval)
                # after a tick that takes no time lands on the same float).
                self._schedule(handle, now + handle.interval)
                await handle.callback()
