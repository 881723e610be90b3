"""Components whose value is a number: Number, Slider."""

from __future__ import annotations

import numbers
import random
import warnings
from typing import Any

from .._block import Param
from .._errors import BlockspecWarning, DefinitionError, Error
from ._base import COMMON_TAIL, FormComponent

__all__ = ["Number", "Slider"]


def _to_number(value: Any, precision: int | None) -> float | int | None:
    """``value`` as a number, rounded to ``precision`` as Gradio 4.44.1 rounds.

    With ``precision=None`` a number passes unchanged, so an int stays an int
    (components/number.py:108-109); ``0`` makes an int; ``k`` rounds to k places
    (``round``: an int stays an int). A numeric string is read as the number it spells.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, str)):
        raise Error(f"Expected a number, got {value!r}.")
    number: float | int
    if not isinstance(value, (int, float, str)):
        # A number of another kind (numpy's int64, a Fraction) becomes the plain int or
        # float it equals: what goes to the client is JSON.
        number = int(value) if isinstance(value, numbers.Integral) else float(value)
    elif isinstance(value, str):
        try:
            number = int(value)
        except ValueError:
            try:
                number = float(value)
            except ValueError:
                raise Error(f"Expected a number, got {value!r}.") from None
    else:
        number = value
    if precision is None:
        return number
    if precision == 0:
        return int(round(number))
    return round(number, precision)


class Number(FormComponent):
    """A numeric input or output; ``precision=0`` makes it an integer."""

    TYPE = "number"
    EVENTS = ("change", "input", "submit", "focus")
    PARAMS = (
        Param("value", None, kw_only=False),
        *COMMON_TAIL,
        Param("precision", None),
        Param("minimum", None),
        Param("maximum", None),
        Param("step", 1),
    )
    API_INFO = {"type": "number"}
    EXAMPLE = 3

    def _check_params(self) -> None:
        for name in ("minimum", "maximum", "step"):
            self._require_number(name)
        if self.precision is not None and (not isinstance(self.precision, int) or self.precision < 0):
            raise DefinitionError(
                "Number(precision)",
                self.precision,
                "is not a number of decimal places",
                "Pass a whole number >= 0, or None for no rounding.",
            )
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise DefinitionError(
                "Number(minimum)",
                self.minimum,
                f"is greater than maximum={self.maximum!r}",
                "Swap them, or widen the range.",
            )

    def preprocess(self, payload: Any) -> float | int | None:
        number = _to_number(payload, self.precision)
        if number is not None and self.minimum is not None and number < self.minimum:
            raise Error(f"Value {number} is less than minimum value {self.minimum}.")
        if number is not None and self.maximum is not None and number > self.maximum:
            raise Error(f"Value {number} is greater than maximum value {self.maximum}.")
        return number

    def postprocess(self, value: Any) -> float | int | None:
        return _to_number(value, self.precision)


class Slider(FormComponent):
    """A number chosen between ``minimum`` and ``maximum`` in steps of ``step``."""

    TYPE = "slider"
    EVENTS = ("change", "input", "release")
    PARAMS = (
        Param("minimum", 0, kw_only=False),
        Param("maximum", 100, kw_only=False),
        Param("value", None, kw_only=False),
        Param("step", None),
        *COMMON_TAIL,
        Param("randomize", False),
    )
    EXAMPLE = 0

    def _check_params(self) -> None:
        self._require_number("minimum", allow_none=False)
        self._require_number("maximum", allow_none=False)
        self._require_number("step")
        if self.step is not None and self.step <= 0:
            # Gradio 4.44.1 accepts it (its own interface_random_slider demo has step=-1); the
            # page's range input ignores a step that is not positive and steps by 1 (HTML's
            # default), which is what `page_step` says.
            warnings.warn(
                f"Slider(step={self.step!r}) is not positive: the page steps by 1 instead. Pass a step > 0.",
                BlockspecWarning,
                stacklevel=4,
            )
        if self.minimum > self.maximum:
            raise DefinitionError(
                "Slider(minimum)",
                self.minimum,
                f"is greater than maximum={self.maximum!r}",
                "Swap them, or widen the range.",
            )
        if self.step is None:
            self.step = 1
        if self.randomize:
            # As in Gradio 4.44.1 (gradio/components/slider.py:82-83): the value becomes a
            # function of the page load -- a load listener, like any callable value; its name
            # is the api_name 4.44.1 gives that listener.
            self.value = self.get_random_value

    @property
    def page_step(self) -> float | int:
        """The step the page's range input uses: ``step``, or 1 when it is not positive."""
        return self.step if self.step is not None and self.step > 0 else 1

    def get_random_value(self) -> float | int:
        """A step of the range, drawn uniformly (with Python's `random`, which a simulation seeds)."""
        value = self.minimum + random.randint(0, int((self.maximum - self.minimum) / self.step)) * self.step
        decimals = len(repr(float(self.step)).partition(".")[2].rstrip("0"))
        return round(value, decimals) if decimals else value

    def initial_value(self) -> Any:
        value = getattr(self, "value", None)
        if value is None:
            return self.minimum
        return super().initial_value()

    def api_info(self) -> dict[str, Any]:
        return {"type": "number", "description": f"numeric value between {self.minimum} and {self.maximum}"}

    def example_payload(self) -> Any:
        return self.minimum

    def preprocess(self, payload: Any) -> float | int | None:
        return _to_number(payload, None)

    def postprocess(self, value: Any) -> float | int | None:
        # None shows the minimum (gradio/components/slider.py:131 in 4.44.1): what Clear sets.
        return self.minimum if value is None else _to_number(value, None)
