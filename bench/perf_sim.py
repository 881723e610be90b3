"""The simulator's figures (issue 12): queue depth, the public client API, CPU per job
against bare trio, and a scale table. Every cell runs in a fresh process (its peak RSS is
the cell's own), three times or more, alternating with the cells it is compared with.

    python bench/perf_sim.py                      # every section, default sizes
    python bench/perf_sim.py --runs 3 --base DIR  # also the same cells on another checkout
    python bench/perf_sim.py --small              # a smoke run at tiny sizes (CI)
    python bench/perf_sim.py --json out.json --markdown out.md

Sections:

* depth   -- N tabs each click once a listener with ``concurrency_limit=1`` (1 virtual
             second a job), then the run goes until idle: wall per job and peak RSS for
             N = 100, 1,000, 10,000; the ratio of each to N = 100.
* api     -- one tab triggers a zero-work listener through the public
             ``VirtualClient.click`` vs the same triggers inside one ``sim.call``, alternating
             in blocks in one process (CPU per trigger, and the ratio of the two).
* cpu     -- zero-work jobs, 100 tabs x 100 jobs inside one ``sim.call`` (the simulator:
             reference frontend, engine, trace) and the engine alone (``bench/engine.py``),
             against bare trio doing the same wake-ups (``bench/engine.py``'s baseline).
* scale   -- J jobs from C tabs (1k/10, 10k/1k, 100k/10k): wall per job, peak RSS; and
             the memory of an idle tab (RSS growth over 10,000 opened tabs).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

#: This process's CPU seconds (taken before any simulation puts its clock in place). On a
#: shared machine, CPU per job moves much less with the load than wall per job does.
_cpu = time.process_time


# ----------------------------------------------------------------------------------------
# cells (each runs in a child process: `perf_sim.py --cell NAME ARGS...`)
# ----------------------------------------------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def _app(limit):
    import blockspec as gr

    with gr.Blocks() as demo:
        box = gr.Textbox()
        go = gr.Button("go")

        def work(x):
            return x

        go.click(work, box, box, concurrency_limit=limit)
    return demo


def _bench_module(name: str):
    """``bench/NAME.py``, run against the blockspec on PYTHONPATH (the cell's checkout).

    The bench scripts put this checkout's root first on sys.path when imported; blockspec is
    imported before them, so a cell of the "before" checkout does not measure this one."""
    import importlib

    import blockspec  # noqa: F401

    sys.path.insert(0, str(HERE))
    return importlib.import_module(name)


def cell_depth(n: int) -> dict:
    from blockspec.engine import Durations
    from blockspec.sim import Simulation

    started = time.perf_counter()
    with Simulation(_app(1), durations=Durations(0.0, by_fn={"work": 1.0})) as sim:
        clients = [sim.client(f"c{i}") for i in range(n)]
        for client in clients:
            client.click("go")
        sim.run_until_idle()
        wall = time.perf_counter() - started
        jobs = len(sim.trace.of("job", "return"))
        stored = len(sim.history._times)
        records = len(sim.history)
    return {
        "jobs": jobs,
        "wall_s": wall,
        "per_job_us": wall / jobs * 1e6,
        "peak_mb": _peak_mb(),
        "stored": stored,
        "records": records,
    }


def cell_api(m: int, blocks: int) -> dict:
    """Both ways of triggering, in one process, alternating in ``blocks`` blocks of ``m``
    triggers each: the public ``client.click(...)`` and the same trigger inside one
    ``sim.call``. CPU per trigger of each block; the medians, and their ratio (the same
    process, the same load, the same trace length on both sides)."""
    from blockspec.sim import Simulation

    app = _app(None)
    public, inside, noop = [], [], []
    with Simulation(app) as sim:
        client = sim.client("a")
        # The button itself, as `alice.click(btn)` names it.
        button = next(b for b in app.blocks.values() if getattr(b, "value", None) == "go")
        block = sim.resolve(button)
        core = client.core

        async def triggers() -> None:
            for _ in range(m):
                await core.trigger(block, "click")

        async def nothing() -> None:
            pass

        for _ in range(blocks):
            cpu = _cpu()
            for _ in range(m):
                client.click(button)
            public.append((_cpu() - cpu) / m * 1e6)
            cpu = _cpu()
            sim.call(triggers)
            inside.append((_cpu() - cpu) / m * 1e6)
            cpu = _cpu()
            for _ in range(m):
                sim.call(nothing)
            noop.append((_cpu() - cpu) / m * 1e6)
        jobs = len(sim.trace.of("job", "return"))
    assert jobs == 2 * m * blocks, (jobs, m, blocks)
    p, i = statistics.median(public), statistics.median(inside)
    return {"jobs": jobs, "public_us": p, "inside_us": i, "ratio": p / i, "noop_call_us": statistics.median(noop)}


def _sim_jobs(clients: int, per_client: int, limit, profile=None) -> dict:
    from blockspec.sim import Simulation

    with Simulation(_app(limit)) as sim:
        opened = time.perf_counter()
        tabs = [sim.client(f"c{i}") for i in range(clients)]
        open_s = time.perf_counter() - opened
        block = sim.resolve("go")
        cores = [tab.core for tab in tabs]

        async def drive() -> None:
            for _ in range(per_client):
                for core in cores:
                    await core.trigger(block, "click")

        started, cpu = time.perf_counter(), _cpu()
        if profile is not None:
            profile.enable()
        sim.call(drive)
        sim.run_until_idle()
        if profile is not None:
            profile.disable()
        wall, cpu = time.perf_counter() - started, _cpu() - cpu
        jobs = len(sim.trace.of("job", "return"))
    return {
        "jobs": jobs,
        "wall_s": wall,
        "per_job_us": wall / jobs * 1e6,
        "per_job_cpu_us": cpu / jobs * 1e6,
        "open_s": open_s,
        "peak_mb": _peak_mb(),
    }


def cell_sim(clients: int, per_client: int) -> dict:
    return _sim_jobs(clients, per_client, None)


def _per_job(run: Callable[[], int]) -> dict:
    """Wall and CPU time per job of ``run()`` (which returns how many jobs it ran), and peak RSS."""
    started, cpu = time.perf_counter(), _cpu()
    jobs = run()
    wall, cpu = time.perf_counter() - started, _cpu() - cpu
    return {
        "jobs": jobs,
        "wall_s": wall,
        "per_job_us": wall / jobs * 1e6,
        "per_job_cpu_us": cpu / jobs * 1e6,
        "peak_mb": _peak_mb(),
    }


def cell_engine(clients: int, per_client: int) -> dict:
    bench_engine = _bench_module("engine")

    return _per_job(lambda: bench_engine.engine_jobs(clients, per_client, None))


def cell_trio(clients: int, per_client: int) -> dict:
    bench_engine = _bench_module("engine")

    return _per_job(lambda: bench_engine.baseline_jobs(clients, per_client))


def cell_timer(clients: int, seconds: int) -> dict:
    simulate = _bench_module("simulate")
    simulate.simulate(1, 1)  # what the first simulation imports is no part of the figure
    started, cpu = time.perf_counter(), _cpu()
    ticks, records = simulate.simulate(clients, seconds)
    wall, cpu = time.perf_counter() - started, _cpu() - cpu
    return {"ticks": ticks, "records": records, "wall_s": wall, "cpu_s": cpu, "peak_mb": _peak_mb()}


def cell_timer_trio(clients: int, seconds: int) -> dict:
    simulate = _bench_module("simulate")
    started, cpu = time.perf_counter(), _cpu()
    ticks, _ = simulate.baseline(clients, seconds)
    wall, cpu = time.perf_counter() - started, _cpu() - cpu
    return {"ticks": ticks, "wall_s": wall, "cpu_s": cpu, "peak_mb": _peak_mb()}


def cell_profile_timer(clients: int, seconds: int, top: int) -> dict:
    import cProfile

    simulate = _bench_module("simulate")
    simulate.simulate(1, 1)  # what the first simulation imports is no part of the profile
    profile = cProfile.Profile()
    profile.enable()
    simulate.simulate(clients, seconds)
    profile.disable()
    return _top(profile, top)


def cell_idle(n: int) -> dict:
    from blockspec.sim import Simulation

    with Simulation(_app(None)) as sim:
        sim.client("warm")
        before = _rss_mb()
        for i in range(n):
            sim.client(f"c{i}")
        after = _rss_mb()
    return {"clients": n, "kb_per_client": (after - before) * 1e3 / n, "peak_mb": _peak_mb()}


def cell_profile(clients: int, per_client: int, top: int) -> dict:
    import cProfile

    profile = cProfile.Profile()
    _sim_jobs(clients, per_client, None, profile)  # the jobs' phase only
    return _top(profile, top)


def cell_profile_engine(clients: int, per_client: int, top: int) -> dict:
    import cProfile

    bench_engine = _bench_module("engine")

    profile = cProfile.Profile()
    profile.enable()
    bench_engine.engine_jobs(clients, per_client, None)
    profile.disable()
    return _top(profile, top)


def _top(profile, top: int) -> dict:
    import pstats

    stats = pstats.Stats(profile)
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    return {
        "total_s": total,
        "top": [
            {
                "fn": f"{Path(f).name}:{line}({name})",
                "self_s": round(v[2], 3),
                "share": round(v[2] / total, 3),
                "calls": v[1],
            }
            for (f, line, name), v in rows
        ],
    }


CELLS = {
    "depth": (cell_depth, (int,)),
    "api": (cell_api, (int, int)),
    "sim": (cell_sim, (int, int)),
    "engine": (cell_engine, (int, int)),
    "trio": (cell_trio, (int, int)),
    "idle": (cell_idle, (int,)),
    "profile": (cell_profile, (int, int, int)),
    "profile_engine": (cell_profile_engine, (int, int, int)),
    "timer": (cell_timer, (int, int)),
    "timer_trio": (cell_timer_trio, (int, int)),
    "profile_timer": (cell_profile_timer, (int, int, int)),
}


def run_cell(code: Path, name: str, *args: object, timeout: float = 900) -> dict | None:
    """One cell in a fresh process importing blockspec from ``code``."""
    env = dict(os.environ, PYTHONPATH=str(code), PYTHONHASHSEED="0")
    command = [sys.executable, str(HERE / "perf_sim.py"), "--cell", name, *map(str, args)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, cwd=code)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
        return None
    return json.loads(done.stdout.splitlines()[-1])


# ----------------------------------------------------------------------------------------
# the sections
# ----------------------------------------------------------------------------------------


def _stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def _fmt(s: dict | None, digits: int = 1) -> str:
    if not s:
        return "n/a"
    return f"{s['median']:,.{digits}f} ({s['min']:,.{digits}f}..{s['max']:,.{digits}f})"


def _series(cells: list[dict | None], key: str) -> dict | None:
    values = [c[key] for c in cells if c]
    return _stats(values) if values else None


def section_depth(args, out: list[str], data: dict) -> None:
    sizes = [10, 40] if args.small else [100, 1_000, 10_000]
    base_max = sizes[1]  # the code before issue 12 is quadratic: 10,000 would need ~20 GB
    runs: dict[tuple[str, int], list] = {}
    for _ in range(args.runs):
        for n in sizes:
            runs.setdefault(("new", n), []).append(run_cell(ROOT, "depth", n))
            if args.base and n <= base_max:
                runs.setdefault(("base", n), []).append(run_cell(args.base, "depth", n))
    out += [
        "### Queue depth (`python bench/perf_sim.py --only depth`)",
        "",
        f"N tabs each click once a `concurrency_limit=1` listener (1 virtual s a job), then until idle; "
        f"{args.runs} alternating runs of each cell, each in a fresh process; wall per job (tabs opened and "
        "clicks included) and peak RSS, median (min..max).",
        "",
        f"| N | records (stored) | µs per job | vs N={sizes[0]} | peak RSS MB | before: µs per job | before: peak MB "
        "| after/before |",
        "|---|---|---|---|---|---|---|---|",
    ]
    first = _series(runs[("new", sizes[0])], "per_job_us")
    for n in sizes:
        new = runs[("new", n)]
        per, peak = _series(new, "per_job_us"), _series(new, "peak_mb")
        base = runs.get(("base", n), [])
        bper, bpeak = _series(base, "per_job_us"), _series(base, "peak_mb")
        some = next((c for c in new if c), None)
        ratio = f"{per['median'] / first['median']:.2f}" if per and first else "n/a"
        vs = f"{per['median'] / bper['median']:.2f}" if per and bper else "n/a"
        stored = f"{some['records']:,} ({some['stored']:,})" if some else "n/a"
        before = "not run (quadratic)" if args.base and n > base_max else _fmt(bper)
        out.append(f"| {n:,} | {stored} | {_fmt(per)} | {ratio} | {_fmt(peak)} | {before} | {_fmt(bpeak)} | {vs} |")
        data[f"depth_{n}"] = {"new": new, "base": base}
    out.append("")


def section_api(args, out: list[str], data: dict) -> None:
    m, blocks = (50, 3) if args.small else (1_000, 9)
    cells, base_cells = [], []
    for _ in range(args.runs):
        cells.append(run_cell(ROOT, "api", m, blocks))
        if args.base:
            base_cells.append(run_cell(args.base, "api", m, blocks))
    out += [
        "### The public client API (`python bench/perf_sim.py --only api`)",
        "",
        f"One tab triggers a zero-work listener: `client.click(...)` from the test's thread vs "
        f"`await client.core.trigger(...)` inside one `sim.call`, in one process, alternating in "
        f"{blocks} blocks of {m:,} triggers each; CPU µs per trigger, the median block of each "
        f"(the ratio is a process's medians: both sides see the same load and trace length); "
        f"{args.runs} processes a code, alternating, median (min..max) over them.",
        "",
        "| code | public API | inside sim.call | public / inside | a no-op `sim.call` |",
        "|---|---|---|---|---|",
    ]
    for label, series in (("this branch", cells), ("before", base_cells)):
        if not series:
            continue
        out.append(
            f"| {label} | {_fmt(_series(series, 'public_us'))} | {_fmt(_series(series, 'inside_us'))} "
            f"| {_fmt(_series(series, 'ratio'), 2)} | {_fmt(_series(series, 'noop_call_us'))} |"
        )
    out.append("")
    data["api"] = {"cells": cells, "base_cells": base_cells}


def section_cpu(args, out: list[str], data: dict) -> None:
    clients, per = (5, 10) if args.small else (100, 100)
    cells: dict[str, list] = {"sim": [], "engine": [], "trio": [], "base sim": [], "base engine": []}
    for _ in range(args.runs):
        cells["sim"].append(run_cell(ROOT, "sim", clients, per))
        cells["trio"].append(run_cell(ROOT, "trio", clients, per))
        cells["engine"].append(run_cell(ROOT, "engine", clients, per))
        if args.base:
            cells["base sim"].append(run_cell(args.base, "sim", clients, per))
            cells["base engine"].append(run_cell(args.base, "engine", clients, per))
    trio = _series(cells["trio"], "per_job_us")
    trio_cpu = _series(cells["trio"], "per_job_cpu_us")
    out += [
        "### CPU per zero-work job against bare trio (`python bench/perf_sim.py --only cpu`)",
        "",
        f"{clients * per:,} zero-work jobs, {clients} tabs x {per} each, on the virtual clock; bare trio does "
        f"the same wake-ups (a memory-channel round trip per job: `bench/engine.py`'s baseline). µs per job, "
        f"{args.runs} alternating runs, each cell in a fresh process; each ratio is a run's against the "
        "bare-trio run beside it. CPU is the process's CPU time over the jobs (`time.process_time`): on a "
        "shared machine it moves much less with the load than wall time does.",
        "",
        "| what | CPU µs per job | CPU vs bare trio | wall µs per job | wall vs bare trio |",
        "|---|---|---|---|---|",
        f"| bare trio | {_fmt(trio_cpu)} | 1.00 | {_fmt(trio)} | 1.00 |",
    ]
    for name in ("sim", "engine", "base sim", "base engine"):
        got = cells[name]
        if not any(got):
            continue
        label = {
            "sim": "simulator: tabs + engine + trace (this branch)",
            "engine": "engine alone, `bench/engine.py` (this branch)",
            "base sim": "simulator (before)",
            "base engine": "engine alone (before)",
        }[name]
        row = [label]
        for key in ("per_job_cpu_us", "per_job_us"):
            ratios = [a[key] / b[key] for a, b in zip(got, cells["trio"]) if a and b and key in a and key in b]
            row += [
                _fmt(_series([c for c in got if c and key in c], key)),
                _fmt(_stats(ratios), 2) if ratios else "n/a",
            ]
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    data["cpu"] = cells
    if args.profile:
        # Top self time under cProfile, of the jobs' phase only: the simulator cell and the
        # engine alone, on this branch and (with --base) before.
        codes = [("this branch", ROOT)] + ([("before", args.base)] if args.base else [])
        for cell, what in (("profile", "simulator cell"), ("profile_engine", "engine alone")):
            for label, code in codes:
                prof = run_cell(code, cell, clients, per, 15)
                if not prof:
                    continue
                out += _profile_table(what, label, prof, f"{cell} {clients} {per} 15")
                data[f"{cell} {label}"] = prof


def _profile_table(what: str, label: str, prof: dict, cell: str) -> list[str]:
    """A profile cell's top self-time functions as report lines (``cell``: its command's arguments)."""
    return [
        f"Top self time, {what} under cProfile ({label}; {prof['total_s']:.2f} s profiled; "
        f"`python bench/perf_sim.py --cell {cell}`):",
        "",
        "| function | self s | share | calls |",
        "|---|---|---|---|",
        *[f"| `{r['fn']}` | {r['self_s']} | {r['share']:.1%} | {r['calls']:,} |" for r in prof["top"]],
        "",
    ]


def section_timer(args, out: list[str], data: dict) -> None:
    clients, seconds = (2, 60) if args.small else (10, 3600)
    cells: dict[str, list] = {"new": [], "base": [], "trio": []}
    for _ in range(args.runs):
        cells["new"].append(run_cell(ROOT, "timer", clients, seconds))
        if args.base:
            cells["base"].append(run_cell(args.base, "timer", clients, seconds))
        cells["trio"].append(run_cell(ROOT, "timer_trio", clients, seconds))
    out += [
        "### The timer scenario (`python bench/simulate.py`; here `python bench/perf_sim.py --only timer`)",
        "",
        f"{clients} tabs, a 1-second `every`, {seconds:,} virtual seconds ({args.runs} alternating runs, each "
        "cell in a fresh process); bare trio does the same timer wake-ups. Wall and CPU seconds of the run, "
        "median (min..max); each ratio is a run's against the bare-trio run beside it.",
        "",
        "| code | wall s | CPU s | wall vs bare trio | CPU vs bare trio | trace records |",
        "|---|---|---|---|---|---|",
    ]
    rows = [("this branch", cells["new"])] + ([("before", cells["base"])] if args.base else [])
    rows.append(("bare trio", cells["trio"]))
    for label, got in rows:
        ratios = {key: [a[key] / b[key] for a, b in zip(got, cells["trio"]) if a and b] for key in ("wall_s", "cpu_s")}
        some = next((c for c in got if c), None)
        records = f"{some['records']:,}" if some and "records" in some else "-"
        out.append(
            f"| {label} | {_fmt(_series(got, 'wall_s'), 2)} | {_fmt(_series(got, 'cpu_s'), 2)} | "
            f"{_fmt(_stats(ratios['wall_s']), 2) if ratios['wall_s'] else 'n/a'} | "
            f"{_fmt(_stats(ratios['cpu_s']), 2) if ratios['cpu_s'] else 'n/a'} | "
            f"{records} |"
        )
    out.append("")
    data["timer"] = cells
    if args.profile:
        codes = [("this branch", ROOT)] + ([("before", args.base)] if args.base else [])
        for label, code in codes:
            prof = run_cell(code, "profile_timer", clients, seconds, 15)
            if not prof:
                continue
            out += _profile_table("the timer scenario", label, prof, f"profile_timer {clients} {seconds} 15")
            data[f"profile_timer {label}"] = prof


def section_scale(args, out: list[str], data: dict) -> None:
    grid = [(100, 10)] if args.small else [(1_000, 10), (10_000, 1_000), (100_000, 10_000)]
    if args.million and not args.small:
        grid.append((1_000_000, 10_000))
    cells: dict[tuple[int, int], list] = {}
    idle = []
    for _ in range(args.runs):
        for jobs, clients in grid:
            cells.setdefault((jobs, clients), []).append(run_cell(ROOT, "sim", clients, jobs // clients, timeout=3600))
        idle.append(run_cell(ROOT, "idle", 20 if args.small else 10_000))
    out += [
        "### Scale (`python bench/perf_sim.py --only scale`)",
        "",
        f"J zero-work jobs from C tabs (each tab J/C jobs), {args.runs} runs of each cell in a fresh process; "
        "wall per job of the jobs' phase (opening the tabs is apart) and the process's peak RSS.",
        "",
        "| jobs | tabs | µs per job | opening a tab, ms | peak RSS MB |",
        "|---|---|---|---|---|",
    ]
    for (jobs, clients), got in cells.items():
        opening = [c["open_s"] / clients * 1e3 for c in got if c]
        out.append(
            f"| {jobs:,} | {clients:,} | {_fmt(_series(got, 'per_job_us'))} | "
            f"{_fmt(_stats(opening), 2) if opening else 'n/a'} | {_fmt(_series(got, 'peak_mb'))} |"
        )
        data[f"scale_{jobs}_{clients}"] = got
    out += [
        "",
        f"An idle tab (RSS growth over {idle[0]['clients'] if idle and idle[0] else '?':,} opened tabs): "
        f"{_fmt(_series(idle, 'kb_per_client'))} kB each.",
        "",
    ]
    data["idle"] = idle


SECTIONS = {
    "depth": section_depth,
    "api": section_api,
    "cpu": section_cpu,
    "timer": section_timer,
    "scale": section_scale,
}


def run(options: argparse.Namespace | list[str] | None = None) -> str:
    """Run the sections; returns the markdown. ``bench/run_all.py`` passes its options
    (``runs``, ``tiny``); the "before" checkout then comes from ``$BLOCKSPEC_BENCH_BASE``."""
    if isinstance(options, argparse.Namespace):
        base = os.environ.get("BLOCKSPEC_BENCH_BASE")
        argv = ["--runs", str(options.runs)] + (["--small"] if options.tiny else ["--profile"])
        argv += ["--base", base] if base else []
        return _run(argv)
    return _run(options)


def _run(argv: list[str] | None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", action="append", choices=sorted(SECTIONS))
    parser.add_argument("--base", type=Path, help="a checkout of the code to compare with (before)")
    parser.add_argument("--small", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument("--profile", action="store_true", help="profile the cpu cell (top self time)")
    parser.add_argument("--million", action="store_true", help="add 1M jobs from 10k tabs to the scale table")
    parser.add_argument("--json")
    parser.add_argument("--markdown")
    args = parser.parse_args(argv)
    out: list[str] = []
    data: dict = {}
    for name in args.only or list(SECTIONS):
        started = time.perf_counter()
        SECTIONS[name](args, out, data)
        print(f"[perf_sim] {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    head = [
        "## The simulator (`python bench/perf_sim.py`, or `python bench/run_all.py --only sim`)",
        "",
        f"Load average when this ran: {os.getloadavg()[0]:.1f} (2 cores); "
        + (f"'before' is the code at `{args.base}`." if args.base else "no 'before' checkout was given (`--base`)."),
        "",
    ]
    text = "\n".join(head + out)
    if args.markdown:
        Path(args.markdown).write_text(text)
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=1, default=str) + "\n")
    return text


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--cell":
        fn, types = CELLS[sys.argv[2]]
        values = [t(v) for t, v in zip(types, sys.argv[3:])]
        print(json.dumps(fn(*values)))
        return
    print(run())


if __name__ == "__main__":
    main()
