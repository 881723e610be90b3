"""The per-dependency call plan (``blockspec/engine/_plan.py``): made once per dependency and
graph, immutable, and it places the engine's special arguments where the signature wants them."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

import blockspec as gr
from blockspec.engine import History, InlineRunner, open_engine
from blockspec.engine._plan import COMPONENT, PREPROCESS, RAW, STATE, plan_of
from blockspec.testing import run_engine


def _app() -> tuple[gr.Blocks, list[Any]]:
    seen: list[Any] = []

    with gr.Blocks() as demo:
        box = gr.Textbox()
        count = gr.State(0)
        out = gr.Textbox()

        def work(request: gr.Request, text, *rest, evt: gr.EventData, progress=gr.Progress()):  # noqa: B008
            seen.append((type(request).__name__, text, rest, type(evt).__name__, type(progress).__name__))
            return text.upper(), rest[0] + 1

        box.submit(work, [box, count], [out, count])
        box.change(lambda text: text, box, out, preprocess=False)
    return demo, seen


def test_a_plan_is_made_once_per_dependency_and_graph_and_is_frozen() -> None:
    demo, _ = _app()
    graph = demo.graph
    dep = graph.dependency(0)
    plan = plan_of(graph, dep)
    assert plan_of(graph, dep) is plan
    assert [kind for _, _, kind in plan.inputs] == [PREPROCESS, STATE]
    assert [kind for _, _, kind in plan.outputs] == [COMPONENT, STATE]
    assert [block_id for block_id, _ in plan.state_outputs] == [dep.outputs[1]]
    assert [kind for _, _, kind in plan_of(graph, graph.dependency(1)).inputs] == [RAW]  # preprocess=False
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        plan.inputs = ()  # type: ignore[misc]


def test_the_special_arguments_go_where_the_signature_wants_them() -> None:
    demo, seen = _app()

    async def scenario(engine: Any) -> None:
        session = engine.open_session()
        for text in ("a", "b"):
            engine.submit(session, 0, [text, None], event_data={"x": 1})

    history = run_engine(demo, scenario)
    # gr.Request first, the two values (the State's as *rest), EventData and Progress by keyword;
    # the State's value is read from the session, written back, and read again by the second call.
    assert seen == [("Request", "a", (0,), "EventData", "Progress"), ("Request", "b", (1,), "EventData", "Progress")]
    assert [r.payload["output"]["data"] for r in history.select("message", "process_completed")] == [
        ["A", None],
        ["B", None],
    ]


def test_a_render_graph_gets_plans_of_its_own() -> None:
    demo, _ = _app()
    graph = demo.graph
    other = attrs.evolve(graph)
    assert plan_of(other, other.dependency(0)) is not plan_of(graph, graph.dependency(0))


def test_an_engine_uses_the_plan_of_its_graph() -> None:
    demo, _ = _app()
    graph = demo.graph
    import trio

    from blockspec._determinism import run_virtual

    async def main() -> None:
        async with open_engine(graph, runner=InlineRunner(), history=History(), heartbeat_interval=None) as engine:
            engine.submit(engine.open_session(), 0, ["z", None])
            await trio.sleep(1)

    run_virtual(main)
    assert 0 in graph._plans
