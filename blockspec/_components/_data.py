"""Components for structured data: JSON, Label, Dataframe, Chatbot.

All of them work on plain Python data (dicts, lists). Values from numpy, pandas and the
datetime module are converted as Gradio 4.44.1 converts them (``_jsonable``); pandas and numpy
are used only when the app made such a value or asks for one (``Dataframe(type="pandas")``),
so neither is needed to simulate.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from .._block import ELEM_CLASSES, ELEM_ID, KEY, RENDER, VISIBLE, Param
from .._errors import DefinitionError, Error
from ._base import (
    DISPLAY_TAIL,
    EVERY,
    INPUTS,
    INTERACTIVE,
    LABEL,
    MIN_WIDTH,
    SCALE,
    SHOW_LABEL,
    Component,
)
from ._jsonable import is_dataframe, is_ndarray, is_styler, refuse, to_json

__all__ = ["JSON", "Label", "Dataframe", "Chatbot"]


class JSON(Component):
    """Any JSON value, shown as a tree. A string returned by the function is parsed."""

    TYPE = "json"
    EVENTS = ("change",)
    PARAMS = (
        Param("value", None, kw_only=False),
        *DISPLAY_TAIL,
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
        # numpy arrays and scalars, datetimes: as gradio/components/json_component.py:115-125
        return to_json(value, f"JSON (id {self.id})")


class Label(Component):
    """A classification result: a label, or confidences per label (top ones shown)."""

    TYPE = "label"
    EVENTS = ("change", "select")
    PARAMS = (
        Param("value", None, kw_only=False),
        Param("num_top_classes", None),
        *DISPLAY_TAIL,
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
        if value is None or (isinstance(value, dict) and not value):
            return {}
        owner = f"Label (id {self.id})"
        if (
            isinstance(value, dict)
            and ("confidences" in value or "label" in value)
            and not all(_is_number(v) for v in value.values())
        ):
            return to_json(value, owner)
        if isinstance(value, dict):
            # Highest confidence first; equal ones keep the dict's order (a stable sort, as
            # gradio/components/label.py:134-136). numpy numbers count as numbers.
            ranked = sorted(value.items(), key=lambda kv: float(kv[1]), reverse=True)
            if self.num_top_classes is not None:
                ranked = ranked[: self.num_top_classes]
            return to_json(
                {
                    "label": ranked[0][0] if ranked else None,
                    "confidences": [{"label": k, "confidence": float(v)} for k, v in ranked],
                },
                owner,
            )
        if isinstance(value, (str, int, float)):
            return {"label": str(value), "confidences": None}
        raise Error(f"Label expects a label or a dict of confidences, got {type(value).__name__}.")

    def preprocess(self, payload: Any) -> Any:
        if not payload:
            return None
        if payload.get("confidences"):
            return {c["label"]: c["confidence"] for c in payload["confidences"]}
        return payload.get("label")


def _is_number(value: Any) -> bool:
    if isinstance(value, (int, float)):
        return True
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    return kind is not None and kind in "iuf" and getattr(value, "shape", None) == ()


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
        if self.headers is not None and self.col_count is not None and len(self.headers) != self._columns():
            raise DefinitionError(
                "Dataframe(headers)",
                self.headers,
                f"has {len(self.headers)} names but col_count says {self._columns()} columns",
                "Give one header per column, or leave col_count out (it then follows the headers).",
            )

    # -- the table's shape, as gradio/components/dataframe.py:168-215 derives it -------------

    @staticmethod
    def _count(count: Any, default: int) -> int:
        if count is None:
            return default
        if isinstance(count, (int, float)):
            return int(count)
        return int(count[0])

    def _columns(self) -> int:
        return self._count(self.col_count, len(self.headers) if self.headers else 3)

    def _headers(self) -> list[Any]:
        if self.headers is not None:
            return list(self.headers)
        return [str(i) for i in range(1, self._columns() + 1)]

    def _empty(self) -> dict[str, Any]:
        """What an empty table shows: each column's blank cell, row_count rows."""
        kinds = [self.datatype] * self._columns() if isinstance(self.datatype, str) else list(self.datatype)
        row = [_EMPTY_CELL.get(kind, "") for kind in kinds]
        return {"headers": self._headers(), "data": [list(row) for _ in range(self._count(self.row_count, 1))]}

    # -- values ------------------------------------------------------------------------------

    def postprocess(self, value: Any) -> Any:
        owner = f"Dataframe (id {self.id})"
        table = self._table(value, owner)
        headers = table["headers"]
        for header in headers:
            if not isinstance(header, str):
                refuse(
                    owner,
                    header,
                    "a column name",
                    "is not a string, and Dataframe headers are strings (rename the columns, "
                    "e.g. df.columns = df.columns.astype(str))",
                )
        return {
            "headers": headers,
            "data": to_json(table["data"], owner, "data"),
            "metadata": to_json(table.get("metadata"), owner, "metadata"),
        }

    def _table(self, value: Any, owner: str) -> dict[str, Any]:
        """``value`` as headers, rows and (for a Styler) metadata: dataframe.py:273-358."""
        if value is None:
            return self._empty()
        if isinstance(value, dict):
            if not value:
                return {"headers": self._headers(), "data": [[]]}
            # only the headers and the rows are kept: a dict's own metadata is dropped
            return {"headers": list(value.get("headers", [])), "data": value.get("data", [[]])}
        if isinstance(value, str):
            value = _read_csv(value)
        if is_dataframe(value):
            return {"headers": list(value.columns), "data": _rows(value)}
        if is_styler(value):
            frame = value.data
            return {"headers": list(frame.columns), "data": _rows(frame), "metadata": _styler_metadata(value)}
        if _is_polars_frame(value):
            rows = [list(row) for row in value.rows()]
            return {"headers": list(value.columns), "data": rows or [[]]}
        if is_ndarray(value):
            value = value.tolist()
        if isinstance(value, (list, tuple)):
            if len(value) == 0:
                return {"headers": self._headers(), "data": [[]]}
            first = value[0]
            if not isinstance(first, (list, tuple)):
                refuse(owner, first, "value[0]", "is not a row (a list of cells): a Dataframe takes a list of rows")
            headers = self._headers()
            width = len(first)
            headers = headers[:width] + [str(i) for i in range(len(headers) + 1, width + 1)]
            return {"headers": headers, "data": [list(row) for row in value]}
        refuse(
            owner,
            value,
            "value",
            "is not a table (a pandas DataFrame or Styler, a numpy array, a list of rows, "
            "a {'headers', 'data'} dict or a CSV file path)",
        )

    def preprocess(self, payload: Any) -> Any:
        if payload is None:
            return None
        headers = payload.get("headers")
        rows = [list(r) for r in payload.get("data", [])]
        if self.type == "array":
            return rows
        if self.type == "pandas":
            pandas = _need("pandas", "Dataframe(type='pandas')")
            if headers is None:
                return pandas.DataFrame(rows)
            return pandas.DataFrame([] if rows == [[]] else rows, columns=headers)
        if self.type == "numpy":
            return _need("numpy", "Dataframe(type='numpy')").array(rows)
        # type="polars" (checked at definition): built as Gradio 4.44.1 builds it
        # (gradio/components/dataframe.py:213-220), the schema named by the headers.
        polars = _need("polars", "Dataframe(type='polars')", extra="polars")
        if headers is None:
            return polars.DataFrame(rows)
        return polars.DataFrame([] if rows == [[]] else rows, schema=headers)


#: The blank cell of each datatype (gradio/components/dataframe.py:190-197).
_EMPTY_CELL = {"str": "", "number": 0, "bool": False, "date": "01/01/1970", "markdown": "", "html": ""}


def _need(module: str, what: str, *, extra: str = "'blockspec[data]'") -> Any:
    try:
        return __import__(module)
    except ImportError:
        raise Error(f"{what} needs {module} installed: pip install {extra} (or use type='array').") from None


def _is_polars_frame(value: Any) -> bool:
    # Looked up, never imported: polars is optional and only an app that made a frame has it.
    polars = sys.modules.get("polars")
    return polars is not None and isinstance(value, polars.DataFrame)


def _read_csv(path: str) -> Any:
    return _need("pandas", "A Dataframe value given as a CSV path").read_csv(path)


def _rows(frame: Any) -> list[Any]:
    """A DataFrame's rows as Python values (pandas' ``to_dict(orient="split")``); [[]] if none."""
    if len(frame) == 0:
        return [[]]
    return frame.to_dict(orient="split")["data"]


def _styler_metadata(styler: Any) -> dict[str, list[list[str]]]:
    """Each body cell's text as the Styler formats it and its CSS, row by row.

    This reads the Styler's rendering model (its ``_compute()._translate(...)``), the only
    place pandas keeps per-cell display values and styles; Gradio reads the same.
    """
    model = styler._compute()._translate(None, None)
    styles: dict[str, list[str]] = {}
    for rule in model.get("cellstyle", []):
        css = [f"{prop}: {val}" for prop, val in rule.get("props", [])]
        for selector in rule.get("selectors", []):
            styles.setdefault(selector, []).extend(css)
    display: list[list[str]] = []
    styling: list[list[str]] = []
    for row in model["body"]:
        cells = [cell for cell in row if cell["type"] == "td"]
        display.append([cell["display_value"] for cell in cells])
        styling.append(["; ".join(styles.get(cell["id"], [])) for cell in cells])
    return {"display_value": display, "styling": styling}


class Chatbot(Component):
    """A conversation: ``type="tuples"`` ([user, bot] pairs) or ``"messages"`` (role/content dicts)."""

    TYPE = "chatbot"
    EVENTS = ("change", "select", "like")
    PARAMS = (
        Param("value", None, kw_only=False),
        Param("type", "tuples"),
        *DISPLAY_TAIL,
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
        from .._chat_message import ChatMessage, content_json, files_named_in, message_json

        out = []
        for message in value:
            if not isinstance(message, ChatMessage) and (
                not isinstance(message, dict) or "role" not in message or "content" not in message
            ):
                raise Error(
                    f"Chatbot(type='messages') expects {{'role', 'content'}} dicts or gr.ChatMessage, got {message!r}."
                )
            shown = message_json(message, "Chatbot(type='messages')")
            out += [shown, *files_named_in(shown)]
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
