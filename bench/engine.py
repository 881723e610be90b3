"""Engine throughput and virtual-time cost, measured against a bare trio baseline.

    python bench/engine.py            # prints the table
    python bench/engine.py --json out.json

Scenarios (all on trio's MockClock, deterministic scheduling):

* jobs      -- 10,000 zero-duration jobs from 100 sessions; each session submits its next
               job when its previous one completes. Once with the default limit (1: the
               queue is busy, estimations flow), once with concurrency_limit=None.
* timer-1h  -- 10 sessions, each running a 1-second tick for one virtual hour (36,000 jobs):
               a tick is dropped while the previous one is pending (trigger_mode "once").

The baseline for each is the same number of task wake-ups in bare trio (a memory channel
round trip per job, no engine); the ratio engine/baseline is what to watch between commits.
Memory is the tracemalloc peak of each run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

import trio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import blockspec as gr  # noqa: E402
from blockspec._determinism import run_virtual  # noqa: E402
from blockspec.engine import History, open_engine  # noqa: E402


def _app(limit) -> gr.Blocks:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(lambda x: x, box, box, concurrency_limit=limit)
    return demo


def engine_jobs(sessions: int, per_session: int, limit) -> int:
    graph = _app(limit).graph
    done = 0

    async def main() -> None:
        nonlocal done
        async with open_engine(graph, history=History(keep=False), heartbeat_interval=None) as engine:

            async def client(index: int) -> None:
                nonlocal done
                session = engine.open_session(f"s{index}")
                finished = trio.Event()
                engine.subscribe(session, lambda m: m.msg == "process_completed" and finished.set())
                for _ in range(per_session):
                    engine.submit(session, 0, ["x"])
                    await finished.wait()
                    finished = trio.Event()
                    done += 1

            async with trio.open_nursery() as nursery:
                for index in range(sessions):
                    nursery.start_soon(client, index)

    run_virtual(main)
    return done


def baseline_jobs(sessions: int, per_session: int) -> int:
    done = 0

    async def main() -> None:
        nonlocal done
        send, receive = trio.open_memory_channel(float("inf"))

        async def server() -> None:
            async for reply in receive:
                reply.set()

        async def client() -> None:
            nonlocal done
            for _ in range(per_session):
                event = trio.Event()
                await send.send(event)
                await event.wait()
                done += 1

        async with trio.open_nursery() as nursery:
            nursery.start_soon(server)
            async with trio.open_nursery() as clients:
                for _ in range(sessions):
                    clients.start_soon(client)
            nursery.cancel_scope.cancel()

    run_virtual(main)
    return done


def engine_timer(sessions: int, seconds: int) -> int:
    graph = _app(None).graph
    ticks = 0

    async def main() -> None:
        nonlocal ticks
        async with open_engine(graph, history=History(keep=False), heartbeat_interval=None) as engine:

            async def tab(index: int) -> None:
                nonlocal ticks
                session = engine.open_session(f"tab{index}")
                pending = [False]
                engine.subscribe(session, lambda m: m.msg == "process_completed" and pending.__setitem__(0, False))
                for _ in range(seconds):
                    await trio.sleep(1)
                    if not pending[0]:  # trigger_mode "once": drop a tick while one is pending
                        # Set before submitting: a job that takes no time completes inside submit().
                        pending[0] = True
                        engine.submit(session, 0, ["tick"])
                        ticks += 1

            async with trio.open_nursery() as nursery:
                for index in range(sessions):
                    nursery.start_soon(tab, index)

    run_virtual(main)
    return ticks


def baseline_timer(sessions: int, seconds: int) -> int:
    ticks = 0

    async def main() -> None:
        async def tab() -> None:
            nonlocal ticks
            for _ in range(seconds):
                await trio.sleep(1)
                ticks += 1

        async with trio.open_nursery() as nursery:
            for _ in range(sessions):
                nursery.start_soon(tab)

    run_virtual(main)
    return ticks


def measure(fn, *args) -> tuple[int, float, int]:
    """Jobs done and wall seconds of one run; the memory peak of a second, traced run."""
    started = time.perf_counter()
    count = fn(*args)
    wall = time.perf_counter() - started
    tracemalloc.start()
    fn(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return count, wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    rows = []
    for name, engine_call, base_call in (
        ("jobs, limit 1", (engine_jobs, 100, 100, 1), (baseline_jobs, 100, 100)),
        ("jobs, no limit", (engine_jobs, 100, 100, None), (baseline_jobs, 100, 100)),
        ("timer 1 s x 10 tabs x 1 h", (engine_timer, 10, 3600), (baseline_timer, 10, 3600)),
    ):
        count, wall, peak = measure(*engine_call)
        base_count, base_wall, base_peak = measure(*base_call)
        rows.append(
            {
                "scenario": name,
                "jobs": count,
                "wall_s": round(wall, 3),
                "jobs_per_s": round(count / wall),
                "peak_mb": round(peak / 1e6, 1),
                "baseline_wall_s": round(base_wall, 3),
                "ratio": round(wall / base_wall, 1),
                "baseline_peak_mb": round(base_peak / 1e6, 1),
            }
        )
    header = f"{'scenario':28} {'jobs':>7} {'wall s':>8} {'jobs/s':>8} {'peak MB':>8} {'base s':>7} {'ratio':>6}"
    print(header)
    for r in rows:
        print(
            f"{r['scenario']:28} {r['jobs']:>7} {r['wall_s']:>8} {r['jobs_per_s']:>8} "
            f"{r['peak_mb']:>8} {r['baseline_wall_s']:>7} {r['ratio']:>6}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
