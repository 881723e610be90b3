"""``Dataset``: a table of samples the user clicks; what ``gr.Examples`` shows.

Its value on the wire is the index of the clicked sample (the page sets it, then fires
``click`` and ``select``: dataset/Index.svelte at gradio@4.44.1). A listener receives, by
``type``, the sample's values ("values"), its index ("index") or both ("tuple").

The samples are kept twice, as Gradio 4.44.1 keeps them (gradio/components/dataset.py):
``raw_samples`` as given (what ``preprocess`` hands to functions) and ``samples`` as the
components display them (each value through its component's ``postprocess``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, ClassVar

from .._block import ELEM_CLASSES, ELEM_ID, KEY, RENDER, VISIBLE, Param
from .._errors import DefinitionError, DefinitionTypeError
from ._base import Component

__all__ = ["Dataset", "component_instance", "component_class"]

#: Gradio 4.44.1's template classes (gradio/templates.py) by their shortcut names: each is
#: its base component with other defaults; the config shows the base's type.
_TEMPLATES = {
    "textarea": "Textbox",
    "files": "File",
    "numpy": "Dataframe",
    "matrix": "Dataframe",
    "list": "Dataframe",
}


def component_class(name: str) -> type[Component] | None:
    """The component class Gradio's shortcut ``name`` names ("textbox", "text", "microphone")."""
    import blockspec

    from ._standins import STAND_IN_EVENTS, stand_in

    wanted = name.replace("_", "").lower()
    wanted = _TEMPLATES.get(wanted, wanted).lower()
    for public in dir(blockspec):
        value = getattr(blockspec, public)
        if public.lower() == wanted and isinstance(value, type) and issubclass(value, Component):
            return value
    for standin in STAND_IN_EVENTS:
        if standin.lower() == wanted:
            return stand_in(standin)
    return None


_TYPES = ("values", "index", "tuple")


def component_instance(spec: Any, *, where: str, render: bool = False) -> Component:
    """A component from a component or its shortcut name (``"textbox"``, ``"text"``), unrendered.

    Gradio accepts the lower-case class names and a few aliases wherever it takes a component
    (gradio/components/base.py ``get_component_instance``).
    """
    if isinstance(spec, Component):
        return spec
    if isinstance(spec, str):
        cls = component_class(spec)
        if cls is None:
            raise DefinitionError(
                where,
                spec,
                "is not the name of a component",
                "Pass a component (gr.Textbox(...)) or a component's name in lower case ('textbox', 'image').",
            )
        return cls(render=render)
    raise DefinitionTypeError(
        where, spec, "is not a component", "Pass a component (gr.Textbox(...)) or its name ('textbox')."
    )


class Dataset(Component):
    """A gallery or table of samples; clicking one fires ``click`` (and ``select``)."""

    TYPE = "dataset"
    EVENTS = ("click", "select")
    API_INFO: ClassVar[dict[str, Any]] = {"type": "integer", "description": "index of selected example"}
    EXAMPLE = 0
    # Gradio 4.44.1's signature: every parameter keyword-only.
    PARAMS = (
        Param("label", None),
        Param("components", None, prop=False),
        Param("component_props", None, prop=False),
        Param("samples", None, prop=False),
        Param("headers", None, prop=False),
        Param("type", "values"),
        Param("samples_per_page", 10),
        VISIBLE,
        ELEM_ID,
        ELEM_CLASSES,
        RENDER,
        KEY,
        Param("container", True),
        Param("scale", None),
        Param("min_width", 160),
        Param("proxy_url", None),
        Param("sample_labels", None),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        given = kwargs.get("components") or []
        if isinstance(given, (str, Component)) or not isinstance(given, Sequence):
            raise DefinitionTypeError(
                "Dataset(components)", given, "is not a list", "Pass a list of components or component names."
            )
        self._components = [component_instance(c, where="Dataset(components)") for c in given]
        self.value = None  # the page holds the clicked sample's index; none at first
        super().__init__(*args, **kwargs)

    def _check_params(self) -> None:
        self._require_one_of("type", _TYPES)
        samples = self._params["samples"]
        if samples is not None and (
            not isinstance(samples, list) or not all(isinstance(row, (list, tuple)) for row in samples)
        ):
            raise DefinitionTypeError(
                "Dataset(samples)",
                samples,
                "is not a list of samples (lists)",
                "Pass a list with one list of values (one per component) for each sample.",
            )
        labels = self.sample_labels
        if labels is not None and samples is not None and len(labels) != len(samples):
            raise DefinitionError(
                "Dataset(sample_labels)",
                labels,
                f"has {len(labels)} labels for {len(samples)} samples",
                "Give one label per sample.",
            )
        self.raw_samples: list[list[Any]] = [[]] if samples is None else [list(row) for row in samples]
        self.samples: list[list[Any]] = [
            [self._displayed(component, value, i) for component, value in zip(self._components, row)]
            for i, row in enumerate(self.raw_samples)
        ]
        if self._params["component_props"] is not None:
            self.component_props = list(self._params["component_props"])
        else:
            self.component_props = [_settings_of(c) for c in self._components]
        headers = self._params["headers"]
        if headers is not None:
            self.headers = list(headers)
        elif all(getattr(c, "label", None) is None for c in self._components):
            self.headers = []
        else:
            self.headers = [getattr(c, "label", None) or "" for c in self._components]

    def _displayed(self, component: Component, value: Any, index: int) -> Any:
        try:
            return component.postprocess(value)
        except Exception as exc:
            raise DefinitionError(
                "Dataset(samples)",
                value,
                f"(sample {index}) cannot be shown by {type(component).__name__}: {exc}",
                "Give sample values the component accepts as a value.",
            ) from None

    @property
    def components(self) -> list[Component]:
        """The components whose values the samples hold, in column order."""
        return list(self._components)

    # -- values -------------------------------------------------------------------------------

    def preprocess(self, payload: Any) -> Any:
        if payload is None:
            return None
        if self.type == "index":
            return payload
        if not isinstance(payload, int) or isinstance(payload, bool) or not 0 <= payload < len(self.raw_samples):
            raise ValueError(
                f"Dataset (id {self.id}) received {payload!r}, which is not the index of one of its "
                f"{len(self.raw_samples)} samples"
            )
        if self.type == "values":
            return self.raw_samples[payload]
        return payload, self.raw_samples[payload]

    def postprocess(self, value: Any) -> Any:
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        if isinstance(value, list):
            try:
                return self.samples.index(value)
            except ValueError:
                warnings.warn(
                    "A Dataset cannot be updated by returning a sample's values; return "
                    "gr.Dataset(samples=...) to change its samples.",
                    stacklevel=2,
                )
                return None
        return value

    def initial_value(self) -> Any:
        return None

    # -- what the config reports ----------------------------------------------------------------

    def props(self) -> dict[str, Any]:
        out = super().props()
        out.pop("value", None)
        out.update(
            components=[c.TYPE for c in self._components],
            component_props=self.component_props,
            samples=self.samples,
            headers=self.headers,
            sample_labels=self.sample_labels,
            component_ids=[c.id for c in self._components],
        )
        return out


def _settings_of(component: Component) -> dict[str, Any]:
    """The settings a sample's value is shown with: the component's props but its value."""
    props = component.props()
    return {k: v for k, v in props.items() if k not in ("value", "name", "_selectable")}


Dataset.__signature__ = Dataset._init_signature  # type: ignore[attr-defined]  # its own __init__ hides it
