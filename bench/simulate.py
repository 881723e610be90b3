"""The simulator's headline cost: 10 tabs, a 1-second `every`, one virtual hour.

    python bench/simulate.py [--clients 10] [--hours 1] [--repeat 3] [--json out.json]

Measured side by side with its baseline -- bare trio doing the same number of timer
wake-ups (10 tasks sleeping 1 s, 3,600 times each) on the same virtual clock -- so the
ratio shows what the engine, the reference frontend and the trace add per tick. The target
for the full scenario is under 5 s of wall time on the project's 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import trio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import blockspec as gr  # noqa: E402
from blockspec._determinism import run_virtual  # noqa: E402
from blockspec.sim import Simulation  # noqa: E402


def build() -> gr.Blocks:
    with gr.Blocks() as demo:
        count = gr.Number(value=0)
        demo.load(lambda n: n + 1, count, count, every=1)
    return demo


def simulate(clients: int, seconds: float) -> tuple[int, int]:
    with Simulation(build()) as sim:
        for i in range(clients):
            sim.client(f"tab{i}")
        sim.run(until=seconds)
        ticks = len(sim.trace.of("client", "tick"))
        return ticks, len(sim.trace)


def baseline(clients: int, seconds: float) -> tuple[int, int]:
    ticks = 0

    async def main() -> None:
        async def tab() -> None:
            nonlocal ticks
            for _ in range(int(seconds)):
                await trio.sleep(1)
                ticks += 1

        async with trio.open_nursery() as nursery:
            for _ in range(clients):
                nursery.start_soon(tab)

    run_virtual(main)
    return ticks, 0


def timed(fn, *args, repeat: int = 1):
    """The result of ``fn(*args)`` and the median wall time of ``repeat`` runs (this
    machine's speed wanders by +-15% from one second to the next: one run says little)."""
    walls = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn(*args)
        walls.append(time.perf_counter() - started)
    return result, statistics.median(walls), min(walls)


def peak(fn, *args) -> float:
    tracemalloc.start()
    fn(*args)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the median is reported")
    parser.add_argument("--json")
    args = parser.parse_args()
    seconds = args.hours * 3600
    # Side by side: each simulation run is followed by a baseline run, so both see the
    # machine in the same mood.
    walls, base_walls = [], []
    # What the first simulation of a process imports is no part of the figure.
    simulate(1, 1)
    for _ in range(args.repeat):
        (ticks, records), wall, _ = timed(simulate, args.clients, seconds)
        (base_ticks, _), base_wall, _ = timed(baseline, args.clients, seconds)
        walls.append(wall)
        base_walls.append(base_wall)
    wall, base_wall = statistics.median(walls), statistics.median(base_walls)
    row = {
        "scenario": f"{args.clients} tabs x every=1 x {args.hours:g} h",
        "ticks": ticks,
        "trace_records": records,
        "runs": args.repeat,
        "wall_s": round(wall, 3),
        "wall_s_min": round(min(walls), 3),
        "wall_s_max": round(max(walls), 3),
        "baseline_wall_s": round(base_wall, 3),
        "ratio": round(wall / base_wall, 1),
        "virtual_s_per_wall_s": round(seconds / wall),
        "peak_mb": round(peak(simulate, args.clients, min(seconds, 600)), 1),
        "peak_mb_for": "10 virtual minutes",
    }
    for key, value in row.items():
        print(f"{key:22} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(row, indent=1) + "\n")


if __name__ == "__main__":
    main()
