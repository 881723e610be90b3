"""The runner: play cases on a target, judge them, grade the verdicts.

A verdict is per (case, clause): every check of that clause in the case held -> ``pass``;
otherwise graded by the clause's level -- MUST ``fail``, SHOULD ``non-strict``, unspecified
``info``. A case whose app the target cannot run (a feature it lacks) is ``missing``.
Known failures (``conformance/known/<target>.toml``) are expected: a known failure that
fails again is reported as such (``expected``), one that passes is an ``unexpected pass``.
"""

from __future__ import annotations

import io
import time
import tomllib
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from ._cases import Case
from ._catalogue import Catalogue
from ._checkers import CHECKERS
from ._observe import Observation, Run

__all__ = ["Result", "Suite", "run_suite", "load_known", "KNOWN_DIR", "GRADES"]

KNOWN_DIR = Path(__file__).parent / "known"
GRADES = {"MUST": "fail", "SHOULD": "non-strict", "unspecified": "info"}


@attrs.frozen(kw_only=True)
class CheckResult:
    checker: str
    held: bool
    seen: str


@attrs.frozen(kw_only=True)
class Result:
    case: str
    clause: str
    verdict: str  # pass | fail | non-strict | info | missing
    checks: tuple[CheckResult, ...] = ()
    known: str | None = None  # the known-failure reason, if listed
    seed: int = 0
    repro: str | None = None
    timeline: str | None = None
    message: str | None = None

    @property
    def expected(self) -> bool:
        """A failure that the known-failures file lists."""
        return self.verdict != "pass" and self.known is not None

    @property
    def unexpected_pass(self) -> bool:
        return self.verdict == "pass" and self.known is not None

    @property
    def unexpected(self) -> bool:
        """What CI stops for: a new failure, or a known one that no longer fails."""
        return self.unexpected_pass or (
            self.verdict in ("fail", "non-strict", "info", "missing") and self.known is None
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "clause": self.clause,
            "verdict": self.verdict,
            "known": self.known,
            "unexpected_pass": self.unexpected_pass,
            "checks": [attrs.asdict(c) for c in self.checks],
            "seed": self.seed,
            "message": self.message,
        }


@attrs.frozen(kw_only=True)
class Suite:
    target: str
    implementation: str
    version: str
    seed: int
    results: tuple[Result, ...]
    seconds: float

    def by_clause(self) -> dict[str, str]:
        """One verdict per clause: the worst over its cases."""
        order = ["pass", "info", "non-strict", "missing", "fail"]
        verdicts: dict[str, str] = {}
        for r in self.results:
            old = verdicts.get(r.clause, "pass")
            verdicts[r.clause] = max(old, r.verdict, key=order.index)
        return verdicts


def load_known(target: str) -> dict[tuple[str, str | None], str]:
    """``(clause, case or None) -> reason`` from ``known/<target>.toml``."""
    path = KNOWN_DIR / f"{target}.toml"
    if not path.exists():
        return {}
    known: dict[tuple[str, str | None], str] = {}
    for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("known", []):
        if "clause" not in entry or "reason" not in entry:
            raise ValueError(f"{path.name}: each [[known]] needs `clause` and `reason` (and may name a `case`).")
        known[(entry["clause"], entry.get("case"))] = entry["reason"]
    return known


def _timeline(run: Run) -> str | None:
    try:
        from rich.console import Console

        from blockspec.report import Timeline
        from blockspec.sim import Trace

        console = Console(width=110, file=io.StringIO(), color_system=None)
        console.print(Timeline(Trace(run.history, run.graph), max_rows=80))
        return console.file.getvalue()
    except Exception as exc:  # a report must not hide the verdict
        return f"(no timeline: {exc!r})"


def judge(case: Case, run: Run, catalogue: Catalogue, known: dict[tuple[str, str | None], str]) -> list[Result]:
    obs = Observation(run, tolerance=case.tolerance if run.scale != 1.0 else 1e-9)
    per_clause: dict[str, list[CheckResult]] = {}
    for check in case.checks:
        try:
            held, seen = CHECKERS[check.checker](obs, **dict(check.params))
        except Exception as exc:
            held, seen = False, f"checker error: {exc!r}"
        per_clause.setdefault(check.clause, []).append(CheckResult(checker=check.checker, held=held, seen=seen))
    results = []
    failing = False
    for clause_id, checks in per_clause.items():
        clause = catalogue.get(clause_id)
        verdict = "pass" if all(c.held for c in checks) else GRADES[clause.level]
        failing = failing or verdict != "pass"
        results.append(
            Result(
                case=case.name,
                clause=clause_id,
                verdict=verdict,
                checks=tuple(checks),
                known=known.get((clause_id, case.name), known.get((clause_id, None))),
                seed=run.seed,
                repro=run.repro if verdict != "pass" else None,
            )
        )
    if failing:
        timeline = _timeline(run)
        results = [attrs.evolve(r, timeline=timeline) if r.verdict != "pass" else r for r in results]
    return results


def run_suite(
    target: Any,
    cases: Sequence[Case],
    catalogue: Catalogue,
    *,
    seed: int = 0,
    known_as: str | None = None,
    progress: Callable[[Case, list[Result]], None] | None = None,
) -> Suite:
    """Play every case on ``target`` and judge it."""
    known = load_known(known_as or target.name)
    started = time.monotonic()
    results: list[Result] = []
    for case in cases:
        try:
            run = target.run(case, seed=seed)
        except Exception as exc:
            missing = getattr(exc, "missing", False)
            verdict_of = (lambda c: "missing") if missing else (lambda c: GRADES[catalogue.get(c).level])
            message = str(exc) if missing else "".join(traceback.format_exception_only(exc)).strip()
            case_results = [
                Result(
                    case=case.name,
                    clause=c,
                    verdict=verdict_of(c),
                    known=known.get((c, case.name), known.get((c, None))),
                    seed=seed,
                    message=message,
                )
                for c in case.clauses
            ]
        else:
            case_results = judge(case, run, catalogue, known)
        results.extend(case_results)
        if progress is not None:
            progress(case, case_results)
    return Suite(
        target=target.name,
        implementation=target.implementation,
        version=target.version,
        seed=seed,
        results=tuple(results),
        seconds=time.monotonic() - started,
    )
