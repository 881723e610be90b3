"""Many concurrent sessions against blockspec's server and Gradio 4.44.1, side by side.

    python bench/server_load.py [--sessions 100,500,1000] [--gradio-python PATH]
                                [--drop-every 5] [--idle 1000] [--json out.json]

Both servers serve bench/apps/stream_state.py (a generator of five steps 20 ms apart that
keeps a ``gr.State``), each in its own process on a free 127.0.0.1 port. For each level N:

* N sessions start at once; each joins (``POST {prefix}/queue/join``) and reads its stream
  (``GET {prefix}/queue/data``) to ``close_stream``.
* completed -- sessions whose ``process_completed`` carried the last step's value;
  lost -- streams that ended (or timed out) without it; dropped -- requests that failed at
  the connection (reset, refused, connect timeout) or were answered with a 5xx.
* p50 / p99 -- per session, from the start of the join to ``process_completed``.
* Every --drop-every'th session drops its stream after its first ``process_generating`` and
  opens a new one (sending ``Last-Event-ID`` with the last ``id:`` it saw, and ``0`` on its
  first connection, which a Gradio server ignores). Survived: it got the final value; exact:
  it also got each step once (nothing lost, nothing repeated).

Then, on a fresh server, --idle sessions each run one job (leaving a State behind) and stay
idle; memory per idle session is the growth of the server's resident set (``VmRSS``) divided
by --idle.

Bounded: at most 2,000 sessions per level, every request has a timeout, each level has a
deadline (--level-timeout), and only 127.0.0.1 is ever contacted. The client shares the
machine's CPUs with the server, so figures on a busy machine are noisy: compare the two
servers within one run, and re-run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import ENABLE_HINT, Server, free_port, gradio_problem, percentile  # noqa: E402

APP = "bench/apps/stream_state.py"
STEPS = 5
MAX_SESSIONS = 2000
CONNECT_TIMEOUT = 30.0
READ_TIMEOUT = 60.0


def spawn(name: str, gradio_python: str | None) -> Server:
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1", "PORT": str(port)}
    if name == "blockspec":
        command = [sys.executable, "-m", "blockspec.cli", "serve", APP, "--port", str(port)]
    else:
        command = [gradio_python, APP]
    return Server(name, command, env, port)


def rss_bytes(server: Server) -> int:
    for line in Path(f"/proc/{server.process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


class Outcome:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()


async def read_stream(
    client: httpx.AsyncClient, prefix: str, session: str, last_id: str, stop_after_generating: bool
) -> tuple[list[dict], str, bool]:
    """Messages read (until close_stream, or the first process_generating when asked to stop),
    the last ``id:`` seen, and whether close_stream came."""
    messages = []
    headers = {"last-event-id": last_id}
    async with client.stream(
        "GET", f"{prefix}/queue/data", params={"session_hash": session}, headers=headers
    ) as stream:
        if stream.status_code >= 500:
            raise httpx.HTTPStatusError(f"{stream.status_code}", request=stream.request, response=stream)
        async for line in stream.aiter_lines():
            if line.startswith("id:"):
                last_id = line[3:].strip()
            elif line.startswith("data:"):
                message = json.loads(line[5:])
                if message.get("msg") == "heartbeat":
                    continue
                messages.append(message)
                if message.get("msg") == "close_stream":
                    return messages, last_id, True
                if stop_after_generating and message.get("msg") == "process_generating":
                    return messages, last_id, False
    return messages, last_id, False


async def session_run(client: httpx.AsyncClient, prefix: str, index: int, drop: bool, outcome: Outcome) -> None:
    session = f"load{index}-{uuid.uuid4().hex[:8]}"
    value = f"v{index}"
    started = time.perf_counter()
    phase = "join"
    try:
        body = {"data": [value, None], "fn_index": 0, "session_hash": session, "event_data": None, "trigger_id": None}
        joined = await client.post(f"{prefix}/queue/join", json=body)
        if joined.status_code >= 500:
            outcome.counts["dropped"] += 1
            outcome.errors[f"join {joined.status_code}"] += 1
            return
        if joined.status_code != 200:
            outcome.counts["refused"] += 1
            outcome.errors[f"join {joined.status_code}"] += 1
            return
        phase = "stream"
        messages, last_id, closed = await read_stream(client, prefix, session, "0", stop_after_generating=drop)
        if drop and not closed:
            outcome.counts["drops"] += 1
            phase = "reopened stream"
            more, last_id, closed = await read_stream(client, prefix, session, last_id, False)
            messages += more
        finals = [m for m in messages if m.get("msg") == "process_completed"]
        ok = bool(finals) and finals[-1].get("success") and finals[-1]["output"]["data"][0] == f"{value}:{STEPS - 1}"
        if ok:
            outcome.latencies.append(time.perf_counter() - started)
            outcome.counts["completed"] += 1
            if drop:
                outcome.counts["drops_survived"] += 1
                generating = sum(m.get("msg") == "process_generating" for m in messages)
                if generating == STEPS and len(finals) == 1:
                    outcome.counts["drops_exact"] += 1
        else:
            outcome.counts["lost"] += 1
    except (httpx.TransportError, httpx.HTTPStatusError) as exc:
        outcome.counts["dropped"] += 1
        outcome.errors[f"{phase}: {type(exc).__name__} {exc}"[:120]] += 1


async def level(base: str, prefix: str, sessions: int, drop_every: int, deadline: float) -> Outcome:
    outcome = Outcome()
    timeout = httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)
    # No connection is reused: a client this busy reads a response long after the server sent
    # it, and a pooled connection the server has since closed for keep-alive would fail its
    # next request with a reset -- a race of the pool, not a dropped session.
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits, trust_env=False) as client:
        tasks = [
            asyncio.ensure_future(session_run(client, prefix, i, drop_every > 0 and i % drop_every == 0, outcome))
            for i in range(sessions)
        ]
        done, pending = await asyncio.wait(tasks, timeout=deadline)
        for task in pending:
            task.cancel()
        outcome.counts["hung"] += len(pending)
    return outcome


async def idle_sessions(base: str, prefix: str, count: int) -> int:
    """Run one job in each of ``count`` sessions (20 at a time); how many completed."""
    outcome = Outcome()
    timeout = httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, trust_env=False) as client:
        for start in range(0, count, 20):
            await asyncio.gather(
                *(session_run(client, prefix, i, False, outcome) for i in range(start, min(count, start + 20)))
            )
    return outcome.counts["completed"]


def measure(name: str, gradio_python: str | None, levels: list[int], drop_every: int, idle: int, deadline: float):
    rows = []
    server = spawn(name, gradio_python)
    try:
        server.wait_ready()
        config = httpx.get(f"{server.base}/config", timeout=READ_TIMEOUT, trust_env=False).json()
        prefix = config.get("api_prefix", "")
        asyncio.run(level(server.base, prefix, 10, 0, deadline))  # warm-up
        for sessions in levels:
            started = time.perf_counter()
            outcome = asyncio.run(level(server.base, prefix, sessions, drop_every, deadline))
            wall = time.perf_counter() - started
            lat = outcome.latencies
            rows.append(
                {
                    "implementation": name,
                    "sessions": sessions,
                    "completed": outcome.counts["completed"],
                    "lost": outcome.counts["lost"],
                    "dropped": outcome.counts["dropped"],
                    "refused": outcome.counts["refused"],
                    "hung": outcome.counts["hung"],
                    "p50_ms": round(percentile(lat, 0.5) * 1000, 1) if lat else None,
                    "p99_ms": round(percentile(lat, 0.99) * 1000, 1) if lat else None,
                    "wall_s": round(wall, 2),
                    "drops": outcome.counts["drops"],
                    "drops_survived": outcome.counts["drops_survived"],
                    "drops_exact": outcome.counts["drops_exact"],
                    "errors": dict(outcome.errors),
                    "server_rss_mb": round(rss_bytes(server) / 2**20, 1),
                }
            )
            print(json.dumps(rows[-1]), flush=True)
    finally:
        server.stop()
    memory = None
    if idle:
        server = spawn(name, gradio_python)
        try:
            server.wait_ready()
            config = httpx.get(f"{server.base}/config", timeout=READ_TIMEOUT, trust_env=False).json()
            prefix = config.get("api_prefix", "")
            asyncio.run(idle_sessions(server.base, prefix, 20))  # warm-up: threads, caches
            before = rss_bytes(server)
            completed = asyncio.run(idle_sessions(server.base, prefix, idle))
            time.sleep(1.0)  # let the server finish its bookkeeping of the last jobs
            after = rss_bytes(server)
            memory = {
                "implementation": name,
                "idle_sessions": completed,
                "rss_before_mb": round(before / 2**20, 1),
                "rss_after_mb": round(after / 2**20, 1),
                "kb_per_idle_session": round((after - before) / 1024 / max(completed, 1), 2),
            }
            print(json.dumps(memory), flush=True)
        finally:
            server.stop()
    return rows, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gradio-python", default=os.environ.get("BLOCKSPEC_GRADIO_PYTHON"))
    parser.add_argument("--sessions", default="100,500,1000", help="comma-separated levels (each at most 2000)")
    parser.add_argument("--drop-every", type=int, default=5, help="every n-th session drops its stream (0: none)")
    parser.add_argument("--idle", type=int, default=1000, help="idle sessions for the memory figure (0: skip)")
    parser.add_argument("--level-timeout", type=float, default=300.0, help="seconds a level may take")
    parser.add_argument("--only", choices=["blockspec", "gradio"], help="measure one server only")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    levels = [int(n) for n in args.sessions.split(",") if n.strip()]
    if not levels or any(not 1 <= n <= MAX_SESSIONS for n in levels):
        parser.error(f"--sessions must be numbers from 1 to {MAX_SESSIONS}")
    skipped = "no Gradio interpreter given" if not args.gradio_python else gradio_problem(args.gradio_python)
    names = ["blockspec"] if skipped else ["blockspec", "gradio"]
    if args.only:
        names = [args.only]
    document = {"app": APP, "levels": levels, "drop_every": args.drop_every, "cpus": os.cpu_count(), "rows": []}
    document["load_average"] = os.getloadavg()
    for name in names:
        rows, memory = measure(name, args.gradio_python, levels, args.drop_every, args.idle, args.level_timeout)
        document["rows"] += rows
        document.setdefault("memory", []).append(memory)
    if skipped and "gradio" not in names:
        print(f"Gradio side skipped: {skipped}; {ENABLE_HINT}.")
    print(
        f"{'server':10} {'N':>5} {'done':>5} {'lost':>5} {'drop':>5} {'hung':>5} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'drops survived/exact':>21}"
    )
    for r in document["rows"]:
        print(
            f"{r['implementation']:10} {r['sessions']:>5} {r['completed']:>5} {r['lost']:>5} {r['dropped']:>5} "
            f"{r['hung']:>5} {r['p50_ms']!s:>8} {r['p99_ms']!s:>8} "
            f"{r['drops_survived']:>9}/{r['drops_exact']}/{r['drops']}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(document, indent=1) + "\n")


if __name__ == "__main__":
    main()
