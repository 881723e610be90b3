"""asyncio-flavoured app code on trio: one trio-asyncio loop per trio run.

App files are written for Gradio, whose functions run on asyncio: an ``async def`` listener
may await ``asyncio.sleep``, ``gather``, ``wait_for``, a ``Queue``, ``to_thread`` or an
asyncio library (httpx, openai, ...). blockspec runs on trio, so each such coroutine runs as an
asyncio task on a trio-asyncio loop -- asyncio on top of trio, whose ``loop.time()`` is trio's
clock: in the simulator, asyncio's sleeps and timeouts pass virtual time.

Which flavour a coroutine is: one whose own code names trio (the module, or anything imported
from it -- ``await trio.sleep(1)``) is awaited directly, as trio code; every other coroutine
is asyncio code. (blockspec's own tests and examples use trio directly; apps written for
Gradio never do.)

The loop starts the first time a trio run needs it, in a system task that lives as long as
the run (:func:`loop`). Threads: ``asyncio.to_thread`` and ``loop.run_in_executor`` run their
function in the loop's default executor -- worker threads in the server (bounded by the
runner's limiter), inline in the simulator, where the function's ``time.sleep`` is spent on
the virtual clock as the awaiting coroutine waits. An executor the app passes itself is
replaced by the default one (trio-asyncio runs only its own executors).

An asyncio async generator runs, from its first step to its close, inside *one* asyncio task
(:class:`AsyncioGenerator`): context managers that span yields (an httpx stream, an anyio
cancel scope) stay in the task that entered them.
"""

from __future__ import annotations

import asyncio
import sys
import types
from typing import Any

import trio

from ._virtual_time import _debt, owing

__all__ = ["is_trio_code", "run_awaitable", "iterate", "loop", "AsyncioGenerator"]

_TRIO_PACKAGES = ("trio", "trio_asyncio")
_flavours: dict[types.CodeType, bool] = {}


def is_trio_code(code: types.CodeType, globals_: dict[str, Any]) -> bool:
    """Whether ``code`` (or code nested in it) names trio or something imported from it."""
    known = _flavours.get(code)
    if known is None:
        known = _flavours[code] = any(_from_trio(globals_.get(name)) for name in _names(code))
    return known


def _names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


def _from_trio(value: Any) -> bool:
    if value is None:
        return False
    module = value.__name__ if isinstance(value, types.ModuleType) else getattr(value, "__module__", None)
    return isinstance(module, str) and module.partition(".")[0] in _TRIO_PACKAGES


class _Host:
    """The run's loop, once started (its system task keeps it open until the run ends)."""

    def __init__(self) -> None:
        self.ready = trio.Event()
        self.loop: Any = None


_host: trio.lowlevel.RunVar[_Host] = trio.lowlevel.RunVar("blockspec_asyncio_loop")


async def loop(*, inline_threads: bool, limiter: trio.CapacityLimiter | None = None) -> Any:
    """This trio run's asyncio loop (started on first use with these thread settings)."""
    try:
        host = _host.get()
    except LookupError:
        host = _Host()
        _host.set(host)
        trio.lowlevel.spawn_system_task(_keep_loop, host, inline_threads, limiter, name="blockspec-asyncio-loop")
    if host.loop is None:
        await host.ready.wait()
    return host.loop


_rebound = False


def _import_trio_asyncio() -> Any:
    """Import trio-asyncio, whose import makes ``asyncio.get_running_loop`` find a loop from
    inside trio. Modules imported before it that took their own reference to the original
    (``from asyncio import get_running_loop``, as anyio's asyncio backend does -- and pytest
    loads anyio's plugin early) get the patched function too, once per process."""
    global _rebound
    import trio_asyncio

    if not _rebound:
        _rebound = True
        _keep_asyncio_loops_outside_trio()
        try:
            import _asyncio
        except ImportError:  # pragma: no cover - CPython always has it
            return trio_asyncio
        originals = {
            id(_asyncio.get_running_loop): asyncio.get_running_loop,
            id(_asyncio._get_running_loop): asyncio._get_running_loop,
        }
        for name, module in list(sys.modules.items()):
            if module is None or name.startswith(("asyncio", "trio_asyncio", "_asyncio")):
                continue
            try:
                namespace = vars(module)
            except TypeError:
                continue
            for attribute, value in list(namespace.items()):
                patched = originals.get(id(value))
                if patched is not None and value is not patched:
                    namespace[attribute] = patched
    return trio_asyncio


def _keep_asyncio_loops_outside_trio() -> None:
    """Outside trio, ``asyncio.new_event_loop()`` makes asyncio's own loop again.

    Importing trio-asyncio makes every new loop in the process -- in every thread, outside trio
    too -- one of its synchronous loops unless a policy was set. Other asyncio users in the same
    process break on that: Dask's cluster client and scheduler (tornado) fail with
    ``'NoneType' object has no attribute 'add_reader'`` and hang. Only blockspec's own trio runs
    need trio-asyncio's loops, and those come from ``open_loop()``, never from this function.
    """
    from trio_asyncio import _loop

    policy = _loop._trio_policy
    trio_new_loop = policy.new_event_loop

    def new_event_loop() -> asyncio.AbstractEventLoop:
        if _loop._in_trio_context() or _loop._faked_policy.policy is not None:
            return trio_new_loop()  # trio-asyncio's own rules (it refuses inside trio)
        return _loop._original_policy.new_event_loop()

    policy.new_event_loop = new_event_loop


async def _keep_loop(host: _Host, inline_threads: bool, limiter: trio.CapacityLimiter | None) -> None:
    trio_asyncio = _import_trio_asyncio()

    executor = _inline_executor() if inline_threads else trio_asyncio.TrioExecutor(limiter=limiter)
    async with trio_asyncio.open_loop() as aio_loop:
        aio_loop.set_default_executor(executor)
        own = aio_loop.run_in_executor

        def run_in_executor(pool: Any, func: Any, *args: Any) -> Any:
            if pool is not None and not isinstance(pool, trio_asyncio.TrioExecutor):
                pool = None
            return own(pool, func, *args)

        aio_loop.run_in_executor = run_in_executor
        host.loop = aio_loop
        host.ready.set()
        await trio.sleep_forever()


def _inline_executor() -> Any:
    trio_asyncio = _import_trio_asyncio()

    class InlineExecutor(trio_asyncio.TrioExecutor):  # type: ignore[misc]
        """The simulator's "threads": the function runs at once in the trio thread; its
        ``time.sleep`` is then spent on the virtual clock (the awaiting coroutine waits)."""

        async def submit(self, func: Any, *args: Any) -> Any:
            with owing() as debt:
                try:
                    return func(*args)
                finally:
                    if debt.seconds > 0:
                        await trio.sleep(debt.seconds)

    return InlineExecutor()


async def run_awaitable(awaitable: Any, *, inline_threads: bool, limiter: trio.CapacityLimiter | None = None) -> Any:
    """Await what an app function returned, as trio code or on the run's asyncio loop."""
    if isinstance(awaitable, types.CoroutineType):
        frame = awaitable.cr_frame
        if frame is None or is_trio_code(awaitable.cr_code, frame.f_globals):
            return await awaitable
        aio_loop = await loop(inline_threads=inline_threads, limiter=limiter)
        return await aio_loop.run_aio_coroutine(awaitable)
    aio_loop = await loop(inline_threads=inline_threads, limiter=limiter)
    if asyncio.isfuture(awaitable):
        return await aio_loop.run_aio_future(awaitable)
    return await aio_loop.run_aio_coroutine(_await(awaitable))


async def _await(awaitable: Any) -> Any:
    return await awaitable


def iterate(iterator: Any, *, inline_threads: bool, limiter: trio.CapacityLimiter | None = None) -> Any:
    """A generator as the runner steps it: an asyncio async generator becomes an
    :class:`AsyncioGenerator`; anything else is returned as it is."""
    if isinstance(iterator, types.AsyncGeneratorType):
        frame = iterator.ag_frame
        if frame is not None and not is_trio_code(iterator.ag_code, frame.f_globals):
            return AsyncioGenerator(iterator, inline_threads=inline_threads, limiter=limiter)
    return iterator


_STOP = object()
_CLOSE = object()


class AsyncioGenerator:
    """A trio-flavoured async iterator over an asyncio async generator that runs, step by
    step, in one asyncio task (the *pump*). The generator never runs ahead: the pump asks
    for the next value only when :meth:`__anext__` is awaited."""

    def __init__(self, agen: Any, *, inline_threads: bool, limiter: trio.CapacityLimiter | None = None) -> None:
        self._agen = agen
        self._threads = (inline_threads, limiter)
        self._loop: Any = None
        self._task: Any = None
        self._want: Any = None  # resolved by __anext__ (with the step's debt) or aclose
        self._got: Any = None  # resolved by the pump with the next value, _STOP or an error

    async def _pump(self) -> None:
        agen = self._agen
        while True:
            request = await self._want
            if request is _CLOSE:
                await agen.aclose()
                return
            # This step's time.sleep calls are owed by the runner's step that asked for it.
            _debt.set(request)
            got = self._got
            self._want = self._loop.create_future()
            try:
                value = await agen.__anext__()
            except StopAsyncIteration:
                if not got.done():
                    got.set_result(_STOP)
                return
            except BaseException as exc:
                if not got.done():
                    got.set_exception(exc)
                if isinstance(exc, asyncio.CancelledError):
                    raise
                return
            if not got.done():
                got.set_result(value)

    def __aiter__(self) -> AsyncioGenerator:
        return self

    async def __anext__(self) -> Any:
        if self._task is not None and self._task.done():
            raise StopAsyncIteration
        if self._loop is None:
            inline, limiter = self._threads
            self._loop = await loop(inline_threads=inline, limiter=limiter)
            self._want = self._loop.create_future()
            self._task = self._loop.create_task(self._pump())
        self._got = self._loop.create_future()
        self._want.set_result(_debt.get())
        value = await self._loop.run_aio_future(self._got)
        if value is _STOP:
            raise StopAsyncIteration
        return value

    async def aclose(self) -> None:
        task = self._task
        if task is None:
            await self._agen.aclose()  # never started: closing runs none of its code
            return
        if task.done():
            return
        if self._want.done():
            task.cancel()  # not waiting for a request (cannot happen between steps)
        else:
            self._want.set_result(_CLOSE)  # the pump closes the generator in its own task
        try:
            await self._loop.run_aio_future(task)
        except asyncio.CancelledError:
            pass
