"""Every component class blockspec offers, against Gradio 4.44.1's ``inspect.signature``.

The fixture is recorded from real Gradio by ``tools/record_gradio_signatures.py``. A stand-in
takes Gradio's positional parameters in Gradio's order (the rest by keyword, kept as given); a
modelled component has Gradio's parameters, kinds and literal defaults in Gradio's order, plus
only the keyword-only extras listed here.
"""

from __future__ import annotations

import inspect
import json
import warnings
from pathlib import Path

import pytest

from blockspec import BlockspecWarning
from blockspec._components._standins import StandIn
from blockspec.compat import as_gradio

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "gradio-4.44.1" / "signatures" / "components.json"
RECORDED = json.loads(FIXTURE.read_text(encoding="utf-8"))

#: Keyword-only parameters blockspec's classes take beyond Gradio's (each component has
#: ``interactive`` and ``label`` so that gr.update(...) and the reference frontend reach them).
EXTRAS = {
    "Button": {"label"},
    "ClearButton": {"label"},
    "Chatbot": {"interactive"},
    "File": {"info"},
    "HTML": {"interactive"},
    "Image": {"info"},
    "JSON": {"interactive"},
    "Label": {"interactive"},
    "Markdown": {"interactive"},
    "State": {"label", "elem_id", "visible", "interactive", "key"},
    "Timer": {"label", "elem_id", "visible", "interactive", "key"},
    "BarPlot": {"interactive"},
    "LinePlot": {"interactive"},
    "ScatterPlot": {"interactive"},
    "Plot": {"interactive"},
}


def _class(name: str) -> type:
    with as_gradio() as gradio, warnings.catch_warnings():
        warnings.simplefilter("ignore", BlockspecWarning)
        return getattr(gradio, name)


def _default(value: object) -> str | None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    try:
        from record_gradio_signatures import _default as recorded_form
    finally:
        sys.path.pop(0)
    return recorded_form(value)


def test_the_fixture_names_gradio_4_44_1_and_every_component() -> None:
    assert RECORDED["gradio"] == "4.44.1"
    assert len(RECORDED["components"]) >= 45


@pytest.mark.parametrize("name", sorted(RECORDED["components"]))
def test_a_class_takes_gradios_parameters(name: str) -> None:
    cls = _class(name)
    recorded = RECORDED["components"][name]
    gradio_positional = [p["name"] for p in recorded if p["kind"] == "POSITIONAL_OR_KEYWORD"]
    if issubclass(cls, StandIn):
        assert list(cls.POSITIONAL) == gradio_positional, f"gr.{name} stand-in's positional parameters"
        return
    ours = {p.name: p for p in inspect.signature(cls).parameters.values()}
    ours_in_gradio = [n for n in ours if n in {p["name"] for p in recorded}]
    assert ours_in_gradio == [p["name"] for p in recorded], f"gr.{name}: Gradio's parameters, in its order"
    for p in recorded:
        assert ours[p["name"]].kind.name == p["kind"], f"gr.{name}({p['name']}) kind"
        if p["default"] not in (None, "<object>"):
            assert _default(ours[p["name"]].default) == p["default"], f"gr.{name}({p['name']}) default"
    extras = set(ours) - {p["name"] for p in recorded}
    assert extras == EXTRAS.get(name, set()), f"gr.{name} takes parameters Gradio does not"
    assert all(ours[n].kind is inspect.Parameter.KEYWORD_ONLY for n in extras)


def test_a_stand_in_binds_positional_arguments_as_gradio_does() -> None:
    from blockspec import Blocks

    with Blocks():
        download = _class("DownloadButton")("Get it", "file.txt")
        code = _class("Code")("print(1)", "python")
    assert (download.label, download.value) == ("Get it", "file.txt")
    assert (code.value, code.extra) == ("print(1)", {"language": "python"})


def test_gr_load_fails_at_once_saying_it_needs_the_network(tmp_path: Path) -> None:
    from blockspec import NotAvailableError
    from blockspec._loading import load_app

    app = tmp_path / "app.py"
    app.write_text('import gradio as gr\ndemo = gr.load("models/gpt2")\n', encoding="utf-8")
    with pytest.raises(NotAvailableError, match="needs the network"):
        load_app(app)
