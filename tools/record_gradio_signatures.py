"""Record the constructor signatures of Gradio 4.44.1's components and theme classes.

Run it with the interpreter that has the real Gradio 4.44.1, from the repo root:

    GRADIO_ANALYTICS_ENABLED=False /work/venvs/g444/bin/python tools/record_gradio_signatures.py

It writes ``tests/fixtures/gradio-4.44.1/signatures/components.json``: for each class, its parameters in
order (``inspect.signature``), each with its kind and, where the default is a plain literal,
the default's ``repr`` (otherwise ``"<object>"``, and ``null`` when there is none).
``tests/test_standin_signatures.py`` checks blockspec's classes against it.
"""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "gradio-4.44.1" / "signatures" / "components.json"

#: Names looked up on the ``gradio`` module.
COMPONENTS = (
    "AnnotatedImage Audio BarPlot Button Chatbot Checkbox CheckboxGroup ClearButton Code ColorPicker "
    "Dataframe Dataset DateTime DownloadButton Dropdown DuplicateButton File FileExplorer Gallery HTML "
    "HighlightedText Image ImageEditor JSON Label LinePlot LoginButton LogoutButton Markdown Model3D "
    "MultimodalTextbox Number ParamViewer Plot Radio ScatterPlot Slider State Textbox Timer UploadButton "
    "Video Microphone PlayableVideo Sketchpad Paint ImageMask"
).split()
#: Names looked up on ``gradio.themes``; ``Base.set`` is recorded as ``Base.set``.
THEMES = "Base Default Soft Monochrome Glass Color Size Font GoogleFont".split()

_LITERALS = (type(None), bool, int, float, str)


def _default(value: object) -> str | None:
    if value is inspect.Parameter.empty:
        return None

    def plain(v: object) -> bool:
        if isinstance(v, (tuple, list)):
            return all(plain(x) for x in v)
        if isinstance(v, dict):
            return all(isinstance(k, str) and plain(x) for k, x in v.items())
        return isinstance(v, _LITERALS)

    return repr(value) if plain(value) else "<object>"


def signature(fn: object, *, skip_self: bool = False) -> list[dict[str, object]]:
    params = list(inspect.signature(fn).parameters.values())
    if skip_self:
        params = params[1:]
    return [{"name": p.name, "kind": p.kind.name, "default": _default(p.default)} for p in params]


def main() -> None:
    import gradio as gr

    out: dict[str, object] = {"gradio": gr.__version__, "components": {}, "themes": {}}
    for name in COMPONENTS:
        out["components"][name] = signature(getattr(gr, name))  # type: ignore[index]
    for name in THEMES:
        out["themes"][name] = signature(getattr(gr.themes, name))  # type: ignore[index]
    out["themes"]["Base.set"] = signature(gr.themes.Base.set, skip_self=True)  # type: ignore[index]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # one class per line: a re-recording's diff shows the classes that changed
    lines = ["{", f' "gradio": {json.dumps(out["gradio"])},']
    for group in ("components", "themes"):
        entries = [f"  {json.dumps(name)}: {json.dumps(params)}" for name, params in sorted(out[group].items())]
        lines += [f' "{group}": {{', ",\n".join(entries), " }" + ("," if group == "components" else "")]
    OUT.write_text("\n".join([*lines, "}"]) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(COMPONENTS)} components, {len(THEMES) + 1} theme signatures)")


if __name__ == "__main__":
    sys.exit(main())
