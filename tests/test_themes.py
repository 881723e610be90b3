"""gradio.themes as plain data: Gradio 4.44.1's constructors, shortcuts, submodules and names."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

import blockspec as gr
from blockspec import DefinitionError, NotAvailableError
from blockspec._loading import load_app

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "gradio-4.44.1" / "signatures" / "components.json"
RECORDED = json.loads(FIXTURE.read_text(encoding="utf-8"))["themes"]


@pytest.mark.parametrize("name", sorted(n for n in RECORDED if n != "Base.set"))
def test_theme_classes_take_gradios_parameters_in_its_order(name: str) -> None:
    ours = [(p.name, p.kind.name) for p in inspect.signature(getattr(gr.themes, name)).parameters.values()]
    assert ours == [(p["name"], p["kind"]) for p in RECORDED[name]]


def test_set_takes_theme_variables_by_keyword_only() -> None:
    # Gradio's set() has one keyword-only parameter per theme variable; blockspec keeps any.
    assert all(p["kind"] == "KEYWORD_ONLY" for p in RECORDED["Base.set"])
    theme = gr.themes.Base()
    assert theme.set(button_primary_background_fill="*primary_200") is theme
    assert theme.overrides == {"button_primary_background_fill": "*primary_200"}
    with pytest.raises(TypeError):
        theme.set("*primary_200")  # type: ignore[misc]


def test_hues_and_sizes_by_name_resolve_and_unknown_names_say_what_exists() -> None:
    theme = gr.themes.Soft(primary_hue="green", text_size="sm", spacing_size=gr.themes.sizes.spacing_lg)
    assert (theme.name, theme.primary_hue, theme.text_size.name) == ("soft", gr.themes.colors.green, "text_sm")
    assert theme.spacing_size is gr.themes.sizes.spacing_lg
    with pytest.raises(DefinitionError, match=r"Base\(primary_hue\)='grenn'.*green"):
        gr.themes.Base(primary_hue="grenn")
    with pytest.raises(DefinitionError, match=r"Default\(radius_size\)='huge'.*none, sm, md, lg"):
        gr.themes.Default(radius_size="huge")
    with pytest.raises(TypeError):
        gr.themes.Base("green")  # type: ignore[misc]  # keyword-only, as in Gradio


def test_colors_sizes_and_fonts_keep_their_data() -> None:
    shades = [f"#{i:06x}" for i in range(11)]
    hue = gr.themes.Color(*shades, name="mine")
    size = gr.themes.Size("1px", "2px", "3px", "4px", "5px", "6px", "7px", name="steps")
    font = gr.themes.GoogleFont("Inconsolata", weights=(300, 700))
    assert (hue.c50, hue.c950, hue.expand(), hue.name) == ("#000000", "#00000a", shades, "mine")
    assert (size.xxs, size.xxl, size.name) == ("1px", "7px", "steps")
    assert (str(font), font.weights) == ("Inconsolata", (300, 700))
    theme = gr.themes.Base(primary_hue=hue, font=[font, "Arial"], font_mono=font)
    assert theme.primary_hue is hue and theme.font == [font, "Arial"] and theme.font_mono == [font]


def test_a_theme_class_app_imports_from_the_submodules_and_the_config_names_it(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text(
        "import gradio as gr\n"
        "from gradio.themes.base import Base\n"
        "from gradio.themes.utils import colors, fonts, sizes\n"
        "class Seafoam(Base):\n"
        "    def __init__(self, *, primary_hue=colors.emerald, font=(fonts.GoogleFont('Quicksand'), 'sans-serif')):\n"
        "        super().__init__(primary_hue=primary_hue, font=font, radius_size=sizes.radius_sm)\n"
        "        super().set(button_primary_background_fill='*primary_300')\n"
        "with gr.Blocks(theme=Seafoam()) as demo:\n"
        "    gr.Textbox()\n",
        encoding="utf-8",
    )
    demo = load_app(app).app
    # gradio/themes/base.py: Base names itself "base"; the subclass does not rename it
    assert demo.get_config()["theme"] == "base"
    with gr.Blocks(theme=gr.themes.Monochrome()) as mono:
        pass
    assert mono.get_config()["theme"] == "monochrome"


def test_what_needs_the_network_or_gradios_own_app_says_so() -> None:
    with pytest.raises(NotAvailableError, match="needs the network"):
        gr.themes.Base.from_hub("gradio/seafoam")
    with pytest.raises(NotAvailableError, match="theme-builder"):
        gr.themes.builder()
    assert not hasattr(gr.themes, "Citrus")  # a Gradio 5 theme, not 4.44.1's
