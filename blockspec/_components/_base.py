"""The component base class: a block that holds a value and turns it into JSON and back.

How to define a component of your own
--------------------------------------
Subclass :class:`Component` (or :class:`FormComponent` for small inputs that Gradio groups
into a form), then set:

* ``TYPE`` -- its name in the config (``"rating"``);
* ``EVENTS`` -- the events it triggers; each becomes a listener method with the documented
  18 parameters (``Rating(...).change(fn, ...)``);
* ``PARAMS`` -- its constructor, as ``Component.PARAMS`` plus your own :class:`Param` entries;
* ``preprocess(payload)`` (JSON from the client -> the value the function receives) and
  ``postprocess(value)`` (the function's return -> JSON for the client); both default to the
  identity;
* optionally ``API_INFO`` (a JSON schema for API clients) and ``EXAMPLE`` (an example payload).

``examples/custom_component.py`` shows one end to end.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .._block import ELEM_CLASSES, ELEM_ID, KEY, RENDER, VISIBLE, Block, BlockContext, Param
from .._errors import DefinitionError, DefinitionTypeError, Error

__all__ = ["Component", "FormComponent", "COMMON_TAIL", "LABEL", "INFO", "EVERY", "INPUTS"]

VALUE = Param("value", None, kw_only=False)
LABEL = Param("label", None)
INFO = Param("info", None)
EVERY = Param("every", None, prop=False)
INPUTS = Param("inputs", None, prop=False)
SHOW_LABEL = Param("show_label", None)
CONTAINER = Param("container", True)
SCALE = Param("scale", None)
MIN_WIDTH = Param("min_width", 160)
INTERACTIVE = Param("interactive", None)

# The usual run of parameters after a component's own leading ones, in Gradio's order.
COMMON_TAIL = (
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
    ELEM_CLASSES,
    RENDER,
    KEY,
)

# The run of parameters after a display component's own (JSON, Label, Dataframe, the plots,
# HighlightedText): Gradio's order, no `info`, no `interactive` among them.
DISPLAY_TAIL = (
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


class Component(Block):
    """A block with a value: an input or output of listeners. See the module docstring."""

    TYPE = "component"
    SKIP_API: ClassVar[bool] = False
    PARAMS = (VALUE, *COMMON_TAIL)
    API_INFO: ClassVar[dict[str, Any]] = {}
    EXAMPLE: ClassVar[Any] = None

    def _check(self) -> None:
        every = getattr(self, "every", None)
        if every is not None:
            from ._special import Timer

            if not isinstance(every, Timer) and (
                isinstance(every, bool) or not isinstance(every, (int, float)) or every <= 0
            ):
                raise DefinitionError(
                    f"{type(self).__name__}(every)",
                    every,
                    "is not a positive number of seconds",
                    "Pass every=<seconds> (> 0) or a gr.Timer, together with a callable value.",
                )
            if not callable(getattr(self, "value", None)):
                raise DefinitionError(
                    f"{type(self).__name__}(every)",
                    every,
                    "needs a callable value to call every tick",
                    "Pass value=<function> as well, or use a gr.Timer with a .tick listener.",
                )
        # `inputs` with a value that is not callable has no effect, as in Gradio 4.44.1
        # (gradio/components/base.py:248-257; its plot_guide_filters_events demo relies on it).
        self._check_params()

    def _check_params(self) -> None:
        """Per-component validation of arguments (subclasses)."""

    def _after_render(self) -> None:
        # A callable value is re-evaluated on page load and, with `every`, on each tick of a
        # Timer; like Gradio, the Timer is created right after its component and is
        # numbered and placed after it.
        every = getattr(self, "every", None)
        if isinstance(every, (int, float)) and self._app is not None:
            from ._special import Timer

            self._value_timer: Timer | None = Timer(every)
        else:
            self._value_timer = every if every is not None else None

    # -- the value -------------------------------------------------------------------------

    @property
    def value_fn(self) -> Any:
        """The callable given as ``value``, or None."""
        value = getattr(self, "value", None)
        return value if callable(value) else None

    @property
    def value_timer(self) -> Any:
        """The Timer that re-evaluates a callable value (``every=``), or None."""
        return getattr(self, "_value_timer", None)

    def initial_value(self) -> Any:
        """The value every session starts from, as JSON (None for a callable value)."""
        if self.value_fn is not None:
            return None
        value = getattr(self, "value", None)
        try:
            return self.postprocess(value)
        except DefinitionError:
            raise
        except (TypeError, ValueError, Error) as exc:
            # A constructor's value the component cannot show fails on the line that gives
            # it (this runs first while the component is constructed: Block._check_props_are_json).
            raise DefinitionTypeError(
                f"{type(self).__name__}(value)",
                value,
                f"cannot be shown by this component ({exc})",
                "Pass a value of a type the component takes, or a function returning one.",
            ) from None

    def preprocess(self, payload: Any) -> Any:
        """Turn the JSON the client sent into the value the function receives."""
        return payload

    def postprocess(self, value: Any) -> Any:
        """Turn what the function returned into the JSON the client receives."""
        return value

    def api_info(self) -> dict[str, Any]:
        return dict(self.API_INFO)

    def example_payload(self) -> Any:
        return self.EXAMPLE

    def props(self) -> dict[str, Any]:
        out = super().props()
        out["_selectable"] = False
        return out

    def _prop_value(self, name: str, value: Any) -> Any:
        if name == "value":
            return self.initial_value()
        return value

    # -- helpers for subclasses -------------------------------------------------------------

    def _require_one_of(self, name: str, allowed: tuple[Any, ...]) -> None:
        value = getattr(self, name)
        if value not in allowed:
            raise DefinitionError(
                f"{type(self).__name__}({name})",
                value,
                "is not one of the accepted values",
                f"Use one of: {', '.join(repr(a) for a in allowed)}.",
            )

    def _require_number(self, name: str, *, positive: bool = False, allow_none: bool = True) -> None:
        value = getattr(self, name)
        if value is None and allow_none:
            return
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise DefinitionTypeError(
                f"{type(self).__name__}({name})",
                value,
                "is not a number",
                f"Pass a number for `{name}`" + (" or None." if allow_none else "."),
            )
        if positive and value <= 0:
            raise DefinitionError(
                f"{type(self).__name__}({name})",
                value,
                "is not positive",
                f"Pass a number > 0 for `{name}`.",
            )


class FormComponent(Component):
    """A small input (textbox, number, ...): Gradio groups a run of them into a Form."""

    def get_expected_parent(self) -> type[BlockContext] | None:
        if getattr(self, "container", True) is False:
            return None
        from .._layouts import Form

        return Form
