"""What the browser holds -- and submits -- for a component nobody has touched.

Gradio's server leaves a ``value`` of None out of ``/config`` (``utils.delete_none`` on the
props), and each Svelte component then starts from its own default for ``value``, which the
page binds back and sends as the component's input (``js/core/src/init.ts`` ``get_data``
reads ``props.value``). A default the component leaves ``undefined`` goes over the wire as
``null`` (``JSON.stringify`` of an array). So an untouched value is: the config's value when
there is one, else the component's Svelte default.

The defaults below are those of Gradio 4.44.1's frontend, read at tag ``gradio@4.44.1`` of
the gradio repository (paths under ``js/``, ``Index.svelte`` line numbers) and, where marked
*recorded*, checked against what headless Chromium sent from the real page (the probe app
and its output are described in ``tests/test_browser_values.py``).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = [
    "BROWSER_DEFAULTS",
    "NULL_REPLACED",
    "as_js",
    "null_replacement",
    "null_replacement_for",
    "quiet_when",
    "quiet_when_for",
    "untouched_from_config",
    "untouched_value",
]

_EMPTY_EDITOR = {"background": None, "layers": [], "composite": None}

#: Gradio component class name -> the value its Svelte component starts from when the
#: config carries none. Subclasses (and stand-ins, which carry Gradio's class name) find
#: their entry through the class's MRO.
BROWSER_DEFAULTS: dict[str, Any] = {
    "Textbox": "",  # js/textbox/Index.svelte:29 `value = ""` (recorded)
    "Number": 0,  # js/number/Index.svelte:24 `value = 0` (recorded)
    "Slider": 0,  # js/slider/Index.svelte:21 `value = 0` (the config always has the minimum; recorded)
    "Checkbox": False,  # js/checkbox/Index.svelte:17 `value = false` (recorded)
    "CheckboxGroup": [],  # js/checkboxgroup/Index.svelte:18 `value = []` (recorded)
    "Dropdown": None,  # js/dropdown/Index.svelte:20 `undefined` -> null (recorded, with choices too)
    "Radio": None,  # js/radio/Index.svelte:26 `value = null` (recorded, with choices too)
    "Button": None,  # js/button/Index.svelte:14 no default; the config carries the label
    "Markdown": "",  # js/markdown/Index.svelte:19 `value = ""` (recorded)
    "HTML": "",  # js/html/Index.svelte:13 `value = ""` (recorded)
    "JSON": None,  # js/json/Index.svelte:17 no default -> null (recorded)
    "Label": {},  # js/label/Index.svelte:22; Gradio's config carries {} (recorded)
    "Image": None,  # js/image/Index.svelte:29 `value = null` (recorded)
    "File": None,  # js/file/Index.svelte:23 no default -> null (recorded)
    "Chatbot": [],  # js/chatbot/Index.svelte:21 `value = []` (recorded)
    # js/dataframe/Index.svelte:18; the config carries the same (recorded)
    "Dataframe": {"headers": ["1", "2", "3"], "data": [["", "", ""]], "metadata": None},
    "Timer": 1,  # js/timer/Index.svelte:7 `value = 1` (recorded)
    "State": None,  # no Svelte component (js/state/Index.svelte is empty): the config's value
    # Stand-ins: Gradio components blockspec passes through as JSON.
    "ColorPicker": None,  # js/colorpicker/Index.svelte:21 no default -> null (recorded)
    "Code": "",  # js/code/Index.svelte:28 `value = ""` (recorded)
    "DateTime": "",  # js/datetime/Index.svelte:20 `value = ""` (recorded)
    "Audio": None,  # js/audio/Index.svelte:21 `value = null` (recorded)
    "Video": None,  # js/video/Index.svelte:16 `value = null` (recorded)
    "Gallery": [],  # gradio/components/gallery.py postprocess(None) is [] in the config (recorded)
    "HighlightedText": None,  # js/highlightedtext/Index.svelte:24 no default -> null (recorded)
    "AnnotatedImage": None,  # js/annotatedimage/Index.svelte:15 `= null` (recorded)
    "Plot": None,  # js/plot/Index.svelte:17 `value = null` (recorded)
    "BarPlot": None,  # js/nativeplot/Index.svelte:21 no default -> null
    "LinePlot": None,  # js/nativeplot/Index.svelte:21
    "ScatterPlot": None,  # js/nativeplot/Index.svelte:21
    "Model3D": None,  # js/model3D/Index.svelte:21 `value = null` (recorded)
    "MultimodalTextbox": {"text": "", "files": []},  # js/multimodaltextbox/Index.svelte:29 (recorded)
    # js/imageeditor/Index.svelte:21 starts from an empty editor; the real page's get_value
    # (:78) uploads a blank canvas as three PNGs. blockspec sends the empty editor itself.
    "ImageEditor": _EMPTY_EDITOR,
    "Sketchpad": _EMPTY_EDITOR,
    "Paint": _EMPTY_EDITOR,
    "ImageMask": _EMPTY_EDITOR,
    "DownloadButton": None,  # js/downloadbutton/Index.svelte:14 no default -> null (recorded)
    "UploadButton": None,  # js/uploadbutton/Index.svelte:14 no default -> null (recorded)
    "FileExplorer": None,  # js/fileexplorer/Index.svelte:19 no default -> null
    "ParamViewer": {},  # gradio/components/paramviewer.py: the config carries {}
    "Dataset": None,  # js/dataset/Index.svelte:22 `value = null`
    "DuplicateButton": "Duplicate Space",  # gradio/components/duplicate_button.py:27 (config)
    "LoginButton": "Sign in with Hugging Face",  # gradio/components/login_button.py:30 (config)
    "LogoutButton": "Logout",  # gradio/components/logout_button.py:29 (config)
}


#: Components whose Svelte code replaces a null value the moment it arrives (an output of
#: None, a ClearButton): the tab then holds -- and later submits -- the replacement.
NULL_REPLACED: dict[str, Any] = {
    "Textbox": "",  # js/textbox/shared/Textbox.svelte:40 `if (value === null) value = ""`
    "MultimodalTextbox": {"text": "", "files": []},  # js/multimodaltextbox/shared/MultimodalTextbox.svelte:72
}


def null_replacement(block: Any) -> tuple[bool, Any]:
    """``(True, replacement)`` if ``block``'s browser component replaces a null value."""
    for cls in type(block).__mro__:
        if cls.__name__ in NULL_REPLACED:
            return True, NULL_REPLACED[cls.__name__]
    return False, None


def _empty_editor(value: Any) -> bool:
    return not (isinstance(value, dict) and (value.get("background") or value.get("layers") or value.get("composite")))


#: Components whose page dispatches no ``change`` for some values: the predicate says when.
_QUIET_WHEN: dict[str, Any] = {
    # js/imageeditor/Index.svelte:102-110: change only once there is an image in the editor.
    "ImageEditor": _empty_editor,
    "Sketchpad": _empty_editor,
    "Paint": _empty_editor,
    "ImageMask": _empty_editor,
}


def quiet_when(block: Any) -> Any:
    """A predicate: values for which ``block``'s page fires no ``change`` (None: always fires)."""
    for cls in type(block).__mro__:
        if cls.__name__ in _QUIET_WHEN:
            return _QUIET_WHEN[cls.__name__]
    return None


def as_js(value: Any) -> Any:
    """``value`` as it comes back from the page: JavaScript has one number type, so a float
    with no fraction is sent back as an integer (``JSON.stringify(9.0)`` is ``"9"``) and a
    NaN or infinity as null, and a tuple is an array. A Slider configured with 9.0 is
    submitted as 9. A value with nothing to change is returned as it is (no copy: this runs
    on every output)."""
    if isinstance(value, (str, bool, int)) or value is None:
        return value
    if isinstance(value, float):  # numpy's float64 too
        if value != value or value in (_INF, -_INF):
            return None
        return int(value) if value.is_integer() else float(value)
    if isinstance(value, tuple):  # an array in JSON, a list in the page
        return [as_js(item) for item in value]
    if isinstance(value, list):
        out: Any = None
        for i, item in enumerate(value):
            new = as_js(item)
            if new is not item:
                if out is None:
                    out = list(value)
                out[i] = new
        return value if out is None else out
    if isinstance(value, dict):
        out = None
        for key, item in value.items():
            new = as_js(item)
            if new is not item:
                if out is None:
                    out = dict(value)
                out[key] = new
        return value if out is None else out
    return value


_INF = float("inf")


def _json_copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


def _is_json(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


def untouched_value(block: Any) -> Any:
    """The value the browser submits for ``block`` before anyone edits it (JSON)."""
    from .._components._special import State

    if isinstance(block, State):
        # Gradio's config carries a State's start value and the page sends it back until an
        # output replaces it with null (the server keeps the state; recorded: State(0) sends
        # 0). A value that is not JSON (or a callable) is not sent: null.
        value = getattr(block, "value", None)
        return as_js(_json_copy(value)) if not callable(value) and _is_json(value) else None
    value = block.initial_value()
    if value is not None:
        return as_js(value)
    for cls in type(block).__mro__:
        if cls.__name__ in BROWSER_DEFAULTS:
            return _json_copy(BROWSER_DEFAULTS[cls.__name__])
    return None


def _by_type(table: dict[str, Any], type_name: str) -> tuple[bool, Any]:
    # Config types are the class names in lower case ("textbox", "multimodaltextbox").
    for name, value in table.items():
        if name.lower() == type_name:
            return True, value
    return False, None


def untouched_from_config(type_name: str, props: dict[str, Any]) -> Any:
    """As :func:`untouched_value`, for a component known only by its config entry (one a
    ``gr.render`` run sent): the config's value, else the Svelte default of its type."""
    value = props.get("value")
    if value is not None or type_name == "state":
        return as_js(_json_copy(value))
    found, default = _by_type(BROWSER_DEFAULTS, type_name)
    return _json_copy(default) if found else None


def null_replacement_for(type_name: str) -> tuple[bool, Any]:
    """As :func:`null_replacement`, by the config's type name."""
    return _by_type(NULL_REPLACED, type_name)


def quiet_when_for(type_name: str) -> Any:
    """As :func:`quiet_when`, by the config's type name."""
    return _by_type(_QUIET_WHEN, type_name)[1]
