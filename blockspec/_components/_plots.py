"""Plots: the native plots (``BarPlot``, ``LinePlot``, ``ScatterPlot``) and ``Plot``.

A native plot shows a pandas DataFrame. It sends the browser the frame's columns, its rows
(pandas' own ``to_json(orient="split", date_unit="ms")``, so datetimes are milliseconds since
the epoch and NaN is null), each column's kind for the chart (``quantitative`` for numbers and
booleans, ``nominal`` for text and categories, ``temporal`` for datetimes), and the mark
(gradio/components/native_plot.py:178-214). ``Plot`` shows a figure from a plotting library as
its JSON (plotly, altair), as ``bokeh``'s ``json_item`` or as a base64 image (matplotlib)
(gradio/components/plot.py:125-152). pandas and the plotting libraries are never imported
unless the app made such a value, so none of them is needed to simulate.
"""

from __future__ import annotations

import base64
import inspect
import io
import json
import sys
import warnings
from typing import Any, ClassVar

from .._block import ELEM_CLASSES, ELEM_ID, KEY, RENDER, VISIBLE, Param
from ._base import CONTAINER, DISPLAY_TAIL, EVERY, INPUTS, INTERACTIVE, LABEL, MIN_WIDTH, SCALE, SHOW_LABEL, Component
from ._jsonable import is_dataframe, refuse, to_json

__all__ = ["NativePlot", "BarPlot", "LinePlot", "ScatterPlot", "Plot"]

#: Keyword arguments of earlier Gradio plots that 4.44.1 still accepts, warns about and ignores
#: (gradio/components/native_plot.py:148-164); ``color_legend_title`` becomes ``color_title``.
DEPRECATED_PLOT_ARGUMENTS = (
    "stroke_dash",
    "overlay_point",
    "tooltip",
    "x_label_angle",
    "y_label_angle",
    "interactive",
    "show_actions_button",
    "color_legend_title",
    "width",
)


class NativePlot(Component):
    """A chart of a pandas DataFrame's columns ``x`` and ``y`` (see the module docstring)."""

    TYPE = "nativeplot"
    EVENTS = ("select", "double_click")
    MARK: ClassVar[str] = "native"
    PARAMS = (
        Param("value", None, kw_only=False),
        Param("x", None, kw_only=False),
        Param("y", None, kw_only=False),
        Param("color", None),
        Param("title", None),
        Param("x_title", None),
        Param("y_title", None),
        Param("color_title", None),
        Param("x_bin", None),
        Param("y_aggregate", None),
        Param("color_map", None),
        Param("x_lim", None),
        Param("y_lim", None),
        Param("x_label_angle", 0),
        Param("y_label_angle", 0),
        Param("caption", None),
        Param("sort", None),
        Param("height", None),
        LABEL,
        SHOW_LABEL,
        CONTAINER,
        SCALE,
        MIN_WIDTH,
        EVERY,
        INPUTS,
        VISIBLE,
        ELEM_ID,
        ELEM_CLASSES,
        RENDER,
        KEY,
        # not Gradio's parameter (its **kwargs takes it, warns, ignores it): every blockspec
        # component has one, so gr.update(interactive=...) reaches it as any other
        INTERACTIVE,
    )
    API_INFO = {"type": {}, "description": "any valid json"}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Gradio's constructor ends in **kwargs (older plots' arguments); so does this one.
        cls.__signature__ = cls._init_signature.replace(  # type: ignore[attr-defined]
            parameters=[
                *cls._init_signature.parameters.values(),
                inspect.Parameter("kwargs", inspect.Parameter.VAR_KEYWORD),
            ]
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        known = {p.name for p in type(self).PARAMS}
        older = {k: kwargs.pop(k) for k in list(kwargs) if k not in known}
        if "color_legend_title" in older:
            kwargs.setdefault("color_title", older["color_legend_title"])
        for name in [*older, *(["interactive"] if "interactive" in kwargs else [])]:
            if name in DEPRECATED_PLOT_ARGUMENTS:
                warnings.warn(f"Argument '{name}' has been deprecated.", DeprecationWarning, stacklevel=2)
        #: what Gradio 4.44.1 accepts and ignores (deprecated or unknown keyword arguments)
        self.ignored: dict[str, Any] = older
        super().__init__(*args, **kwargs)
        if self.label is None and self.show_label is None:
            # gradio/components/native_plot.py:130-131: no label, no label shown
            self.show_label = False
            self._params["show_label"] = False

    def config_name(self) -> str:
        return type(self).__name__.lower()

    def preprocess(self, payload: Any) -> Any:
        return payload

    def postprocess(self, value: Any) -> Any:
        owner = f"{type(self).__name__} (id {self.id})"
        if value is None or isinstance(value, dict):
            return to_json(value, owner)
        if not is_dataframe(value):
            refuse(owner, value, "value", "is not a pandas DataFrame, which a native plot shows")
        with warnings.catch_warnings():
            # Gradio 4.44.1's charts read datetimes as epoch milliseconds, which pandas 3
            # deprecates (in favour of ISO text) but still writes.
            warnings.filterwarnings("ignore", message=".*'epoch' date format is deprecated")
            split = json.loads(value.to_json(orient="split", date_format="epoch", date_unit="ms"))
        return {
            "columns": split["columns"],
            "data": split["data"],
            "datatypes": {column: _column_kind(owner, column, value[column].dtype) for column in value.columns},
            "mark": self.MARK,
        }


def _column_kind(owner: str, column: Any, dtype: Any) -> str:
    """How the chart treats a column: gradio/components/native_plot.py:186-197."""
    import pandas as pd  # a DataFrame is at hand, so pandas is imported already

    types = pd.api.types
    if types.is_numeric_dtype(dtype):
        return "quantitative"
    if types.is_string_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype):
        return "nominal"
    if types.is_datetime64_any_dtype(dtype):
        return "temporal"
    raise TypeError(
        f"{owner} cannot plot column {column!r} of dtype {dtype}: a native plot takes numbers, "
        "text, categories or datetimes. Convert the column (e.g. a timedelta to seconds) first."
    )


class BarPlot(NativePlot):
    """A bar chart of a pandas DataFrame."""

    MARK = "bar"


class LinePlot(NativePlot):
    """A line chart of a pandas DataFrame."""

    MARK = "line"


class ScatterPlot(NativePlot):
    """A scatter chart of a pandas DataFrame."""

    MARK = "point"


class Plot(Component):
    """A figure from matplotlib, plotly, altair or bokeh, sent as that library's JSON or an image."""

    TYPE = "plot"
    EVENTS = ("change", "clear")
    PARAMS = (
        Param("value", None, kw_only=False),
        Param("format", "webp"),
        *DISPLAY_TAIL,
        INTERACTIVE,  # not Gradio's parameter: every blockspec component has one
    )
    API_INFO = {
        "properties": {
            "type": {"enum": ["altair", "bokeh", "plotly", "matplotlib"], "title": "Type", "type": "string"},
            "plot": {"title": "Plot", "type": "string"},
        },
        "required": ["type", "plot"],
        "title": "PlotData",
        "type": "object",
    }

    def preprocess(self, payload: Any) -> Any:
        return payload

    def postprocess(self, value: Any) -> Any:
        owner = f"Plot (id {self.id})"
        if value is None:
            return None
        if isinstance(value, dict) and set(value) == {"type", "plot"}:
            return to_json(value, owner)  # already the plot's data (a value the client sent)
        module = type(value).__module__ or ""
        if module.startswith("matplotlib") or _is_pyplot(value):
            return {"type": "matplotlib", "plot": _matplotlib_image(value, self.format)}
        if module.startswith("bokeh"):
            from bokeh.embed import json_item  # type: ignore[import-not-found]

            return {"type": "bokeh", "plot": json.dumps(json_item(value))}
        if callable(getattr(value, "to_json", None)) and (module.startswith("plotly") or module.startswith("altair")):
            return {"type": "altair" if module.startswith("altair") else "plotly", "plot": value.to_json()}
        refuse(owner, value, "value", "is not a matplotlib, plotly, altair or bokeh figure")


def _is_pyplot(value: Any) -> bool:
    return value is sys.modules.get("matplotlib.pyplot")


def _matplotlib_image(figure: Any, image_format: str) -> str:
    """A figure (or the pyplot module: its current figure) as a data URL, as Gradio sends it."""
    image_format = image_format or "png"
    buffer = io.BytesIO()
    figure.savefig(buffer, format=image_format)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"data:image/{image_format};base64,{encoded}"
