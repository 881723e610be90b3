"""Property campaigns on the sim target: random scenarios keep the engine's invariants, and
the campaign reaches the states worth reaching ("sometimes" goals)."""

from __future__ import annotations

import os

from blockspec.engine import History
from conformance._campaign import GOALS, goals_reached, run_campaign

LONG = os.environ.get("BLOCKSPEC_LONG") == "1"


def test_random_scenarios_keep_the_invariants_and_reach_the_goals() -> None:
    result = run_campaign(examples=500 if LONG else 40)
    assert result["failures"] == []
    assert result["runs"] >= 5 * 40
    reached = {goal for goal, count in result["goals"].items() if count}
    assert reached == set(GOALS)
    assert set(result["goals"]) == set(GOALS)


def test_the_goals_are_read_from_the_history() -> None:
    history = History()
    history.add(0.0, "job", "submit", "a", "e1", 1, "received")
    history.add(0.0, "job", "start", "a", "e1", 1, "running")
    history.add(0.5, "job", "yield", "a", "e1", 1, "generating")
    history.add(0.7, "job", "cancel", "a", "e1", 1, "cancelled")
    history.add(1.0, "job", "reject", "b", "e2", 1, "rejected")
    history.add(1.0, "slot", "acquire", None, None, 0, None, None, ("e3", "e4"))
    assert goals_reached(history, {0: 4}) == {"cancel-hit-generator", "queue-full", "batch-partly-filled"}
    assert goals_reached(history, {0: 2}) == {"cancel-hit-generator", "queue-full"}
