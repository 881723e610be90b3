"""What the virtual browser submits for components nobody touched, as Gradio 4.44.1's page does.

Ground truth: the frontend source at tag ``gradio@4.44.1`` (``js/<component>/Index.svelte``,
cited per case) and a recording of the real page in headless Chromium: one button whose
listener took every component below, untouched, as its inputs; the ``queue/join`` payload
it sent is the ``expected`` column (Chromium 156 + Playwright 1.65, Gradio 4.44.1; the
recipe is ``../shared/research/browser.md``). Cases marked "source" were read, not recorded.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import pytest
from corpus_helpers import default_run

import blockspec as gr
from blockspec.compat import gradio_module
from blockspec.sim import Simulation


def _standin(name: str, **kwargs: Any) -> Callable[[], Any]:
    def make() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return getattr(gradio_module(), name)(**kwargs)

    return make


_DATAFRAME = {"headers": ["1", "2", "3"], "data": [["", "", ""]], "metadata": None}
_EDITOR = {"background": None, "layers": [], "composite": None}

# (id, component factory, what the page sends untouched, where Gradio's frontend says so)
CASES: list[tuple[str, Callable[[], Any], Any, str]] = [
    ("Textbox", lambda: gr.Textbox(), "", "js/textbox/Index.svelte:29 (recorded)"),
    ("Textbox-static", lambda: gr.Textbox(interactive=False), "", "js/textbox/Index.svelte:29 (recorded)"),
    ("Number", lambda: gr.Number(), 0, "js/number/Index.svelte:24 (recorded)"),
    ("Slider", lambda: gr.Slider(), 0, "config: the minimum (recorded)"),
    ("Slider-5-10", lambda: gr.Slider(minimum=5, maximum=10), 5, "config: the minimum (recorded)"),
    ("Checkbox", lambda: gr.Checkbox(), False, "js/checkbox/Index.svelte:17 (recorded)"),
    ("CheckboxGroup", lambda: gr.CheckboxGroup(["a", "b"]), [], "js/checkboxgroup/Index.svelte:18 (recorded)"),
    ("Dropdown", lambda: gr.Dropdown(), None, "js/dropdown/Index.svelte:20 (recorded)"),
    ("Dropdown-choices", lambda: gr.Dropdown(["a", "b"]), None, "js/dropdown/Index.svelte:20 (recorded)"),
    ("Dropdown-multi", lambda: gr.Dropdown(["a", "b"], multiselect=True), None, "dropdown.py:201 (recorded)"),
    ("Radio", lambda: gr.Radio(["a", "b"]), None, "js/radio/Index.svelte:26 (recorded)"),
    ("Markdown", lambda: gr.Markdown(), "", "js/markdown/Index.svelte:19 (recorded)"),
    ("HTML", lambda: gr.HTML(), "", "js/html/Index.svelte:13 (recorded)"),
    ("JSON", lambda: gr.JSON(), None, "js/json/Index.svelte:17 (recorded)"),
    ("Label", lambda: gr.Label(), {}, "config {} (recorded)"),
    ("Image", lambda: gr.Image(), None, "js/image/Index.svelte:29 (recorded)"),
    ("File", lambda: gr.File(), None, "js/file/Index.svelte:23 (recorded)"),
    ("File-multi", lambda: gr.File(file_count="multiple"), None, "js/file/Index.svelte:23 (recorded)"),
    ("Chatbot", lambda: gr.Chatbot(), [], "js/chatbot/Index.svelte:21 (recorded)"),
    ("Dataframe", lambda: gr.Dataframe(), _DATAFRAME, "js/dataframe/Index.svelte:18 (recorded)"),
    ("Button", lambda: gr.Button(), "Run", "config: the label (recorded)"),
    ("State-0", lambda: gr.State(0), 0, "config: the start value (recorded)"),
    ("State", lambda: gr.State(), None, "no value (recorded)"),
    ("Timer", lambda: gr.Timer(active=False), 1, "js/timer/Index.svelte:7 (recorded)"),
    ("ColorPicker", _standin("ColorPicker"), None, "js/colorpicker/Index.svelte:21 (recorded)"),
    ("Code", _standin("Code"), "", "js/code/Index.svelte:28 (recorded)"),
    ("DateTime", _standin("DateTime"), "", "js/datetime/Index.svelte:20 (recorded)"),
    ("Audio", _standin("Audio"), None, "js/audio/Index.svelte:21 (recorded)"),
    ("Video", _standin("Video"), None, "js/video/Index.svelte:16 (recorded)"),
    ("Gallery", _standin("Gallery"), [], "gallery.py postprocess(None) in the config (recorded)"),
    ("HighlightedText", _standin("HighlightedText"), None, "js/highlightedtext/Index.svelte:24 (recorded)"),
    ("AnnotatedImage", _standin("AnnotatedImage"), None, "js/annotatedimage/Index.svelte:15 (recorded)"),
    ("Plot", _standin("Plot"), None, "js/plot/Index.svelte:17 (recorded)"),
    ("LinePlot", _standin("LinePlot"), None, "js/nativeplot/Index.svelte:21 (source)"),
    ("Model3D", _standin("Model3D"), None, "js/model3D/Index.svelte:21 (recorded)"),
    (
        "MultimodalTextbox",
        _standin("MultimodalTextbox"),
        {"text": "", "files": []},
        "js/multimodaltextbox/Index.svelte:29 (recorded)",
    ),
    ("ImageEditor", _standin("ImageEditor"), _EDITOR, "js/imageeditor/Index.svelte:21 (source; see decision)"),
    ("DownloadButton", _standin("DownloadButton"), None, "js/downloadbutton/Index.svelte:14 (recorded)"),
    ("UploadButton", _standin("UploadButton"), None, "js/uploadbutton/Index.svelte:14 (recorded)"),
    ("DuplicateButton", _standin("DuplicateButton"), "Duplicate Space", "duplicate_button.py:27 config"),
]


def _spy_on_submissions(sim: Simulation) -> list[tuple[int, list[Any], Any]]:
    """(fn_index, data, event_data) of every submission the tabs make, as the engine gets them."""
    engine = sim._engine()
    original = engine.submit
    seen: list[tuple[int, list[Any], Any]] = []

    def spy(session: str, fn_index: int, data: list[Any], **kwargs: Any) -> Any:
        seen.append((fn_index, list(data), kwargs.get("event_data")))
        return original(session, fn_index, data, **kwargs)

    engine.submit = spy  # type: ignore[method-assign]
    return seen


@pytest.mark.parametrize(("make", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_untouched_component_is_sent_as_the_page_sends_it(make: Callable[[], Any], expected: Any) -> None:
    with gr.Blocks() as demo:
        component = make()
        go = gr.Button("go", elem_id="go")
        go.click(lambda *values: None, component, None, preprocess=False)
    with Simulation(demo) as sim:
        submitted = _spy_on_submissions(sim)
        sim.client("u").click("go")
        sim.run_until_idle()
    assert [data for _, data, _ in submitted] == [[expected]]
    assert type(submitted[0][1][0]) is type(expected)  # 0 is not 0.0, "" is not None


def test_a_textbox_given_none_holds_and_sends_the_empty_string() -> None:
    # js/textbox/shared/Textbox.svelte:40 turns a null value into "" as it arrives. Recorded
    # in a second probe: after an output of None the page sent "" (2 runs of 3; the first run
    # sent the old text once, a timing artefact of that run), and a Number given None sent null.
    seen: list[Any] = []
    with gr.Blocks() as demo:
        box = gr.Textbox("typed", elem_id="box")
        number = gr.Number(5, elem_id="number")
        clear = gr.Button("clear", elem_id="clear")
        show = gr.Button("show", elem_id="show")
        clear.click(lambda: (None, None), None, [box, number])
        show.click(lambda text, n: seen.append((text, n)), [box, number], None, preprocess=False)
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.click("clear")
        sim.run_until_idle()
        assert user.value("box") == ""
        user.click("show")
        sim.run_until_idle()
    assert seen == [("", None)]


def test_a_state_is_sent_as_its_start_value_then_as_null_once_an_output_replaced_it() -> None:
    # Recorded: gr.State(0) went out as 0 the first time and null after the event had
    # output to it (the server keeps the State and sends null in its place).
    counted: list[int] = []

    def count_up(n: int) -> int:
        counted.append(n)
        return n + 1

    with gr.Blocks() as demo:
        count = gr.State(0)
        go = gr.Button("go", elem_id="go")
        go.click(count_up, count, count)
    with Simulation(demo) as sim:
        submitted = _spy_on_submissions(sim)
        user = sim.client("u")
        for _ in range(3):
            user.click("go")
            sim.run_until_idle()
    assert [data for _, data, _ in submitted] == [[0], [None], [None]]
    assert counted == [0, 1, 2]  # the function reads the server's copy, whatever is sent


def test_event_data_is_sent_only_to_functions_that_take_it() -> None:
    # js/core/src/Blocks.svelte:227: `event_data: dep.collects_event_data ? event_data : null`.
    received: list[Any] = []
    with gr.Blocks() as demo:
        choice = gr.Radio(["a", "b"], elem_id="choice")
        choice.select(lambda: None, None, None)

        def takes(evt: gr.SelectData) -> None:
            received.append(evt._data)

        choice.select(takes, None, None)
    with Simulation(demo) as sim:
        submitted = _spy_on_submissions(sim)
        sim.client("u").select("choice", index=1)
        sim.run_until_idle()
    assert [(fn, event_data) for fn, _, event_data in submitted] == [(0, None), (1, {"value": "b", "index": 1})]
    assert received == [{"value": "b", "index": 1}]


# -- the default scenario's inputs -------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, after checking its signature and every chunk's CRC."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    at, size, idat = 8, None, b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, f"bad CRC in {kind!r}"
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    assert size is not None
    assert len(zlib.decompress(idat)) == size[1] * (1 + 3 * size[0])  # one filter byte per RGB row
    return size


def _default_run(build: Callable[[list[Any]], Any]) -> list[Any]:
    from blockspec.sim import Scenario, run_scenario

    seen: list[Any] = []
    demo = build(seen)
    sim, outcome = run_scenario(demo, Scenario.default_for(demo.graph))
    try:
        assert outcome.ok and not sim.errors, sim.errors
    finally:
        sim.close()
    return seen


def test_default_scenario_gives_an_image_input_a_real_png() -> None:
    from pathlib import Path

    def build(seen: list[Any]) -> Any:
        with gr.Blocks() as demo:
            image = gr.Image(type="filepath")
            go = gr.Button("go")
            go.click(lambda path: seen.append((path, Path(path).read_bytes())), image, None)
        return demo

    ((path, data),) = _default_run(build)
    assert path.endswith(".png")
    assert _png_size(data) == (8, 8)


def test_default_scenario_gives_a_file_input_a_file_of_an_accepted_type() -> None:
    import io
    import wave
    from pathlib import Path

    def build(seen: list[Any]) -> Any:
        with gr.Blocks() as demo:
            table = gr.File(file_types=[".csv"])
            sound = gr.File(file_types=["audio"], file_count="multiple")
            go = gr.Button("go")
            go.click(lambda a, b: seen.append((Path(a).read_text(), [Path(p).read_bytes() for p in b])), [table, sound])
        return demo

    ((csv_text, (wav,)),) = _default_run(build)
    assert csv_text.splitlines()[0] == "a,b"
    with wave.open(io.BytesIO(wav)) as sound:
        assert (sound.getnchannels(), sound.getsampwidth()) == (1, 2)
        assert sound.getnframes() > 0


def test_default_scenario_gives_numbers_in_range_choices_and_text() -> None:
    def build(seen: list[Any]) -> Any:
        with gr.Blocks() as demo:
            inputs = [
                gr.Slider(10, 20, step=3),
                gr.Slider(0, 1, step=0.25),
                gr.Number(minimum=50),
                gr.Number(precision=0, maximum=-5),
                gr.Radio(["low", "high"]),
                gr.Dropdown([("Low", 1), ("High", 2)]),
                gr.Dropdown(["a", "b"], multiselect=True),
                gr.CheckboxGroup(["x", "y"]),
                gr.Textbox(),
                gr.Textbox("kept"),
                gr.Checkbox(),
            ]
            go = gr.Button("go")
            go.click(lambda *values: seen.append(values), inputs, None)
        return demo

    ((values),) = _default_run(build)
    slider_a, slider_b, low_bound, int_high_bound, radio, dropdown, multi, group, text, kept, box = values
    assert slider_a in (10, 13, 16, 19) and slider_b in (0, 0.25, 0.5, 0.75, 1)
    assert low_bound >= 50 and int_high_bound <= -5 and type(int_high_bound) is int
    assert (radio, dropdown, multi, group) == ("low", 1, ["a"], ["x"])
    assert text and kept == "kept" and box is False  # a default the component has is kept


def test_default_scenario_select_and_like_carry_the_page_s_data() -> None:
    def build(seen: list[Any]) -> Any:
        with gr.Blocks() as demo:
            choice = gr.Radio(["p", "q"])
            chat = gr.Chatbot([["hi", "hello"]])

            def on_select(evt: gr.SelectData) -> None:
                seen.append(("select", evt.index, evt.value))

            def on_like(evt: gr.LikeData) -> None:
                seen.append(("like", evt.index, evt.value, evt.liked))

            choice.select(on_select, None, None)
            chat.like(on_like, None, None)
        return demo

    assert _default_run(build) == [("select", 0, "p"), ("like", [0, 1], "hello", True)]


def test_an_image_editor_fires_no_change_while_it_holds_no_image() -> None:
    # js/imageeditor/Index.svelte:102-110: change is dispatched only when the editor has a
    # background, a layer or a composite, so clearing it to null fires nothing.
    changes: list[Any] = []
    with gr.Blocks() as demo:
        editor = _standin("ImageEditor")()
        clear = gr.Button("clear", elem_id="clear")
        load = gr.Button("load", elem_id="load")
        editor.change(lambda value: changes.append(value), editor, None, preprocess=False)
        clear.click(lambda: None, None, editor)
        load.click(lambda: {"background": None, "layers": [], "composite": {"path": "x.png"}}, None, editor)
    with Simulation(demo) as sim:
        user = sim.client("u")
        for button in ("load", "clear", "load"):
            user.click(button)
            sim.run_until_idle()
    loaded = {"background": None, "layers": [], "composite": {"path": "x.png"}}
    assert changes == [loaded, loaded]


def test_a_file_input_path_also_answers_name_as_in_gradio() -> None:
    # gradio/components/file.py:129 passes a NamedString: a str whose .name is itself, so
    # apps written for Gradio 3 (`[f.name for f in files]`) keep working.
    def build(seen: list[Any]) -> Any:
        with gr.Blocks() as demo:
            files = gr.File(file_count="multiple")
            go = gr.Button("go")
            go.click(lambda fs: seen.extend((f, f.name) for f in fs), files, None)
        return demo

    ((path, name),) = _default_run(build)
    assert isinstance(path, str) and name == path and path.endswith("sample.txt")


def test_default_scenario_fires_layout_events_and_keeps_component_values() -> None:
    def build(seen: list[Any]) -> Any:
        with gr.Blocks() as demo:
            table = gr.Dataframe({"headers": ["x"], "data": [[1]]}, type="array")
            with gr.Tabs() as tabs:
                with gr.Tab("One") as one:
                    gr.Markdown("one")

            def on_select(rows: list[list[Any]], evt: gr.SelectData) -> None:
                seen.append(("select", rows, evt.value))

            tabs.change(lambda: seen.append("change"), None, None)
            one.select(on_select, table, None)
        return demo

    assert _default_run(build) == ["change", ("select", [[1]], "One")]


# Corpus apps whose jobs failed only because of what the default scenario entered (or the
# event data it sent) before the browser's values were modelled.
_INPUT_SENSITIVE_APPS = (
    "blocks_update",
    "chatbot_core_components_simple",
    "dropdown_key_up",
    "file_component_events",
    "image_component_events",
    "image_editor_events",
    "on_listener_basic",
    "on_listener_decorator",
    "sound_alert",
    "tabs",
    "tictactoe",
)


@pytest.mark.parametrize("name", _INPUT_SENSITIVE_APPS)
def test_default_scenario_runs_corpus_apps_without_failing_jobs(name: str) -> None:
    with default_run(name) as (sim, outcome):
        raised = [r.detail for r in sim.trace.of("job", "raise")]
        assert outcome.jobs > 0 and raised == []


def test_numbers_come_back_from_the_page_as_javascript_numbers() -> None:
    # JavaScript has one number type: an output of 5.0 is held as 5 and sent back as 5
    # (JSON.stringify(5.0) is "5"), NaN as null; an equal number fires no change.
    changes: list[Any] = []
    with gr.Blocks() as demo:
        data = gr.JSON({"n": 1.5}, elem_id="data")
        go = gr.Button("go", elem_id="go")
        show = gr.Button("show", elem_id="show")
        go.click(lambda: {"n": 5.0, "bad": float("nan"), "xs": [2.0, 2.5]}, None, data)
        data.change(lambda v: changes.append(v), data, None, preprocess=False)
        show.click(lambda v: changes.append(("show", v)), data, None, preprocess=False)
    with Simulation(demo) as sim:
        user = sim.client("u")
        for button in ("go", "go", "show"):
            user.click(button)
            sim.run_until_idle()
    held = {"n": 5, "bad": None, "xs": [2, 2.5]}
    assert changes == [held, ("show", held)]  # the second "go" changed nothing
    assert type(changes[0]["n"]) is int and type(changes[0]["xs"][1]) is float
