"""Property campaigns: random scenarios on the fixture apps, on the sim target.

Each example is a random scenario (``blockspec.testing.scenarios``: clients clicking, typing,
closing and reloading at random times, a random seed and interleaving) played on a fixture
app with the app's modelled durations. It must keep the engine's invariants (liveness: every
accepted job ends, with one terminal message; safety: limits, FIFO, the lifecycle table --
``blockspec.sim.check_invariants``). Beside the verdict the campaign counts how often it
reached states worth reaching -- "sometimes" goals in the Antithesis sense -- so a campaign
that never gets anywhere interesting says so:

* ``cancel-hit-generator``: a cancel ended a job while its generator was iterating;
* ``queue-full``: the queue refused a job;
* ``unload-mid-stream``: a tab closed while one of its generators was iterating;
* ``batch-partly-filled``: a batch ran with more than one job but fewer than its maximum.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings

from blockspec._loading import load_app
from blockspec.engine import History
from blockspec.sim import run_scenario
from blockspec.testing import scenarios

from ._cases import APPS_DIR

__all__ = ["GOALS", "CAMPAIGN_APPS", "goals_reached", "run_campaign"]

GOALS = ("cancel-hit-generator", "queue-full", "unload-mid-stream", "batch-partly-filled")
#: app -> how many tabs a scenario may open (fewer tabs: one tab's start and stop meet more often)
CAMPAIGN_APPS = {
    "cancels.py": 2,
    "max_size.py": 5,
    "generators.py": 5,
    "sessions.py": 3,
    "frontend.py": 3,
    "batch.py": 6,
}


def goals_reached(history: History, batch_sizes: dict[int, int]) -> set[str]:
    """The goals one run reached (``batch_sizes``: max_batch_size by dependency id)."""
    reached: set[str] = set()
    state: dict[str, str] = {}
    for record in history.select("job"):
        before = state.get(record.event_id or "")
        if record.name == "reject":
            reached.add("queue-full")
        elif record.name == "cancel" and before == "generating":
            reached.add("cancel-hit-generator")
        elif record.name == "close" and before == "generating":
            reached.add("unload-mid-stream")
        if record.state:
            state[record.event_id or ""] = record.state
    for record in history.select("slot", "acquire"):
        size = len(record.payload or [])
        limit = batch_sizes.get(record.dep_id) if record.dep_id is not None else None
        if limit and 1 < size < limit:
            reached.add("batch-partly-filled")
    return reached


def run_campaign(apps: Sequence[str] = tuple(CAMPAIGN_APPS), *, examples: int = 25) -> dict[str, Any]:
    """Play ``examples`` random scenarios per app; return failures and goal counts."""
    counts = dict.fromkeys(GOALS, 0)
    failures: list[str] = []
    runs = 0

    def campaign(path: Any, clients: int) -> None:
        nonlocal runs
        loaded = load_app(path)
        durations = tuple(sorted(dict(loaded.namespace.get("DURATIONS", {})).items()))
        batch_sizes = {d.id: d.max_batch_size for d in loaded.app.graph.dependencies if d.batch}

        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(scenario=scenarios(loaded.app, clients=clients, max_actions=20, horizon=3.0))
        def one(scenario: Any) -> None:
            nonlocal runs
            sim, outcome = run_scenario(str(path), attrs.evolve(scenario, durations=durations))
            try:
                runs += 1
                for goal in goals_reached(sim.history, batch_sizes):
                    counts[goal] += 1
                if outcome.violations:
                    failures.append(
                        f"{path.name}, seed {outcome.seed}: {outcome.violations[0]}\n"
                        + scenario.to_python(str(path), seed=outcome.seed)
                    )
            finally:
                sim.close()

        one()

    for app_name in apps:
        campaign(APPS_DIR / app_name, CAMPAIGN_APPS.get(app_name, 3))
    return {"runs": runs, "goals": counts, "failures": failures}
