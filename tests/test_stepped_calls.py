"""SteppedRun.call: one task takes every call, each in a fresh copy of the caller's context."""

from __future__ import annotations

import contextvars

import trio

import blockspec as gr
from blockspec.sim import Simulation

_who: contextvars.ContextVar[str] = contextvars.ContextVar("who", default="nobody")


def _app() -> gr.Blocks:
    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        go = gr.Button("go")
        go.click(lambda x: x + "!", box, box)
    return demo


def test_each_call_runs_in_a_copy_of_the_callers_context() -> None:
    with Simulation(_app()) as sim:
        seen = []

        async def look_and_set() -> None:
            seen.append(_who.get())
            _who.set("inside")  # a copy: the caller's context keeps its value

        for name in ("alice", "bob"):
            token = _who.set(name)
            sim.call(look_and_set)
            assert _who.get() == name
            _who.reset(token)
        sim.call(look_and_set)
    assert seen == ["alice", "bob", "nobody"]


def test_calls_share_one_task_and_still_fail_alone() -> None:
    with Simulation(_app()) as sim:
        tasks = []

        async def which() -> None:
            tasks.append(trio.lowlevel.current_task())

        async def boom() -> None:
            raise ValueError("from inside")

        sim.call(which)
        try:
            sim.call(boom)
        except ValueError as error:
            assert str(error) == "from inside"
        else:
            raise AssertionError("the call's exception was not raised")
        sim.call(which)
        user = sim.client("u")
        user.set("box", "hi").click("go")
        assert user.value("box") == "hi!"
    assert len(tasks) == 2 and tasks[0] is tasks[1]


def test_a_resolved_name_is_kept_per_type_and_graph() -> None:
    demo = _app()
    with Simulation(demo) as sim:
        user = sim.client("u")
        go = next(b for b in demo.blocks.values() if getattr(b, "value", None) == "go")
        user.click(go.id)  # 1-style ids resolve ...
        try:
            user.click(True if go.id == 1 else float(go.id))  # ... an equal key of another type does not
        except gr.DefinitionError as error:
            assert "names no component" in str(error)
        else:
            raise AssertionError("an equal value of another type was taken for the block's id")


def test_a_call_made_from_inside_a_call_fails_and_the_run_goes_on() -> None:
    with Simulation(_app()) as sim:

        async def inner() -> int:
            return 1

        async def outer() -> int:
            return sim.call(inner)  # the loop is turning: it cannot be turned from here

        assert sim.call(inner) == 1
        try:
            sim.call(outer)
        except ValueError:
            pass
        else:
            raise AssertionError("a call from inside a call ran")
        assert sim.call(inner) == 1
