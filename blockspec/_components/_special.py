"""Components with no widget: State (a per-session value) and Timer (a ticking clock)."""

from __future__ import annotations

import copy
from typing import Any

from .._block import ELEM_ID, KEY, RENDER, VISIBLE, Param
from .._errors import DefinitionError, DefinitionTypeError
from ._base import INTERACTIVE, LABEL, Component

__all__ = ["State", "Timer"]


class State(Component):
    """A hidden value kept per session.

    Each session starts from a deep copy of ``value`` (or from calling it, if it is callable,
    once per session). ``time_to_live`` (seconds since the last write) and
    ``delete_callback`` (called with the value when it is dropped) bound its lifetime.
    """

    TYPE = "state"
    SKIP_API = True
    EVENTS = ("change",)
    PARAMS = (
        Param("value", None, kw_only=False),
        Param("render", True, kw_only=False, prop=False),
        Param("time_to_live", None),
        Param("delete_callback", None, prop=False),
        LABEL,
        ELEM_ID,
        VISIBLE,
        INTERACTIVE,
        KEY,
    )

    def _check_params(self) -> None:
        ttl = self.time_to_live
        if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or ttl <= 0):
            raise DefinitionError(
                "State(time_to_live)",
                ttl,
                "is not a positive number of seconds",
                "Pass seconds > 0, or None to keep the value for the whole session.",
            )
        if self.delete_callback is not None and not callable(self.delete_callback):
            raise DefinitionTypeError(
                "State(delete_callback)",
                self.delete_callback,
                "is not callable",
                "Pass a function taking the value, or None.",
            )
        if self.value_fn is None:
            try:
                copy.deepcopy(self.value)
            except Exception as exc:
                raise DefinitionError(
                    "State(value)",
                    self.value,
                    f"cannot be deep-copied ({exc}), and each session starts from a copy",
                    "Pass a function that builds the value instead: State(value=make_value).",
                ) from None

    def session_start_value(self) -> Any:
        """The value a new session starts from (a fresh copy, or the callable's result)."""
        fn = self.value_fn
        return fn() if fn is not None else copy.deepcopy(self.value)

    def initial_value(self) -> Any:
        # A State's value is server-side only and need not be JSON; the config leaves it out.
        return None

    def props(self) -> dict[str, Any]:
        out = super().props()
        out.pop("value", None)
        return out


class Timer(Component):
    """Ticks every ``value`` seconds while ``active`` and the client is connected.

    The tick happens in the client (the browser, or a virtual client in the simulator), as
    in Gradio; a function can retune or stop it by returning ``gr.Timer(value=..., active=...)``.
    """

    TYPE = "timer"
    EVENTS = ("tick",)
    PARAMS = (
        Param("value", 1, kw_only=False),
        Param("active", True),
        RENDER,
        LABEL,
        ELEM_ID,
        VISIBLE,
        INTERACTIVE,
        KEY,
    )
    API_INFO = {"type": "number"}
    EXAMPLE = 1

    def _check_params(self) -> None:
        value = self.value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise DefinitionError(
                "Timer(value)",
                value,
                "is not a positive number of seconds",
                "Pass the tick interval in seconds, > 0 (for example gr.Timer(1)).",
            )
        if not isinstance(self.active, bool):
            raise DefinitionTypeError("Timer(active)", self.active, "is not a bool", "Pass True or False.")
