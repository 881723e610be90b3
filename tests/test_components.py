"""Components at the JSON level: what functions receive and what clients get back."""

from __future__ import annotations

import inspect
import runpy
import sys
from pathlib import Path

import pytest

import blockspec as gr
from blockspec import Error

ROOT = Path(__file__).resolve().parent.parent


def _in_app(factory):
    with gr.Blocks():
        return factory()


@pytest.mark.parametrize(
    ("factory", "payload", "received"),
    [
        (lambda: gr.Textbox(), 12, "12"),
        (lambda: gr.Number(precision=0), "3.6", 4),
        (lambda: gr.Number(), 2, 2.0),
        (lambda: gr.Slider(0, 10), 5, 5.0),
        (lambda: gr.Checkbox(), 1, True),
        (lambda: gr.CheckboxGroup(["a", "b", "c"]), ["c", "a"], ["c", "a"]),
        (lambda: gr.CheckboxGroup(["a", "b", "c"], type="index"), ["c", "a"], [2, 0]),
        (lambda: gr.Dropdown([("Apple", "a"), ("Bee", "b")]), "b", "b"),
        (lambda: gr.Radio(["x", "y"], type="index"), "y", 1),
        (lambda: gr.JSON(), {"a": [1]}, {"a": [1]}),
        (lambda: gr.Label(), {"label": "cat", "confidences": [{"label": "cat", "confidence": 0.9}]}, {"cat": 0.9}),
        (lambda: gr.Dataframe(type="array"), {"headers": ["a"], "data": [[1], [2]]}, [[1], [2]]),
        (lambda: gr.Image(type="filepath"), {"path": "/tmp/x.png", "meta": {"_type": "gradio.FileData"}}, "/tmp/x.png"),
        (lambda: gr.File(file_count="multiple"), [{"path": "/a"}, {"path": "/b"}], ["/a", "/b"]),
        # Not checked against the choices, as in 4.44.1 (radio.py:112-121): they may have changed.
        (lambda: gr.Radio(["x"]), "z", "z"),
        (lambda: gr.Radio(["x", "y"], type="index"), "z", None),
    ],
)
def test_preprocess(factory, payload, received) -> None:
    assert _in_app(factory).preprocess(payload) == received


@pytest.mark.parametrize(
    ("factory", "payload", "words"),
    [
        (lambda: gr.Number(minimum=0), -1, "less than minimum"),
        (lambda: gr.Number(), "ten", "Expected a number"),
        (lambda: gr.Dropdown(["a", "b", "c"], multiselect=True, max_choices=1), ["a", "b"], "At most 1"),
    ],
)
def test_preprocess_rejects_bad_values_with_a_user_facing_error(factory, payload, words) -> None:
    with pytest.raises(Error, match=words):
        _in_app(factory).preprocess(payload)


@pytest.mark.parametrize(
    ("factory", "value", "sent"),
    [
        (lambda: gr.Textbox(), None, None),
        (lambda: gr.Markdown(), "   # Title\n   text", "# Title\ntext"),
        (lambda: gr.JSON(), '{"a": 1}', {"a": 1}),
        (
            lambda: gr.Label(num_top_classes=1),
            {"dog": 0.2, "cat": 0.8},
            {"label": "cat", "confidences": [{"label": "cat", "confidence": 0.8}]},
        ),
        # gradio/components/label.py:128: LabelData(label=str(value)) dumps its null confidences
        (lambda: gr.Label(), 7, {"label": "7", "confidences": None}),
        (
            lambda: gr.Dataframe(headers=["x", "y"]),
            [[1, 2]],
            {"headers": ["x", "y"], "data": [[1, 2]], "metadata": None},
        ),
        (lambda: gr.Chatbot(), [("hi", "hello")], [["hi", "hello"]]),
        (lambda: gr.CheckboxGroup(["a"]), None, []),
    ],
)
def test_postprocess(factory, value, sent) -> None:
    assert _in_app(factory).postprocess(value) == sent


def test_files_returned_as_bytes_are_stored_by_content(tmp_path) -> None:
    from blockspec._files import FileStore, using_file_store

    image = _in_app(lambda: gr.Image(type="filepath"))
    with using_file_store(FileStore(tmp_path)) as store:
        first = image.postprocess(b"png bytes")
        second = image.postprocess(b"png bytes")
    assert first == second
    assert Path(first["path"]).read_bytes() == b"png bytes"
    assert first["meta"] == {"_type": "gradio.FileData"}
    assert store.created == [Path(first["path"])]


def test_image_without_pillow_names_the_alternative(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pillow is in the test extra: hide it (a None entry makes `import PIL` raise ImportError).
    monkeypatch.setitem(sys.modules, "PIL", None)
    monkeypatch.setitem(sys.modules, "PIL.Image", None)
    with pytest.raises(Error, match="type='filepath'"):
        _in_app(lambda: gr.Image()).preprocess({"path": "/tmp/x.png"})


def test_a_component_constructed_as_a_value_remembers_what_was_given() -> None:
    update = gr.Timer(active=False)
    assert update.id is None and not update.is_rendered
    assert update._given == ("active",)


def test_state_starts_each_session_from_a_copy() -> None:
    state = _in_app(lambda: gr.State({"items": []}))
    first, second = state.session_start_value(), state.session_start_value()
    first["items"].append(1)
    assert second == {"items": []}
    counter = iter(range(10))
    calls = _in_app(lambda: gr.State(lambda: next(counter)))
    assert (calls.session_start_value(), calls.session_start_value()) == (0, 1)
    assert "value" not in state.props()


def test_components_have_the_common_parameters() -> None:
    for name in gr.components.__all__:
        cls = getattr(gr.components, name)
        if not isinstance(cls, type) or cls in (gr.Component, gr.FormComponent, gr.Param):
            continue
        if cls is gr.Dataset:
            continue  # Gradio 4.44.1's Dataset takes neither value nor interactive (tests/test_examples.py)
        params = inspect.signature(cls).parameters
        for common in ("value", "label", "elem_id", "visible", "interactive"):
            assert common in params, f"{name} lacks {common}"


def test_a_callable_value_with_every_gets_a_timer_and_a_load_listener() -> None:
    with gr.Blocks() as demo:
        clock = gr.Textbox(value=lambda: "now", every=5)
    timer = clock.value_timer
    dep = demo.dependencies[0]
    assert dep.role == "value_load" and dep.outputs == (clock.id,)
    assert [t.to_json() for t in dep.targets] == [[timer.id, "tick"], [0, "load"]]
    assert demo.get_config()["components"][0]["props"].get("value") is None


def test_the_custom_component_example() -> None:
    namespace = runpy.run_path(str(ROOT / "examples" / "custom_component.py"))
    rating = namespace["rating"]
    assert rating.preprocess("4") == 4
    with pytest.raises(Error, match="between 1 and 5"):
        rating.preprocess(9)
    config = namespace["demo"].get_config()
    entry = next(c for c in config["components"] if c["type"] == "rating")
    assert entry["props"]["stars"] == 5 and entry["api_info"] == {"type": "integer", "minimum": 1}
    assert [d["targets"] for d in config["dependencies"]] == [[[rating.id, "change"]]]


def test_a_callable_value_takes_a_set_of_inputs_in_id_order() -> None:
    with gr.Blocks() as demo:
        boxes = [gr.Textbox() for _ in range(12)]
        total = gr.Textbox(value=lambda *parts: "".join(parts), inputs=set(boxes))
    dep = next(d for d in demo.dependencies if d.outputs == (total.id,))
    assert list(dep.inputs) == sorted(b.id for b in boxes)


def test_a_returned_component_updates_only_props() -> None:
    from blockspec.engine._calls import _as_update

    update = _as_update(gr.ClearButton(value="Reset", api_name="reset", render=False))
    assert update == {"__type__": "update", "value": "Reset"}


def test_a_slider_with_a_step_that_is_not_positive_warns_and_the_page_steps_by_one() -> None:
    # Gradio 4.44.1 accepts it (its interface_random_slider demo has step=-1); the page's
    # range input ignores such a step (HTML's default step is 1).
    with gr.Blocks() as demo:
        with pytest.warns(gr.BlockspecWarning, match=r"Slider\(step=-1\) is not positive"):
            slider = gr.Slider(minimum=5, maximum=30, step=-1)
    assert slider.page_step == 1
    [config] = [c for c in demo.get_config()["components"] if c["type"] == "slider"]
    assert config["props"]["step"] == -1  # the config keeps what the app gave, as Gradio's
    with gr.Blocks():
        assert gr.Slider(0, 10, step=0.5).page_step == 0.5
