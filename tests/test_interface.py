"""gr.Interface, gr.TabbedInterface and apps rendered in apps: Gradio 4.44.1's Blocks, simulated.

The configs compared here were recorded from real Gradio 4.44.1
(``tests/fixtures/gradio-4.44.1/interface/corpus.json``, a subset of what
``tools/record_gradio_fixtures.py --corpus`` recorded); the signatures in ``signatures.json``
were recorded with ``inspect.signature`` under gradio 4.44.1 (see test_examples.py's helpers).
Facts cited: gradio/interface.py, gradio/flagging.py, gradio/blocks.py ``Blocks.render``.
"""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from test_corpus_sample import CORPUS, needs_corpus
from test_examples import _ours, _recorded

import blockspec as gr
from blockspec._context import numbering
from blockspec.report import Timeline
from blockspec.sim import Scenario, Simulation, run_scenario

RECORDED = json.loads(
    (Path(__file__).parent / "fixtures" / "gradio-4.44.1" / "interface" / "corpus.json").read_text(encoding="utf-8")
)["apps"]


def _compact(app: gr.Blocks) -> dict[str, Any]:
    """What tools/corpus.py compares: the layout, component types by id, every dependency."""
    config = app.get_config()
    return {
        "layout": config["layout"],
        "components": sorted([c["id"], c["type"]] for c in config["components"]),
        "dependencies": config["dependencies"],
    }


def _recorded_app(name: str) -> dict[str, Any]:
    # Gradio lists components in the order they were rendered, blockspec by id: the same set.
    return {**RECORDED[name], "components": sorted(RECORDED[name]["components"])}


# -- signatures ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Interface", "TabbedInterface", "CSVLogger", "SimpleCSVLogger", "FlaggingCallback", "HuggingFaceDatasetSaver"],
)
def test_signature_is_gradio_4_44_1s(name: str) -> None:
    assert _ours(getattr(gr, name)) == _recorded(name)


def test_from_pipeline_has_gradios_signature_and_says_what_to_write_instead() -> None:
    assert _ours(gr.Interface.from_pipeline) == _recorded("Interface.from_pipeline")
    with pytest.raises(gr.NotAvailableError, match=r"from_pipeline\(object\).*transformers.*gr\.Interface\(fn="):
        gr.Interface.from_pipeline(object())


@pytest.mark.parametrize("cls", ["CSVLogger", "SimpleCSVLogger", "FlaggingCallback", "HuggingFaceDatasetSaver"])
@pytest.mark.parametrize("method", ["setup", "flag"])
def test_flagging_methods_have_gradios_signatures(cls: str, method: str) -> None:
    assert _ours(getattr(getattr(gr, cls), method)) == _recorded(f"{cls}.{method}")


# -- the config, dependency for dependency -------------------------------------------------------


def greet(name: str) -> str:
    return "Hello " + name + "!"


def test_hello_world_config_is_gradios() -> None:
    with numbering():  # one id sequence, as an app file gets (a fresh Gradio process)
        demo = gr.Interface(fn=greet, inputs="textbox", outputs="textbox")
    assert _compact(demo) == _recorded_app("hello_world")


def test_tabbed_interface_config_is_gradios() -> None:
    # tabbed_interface_lite at gradio 4.44.1, written again here
    with numbering():
        hello = gr.Interface(lambda name: "Hello " + name, "text", "text")
        bye = gr.Interface(lambda name: "Bye " + name, "text", "text")
        demo = gr.TabbedInterface([hello, bye], ["Hello World", "Bye World"])
    assert _compact(demo) == _recorded_app("tabbed_interface_lite")


CORPUS_APPS = sorted(name for name in RECORDED if name not in ("calculator_blocks", "gpt2_xl"))


@needs_corpus
@pytest.mark.parametrize("app", CORPUS_APPS)
def test_corpus_interface_app_config_is_gradios(app: str) -> None:
    from blockspec._loading import load_app

    assert CORPUS is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gr.BlockspecWarning)  # stand-ins (gr.Audio) say so
        loaded = load_app(CORPUS / app / "run.py")
    assert _compact(loaded.app) == _recorded_app(app)


def test_the_interface_layout_and_dependencies_read_as_gradios() -> None:
    demo = gr.Interface(greet, "text", "text", title="Greeter", article="Bye")
    config = demo.get_config()
    assert config["mode"] == "interface"
    assert config["title"] == "Greeter"
    deps = {d["api_name"]: d for d in config["dependencies"]}
    assert list(deps) == ["predict", "js_fn", "js_fn_1", "lambda", "Flag", "reset"]
    predict = deps["predict"]
    name, output = demo.input_components[0], demo.output_components[0]
    assert predict["targets"] == [[demo.submit_btn.id, "click"], [name.id, "submit"]]
    assert (predict["scroll_to_output"], predict["queue"], predict["show_api"]) == (True, True, True)
    assert deps["Flag"]["inputs"] == [name.id, output.id]
    assert deps["Flag"]["queue"] is False and deps["Flag"]["show_api"] is False
    assert (name.label, output.label) == ("name", "output")  # from the function's parameters
    assert output.props()["interactive"] is False


# -- a simulated Interface: submit, flag, clear, examples ------------------------------------------


def greet_twice(name: str, times: int) -> str:
    return " ".join(["Hello " + name + "!"] * int(times))


def test_submit_flag_clear_and_examples_in_a_simulation() -> None:
    demo = gr.Interface(
        greet_twice,
        ["text", gr.Slider(1, 3, step=1)],
        "text",
        examples=[["Ann", 2], ["Bob", 3]],
        flagging_options=["good", "bad"],
    )
    with Simulation(demo) as sim:
        user = sim.client("user")
        user.set("name", "Zed").set("times", 2).click("Submit")
        sim.run_until_idle()
        assert user.value("output") == "Hello Zed! Hello Zed!"

        user.click("Flag as bad")
        sim.run(seconds=0.5)
        assert user.value("Flag as bad") == "Saving..."  # Gradio shows it while saving
        sim.run_until_idle()
        assert user.value("Flag as bad") == "Flag as bad"

        user.click("Clear")
        sim.run_until_idle()
        # Clear sends [null, 1, null] (Gradio's js); the page shows empty textboxes
        assert (user.value("name"), user.value("times"), user.value("output")) == ("", 1, "")

        dataset = demo.examples_handler.dataset
        user.set(dataset, 1).click(dataset)
        sim.run_until_idle()
        assert (user.value("name"), user.value("times")) == ("Bob", 3)

        jobs = [(job.fn, job.submitted, job.ended, job.outcome) for job in sim.trace.jobs()]
        assert jobs == [
            ("greet_twice", 0.0, 0.0, "completed"),
            ("<lambda>", 0.0, 0.0, "completed"),  # "Saving..."
            ("Flag", 0.0, 0.8, "completed"),  # the CSV row, then 0.8 s before the label comes back
            ("reset", 0.8, 0.8, "completed"),  # Clear puts each Flag button's label back
            ("reset", 0.8, 0.8, "completed"),
            ("load_example", 0.8, 0.8, "completed"),
        ]
        rows = [text.plain for _, text in Timeline(sim.trace).rows()]
        assert rows.index("trigger Submit.click") < rows.index("■ greet_twice e1")
        assert rows.index("trigger Flag as bad.click") < rows.index("■ Flag e3")
        assert sim.check() == []
        log = sim.engine.files.root / "flagged" / "log.csv"
    with log.open(encoding="utf-8", newline="") as handle:
        written = list(csv.reader(handle))
    assert written == [
        ["name", "times", "output", "flag", "username", "timestamp"],
        ["Zed", "2", "Hello Zed! Hello Zed!", "bad", "", "2024-01-01 00:00:00"],  # the virtual clock
    ]


def test_the_default_scenario_runs_an_interface_cleanly() -> None:
    demo = gr.Interface(greet, "text", "text", examples=["Ann"], flagging_callback=gr.SimpleCSVLogger())
    sim, outcome = run_scenario(demo, Scenario.default_for(demo.graph))
    sim.close()  # run_scenario leaves it to the caller
    assert outcome.ok
    assert sim.trace.app_failures() == []
    assert {"greet", "Flag", "load_example"} <= {job.fn for job in sim.trace.jobs()}


def test_live_interface_runs_on_change_and_has_no_submit() -> None:
    demo = gr.Interface(greet, "text", "text", live=True)
    dep = demo.get_config()["dependencies"][0]
    box = demo.input_components[0]
    assert dep["targets"] == [[box.id, "change"]]
    assert dep["trigger_mode"] == "always_last"
    assert demo.submit_btn is None
    with Simulation(demo) as sim:
        user = sim.client("user")
        user.set("name", "Al").change("name")
        sim.run_until_idle()
        assert user.value("output") == "Hello Al!"


def test_a_generator_gets_a_stop_button_that_cancels_it() -> None:
    def count(n: float) -> Any:
        for i in range(int(n)):
            import time

            time.sleep(1)
            yield str(i)

    demo = gr.Interface(count, gr.Number(label="n"), "text")
    deps = demo.get_config()["dependencies"]
    assert [d["api_name"] for d in deps[:4]] == ["lambda", "predict", "cleanup", "cleanup_1"]
    assert deps[1]["trigger_after"] == 0 and deps[2]["trigger_after"] == 1
    assert any(d["types"]["cancel"] and d["cancels"] == [1] for d in deps)
    with Simulation(demo) as sim:
        user = sim.client("user")
        user.set("n", 10).click("Submit")
        sim.run(until=2.5)
        user.click("Stop")
        sim.run_until_idle()
        outcomes = {job.fn.rsplit(".", 1)[-1]: job.outcome for job in sim.trace.jobs()}
        assert outcomes["count"] == "cancelled"
        assert user.value("output") == "1"
        assert sim.check() == []


def test_auto_flagging_flags_after_each_success(tmp_path: Path) -> None:
    logger = gr.CSVLogger()
    demo = gr.Interface(
        greet, "text", "text", allow_flagging="auto", flagging_callback=logger, flagging_dir=str(tmp_path)
    )
    flag = demo.get_config()["dependencies"][-1]
    assert flag["api_name"] == "Flag" and flag["trigger_only_on_success"] is True
    with Simulation(demo) as sim:
        user = sim.client("user")
        user.set("name", "Al").click("Submit")
        sim.run_until_idle()
    rows = list(csv.reader((tmp_path / "log.csv").open(encoding="utf-8", newline="")))
    assert rows[1][:3] == ["Al", "Hello Al!", ""]


def test_flagging_to_a_hugging_face_dataset_is_kept_local_and_says_so(tmp_path: Path) -> None:
    with pytest.warns(gr.BlockspecWarning, match=r"flags locally.*flagged_demos/log.csv.*nothing is pushed"):
        saver = gr.HuggingFaceDatasetSaver("hf_token", "someone/flagged_demos")
    demo = gr.Interface(greet, "text", "text", flagging_callback=saver, flagging_dir=str(tmp_path))
    with Simulation(demo) as sim:
        user = sim.client("user")
        user.set("name", "Al").click("Submit")
        sim.run_until_idle()
        user.click("Flag")
        sim.run_until_idle()
        assert sim.trace.app_failures() == []
    rows = list(csv.reader((tmp_path / "flagged_demos" / "log.csv").open(encoding="utf-8", newline="")))
    assert rows[0][:3] == ["name", "output", "flag"] and rows[1][:2] == ["Al", "Hello Al!"]


def test_interface_state_pairs_one_state() -> None:
    def store(text: str, history: tuple[str, ...] = ()) -> tuple[str, tuple[str, ...]]:
        history = (*history, text)  # the State starts from the parameter's default, as in Gradio
        return " / ".join(history), history

    demo = gr.Interface(store, ["text", "state"], ["text", "state"])
    state = demo.input_components[1]
    assert state is demo.output_components[1] and isinstance(state, gr.State)
    with Simulation(demo) as sim:
        user = sim.client("user")
        for word in ("a", "b"):
            user.set("text", word).click("Submit")
            sim.run_until_idle()
        assert user.value("output 0") == "a / b"


# -- Interfaces in Blocks ---------------------------------------------------------------------------


def test_an_interface_built_inside_blocks_joins_that_app() -> None:
    with gr.Blocks() as demo:
        gr.Markdown("Above")
        with gr.Tab("Greeter"):
            io = gr.Interface(greet, "text", "text")
        below = gr.Textbox(label="Below")
    assert io.app is demo
    assert demo.get_config()["dependencies"][0]["api_name"] == "predict"
    assert {c.id for c in io.input_components} <= set(demo.blocks)
    assert below.id > max(c.id for c in io.input_components + io.output_components)  # numbered after it
    with Simulation(demo) as sim:
        user = sim.client("user")
        user.set("name", "Bo").click("Submit")
        sim.run_until_idle()
        assert user.value("output") == "Hello Bo!"


def test_rendering_interfaces_in_tabs_renumbers_and_keeps_them_apart() -> None:
    hello = gr.Interface(lambda name: "Hello " + name, "text", "text")
    bye = gr.Interface(lambda name: "Bye " + name, "text", "text")
    demo = gr.TabbedInterface([hello, bye], ["Hello", "Bye"])
    ids = sorted(demo.blocks)
    assert len(ids) == len(set(ids))
    deps = demo.get_config()["dependencies"]
    assert [d["api_name"] for d in deps if d["show_api"]] == ["predict", "predict_1"]
    second = deps[len(deps) // 2]
    assert second["targets"][0][0] == bye.submit_btn.id
    with Simulation(demo) as sim:
        user = sim.client("user")
        user.set(hello.input_components[0], "A").click(hello.submit_btn)
        user.set(bye.input_components[0], "B").click(bye.submit_btn)
        sim.run_until_idle()
        assert user.value(hello.output_components[0]) == "Hello A"
        assert user.value(bye.output_components[0]) == "Bye B"


def test_rendering_an_app_twice_or_outside_a_blocks_fails_clearly() -> None:
    io = gr.Interface(greet, "text", "text")
    with pytest.raises(gr.DefinitionError, match="no Blocks open"):
        io.render()
    with gr.Blocks():
        io.render()
        with pytest.raises(gr.DefinitionError, match="already rendered"):
            io.render()


# -- bad definitions fail at once -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"inputs": None, "outputs": None}, "both empty"),
        ({"inputs": 42, "outputs": "text"}, "inputs"),
        ({"inputs": "text", "outputs": "no_such_component"}, "not the name of a component"),
        ({"inputs": "text", "outputs": "text", "allow_flagging": "sometimes"}, "allow_flagging"),
        ({"inputs": "text", "outputs": "text", "flagging_options": "bad"}, "flagging_options"),
        ({"inputs": "text", "outputs": "text", "flagging_callback": object()}, "flagging_callback"),
        ({"inputs": ["state", "state"], "outputs": "state"}, "State"),
    ],
)
def test_bad_interfaces_fail_naming_the_parameter(kwargs: dict[str, Any], fragment: str) -> None:
    with pytest.raises((gr.DefinitionError, gr.DefinitionTypeError), match=fragment):
        gr.Interface(greet, **kwargs)


def test_an_app_rendered_into_another_keeps_every_endpoint_name_unique() -> None:
    # Clause RENDER.API_NAME.UNIQUE.1. Gradio 4.44.1, run on this very app, names the three
    # endpoints ['lambda', 'lambda_1', 'lambda_1']: the second lambda_1 cannot be called.
    with gr.Blocks() as inner:
        button = gr.Button()
        button.click(lambda: None)
        button.click(lambda: None)
    with gr.Blocks() as outer:
        gr.Button().click(lambda: None)
        inner.render()
    names = [dep["api_name"] for dep in outer.get_config()["dependencies"]]
    assert names == ["lambda", "lambda_1", "lambda_1_1"] and len(set(names)) == len(names)


def test_a_function_that_cannot_take_its_inputs_fails_where_it_is_written() -> None:
    # Clause LISTENER.FN_ARITY.1. Gradio 4.44.1 only warns ("Expected 3 arguments for
    # function ..., received 2") and then fails every job with a TypeError (fraud_detector,
    # one of its own demos, is such an app).
    with pytest.raises(gr.DefinitionError, match=r"requires 3 argument\(s\) but the listener has 2 input"):
        gr.Interface(lambda a, b, c: a, ["text", "text"], "text")
    with gr.Blocks():
        box = gr.Textbox()
        with pytest.raises(gr.DefinitionError, match=r"accepts at most 0 argument\(s\) but the listener has 1 input"):
            gr.Button().click(lambda: 1, box, box)
