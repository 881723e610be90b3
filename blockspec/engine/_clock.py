"""The engine's only source of time.

``TrioClock`` reads the clock of the trio run the engine is in: trio's ``MockClock`` in the
simulator (virtual seconds), the system clock in the server. The engine never calls
``time.time()``; times in its history are seconds since the engine started.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import trio

__all__ = ["Clock", "TrioClock"]


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the engine started."""
        ...

    async def sleep_until(self, deadline: float) -> None:
        """Sleep until ``now() >= deadline``."""
        ...


class TrioClock:
    """Time of the current trio run, from the moment :meth:`start` was called."""

    def __init__(self) -> None:
        self._origin = 0.0
        self._clock: trio.abc.Clock | None = None
        # The engine asks for the time several times per job: `now` is one call of the trio
        # clock's own method. Until started, that method is _start_and_read.
        self._read: Callable[[], float] = self._start_and_read

    def start(self) -> None:
        self._clock = trio.lowlevel.current_clock()
        self._read = self._clock.current_time
        self._origin = self._read()
        if self._origin == 0.0:
            # A virtual clock starts at 0 with the engine: ``t - 0.0`` is ``t`` for every
            # float, so `now` is the trio clock's own method, one call less per read.
            self.now = self._read  # type: ignore[method-assign]

    def _start_and_read(self) -> float:
        self.start()
        return self._origin

    def now(self) -> float:
        return self._read() - self._origin

    async def sleep(self, seconds: float) -> None:
        await trio.sleep(seconds)

    async def sleep_until(self, deadline: float) -> None:
        if self._clock is None:
            self.start()
        await trio.sleep_until(self._origin + deadline)
