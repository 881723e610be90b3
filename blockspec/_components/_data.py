"""Components for structured data: JSON, Label, Dataframe, Chatbot.

All of them work on plain Python data (dicts, lists); pandas is used only when an app asks
for ``Dataframe(type="pandas")`` and has it installed.
"""

from __future__ import annotations

import json
from typing import Any

from .._block import ELEM_CLASSES, ELEM_ID, KEY, RENDER, VISIBLE, Param
from .._errors import Error
from ._base import (
    CONTAINER,
    EVERY,
    INPUTS,
    INTERACTIVE,
    LABEL,
    MIN_WIDTH,
    SCALE,
    SHOW_LABEL,
    Component,
)

__all__ = ["JSON", "Label", "Dataframe", "Chatbot"]

_DISPLAY_TAIL = (
    LABEL,
    EVERY,
    INPUTS,
    SHOW_LABEL,
    CONTAINER,
    SCALE,
    MIN_WIDTH,
    VISIBLE,
    ELEM_ID,
    ELEM_CLASSES,
    RENDER,
    KEY,
)


class JSON(Component):
    """Any JSON value, shown as a tree. A string returned by the function is parsed."""

    TYPE = "json"
    EVENTS = ("change",)
    PARAMS = (
        Param("value", None, kw_only=False),
        *_DISPLAY_TAIL,
        Param("open", False),
        Param("show_indices", False),
        Param("height", None),
        INTERACTIVE,
    )
    API_INFO = {"type": {}, "description": "any valid json"}
    EXAMPLE = {"foo": "bar"}

    def postprocess(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise Error(f"JSON output is a string that is not valid JSON: {value[:80]!r}") from None
        return value


class Label(Component):
    """A classification result: a label, or confidences per label (top ones shown)."""

    TYPE = "label"
    EVENTS = ("change", "select")
    PARAMS = (
        Param("value", None, kw_only=False),
        Param("num_top_classes", None),
        *_DISPLAY_TAIL,
        Param("color", None),
        INTERACTIVE,
    )
    API_INFO = {
        "type": "object",
        "properties": {
            "label": {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}]},
            "confidences": {"anyOf": [{"type": "array"}, {"type": "null"}]},
        },
    }
    EXAMPLE = {
        "label": "Cat",
        "confidences": [{"label": "cat", "confidence": 0.9}, {"label": "dog", "confidence": 0.1}],
    }

    def postprocess(self, value: Any) -> Any:
        if value is None or value == {}:
            return {}
        if (
            isinstance(value, dict)
            and ("confidences" in value or "label" in value)
            and not all(isinstance(v, (int, float)) for v in value.values())
        ):
            return value
        if isinstance(value, dict):
            ranked = sorted(value.items(), key=lambda kv: (-float(kv[1]), str(kv[0])))
            if self.num_top_classes is not None:
                ranked = ranked[: self.num_top_classes]
            return {
                "label": ranked[0][0] if ranked else None,
                "confidences": [{"label": k, "confidence": float(v)} for k, v in ranked],
            }
        if isinstance(value, (str, int, float)):
            return {"label": str(value)}
        raise Error(f"Label expects a label or a dict of confidences, got {type(value).__name__}.")

    def preprocess(self, payload: Any) -> Any:
        if not payload:
            return None
        if payload.get("confidences"):
            return {c["label"]: c["confidence"] for c in payload["confidences"]}
        return payload.get("label")


class Dataframe(Component):
    """A table. The function sees a list of rows (``type="array"``) or a pandas DataFrame."""

    TYPE = "dataframe"
    EVENTS = ("change", "input", "select")
    PARAMS = (
        Param("value", None, kw_only=False),
        Param("headers", None),
        Param("row_count", (1, "dynamic")),
        Param("col_count", None),
        Param("datatype", "str"),
        Param("type", "pandas"),
        Param("latex_delimiters", None),
        LABEL,
        SHOW_LABEL,
        EVERY,
        INPUTS,
        Param("height", 500),
        SCALE,
        MIN_WIDTH,
        INTERACTIVE,
        VISIBLE,
        ELEM_ID,
        ELEM_CLASSES,
        RENDER,
        KEY,
        Param("wrap", False),
        Param("line_breaks", True),
        Param("column_widths", None),
    )
    API_INFO = {
        "type": "object",
        "properties": {
            "headers": {"type": "array", "items": {"type": "string"}},
            "data": {"type": "array", "items": {"type": "array", "items": {}}},
            "metadata": {},
        },
    }
    EXAMPLE = {"headers": ["a", "b"], "data": [["foo", "bar"]]}

    def _check_params(self) -> None:
        self._require_one_of("type", ("pandas", "numpy", "array", "polars"))

    def _default_headers(self, width: int) -> list[str]:
        if self.headers:
            return [str(h) for h in self.headers]
        return [str(i + 1) for i in range(width)]

    def postprocess(self, value: Any) -> Any:
        if value is None:
            width = self.col_count[0] if isinstance(self.col_count, (tuple, list)) else (self.col_count or 3)
            return {"headers": self._default_headers(width), "data": [[""] * width], "metadata": None}
        if isinstance(value, dict) and "data" in value:
            rows = [list(r) for r in value["data"]]
            width = len(rows[0]) if rows else 0
            return {
                "headers": list(value.get("headers") or self._default_headers(width)),
                "data": rows,
                "metadata": value.get("metadata"),
            }
        if hasattr(value, "to_dict") and hasattr(value, "columns"):  # a pandas DataFrame
            return {
                "headers": [str(c) for c in value.columns],
                "data": value.values.tolist(),
                "metadata": None,
            }
        if isinstance(value, (list, tuple)):
            rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in value]
            width = len(rows[0]) if rows else 0
            return {"headers": self._default_headers(width), "data": rows, "metadata": None}
        raise Error(f"Dataframe expects rows (a list of lists) or a table dict, got {type(value).__name__}.")

    def preprocess(self, payload: Any) -> Any:
        if payload is None:
            return None
        rows = [list(r) for r in payload.get("data", [])]
        if self.type == "array":
            return rows
        if self.type == "pandas":
            try:
                import pandas
            except ImportError:
                raise Error(
                    "Dataframe(type='pandas') needs pandas installed; install it or use type='array'."
                ) from None
            return pandas.DataFrame(rows, columns=payload.get("headers"))
        raise Error(f"Dataframe(type={self.type!r}) is not supported by blockspec; use type='array'.")


class Chatbot(Component):
    """A conversation: ``type="tuples"`` ([user, bot] pairs) or ``"messages"`` (role/content dicts)."""

    TYPE = "chatbot"
    EVENTS = ("change", "select", "like")
    PARAMS = (
        Param("value", None, kw_only=False),
        Param("type", "tuples"),
        *_DISPLAY_TAIL,
        Param("height", None),
        Param("latex_delimiters", None),
        Param("rtl", False),
        Param("show_share_button", None),
        Param("show_copy_button", False),
        Param("avatar_images", None),
        Param("sanitize_html", True),
        Param("render_markdown", True),
        Param("bubble_full_width", True),
        Param("line_breaks", True),
        Param("likeable", False),
        Param("layout", None),
        Param("placeholder", None),
        Param("show_copy_all_button", False),
        INTERACTIVE,
    )
    API_INFO = {"type": "array", "items": {}}
    EXAMPLE = [["Hello!", None]]

    def _check_params(self) -> None:
        self._require_one_of("type", ("tuples", "messages"))

    def postprocess(self, value: Any) -> Any:
        if value is None:
            return []
        if not isinstance(value, (list, tuple)):
            raise Error(f"Chatbot expects a list of messages, got {type(value).__name__}.")
        from .._chat_message import content_json

        if self.type == "tuples":
            out = []
            for pair in value:
                if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                    raise Error(f"Chatbot(type='tuples') expects [user, bot] pairs, got {pair!r}.")
                out.append([content_json(pair[0]), content_json(pair[1])])
            return out
        from .._chat_message import ChatMessage, content_json, message_json

        out = []
        for message in value:
            if not isinstance(message, ChatMessage) and (
                not isinstance(message, dict) or "role" not in message or "content" not in message
            ):
                raise Error(
                    f"Chatbot(type='messages') expects {{'role', 'content'}} dicts or gr.ChatMessage, got {message!r}."
                )
            out.append(message_json(message, "Chatbot(type='messages')"))
        return out

    def preprocess(self, payload: Any) -> Any:
        from .._chat_message import content_value

        if payload is None:
            return []
        if self.type == "tuples":
            return [
                [content_value(pair[0]), content_value(pair[1])] if isinstance(pair, (list, tuple)) else pair
                for pair in payload
            ]
        return [
            {**message, "content": content_value(message.get("content"))} if isinstance(message, dict) else message
            for message in payload
        ]
