"""How a user function is called: inline on the virtual clock, or in worker threads.

The engine hands every call and every generator step to a runner:

* :class:`InlineRunner` (the simulator): the function runs inline in the event loop and then
  takes its *modelled* duration on the clock (declared per listener or per call; 0 by
  default). Nothing real happens in parallel, so a virtual run is deterministic. An ``async``
  function is awaited; its own ``await trio.sleep(...)`` passes virtual time.
* :class:`ThreadRunner` (the server): sync functions run in worker threads, at most
  ``max_threads`` at once; ``async`` functions are awaited in the loop.

A function's side effects happen when it is called; its result (or its exception) is
delivered when its duration has passed.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import trio

from .._graph import DependencySpec

__all__ = ["Runner", "InlineRunner", "ThreadRunner", "Durations", "DurationSpec", "EXHAUSTED"]

#: A modelled duration: seconds, a list of seconds per generator step (the last repeats),
#: or a function of the step number.
DurationSpec = float | Sequence[float] | Callable[[int], float]

EXHAUSTED = object()


def _seconds(spec: DurationSpec, step: int) -> float:
    if callable(spec):
        return float(spec(step))
    if isinstance(spec, (int, float)):
        return float(spec)
    items = list(spec)
    if not items:
        return 0.0
    return float(items[min(step, len(items) - 1)])


class Durations:
    """Modelled durations: by dependency id, by function name, else ``default``.

    A function is named by its ``__qualname__`` (``Model.predict``) or its bare name
    (``predict``).
    """

    def __init__(
        self,
        default: DurationSpec = 0.0,
        *,
        by_fn: Mapping[str, DurationSpec] | None = None,
        by_dep: Mapping[int, DurationSpec] | None = None,
    ) -> None:
        self.default = default
        self.by_fn = dict(by_fn or {})
        self.by_dep = dict(by_dep or {})

    def of(self, dep: DependencySpec, step: int, override: DurationSpec | None = None) -> float:
        if override is not None:
            return _seconds(override, step)
        if not self.by_dep and not self.by_fn:
            return _seconds(self.default, step)
        if dep.id in self.by_dep:
            return _seconds(self.by_dep[dep.id], step)
        if dep.fn_name is not None:
            for name in (dep.fn_name, dep.fn_name.rsplit(".", 1)[-1]):
                if name in self.by_fn:
                    return _seconds(self.by_fn[name], step)
        return _seconds(self.default, step)


class Runner(Protocol):
    async def call(self, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any], *, timing: Timing) -> Any:
        """Call ``fn`` and return its result (awaiting it if it is async)."""
        ...

    async def step(self, iterator: Any, *, timing: Timing) -> Any:
        """The generator's next value, or :data:`EXHAUSTED`."""
        ...

    def instant(self, timing: Timing) -> bool:
        """Whether a call of a sync function takes no time at all, so the engine may make it
        without giving the call a task of its own."""
        ...


class Timing:
    """Which dependency and step a call is, and a per-call duration override."""

    __slots__ = ("dep", "step", "override")

    def __init__(self, dep: DependencySpec, step: int = 0, override: DurationSpec | None = None) -> None:
        self.dep = dep
        self.step = step
        self.override = override


def _is_async_iterator(iterator: Any) -> bool:
    return hasattr(iterator, "__anext__")


class InlineRunner:
    """Run inline, then sleep the modelled duration (see the module docstring)."""

    def __init__(self, durations: Durations | None = None) -> None:
        self.durations = durations or Durations()

    async def _take(self, timing: Timing) -> None:
        seconds = self.durations.of(timing.dep, timing.step, timing.override)
        if seconds > 0:
            await trio.sleep(seconds)

    def instant(self, timing: Timing) -> bool:
        return self.durations.of(timing.dep, timing.step, timing.override) <= 0

    async def call(self, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any], *, timing: Timing) -> Any:
        try:
            result = fn(*args, **kwargs)
            if inspect.isawaitable(result):
                result = await result
        except BaseException:
            await self._take(timing)
            raise
        await self._take(timing)
        return result

    async def step(self, iterator: Any, *, timing: Timing) -> Any:
        try:
            if _is_async_iterator(iterator):
                value = await iterator.__anext__()
            else:
                value = next(iterator)
        except (StopIteration, StopAsyncIteration):
            return EXHAUSTED
        except BaseException:
            await self._take(timing)
            raise
        await self._take(timing)
        return value


def _next_or_exhausted(iterator: Any) -> Any:
    try:
        return next(iterator)
    except StopIteration:
        return EXHAUSTED


class ThreadRunner:
    """Sync functions in worker threads (at most ``max_threads`` at once); async ones in the loop."""

    def __init__(self, max_threads: int = 40) -> None:
        self.limiter = trio.CapacityLimiter(max_threads)

    def instant(self, timing: Timing) -> bool:
        return False  # a real call takes real time, in a worker thread

    async def call(self, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any], *, timing: Timing) -> Any:
        if inspect.iscoroutinefunction(fn) or inspect.isasyncgenfunction(fn):
            result = fn(*args, **kwargs)
            return await result if inspect.isawaitable(result) else result
        result = await trio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=self.limiter)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def step(self, iterator: Any, *, timing: Timing) -> Any:
        if _is_async_iterator(iterator):
            try:
                return await iterator.__anext__()
            except StopAsyncIteration:
                return EXHAUSTED
        return await trio.to_thread.run_sync(_next_or_exhausted, iterator, limiter=self.limiter)
