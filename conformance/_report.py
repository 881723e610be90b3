"""Reports: ``report.json`` first (the data), then renderables and Markdown made from it.

:class:`Matrix` is a rich renderable (clauses down, targets across); :func:`markdown` writes
the same matrix with a note for every clause whose verdicts differ between targets;
:class:`Failure` shows one failing case: the clause's text, the seed and a runnable script,
and the run's timeline.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ._catalogue import Catalogue
from ._runner import Result, Suite

__all__ = ["suite_json", "Matrix", "Failure", "markdown", "SUITE_VERSION"]

SUITE_VERSION = "1"
_STYLE = {"pass": "green", "fail": "bold red", "non-strict": "yellow", "info": "cyan", "missing": "magenta"}


def suite_json(suite: Suite, *, mutation: dict[str, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "run_info": {
            "target": suite.target,
            "implementation": suite.implementation,
            "version": suite.version,
            "seed": suite.seed,
            "suite_version": SUITE_VERSION,
            "seconds": round(suite.seconds, 3),
        },
        "results": [r.to_json() for r in suite.results],
        "summary": _summary(suite),
    }
    if mutation is not None:
        data["mutation"] = mutation
    return data


def _summary(suite: Suite) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in suite.results:
        counts[r.verdict] = counts.get(r.verdict, 0) + 1
    counts["expected"] = sum(r.expected for r in suite.results)
    counts["unexpected_pass"] = sum(r.unexpected_pass for r in suite.results)
    counts["unexpected"] = sum(r.unexpected for r in suite.results)
    return counts


class Matrix:
    """Clauses down, one column per report; a cell is the clause's worst verdict there."""

    def __init__(self, reports: Sequence[dict[str, Any]], catalogue: Catalogue) -> None:
        self.reports = list(reports)
        self.catalogue = catalogue

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        table = Table(title="Conformance", show_lines=False)
        table.add_column("clause")
        for report in self.reports:
            table.add_column(_column(report))
        for clause_id, cells in _rows(self.reports):
            table.add_row(clause_id, *[Text(c, style=_STYLE.get(c.split(" ")[0], "")) for c in cells])
        yield table


def _column(report: dict[str, Any]) -> str:
    info = report["run_info"]
    return info.get("label") or f"{info['target']}"


def _clause_verdicts(report: dict[str, Any]) -> dict[str, str]:
    order = ["pass", "info", "non-strict", "missing", "fail"]
    verdicts: dict[str, str] = {}
    known: dict[str, bool] = {}
    surprise: dict[str, bool] = {}
    for r in report["results"]:
        old = verdicts.get(r["clause"], "pass")
        verdicts[r["clause"]] = max(old, r["verdict"], key=order.index)
        if r["verdict"] != "pass" and r.get("known"):
            known[r["clause"]] = True
        if r.get("unexpected_pass"):
            surprise[r["clause"]] = True
    shown = {}
    for clause, verdict in verdicts.items():
        if verdict != "pass" and known.get(clause):
            verdict += " (known)"
        elif verdict == "pass" and surprise.get(clause):
            verdict += " (unexpected)"
        shown[clause] = verdict
    return shown


def _rows(reports: Sequence[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    per = [_clause_verdicts(r) for r in reports]
    clauses: list[str] = []
    for verdicts in per:
        for c in verdicts:
            if c not in clauses:
                clauses.append(c)
    return [(c, [v.get(c, "-") for v in per]) for c in sorted(clauses)]


def markdown(
    reports: Sequence[dict[str, Any]],
    catalogue: Catalogue,
    *,
    mutation: dict[str, Any] | None = None,
    campaign: dict[str, Any] | None = None,
) -> str:
    """The matrix in Markdown, with a note under every clause whose verdicts differ."""
    head = "| clause | " + " | ".join(_column(r) for r in reports) + " |"
    lines = [
        "# Conformance matrix",
        "",
        "Made by `blockspec conform` / `tools/conform_gradio.py`; one column per target, one row per "
        "clause exercised by a case (verdicts: pass, fail = a MUST broken, non-strict = a SHOULD, "
        "info = a decision where the docs are silent, missing = the target lacks the feature; "
        "(known) = listed in `conformance/known/<target>.toml`).",
        "",
    ]
    for r in reports:
        info = r["run_info"]
        lines.append(
            f"* **{_column(r)}**: {info['implementation']} {info['version']}, seed {info['seed']}, "
            f"suite {info['suite_version']}, {info['seconds']} s"
        )
    lines += ["", head, "|---|" + "---|" * len(reports)]
    rows = _rows(reports)
    notes: list[str] = []
    for clause_id, cells in rows:
        lines.append(f"| `{clause_id}` | " + " | ".join(cells) + " |")
        if len({c.split(" ")[0] for c in cells if c != "-"}) > 1 or any(
            c.startswith(("fail", "info", "non", "miss")) for c in cells
        ):
            clause = catalogue.get(clause_id)
            seen = []
            for report in reports:
                for res in report["results"]:
                    if res["clause"] == clause_id and res["verdict"] != "pass":
                        held = "; ".join(c["seen"] for c in res["checks"] if not c["held"]) or res.get("message") or ""
                        why = f" Known: {res['known']}" if res.get("known") else ""
                        seen.append(f"  * {_column(report)}, case `{res['case']}`: {held}.{why}")
            notes.append(f"* `{clause_id}` ({clause.level}) -- {clause.text} {clause.note}".rstrip())
            notes.extend(seen)
    if notes:
        lines += ["", "## Notes on every difference", ""] + notes
    if mutation is not None:
        lines += [
            "",
            "## Mutation run",
            "",
            f"Mutation score: {mutation['killed']}/{mutation['total']} mutants caught.",
            "",
        ]
        lines += ["| mutant | caught by |", "|---|---|"]
        for m in mutation["mutants"]:
            lines.append(f"| {m['name']}: {m['doc']} | {', '.join(m['failing'][:4]) or '**not caught**'} |")
    if campaign is not None:
        lines += [
            "",
            "## Property campaign (sim)",
            "",
            f"{campaign['runs']} random scenarios on the fixture apps (`conformance/_campaign.py`), "
            f'{len(campaign["failures"])} broke an engine invariant. How often each "sometimes" goal was reached:',
            "",
            "| goal | runs that reached it |",
            "|---|---|",
        ]
        lines += [f"| {goal} | {count} |" for goal, count in campaign["goals"].items()]
    return "\n".join(lines) + "\n"


class Failure:
    """One failing result: the clause's text, a seed and runnable script, and the timeline."""

    def __init__(self, result: Result, catalogue: Catalogue) -> None:
        self.result = result
        self.clause = catalogue.get(result.clause)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        r = self.result
        parts: list[RenderableType] = [
            Text(f"{self.clause.id} ({self.clause.level}): {self.clause.text}", style="bold"),
        ]
        if self.clause.note:
            parts.append(Text(self.clause.note, style="dim"))
        for check in r.checks:
            if not check.held:
                parts.append(Text(f"{check.checker}: {check.seen}", style="red"))
        if r.message:
            parts.append(Text(r.message, style="red"))
        if r.repro:
            parts.append(Text(f"seed {r.seed}; replay with this script:", style="bold"))
            parts.append(Text(r.repro))
        if r.timeline:
            parts.append(Text(r.timeline))
        yield Panel(Group(*parts), title=f"{r.verdict}: case {r.case}", border_style=_STYLE.get(r.verdict, ""))
