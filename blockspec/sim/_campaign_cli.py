"""``blockspec simulate app.py --seeds A..B``: a seed campaign on the command line.

Exploring is on in a sweep (the header says so; ``--no-explore`` turns it off): the seed
draws the queue's order between concurrency groups and trio's order for tasks woken together.
A progress bar (on standard error) shows seeds done, rate and ETA; the end is one screen:
the verdicts, the distinct traces with their counts, failing seeds grouped by what failed,
what the seeds explored, then the first failing seed's report, its reproduction, and its
scenario shrunk to the smallest one that still fails the same way. ``--json`` prints the
summary as JSON instead (byte-identical for the same seeds, whatever runs them).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console

from ._campaign import CampaignSpec, Summary, run_campaign
from ._campaign_view import CampaignProgress, SummaryView
from ._scenario import Scenario

__all__ = ["sweep"]


def sweep(
    args: argparse.Namespace,
    console: Console,
    scenario: Scenario,
    seeds: range,
    *,
    repro: Callable[..., str],
    report: Callable[..., None],
    run: Callable[..., Any],
    progress_console: Console | None = None,
) -> int:
    """Run the campaign ``args`` describe; print its summary; 1 if any seed failed."""
    explore = not args.no_explore
    spec = CampaignSpec.for_app(args.app, scenario, app_name=args.app_name, explore=explore, until=args.until)
    engine = _engine(args)
    if not args.json:
        how = (
            "exploring interleavings: each seed draws the order between concurrency groups and of tasks "
            "woken together (--no-explore turns this off)"
            if explore
            else "not exploring (--no-explore): seeds change only the scenario's own random draws"
        )
        console.rule(f"{Path(args.app).name} · {scenario.source or 'scenario'} · seeds {seeds.start}..{seeds.stop - 1}")
        console.print(f"{len(seeds):,} seeds, {engine}; {how}")
    # The bar goes to standard error, so `--json > summary.json` keeps a clean file.
    bar_console = progress_console or Console(file=sys.stderr, width=console.width)
    started = time.perf_counter()
    with CampaignProgress(bar_console, len(seeds)) as progress:
        summary = run_campaign(
            spec,
            seeds,
            workers=args.workers,
            cluster=args.cluster,
            block_size=args.block_size,
            on_results=progress.advance,
        )
    wall = time.perf_counter() - started
    if args.json:
        sys.stdout.write(summary.dumps())
        return 0 if not summary.failed else 1
    console.print(SummaryView(summary, wall=wall, engine=engine))
    if not summary.failed:
        console.print("[bold green]all seeds OK[/bold green]")
        return 0
    _first_failure(args, console, spec, summary, repro=repro, report=report, run=run)
    return 1


def _engine(args: argparse.Namespace) -> str:
    if args.cluster:
        return f"on the Dask cluster at {args.cluster}"
    if args.workers > 1:
        return f"in {args.workers} processes"
    return "in this process"


def _first_failure(
    args: argparse.Namespace,
    console: Console,
    spec: CampaignSpec,
    summary: Summary,
    *,
    repro: Callable[..., str],
    report: Callable[..., None],
    run: Callable[..., Any],
) -> None:
    seed = summary.first_failing
    assert seed is not None
    console.rule(f"[bold red]{summary.failed:,} failing seed(s)[/bold red]; the first: seed {seed}")
    started = time.perf_counter()
    sim, outcome, used = run(args, spec.scenario, seed, spec.explore)
    try:
        report(console, sim, outcome, time.perf_counter() - started)
    finally:
        sim.close()
    _plain(console, f"  reproduce: {repro(args, used, seed, spec.explore)}")


def _plain(console: Console, text: str) -> None:
    console.print(text, soft_wrap=True, markup=False, highlight=False)
