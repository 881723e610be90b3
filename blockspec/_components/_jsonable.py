"""Values from numpy, pandas and the datetime module, as JSON the way Gradio 4.44.1 makes them.

Gradio turns what a component holds into JSON with orjson, numpy support on, datetimes handed
to ``str`` (gradio/routes.py:149-153; gr.JSON round-trips its value the same way,
gradio/components/json_component.py:115-125). So, and so here:

* numpy arrays of numbers or booleans become (nested) lists, numpy scalars numbers;
* NaN and the infinities become ``null``;
* ``datetime``/``date``/``time``/``timedelta`` values -- pandas' ``Timestamp``, ``NaT`` and
  ``Timedelta`` among them -- become their ``str()`` (``"2024-01-02 03:04:05"``);
* tuples become lists; dict keys must be strings (orjson refuses others).

Where Gradio would send any other object as its ``str()``, blockspec refuses it with
:class:`NotJSON` naming the component: such a value is almost always a mistake (a model
object, a figure) that the real page would show as a Python repr.

Nothing here imports numpy or pandas: a value can only be a numpy array or a pandas object if
the app already imported them (``sys.modules``), so neither is ever needed to simulate.
"""

from __future__ import annotations

import datetime
import math
import sys
from typing import Any, NoReturn

__all__ = ["NotJSON", "to_json", "dataframe_type", "is_dataframe", "is_styler", "is_ndarray"]

#: Deeper than this, a value is taken for a cycle.
_MAX_DEPTH = 100

#: numpy dtype kinds orjson serialises natively: booleans, integers, floats.
_NUMERIC_KINDS = "biuf"

_TEMPORAL = (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)


class NotJSON(TypeError):
    """A value a component cannot send to the browser; the message names the component."""


def _numpy() -> Any:
    return sys.modules.get("numpy")


def _pandas() -> Any:
    return sys.modules.get("pandas")


def is_ndarray(value: Any) -> bool:
    np = _numpy()
    return np is not None and isinstance(value, np.ndarray)


def is_dataframe(value: Any) -> bool:
    pd = _pandas()
    return pd is not None and isinstance(value, pd.DataFrame)


def is_styler(value: Any) -> bool:
    """A pandas ``Styler`` (``df.style...``), without importing its module (it needs jinja2)."""
    module = sys.modules.get("pandas.io.formats.style")
    return module is not None and isinstance(value, module.Styler)


def dataframe_type() -> Any:
    """``pandas.DataFrame``; pandas is imported only when an app asks for it by name."""
    try:
        import pandas
    except ImportError:
        return None
    return pandas.DataFrame


def refuse(owner: str, value: Any, where: str, problem: str) -> NoReturn:
    raise NotJSON(
        f"{owner} cannot send {where} to the browser: {type(value).__name__} {problem}. "
        "Return JSON values (str, numbers, lists, dicts with string keys), numpy arrays of numbers, "
        "datetimes, or pandas DataFrames where the component takes them."
    )


def to_json(value: Any, owner: str, where: str = "value", depth: int = 0) -> Any:
    """``value`` as JSON data (see the module docstring); ``owner`` names the component."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if depth > _MAX_DEPTH:
        refuse(owner, value, where, f"is nested more than {_MAX_DEPTH} levels deep (a cycle?)")
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                refuse(owner, key, f"{where} (a key)", "is not a string, and JSON object keys are strings")
            out[key] = to_json(item, owner, f"{where}[{key!r}]", depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return [to_json(item, owner, f"{where}[{i}]", depth + 1) for i, item in enumerate(value)]
    if isinstance(value, _TEMPORAL):
        return str(value)
    np = _numpy()
    if np is not None:
        if isinstance(value, np.ndarray):
            if value.dtype.kind not in _NUMERIC_KINDS:
                refuse(owner, value, where, f"of dtype {value.dtype} has no JSON form (only numbers and booleans)")
            return to_json(value.tolist(), owner, where, depth + 1)
        if isinstance(value, np.generic) and value.dtype.kind in _NUMERIC_KINDS:
            return to_json(value.item(), owner, where, depth + 1)
    pd = _pandas()
    if pd is not None and value is pd.NA:
        return str(value)  # "<NA>", as orjson's default=str gives it
    refuse(owner, value, where, "has no JSON form")
