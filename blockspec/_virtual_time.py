"""Virtual time inside app code: the simulator's clock behind ``time`` and ``datetime``.

While a :class:`VirtualTime` is open, app code that runs for it reads the simulation's clock:

* ``time.time/monotonic/perf_counter`` (and their ``_ns`` forms, ``localtime``, ``gmtime``,
  ``strftime``) and ``datetime.datetime.now/utcnow/today``, ``datetime.date.today`` return
  ``epoch + the virtual clock + what the current call has slept so far`` -- freezegun does the
  patching (every module's references, ``datetime`` subclasses that still pass
  ``isinstance``), with one factory that reads the clock of the simulation whose code is
  asking;
* ``time.sleep(s)`` returns at once and adds ``s`` to the current call's *debt*
  (:func:`owing`), which the runner pays on the virtual clock when the call returns (or
  before a generator's value is delivered) -- so a sync listener that sleeps 2 s takes 2
  virtual seconds and no wall time, even though it runs inline in the trio thread.

Which code is "for" a simulation is a context variable: the simulation's thread (set before
its ``trio.run``, so every task inherits it) and the loading of its app file. Any other thread
or context -- the test that drives the simulation, a server in the same process, a second
simulation -- reads the real clock or its own simulation's. Calls whose immediate caller is
trio, trio-asyncio, blockspec itself (the engine reads only its own clock) or another module in
:data:`REAL_TIME_MODULES` get the real time. freezegun is started when the first VirtualTime
opens and stopped, with everything it patched put back, when the last one closes.
"""

from __future__ import annotations

import datetime as _dt
import importlib.abc
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol

__all__ = ["VirtualTime", "Debt", "owing", "parse_epoch", "DEFAULT_EPOCH", "REAL_TIME_MODULES"]

#: The wall-clock instant at virtual time 0 unless the scenario says otherwise:
#: 2024-01-01T00:00:00Z, as seconds since the Unix epoch.
DEFAULT_EPOCH = 1_704_067_200.0

#: Callers from these modules read the real clock even inside a simulation.
REAL_TIME_MODULES = ("trio", "trio_asyncio", "blockspec.", "outcome", "sniffio", "_pytest", "threading")

#: Packages whose compiled (Cython) modules check the layout of the datetime classes when first
#: imported (pyarrow warns of a "binary incompatibility", pandas crashes the interpreter): they
#: are imported with the real classes back in place (see _ExtensionImports).
_DATETIME_EXTENSIONS = ("pandas", "pyarrow")

#: Modules whose references are left alone: freezegun (its fakes call the reals it holds),
#: and those that read the real time anyway.
_NEVER_PATCHED = ("freezegun", *REAL_TIME_MODULES)

_real_sleep = time.sleep
_UNIX = _dt.datetime(1970, 1, 1)


class _Clock(Protocol):
    def current_time(self) -> float: ...


class Debt:
    """Seconds the current call has slept (``time.sleep``) and not yet spent on the clock."""

    __slots__ = ("seconds",)

    def __init__(self) -> None:
        self.seconds = 0.0


#: The simulation whose code runs in this context (None: the real clock).
_current: ContextVar[VirtualTime | None] = ContextVar("blockspec_virtual_time", default=None)
#: The app call running in this context, if any (set by the runner around each call).
_debt: ContextVar[Debt | None] = ContextVar("blockspec_sleep_debt", default=None)


@contextmanager
def owing() -> Iterator[Debt]:
    """Within this block, ``time.sleep`` (under virtual time) adds to the returned debt."""
    debt = Debt()
    token = _debt.set(debt)
    try:
        yield debt
    finally:
        _debt.reset(token)


def parse_epoch(value: Any, *, name: str = "epoch") -> float:
    """Seconds since the Unix epoch from a number, an ISO 8601 text or a datetime (naive: UTC)."""
    from ._errors import DefinitionError

    fix = 'Give seconds since 1970-01-01 UTC (e.g. 1704067200) or an ISO 8601 time (e.g. "2024-01-01T00:00:00Z").'
    if isinstance(value, bool):
        raise DefinitionError(name, value, "is not a time", fix)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise DefinitionError(name, value, "is not an ISO 8601 time", fix) from None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.UTC)
        return value.timestamp()
    raise DefinitionError(name, value, "is not a time", fix)


class VirtualTime:
    """App code's view of one simulation's clock (see the module docstring)."""

    def __init__(self, clock: _Clock, epoch: float = DEFAULT_EPOCH) -> None:
        self.clock = clock
        self.epoch = float(epoch)
        self._open = False

    def now(self) -> float:
        """What ``time.time()`` returns in app code now."""
        debt = _debt.get()
        return self.epoch + self.clock.current_time() + (debt.seconds if debt is not None else 0.0)

    def open(self) -> None:
        """Start patching (if no other simulation already has)."""
        if not self._open:
            _patches.acquire()
            self._open = True

    def close(self) -> None:
        """Stop; the last simulation to close puts everything back."""
        if self._open:
            self._open = False
            _patches.release()

    @contextmanager
    def bound(self) -> Iterator[None]:
        """Code run within this block (and tasks it starts) reads this simulation's clock."""
        token = _current.set(self)
        try:
            yield
        finally:
            _current.reset(token)

    def bind(self) -> None:
        """This context (a simulation's own thread, before its trio run) reads this clock."""
        _current.set(self)


def _fake_sleep(seconds: float) -> None:
    if _current.get() is None:
        _real_sleep(seconds)
        return
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    debt = _debt.get()
    if debt is not None:
        debt.seconds += seconds
    # Outside any app call (an app file sleeping as it loads) a sleep costs nothing.


class _Patches:
    """The clock functions and classes, patched once for all open simulations (reference
    counted) with freezegun's fakes: the ``time`` and ``datetime`` modules' attributes, and
    every loaded module's own references to them (``from time import time``), as
    ``freezegun.freeze_time`` does. Its module scan is done here with a per-module cache,
    because freezegun's own takes milliseconds per start and a test suite starts thousands of
    simulations."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._undo: list[tuple[Any, str, Any]] = []
        self._modules_at_start: set[str] = set()
        # module name -> (its dict's id and size when scanned, the attributes that held a real one)
        self._scanned: dict[str, tuple[int, int, tuple[str, ...]]] = {}

    def acquire(self) -> None:
        with self._lock:
            self._users += 1
            if self._users == 1:
                try:
                    self._start()
                except BaseException:
                    self._users = 0
                    self._stop()
                    raise

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users == 0:
                self._stop()

    def _swaps(self) -> dict[int, tuple[Any, Any]]:
        import freezegun.api as fz

        pairs = [
            (fz.real_time, fz.fake_time),
            (fz.real_monotonic, fz.fake_monotonic),
            (fz.real_perf_counter, fz.fake_perf_counter),
            (fz.real_localtime, fz.fake_localtime),
            (fz.real_gmtime, fz.fake_gmtime),
            (fz.real_strftime, fz.fake_strftime),
            (fz.real_time_ns, fz.fake_time_ns),
            (fz.real_monotonic_ns, fz.fake_monotonic_ns),
            (fz.real_perf_counter_ns, fz.fake_perf_counter_ns),
            (fz.real_datetime, fz.FakeDatetime),
            (fz.real_date, fz.FakeDate),
            (_real_sleep, _fake_sleep),
        ]
        return {id(real): (real, fake) for real, fake in pairs}

    def _set(self, owner: Any, name: str, value: Any) -> None:
        self._undo.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    def _start(self) -> None:
        import uuid

        import freezegun.api as fz

        # Compiled extensions that check the datetime classes when first imported (pandas's)
        # crash the interpreter if that happens while the fakes below stand in for them: an
        # app importing pandas inside a simulation did. Their first import puts the reals
        # back while it runs (_ExtensionImports) -- importing them here instead would cost
        # every simulation 0.3 s whether its app uses pandas or not.
        sys.meta_path.insert(0, _EXTENSION_IMPORTS)
        # freezegun's fakes ask its factory stack for "now": ours asks the context.
        fz.freeze_factories.append(_factory)  # type: ignore[arg-type]
        fz.tz_offsets.append(_dt.timedelta(0))
        fz.ignore_lists.append(REAL_TIME_MODULES)
        fz.tick_flags.append(False)
        self._set(fz, "_should_use_real_time", _should_use_real_time)
        self._set(fz.FakeDatetime, "now", _real_outside(fz.FakeDatetime.now.__func__, "now"))
        self._set(fz.FakeDatetime, "utcnow", _real_outside(fz.FakeDatetime.utcnow.__func__, "utcnow"))
        self._set(fz.FakeDate, "today", _real_outside(fz.FakeDate.today.__func__, "today"))
        swaps = self._swaps()
        for module in (time, _dt):
            for name, value in list(vars(module).items()):
                swap = swaps.get(id(value))
                if swap is not None and value is swap[0]:
                    self._set(module, name, swap[1])
        # uuid1() reads time.time_ns instead of the system's own clock (as freezegun does).
        if fz.uuid_generate_time_attr:
            self._set(uuid, fz.uuid_generate_time_attr, None)
        self._set(uuid, "_UuidCreate", None)
        self._modules_at_start = set(sys.modules)
        for name, module in list(sys.modules.items()):
            for attribute in self._references(name, module, swaps):
                self._set(module, attribute, swaps[id(getattr(module, attribute))][1])

    def _references(self, name: str, module: Any, swaps: dict[int, tuple[Any, Any]]) -> tuple[str, ...]:
        """The attributes of ``module`` that hold a real clock function or class."""
        if module is None or name.startswith(_NEVER_PATCHED) or name in ("time", "datetime", __name__):
            return ()
        try:
            namespace = vars(module)
        except TypeError:
            return ()
        key = (id(namespace), len(namespace))
        cached = self._scanned.get(name)
        if cached is not None and cached[:2] == key:
            found = cached[2]
        else:
            found = tuple(
                attribute
                for attribute, value in list(namespace.items())
                if id(value) in swaps and value is swaps[id(value)][0]
            )
            self._scanned[name] = (*key, found)
        return tuple(a for a in found if (v := namespace.get(a)) is not None and swaps.get(id(v), (None,))[0] is v)

    @contextmanager
    def suspended(self) -> Iterator[None]:
        """The real clock functions and classes back in place, everywhere, within this block
        (for the first import of a compiled extension: see :class:`_ExtensionImports`)."""
        with self._lock:
            if not self._users:
                yield
                return
            self._stop()
            try:
                yield
            finally:
                self._start()

    def _stop(self) -> None:
        import freezegun.api as fz

        if _EXTENSION_IMPORTS in sys.meta_path:
            sys.meta_path.remove(_EXTENSION_IMPORTS)
        for owner, name, value in reversed(self._undo):
            setattr(owner, name, value)
        self._undo = []
        if _factory in fz.freeze_factories:
            index = len(fz.freeze_factories) - 1 - fz.freeze_factories[::-1].index(_factory)  # type: ignore[arg-type]
            for stack in (fz.freeze_factories, fz.tz_offsets, fz.ignore_lists, fz.tick_flags):
                del stack[index]
        # Modules loaded while patched (an app's own helpers) took fakes: give them the reals.
        reals = {id(fake): real for real, fake in self._swaps().values()}
        for name in set(sys.modules) - self._modules_at_start:
            module = sys.modules.get(name)
            if module is None or name.startswith(_NEVER_PATCHED):
                continue
            try:
                namespace = vars(module)
            except TypeError:
                continue
            for attribute, value in list(namespace.items()):
                real = reals.get(id(value))
                if real is not None:
                    namespace[attribute] = real
        self._modules_at_start = set()


class _ExtensionImports(importlib.abc.MetaPathFinder):
    """While the fakes are in: the first import of a package of :data:`_DATETIME_EXTENSIONS`
    runs with the real clock classes put back (:meth:`_Patches.suspended`), so its compiled
    modules see the classes whose layout they were built against. What it imports meanwhile
    is then patched like any module loaded before the simulation opened.

    The reals are back for every thread while that import runs (the ``datetime`` module's
    attributes are global): a second simulation in another thread of the same process would
    read the real clock for that moment. Simulations in one process run one at a time in
    practice (a campaign's workers are processes), and it happens once per process."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname not in _DATETIME_EXTENSIONS:
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _RealClockLoader(spec.loader)
                return spec
        return None


class _RealClockLoader(importlib.abc.Loader):
    """A package's own loader, executing the package with the real clock classes in place."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: Any) -> Any:
        return self._loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        with _patches.suspended():
            self._loader.exec_module(module)

    def __getattr__(self, name: str) -> Any:
        # Everything else (resources, is_package, get_code ...) is the package loader's.
        return getattr(self._loader, name)


_EXTENSION_IMPORTS = _ExtensionImports()
_patches = _Patches()


def _factory() -> _dt.datetime:
    """freezegun's "current time": the asking simulation's, else that of a ``freeze_time``
    started before ours (a test freezing time around a simulation), else the real UTC time."""
    vt = _current.get()
    if vt is None:
        outer = _outer_factory()
        return outer() if outer is not None else _real_utcnow()
    return _UNIX + _dt.timedelta(seconds=vt.now())


def _outer_factory() -> Any:
    import freezegun.api as fz

    factories = fz.freeze_factories
    if len(factories) > 1 and factories[-1] is _factory:
        return factories[-2]
    return None


def _real_utcnow() -> _dt.datetime:
    import freezegun.api as fz

    return fz.real_datetime.now(_dt.UTC).replace(tzinfo=None)


def _should_use_real_time() -> bool:
    # Replaces freezegun's stack walk: outside a simulation, the real clock; inside, the
    # virtual one unless the *immediate* caller is infrastructure (freezegun walks five frames,
    # which would give app code called from blockspec's runner the real time).
    if _current.get() is None:
        return _outer_factory() is None or _outer_ignores(sys._getframe(2))
    caller = sys._getframe(2).f_globals.get("__name__") or ""
    return caller.startswith(REAL_TIME_MODULES)


def _outer_ignores(frame: Any) -> bool:
    """freezegun's own rule, for a freeze_time started before ours: the real time if one of
    the five innermost callers is in a module that freeze_time was told to ignore."""
    import freezegun.api as fz

    ignored = fz.ignore_lists[-2]
    if not ignored:
        return False
    for _ in range(fz.call_stack_inspection_limit):
        if frame is None:
            break
        if (frame.f_globals.get("__name__") or "").startswith(ignored):
            return True
        frame = frame.f_back
    return False


def _real_outside(virtual: Any, name: str) -> classmethod:  # type: ignore[type-arg]
    """A freezegun datetime class method that answers with the real clock outside simulations
    (freezegun's own would answer with whatever the factory says, in UTC)."""

    def method(cls: Any, *args: Any, **kwargs: Any) -> Any:
        if _current.get() is None and _outer_factory() is None:
            import freezegun.api as fz

            real = fz.real_date if name == "today" and not issubclass(cls, fz.real_datetime) else fz.real_datetime
            value = getattr(real, name)(*args, **kwargs)
            if isinstance(value, fz.real_datetime):
                return fz.datetime_to_fakedatetime(value)
            return fz.date_to_fakedate(value)
        return virtual(cls, *args, **kwargs)

    return classmethod(method)
