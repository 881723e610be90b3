"""The event data Gradio 4.44.1's page sends with ``select``, ``like``, ``key_up`` and ``delete``.

Each component dispatches its own ``select`` shape (paths under ``js/`` at tag
``gradio@4.44.1``; *recorded*: also checked against headless Chromium on the real page):

* Textbox, MultimodalTextbox: ``{value: the selected text, index: [start, end]}``
  (textbox/shared/Textbox.svelte:102, recorded; multimodaltextbox/shared/MultimodalTextbox.svelte:125)
* Radio: ``{value, index}`` (radio/Index.svelte:70, recorded)
* Checkbox: ``{index: 0, value: checked, selected: checked}`` (checkbox/shared/Checkbox.svelte:24, recorded)
* CheckboxGroup: ``{index, value, selected}`` (checkboxgroup/Index.svelte:72, recorded)
* Dropdown: ``{index, value, selected: true}`` (dropdown/shared/Dropdown.svelte:75, recorded);
  multiselect: ``{index, value, selected}`` (dropdown/shared/Multiselect.svelte:111,124)
* Chatbot: ``{index, value: the message content}`` (chatbot/shared/ChatBot.svelte:190, recorded)
* Dataframe: ``{index: [row, col], value, row_value}`` (dataframe/shared/Table.svelte:68)
* Gallery: ``{index, value: the item}`` (gallery/shared/Gallery.svelte:131)
* Label: ``{index, value: the label}`` (label/shared/Label.svelte:40)
* Image: ``{index: [x, y], value: null}`` (image/shared/ImagePreview.svelte:33)
* File: ``{value: orig_name, index}`` (file/shared/FilePreview.svelte:47)
* HighlightedText: ``{index, value: [token, class]}`` (highlightedtext/shared/StaticHighlightedtext.svelte:115)
* AnnotatedImage: ``{value: label, index}`` (annotatedimage/Index.svelte:127)
* Tabs / Tab: ``{value: the tab's label, index}`` (tabs/shared/Tabs.svelte:115)
* BarPlot, LinePlot, ScatterPlot: ``{value: range, index: range, selected: true}`` (nativeplot/Index.svelte:190)
* Dataset: ``{index, value: the sample row}`` (dataset/Index.svelte:156)

``like`` (chatbot/shared/ChatBot.svelte:202,216, both recorded): ``{index, value, liked}``; a tuples chatbot
names one message (``index = [pair, 0 | 1]``), a messages chatbot the group of consecutive
messages of one role (``index = [first, last]``, ``value`` = their contents).

``key_up`` (dropdown/shared/Dropdown.svelte:226): ``{key, input_value}`` where ``input_value``
is the text in the box (a choice's *name*); a multiselect Dropdown sends no data at all
(dropdown/Index.svelte:78 dispatches ``key_up`` without a detail; recorded).

``delete`` (file/shared/FilePreview.svelte:55): the removed file's FileData.

Gradio 4.44.1 has no other event data (``gradio/events.py``: ``SelectData``, ``KeyUpData``,
``LikeData``, ``DeletedFileData``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["UNSET", "select_data", "like_data", "key_up_data", "gradio_name"]


class _Unset:
    """Not given (None is a value a page can send)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
_UNSET = UNSET


def gradio_name(block: Any) -> str:
    """The Gradio class ``block`` is, or stands in for (the first known name in its MRO)."""
    for cls in type(block).__mro__:
        if cls.__name__ in _KINDS:
            return cls.__name__
    return type(block).__name__


def _choice_values(block: Any) -> list[Any]:
    return list(getattr(block, "choice_values", None) or [])


def _choice_names(block: Any) -> list[Any]:
    return [label for label, _ in getattr(block, "_pairs", [])]


def _pick(block: Any, index: Any, value: Any) -> tuple[Any, Any]:
    """(index, value) of a choice, either given, the other found among the choices."""
    values = _choice_values(block)
    if value is _UNSET:
        index = 0 if index is None else index
        value = values[index] if isinstance(index, int) and 0 <= index < len(values) else None
    elif index is None:
        index = values.index(value) if value in values else -1
    return index, value


def _at(sequence: Any, *path: Any) -> Any:
    """``sequence[path[0]][path[1]]...``, or None where there is nothing there."""
    current = sequence
    for step in path:
        try:
            current = current[step]
        except (IndexError, KeyError, TypeError):
            return None
    return current


def select_data(
    block: Any, held: Any, *, index: Any = None, value: Any = _UNSET, selected: Any = None
) -> dict[str, Any]:
    """What the page sends when the user selects in ``block`` (holding ``held``).

    Give ``index`` (and ``value`` for components whose items the client cannot see, such as
    a Dataset); what is missing is read from the component as the page would.
    """
    kind = gradio_name(block)
    if kind in ("Textbox", "MultimodalTextbox"):
        text = held.get("text", "") if isinstance(held, dict) else (held or "")
        start, end = (0, len(text)) if index is None else index
        return {"value": text[start:end] if value is _UNSET else value, "index": [start, end]}
    if kind == "Radio":
        index, value = _pick(block, index, value)
        return {"value": value, "index": index}
    if kind == "Checkbox":
        checked = (not bool(held)) if selected is None else bool(selected)
        return {"index": 0, "value": checked if value is _UNSET else value, "selected": checked}
    if kind == "CheckboxGroup" or (kind == "Dropdown" and getattr(block, "multiselect", False)):
        index, value = _pick(block, index, value)
        if selected is None:
            selected = value not in (held or [])  # a click toggles the choice
        return {"index": index, "value": value, "selected": bool(selected)}
    if kind == "Dropdown":
        index, value = _pick(block, index, value)
        return {"index": index, "value": value, "selected": True}
    if kind == "Chatbot":
        if index is None:
            index = 0 if getattr(block, "type", "tuples") == "messages" else [0, 0]
        if value is _UNSET:
            value = _at(held, index, "content") if isinstance(index, int) else _at(held, *index)
        return {"index": index, "value": value}
    if kind == "Dataframe":
        row, col = (0, 0) if index is None else index
        rows = held.get("data") if isinstance(held, dict) else held
        return {
            "index": [row, col],
            "value": _at(rows, row, col) if value is _UNSET else value,
            "row_value": _at(rows, row),
        }
    if kind == "Image":
        return {"index": [0, 0] if index is None else index, "value": None if value is _UNSET else value}
    if kind == "File":
        index = 0 if index is None else index
        files = held if isinstance(held, list) else [held]
        return {"value": _at(files, index, "orig_name") if value is _UNSET else value, "index": index}
    if kind in ("Tabs", "Tab"):
        if value is _UNSET:
            value = getattr(block, "label", None)
        return {"value": value, "index": 0 if index is None else index}
    if kind in _PLOTS:
        # A plot selects a range of x (the index), which is also its value; by default the
        # whole extent of the x column it holds.
        index = _plot_range(block, held) if index is None else index
        return {"value": index if value is _UNSET else value, "index": index, "selected": True}
    index = 0 if index is None else index
    if value is _UNSET:
        item = _ITEM_VALUE.get(kind)
        value = item(held, index) if item is not None else None
    data = {"index": index, "value": value}
    if selected is not None and kind not in _KINDS:
        data["selected"] = bool(selected)
    return data


def _highlighted(held: Any, i: Any) -> Any:
    if _at(held, i) is None:
        return None
    return [_at(held, i, "token"), _at(held, i, "class_or_confidence")]


def _plot_range(block: Any, held: Any) -> list[Any]:
    """The x extent of a native plot's data, as its brush reports it: x units, and seconds for
    a datetime column (nativeplot/Index.svelte:186-189 divides the chart's milliseconds)."""
    if not isinstance(held, dict) or getattr(block, "x", None) not in (held.get("columns") or []):
        return [0, 0]
    column = held["columns"].index(block.x)
    xs = [row[column] for row in held.get("data") or [] if isinstance(row, list) and len(row) > column]
    xs = [x for x in xs if isinstance(x, (int, float)) and not isinstance(x, bool)]
    if not xs:
        return [0, 0]
    low, high = min(xs), max(xs)
    if (held.get("datatypes") or {}).get(block.x) == "temporal":
        return [low / 1000, high / 1000]
    return [low, high]


#: How the page finds the value of item ``i`` in what a component holds.
_ITEM_VALUE: dict[str, Any] = {
    "Gallery": lambda held, i: _at(held, i),
    "Label": lambda held, i: _at(held, "confidences", i, "label"),
    "HighlightedText": _highlighted,
    "AnnotatedImage": lambda held, i: _at(held, "annotations", i, "label"),
}
_PLOTS = ("BarPlot", "LinePlot", "ScatterPlot")
_KINDS = (
    "Textbox",
    "MultimodalTextbox",
    "Radio",
    "Checkbox",
    "CheckboxGroup",
    "Dropdown",
    "Chatbot",
    "Dataframe",
    "Image",
    "File",
    "Tabs",
    "Tab",
    "Dataset",
    *_ITEM_VALUE,
    *_PLOTS,
)


def like_data(block: Any, held: Any, *, index: Any, value: Any = _UNSET, liked: bool = True) -> dict[str, Any]:
    """What the page sends when the user likes (or dislikes) a chatbot message."""
    if getattr(block, "type", "tuples") == "messages" and isinstance(held, list):
        if isinstance(index, int):
            # The page groups consecutive messages of one role and likes the whole group.
            role = _at(held, index, "role")
            first = last = index
            while first > 0 and _at(held, first - 1, "role") == role:
                first -= 1
            while last + 1 < len(held) and _at(held, last + 1, "role") == role:
                last += 1
            index = [first, last]
        if value is _UNSET:
            first, last = index
            value = [_at(held, i, "content") for i in range(first, last + 1)]
        return {"index": list(index), "value": value, "liked": bool(liked)}
    if value is _UNSET:
        value = _at(held, *index) if isinstance(index, (list, tuple)) else None
    return {"index": list(index) if isinstance(index, tuple) else index, "value": value, "liked": bool(liked)}


def key_up_data(block: Any, held: Any, key: str, *, input_value: Any = _UNSET) -> dict[str, Any] | None:
    """What the page sends when a key is released in ``block``'s text box (None: nothing)."""
    if gradio_name(block) == "Dropdown":
        if getattr(block, "multiselect", False):
            return None
        if input_value is _UNSET:
            values, names = _choice_values(block), _choice_names(block)
            if held in values:
                input_value = names[values.index(held)]
            else:
                input_value = held if getattr(block, "allow_custom_value", False) and held is not None else ""
    elif input_value is _UNSET:
        input_value = held
    return {"key": key, "input_value": input_value}
