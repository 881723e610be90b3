"""``blockspec simulate app.py --seeds A..B``: a seed campaign on the command line.

Exploring is on in a sweep (the header says so; ``--no-explore`` turns it off): the seed
draws the queue's order between concurrency groups and trio's order for tasks woken together.
A progress bar (on standard error) shows seeds done, rate and ETA; the end is one screen:
the verdicts, the distinct traces with their counts, failing seeds grouped by what failed,
what the seeds explored, then the first failing seed's report, its reproduction, and its
scenario shrunk to the smallest one that still fails the same way (``--no-shrink``: not),
as TOML and as a Python script. ``--out DIR`` writes the JSON summary (campaign.json) and
the shrunk scenario (shrunk.toml, shrunk.py) there. ``--json`` prints the
summary as JSON instead (byte-identical for the same seeds, whatever runs them).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console

from .._overrides import parse_assignments
from ._campaign import CampaignSpec, Summary, run_campaign
from ._campaign_view import CampaignProgress, SummaryView
from ._scenario import Scenario
from ._scenario_toml import scenario_toml
from ._shrink import WITNESSES, Shrunk, shrink

__all__ = ["sweep"]


def sweep(
    args: argparse.Namespace, console: Console, scenario: Scenario, seeds: range, *, bar: Console | None = None
) -> int:
    """Run the campaign ``args`` describe; print its summary; 1 if any seed failed."""
    explore = not args.no_explore
    # --queue/--launch belong to the scenario every seed plays (and to its shrunk form).
    scenario = scenario.overridden(
        queue=parse_assignments(args.queue, option="--queue"),
        launch=parse_assignments(args.launch, option="--launch"),
    )
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
    bar_console = bar or Console(file=sys.stderr, width=console.width)
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
    shrunk = None if not summary.failed or args.no_shrink else shrink_first(spec, summary)
    document = summary.dumps({"shrunk": _shrunk_json(shrunk)} if shrunk else None)
    if args.out:
        Path(args.out).mkdir(parents=True, exist_ok=True)
        (Path(args.out) / "campaign.json").write_text(document, encoding="utf-8")
    if args.json:
        sys.stdout.write(document)
        return 0 if not summary.failed else 1
    console.print(SummaryView(summary, wall=wall, engine=engine))
    if not summary.failed:
        console.print("[bold green]all seeds OK[/bold green]")
        return 0
    _first_failure(args, console, spec, summary)
    if shrunk is not None:
        _print_shrunk(args, console, shrunk)
    return 1


def shrink_first(spec: CampaignSpec, summary: Summary) -> Shrunk | None:
    """The first failing seed's scenario, shrunk; the campaign's passing seeds are the
    witnesses that the failure still depends on the seed."""
    assert summary.first_failing is not None
    passing = sorted(seed for _, _, seeds, ok in summary.digests if ok for seed in seeds)
    return shrink(spec, summary.first_failing, passing=passing[:WITNESSES], seed_dependent=summary.ok > 0)


def _shrunk_json(shrunk: Shrunk) -> dict[str, Any]:
    return {
        "seed": shrunk.seed,
        "failure": shrunk.failure,
        "before": str(shrunk.before),
        "after": str(shrunk.after),
        "toml": scenario_toml(shrunk.scenario),
    }


def _print_shrunk(args: argparse.Namespace, console: Console, shrunk: Shrunk) -> None:
    console.rule(f"seed {shrunk.seed} shrunk: it still fails the same way")
    console.print(f"  {shrunk.failure}")
    console.print(f"  from {shrunk.before}")
    console.print(f"  to   {shrunk.after}  ({shrunk.runs} runs)")
    toml = scenario_toml(shrunk.scenario, comment=f"{Path(args.app).name}, seed {shrunk.seed}: {shrunk.failure}")
    script = shrunk.scenario.to_python(args.app, seed=shrunk.seed)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "shrunk.toml").write_text(toml, encoding="utf-8")
        (out / "shrunk.py").write_text(script, encoding="utf-8")
        console.print(f"  wrote {out / 'shrunk.toml'}, {out / 'shrunk.py'}")
    _plain(console, f"  replay: blockspec simulate {args.app} --script shrunk.toml   # with this TOML:")
    _plain(console, _indent(toml))
    _plain(console, "  or in Python:\n" + _indent(script))


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())


def _engine(args: argparse.Namespace) -> str:
    if args.cluster:
        return f"on the Dask cluster at {args.cluster}"
    if args.workers > 1:
        return f"in {args.workers} processes"
    return "in this process"


def _first_failure(args: argparse.Namespace, console: Console, spec: CampaignSpec, summary: Summary) -> None:
    """The first failing seed's report, as a single run prints it, and its replay command."""
    from ._cli import _repro, _run, _summary

    seed = summary.first_failing
    assert seed is not None
    console.rule(f"[bold red]{summary.failed:,} failing seed(s)[/bold red]; the first: seed {seed}")
    started = time.perf_counter()
    sim, outcome, used = _run(args, spec.scenario, seed, spec.explore)
    try:
        _summary(console, sim, outcome, time.perf_counter() - started)
    finally:
        sim.close()
    _plain(console, f"  reproduce: {_repro(args, used, seed, spec.explore)}")


def _plain(console: Console, text: str) -> None:
    console.print(text, soft_wrap=True, markup=False, highlight=False)
