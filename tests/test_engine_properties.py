"""The engine's invariants, over random apps and random histories of use.

Hypothesis draws an app (listeners with random limits, groups, batching, queue=False,
generators) and a random sequence of submissions, cancels (including of other sessions'
jobs), disconnects and function failures; the engine runs it on a virtual clock; the checks
(``blockspec.sim.check_invariants``, itself tested on broken histories in test_checks.py)
read only the recorded history:

* every accepted job has exactly one terminal message, and no message after it;
* running runs per concurrency group never exceed the group's limit, nor max_threads overall;
* within a group, each run starts with the oldest waiting job (FIFO);
* a batch never holds more than max_batch_size jobs;
* waiting jobs never exceed max_size;
* unload ran exactly once per disconnected session (and never for the others);
* a session cancelling another session's job changes nothing.

CI runs 500 examples; BLOCKSPEC_LONG=1 runs many more.
"""

from __future__ import annotations

import os
from collections import defaultdict

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import blockspec as gr
from blockspec.engine import Durations, Engine, History
from blockspec.sim import check_invariants
from blockspec.testing import run_engine

EXAMPLES = 5000 if os.environ.get("BLOCKSPEC_LONG") else 500


class Planned(Exception):
    """A failure the scenario asked for."""


def _make_fn(kind: str):
    if kind == "generator":

        def gen(value):
            if value.startswith("fail"):
                raise Planned(value)
            for i in range(3):
                yield f"{value}:{i}"
                if value.startswith("late") and i == 1:
                    raise Planned(value)

        return gen
    if kind == "batch":

        def batched(values):
            if any(v.startswith("fail") for v in values):
                raise Planned("batch")
            if any(v.startswith("short") for v in values):
                return ([v for v in values][:-1],)
            return ([v.upper() for v in values],)

        return batched

    def plain(value):
        if value.startswith("fail"):
            raise Planned(value)
        return value.upper()

    return plain


@attrs.frozen
class ListenerPlan:
    kind: str  # plain | generator | batch
    limit: object  # "default" | None | int
    group: str | None
    queue: bool
    max_batch_size: int


@attrs.frozen
class AppPlan:
    listeners: tuple[ListenerPlan, ...]
    max_size: int | None
    default_limit: int | None
    max_threads: int
    unloads: int


listener_plans = st.builds(
    ListenerPlan,
    kind=st.sampled_from(["plain", "plain", "generator", "batch"]),
    limit=st.sampled_from(["default", None, 1, 2, 3]),
    group=st.sampled_from([None, None, "shared"]),
    queue=st.sampled_from([True, True, True, False]),
    max_batch_size=st.integers(1, 4),
)
app_plans = st.builds(
    AppPlan,
    listeners=st.lists(listener_plans, min_size=1, max_size=4).map(tuple),
    max_size=st.sampled_from([None, None, 0, 1, 3, 6]),
    default_limit=st.sampled_from([1, 2, None]),
    max_threads=st.sampled_from([1, 2, 40]),
    unloads=st.integers(0, 2),
)


def build(plan: AppPlan) -> gr.Blocks:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        for listener in plan.listeners:
            box.submit(
                _make_fn(listener.kind),
                box,
                box,
                concurrency_limit=listener.limit,
                concurrency_id=listener.group,
                # A batch needs the queue (refused at definition otherwise).
                queue=listener.queue or listener.kind == "batch",
                batch=listener.kind == "batch",
                max_batch_size=listener.max_batch_size,
            )
        for _ in range(plan.unloads):
            demo.unload(lambda: None)
    demo.queue(max_size=plan.max_size, default_concurrency_limit=plan.default_limit)
    from blockspec._launch import recording_launches

    with recording_launches():
        demo.launch(max_threads=plan.max_threads)
    return demo


# Operations on the engine: (delay before it, op, session index, listener index, value, duration)
ops = st.lists(
    st.tuples(
        st.sampled_from([0, 0, 0, 0.5, 1, 3]),
        st.sampled_from(["submit", "submit", "submit", "cancel", "cancel_other", "disconnect"]),
        st.integers(0, 3),
        st.integers(0, 3),
        st.sampled_from(["ok", "ok", "fail", "late", "short"]),
        st.sampled_from([0, 0.5, 1, 2.5]),
    ),
    max_size=30,
)


def _state(engine: Engine, event_id: str) -> str:
    """A job's state; "ended" once it is over (the engine keeps only jobs not yet over)."""
    job = engine.jobs.get(event_id)
    return "ended" if job is None else job.state.value


def run_plan(plan: AppPlan, operations, seed: int, group_order: str) -> tuple[gr.Blocks, History, dict]:
    demo = build(plan)
    facts = {"foreign_cancels": [], "closed": []}

    async def scenario(engine: Engine) -> None:
        sessions = [engine.open_session(f"s{i}") for i in range(4)]
        mine = defaultdict(list)
        for delay, op, who, which, value, duration in operations:
            if delay:
                await engine.clock.sleep(delay)
            session = sessions[who]
            if op == "submit":
                if engine.sessions[session].closed:
                    continue
                try:
                    event_id = engine.submit(session, which % len(plan.listeners), [value], duration=duration)
                except gr.QueueFull:
                    continue
                mine[who].append(event_id)
            elif op == "cancel" and mine[who]:
                engine.cancel(session, mine[who][which % len(mine[who])])
            elif op == "cancel_other":
                others = [e for w, ids in mine.items() if w != who for e in ids]
                if others:
                    target = others[which % len(others)]
                    before = _state(engine, target)
                    assert engine.cancel(session, target) is False
                    facts["foreign_cancels"].append((target, before, _state(engine, target)))
            elif op == "disconnect":
                engine.close_session(session)
                facts["closed"].append(session)

    history = run_engine(demo, scenario, seed=seed, group_order=group_order, durations=Durations(0.25))
    return demo, history, facts


def check_facts(history: History, facts: dict) -> None:
    """What the scenario itself knows, beyond the shipped invariant checks."""
    closed_by_engine = sorted({r.session for r in history if r.kind == "session" and r.name == "close"})
    assert closed_by_engine == sorted(set(facts["closed"])), "the sessions the test closed are the ones closed"
    for _target, before, after in facts["foreign_cancels"]:
        assert before == after, "a session cancelled another session's job"


@settings(max_examples=EXAMPLES, deadline=None)
@given(app_plans, ops, st.integers(0, 2**16), st.sampled_from(["fifo", "random"]))
def test_engine_invariants(plan: AppPlan, operations, seed: int, group_order: str) -> None:
    demo, history, facts = run_plan(plan, operations, seed, group_order)
    assert check_invariants(history, demo.graph) == []
    check_facts(history, facts)


def test_the_lifecycle_doc_is_generated_from_the_table() -> None:
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, str(root / "tools" / "write_docs.py"), "--check"], capture_output=True)
    assert result.returncode == 0, result.stdout.decode()


def test_no_transition_leaves_a_terminal_state_and_every_state_is_reachable() -> None:
    from blockspec.engine import TERMINAL, TRANSITIONS, JobState

    assert not [key for key in TRANSITIONS if key[0] in TERMINAL]
    reached = {JobState.RECEIVED} | set(TRANSITIONS.values())
    assert reached == set(JobState)
