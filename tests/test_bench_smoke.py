"""The benchmark harness runs end to end at a tiny size (no timing is asserted: speed is
judged by bench/'s side-by-side ratios, never by tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_run_all_at_a_tiny_size_writes_every_section_and_keeps_the_rest(tmp_path):
    report = tmp_path / "performance.md"
    report.write_text("# Performance figures\n\n## Kept\n\nan earlier section\n")
    env = {k: v for k, v in os.environ.items() if k not in ("BLOCKSPEC_GRADIO_PYTHON", "BLOCKSPEC_BENCH_BASE")}
    done = subprocess.run(
        [sys.executable, "bench/run_all.py", "--tiny", "--runs", "1", "--report", str(report)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = report.read_text()
    assert "## Kept\n\nan earlier section" in text
    server = text.split("<!-- bench:server -->", 1)[1].split("<!-- /bench:server -->", 1)[0]
    assert "| blockspec |" in server and "| bare |" in server
    assert "blockspec/bare jobs/s" in server
    assert "Gradio 4.44.1 was not measured" in server
    assert "share of self time" in server  # the profile
    sim = text.split("<!-- bench:sim -->", 1)[1].split("<!-- /bench:sim -->", 1)[0]
    for heading in ("### Queue depth", "### The public client API", "### CPU per zero-work job", "### Scale"):
        assert heading in sim
    # every cell ran: no "n/a" where this branch's figures go
    assert "| 40 | " in sim and "| this branch | " in sim and "| bare trio | " in sim
    assert "| this branch | n/a" not in sim
    assert "kB each" in sim and "n/a" not in sim.split("### Scale")[1]


def test_a_rerun_replaces_a_section_instead_of_appending_it():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from run_all import replace_block
    finally:
        sys.path.remove(str(ROOT / "bench"))
    once = replace_block("# R\n\nintro\n", "server", "first")
    twice = replace_block(once, "server", "second")
    assert twice.count("<!-- bench:server -->") == 1
    assert "second" in twice and "first" not in twice and "intro" in twice
