"""The server section of reports/performance.md: blockspec's server against Gradio 4.44.1 and
the bare stack, side by side, and the profile of blockspec's server under 20 sessions.

    python bench/run_all.py --only server [--runs 3] [--gradio-python PATH] [--tiny]
    python bench/perf_server.py [same options]          # this section alone, report untouched

Three servers serve the same pattern on this machine, each in its own process on a free
127.0.0.1 port:

* blockspec -- ``blockspec serve bench/apps/echo.py`` (one Textbox echoed by ``submit``,
  ``concurrency_limit=None``);
* gradio    -- Gradio 4.44.1 running the same file (``--gradio-python``; skipped without one);
* bare      -- bench/apps/bare_stack.py: Hypercorn + Starlette answering join and stream with
  constants, the ceiling of a naive server on blockspec's own web stack.

A run starts each server in turn (the order rotates from run to run), timing its startup
(spawn until ``GET /config`` answers 200) and warming it up; then it drives each level of
concurrent sessions with bench/loadclient.py (raw sockets, one thread, keep-alive
connections) in two halves per server, in the order A B C C B A (see ``one_run``), reading
each server's CPU (``/proc``) around its halves, and its RSS after the load. Ratios are taken
within a run (blockspec over gradio, blockspec over bare) and reported as the median with
min..max over the runs, as are the figures themselves.

The profile: blockspec's server under bench/profile_server.py (cProfile on its trio thread,
turned on for the load only) while 20 sessions run jobs; the top functions by self time and
the share of self time by package.
"""

from __future__ import annotations

import argparse
import os
import pstats
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from loadclient import Result, drive, percentile  # noqa: E402
from server import Server, free_port, gradio_problem  # noqa: E402

APP = "bench/apps/echo.py"
BARE = "bench/apps/bare_stack.py"
NAMES = ("blockspec", "gradio", "bare")
#: (sessions, jobs) per level; tiny is the CI smoke size
LEVELS = ((20, 1000), (200, 2000))
TINY_LEVELS = ((2, 6), (4, 8))
WARMUP_JOBS = 40
PROFILE_JOBS = 1500
BEFORE = HERE / "perf_server_before.md"
BEFORE_SECOND = HERE / "perf_server_before_second.md"
BEFORE_THIRD = HERE / "perf_server_before_third.md"
#: What the profile led to (issue #12), printed between the two profiles.
CHANGES = """What the profile led to, and what it removed per job:

* A session's ready messages go out in one SSE write (`_queue_routes.queue_data`), not one
  write each: a job of this app took 4 stream writes and now takes 1 (the client counts the
  chunks), so 8 socket sends per job became 5, and with them their trips through Starlette,
  Hypercorn, h11 and trio.
* `queue/join` and `queue/data` are served as plain ASGI (`_app.BlockspecApp`): one dict
  lookup finds the same endpoint their Route has, without Starlette's route matching and its
  two middleware layers on each request (starlette's share of self time: 9% before, 3% now).
  The shortcut steps aside when the app has middleware, exception handlers, a body limit or a
  `root_path`.
* SSE streams run in a trio nursery of their own (`_context.EventStream`) instead of anyio's
  task group around Starlette's StreamingResponse (anyio: 1% before, gone now), and close
  their generator as soon as the response ends.
* Connections are accepted by blockspec's own loop (`_serve.py`, around Hypercorn's
  per-connection `TCPServer`), which takes every connection waiting in the kernel's queue
  each time it wakes. trio's `SocketListener`, which Hypercorn's `serve` uses, takes one per
  pass of the scheduler; at 200 sessions a pass under load is ~25 ms, so the sessions' first
  stream connections were accepted one by one over ~5 s and those first jobs were the whole
  p99 (the tail table below: the bare server still shows it).
* `blockspec serve` builds only its own subcommand's parser: it no longer imports the
  simulator (and with it trio.testing and pytest), the conformance suite or rich
  (tests/test_server_imports.py keeps it so): idle RSS 49 -> 39 MB, startup about a third
  shorter.
* Second pass: each connection's keep-alive timer is one task whose deadline moves
  (`_keep_alive.KeepAliveTCPServer`), where Hypercorn's `TCPServer` cancelled a timer task
  and started a new one through `nursery.start` at every request (`TrioSingleTask.restart`,
  ~4% of the self time): 1.5 fewer task spawns and ~700 fewer Python calls per job (-16%);
  tests/test_server_keep_alive.py runs the same timings against Hypercorn's and ours. The
  server's CPU per job moved about as much as the machine's noise (alternating A/B of
  20 sessions x 3000 jobs, 5 pairs: 0.06..0.34 ms less per job in 4 of 5 pairs, jobs/s
  1.14x at the median pair).
* Second pass: `Interface`, `ChatInterface`, `TabbedInterface` and the flagging classes are
  imported on first use (`blockspec.__getattr__`, and the same for the `gradio` stand-in):
  an app of Blocks alone no longer pays their ~20 ms of `import blockspec`.
* Third pass: what one message of the app produces is one socket write
  (`_writes.CoalescingTCPServer`, around Hypercorn's `TCPServer`): a response's head waits
  for its first body (as ASGI allows) and an SSE stream's head goes with its first events when
  they are ready as it opens; a stream's last events go with its end (`_context.FinalText`).
  Nothing waits for more: every body is written before the app's `send` returns, and the
  bytes on the wire are the same (tests/test_server_writes.py compares them with Hypercorn's).
  Socket writes per job 5.1 -> 2.8, Python calls per job 3829 -> 3601; alternating A/B
  against main: 20 sessions x 2000 jobs, 6 pairs, server CPU per job 0.90x at the median pair
  (0.77..1.06), jobs/s 1.11x (0.94..1.31); 200 sessions, 4 pairs, 0.90x (0.82..0.96) and
  1.11x (1.04..1.24). The stream now often carries two chunks per job (20 sessions: 1.16 ->
  1.70): the first events go as soon as the stream opens, where the head's own write used to
  give the job time to finish. That takes back part of the gain; a yield before the first
  events brought it to 1.44 but saved no CPU (0.91x), so the stream does not wait.
* Measured and left: trio's `to_thread.run_sync`, the hand-off of each sync function to a
  worker thread, costs ~75 µs of CPU per call with 20 callers (a minimal pool with coalesced
  wake-ups: ~43 µs), about 1.5% of a job's ~2 ms; not worth a second thread pool with its
  own cancellation and context rules.

What remains is the web stack itself (trio, Hypercorn, h11 and the socket sends are about
three quarters of the self time) and the hand-off of each sync function to a worker thread
(`_thread.lock.release`), which Gradio pays too."""


def spawn(name: str, gradio_python: str | None) -> Server:
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1", "PORT": str(port)}
    if name == "blockspec":
        command = [sys.executable, "-m", "blockspec.cli", "serve", APP, "--port", str(port)]
    elif name == "gradio":
        command = [gradio_python, APP]
    else:
        command = [sys.executable, BARE, str(port)]
    return Server(name, command, env, port)


def rss_mb(server: Server) -> float:
    for line in Path(f"/proc/{server.process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def prefix_of(server: Server) -> str:
    import httpx

    return httpx.get(f"{server.base}/config", timeout=10, trust_env=False).json().get("api_prefix", "")


def start(name: str, gradio_python: str | None) -> tuple[Server, str, dict]:
    """Start ``name``, time its startup, warm it up: the server, its API prefix, its row."""
    server = spawn(name, gradio_python)
    try:
        startup = server.wait_ready()
        prefix = prefix_of(server)
        warm = drive("127.0.0.1", server.port, prefix, sessions=min(20, WARMUP_JOBS), jobs=WARMUP_JOBS)
        if warm.errors:
            raise RuntimeError(f"{name} warm-up failed: {warm.errors[:3]}\n{server.tail()}")
    except BaseException:
        server.stop()
        raise
    return server, prefix, {"startup_s": startup, "rss_idle_mb": rss_mb(server), "levels": {}}


def drive_part(server: Server, prefix: str, sessions: int, jobs: int) -> tuple[Result, float]:
    """``jobs`` jobs from ``sessions`` sessions: the client's result and the server's CPU seconds."""
    cpu0 = server.cpu_seconds()
    result = drive("127.0.0.1", server.port, prefix, sessions=sessions, jobs=jobs)
    cpu = server.cpu_seconds() - cpu0
    if result.errors or not result.jobs:
        raise RuntimeError(f"{server.name} at {sessions} sessions: {result.errors[:3]}\n{server.tail()}")
    return result, cpu


def merged(parts: list[Result]) -> Result:
    """The parts of one server's level as one result (times and jobs summed, lists joined)."""
    whole = Result()
    for part in parts:
        whole.jobs += part.jobs
        whole.wall_s += part.wall_s
        whole.client_cpu_s += part.client_cpu_s
        whole.latencies += part.latencies
        whole.join_latencies += part.join_latencies
        whole.reconnects += part.reconnects
        whole.stream_writes += part.stream_writes
        whole.timelines += part.timelines
    return whole


def one_run(order: list[str], gradio_python: str | None, levels, log) -> dict[str, dict]:
    """Every server of ``order`` started, then each level driven in two halves, ABBA.

    The machine's speed drifts by tens of percent over the half minute a run takes (other
    virtual machines share its cores): servers measured one after the other saw different
    machines, and their ratio moved with the order (1.9 to 3.3 for the same code in one
    series). Each server's level is driven in two halves, in the order A B C then C B A, so a
    drift that is steady over the run weighs on every server alike."""
    started: dict[str, tuple[Server, str, dict]] = {}
    try:
        for name in order:
            started[name] = start(name, gradio_python)
        for sessions, jobs in levels:
            parts: dict[str, list[tuple[Result, float]]] = {name: [] for name in order}
            for name in [*order, *reversed(order)]:
                server, prefix, _ = started[name]
                parts[name].append(drive_part(server, prefix, sessions, max(1, jobs // 2)))
            for name in order:
                result = merged([part for part, _ in parts[name]])
                server_cpu = sum(cpu for _, cpu in parts[name])
                figures = {
                    "jobs": result.jobs,
                    "jobs_per_s": result.jobs_per_s,
                    "p50_ms": percentile(result.latencies, 0.5) * 1000,
                    "p99_ms": percentile(result.latencies, 0.99) * 1000,
                    "server_cpu_ms": server_cpu * 1000 / result.jobs,
                    "client_cpu_ms": result.client_cpu_ms_per_job,
                    "reconnects": result.reconnects,
                    **tail_figures(result),
                }
                started[name][2]["levels"][sessions] = figures
                log(
                    f"  {name:9} {sessions:>4} sessions: {figures['jobs_per_s']:7.1f} jobs/s"
                    f"  p50 {figures['p50_ms']:7.1f} ms"
                    f"  p99 {figures['p99_ms']:7.1f} ms  CPU/job server {figures['server_cpu_ms']:.2f} ms"
                    f" client {figures['client_cpu_ms']:.2f} ms, {result.reconnects} reconnects"
                )
        rows = {}
        for name in order:
            server, _, row = started[name]
            row["rss_loaded_mb"] = rss_mb(server)
            rows[name] = row
        return rows
    finally:
        for server, _, _ in started.values():
            server.stop()


def tail_figures(result) -> dict:
    """Where the slowest 1% of jobs spent their time, and whether they were first jobs.

    A session's first job also opens its connections; a server that accepts a crowd's
    connections slowly shows it here (p99 of first jobs far above the rest's)."""
    times = result.timelines
    first = [t.completed for t in times if t.nth == 0]
    rest = [t.completed for t in times if t.nth > 0]
    cut = percentile([t.completed for t in times], 0.99)
    slow = [t for t in times if t.completed >= cut]
    return {
        "p99_first_ms": percentile(first, 0.99) * 1000 if first else 0.0,
        "p99_rest_ms": percentile(rest, 0.99) * 1000 if rest else 0.0,
        "slow_first_share": sum(t.nth == 0 for t in slow) / len(slow) if slow else 0.0,
        "slow_join_ms": statistics.median(t.join for t in slow) * 1000 if slow else 0.0,
        "slow_to_stream_ms": statistics.median(t.stream_head - t.join for t in slow) * 1000 if slow else 0.0,
        "slow_stream_ms": statistics.median(t.completed - t.stream_head for t in slow) * 1000 if slow else 0.0,
    }


def spread(values: list[float], digits: int = 1) -> str:
    """``median (min..max)``; "n/a" without values (a tiny run can read 0 CPU ticks)."""
    if not values:
        return "n/a"
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:.{digits}f}"
    return f"{med:.{digits}f} ({min(values):.{digits}f}..{max(values):.{digits}f})"


def profile(jobs: int, sessions: int, log) -> tuple[str, dict]:
    """blockspec's server profiled while ``sessions`` sessions run ``jobs`` jobs: markdown."""
    port = free_port()
    out = Path(tempfile.mkdtemp(prefix="blockspec-profile-")) / "server.prof"
    command = [sys.executable, str(HERE / "profile_server.py"), APP, str(port), str(out)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PORT": str(port)}
    server = Server("blockspec (profiled)", command, env, port)
    try:
        server.wait_ready()
        prefix = prefix_of(server)
        drive("127.0.0.1", port, prefix, sessions=sessions, jobs=WARMUP_JOBS)
        server.process.send_signal(signal.SIGUSR1)
        time.sleep(0.3)  # the handler runs between the main thread's waits (0.5 s at most)
        result = drive("127.0.0.1", port, prefix, sessions=sessions, jobs=jobs)
        server.process.send_signal(signal.SIGUSR2)
        for _ in range(100):
            if out.exists() and out.stat().st_size:
                break
            time.sleep(0.1)
        time.sleep(0.3)
    finally:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGINT)
            try:
                server.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        server.stop()
    if result.errors:
        raise RuntimeError(f"profiled run failed: {result.errors[:3]}")
    stats = pstats.Stats(str(out))
    return summarize(stats, result.jobs, sessions, log)


def package_of(filename: str) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C functions)"
    for key in ("blockspec", "hypercorn", "h11", "starlette", "anyio", "trio", "sniffio", "outcome"):
        if f"/{key}/" in filename:
            return key
    if "/lib/python3" in filename:
        return "standard library"
    return "other"


def summarize(stats: pstats.Stats, jobs: int, sessions: int, log) -> tuple[str, dict]:
    rows = []
    total = 0.0
    by_package: dict[str, float] = {}
    waiting = 0.0
    all_calls = 0
    sends = 0
    for (filename, line, func), (_cc, calls, self_time, _cum, _callers) in stats.stats.items():
        all_calls += calls
        if func == "<method 'send' of '_socket.socket' objects>":
            sends += calls
        if "of 'select.epoll' objects" in func:
            waiting += self_time  # the event loop asleep in epoll_wait: idle, not work
            continue
        total += self_time
        by_package[package_of(filename)] = by_package.get(package_of(filename), 0.0) + self_time
        short = filename.split("site-packages/")[-1].split("/blockspec/", 1)[-1]
        if "/blockspec/" in filename:
            short = "blockspec/" + short
        rows.append((self_time, calls, f"{short}:{line}({func})"))
    rows.sort(reverse=True)
    lines = [
        f"{jobs} jobs from {sessions} sessions; {total:.2f} s of self time in the server's trio thread, "
        f"{total * 1e6 / jobs:.0f} µs per job (not counting {waiting:.2f} s asleep in `epoll.poll`); "
        f"{all_calls / jobs:.0f} Python function calls per job (cProfile counts each resumption of a "
        f"coroutine) and {sends / jobs:.1f} socket writes (`send`) per job, figures the machine's load "
        "does not move.",
        "",
        "| package | share of self time |",
        "|---|---:|",
    ]
    for package, seconds in sorted(by_package.items(), key=lambda item: -item[1]):
        lines.append(f"| {package} | {seconds / total:.0%} |")
    lines += ["", "| self time µs/job | calls/job | function |", "|---:|---:|---|"]
    for self_time, calls, where in rows[:15]:
        lines.append(f"| {self_time * 1e6 / jobs:.1f} | {calls / jobs:.1f} | `{where}` |")
    log("\n".join(lines))
    return "\n".join(lines), {"total_s": total, "by_package": by_package}


def measure(options: argparse.Namespace, log=print) -> str:
    levels = TINY_LEVELS if options.tiny else LEVELS
    if not options.gradio_python:
        skipped = "no Gradio interpreter given (--gradio-python or $BLOCKSPEC_GRADIO_PYTHON)"
    else:
        skipped = gradio_problem(options.gradio_python)
    names = [n for n in NAMES if not (n == "gradio" and skipped)]
    runs: list[dict[str, dict]] = []
    load_before = os.getloadavg()[0]
    for run in range(options.runs):
        order = names[run % len(names) :] + names[: run % len(names)]
        log(f"run {run + 1}/{options.runs}: {', '.join(order)}")
        runs.append(one_run(order, options.gradio_python, levels, log))
    load_after = os.getloadavg()[0]

    out = [
        "## The server: blockspec against Gradio 4.44.1 and the bare stack",
        "",
        f"`python bench/run_all.py --only server{' --tiny' if options.tiny else ''} --runs {options.runs}"
        f"{' --gradio-python PATH' if not skipped else ''}` (bench/perf_server.py), {len(runs)} alternating "
        f"runs, load average {load_before:.1f} at the start and {load_after:.1f} at the end, "
        f"{os.cpu_count()} CPUs shared by the client and the server. App `{APP}`; client "
        "bench/loadclient.py (raw sockets, one thread, two keep-alive connections per session); "
        "baseline `bare` is bench/apps/bare_stack.py (Hypercorn + Starlette answering the same "
        "join-then-stream pattern with constants). Figures are medians with min..max over the runs; "
        "ratios are taken within each run. Within a run the three servers are up together and each "
        "level's jobs are driven in two halves per server, in the order A B C C B A, so that the "
        "machine's drift over a run weighs on every server alike.",
        "",
    ]
    if skipped:
        out += [f"Gradio 4.44.1 was not measured: {skipped}.", ""]
    for sessions, jobs in levels:
        out += [
            f"### {sessions} concurrent sessions, {jobs} jobs",
            "",
            "| server | jobs/s | p50 ms | p99 ms | server CPU ms/job | client CPU ms/job (share of server's) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name in names:
            figures = [r[name]["levels"][sessions] for r in runs]
            share = [f["client_cpu_ms"] / f["server_cpu_ms"] for f in figures if f["server_cpu_ms"]]
            out.append(
                f"| {name} | {spread([f['jobs_per_s'] for f in figures])} | {spread([f['p50_ms'] for f in figures])} "
                f"| {spread([f['p99_ms'] for f in figures])} | {spread([f['server_cpu_ms'] for f in figures], 2)} "
                f"| {spread([f['client_cpu_ms'] for f in figures], 2)} ({spread(share, 2)}) |"
            )
        out += ["", "| ratio (within each run) | median (min..max) | target |", "|---|---:|---|"]
        ratios = []
        if "gradio" in names:
            ratios += [
                ("blockspec/gradio jobs/s", "gradio", "jobs_per_s", "≥ 2.5"),
                ("blockspec/gradio p99", "gradio", "p99_ms", "≤ 0.33"),
            ]
            ratios += [("blockspec/gradio server CPU per job", "gradio", "server_cpu_ms", "")]
        ratios += [
            ("blockspec/bare jobs/s", "bare", "jobs_per_s", "≥ 1.0"),
            ("blockspec/bare server CPU per job", "bare", "server_cpu_ms", ""),
        ]
        for label, other, key, target in ratios:
            values = [
                r["blockspec"]["levels"][sessions][key] / r[other]["levels"][sessions][key]
                for r in runs
                if r[other]["levels"][sessions][key]
            ]
            out.append(f"| {label} | {spread(values, 2)} | {target or '(shown for reading)'} |")
            log(f"{sessions} sessions, {label}: {spread(values, 2)} (target {target or 'none'})")
        out += [
            "",
            "Where the tail's time goes (bench/loadclient.py's per-job timeline): p99 of the sessions' "
            "first jobs (which open the session's two connections) and of the others; for the slowest 1% of "
            "jobs, the share that were first jobs and the median time from the join to its answer, from the "
            "answer to the stream's response head, and from the head to `process_completed`.",
            "",
            "| server | p99 first jobs ms | p99 other jobs ms | slowest 1%: first jobs "
            "| join ms | to stream head ms | stream to completed ms |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name in names:
            figures = [r[name]["levels"][sessions] for r in runs]
            out.append(
                f"| {name} | {spread([f['p99_first_ms'] for f in figures])} "
                f"| {spread([f['p99_rest_ms'] for f in figures])} "
                f"| {spread([f['slow_first_share'] * 100 for f in figures], 0)}% "
                f"| {spread([f['slow_join_ms'] for f in figures])} "
                f"| {spread([f['slow_to_stream_ms'] for f in figures])} "
                f"| {spread([f['slow_stream_ms'] for f in figures])} |"
            )
        out.append("")
    out += [
        "### Startup and memory",
        "",
        "| server | startup s | RSS idle MB | RSS after the load MB |",
        "|---|---:|---:|---:|",
    ]
    for name in names:
        out.append(
            f"| {name} | {spread([r[name]['startup_s'] for r in runs], 2)} "
            f"| {spread([r[name]['rss_idle_mb'] for r in runs])} | {spread([r[name]['rss_loaded_mb'] for r in runs])} |"
        )
    if "gradio" in names:
        out += ["", "| ratio (within each run) | median (min..max) | target |", "|---|---:|---|"]
        for label, key, target in (
            ("blockspec/gradio startup", "startup_s", "≤ 0.2"),
            ("blockspec/gradio RSS after the load", "rss_loaded_mb", "≤ 0.3"),
        ):
            values = [r["blockspec"][key] / r["gradio"][key] for r in runs]
            out.append(f"| {label} | {spread(values, 2)} | {target} |")
            log(f"{label}: {spread(values, 2)} (target {target})")
    out.append("")
    sessions = levels[0][0]
    jobs = 40 if options.tiny else PROFILE_JOBS
    log(f"profiling blockspec's server: {jobs} jobs from {sessions} sessions")
    profile_md, _ = profile(jobs, sessions, log)
    out += [f"### Profile of blockspec's server under {sessions} sessions", "", CHANGES, ""]
    for before, title in (
        (BEFORE, "Before the first pass (kept in bench/perf_server_before.md)"),
        (BEFORE_SECOND, "Before the second pass (kept in bench/perf_server_before_second.md)"),
        (BEFORE_THIRD, "Before the third pass (kept in bench/perf_server_before_third.md)"),
    ):
        if before.exists():
            out += [f"#### {title}", "", before.read_text().strip(), ""]
    out += ["#### Now", ""]
    out += [profile_md, ""]
    return "\n".join(out)


def run(options: argparse.Namespace) -> str:
    """The section's markdown (run_all.py's contract)."""
    return measure(options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tiny", action="store_true")
    parser.add_argument("--gradio-python", default=os.environ.get("BLOCKSPEC_GRADIO_PYTHON"))
    parser.add_argument("--out", help="also write the section's markdown to this file")
    options = parser.parse_args()
    markdown = measure(options)
    if options.out:
        Path(options.out).write_text(markdown + "\n")


if __name__ == "__main__":
    main()
