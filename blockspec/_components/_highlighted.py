"""HighlightedText: text in spans, each with a category or a confidence.

The browser receives a list of ``{"token", "class_or_confidence"}`` records, made from what
the function returns (gradio/components/highlighted_text.py:128-194): a list of
``(text, category)`` pairs, or a ``{"text", "entities"}`` dict as NER pipelines give it (each
entity's ``start``/``end`` cut the text; the gaps between become uncategorised spans). With
``combine_adjacent``, neighbouring spans of one category become one, joined by
``adjacent_separator``. The function receives the records as they came.
"""

from __future__ import annotations

from typing import Any

from .._block import Param
from ._base import DISPLAY_TAIL, INTERACTIVE, Component
from ._jsonable import refuse, to_json

__all__ = ["HighlightedText"]


class HighlightedText(Component):
    """Text whose spans are highlighted by category or confidence (see the module docstring)."""

    TYPE = "highlightedtext"
    EVENTS = ("change", "select")
    PARAMS = (
        Param("value", None, kw_only=False),
        Param("color_map", None),
        Param("show_legend", False),
        Param("show_inline_category", True),
        Param("combine_adjacent", False),
        Param("adjacent_separator", ""),
        *DISPLAY_TAIL,
        INTERACTIVE,
    )
    API_INFO = {
        "$defs": {
            "HighlightedToken": {
                "properties": {
                    "token": {"title": "Token", "type": "string"},
                    "class_or_confidence": {
                        "anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}],
                        "default": None,
                        "title": "Class Or Confidence",
                    },
                },
                "required": ["token"],
                "title": "HighlightedToken",
                "type": "object",
            }
        },
        "items": {"$ref": "#/$defs/HighlightedToken"},
        "title": "HighlightedTextData",
        "type": "array",
    }
    EXAMPLE = [{"token": "The", "class_or_confidence": None}, {"token": "quick", "class_or_confidence": "adj"}]

    def preprocess(self, payload: Any) -> Any:
        return payload

    def postprocess(self, value: Any) -> Any:
        if value is None:
            return None
        owner = f"HighlightedText (id {self.id})"
        if isinstance(value, dict):
            value = _spans_of_entities(owner, value)
        spans = []
        for i, span in enumerate(value):
            if isinstance(span, dict) and "token" in span:  # a record, as the client sends it
                span = (span["token"], span.get("class_or_confidence"))
            if not isinstance(span, (list, tuple)) or len(span) != 2:
                refuse(owner, span, f"value[{i}]", "is not a (text, category) pair")
            token, category = span
            if not isinstance(token, str):
                refuse(owner, token, f"value[{i}][0]", "is not text")
            if isinstance(category, int) and not isinstance(category, bool):
                category = float(category)  # a confidence is a float (3 -> 3.0, as Gradio's model makes it)
            spans.append((token, to_json(category, owner, f"value[{i}][1]")))
        if self.combine_adjacent:
            spans = self._combined(spans)
        return [{"token": token, "class_or_confidence": category} for token, category in spans]

    def _combined(self, spans: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        for token, category in spans:
            if out and out[-1][1] == category:
                out[-1] = (out[-1][0] + self.adjacent_separator + token, category)
            elif out and not token:
                continue  # an empty gap the entities left
            else:
                out.append((token, category))
        return out


def _spans_of_entities(owner: str, value: dict[str, Any]) -> list[tuple[str, Any]]:
    if "text" not in value or "entities" not in value:
        refuse(owner, value, "value", "is a dict without both 'text' and 'entities'")
    text, entities = value["text"], value["entities"]
    if not entities:
        return [(text, None)]
    spans: list[tuple[str, Any]] = []
    at = 0
    for entity in sorted(entities, key=lambda e: e["start"]):
        spans.append((text[at : entity["start"]], None))
        spans.append((text[entity["start"] : entity["end"]], entity.get("entity") or entity.get("entity_group")))
        at = entity["end"]
    spans.append((text[at:], None))
    return spans
