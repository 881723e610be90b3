"""Config and loading details found by running Gradio 4.44.1's demo apps (tools/corpus.py),
each checked against what real Gradio 4.44.1 does (file:line in its installed package)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import blockspec as gr
from blockspec import BlockspecWarning, DefinitionError
from blockspec._loading import load_app
from blockspec.compat import as_gradio


def _deps(demo: gr.Blocks) -> list[dict]:
    return demo.get_config()["dependencies"]


def test_tick_listeners_hide_progress_by_default_as_gradio_does() -> None:
    # gradio/events.py:828-832: EventListener("tick", show_progress="hidden"); gr.on keeps "full".
    with gr.Blocks() as demo:
        timer = gr.Timer(1)
        box = gr.Number()
        timer.tick(lambda: 1, None, box)
        timer.tick(lambda: 2, None, box, show_progress="full")
        timer.tick(lambda: 3, None, box, None, False, "minimal")
        gr.on([timer.tick], lambda: 4, None, box)
    assert [d["show_progress"] for d in _deps(demo)] == ["hidden", "full", "minimal", "full"]


def _stand_in(name: str) -> type:
    with as_gradio() as gradio, warnings.catch_warnings():
        warnings.simplefilter("ignore", BlockspecWarning)
        return getattr(gradio, name)


@pytest.mark.parametrize(
    ("name", "config_type"),
    [
        ("DuplicateButton", "button"),
        ("LoginButton", "button"),
        ("LinePlot", "nativeplot"),
        ("BarPlot", "nativeplot"),
        ("ScatterPlot", "nativeplot"),
        ("ImageMask", "imageeditor"),
        ("Microphone", "audio"),
        ("Gallery", "gallery"),
        ("DownloadButton", "downloadbutton"),
    ],
)
def test_stand_ins_report_gradios_config_type(name: str, config_type: str) -> None:
    cls = _stand_in(name)
    with gr.Blocks() as demo:
        cls()
    assert [c["type"] for c in demo.get_config()["components"]] == [config_type]


def test_stand_ins_take_gradios_positional_parameters_in_gradios_order() -> None:
    # gradio/components/download_button.py: DownloadButton(label="Download", value=None, ...)
    with gr.Blocks():
        download = _stand_in("DownloadButton")("Get it", "file.txt")
        plot = _stand_in("LinePlot")({"data": []}, "x", "y")
        code = _stand_in("Code")("print(1)", "python")
        explorer = _stand_in("FileExplorer")("*.py")
    assert (download.label, download.value) == ("Get it", "file.txt")
    assert plot.value == {"data": []} and (plot.x, plot.y) == ("x", "y")  # a modelled component now
    assert code.extra == {"language": "python"}
    assert explorer.value is None and explorer.extra == {"glob": "*.py"}


def test_a_stand_in_refuses_too_many_or_doubled_positional_arguments() -> None:
    with gr.Blocks():
        with pytest.raises(DefinitionError, match=r"takes at most 2 \(label, value\).*by keyword"):
            _stand_in("DownloadButton")("a", "b", "c")
        with pytest.raises(DefinitionError, match="both by position and by keyword"):
            _stand_in("Gallery")([], value=[])


def test_apps_import_the_theme_toolkit_from_gradio_themes_submodules(tmp_path: Path) -> None:
    app = tmp_path / "themed.py"
    app.write_text(
        "import gradio as gr\n"
        "from gradio.themes.base import Base\n"
        "from gradio.themes.utils import colors, fonts, sizes\n"
        "class Mine(Base):\n"
        "    def __init__(self):\n"
        "        super().__init__(primary_hue=colors.emerald, radius_size=sizes.radius_md,\n"
        "                         font=(fonts.GoogleFont('Quicksand'), 'sans-serif'))\n"
        "theme = gr.themes.Default(font=[gr.themes.GoogleFont('Inconsolata'), 'Arial']).set(loader_color='red')\n"
        "with gr.Blocks(theme=Mine()) as demo:\n"
        "    gr.Textbox()\n",
        encoding="utf-8",
    )
    loaded = load_app(app)
    assert loaded.app.get_config()["theme"] == "base"
    theme = loaded.namespace["theme"]
    assert theme.options["font"][0].name == "Inconsolata" and theme.overrides == {"loader_color": "red"}


def test_gr_load_says_it_needs_the_network() -> None:
    with as_gradio() as gradio, pytest.raises(NotImplementedError, match="needs the network"):
        gradio.load("models/gpt2")


def test_gradios_option_records_and_constants_are_there_as_plain_data() -> None:
    with as_gradio() as gradio, warnings.catch_warnings():
        warnings.simplefilter("ignore", BlockspecWarning)
        options = gradio.WaveformOptions(waveform_color="#01C6FF", show_recording_waveform=False)
        with gr.Blocks() as demo:
            gradio.Audio(waveform_options=options)
            gradio.Highlightedtext()
        assert options.options == {"waveform_color": "#01C6FF", "show_recording_waveform": False}
        assert (gradio.NO_RELOAD, gradio.IS_WASM, gradio.Theme) == (True, False, gr.themes.Base)
        with pytest.raises(NotImplementedError, match="ffmpeg"):
            gradio.make_waveform("a.wav")
    assert [c["type"] for c in demo.get_config()["components"]] == ["audio", "highlightedtext"]


def test_a_randomized_slider_draws_its_value_on_each_page_load_as_gradio_does() -> None:
    # gradio/components/slider.py:82-83: randomize=True makes the value a load-time function,
    # so the config has a load dependency named after it.
    with gr.Blocks() as demo:
        slider = gr.Slider(10, 23.2, step=0.1, randomize=True)
        gr.Slider(0, 5, value=3)
    (dep,) = _deps(demo)
    assert dep["targets"] == [[None, "load"]] and dep["outputs"] == [slider.id]
    assert dep["api_name"] == "get_random_value" and dep["show_progress"] == "full"
    drawn = {slider.get_random_value() for _ in range(200)}
    assert all(10 <= v <= 23.2 and round(v, 1) == v for v in drawn) and len(drawn) > 50


def test_datetime_and_multimodal_textbox_stand_ins_are_grouped_in_a_form_as_gradio_does() -> None:
    # In Gradio 4.44.1 both subclass FormComponent: a run of them shares one Form.
    with gr.Blocks() as demo:
        gr.Textbox()
        _stand_in("DateTime")()
        _stand_in("MultimodalTextbox")()
        _stand_in("Gallery")()
    types = dict(tuple(c) for c in ([c["id"], c["type"]] for c in demo.get_config()["components"]))
    (form,) = [i for i, t in types.items() if t == "form"]
    layout = demo.get_config()["layout"]["children"]
    assert [child["id"] for child in layout] == [form, 4]
    assert [types[c["id"]] for c in layout[0]["children"]] == ["textbox", "datetime", "multimodaltextbox"]
