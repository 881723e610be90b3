"""A campaign's results summed up: :class:`Tally` adds seed results arriving in any order,
:class:`Summary` is what it comes to -- the same whatever the order, so the same seeds give
the same summary (and the same JSON bytes) however they were run."""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ._coverage import SOMETIMES

if TYPE_CHECKING:
    from ._campaign import CampaignSpec, SeedResult

__all__ = ["Summary", "Tally", "LISTED_SEEDS", "LISTED_DIGESTS"]

#: How many seeds a summary lists for one digest or one failure (the smallest ones).
LISTED_SEEDS = 10
#: How many distinct digests a summary lists (the most frequent first).
LISTED_DIGESTS = 20


@attrs.frozen(kw_only=True)
class Summary:
    """A campaign's results, grouped by outcome. Depends only on the seeds and their runs."""

    app: str
    scenario: str | None
    first: int
    last: int
    explore: bool
    seeds: int
    ok: int
    jobs: int
    errors: int
    #: (digest, seeds with it, the smallest of them, whether they passed), most frequent first
    digests: tuple[tuple[str, int, tuple[int, ...], bool], ...]
    distinct: int
    #: (failure key, seeds failing so, the smallest of them), most frequent first
    failures: tuple[tuple[str, int, tuple[int, ...]], ...]
    #: (event name, what it says, seeds that reached it, times reached), as SOMETIMES lists them
    coverage: tuple[tuple[str, str, int, int], ...]
    first_failing: int | None
    first_failure: str | None

    @property
    def failed(self) -> int:
        return self.seeds - self.ok

    def to_json(self) -> dict[str, Any]:
        return {
            "app": self.app,
            "scenario": self.scenario,
            "seeds": {"first": self.first, "last": self.last, "count": self.seeds},
            "explore": self.explore,
            "ok": self.ok,
            "failed": self.failed,
            "jobs": self.jobs,
            "errors_shown": self.errors,
            "distinct_traces": self.distinct,
            "traces": [
                {"digest": digest, "seeds": count, "first_seeds": list(first), "ok": ok}
                for digest, count, first, ok in self.digests
            ],
            "failures": [
                {"failure": key, "seeds": count, "first_seeds": list(first)} for key, count, first in self.failures
            ],
            "coverage": [
                {"event": name, "says": says, "seeds": seeds, "times": times}
                for name, says, seeds, times in self.coverage
            ],
            "first_failing_seed": self.first_failing,
            "first_failure": self.first_failure,
        }

    def dumps(self, extra: dict[str, Any] | None = None) -> str:
        """The JSON summary: keys sorted, so the same campaign gives the same bytes."""
        return json.dumps({**self.to_json(), **(extra or {})}, sort_keys=True, indent=2) + "\n"


class Tally:
    """Adds up seed results arriving in any order; :meth:`summary` is the same whatever the
    order. Memory grows with the distinct digests, not the seeds."""

    def __init__(self, *, spec: CampaignSpec, seeds: range) -> None:
        self.spec = spec
        self.range = seeds
        self.count = 0
        self.ok = 0
        self.jobs = 0
        self.errors = 0
        self.by_digest: dict[str, list[Any]] = {}  # digest -> [count, smallest seeds (a max-heap), ok]
        self.by_failure: dict[str, list[Any]] = {}  # key -> [count, smallest seeds (a max-heap)]
        self.coverage: dict[str, list[int]] = {}  # event -> [seeds, times]
        self.first_failing: tuple[int, str | None] | None = None

    def add(self, results: Iterable[SeedResult]) -> None:
        for result in results:
            self.count += 1
            self.jobs += result.jobs
            self.errors += result.errors
            entry = self.by_digest.setdefault(result.digest, [0, [], result.ok])
            entry[0] += 1
            entry[2] = entry[2] and result.ok  # the same trace, the same verdict; but never hide a FAIL
            _keep_smallest(entry[1], result.seed)
            if result.ok:
                self.ok += 1
            elif self.first_failing is None or result.seed < self.first_failing[0]:
                self.first_failing = (result.seed, result.first_failure)
            for key in result.failures:
                failing = self.by_failure.setdefault(key, [0, []])
                failing[0] += 1
                _keep_smallest(failing[1], result.seed)
            for name, times in result.reached:
                counts = self.coverage.setdefault(name, [0, 0])
                counts[0] += 1
                counts[1] += times

    def summary(self) -> Summary:
        digests = sorted(
            ((digest, n, _ascending(heap), ok) for digest, (n, heap, ok) in self.by_digest.items()),
            key=lambda d: (-d[1], d[0]),
        )
        failures = sorted(
            ((key, n, _ascending(heap)) for key, (n, heap) in self.by_failure.items()), key=lambda f: (-f[1], f[0])
        )
        coverage = tuple(
            (event.name, event.says, *self.coverage.get(event.name, (0, 0)))  # type: ignore[misc]
            for event in SOMETIMES
        )
        first = self.first_failing
        return Summary(
            app=Path(self.spec.app).name,
            scenario=Path(self.spec.scenario.source).name
            if self.spec.scenario.source and not self.spec.scenario.source.startswith("(")
            else self.spec.scenario.source,
            first=self.range.start,
            last=self.range.stop - 1,
            explore=self.spec.explore,
            seeds=self.count,
            ok=self.ok,
            jobs=self.jobs,
            errors=self.errors,
            digests=tuple(digests[:LISTED_DIGESTS]),
            distinct=len(digests),
            failures=tuple(failures),
            coverage=coverage,
            first_failing=first[0] if first else None,
            first_failure=first[1] if first else None,
        )


def _keep_smallest(heap: list[int], seed: int) -> None:
    """Keep the LISTED_SEEDS smallest seeds seen, in a max-heap of negated seeds."""
    if len(heap) < LISTED_SEEDS:
        heapq.heappush(heap, -seed)
    elif -heap[0] > seed:
        heapq.heapreplace(heap, -seed)


def _ascending(heap: list[int]) -> tuple[int, ...]:
    return tuple(sorted(-s for s in heap))
