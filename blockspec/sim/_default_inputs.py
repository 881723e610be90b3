"""What the default scenario puts in an input: something a user could have entered.

An app without a scenario file is simulated by firing each of its events once
(:meth:`~blockspec.sim.Scenario.default_for`). Before each, the listener's inputs are given
values a person could have entered, so the app's functions receive inputs they can work
with: text in a Textbox, a number within a Slider's range and on its step, a choice for a
Radio or Dropdown, a real PNG for an Image, a file of an accepted type for a File. A
component the app gave a value (or a function for one) keeps it; a component with nothing
sensible to enter keeps what the browser holds untouched.
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from ..frontend._event_data import gradio_name
from ._samples import sample_for_file_types

__all__ = ["Entry", "default_entry", "edited_file", "edited_slider_value"]

_TEXT = "Hello!!"


@attrs.frozen(kw_only=True)
class Entry:
    """A value to put in a component, or a sample file (``file``) to put there."""

    value: Any = None
    file: str | None = None


def _on_grid(minimum: float, maximum: float, step: float | None) -> float | int:
    """The value nearest the middle of [minimum, maximum] on the step grid from minimum."""
    step = step or 1
    middle = minimum + step * math.floor((maximum - minimum) / 2 / step)
    value = min(max(middle, minimum), maximum)
    if all(float(x).is_integer() for x in (minimum, maximum, step)):
        return int(value)
    return round(value, 10)


def edited_slider_value(block: Any) -> float | int:
    """What a user's drag puts in a Slider that already holds a value: the middle of the
    range on its step, or an end when the middle is what it holds (an edit changes it).
    The middle, not an end, because apps tie sliders together (a "max" slider dragged to
    its minimum empties the range of what it bounds)."""
    middle = _on_grid(block.minimum, block.maximum, block.page_step)
    if middle != block.value:
        return middle
    return block.maximum if block.value != block.maximum else block.minimum


def _number(block: Any) -> float | int:
    low, high = getattr(block, "minimum", None), getattr(block, "maximum", None)
    if low is not None and high is not None:
        value: float = _on_grid(low, high, getattr(block, "step", 1))
    elif low is not None:
        value = max(3, low)
    elif high is not None:
        value = min(3, high)
    else:
        value = 3
    precision = getattr(block, "precision", None)
    if precision == 0:
        return int(round(value))
    return value


def _choice(block: Any, many: bool) -> Entry | None:
    values = list(getattr(block, "choice_values", None) or [])
    if not values:
        if getattr(block, "allow_custom_value", False):
            return Entry(value=[_TEXT] if many else _TEXT)
        return None
    return Entry(value=[values[0]] if many else values[0])


def edited_file(block: Any) -> str | None:
    """The sample file a user's upload puts in ``block`` (None: it does not take files).

    Asked even when the component holds a file of the app's own: a user editing it uploads
    another, so an edit event fires with a file that exists (an app's own value may name a
    file the app folder does not have, or a component's documentation example).
    """
    kind = gradio_name(block)
    if kind == "Image":
        return "sample.png"
    if kind == "File":
        return sample_for_file_types(getattr(block, "file_types", None))
    if kind in ("Audio", "Microphone", "Mic"):  # stand-ins: a short recording
        return "sample.wav"
    if kind == "UploadButton":  # a stand-in: its options are kept in `extra`
        return sample_for_file_types(getattr(block, "extra", {}).get("file_types"))
    return None


def default_entry(block: Any) -> Entry | None:
    """What to put in ``block`` before firing a listener that reads it (None: leave it)."""
    if block is None or getattr(block, "value_fn", None) is not None:
        return None  # the app computes it (on load)
    kind = gradio_name(block)
    if kind == "State":
        return None
    if kind == "Dataset":  # the page sets the clicked sample's index before firing click
        return Entry(value=0) if any(getattr(block, "raw_samples", None) or []) else None
    if getattr(block, "value", None) is not None and kind not in ("Slider",):
        return None  # the app's own starting value
    if kind == "Slider":
        if getattr(block, "value", None) is not None:
            return None
        return Entry(value=_on_grid(block.minimum, block.maximum, block.page_step))
    if kind == "Number":
        return Entry(value=_number(block))
    if kind == "Checkbox":
        return Entry(value=True)
    if kind in ("Radio", "CheckboxGroup", "Dropdown"):
        many = kind == "CheckboxGroup" or bool(getattr(block, "multiselect", False))
        return _choice(block, many)
    file = edited_file(block)
    if file is not None:
        return Entry(file=file)
    if kind in ("Textbox", "Markdown", "HTML", "Code"):
        return Entry(value=_TEXT)
    if kind == "MultimodalTextbox":
        return Entry(value={"text": _TEXT, "files": []})
    if kind == "ColorPicker":
        return Entry(value="#ff0000")
    if kind == "JSON":
        return Entry(value={"foo": "bar"})
    module = type(block).__module__  # public classes say "blockspec", as re-exported
    if module == "blockspec" or module.startswith("blockspec.") or not hasattr(block, "example_payload"):
        # A stand-in passes its value through unconverted, and blockspec's other components
        # start from a value their function can take: what the browser holds is kept.
        return None
    example = block.example_payload()  # a component of the app's own
    return None if example is None else Entry(value=example)
