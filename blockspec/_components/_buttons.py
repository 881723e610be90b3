"""Buttons: Button, and ClearButton which resets other components."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from typing import Any

from .._block import ELEM_CLASSES, ELEM_ID, KEY, RENDER, VISIBLE, Param
from ._base import EVERY, INPUTS, LABEL, Component

__all__ = ["Button", "ClearButton"]

_BUTTON_TAIL = (
    EVERY,
    INPUTS,
    Param("variant", "secondary"),
    Param("size", None),
    Param("icon", None),
    Param("link", None),
    VISIBLE,
    Param("interactive", True),
    ELEM_ID,
    ELEM_CLASSES,
    RENDER,
    KEY,
    Param("scale", None),
    Param("min_width", None),
    # Not a Gradio 4.44.1 parameter: the docs' queue() example writes
    # gr.Button(label="Generate Image"), so blockspec accepts (and reports) it.
    LABEL,
)


class Button(Component):
    """A button; its value is its text. Clicking it triggers ``.click`` listeners."""

    TYPE = "button"
    SKIP_API = True
    EVENTS = ("click",)
    PARAMS = (Param("value", "Run", kw_only=False), *_BUTTON_TAIL)

    def _check_params(self) -> None:
        self._require_one_of("variant", ("primary", "secondary", "stop", "huggingface"))

    def preprocess(self, payload: Any) -> str | None:
        return None if payload is None else str(payload)

    def postprocess(self, value: Any) -> str | None:
        return None if value is None else str(value)


class ClearButton(Button):
    """A button that resets ``components`` to empty values (and States to their start value).

    Like Gradio, the reset of visible components is a frontend-only listener (``js`` returning
    the empty values); States are reset by a backend listener.
    """

    PARAMS = (
        Param("components", None, kw_only=False, prop=False),
        Param("value", "Clear"),
        *_BUTTON_TAIL,
        Param("api_name", None, prop=False),
        Param("show_api", False),
    )

    def _after_render(self) -> None:
        super()._after_render()
        if self.components:
            self.add(self.components)

    def add(self, components: Component | Sequence[Component] | None) -> ClearButton:
        """Also clear ``components`` when this button is clicked."""
        from ._special import State

        if not components:
            return self
        if isinstance(components, Component):
            components = [components]
        components = list(components)
        empty = [c.postprocess(None) for c in components]
        states = [c for c in components if isinstance(c, State)]
        self.click(
            None,
            [],
            components,
            js=f"() => {json.dumps(empty)}",
            api_name=self.api_name,
            show_api=self.show_api,
        )
        if states:
            starts = [copy.deepcopy(s.value) for s in states]

            def reset_states() -> Any:
                return copy.deepcopy(starts[0] if len(starts) == 1 else tuple(starts))

            reset_states.__name__ = "<lambda>"
            self.click(reset_states, None, states, api_name=self.api_name, show_api=self.show_api)
        return self
