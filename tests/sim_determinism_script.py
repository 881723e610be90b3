"""Run a scenario and print its trace: used by test_sim.py in two separate processes.

usage: python tests/sim_determinism_script.py SEED EXPLORE(0|1)
"""

from __future__ import annotations

import sys
from pathlib import Path

from blockspec.sim import Scenario, run_scenario

ROOT = Path(__file__).resolve().parent.parent


def trace_of(seed: int, explore: bool) -> str:
    scenario = Scenario.from_toml(ROOT / "tests" / "apps" / "contention.toml")
    sim, _ = run_scenario(
        ROOT / "tests" / "apps" / "contention.py",
        scenario,
        seed=seed,
        group_order="random" if explore else None,
        interleaving="seeded" if explore else None,
    )
    try:
        return sim.trace.to_jsonl()
    finally:
        sim.close()


if __name__ == "__main__":
    sys.stdout.write(trace_of(int(sys.argv[1]), sys.argv[2] == "1"))
