"""From a job's wire data to a function call, and from its return value back to wire data.

Inputs: each input component's ``preprocess`` (unless the listener says ``preprocess=False``);
a ``State`` input reads the session's value instead. A set of inputs arrives as one dict.
Parameters annotated ``gr.Request`` / ``gr.EventData`` and defaulting to ``gr.Progress()``
are filled by the engine.

Outputs: one value per output component (a tuple or list when there are several; a dict
keyed by components updates only those). A value may be an *update*: a component constructed
as a value (``gr.Timer(active=False)``) or ``gr.update(...)`` changes only the properties
given. ``postprocess`` turns each value into JSON (unless ``postprocess=False``). A ``State``
output is stored in the session and sent as ``null``.
"""

from __future__ import annotations

import contextvars
import copy
import datetime
import inspect
import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import _event_data
from .._block import Block, BlockContext
from .._components._base import Component
from .._components._special import State
from .._components._standins import StandIn
from .._errors import Error
from .._graph import AppGraph, DependencySpec
from .._oauth import SIGNED_OUT_MESSAGE
from .._progress import Progress
from .._request import Request

if TYPE_CHECKING:
    from ._sessions import Session

__all__ = ["CallError", "build_call", "split_outputs", "postprocess_outputs", "SKIP"]

#: An output left unchanged (a component missing from a returned dict).
SKIP: dict[str, Any] = {"__type__": "update"}


class CallError(ValueError):
    """The function's return value does not fit its outputs (or its inputs did not fit)."""


def _block(graph: AppGraph, block_id: int) -> Block:
    return graph.block(block_id).block


def build_call(
    graph: AppGraph,
    dep: DependencySpec,
    data: Sequence[Any],
    *,
    session: Session,
    request: Request | None,
    event_data: Any,
    trigger_id: int | None,
) -> tuple[list[Any], dict[str, Any]]:
    """The positional and keyword arguments for ``dep.fn``."""
    if len(data) != len(dep.inputs):
        raise CallError(f"expected {len(dep.inputs)} input value(s), got {len(data)}")
    values = []
    for block_id, payload in zip(dep.inputs, data):
        block = _block(graph, block_id)
        if isinstance(block, State):
            values.append(session.state_value(block))
        elif dep.preprocess and isinstance(block, Component):
            values.append(session.component(block).preprocess(payload))
        else:
            values.append(payload)
    if dep.inputs_as_dict:
        values = [{_block(graph, i): v for i, v in zip(dep.inputs, values)}]
    return _place(dep, values, request=request, event_data=event_data, trigger_id=trigger_id, graph=graph)


def _place(
    dep: DependencySpec,
    values: list[Any],
    *,
    request: Request | None,
    event_data: Any,
    trigger_id: int | None,
    graph: AppGraph,
) -> tuple[list[Any], dict[str, Any]]:
    """Put input values and the engine's special arguments where the signature wants them."""
    sig = dep.signature
    specials: dict[str, Any] = {}
    if sig.request_param is not None:
        specials[sig.request_param] = request
    if sig.event_data_param is not None:
        data_class = getattr(_event_data, sig.event_data_class or "EventData", _event_data.EventData)
        target = None
        if trigger_id is not None:
            try:
                target = _block(graph, trigger_id)
            except KeyError:
                target = None
        try:
            specials[sig.event_data_param] = data_class(target, event_data if event_data is not None else {})
        except (KeyError, TypeError):
            specials[sig.event_data_param] = _event_data.EventData(target, event_data)
    if sig.progress_param is not None:
        specials[sig.progress_param] = Progress()
    for name, _kind, accepts_none in sig.oauth_params:
        # blockspec has no Hugging Face login: every session is signed out (see _oauth.py).
        if not accepts_none:
            raise Error(SIGNED_OUT_MESSAGE)
        specials[name] = None
    if not specials or dep.fn is None:
        return values, {}
    # Fill positions in signature order: a special parameter may come before the values.
    args: list[Any] = []
    remaining = list(values)
    kwargs: dict[str, Any] = {}
    positional = True
    for name, kind in sig.params:
        if kind == inspect.Parameter.VAR_POSITIONAL:
            args.extend(remaining)
            remaining = []
            continue
        if kind not in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
            if name in specials:
                kwargs[name] = specials[name]
            continue
        if name in specials:
            if positional:
                args.append(specials[name])
            else:
                kwargs[name] = specials[name]
        elif remaining:
            args.append(remaining.pop(0))
        else:
            positional = False
    return args, kwargs


def split_outputs(dep: DependencySpec, graph: AppGraph, result: Any, fn_name: str) -> list[Any]:
    """One raw value per output component (SKIP where unchanged)."""
    n = len(dep.outputs)
    if n == 0:
        return []
    if isinstance(result, dict) and result and all(isinstance(k, Block) for k in result):
        by_id = {k.id: v for k, v in result.items()}
        unknown = [k for k in result if k.id not in dep.outputs]
        if unknown:
            raise CallError(f"{fn_name} returned a value for {unknown[0]!r}, which is not one of its outputs")
        return [by_id.get(block_id, SKIP) for block_id in dep.outputs]
    if n == 1:
        return [result]
    if result is None:
        return [None] * n
    if not isinstance(result, (tuple, list)):
        raise CallError(f"{fn_name} returned one value, but the listener has {n} outputs; return a tuple of {n}")
    if len(result) < n:
        raise CallError(
            f"A function ({fn_name}) didn't return enough output values (needed: {n}, returned: {len(result)})"
        )
    return list(result[:n])


def _as_update(value: Any) -> dict[str, Any] | None:
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


def _updated_copy(current: Component, update: dict[str, Any]) -> Component:
    """``current`` rebuilt with the properties of ``update``, for one session.

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


def _wire_update(copy_: Component, update: dict[str, Any]) -> dict[str, Any]:
    """The update as the client receives it: declared properties as the session's copy
    now holds them (choices as [label, value] pairs), others as given."""
    props = {p.name for p in type(copy_).PARAMS if p.prop}
    out: dict[str, Any] = {"__type__": "update"}
    for name, value in update.items():
        if name in ("__type__", "value"):
            continue
        out[name] = copy_._prop_value(name, copy_._params[name]) if name in props else value
    return out


def postprocess_outputs(
    dep: DependencySpec,
    graph: AppGraph,
    raw: list[Any],
    *,
    session: Session,
    before: dict[int, Any] | None = None,
) -> tuple[list[Any], tuple[int, ...]]:
    """Wire data for the outputs, and the ids of States whose value changed (``before``: the
    output States' fingerprints when the function was called, see ``Session.set_state``)."""
    data: list[Any] = []
    changed: list[int] = []
    for block_id, value in zip(dep.outputs, raw):
        block = _block(graph, block_id)
        if value is SKIP:
            data.append(dict(SKIP))
            continue
        update = _as_update(value)
        if isinstance(block, State):
            data.append(None)
            if isinstance(value, dict) and update is not None:
                # gr.update(...) for a State is no write in Gradio 4.44.1 (blocks.py:1731-1733):
                # the value stays, and so does its time to live.
                continue
            new = value if update is None else update.get("value", session.state_value(block))
            if session.set_state(block, new, **({"before": before[block_id]} if before and block_id in before else {})):
                changed.append(block_id)
            continue
        if update is not None:
            if isinstance(block, Component):
                copy_ = _updated_copy(session.component(block), update)
                session.replace_component(block_id, copy_)
                sent = _wire_update(copy_, update)
                if "value" in update:
                    sent["value"] = copy_.postprocess(update["value"]) if dep.postprocess else update["value"]
                update = sent
            data.append(wire_json(update))
        elif isinstance(block, BlockContext):
            raise CallError(f"{block!r} is a layout: return an update such as gr.update(visible=False) for it")
        elif dep.postprocess and isinstance(block, Component):
            data.append(wire_json(session.component(block).postprocess(value)))
        else:
            data.append(wire_json(copy.deepcopy(value)))
    return data, tuple(changed)


_PLAIN = (str, int, bool, type(None))


def wire_json(value: Any, depth: int = 0) -> Any:
    """``value`` as Gradio's event stream sends what is not JSON (routes.py:919: orjson with
    ``default=str``): a datetime as ISO text, NaN and infinities as null, a tuple as a list,
    anything else as its ``str()``. So no output can break the stream or the frontend.
    """
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if depth == 0 and isinstance(value, (list, dict)):
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError, RecursionError):
            pass
        else:
            return value  # already JSON (checked in C): no copy
    if depth > 100:
        return str(value)
    if isinstance(value, (list, tuple)):
        return [wire_json(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(k): wire_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def state_marks(dep: DependencySpec, graph: AppGraph, session: Session) -> dict[int, Any] | None:
    """The fingerprints of ``dep``'s output States before its function runs (None: it has none)."""
    marks = None
    for block_id in dep.outputs:
        block = _block(graph, block_id)
        if isinstance(block, State):
            if marks is None:
                marks = {}
            marks[block_id] = session.state_fingerprint(block)
    return marks
