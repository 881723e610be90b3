"""Seed campaigns: seeds per second, serial vs ``--workers 2`` vs a local two-worker Dask cluster.

    python bench/campaign.py [--app examples/queue_limit.py] [--seeds 2000] [--repeat 3]
                             [--big 100000] [--json out.json]

Each engine runs the same campaign (the app's own .toml, exploring) side by side in this
process, ``--repeat`` times; the serial run is the baseline the others are a ratio of. The
process pool's start-up (spawned interpreters importing blockspec) is inside its times, as
it is for a user; the cluster's start-up is measured apart (a long-lived cluster pays it
once; scheduler and workers run as processes of their own, as ``dask scheduler`` and
``dask worker`` would). Every engine's JSON summary must be byte-identical to the serial one's. ``--big N``
then runs N seeds once with ``--workers 2`` (the "100,000 seeds on this machine" figure).
Report the machine's load beside the figures: on a shared machine they move.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from blockspec.sim import Scenario  # noqa: E402
from blockspec.sim._campaign import CampaignSpec, run_campaign  # noqa: E402


class LocalDask:
    """A scheduler and ``workers`` single-threaded worker processes, as a user starts them
    (``dask scheduler``, ``dask worker``): in processes of their own, so that the serial
    baseline in this process does not share its interpreter with a scheduler's threads."""

    def __init__(self, workers: int) -> None:
        self.folder = tempfile.TemporaryDirectory()
        file = str(Path(self.folder.name) / "scheduler.json")
        dask = [sys.executable, "-m"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.processes = [
            subprocess.Popen(
                [*dask[:2], "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0"]
                + ["--dashboard-address", ":0", "--scheduler-file", file],
                **quiet,
            )
        ]
        deadline = time.monotonic() + 60
        while not Path(file).exists():
            if time.monotonic() > deadline:
                self.close()
                raise RuntimeError("the Dask scheduler did not start within 60 s")
            time.sleep(0.1)
        self.address = json.loads(Path(file).read_text())["address"]
        self.processes.append(
            subprocess.Popen(
                [*dask[:2], "distributed.cli.dask_worker", self.address, "--nworkers", str(workers)]
                + ["--nthreads", "1", "--no-dashboard"],
                **quiet,
            )
        )
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=60)

    def close(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            process.wait(timeout=30)
        self.folder.cleanup()


def timed(spec: CampaignSpec, seeds: range, **engine) -> tuple[float, str]:
    started = time.perf_counter()
    summary = run_campaign(spec, seeds, **engine)
    return time.perf_counter() - started, summary.dumps()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", default="examples/queue_limit.py")
    parser.add_argument("--seeds", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big", type=int, default=0, help="then run this many seeds once with --workers 2")
    parser.add_argument("--no-cluster", action="store_true")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    app = Path(args.app)
    spec = CampaignSpec.for_app(app, Scenario.from_toml(app.with_suffix(".toml")))
    seeds = range(args.seeds)
    engines: dict[str, dict] = {"serial": {}, "workers 2": {"workers": 2}}
    cluster = None
    if not args.no_cluster:
        started = time.perf_counter()
        cluster = LocalDask(workers=2)
        cluster_start = time.perf_counter() - started
        engines["dask 2 workers"] = {"cluster": cluster.address}
        run_campaign(spec, range(4), cluster=cluster.address)  # workers import blockspec once
    times: dict[str, list[float]] = {name: [] for name in engines}
    baseline_json = None
    try:
        for _ in range(args.repeat):
            for name, engine in engines.items():
                wall, summary = timed(spec, seeds, **engine)
                if baseline_json is None:
                    baseline_json = summary
                assert summary == baseline_json, f"{name}: the JSON summary differs from the serial run's"
                times[name].append(wall)
    finally:
        if cluster is not None:
            cluster.close()
    figures: dict[str, object] = {
        "app": str(app),
        "seeds": args.seeds,
        "repeat": args.repeat,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
    }
    if cluster is not None:
        figures["cluster_start_s"] = round(cluster_start, 2)
    serial_median = statistics.median(times["serial"])
    print(f"{app}: {args.seeds} seeds, median of {args.repeat} (min..max); load average {os.getloadavg()}")
    for name, walls in times.items():
        rates = [args.seeds / w for w in walls]
        median = statistics.median(walls)
        figures[name] = {
            "seconds_median": round(median, 3),
            "seeds_per_s_median": round(args.seeds / median, 1),
            "seeds_per_s_min": round(min(rates), 1),
            "seeds_per_s_max": round(max(rates), 1),
            "speedup_vs_serial": round(serial_median / median, 2),
        }
        print(
            f"  {name:15s} {args.seeds / median:8.1f} seeds/s ({min(rates):.1f}..{max(rates):.1f}), "
            f"{median:.2f} s, x{serial_median / median:.2f} vs serial"
        )
    if cluster is not None:
        print(f"  (cluster start-up, not in the figures: {cluster_start:.1f} s)")
    if args.big:
        wall, summary = timed(spec, range(args.big), workers=2)
        data = json.loads(summary)
        figures["big"] = {"seeds": args.big, "seconds": round(wall, 1), "seeds_per_s": round(args.big / wall, 1)}
        print(
            f"  {args.big:,} seeds with --workers 2: {wall:.0f} s ({args.big / wall:.0f} seeds/s), "
            f"{data['ok']:,} OK, {data['distinct_traces']} distinct trace(s); load average {os.getloadavg()}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
