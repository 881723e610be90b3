"""Components that choose: Checkbox, CheckboxGroup, Dropdown, Radio."""

from __future__ import annotations

from typing import Any

from .._block import Param
from .._errors import DefinitionError, DefinitionTypeError, Error
from ._base import COMMON_TAIL, FormComponent

__all__ = ["Checkbox", "CheckboxGroup", "Dropdown", "Radio"]


class Checkbox(FormComponent):
    """A single true/false box."""

    TYPE = "checkbox"
    EVENTS = ("change", "input", "select")
    PARAMS = (Param("value", False, kw_only=False), *COMMON_TAIL)
    API_INFO = {"type": "boolean"}
    EXAMPLE = True

    def preprocess(self, payload: Any) -> bool:
        return bool(payload)

    def postprocess(self, value: Any) -> bool | None:
        return bool(value)  # None is unchecked (gradio/components/checkbox.py:107 in 4.44.1)


class _Choices(FormComponent):
    """Shared behaviour of the components with ``choices``: (label, value) pairs."""

    MULTI = False

    def _check_params(self) -> None:
        self._require_one_of("type", ("value", "index"))
        raw = self.choices
        if raw is None:
            pairs: list[tuple[Any, Any]] = []
        elif isinstance(raw, (str, bytes)) or not hasattr(raw, "__iter__"):
            raise DefinitionTypeError(
                f"{type(self).__name__}(choices)",
                raw,
                "is not a list",
                "Pass a list of values, or of (label, value) pairs.",
            )
        else:
            pairs = []
            for choice in raw:
                if isinstance(choice, (tuple, list)):
                    if len(choice) != 2:
                        raise DefinitionError(
                            f"{type(self).__name__}(choices)",
                            raw,
                            f"has the entry {choice!r}, which is not a (label, value) pair",
                            "Give each choice as a value or as a (label, value) pair.",
                        )
                    pairs.append((choice[0], choice[1]))
                else:
                    pairs.append((str(choice), choice))
        self._pairs = pairs

    @property
    def choice_values(self) -> list[Any]:
        return [value for _, value in self._pairs]

    def _prop_value(self, name: str, value: Any) -> Any:
        if name == "choices":
            return [[label, v] for label, v in self._pairs]
        return super()._prop_value(name, value)

    def _is_multi(self) -> bool:
        return self.MULTI

    def _one(self, payload: Any) -> Any:
        # Gradio 4.44.1 does not check a value against the choices (they may have been
        # updated by a function since): type="value" passes it on, type="index" gives None
        # for a value not among them (gradio/components/radio.py:112-121, dropdown.py:163-178,
        # checkboxgroup.py:120-127).
        values = self.choice_values
        if self.type == "value":
            return payload
        return values.index(payload) if payload in values else None

    def preprocess(self, payload: Any) -> Any:
        if self._is_multi():
            if payload is None:
                return []
            items = payload if isinstance(payload, list) else [payload]
            return [self._one(item) for item in items]
        return None if payload is None else self._one(payload)

    def postprocess(self, value: Any) -> Any:
        if self._is_multi():
            if value is None:
                return []
            return list(value) if isinstance(value, (list, tuple)) else [value]
        return value

    def api_info(self) -> dict[str, Any]:
        enum = [v for v in self.choice_values if isinstance(v, str)]
        item = {"type": "string", "enum": enum}
        if self._is_multi():
            return {"items": item, "title": type(self).__name__, "type": "array"}
        return item

    def example_payload(self) -> Any:
        values = self.choice_values
        if not values:
            return None
        return [values[0]] if self._is_multi() else values[0]


class CheckboxGroup(_Choices):
    """Several boxes; the value is the list of checked choices."""

    TYPE = "checkboxgroup"
    EVENTS = ("change", "input", "select")
    MULTI = True
    PARAMS = (
        Param("choices", None, kw_only=False),
        Param("value", None),
        Param("type", "value"),
        *COMMON_TAIL,
    )


class Dropdown(_Choices):
    """Pick one choice (or several with ``multiselect=True``)."""

    TYPE = "dropdown"
    EVENTS = ("change", "input", "select", "focus", "blur", "key_up")
    PARAMS = (
        Param("choices", None, kw_only=False),
        Param("value", None),
        Param("type", "value"),
        Param("multiselect", None),
        Param("allow_custom_value", False),
        Param("max_choices", None),
        Param("filterable", True),
        *COMMON_TAIL,
    )

    def _is_multi(self) -> bool:
        return bool(self.multiselect)

    def postprocess(self, value: Any) -> Any:
        # Unlike CheckboxGroup, a multiselect Dropdown with no value has none (not []):
        # gradio/components/dropdown.py:201-202 in 4.44.1; its page then sends null.
        return None if value is None else super().postprocess(value)

    def preprocess(self, payload: Any) -> Any:
        chosen = super().preprocess(payload)
        if self._is_multi() and self.max_choices is not None and len(chosen) > self.max_choices:
            raise Error(f"At most {self.max_choices} choices may be selected; got {len(chosen)}.")
        return chosen


class Radio(_Choices):
    """Pick exactly one choice from a visible list."""

    TYPE = "radio"
    EVENTS = ("select", "change", "input")
    PARAMS = (
        Param("choices", None, kw_only=False),
        Param("value", None),
        Param("type", "value"),
        *COMMON_TAIL,
    )
