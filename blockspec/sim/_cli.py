"""``blockspec simulate``: run an app file under virtual time and show what happened.

    blockspec simulate app.py                     # app.toml beside it is the scenario, if any;
                                                  # else every user-facing event fires once
    blockspec simulate app.py --script s.toml --seed 3 --out reports/
    blockspec simulate app.py --seeds 0..19       # sweep seeds, exploring interleavings
    blockspec simulate app.py --check-determinism # run twice, compare the traces byte for byte

    blockspec simulate app.py --queue default_concurrency_limit=4 --launch show_error=true

The app file runs as ``"__main__"``, so the ``queue()``/``launch()`` settings of its
``if __name__ == "__main__":`` block apply; a scenario's ``[queue]``/``[launch]`` tables
override them, and ``--queue``/``--launch KEY=VALUE`` override both. launch() settings that
concern a server only (auth, ports, TLS...) are listed once, not applied.

Exit status: 0 when every run's verdict is OK, 1 when one fails (an invariant broke, an
expectation failed, a change cascade had to be stopped, or an app function raised something
other than ``gr.Error`` that the scenario does not expect), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import hashlib
import shlex
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .._overrides import parse_assignments
from ..engine._failures import format_failure
from ._checks import CHECKS
from ._scenario import Outcome, Scenario, run_scenario
from ._simulation import Simulation

__all__ = ["add_simulate_parser"]


def add_simulate_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("simulate", help="run an app under virtual time with virtual clients")
    parser.add_argument("app", help="app file (written `import gradio as gr` or `import blockspec as gr`)")
    parser.add_argument("--script", help="scenario TOML (default: APP.toml beside the app, else one of each event)")
    parser.add_argument("--app-name", help="which Blocks variable, if the file defines several")
    parser.add_argument("--seed", type=int, help="the run's seed (default: the scenario's, else 0)")
    parser.add_argument("--seeds", help="sweep seeds A..B (inclusive), exploring interleavings")
    parser.add_argument("--explore", action="store_true", help="let the seed choose group order and task interleaving")
    parser.add_argument("--until", type=float, help="run to this virtual time (default: until idle)")
    parser.add_argument(
        "--queue",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a queue() setting in place of the app's (repeatable; VALUE is JSON or text)",
    )
    parser.add_argument(
        "--launch",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a launch() setting in place of the app's, e.g. show_error=true (repeatable)",
    )
    parser.add_argument("--check-determinism", action="store_true", help="run twice and compare the traces")
    parser.add_argument("--out", help="write timeline.svg, timeline.html, trace.json (Perfetto), trace.jsonl here")
    parser.add_argument("--width", type=int, default=120, help="report width in columns")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    parser.set_defaults(run=_simulate)


def _scenario_for(args: argparse.Namespace, app: Path) -> Scenario:
    """The --script, else the app's own .toml beside it, else the default scenario."""
    if args.script:
        return Scenario.from_toml(args.script)
    beside = app.with_suffix(".toml")
    if beside.is_file():
        return Scenario.from_toml(beside)
    from .._loading import load_app

    return Scenario.default_for(load_app(app, name=args.app_name).app.graph)


def _seeds(text: str) -> list[int]:
    first, sep, last = text.partition("..")
    try:
        low, high = int(first), int(last if sep else first)
    except ValueError:
        raise SystemExit(f"blockspec simulate: --seeds {text!r} is not A..B (e.g. 0..19)") from None
    if high < low:
        raise SystemExit(f"blockspec simulate: --seeds {text!r} is empty (B < A)")
    return list(range(low, high + 1))


def _run(
    args: argparse.Namespace, scenario: Scenario, seed: int | None, explore: bool
) -> tuple[Simulation, Outcome, Scenario]:
    app = Path(args.app)
    # The run's settings live in the scenario, so its reproduction script has them too.
    scenario = scenario.overridden(
        seed=seed,
        group_order="random" if explore else None,
        interleaving="seeded" if explore else None,
        until=args.until,
        queue=parse_assignments(args.queue, option="--queue"),
        launch=parse_assignments(args.launch, option="--launch"),
    )
    sim, outcome = run_scenario(app, scenario, app_name=args.app_name)
    return sim, outcome, scenario


def _repro(args: argparse.Namespace, scenario: Scenario, seed: int, explore: bool) -> str:
    parts = ["blockspec simulate", args.app]
    if scenario.source and not scenario.source.startswith("("):
        parts += ["--script", scenario.source]
    parts += ["--seed", str(seed)]
    if explore:
        parts.append("--explore")
    if args.until is not None:
        parts += ["--until", str(args.until)]
    for option in ("queue", "launch"):
        for item in getattr(args, option):
            parts += [f"--{option}", shlex.quote(item)]
    return " ".join(parts)


def _summary(console: Console, sim: Simulation, outcome: Outcome, wall: float) -> None:
    jobs = sim.trace.jobs()
    outcomes: dict[str, int] = {}
    for job in jobs:
        outcomes[job.outcome] = outcomes.get(job.outcome, 0) + 1
    counted = ", ".join(f"{n} {name}" for name, n in outcomes.items()) or "none"
    console.print(
        f"[bold]{len(sim.clients)} client(s), {len(jobs)} job(s)[/bold] ({counted}); "
        f"virtual time {sim.now:g} s in {wall:.3f} s of wall time"
    )
    if sim.server_only_settings:
        console.print(
            "  launch() settings for a server, not applied in a simulation: " + ", ".join(sim.server_only_settings),
            markup=False,
            highlight=False,
        )
    for error in outcome.errors[:10]:
        message = error.get("message")
        shown = f": {message}" if message is not None else " (no message: the app's show_error is off)"
        console.print(
            f"  [red]error[/red] shown to {error['client']}: {error.get('title')}{shown}", markup=True, highlight=False
        )
    failed = [job for job in jobs if job.failure and not job.failure.get("gradio_error")]
    for job in failed[:10]:
        expected = "" if job in outcome.app_failures else " (expected)"
        console.print(
            f"  [bold red]app function failed[/bold red]{expected}: {job.fn} ({job.event_id}, t={job.ended:g})"
        )
        _plain(console, format_failure(job.failure or {}, indent="    "))
    if len(failed) > 10:
        console.print(f"  ... and {len(failed) - 10} more failed job(s); see trace.jsonl (--out)")
    for missing in outcome.missing_failures:
        console.print(f"  [red]✗[/red] expected failure did not happen: {missing.describe()}")
    if outcome.violations:
        for violation in outcome.violations[:10]:
            console.print(f"  [bold red]invariant broken[/bold red] {violation}")
    else:
        console.print(f"  invariants: all hold ({', '.join(CHECKS)})")
    for expectation, ok, why in outcome.expectations:
        mark = "[green]✓[/green]" if ok else "[red]✗[/red]"
        console.print(f"  {mark} expect t={expectation.at:g} {expectation.client}: {why}")
    if outcome.cycles:
        console.print(f"  [bold red]{outcome.cycles} change cascade(s) stopped as cycles[/bold red]")


def _simulate(args: argparse.Namespace) -> int:
    from ..report import Gantt, Timeline, write_reports

    console = Console(width=args.width)
    app = Path(args.app)
    scenario = _scenario_for(args, app)
    if args.seeds:
        return _sweep(args, console, scenario)
    seed = args.seed
    started = time.perf_counter()
    sim, outcome, scenario = _run(args, scenario, seed, args.explore)
    wall = time.perf_counter() - started
    try:
        title = f"{app.name} · {scenario.source or 'scenario'} · seed {sim.seed}"
        if not args.quiet:
            console.rule(title)
            console.print(Timeline(sim.trace, max_rows=80))
            console.print(Gantt(sim.trace))
        _summary(console, sim, outcome, wall)
        if args.out:
            written = write_reports(sim.trace, Path(args.out), title=title, width=args.width)
            (Path(args.out) / "trace.jsonl").write_text(sim.trace.to_jsonl(), encoding="utf-8")
            (Path(args.out) / "repro.py").write_text(scenario.to_python(str(app), seed=sim.seed), encoding="utf-8")
            console.print("  wrote " + ", ".join(str(p) for p in [*written.values(), Path(args.out) / "trace.jsonl"]))
        code = 0 if outcome.ok else 1
        if args.check_determinism:
            code = max(code, _check_determinism(args, console, scenario, sim))
        if not outcome.ok:
            console.print(f"[bold red]FAIL[/bold red] seed {sim.seed}: {outcome.first_failure}")
            _plain(console, f"  reproduce: {_repro(args, scenario, sim.seed, args.explore)}")
            _plain(console, "  or in Python:\n" + _indent(scenario.to_python(str(app), seed=sim.seed)))
        else:
            console.print(f"[bold green]OK[/bold green] seed {sim.seed}")
        return code
    finally:
        sim.close()


def _check_determinism(args: argparse.Namespace, console: Console, scenario: Scenario, first: Simulation) -> int:
    second, _, _ = _run(args, scenario, first.seed, args.explore)
    try:
        a, b = first.trace.to_jsonl(), second.trace.to_jsonl()
    finally:
        second.close()
    digest = hashlib.sha256(a.encode()).hexdigest()[:16]
    if a == b:
        console.print(f"  deterministic: two runs, identical traces ({len(first.trace)} records, sha256 {digest}…)")
        return 0
    for number, (x, y) in enumerate(zip(a.splitlines(), b.splitlines()), start=1):
        if x != y:
            console.print(
                f"  [bold red]NOT deterministic[/bold red]: traces differ at record {number}:\n    {x}\n    {y}"
            )
            break
    else:
        console.print("  [bold red]NOT deterministic[/bold red]: one trace is longer")
    return 1


def _sweep(args: argparse.Namespace, console: Console, scenario: Scenario) -> int:
    table = Table(title=f"{args.app}: seeds {args.seeds} (exploring interleavings)", title_justify="left")
    for column in ("seed", "jobs", "errors", "trace sha256", "verdict", "first failure"):
        table.add_column(column)
    failures: list[tuple[int, Scenario]] = []
    for seed in _seeds(args.seeds):
        sim, outcome, used = _run(args, scenario, seed, True)
        try:
            digest = hashlib.sha256(sim.trace.to_jsonl().encode()).hexdigest()[:12]
        finally:
            sim.close()
        verdict = "[green]OK[/green]" if outcome.ok else "[red]FAIL[/red]"
        table.add_row(
            str(seed), str(outcome.jobs), str(len(outcome.errors)), digest, verdict, outcome.first_failure or ""
        )
        if not outcome.ok:
            failures.append((seed, used))
    console.print(table)
    if failures:
        seed, used = failures[0]
        console.print(f"[bold red]{len(failures)} failing seed(s)[/bold red]; reproduce the first:")
        _plain(console, f"  {_repro(args, used, seed, True)}")
        return 1
    console.print("[bold green]all seeds OK[/bold green]")
    return 0


def _plain(console: Console, text: str) -> None:
    """Print text to copy and run: no wrapping, no markup."""
    console.print(text, soft_wrap=True, markup=False, highlight=False)


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())
