"""gr.Examples and gr.Dataset: built as Gradio 4.44.1 builds them, simulated click by click.

Facts from gradio 4.44.1: gradio/helpers.py (Examples: a Dataset of type "tuple" and a
``load_example`` click listener, unqueued, progress hidden, not postprocessed, hidden from the
API; ``cache`` replaces it by one that fills the outputs too), gradio/components/dataset.py.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest
from test_corpus_sample import CORPUS, needs_corpus

import blockspec as gr
from blockspec.sim import Simulation

FIXTURE = Path(__file__).parent / "fixtures" / "gradio-4.44.1" / "interface" / "signatures.json"


def _recorded(name: str) -> list[list[object]]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))["signatures"][name]


def _ours(obj: object) -> list[list[object]]:
    return [
        [p.name, p.kind.name, repr(p.default) if p.default is not inspect.Parameter.empty else None]
        for p in inspect.signature(obj).parameters.values()
    ]


@pytest.mark.parametrize("name", ["Examples", "Dataset"])
def test_signature_is_gradio_4_44_1s(name: str) -> None:
    assert _ours(getattr(gr, name)) == _recorded(name)


def calculator(a: float, op: str, b: float) -> float:
    return a + b if op == "add" else a - b


def _calculator_app(**examples_options: object) -> tuple[gr.Blocks, gr.Examples]:
    with gr.Blocks() as demo:
        a = gr.Number(label="A")
        op = gr.Radio(["add", "subtract"], label="Op")
        b = gr.Number(label="B")
        result = gr.Number(label="Result")
        gr.Button("Calculate").click(calculator, [a, op, b], result)
        examples = gr.Examples(
            [[5, "add", 3], [4, "subtract", 2]], [a, op, b], result, fn=calculator, **examples_options
        )
    return demo, examples


def test_examples_are_a_dataset_and_a_load_example_listener() -> None:
    demo, examples = _calculator_app()
    config = demo.get_config()
    dataset = examples.dataset
    assert [c["type"] for c in config["components"] if c["id"] == dataset.id] == ["dataset"]
    props = next(c["props"] for c in config["components"] if c["id"] == dataset.id)
    assert props["samples"] == [[5, "add", 3], [4, "subtract", 2]]
    assert props["component_ids"] == [c.id for c in examples.inputs]
    assert props["type"] == "tuple"
    dep = config["dependencies"][-1]
    assert dep["targets"] == [[dataset.id, "click"]]
    assert dep["inputs"] == [dataset.id]
    assert dep["outputs"] == [c.id for c in examples.inputs]
    assert (dep["api_name"], dep["queue"], dep["show_progress"], dep["show_api"]) == (
        "load_example",
        False,
        "hidden",
        False,
    )
    assert len(config["dependencies"]) == 2  # not cached, not run on click: nothing more


def test_clicking_an_example_fills_the_inputs() -> None:
    demo, examples = _calculator_app()
    with Simulation(demo) as sim:
        user = sim.client("user")
        user.set(examples.dataset, 1).click(examples.dataset)
        sim.run_until_idle()
        assert [user.value(c) for c in examples.inputs] == [4, "subtract", 2]
        assert user.value("Result") == 0  # its start value: the function did not run
        assert [job.fn for job in sim.trace.jobs()] == ["load_example"]
        assert sim.check() == []


def test_run_on_click_chains_the_function() -> None:
    demo, examples = _calculator_app(run_on_click=True)
    with Simulation(demo) as sim:
        user = sim.client("user")
        user.set(examples.dataset, 0).click(examples.dataset)
        sim.run_until_idle()
        assert user.value("Result") == 8
        assert [job.fn for job in sim.trace.jobs()] == ["load_example", "calculator"]


def test_cached_examples_fill_the_outputs_without_running_the_function() -> None:
    calls: list[tuple[object, ...]] = []

    def counted(a: float, op: str, b: float) -> float:
        calls.append((a, op, b))
        return calculator(a, op, b)

    with gr.Blocks() as demo:
        a, op, b = gr.Number(), gr.Radio(["add", "subtract"]), gr.Number()
        result = gr.Number()
        examples = gr.Examples([[5, "add", 3], [4, "subtract", 2]], [a, op, b], result, fn=counted, cache_examples=True)
    assert calls == [(5, "add", 3), (4, "subtract", 2)]  # computed when the app is defined
    dep = demo.get_config()["dependencies"][-1]
    assert dep["outputs"] == [a.id, op.id, b.id, result.id]
    assert len(demo.dependencies) == 1  # the input-only listener was replaced
    with Simulation(demo) as sim:
        user = sim.client("user")
        user.set(examples.dataset, 1).click(examples.dataset)
        sim.run_until_idle()
        assert user.value(result) == 2
        assert len(calls) == 2


def test_lazy_cache_runs_once_per_example() -> None:
    calls: list[str] = []

    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    with gr.Blocks() as demo:
        box, out = gr.Textbox(), gr.Textbox()
        examples = gr.Examples(["hi", "yo"], box, out, fn=shout, cache_examples="lazy")
    with Simulation(demo) as sim:
        user = sim.client("user")
        for _ in range(2):
            user.set(examples.dataset, 1).click(examples.dataset)
            sim.run_until_idle()
        assert user.value(out) == "YO"
        assert calls == ["yo"]


def test_a_flat_list_serves_one_input_and_missing_columns_are_left_out() -> None:
    with gr.Blocks():
        a, b = gr.Textbox(), gr.Textbox()
        one = gr.Examples(["x", "y"], a)
        two = gr.Examples([["x", None], ["y", None]], [a, b])
    assert one.examples == [["x"], ["y"]]
    assert two.inputs_with_examples == [a]
    assert two.dataset.components == [a]


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"examples": None}, "examples"),
        ({"examples": [["a"]], "cache_examples": "yes"}, "cache_examples"),
        ({"examples": [["a"]], "cache_examples": 1}, "cache_examples"),
        ({"examples": [["a"]], "cache_examples": True}, "needs a function"),
        ({"examples": [["a"]], "example_labels": ["1", "2"]}, "example_labels"),
        ({"examples": [["a"]], "fn": "not callable"}, "fn"),
    ],
)
def test_bad_examples_fail_at_definition_naming_the_parameter(kwargs: dict[str, object], fragment: str) -> None:
    with gr.Blocks():
        box = gr.Textbox()
        with pytest.raises(gr.DefinitionError, match=fragment):
            gr.Examples(inputs=box, **kwargs)


@pytest.mark.parametrize("mode", [False, None])
def test_examples_that_are_not_cached_say_so_with_false_or_none(mode: object) -> None:
    with gr.Blocks():
        box = gr.Textbox()
        examples = gr.Examples([["a"]], box, box, fn=str.upper, cache_examples=mode)
    assert examples.cache_examples is False


def test_dataset_preprocess_by_type_and_bad_index() -> None:
    with gr.Blocks():
        box = gr.Textbox()
        values = gr.Dataset(components=[box], samples=[["a"], ["b"]])
        index = gr.Dataset(components=["textbox"], samples=[["a"]], type="index")
        both = gr.Dataset(components=[box], samples=[["a"], ["b"]], type="tuple")
    assert values.preprocess(1) == ["b"]
    assert index.preprocess(0) == 0
    assert both.preprocess(0) == (0, ["a"])
    assert values.postprocess(["b"]) == 1
    with pytest.raises(ValueError, match="not the index"):
        values.preprocess(7)
    with pytest.raises(gr.DefinitionError, match="type"):
        with gr.Blocks():
            gr.Dataset(components=[], samples=[], type="rows")


def test_dataset_selected_in_a_simulation_carries_index_and_sample() -> None:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        data = gr.Dataset(components=[box], samples=[["a"], ["b"]], label="Pick")
        shown = gr.Textbox(label="Shown")

        def picked(evt: gr.SelectData) -> str:
            return f"{evt.index}:{evt.value}"

        data.select(picked, None, shown)
    with Simulation(demo) as sim:
        user = sim.client("user")
        user.select("Pick", index=1, value=["b"])
        sim.run_until_idle()
        assert user.value("Shown") == "1:['b']"


def test_the_default_scenario_clicks_the_first_example() -> None:
    from blockspec.sim import Scenario, run_scenario

    demo, _ = _calculator_app(run_on_click=True)
    sim, outcome = run_scenario(demo, Scenario.default_for(demo.graph))
    sim.close()  # run_scenario leaves it to the caller
    assert outcome.ok
    assert sim.trace.app_failures() == []
    assert "load_example" in [job.fn for job in sim.trace.jobs()]


@needs_corpus
def test_calculator_blocks_config_matches_gradio() -> None:
    from blockspec._loading import load_app

    assert CORPUS is not None
    recorded = json.loads((FIXTURE.parent / "corpus.json").read_text(encoding="utf-8"))["apps"]["calculator_blocks"]
    ours = load_app(CORPUS / "calculator_blocks" / "run.py").app.get_config()
    assert [[c["id"], c["type"]] for c in ours["components"]] == recorded["components"]
    assert ours["dependencies"] == recorded["dependencies"]


def test_deferred_caching_replaces_the_listener_at_the_end_as_gradio_does() -> None:
    # gr.ChatInterface's pattern: build the Examples, add listeners, then cache. Gradio 4.44.1
    # (run on this very app) drops the click listener (id 0) and its computing dependency (id 2)
    # and adds the replacement last: dependencies [1 lambda, 3 load_example].
    with gr.Blocks() as demo:
        box, out = gr.Textbox(), gr.Textbox()
        examples = gr.Examples(
            ["a", "b"], box, out, fn=lambda text: text.upper(), cache_examples=True, _defer_caching=True
        )
        box.submit(lambda text: text, box, out)
        examples._start_caching()
    first, second = demo.dependencies
    assert (first.id, first.api_name) == (1, "lambda")
    assert (second.id, second.api_name, second.outputs) == (3, "load_example", (box.id, out.id))
    with Simulation(demo) as sim:
        user = sim.client("user")
        user.set(examples.dataset, 1).click(examples.dataset)
        sim.run_until_idle()
        assert (user.value(box), user.value(out)) == ("b", "B")
