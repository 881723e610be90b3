"""Fault injection: a function that raises, hangs or is slow; a client that disconnects.

Faults are data (:class:`Fault`), applied by :class:`FaultyRunner` around the engine's
runner -- the engine itself knows nothing of them. A fault applies to a function by name
from ``at`` until ``until`` (virtual seconds), with ``probability`` drawn from the run's
seeded generator, so a random fault pattern replays exactly under the same seed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from typing import Any, Literal

import attrs
import trio

from .._errors import DefinitionError
from ..engine import History
from ..engine._runners import InlineRunner, Timing

__all__ = ["Fault", "FaultyRunner", "InjectedFault"]

FaultKind = Literal["raise", "hang", "slow", "disconnect"]
KINDS = ("raise", "hang", "slow", "disconnect")


class InjectedFault(Exception):
    """The exception a ``raise`` fault makes a function raise."""


@attrs.frozen(kw_only=True)
class Fault:
    """One planned fault. ``fn`` names a function (raise/hang/slow); ``client`` a client
    (disconnect). ``factor`` multiplies the time a slow function takes: its declared duration and its
    ``time.sleep``s."""

    kind: FaultKind
    fn: str | None = None
    client: str | None = None
    at: float = 0.0
    until: float | None = None
    probability: float = 1.0
    message: str = "injected fault"
    factor: float = 10.0

    def __attrs_post_init__(self) -> None:
        if self.kind not in KINDS:
            raise DefinitionError("fault kind", self.kind, "is not a fault", f"Use one of: {', '.join(KINDS)}.")
        if self.kind == "disconnect" and not self.client:
            raise DefinitionError("fault client", self.client, "is missing", "A disconnect fault names its client.")
        if self.kind != "disconnect" and not self.fn:
            raise DefinitionError("fault fn", self.fn, "is missing", f"A {self.kind} fault names its function.")
        if not 0 <= self.probability <= 1:
            raise DefinitionError("fault probability", self.probability, "is not in [0, 1]", "Use 0 to 1.")

    def active(self, fn_name: str | None, now: float) -> bool:
        return (
            self.kind != "disconnect"
            and fn_name is not None
            and self.fn in (fn_name, fn_name.rsplit(".", 1)[-1])
            and now >= self.at
            and (self.until is None or now < self.until)
        )

    def fires(self, rng: random.Random) -> bool:
        """Whether the fault happens this time: always at probability 1 (no draw), else a
        draw from the run's generator."""
        return self.probability >= 1 or rng.random() < self.probability

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


class FaultyRunner(InlineRunner):
    """An inline runner that applies the faults planned for the function being called."""

    def __init__(
        self,
        inner: InlineRunner,
        faults: Sequence[Fault],
        *,
        rng: Callable[[], random.Random],
        history: History,
        now: Callable[[], float],
    ) -> None:
        super().__init__(inner.durations)
        self.faults = [f for f in faults if f.kind != "disconnect"]
        self._rng = rng
        self._history = history
        self._now = now

    def _firing(self, timing: Timing) -> Fault | None:
        now = self._now()
        for fault in self.faults:
            if fault.active(timing.dep.fn_name, now):
                if fault.fires(self._rng()):
                    self._history.add(
                        now, "client", "fault", dep_id=timing.dep.id, detail=json.dumps(fault.to_json(), sort_keys=True)
                    )
                    return fault
        return None

    async def _apply(self, fault: Fault | None, timing: Timing) -> Timing:
        if fault is None:
            return timing
        if fault.kind == "raise":
            raise InjectedFault(fault.message)
        if fault.kind == "hang":
            await trio.sleep_forever()
        # Slow: everything the call takes on the clock -- its declared duration and what it
        # slept (time.sleep) -- takes `factor` times as long.
        return Timing(timing.dep, timing.step, timing.override, slowdown=timing.slowdown * fault.factor)

    def instant(self, timing: Timing) -> bool:
        if self.faults:
            now = self._now()
            if any(fault.active(timing.dep.fn_name, now) for fault in self.faults):
                return False  # a fault may fire: the call goes through call()
        return super().instant(timing)

    async def call(self, fn: Any, args: list[Any], kwargs: dict[str, Any], *, timing: Timing) -> Any:
        timing = await self._apply(self._firing(timing), timing)
        return await super().call(fn, args, kwargs, timing=timing)

    async def step(self, iterator: Any, *, timing: Timing) -> Any:
        timing = await self._apply(self._firing(timing), timing)
        return await super().step(iterator, timing=timing)
