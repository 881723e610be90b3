"""Shrinking a failing seed's scenario to the smallest one that still fails the same way.

A delta-debugging pass, deterministic and without Hypothesis (which stays a test-only
dependency): it removes clients (with everything they do), then actions, faults,
expectations and modelled durations -- halves of each list first, then smaller pieces --
and then makes what is left simpler: faults certain, durations and times shorter, the run
shorter. A candidate is kept when, played with the failing seed, it fails the same way:

* the same invariant broke, or the same expectation failed (same client, component and
  expected value; its time may have moved);
* and, when the campaign's failure depended on the seed (some seeds passed), it still does:
  some seed passes the candidate. Without this a race shrinks to "nothing happened", which
  fails for every seed and is another bug.

Each candidate is one run (a few more for the seed check), so the whole pass is bounded by
``budget`` runs; a shrink stops early, never wrong: whatever it returns fails the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

from ._campaign import CampaignSpec, app_path, failure_keys
from ._scenario import Scenario, run_scenario

__all__ = ["Shrunk", "shrink", "size_of"]

T = TypeVar("T")

#: Seeds tried (after the campaign's known passing ones) to show a candidate still depends on the seed.
WITNESSES = 8


@attrs.frozen(kw_only=True)
class Size:
    clients: int
    actions: int
    faults: int
    expectations: int
    durations: int
    latest: float  # the latest time anything is scheduled at

    def __str__(self) -> str:
        return (
            f"{self.clients} client(s), {self.actions} action(s), {self.faults} fault(s), "
            f"{self.expectations} expectation(s), {self.durations} duration(s), last step at t={self.latest:g}"
        )


def size_of(scenario: Scenario) -> Size:
    times = [c.at for c in scenario.clients] + [a.at for a in scenario.actions]
    times += [e.at for e in scenario.expectations] + [f.at for f in scenario.faults]
    return Size(
        clients=len(scenario.clients),
        actions=len(scenario.actions),
        faults=len(scenario.faults),
        expectations=len(scenario.expectations),
        durations=len(scenario.durations),
        latest=max(times, default=0.0),
    )


@attrs.frozen(kw_only=True)
class Shrunk:
    """A shrunk failing scenario: replay it with ``seed`` (the settings are in it)."""

    scenario: Scenario
    seed: int
    failure: str
    before: Size
    after: Size
    runs: int


def _same_way(key: str) -> str:
    """A failure key without the expectation's time (the shrinker may move it)."""
    return re.sub(r"^expectation t=\S+ ", "expectation ", key)


class _Oracle:
    """Plays candidates; says whether each fails the way the original did."""

    def __init__(self, spec: CampaignSpec, seed: int, key: str, witnesses: Sequence[int], budget: int) -> None:
        self.spec = spec
        self.seed = seed
        self.key = _same_way(key)
        self.witnesses = list(dict.fromkeys(witnesses))
        self.budget = budget
        self.runs = 0

    def _keys(self, scenario: Scenario, seed: int) -> tuple[str, ...] | None:
        self.runs += 1
        try:
            sim, outcome = run_scenario(
                app_path(self.spec),
                attrs.evolve(self.spec, scenario=scenario).scenario_for(seed),
                app_name=self.spec.app_name,
            )
        except Exception:
            return None  # a candidate the simulator refuses is not a smaller failure
        sim.close()
        return tuple(_same_way(k) for k in failure_keys(outcome))

    def fails(self, scenario: Scenario) -> bool:
        if self.runs >= self.budget:
            return False
        keys = self._keys(scenario, self.seed)
        if keys is None or self.key not in keys:
            return False
        if not self.witnesses:
            return True
        # The failure depended on the seed: some seed must still pass this candidate.
        for witness in self.witnesses:
            passing = self._keys(scenario, witness)
            if passing is not None and self.key not in passing:
                # Try this witness first next time: it tends to keep passing.
                self.witnesses.remove(witness)
                self.witnesses.insert(0, witness)
                return True
        return False


def shrink(
    spec: CampaignSpec,
    seed: int,
    *,
    passing: Sequence[int] = (),
    seed_dependent: bool = True,
    budget: int = 400,
) -> Shrunk | None:
    """The smallest scenario found that fails like ``spec.scenario`` does with ``seed``.

    ``passing``: seeds known to pass (the campaign's), tried first as witnesses that the
    failure still depends on the seed; ``seed_dependent=False`` drops that requirement.
    None if the seed does not fail.
    """
    sim, outcome = run_scenario(app_path(spec), spec.scenario_for(seed), app_name=spec.app_name)
    sim.close()
    keys = failure_keys(outcome)
    if not keys:
        return None
    witnesses = [*passing, *(s for s in range(seed + 1, seed + 1 + WITNESSES))] if seed_dependent else []
    oracle = _Oracle(spec, seed, keys[0], [w for w in witnesses if w != seed], budget)
    current = spec.scenario
    while True:
        before = current
        current = _pass(current, oracle)
        if current == before or oracle.runs >= budget:
            break
    return Shrunk(
        scenario=_settled(spec, current, seed),
        seed=seed,
        failure=keys[0],
        before=size_of(spec.scenario),
        after=size_of(current),
        runs=oracle.runs,
    )


def _settled(spec: CampaignSpec, scenario: Scenario, seed: int) -> Scenario:
    """The shrunk scenario with the run's settings written into it, named as shrunk."""
    return attrs.evolve(attrs.evolve(spec, scenario=scenario).scenario_for(seed), source="(shrunk)")


def _pass(scenario: Scenario, oracle: _Oracle) -> Scenario:
    """One round of every reduction, each kept when the oracle says it still fails."""
    s = scenario
    # fewer clients, each with everything it does
    names = [c.name for c in s.clients]
    kept = _ddmin(names, lambda ns: oracle.fails(_only_clients(s, ns)))
    s = _only_clients(s, kept)
    s = attrs.evolve(
        s, actions=tuple(_ddmin(list(s.actions), lambda xs: oracle.fails(attrs.evolve(s, actions=tuple(xs)))))
    )
    s = attrs.evolve(
        s, faults=tuple(_ddmin(list(s.faults), lambda xs: oracle.fails(attrs.evolve(s, faults=tuple(xs)))))
    )
    s = attrs.evolve(
        s,
        expectations=tuple(
            _ddmin(list(s.expectations), lambda xs: oracle.fails(attrs.evolve(s, expectations=tuple(xs))))
        ),
    )
    s = attrs.evolve(
        s,
        expected_failures=tuple(
            _ddmin(list(s.expected_failures), lambda xs: oracle.fails(attrs.evolve(s, expected_failures=tuple(xs))))
        ),
    )
    s = attrs.evolve(
        s, durations=tuple(_ddmin(list(s.durations), lambda xs: oracle.fails(attrs.evolve(s, durations=tuple(xs)))))
    )
    # simpler values, one at a time
    for candidate in _simpler(s):
        trial = candidate(s)
        if trial is not None and trial != s and oracle.fails(trial):
            s = trial
    return s


def _only_clients(s: Scenario, names: Sequence[str]) -> Scenario:
    keep = set(names)
    return attrs.evolve(
        s,
        clients=tuple(c for c in s.clients if c.name in keep),
        actions=tuple(a for a in s.actions if a.client in keep),
        faults=tuple(f for f in s.faults if f.client is None or f.client in keep),
        expectations=tuple(e for e in s.expectations if e.client in keep),
    )


def _ddmin(items: list[T], fails: Callable[[list[T]], bool]) -> list[T]:
    """Delta debugging: remove chunks (halves first, then smaller) while ``fails`` holds."""
    chunk = max(1, len(items) // 2)
    while items:
        removed = False
        start = 0
        while start < len(items):
            trial = items[:start] + items[start + chunk :]
            if fails(trial):
                items, removed = trial, True
            else:
                start += chunk
        if chunk > 1:
            chunk //= 2
        elif not removed:
            break
    return items


def _simpler(s: Scenario) -> list[Callable[[Scenario], Scenario | None]]:
    """Simplifications to try, in order: each takes the current scenario to a candidate."""
    out: list[Callable[[Scenario], Scenario | None]] = []
    for i in range(len(s.faults)):
        out.append(lambda sc, i=i: _at(sc, "faults", i, probability=1.0))
        out.append(lambda sc, i=i: _at(sc, "faults", i, until=None))
        out.append(lambda sc, i=i: _at(sc, "faults", i, at=0.0))
    for i in range(len(s.durations)):
        out.append(lambda sc, i=i: _duration(sc, i, _shorter_duration))
    for i in range(len(s.actions)):
        out.append(lambda sc, i=i: _time(sc, "actions", i, 0.0))
        out.append(lambda sc, i=i: _time(sc, "actions", i, _earlier(sc, sc.actions[i].at)))
    for i in range(len(s.clients)):
        out.append(lambda sc, i=i: _time(sc, "clients", i, 0.0))
    for i in range(len(s.expectations)):
        out.append(lambda sc, i=i: _time(sc, "expectations", i, _settle_time(sc)))
        out.append(lambda sc, i=i: _time(sc, "expectations", i, _earlier(sc, sc.expectations[i].at)))
    out.append(lambda sc: attrs.evolve(sc, until=_settle_time(sc) if sc.until is not None else None))
    out.append(lambda sc: attrs.evolve(sc, until=None))
    return out


def _at(s: Scenario, field: str, i: int, **changes: Any) -> Scenario | None:
    items = list(getattr(s, field))
    if i >= len(items):
        return None
    items[i] = attrs.evolve(items[i], **changes)
    return attrs.evolve(s, **{field: tuple(items)})


def _time(s: Scenario, field: str, i: int, at: float | None) -> Scenario | None:
    items = list(getattr(s, field))
    if at is None or i >= len(items) or items[i].at <= at:
        return None
    items[i] = attrs.evolve(items[i], at=at)
    if field in ("actions", "expectations"):
        items.sort(key=lambda x: x.at)  # played in time order, as from_toml sorts them
    return attrs.evolve(s, **{field: tuple(items)})


def _earlier(s: Scenario, at: float) -> float | None:
    """The latest step time before ``at`` (moving there keeps the order of the rest)."""
    times = sorted({a.at for a in s.actions} | {c.at for c in s.clients}, reverse=True)
    return next((t for t in times if t < at), None)


def _settle_time(s: Scenario) -> float:
    """A little after the last action and the longest modelled duration."""
    last = max((a.at for a in s.actions), default=0.0)
    longest = 0.0
    for _, value in s.durations:
        longest = max(longest, sum(value) if isinstance(value, (list, tuple)) else float(value))
    return round(last + longest + 0.1, 3)


def _duration(s: Scenario, i: int, simpler: Callable[[Any], Any]) -> Scenario | None:
    items = list(s.durations)
    if i >= len(items):
        return None
    name, value = items[i]
    shorter = simpler(value)
    if shorter is None or shorter == value:
        return None
    items[i] = (name, shorter)
    return attrs.evolve(s, durations=tuple(items))


def _shorter_duration(value: Any) -> Any:
    """One step down: a list becomes its first duration; a number a tenth of a second."""
    if isinstance(value, (list, tuple)):
        return value[0] if value else None  # one duration for every step
    return 0.1 if value > 0.1 else None
