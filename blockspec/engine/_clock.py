"""The engine's only source of time.

``TrioClock`` reads the clock of the trio run the engine is in: trio's ``MockClock`` in the
simulator (virtual seconds), the system clock in the server. The engine never calls
``time.time()``; times in its history are seconds since the engine started.
"""

from __future__ import annotations

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
        self._origin: float | None = None
        self._clock: trio.abc.Clock | None = None

    def start(self) -> None:
        self._clock = trio.lowlevel.current_clock()
        self._origin = self._clock.current_time()

    def now(self) -> float:
        if self._clock is None:
            self.start()
        assert self._clock is not None and self._origin is not None
        return self._clock.current_time() - self._origin

    async def sleep(self, seconds: float) -> None:
        await trio.sleep(seconds)

    async def sleep_until(self, deadline: float) -> None:
        assert self._origin is not None
        await trio.sleep_until(self._origin + deadline)
