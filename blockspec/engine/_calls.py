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

import copy
import inspect
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import _event_data
from .._block import Block, BlockContext
from .._components._base import Component
from .._components._special import State
from .._graph import AppGraph, DependencySpec
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
            values.append(block.preprocess(payload))
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
        return dict(value)
    return None


def postprocess_outputs(
    dep: DependencySpec, graph: AppGraph, raw: list[Any], *, session: Session
) -> tuple[list[Any], tuple[int, ...]]:
    """Wire data for the outputs, and the ids of States whose value changed."""
    data: list[Any] = []
    changed: list[int] = []
    for block_id, value in zip(dep.outputs, raw):
        block = _block(graph, block_id)
        if value is SKIP:
            data.append(dict(SKIP))
            continue
        update = _as_update(value)
        if isinstance(block, State):
            new = value if update is None else update.get("value", session.state_value(block))
            if session.set_state(block, new):
                changed.append(block_id)
            data.append(None)
            continue
        if update is not None:
            if "value" in update and dep.postprocess and isinstance(block, Component):
                update["value"] = block.postprocess(update["value"])
            data.append(update)
        elif isinstance(block, BlockContext):
            raise CallError(f"{block!r} is a layout: return an update such as gr.update(visible=False) for it")
        elif dep.postprocess and isinstance(block, Component):
            data.append(block.postprocess(value))
        else:
            data.append(copy.deepcopy(value))
    return data, tuple(changed)
