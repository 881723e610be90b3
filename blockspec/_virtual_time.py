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
    """freezegun, started once for all open simulations (reference counted)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._undo: list[Any] = []

    def acquire(self) -> None:
        with self._lock:
            self._users += 1
            if self._users == 1:
                try:
                    self._start()
                except BaseException:
                    self._users = 0
                    raise

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users == 0:
                self._stop()

    def _start(self) -> None:
        import freezegun.api as fz

        freezer = fz.freeze_time("1970-01-01", ignore=list(REAL_TIME_MODULES))
        freezer.start()
        # One factory for every simulation: it asks the context which clock to read.
        factory_index = len(fz.freeze_factories) - 1
        fz.freeze_factories[factory_index] = _factory  # type: ignore[call-overload]
        saved = [
            (fz, "_should_use_real_time", fz._should_use_real_time),
            (fz.FakeDatetime, "now", fz.FakeDatetime.__dict__["now"]),
            (fz.FakeDatetime, "utcnow", fz.FakeDatetime.__dict__["utcnow"]),
            (fz.FakeDate, "today", fz.FakeDate.__dict__["today"]),
            (time, "sleep", time.sleep),
        ]
        fz._should_use_real_time = _should_use_real_time
        fz.FakeDatetime.now = _real_outside(fz.FakeDatetime.now.__func__, "now")  # type: ignore[method-assign]
        fz.FakeDatetime.utcnow = _real_outside(fz.FakeDatetime.utcnow.__func__, "utcnow")  # type: ignore[method-assign]
        fz.FakeDate.today = _real_outside(fz.FakeDate.today.__func__, "today")  # type: ignore[method-assign]
        time.sleep = _fake_sleep
        self._undo = [freezer, saved]

    def _stop(self) -> None:
        freezer, saved = self._undo
        self._undo = []
        for owner, name, value in reversed(saved):
            setattr(owner, name, value)
        freezer.stop()


_patches = _Patches()


def _factory() -> _dt.datetime:
    """freezegun's "current time": the asking simulation's, else the real UTC time."""
    vt = _current.get()
    if vt is None:
        return _real_utcnow()
    return _UNIX + _dt.timedelta(seconds=vt.now())


def _real_utcnow() -> _dt.datetime:
    import freezegun.api as fz

    return fz.real_datetime.now(_dt.UTC).replace(tzinfo=None)


def _should_use_real_time() -> bool:
    # Replaces freezegun's stack walk: outside a simulation, the real clock; inside, the
    # virtual one unless the *immediate* caller is infrastructure (freezegun walks five frames,
    # which would give app code called from blockspec's runner the real time).
    if _current.get() is None:
        return True
    caller = sys._getframe(2).f_globals.get("__name__") or ""
    return caller.startswith(REAL_TIME_MODULES)


def _real_outside(virtual: Any, name: str) -> classmethod:  # type: ignore[type-arg]
    """A freezegun datetime class method that answers with the real clock outside simulations
    (freezegun's own would answer with whatever the factory says, in UTC)."""

    def method(cls: Any, *args: Any, **kwargs: Any) -> Any:
        if _current.get() is None:
            import freezegun.api as fz

            real = fz.real_date if name == "today" and not issubclass(cls, fz.real_datetime) else fz.real_datetime
            value = getattr(real, name)(*args, **kwargs)
            if isinstance(value, fz.real_datetime):
                return fz.datetime_to_fakedatetime(value)
            return fz.date_to_fakedate(value)
        return virtual(cls, *args, **kwargs)

    return classmethod(method)
