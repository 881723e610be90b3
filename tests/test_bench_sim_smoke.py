"""The simulator's benchmark section runs end to end at a tiny size (no timing is asserted:
speed is judged by bench/'s side-by-side ratios, never by tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_sim_section_at_a_tiny_size_writes_each_table(tmp_path):
    report = tmp_path / "performance.md"
    report.write_text("# Performance figures\n")
    env = {k: v for k, v in os.environ.items() if k != "BLOCKSPEC_BENCH_BASE"}
    done = subprocess.run(
        [sys.executable, "bench/run_all.py", "--tiny", "--runs", "1", "--only", "sim", "--report", str(report)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    sim = report.read_text().split("<!-- bench:sim -->", 1)[1].split("<!-- /bench:sim -->", 1)[0]
    for heading in ("### Queue depth", "### The public client API", "### CPU per zero-work job", "### Scale"):
        assert heading in sim
    # every cell ran: no "n/a" where this branch's figures go
    assert "| 40 | " in sim and "| this branch | " in sim and "| bare trio | " in sim
    assert "| this branch | n/a" not in sim
    assert "kB each" in sim and "n/a" not in sim.split("### Scale")[1]
