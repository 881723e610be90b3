"""``gr.render``: definition, per-session re-runs in the engine, the reference frontend's
re-render, and the server -- against what Gradio 4.44.1 recorded.

``tests/fixtures/render_gradio.json`` holds what real Gradio 4.44.1 answered to a series of
jobs on four corpus apps (``tools/record_render_fixtures.py``); blockspec replays the same
jobs in process and over HTTP and must answer the same: the same block and listener ids, the
same layout, keys, listeners and data.
"""

from __future__ import annotations

import inspect
import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
import trio
from corpus_helpers import corpus_app
from server_helpers import serving, sse_messages

import blockspec as gr
from blockspec import DefinitionError, DefinitionTypeError, SubmissionError
from blockspec._loading import load_app
from blockspec.engine import open_engine
from blockspec.report import Timeline
from blockspec.sim import Simulation

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = json.loads((ROOT / "tests" / "fixtures" / "render_gradio.json").read_text())
APPS = sorted(FIXTURE["apps"])


# ---------------------------------------------------------------------------------------
# definition
# ---------------------------------------------------------------------------------------


def test_signature_matches_gradio_4_44_1() -> None:
    ours = [
        [p.name, p.kind.name, p.default if p.default is not inspect.Parameter.empty else "<required>"]
        for p in inspect.signature(gr.render).parameters.values()
    ]
    assert ours == FIXTURE["render_signature"]


def test_definition_adds_a_container_and_a_render_dependency() -> None:
    with gr.Blocks() as demo:
        text = gr.Textbox()
        count = gr.State(0)

        @gr.render(inputs=[text, count])
        def show(value, n):
            gr.Markdown(value)

        with gr.Row():

            @gr.render(triggers=[text.submit], trigger_mode=None, concurrency_limit=2)
            def in_row():
                pass

    config = demo.get_config()
    first, second = config["dependencies"]
    types = {c["id"]: c["type"] for c in config["components"]}
    assert types[first["outputs"][0]] == "column" and types[second["outputs"][0]] == "row"
    # triggers=None: load, then each input's change (a State has one too).
    assert first["targets"] == [[0, "load"], [text.id, "change"], [count.id, "change"]]
    assert (first["api_name"], first["show_api"], first["trigger_mode"]) == ("apply", False, "always_last")
    assert first["rendered_in"] is None
    # The default trigger mode of a submit is "once"; the second render is "apply_1".
    assert (second["targets"], second["trigger_mode"], second["api_name"]) == ([[text.id, "submit"]], "once", "apply_1")
    container = next(c for c in config["components"] if c["id"] == first["outputs"][0])
    assert container["props"]["show_progress"] is True
    # The decorated function stays a plain function; calling the listener outside a session is refused.
    assert show.__name__ == "show"
    with pytest.raises(DefinitionError, match="outside a session"):
        demo.graph.dependencies[0].renderable.apply("x", 0)


def test_bad_definitions_fail_with_the_fix() -> None:
    with pytest.raises(DefinitionError, match="inside `with gr.Blocks"):
        gr.render()
    with gr.Blocks():
        box = gr.Textbox()
        with pytest.raises(DefinitionTypeError, match=r"render\(triggers\).*btn.click"):
            gr.render(triggers=["submit"])
        with pytest.raises(DefinitionTypeError, match="render\\(queue\\)"):
            gr.render(box, queue="yes")
        with pytest.raises(DefinitionError, match="plain `def`"):

            @gr.render(box)
            async def later(text):
                pass


# ---------------------------------------------------------------------------------------
# against Gradio 4.44.1's recordings: the engine in process, and the server over HTTP
# ---------------------------------------------------------------------------------------


def _comparable(step: dict[str, Any]) -> dict[str, Any]:
    """A recorded job's answer, with component props cut to what the render decides (the
    rest of props is the components' own business, compared by the config parity tests)."""
    out = dict(step)
    config = out.get("render_config")
    if config:
        config = json.loads(json.dumps(config))
        for component in config["components"]:
            component.pop("component_class_id", None)
            props = component["props"]
            component["props"] = {k: props.get(k) for k in ("rendered_in", "label", "value", "name")}
        out["render_config"] = config
    return out


def _answer(fn_index: int, data: list[Any], message: dict[str, Any]) -> dict[str, Any]:
    output = message["output"]
    return {
        "fn_index": fn_index,
        "data": data,
        "success": message["success"],
        "output_data": output.get("data"),
        "changed_state_ids": output.get("changed_state_ids"),
        "render_config": output.get("render_config"),
    }


@pytest.mark.parametrize("app", APPS)
def test_engine_answers_render_jobs_as_gradio_did(app: str) -> None:
    steps = FIXTURE["apps"][app]
    graph = load_app(corpus_app(app)).app.graph

    async def replay() -> list[dict[str, Any]]:
        answers = []
        async with open_engine(graph) as engine:
            got: list[Any] = []
            engine.subscribe("s", got.append)
            for step in steps:
                got.clear()
                engine.submit("s", step["fn_index"], step["data"], allow_private=True)
                with trio.fail_after(5):
                    while not any(m.msg == "process_completed" for m in got):
                        await trio.sleep(0.01)
                done = next(m for m in got if m.msg == "process_completed")
                answers.append(_answer(step["fn_index"], step["data"], done.to_json()))
        return answers

    ours = trio.run(replay)
    assert [_comparable(a) for a in ours] == [_comparable(s) for s in steps]


@pytest.mark.parametrize("app", ["render_merge", "todo_list"])
def test_server_answers_render_jobs_as_gradio_did(app: str) -> None:
    """Raw HTTP, as the page speaks it: the rendered listeners (fn_index past the app's own)
    run through /queue/join for the session that rendered them."""
    steps = FIXTURE["apps"][app]
    demo = load_app(corpus_app(app)).app
    session = uuid.uuid4().hex[:10]
    ours = []
    with serving(demo) as server, httpx.Client(timeout=20) as client:
        base = server.local_url
        for step in steps:
            body = {"fn_index": step["fn_index"], "data": step["data"], "session_hash": session}
            joined = client.post(f"{base}gradio_api/queue/join", json=body)
            assert joined.status_code == 200, joined.text
            messages = sse_messages(client, base, session)
            done = next(m for m in messages if m["msg"] == "process_completed")
            ours.append(_answer(step["fn_index"], step["data"], done))
        # A listener the session's render added is not another session's.
        rendered = steps[-1]["render_config"]["dependencies"] or steps[2]["render_config"]["dependencies"]
        body = {"fn_index": rendered[0]["id"], "data": [None] * len(rendered[0]["inputs"]), "session_hash": "other"}
        refused = client.post(f"{base}gradio_api/queue/join", json=body)
        assert refused.status_code == 404 and "fn_index" in refused.text
    assert [_comparable(a) for a in ours] == [_comparable(s) for s in steps]


# ---------------------------------------------------------------------------------------
# simulations: the reference frontend re-renders
# ---------------------------------------------------------------------------------------


def _word_buttons() -> gr.Blocks:
    with gr.Blocks() as demo:
        text = gr.Textbox(label="words")
        out = gr.Textbox(label="out")

        @gr.render(inputs=text)
        def buttons(value):
            for word in value.split():
                btn = gr.Button(word)
                btn.click(lambda word=word: word.upper(), None, out)

    return demo


def _rendered_listeners(client: Any) -> list[int]:
    return [d.id for d in client.core.graph.dependencies if d.rendered_in == 0]


def test_listener_count_follows_what_the_user_types() -> None:
    demo = _word_buttons()
    with Simulation(demo, durations={"buttons": 1.0}) as sim:
        user = sim.client("user")
        sim.run_until_idle()  # the load render: no words, no listeners
        assert _rendered_listeners(user) == []
        user.set("words", "a")  # at 1.0 s, when the load render is done
        sim.run(until=2.0)
        assert _rendered_listeners(user) == [1]
        # Typing while a render runs (2.0 to 3.0 s): always_last sends only the last edit, at 3.0 s.
        user.set("words", "a b")
        sim.run(until=2.3)
        user.set("words", "a b c")
        sim.run(until=2.6)
        user.set("words", "a b c d")
        sim.run_until_idle()
        assert len(_rendered_listeners(user)) == 4
        user.click("b")
        sim.run_until_idle()
        assert user.value("out") == "B"
        user.set("words", "x")
        sim.run_until_idle()
        assert len(_rendered_listeners(user)) == 1
        with pytest.raises(DefinitionError, match="names no component"):
            user.click("b")  # gone from the page
        assert sim.check() == []
        render, click = "_word_buttons.<locals>.buttons", "_word_buttons.<locals>.buttons.<locals>.<lambda>"
        jobs = [(j.fn, j.submitted, j.ended, j.outcome) for j in sim.trace.jobs()]
        assert jobs == [
            (render, 0.0, 1.0, "completed"),  # load
            (render, 1.0, 2.0, "completed"),  # "a"
            (render, 2.0, 3.0, "completed"),  # "a b"
            (render, 3.0, 4.0, "completed"),  # "a b c d": the edits at 2.3 and 2.6 s deferred, the last sent
            (click, 4.0, 4.0, "completed"),  # click "b"
            (render, 4.0, 5.0, "completed"),  # "x"
        ]
        assert len(sim.history.select("client", "deferred")) == 2
        timeline = _text(Timeline(sim.trace))
        assert "render 0: 4 blocks, 4 listeners" in timeline
        assert "render 0: 1 blocks, 1 listeners" in timeline
        assert "■ _word_buttons.<locals>.buttons.<locals>.<lambda>" in timeline


def _text(renderable: Any) -> str:
    from rich.console import Console

    console = Console(width=160, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_each_session_has_its_own_render() -> None:
    demo = _word_buttons()
    with Simulation(demo) as sim:
        alice, bob = sim.client("alice"), sim.client("bob")
        alice.set("words", "one two three")
        bob.set("words", "solo")
        sim.run_until_idle()
        assert len(_rendered_listeners(alice)) == 3 and len(_rendered_listeners(bob)) == 1
        # Numbered per session, deterministically: both start after the app's listeners.
        assert _rendered_listeners(bob) == [_rendered_listeners(alice)[0]]
        bob.click("solo")
        alice.click("three")
        sim.run_until_idle()
        assert (alice.value("out"), bob.value("out")) == ("THREE", "SOLO")
        engine = sim._engine()
        with pytest.raises(SubmissionError, match="fn_index"):
            engine.submit("bob", _rendered_listeners(alice)[2], [])
        assert sim.check() == []


def test_keyed_components_keep_their_values_across_re_renders() -> None:
    with Simulation(corpus_app("render_merge")) as sim:
        user = sim.client("user")
        user.set("Textbox Count", 3)
        sim.run_until_idle()
        user.set("Box 0", "a")
        user.set("Box 2", "c")
        user.click("Merge")
        sim.run_until_idle()
        assert user.value("output") == "a  c"
        user.set("Textbox Count", 2)
        sim.run_until_idle()
        # key=0 and key="0-1" come back with the values they had; Box 2 is gone.
        assert (user.value("Box 0"), user.value("Box 1")) == ("a", "")
        user.click("Count")  # queue=False, writes the rendered boxes
        user.click("Merge")
        sim.run_until_idle()
        assert user.value("output") == "0 1"
        assert sim.check() == []


def test_a_state_changed_in_place_re_renders() -> None:
    """todo_list's "Done" mutates a task inside the State and returns the same list: still a
    change (Gradio hashes the State before the call), so the render runs again."""
    with Simulation(corpus_app("todo_list")) as sim:
        user = sim.client("user")
        user.set("Task Name", "milk")
        user.submit("Task Name")
        sim.run_until_idle()
        assert sim.resolve("Done", graph=user._graph())
        user.click("Done")
        sim.run_until_idle()
        markdowns = [n.block.value for n in user._graph().blocks if n.type == "markdown" and n.rendered_in == 0]
        assert markdowns == ["### Incomplete Tasks (0)", "### Complete Tasks (1)"]
        assert sim.check() == []


def test_reference_frontend_re_renders_over_http() -> None:
    """The tab's re-render reads only the JSON: over HTTP against blockspec's server it
    builds the same page, and the rendered listeners run there."""
    from blockspec.engine import History
    from blockspec.frontend import FrontendCore
    from blockspec.frontend._http_transport import HttpTransport

    loaded = load_app(corpus_app("render_merge"))
    demo = loaded.app
    ids = {name: getattr(loaded.namespace[name], "id", None) for name in ("text_count", "merge_btn", "output")}

    async def play(base: str) -> tuple[dict[int, Any], list[int]]:
        history = History()
        async with httpx.AsyncClient(timeout=20) as client, trio.open_nursery() as nursery:
            transport = HttpTransport(client, base, "tab", api_prefix="/gradio_api", nursery=nursery, history=history)
            core = FrontendCore(demo.graph, transport, history=history, clock=trio.current_time, nursery=nursery)
            await core.open()

            async def settled(check: Any) -> None:
                # The real clock: wait (bounded) until the tab has handled what it waits for.
                with trio.fail_after(10):
                    while not (check() and not core._by_event and not core._inbox):
                        await trio.sleep(0.01)

            await settled(lambda: core._rendered.get(0))
            await core.set_value(ids["text_count"], 3)
            await settled(lambda: len(core._rendered.get(0, ())) == 4)  # three boxes and their Form
            boxes = [n.id for n in core.graph.blocks if n.type == "textbox" and n.rendered_in == 0]
            await core.set_value(boxes[0], "x")
            await core.set_value(boxes[2], "z")
            await core.trigger(ids["merge_btn"], "click")
            await settled(lambda: core.values.get(ids["output"]) == "x  z")
            values = dict(core.values)
            await core.close()
            nursery.cancel_scope.cancel()
        return values, boxes

    with serving(demo) as server:
        values, boxes = trio.run(play, server.local_url)
    # Numbered as Gradio 4.44.1 numbers them (tests/fixtures/render_gradio.json): the load
    # render (one box) takes 10 (its container copy), 11 and 12 (the Form); the second, 13 for
    # its copy, then its boxes.
    assert boxes == [14, 15, 16]
    assert [values[b] for b in boxes] == ["x", "", "z"]


# ---------------------------------------------------------------------------------------
# State change listeners (what re-runs a render whose input is a State)
# ---------------------------------------------------------------------------------------


def test_a_state_a_function_changed_fires_its_listeners_once_the_job_completes() -> None:
    """js/core/src/Blocks.svelte:400-407: on a job's completion, each State in its
    changed_state_ids runs the listeners it triggers, before the job's .then listeners."""
    with gr.Blocks() as demo:
        count = gr.State(0)
        shown = gr.Number(label="shown")
        bump = gr.Button("bump")
        same = gr.Button("same")
        bump.click(lambda n: n + 1, count, count).then(lambda: None, None, None)
        same.click(lambda n: n, count, count)
        count.change(lambda n: n, count, shown)

    with Simulation(demo) as sim:
        user = sim.client("user")
        user.click("bump")
        sim.run_until_idle()
        user.click("bump")
        sim.run_until_idle()
        assert user.value("shown") == 2
        user.click("same")  # returns the same value: no change, no listener
        sim.run_until_idle()
        assert len(sim.trace.jobs()) == 7
        dispatches = [r.dep_id for r in sim.history.select("client", "dispatch")]
        # bump, its change listener, then its .then; twice; then "same" alone.
        assert dispatches == [0, 3, 1, 0, 3, 1, 2]
        assert sim.check() == []


def test_a_closed_session_leaves_no_groups_behind() -> None:
    demo = _word_buttons()
    with Simulation(demo) as sim:
        engine = sim._engine()
        before = len(engine._groups)
        user = sim.client("user")
        user.set("words", "p q")
        sim.run_until_idle()
        user.click("p")
        user.click("q")
        sim.run_until_idle()
        assert user.value("out") == "Q"
        assert len(engine._groups) == before + 2  # one per rendered listener that ran
        user.close()
        sim.run_until_idle()
        assert len(engine._groups) == before
        assert sim.check() == []


def test_rendered_listeners_run_through_the_server() -> None:
    """Needs no corpus: a render job over HTTP answers the render_config, and the listeners it
    lists run for that session -- with the inputs the page sends for them."""
    demo = _word_buttons()
    with serving(demo) as server, httpx.Client(timeout=20) as client:
        base = server.local_url

        def job(fn_index: int, data: list[Any], session: str = "tab") -> dict[str, Any]:
            body = {"fn_index": fn_index, "data": data, "session_hash": session}
            assert client.post(f"{base}gradio_api/queue/join", json=body).status_code == 200
            return next(m for m in sse_messages(client, base, session) if m["msg"] == "process_completed")

        first = job(0, ["go now"])["output"]["render_config"]
        assert [(d["id"], d["rendered_in"]) for d in first["dependencies"]] == [(1, 0), (2, 0)]
        buttons = [c["props"]["value"] for c in first["components"] if c["type"] == "button"]
        assert buttons == ["go", "now"]
        assert job(2, [])["output"]["data"] == ["NOW"]
        second = job(0, ["again"])["output"]["render_config"]
        assert [d["id"] for d in second["dependencies"]] == [3]  # ids go on; 1 and 2 are gone
        assert job(3, [])["output"]["data"] == ["AGAIN"]
        body = {"fn_index": 2, "data": [], "session_hash": "tab"}
        assert client.post(f"{base}gradio_api/queue/join", json=body).status_code == 404


def test_the_example_scenario_passes_and_its_timeline_names_rendered_buttons() -> None:
    from blockspec.sim import Scenario, run_scenario

    app = ROOT / "examples" / "dynamic_buttons.py"
    sim, outcome = run_scenario(app, Scenario.from_toml(app.with_suffix(".toml")))
    try:
        assert outcome.ok and [ok for _, ok, _ in outcome.expectations] == [True, True]
        timeline = _text(Timeline(sim.trace))
        # Rendered blocks are named by their session's render: ana's "blue", ben's "one".
        assert "trigger blue.click" in timeline and "trigger one.click" in timeline
        assert "deferred buttons" in timeline  # ana's second edit, made while her render ran
    finally:
        sim.close()
