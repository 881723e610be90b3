"""A Hypothesis strategy for scenarios on a given app: clients doing random things.

    @given(scenario=scenarios(demo))
    def test_the_app_keeps_its_promises(scenario):
        check_scenario(demo, scenario)

Actions use the app's own user-facing events with values suited to each component, at
random times; the scenario carries its seed. ``check_scenario`` plays it and, if the verdict
fails, raises with the scenario as a runnable Python script.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import blockspec as gr

from .._graph import AppGraph, BlockNode
from ..sim import Action, ClientPlan, Scenario, run_scenario
from ..sim._scenario import user_events

__all__ = ["scenarios", "check_scenario", "values_for"]

_USER_EVENTS = ("click", "submit", "change", "input", "select", "blur", "focus", "key_up", "release", "clear")


def values_for(node: BlockNode) -> st.SearchStrategy[Any]:
    """Values a user could put in this component."""
    block = node.block
    kind = node.type
    if kind in ("textbox", "markdown", "html"):
        return st.text(max_size=12)
    if kind == "number":
        return st.one_of(st.integers(-100, 100), st.floats(-100, 100, allow_nan=False))
    if kind == "slider":
        return st.floats(float(block.minimum), float(block.maximum), allow_nan=False)
    if kind == "checkbox":
        return st.booleans()
    if kind in ("dropdown", "radio") and getattr(block, "choice_values", None):
        return st.sampled_from(block.choice_values)
    if kind == "checkboxgroup" and getattr(block, "choice_values", None):
        return st.lists(st.sampled_from(block.choice_values), unique=True)
    return st.just(block.example_payload() if block is not None else None)


def _targets(graph: AppGraph) -> list[tuple[int, str]]:
    return [
        (trigger.block_id, trigger.event)  # type: ignore[misc]
        for _, trigger in user_events(graph)
        if trigger.event in _USER_EVENTS
    ]


@st.composite
def scenarios(
    draw: st.DrawFn,
    app: gr.Blocks,
    *,
    clients: int = 3,
    max_actions: int = 12,
    horizon: float = 10.0,
    closes: bool = True,
) -> Scenario:
    """A random scenario for ``app`` (see the module docstring)."""
    graph = app.graph
    targets = _targets(graph)
    names = [f"c{i}" for i in range(draw(st.integers(1, clients)))]
    times = st.integers(0, int(horizon * 10)).map(lambda n: n / 10)
    actions = []
    for _ in range(draw(st.integers(0, max_actions))):
        who = draw(st.sampled_from(names))
        at = draw(times)
        choice = draw(st.sampled_from(["event", "event", "set", "close"] if closes else ["event", "set"]))
        if choice == "close":
            actions.append(Action(at=at, client=who, do="reconnect" if draw(st.booleans()) else "close"))
        elif choice == "set" or not targets:
            editable = [n for n in graph.blocks if not n.is_layout and n.type not in ("state", "timer", "button")]
            if not editable:
                continue
            node = draw(st.sampled_from(editable))
            actions.append(Action(at=at, client=who, do="set", target=node.id, value=draw(values_for(node))))
        else:
            block_id, event = draw(st.sampled_from(targets))
            data = {"index": 0, "value": None, "selected": True} if event == "select" else None
            actions.append(Action(at=at, client=who, do="trigger", target=block_id, event=event, data=data))
    closers = {a.client for a in actions if a.do == "close"}
    ordered = []
    for action in sorted(actions, key=lambda a: a.at):
        if (
            action.client in closers
            and action.do != "close"
            and any(c.client == action.client and c.do == "close" and c.at <= action.at for c in actions)
        ):
            continue  # a closed tab does nothing more
        ordered.append(action)
    return Scenario(
        clients=tuple(ClientPlan(name=n) for n in names),
        actions=tuple(ordered),
        seed=draw(st.integers(0, 2**16)),
        group_order=draw(st.sampled_from(["fifo", "random"])),
        interleaving=draw(st.sampled_from(["fifo", "seeded"])),
        until=horizon + 60,
    )


def check_scenario(app: gr.Blocks | str | Path, scenario: Scenario, *, ok_errors: bool = True) -> None:
    """Play ``scenario`` on ``app``; raise AssertionError with a runnable script if it fails.

    ``ok_errors=False`` also fails the run when any error reached a user.
    """
    sim, outcome = run_scenario(app, scenario)
    try:
        failed = not outcome.ok or (not ok_errors and outcome.errors)
        if failed:
            where = str(app) if isinstance(app, (str, Path)) else "app.py  # the Blocks under test"
            reason = outcome.first_failure or f"errors: {list(outcome.errors)[:3]}"
            raise AssertionError(
                f"scenario failed with seed {outcome.seed}: {reason}\n\n" + scenario.to_python(where, seed=outcome.seed)
            )
    finally:
        sim.close()
