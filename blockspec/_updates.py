"""Updates: a value a function returns that changes a component's properties, not its value.

A component constructed as a value (``gr.Timer(active=False)``) or ``gr.update(...)`` is an
update: it changes only the properties given. The engine asks this module what a returned
value is; what a component is, and how a session's copy of one is rebuilt, is the model's
knowledge, kept here so the engine need not import the component classes.
"""

from __future__ import annotations

import contextvars
from typing import Any

from ._block import Block
from ._components._standins import StandIn

__all__ = ["as_update", "is_block_dict", "updated_copy", "wire_update"]


def is_block_dict(value: Any) -> bool:
    """Whether ``value`` is a dict keyed by components (a function updating only those)."""
    return isinstance(value, dict) and bool(value) and all(isinstance(k, Block) for k in value)


def as_update(value: Any) -> dict[str, Any] | None:
    """``value`` as an update's properties, or None if it is a plain value."""
    if isinstance(value, Block) and not value.is_rendered:
        update = {"__type__": "update"}
        # What a config would report: parameters that are not props (render, key, every...)
        # are no part of an update either.
        props = {p.name for p in type(value).PARAMS if p.prop}
        for name in value._given:
            if name in props:
                update[name] = value._params[name]
        return update
    if isinstance(value, dict) and value.get("__type__") == "update":
        # Gradio drops the properties given as None, except the value (blocks.py:1737-1742).
        return {k: v for k, v in value.items() if v is not None or k == "value"}
    return None


def updated_copy(current: Any, update: dict[str, Any]) -> Any:
    """``current`` (a component) rebuilt with the properties of ``update``, for one session.

    As Gradio 4.44.1 (blocks.py:1746-1754): the arguments ``current`` was constructed with,
    overridden by the update's, without the value. Properties the component does not
    declare are no constructor arguments (Gradio would raise TypeError); they pass through
    to the client as before. Only properties are carried over: the other arguments
    (``every``, ``inputs``, a ClearButton's ``components``, ...) wire the component into
    its app when it is defined, which a copy made while the app runs must not do (Gradio's
    copy of a ClearButton with components fails here, adding a listener outside the app).
    """
    cls = type(current)
    declared = {p.name for p in cls.PARAMS}
    props = {p.name for p in cls.PARAMS if p.prop}
    kwargs = {name: current._params[name] for name in current._given if name in props}
    kwargs.update(getattr(current, "extra", {}))  # a stand-in keeps what it does not model
    open_ended = isinstance(current, StandIn)
    kwargs.update({k: v for k, v in update.items() if k in props or (open_ended and k not in declared)})
    kwargs.pop("value", None)
    kwargs.pop("__type__", None)
    kwargs["render"] = False
    # Built in an empty context: no app is open, so the copy joins none.
    copy_ = contextvars.Context().run(cls, **kwargs)
    copy_._id = current.id
    return copy_


def wire_update(copy_: Any, update: dict[str, Any]) -> dict[str, Any]:
    """The update as the client receives it: declared properties as the session's copy
    now holds them (choices as [label, value] pairs), others as given."""
    props = {p.name for p in type(copy_).PARAMS if p.prop}
    out: dict[str, Any] = {"__type__": "update"}
    for name, value in update.items():
        if name in ("__type__", "value"):
            continue
        out[name] = copy_._prop_value(name, copy_._params[name]) if name in props else value
    return out
