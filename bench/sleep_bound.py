"""The sleep-bound app: blockspec's simulator against real Gradio 4.44.1, side by side.

    python bench/sleep_bound.py [--gradio-python PATH] [--runs 3] [--clients 5] [--json out.json]

The app is bench/apps/sleep_bound.py, unmodified (``import gradio as gr``): a listener that
calls ``time.sleep(2)``, ``concurrency_limit=1``. Five clients each submit once.

* blockspec -- the simulator: ``Simulation(app)``, five virtual clients submit at virtual time
  0, run until idle; wall time from creating the Simulation (the app file runs, the clock is
  patched, the trio run starts -- shown apart as "setup") to closing it. The run must end
  at virtual time 2 s x clients, each job 2 virtual seconds after the previous (checked: a
  wrong simulation is not a fast one).
* gradio    -- real Gradio 4.44.1 serving the same file in its own process (started and
  warmed up before timing); --clients concurrent httpx clients, each its own session,
  ``POST /queue/join`` then read ``/queue/data`` until ``process_completed``; wall time from
  the first join to the last completion.

Printed: each side's wall time per run (median, min, max over --runs) and the ratio
gradio/blockspec of the medians (the target: at least 1000), with the ratio's range from
the extremes (min gradio / max blockspec .. max gradio / min blockspec).

The Gradio interpreter is --gradio-python, else $BLOCKSPEC_GRADIO_PYTHON; without one that
imports gradio 4.44.1, only blockspec is measured and the run says so.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import ENABLE_HINT, Server, free_port, gradio_problem  # noqa: E402

from blockspec.sim import Simulation  # noqa: E402

APP = "bench/apps/sleep_bound.py"
SLEEP = 2.0
JOB_TIMEOUT = 120.0
_clock = time.perf_counter  # taken now: a wall clock no simulation patches


def simulate(clients: int, setups: list[float] | None = None) -> float:
    """One simulated run; its wall seconds (and, into ``setups``, those spent creating the
    Simulation: running the app file, patching the clock, starting the trio run)."""
    started = _clock()
    with Simulation(ROOT / APP) as sim:
        if setups is not None:
            setups.append(_clock() - started)
        users = [sim.client(f"user{i}") for i in range(clients)]
        for user in users:
            user.fill("prompt", user.name).submit("prompt")
        sim.run_until_idle()
        spans = [(span.started, span.ended) for span in sim.trace.jobs()]
        values = [user.value("image") for user in users]
    wall = _clock() - started
    expected = [(SLEEP * i, SLEEP * (i + 1)) for i in range(clients)]
    if spans != expected or values != [user.name.upper() for user in users]:
        raise RuntimeError(f"wrong simulation: spans {spans}, values {values}")
    return wall


async def _one_job(client: httpx.AsyncClient, prefix: str, text: str) -> None:
    session = uuid.uuid4().hex[:11]
    body = {"data": [text], "fn_index": 0, "session_hash": session, "event_data": None, "trigger_id": None}
    (await client.post(f"{prefix}/queue/join", json=body)).raise_for_status()
    async with client.stream("GET", f"{prefix}/queue/data", params={"session_hash": session}) as stream:
        stream.raise_for_status()
        async for line in stream.aiter_lines():
            if not line.startswith("data:"):
                continue
            message = json.loads(line[5:])
            if message.get("msg") == "process_completed":
                if message.get("output", {}).get("data") != [text.upper()]:
                    raise RuntimeError(f"job failed: {message}")
                return
    raise RuntimeError("stream ended without process_completed")


async def _drive(base: str, prefix: str, clients: int) -> float:
    timeout = httpx.Timeout(JOB_TIMEOUT)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, trust_env=False) as client:
        started = _clock()
        await asyncio.gather(*(_one_job(client, prefix, f"user{i}") for i in range(clients)))
        return _clock() - started


def gradio_runs(python: str, clients: int, runs: int) -> list[float]:
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1", "PORT": str(port)}
    server = Server("gradio", [python, APP], env, port)
    try:
        server.wait_ready()
        config = httpx.get(f"{server.base}/config", timeout=10, trust_env=False).json()
        prefix = config.get("api_prefix", "")
        asyncio.run(_drive(server.base, prefix, 1))  # warm-up, uncounted
        return [asyncio.run(_drive(server.base, prefix, clients)) for _ in range(runs)]
    finally:
        server.stop()


def _summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gradio-python", default=os.environ.get("BLOCKSPEC_GRADIO_PYTHON"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=5)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    if args.runs < 1 or args.clients < 1:
        parser.error("--runs and --clients must be at least 1")

    simulate(args.clients)  # warm-up (imports, first patching), uncounted
    setups: list[float] = []
    blockspec = [simulate(args.clients, setups) for _ in range(args.runs)]
    result: dict[str, object] = {
        "clients": args.clients,
        "runs": args.runs,
        "blockspec_s": _summary(blockspec),
        "blockspec_setup_s": _summary(setups),
    }
    print(f"sleep-bound app, {args.clients} clients x time.sleep({SLEEP:g}), concurrency_limit=1, {args.runs} runs")
    b = result["blockspec_s"]
    ms = {key: value * 1000 for key, value in b.items()}
    print(f"  blockspec simulate: median {ms['median']:.2f} ms (min {ms['min']:.2f}, max {ms['max']:.2f})")
    setup = {key: value * 1000 for key, value in result["blockspec_setup_s"].items()}
    print(f"    of which setup:   median {setup['median']:.2f} ms (creating the Simulation: app file, clock, trio run)")

    problem = gradio_problem(args.gradio_python) if args.gradio_python else ENABLE_HINT
    if problem:
        print(f"  gradio 4.44.1: not measured -- {problem}")
    else:
        gradio = gradio_runs(args.gradio_python, args.clients, args.runs)
        g = result["gradio_s"] = _summary(gradio)
        ratio = g["median"] / b["median"]
        low, high = g["min"] / b["max"], g["max"] / b["min"]
        result["ratio"] = {"median": ratio, "min": low, "max": high}
        print(f"  gradio 4.44.1:      median {g['median']:.3f} s (min {g['min']:.3f}, max {g['max']:.3f})")
        print(f"  ratio gradio/blockspec: {ratio:,.0f}x (range {low:,.0f}x .. {high:,.0f}x; target >= 1000x)")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
