"""blockspec's HTTP server against real Gradio 4.44.1, side by side, in one run.

    python bench/server.py [--gradio-python PATH] [--jobs 400] [--clients 20] [--json out.json]

Both servers serve the same app file, bench/apps/echo.py (written ``import gradio as gr``:
one Textbox whose ``submit`` echoes its value, ``concurrency_limit=None``), and are driven
by the same client code over loopback:

* startup    -- wall time from spawning the server process until ``GET /config`` first
                answers 200 (polled every 10 ms), three times; min and median.
* jobs/s     -- --jobs jobs (after 20 uncounted warm-up jobs) from --clients concurrent
                clients, each with its own session: ``POST {api_prefix}/queue/join``, then
                ``GET {api_prefix}/queue/data`` read as SSE until ``close_stream``. Total
                jobs over wall time.
* p50 / p99  -- per-job latency, from the start of the join to ``process_completed``.

The baseline is real Gradio, run on the same machine in the same invocation, because
absolute figures depend on the machine (and the client shares its CPUs with the server);
the ratio blockspec/gradio is what to watch. jobs/s above 1 means blockspec is faster;
startup and latency below 1 mean blockspec is faster. Under the table: CPU per job of the
server (from /proc) and of the client -- when the client's share is as large as the
server's, jobs/s measures the pair, not the server -- and how the SSE messages of the two
servers differed (their sequence, estimation messages per job, process_completed keys).

The API prefix is read from ``/config``, as Gradio's own clients do: blockspec answers
under ``/gradio_api`` (current Gradio's ``api_prefix``), Gradio 4.44.1 at the root.

The Gradio interpreter is --gradio-python, else $BLOCKSPEC_GRADIO_PYTHON; without one that
imports gradio 4.44.1, only blockspec is measured and the run says so.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
APP = "bench/apps/echo.py"
GRADIO_VERSION = "4.44.1"
STARTUP_RUNS = 3
STARTUP_TIMEOUT = 60.0
POLL_INTERVAL = 0.010
WARMUP_JOBS = 20
READ_TIMEOUT = 10.0  # any single network read
JOB_TIMEOUT = 30.0  # one job, join to close_stream
ENABLE_HINT = (
    f"pass --gradio-python PATH (or set BLOCKSPEC_GRADIO_PYTHON) to a Python with gradio=={GRADIO_VERSION} installed"
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gradio_problem(python: str) -> str | None:
    """Why ``python`` cannot serve the Gradio side, or None if it imports gradio 4.44.1."""
    try:
        done = subprocess.run(
            [python, "-c", "import gradio; print(gradio.__version__)"],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"},
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{python} could not be run ({exc})"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"{python} cannot import gradio ({last})"
    version = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "?"
    if version != GRADIO_VERSION:
        return f"{python} has gradio {version}, not {GRADIO_VERSION}"
    return None


class Server:
    """One server process on a free loopback port; its output goes to a temporary file."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], port: int) -> None:
        self.name = name
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log = tempfile.TemporaryFile()
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT
        )

    def wait_ready(self) -> float:
        """Seconds from spawn until ``GET /config`` first answers 200."""
        with httpx.Client(timeout=1.0, trust_env=False) as client:
            while True:
                try:
                    if client.get(f"{self.base}/config").status_code == 200:
                        return time.perf_counter() - self.started
                except httpx.HTTPError:
                    pass
                if self.process.poll() is not None:
                    raise RuntimeError(f"{self.name} exited with status {self.process.returncode}:\n{self.tail()}")
                if time.perf_counter() - self.started > STARTUP_TIMEOUT:
                    raise RuntimeError(f"{self.name}: no 200 from /config within {STARTUP_TIMEOUT:g} s:\n{self.tail()}")
                time.sleep(POLL_INTERVAL)

    def tail(self, lines: int = 30) -> str:
        self.log.seek(0)
        return "\n".join(self.log.read().decode(errors="replace").splitlines()[-lines:])

    def cpu_seconds(self) -> float | None:
        """User + system CPU the server process has used so far (Linux /proc; None elsewhere)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


def spawn(name: str, gradio_python: str | None) -> Server:
    port = free_port()
    # PORT for both: the app file's __main__ block reads it (blockspec serve runs that block too).
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1", "PORT": str(port)}
    if name == "blockspec":
        command = [sys.executable, "-m", "blockspec.cli", "serve", APP, "--port", str(port)]
    else:
        command = [gradio_python, APP]
    return Server(name, command, env, port)


class Tally:
    """What the clients saw: each job's latency, and the shape of the messages."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.sequences: Counter[str] = Counter()  # repeated kinds collapsed into one
        self.estimations: list[int] = []  # estimation messages per job
        self.completed_keys: set[str] = set()
        self.output_keys: set[str] = set()


async def one_job(client: httpx.AsyncClient, prefix: str, session: str, tally: Tally) -> None:
    started = time.perf_counter()
    body = {"data": ["x"], "fn_index": 0, "session_hash": session, "event_data": None, "trigger_id": None}
    joined = await client.post(f"{prefix}/queue/join", json=body)
    joined.raise_for_status()
    event_id = joined.json()["event_id"]
    completed_at = None
    kinds = []
    async with client.stream("GET", f"{prefix}/queue/data", params={"session_hash": session}) as stream:
        stream.raise_for_status()
        async for line in stream.aiter_lines():
            if not line.startswith("data:"):
                continue
            message = json.loads(line[5:])
            kind = message.get("msg")
            if kind != "heartbeat":
                kinds.append(kind)
            if kind == "process_completed":
                completed_at = time.perf_counter()
                if message.get("event_id") != event_id:
                    raise RuntimeError(f"completion for {message.get('event_id')}, expected {event_id}")
                if message.get("success") is not True or message.get("output", {}).get("data") != ["x"]:
                    raise RuntimeError(f"job failed: {message}")
                tally.completed_keys.update(message)
                tally.output_keys.update(message.get("output", {}))
            elif kind == "close_stream":
                break
            elif kind in ("unexpected_error", "process_completed_error"):
                raise RuntimeError(f"server error: {message}")
    if completed_at is None:
        raise RuntimeError(f"stream ended without process_completed (messages: {kinds})")
    tally.latencies.append(completed_at - started)
    tally.estimations.append(kinds.count("estimation"))
    collapsed = [kind for i, kind in enumerate(kinds) if i == 0 or kind != kinds[i - 1]]
    tally.sequences[" > ".join(collapsed)] += 1


async def drive(base: str, prefix: str, jobs: int, clients: int, tally: Tally) -> float:
    """Run ``jobs`` jobs from ``clients`` concurrent sessions; the wall seconds they took."""
    remaining = jobs
    timeout = httpx.Timeout(READ_TIMEOUT)

    async def worker() -> None:
        nonlocal remaining
        session = uuid.uuid4().hex[:11]
        async with httpx.AsyncClient(base_url=base, timeout=timeout, trust_env=False) as client:
            while remaining > 0:
                remaining -= 1
                await asyncio.wait_for(one_job(client, prefix, session, tally), JOB_TIMEOUT)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(min(clients, jobs))))
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def measure(name: str, gradio_python: str | None, jobs: int, clients: int) -> tuple[dict, Tally]:
    startups = []
    server = None
    try:
        for run in range(STARTUP_RUNS):
            server = spawn(name, gradio_python)
            startups.append(server.wait_ready())
            if run < STARTUP_RUNS - 1:
                server.stop()
                server = None
        # The third server stays up for the load.
        config = httpx.get(f"{server.base}/config", timeout=READ_TIMEOUT, trust_env=False).json()
        prefix = config.get("api_prefix", "")
        asyncio.run(drive(server.base, prefix, WARMUP_JOBS, clients, Tally()))
        tally = Tally()
        server_cpu, client_cpu = server.cpu_seconds(), time.process_time()
        wall = asyncio.run(drive(server.base, prefix, jobs, clients, tally))
        client_cpu = time.process_time() - client_cpu
        if server_cpu is not None:
            server_cpu = server.cpu_seconds() - server_cpu
    finally:
        if server is not None:
            server.stop()
    row = {
        "implementation": name,
        "startup_min_s": round(min(startups), 3),
        "startup_median_s": round(statistics.median(startups), 3),
        "startup_runs_s": [round(s, 3) for s in startups],
        "api_prefix": prefix,
        "jobs": len(tally.latencies),
        "wall_s": round(wall, 3),
        "jobs_per_s": round(len(tally.latencies) / wall, 1),
        "p50_ms": round(percentile(tally.latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(tally.latencies, 0.99) * 1000, 2),
        "server_cpu_ms_per_job": None if server_cpu is None else round(server_cpu * 1000 / len(tally.latencies), 2),
        "client_cpu_ms_per_job": round(client_cpu * 1000 / len(tally.latencies), 2),
    }
    return row, tally


FIGURES = ("startup_min_s", "startup_median_s", "jobs_per_s", "p50_ms", "p99_ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--gradio-python",
        default=os.environ.get("BLOCKSPEC_GRADIO_PYTHON"),
        help=f"a Python with gradio=={GRADIO_VERSION} (default: $BLOCKSPEC_GRADIO_PYTHON)",
    )
    parser.add_argument("--jobs", type=int, default=400, help="jobs in total, after the warm-up")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (sessions)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if args.jobs < 1 or args.clients < 1:
        parser.error("--jobs and --clients must be at least 1")

    if not args.gradio_python:
        skipped = "no Gradio interpreter given"
    else:
        skipped = gradio_problem(args.gradio_python)
    names = ["blockspec"] if skipped else ["blockspec", "gradio"]

    rows, tallies = [], {}
    for name in names:
        row, tallies[name] = measure(name, args.gradio_python, args.jobs, args.clients)
        rows.append(row)

    print(f"{args.jobs} jobs (+{WARMUP_JOBS} warm-up), {args.clients} concurrent clients, app {APP}")
    print(f"{'implementation':16} {'startup min/median s':>21} {'jobs/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for r in rows:
        startup = f"{r['startup_min_s']:.2f} / {r['startup_median_s']:.2f}"
        print(f"{r['implementation']:16} {startup:>21} {r['jobs_per_s']:>9} {r['p50_ms']:>8} {r['p99_ms']:>8}")
    ratio = None
    if len(rows) == 2:
        ratio = {key: round(rows[0][key] / rows[1][key], 2) for key in FIGURES}
        startup = f"{ratio['startup_min_s']} / {ratio['startup_median_s']}"
        print(
            f"{'blockspec/gradio':16} {startup:>21} {ratio['jobs_per_s']:>9} {ratio['p50_ms']:>8} {ratio['p99_ms']:>8}"
        )
    print()
    for r in rows:
        server_cpu = "n/a" if r["server_cpu_ms_per_job"] is None else f"{r['server_cpu_ms_per_job']} ms"
        print(
            f"{r['implementation']}: CPU per job -- server {server_cpu}, client {r['client_cpu_ms_per_job']} ms "
            f"({os.cpu_count()} CPUs shared by client and server)"
        )
    for name, tally in tallies.items():
        for sequence, count in tally.sequences.most_common():
            print(f"{name} messages ({count} jobs): {sequence}")
        counts = tally.estimations
        print(
            f"{name} estimation messages per job: min {min(counts)}, median {statistics.median(counts):g}, "
            f"max {max(counts)}"
        )
    if len(tallies) == 2:
        ours, theirs = tallies["blockspec"], tallies["gradio"]
        for label, a, b in (
            ("process_completed", ours.completed_keys, theirs.completed_keys),
            ("process_completed.output", ours.output_keys, theirs.output_keys),
        ):
            if a - b:
                print(f"{label} keys only blockspec sends: {', '.join(sorted(a - b))}")
            if b - a:
                print(f"{label} keys only gradio sends: {', '.join(sorted(b - a))}")
    if skipped:
        print(f"Gradio side skipped: {skipped}; {ENABLE_HINT}.")

    if args.json:
        document = {
            "jobs": args.jobs,
            "warmup_jobs": WARMUP_JOBS,
            "clients": args.clients,
            "rows": rows,
            "ratio_blockspec_over_gradio": ratio,
            "gradio_skipped": skipped,
        }
        Path(args.json).write_text(json.dumps(document, indent=1) + "\n")


if __name__ == "__main__":
    main()
