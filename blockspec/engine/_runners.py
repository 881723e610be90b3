"""How a user function is called: inline on the virtual clock, or in worker threads.

The engine hands every call and every generator step to a runner:

* :class:`InlineRunner` (the simulator): the function runs inline in the event loop and then
  takes its time on the clock: what it slept (``time.sleep`` under virtual time, see
  ``blockspec._virtual_time``) *plus* its *modelled* duration (declared per listener or per
  call; 0 by default). Nothing real happens in parallel, so a virtual run is deterministic.
  An ``async`` function is awaited: asyncio code on the run's trio-asyncio loop, trio code
  directly (``blockspec._asyncio_bridge``); its awaited sleeps pass virtual time.
* :class:`ThreadRunner` (the server): sync functions run in worker threads, at most
  ``max_threads`` at once; ``async`` functions are awaited in the loop, the same way.

A function's side effects happen when it is called; its result (or its exception) is
delivered when its time has passed. A generator's value is delivered when the time of the
step that produced it has passed, so its sleeps between yields space the yields.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import trio

from .._asyncio_bridge import iterate, run_awaitable
from .._graph import DependencySpec
from .._virtual_time import Debt, _debt, owing

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
        """Whether a call of a sync function takes no *modelled* time, so the engine may make
        it with :meth:`call_now`, without giving the call a task of its own."""
        ...

    def call_now(
        self, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]
    ) -> tuple[Any, Exception | None, float]:
        """Call a sync function at once: its result, or the exception it raised, and the
        seconds it slept (which the engine spends on the clock before delivering them)."""
        ...

    def iterate(self, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> Any:
        """The iterator a generator function returns, in the form :meth:`step` takes."""
        ...


class Timing:
    """Which dependency and step a call is, a per-call duration override, and ``slowdown``:
    what multiplies the time the call takes on the clock (a ``slow`` fault sets it)."""

    __slots__ = ("dep", "step", "override", "slowdown")

    def __init__(
        self, dep: DependencySpec, step: int = 0, override: DurationSpec | None = None, *, slowdown: float = 1.0
    ) -> None:
        self.dep = dep
        self.step = step
        self.override = override
        self.slowdown = slowdown


def _is_async_iterator(iterator: Any) -> bool:
    return hasattr(iterator, "__anext__")


class InlineRunner:
    """Run inline, then spend what the call slept plus its modelled duration (see the module
    docstring): a declared duration *adds* to the function's own sleeps."""

    def __init__(self, durations: Durations | None = None) -> None:
        self.durations = durations or Durations()

    async def _take(self, timing: Timing, slept: float = 0.0) -> None:
        seconds = (slept + self.durations.of(timing.dep, timing.step, timing.override)) * timing.slowdown
        if seconds > 0:
            await trio.sleep(seconds)

    def instant(self, timing: Timing) -> bool:
        return self.durations.of(timing.dep, timing.step, timing.override) <= 0

    def call_now(
        self, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]
    ) -> tuple[Any, Exception | None, float]:
        debt = Debt()
        token = _debt.set(debt)
        try:
            return fn(*args, **kwargs), None, debt.seconds
        except Exception as exc:
            return None, exc, debt.seconds
        finally:
            _debt.reset(token)

    def iterate(self, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> Any:
        return iterate(fn(*args, **kwargs), inline_threads=True)

    async def call(self, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any], *, timing: Timing) -> Any:
        with owing() as debt:
            try:
                result = fn(*args, **kwargs)
                if inspect.isawaitable(result):
                    result = await run_awaitable(result, inline_threads=True)
            except BaseException:
                await self._take(timing, debt.seconds)
                raise
            await self._take(timing, debt.seconds)
        return result

    async def step(self, iterator: Any, *, timing: Timing) -> Any:
        with owing() as debt:
            try:
                if _is_async_iterator(iterator):
                    value = await iterator.__anext__()
                else:
                    value = next(iterator)
            except (StopIteration, StopAsyncIteration):
                # What it slept after its last value still passes before it ends.
                if debt.seconds > 0:
                    await trio.sleep(debt.seconds)
                return EXHAUSTED
            except BaseException:
                await self._take(timing, debt.seconds)
                raise
            await self._take(timing, debt.seconds)
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

    def call_now(
        self, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]
    ) -> tuple[Any, Exception | None, float]:
        try:
            return fn(*args, **kwargs), None, 0.0
        except Exception as exc:
            return None, exc, 0.0

    def iterate(self, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> Any:
        return iterate(fn(*args, **kwargs), inline_threads=False, limiter=self.limiter)

    async def call(self, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any], *, timing: Timing) -> Any:
        if inspect.iscoroutinefunction(fn) or inspect.isasyncgenfunction(fn):
            result = fn(*args, **kwargs)
        else:
            result = await trio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=self.limiter)
        if inspect.isawaitable(result):
            result = await run_awaitable(result, inline_threads=False, limiter=self.limiter)
        return result

    async def step(self, iterator: Any, *, timing: Timing) -> Any:
        if _is_async_iterator(iterator):
            try:
                return await iterator.__anext__()
            except StopAsyncIteration:
                return EXHAUSTED
        return await trio.to_thread.run_sync(_next_or_exhausted, iterator, limiter=self.limiter)
