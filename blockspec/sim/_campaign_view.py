"""How a campaign looks: its progress bar and its summary, as rich renderables.

The data is :class:`~blockspec.sim._campaign.Summary`; this module only draws it. A summary
is one screen whatever the number of seeds: counts, the most frequent trace digests, the
failures grouped by what failed, and which "sometimes" events the seeds reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from ._campaign import SeedResult, Summary

__all__ = ["CampaignProgress", "SummaryView", "seed_list"]


class _RateColumn(ProgressColumn):
    """Seeds per second, measured over the run so far."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        if not elapsed or not task.completed:
            return Text("– seeds/s", style="progress.data.speed")
        return Text(f"{task.completed / elapsed:,.1f} seeds/s", style="progress.data.speed")


class CampaignProgress:
    """A progress bar over a campaign's seeds: done/total, rate, elapsed, ETA, failures so far.

    Use as a context manager; :meth:`advance` is ``run_campaign``'s ``on_results``.
    """

    def __init__(self, console: Console, total: int, *, label: str = "seeds") -> None:
        self.failed = 0
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(label),
            _RateColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[failed]}"),
            console=console,
            # Measure the rate over the whole run, not the last few seconds: blocks from a pool
            # arrive in bursts.
            speed_estimate_period=3600,
        )
        self.task = self.progress.add_task("campaign", total=total, failed="", start=False)

    def __enter__(self) -> CampaignProgress:
        self.progress.start()
        self.progress.start_task(self.task)
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def advance(self, results: Sequence[SeedResult]) -> None:
        self.failed += sum(1 for r in results if not r.ok)
        failed = f"[red]{self.failed} failing[/red]" if self.failed else ""
        self.progress.update(self.task, advance=len(results), failed=failed)


def seed_list(seeds: Sequence[int], total: int) -> str:
    """``0, 3, 7, … (+12 more)``: the smallest seeds of a group and how many more."""
    shown = ", ".join(str(s) for s in seeds)
    more = total - len(seeds)
    return f"{shown}, … (+{more:,} more)" if more > 0 else shown


class SummaryView:
    """A campaign summary on one screen."""

    def __init__(self, summary: Summary, *, wall: float | None = None, engine: str | None = None) -> None:
        self.summary = summary
        self.wall = wall
        self.engine = engine

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        s = self.summary
        parts: list[Any] = []
        verdict = "none failing" if not s.failed else f"[bold red]{s.failed:,} failing[/bold red]"
        line = f"[bold]{s.seeds:,} seeds[/bold] ({s.first}..{s.last}): {s.ok:,} OK, {verdict}; {s.jobs:,} jobs"
        if s.errors:
            line += f", {s.errors:,} errors shown to users"
        if self.wall is not None:
            rate = s.seeds / self.wall if self.wall > 0 else 0.0
            line += f" -- {self.wall:.1f} s, {rate:,.1f} seeds/s" + (f" ({self.engine})" if self.engine else "")
        parts.append(line)

        traces = Table(
            title=f"{s.distinct:,} distinct trace(s)"
            + (f", the {len(s.digests)} most frequent" if s.distinct > len(s.digests) else ""),
            title_justify="left",
        )
        for column in ("trace sha256", "seeds", "verdict", "first seeds"):
            traces.add_column(column, justify="right" if column == "seeds" else "left")
        for digest, count, first, ok in s.digests:
            traces.add_row(
                digest, f"{count:,}", "[green]OK[/green]" if ok else "[red]FAIL[/red]", seed_list(first, count)
            )
        parts.append(traces)
        if s.distinct == 1 and s.seeds > 1:
            parts.append(
                "  every seed ran the same way: the scenario leaves nothing to the seed"
                + ("" if s.explore else " (exploring is off: --no-explore)")
            )

        if s.failures:
            failing = Table(title="failing seeds, by what failed", title_justify="left")
            for column in ("failure", "seeds", "first seeds"):
                failing.add_column(column, justify="right" if column == "seeds" else "left")
            for key, count, first in s.failures:
                failing.add_row(f"[red]{key}[/red]", f"{count:,}", seed_list(first, count))
            parts.append(failing)

        coverage = Table(title="what the seeds explored", title_justify="left")
        for column in ("sometimes", "seeds", "times"):
            coverage.add_column(column, justify="left" if column == "sometimes" else "right")
        for _, says, seeds, times in s.coverage:
            if seeds:
                coverage.add_row(says, f"{seeds:,}", f"{times:,}")
        missed = [name for name, _, seeds, _ in s.coverage if not seeds]
        if coverage.row_count:
            parts.append(coverage)
        else:
            parts.append("[yellow]no seed reached any 'sometimes' event[/yellow] (see below what none reached)")
        if missed:
            parts.append(Text("  reached by no seed: " + ", ".join(missed), style="dim"))
        yield Group(*parts)
