"""Components whose value is a string: Textbox, Markdown, HTML."""

from __future__ import annotations

import inspect
from typing import Any

from .._block import ELEM_CLASSES, ELEM_ID, KEY, RENDER, VISIBLE, Param
from ._base import (
    CONTAINER,
    EVERY,
    INFO,
    INPUTS,
    INTERACTIVE,
    LABEL,
    MIN_WIDTH,
    SCALE,
    SHOW_LABEL,
    Component,
    FormComponent,
)

__all__ = ["Textbox", "Markdown", "HTML"]


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


class Textbox(FormComponent):
    """A single- or multi-line text input or output."""

    TYPE = "textbox"
    EVENTS = ("change", "input", "select", "submit", "focus", "blur")
    PARAMS = (
        Param("value", None, kw_only=False),
        Param("lines", 1),
        Param("max_lines", 20),
        Param("placeholder", None),
        LABEL,
        INFO,
        EVERY,
        INPUTS,
        SHOW_LABEL,
        CONTAINER,
        SCALE,
        MIN_WIDTH,
        INTERACTIVE,
        VISIBLE,
        ELEM_ID,
        Param("autofocus", False),
        Param("autoscroll", True),
        ELEM_CLASSES,
        RENDER,
        KEY,
        Param("type", "text"),
        Param("text_align", None),
        Param("rtl", False),
        Param("show_copy_button", False),
        Param("max_length", None),
    )
    API_INFO = {"type": "string"}
    EXAMPLE = "Hello!!"

    def _check_params(self) -> None:
        self._require_one_of("type", ("text", "password", "email"))
        self._require_number("lines", positive=True, allow_none=False)

    def preprocess(self, payload: Any) -> str | None:
        return _text_or_none(payload)

    def postprocess(self, value: Any) -> str | None:
        return _text_or_none(value)


class Markdown(Component):
    """Rendered Markdown text (an output, usually)."""

    TYPE = "markdown"
    EVENTS = ("change",)
    PARAMS = (
        Param("value", None, kw_only=False),
        LABEL,
        EVERY,
        INPUTS,
        SHOW_LABEL,
        Param("rtl", False),
        Param("latex_delimiters", None),
        VISIBLE,
        ELEM_ID,
        ELEM_CLASSES,
        RENDER,
        KEY,
        Param("sanitize_html", True),
        Param("line_breaks", False),
        Param("header_links", False),
        Param("height", None),
        Param("show_copy_button", False),
        INTERACTIVE,
    )
    API_INFO = {"type": "string"}
    EXAMPLE = "# Hello!"

    def preprocess(self, payload: Any) -> str | None:
        return _text_or_none(payload)

    def postprocess(self, value: Any) -> str | None:
        # Markdown written as an indented triple-quoted string renders as intended.
        return None if value is None else inspect.cleandoc(str(value))


class HTML(Component):
    """Raw HTML (an output, usually)."""

    TYPE = "html"
    EVENTS = ("change",)
    PARAMS = (
        Param("value", None, kw_only=False),
        LABEL,
        EVERY,
        INPUTS,
        Param("show_label", False),
        VISIBLE,
        ELEM_ID,
        ELEM_CLASSES,
        RENDER,
        KEY,
        INTERACTIVE,
    )
    API_INFO = {"type": "string"}
    EXAMPLE = "<p>Hello</p>"

    def preprocess(self, payload: Any) -> str | None:
        return _text_or_none(payload)

    def postprocess(self, value: Any) -> str | None:
        return _text_or_none(value)
