"""A dependency's call plan: what the engine needs to call its function, read once.

Which of a dependency's inputs are States, which are preprocessed, what each output is,
which parameters want a ``gr.Request``, ``gr.EventData``, ``gr.Progress`` or an OAuth value,
and where those go among the values -- all of it is fixed when the graph is built. A
:class:`CallPlan` is made from the graph's records the first time a dependency runs in a
graph, and kept with that graph (``AppGraph._plans``): each call reads it instead of
working it out again.

A block's kind comes from its graph record: a layout (``is_layout``), a State (type
"state"), or a component. The live block objects ride along for their methods
(``preprocess``, ``postprocess``, a State's start value).
"""

from __future__ import annotations

import inspect
from typing import Any

import attrs

from .. import _event_data
from .._graph import AppGraph, DependencySpec

__all__ = ["CallPlan", "plan_of", "STATE", "PREPROCESS", "RAW", "COMPONENT", "LAYOUT", "OTHER"]

# What an input is: a State (the session's value is passed), a component whose payload is
# preprocessed, or a payload passed as it came.
STATE = "state"
PREPROCESS = "preprocess"
RAW = "raw"
# What an output is besides a State: a component, a layout, or neither (no live block).
COMPONENT = "component"
LAYOUT = "layout"
OTHER = "other"

# Where a function's arguments come from (CallPlan.args): a special parameter by name, the
# value at an index, or every value from an index on (*args).
SPECIAL = 0
VALUE = 1
REST = 2

_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


@attrs.frozen(kw_only=True)
class CallPlan:
    """What calling one dependency's function takes (see the module docstring)."""

    #: (block id, live block, STATE | PREPROCESS | RAW) per input, in order
    inputs: tuple[tuple[int, Any, str], ...]
    inputs_as_dict: bool
    #: (block id, live block, STATE | COMPONENT | LAYOUT | OTHER) per output, in order
    outputs: tuple[tuple[int, Any, str], ...]
    #: (block id, live block) of the output States (their values are fingerprinted first)
    state_outputs: tuple[tuple[int, Any], ...]
    postprocess: bool
    request_param: str | None
    event_data_param: str | None
    event_data_class: type[Any]
    progress_param: str | None
    #: (name, accepts None) of each OAuth parameter
    oauth_params: tuple[tuple[str, bool], ...]
    #: None: the values are the positional arguments as they are (no special parameter, or
    #: no function). Else where each positional argument comes from, ((SPECIAL, name) |
    #: (VALUE, index) | (REST, index)), and the special parameters passed by keyword.
    args: tuple[tuple[int, Any], ...] | None
    kwargs: tuple[str, ...]


def plan_of(graph: AppGraph, dep: DependencySpec) -> CallPlan:
    """``dep``'s plan in ``graph`` (made on first use, then kept with the graph)."""
    plans = graph._plans
    plan = plans.get(dep.id)
    if plan is None or plan[0] is not dep:
        plan = plans[dep.id] = (dep, _make_plan(graph, dep))
    return plan[1]


def _kind(graph: AppGraph, block_id: int) -> tuple[Any, str]:
    node = graph.block(block_id)
    if node.block is None:
        return None, OTHER
    if node.is_layout:
        return node.block, LAYOUT
    if node.type == "state":
        return node.block, STATE
    return node.block, COMPONENT


def _make_plan(graph: AppGraph, dep: DependencySpec) -> CallPlan:
    inputs = []
    for block_id in dep.inputs:
        block, kind = _kind(graph, block_id)
        if kind != STATE:
            kind = PREPROCESS if dep.preprocess and kind == COMPONENT else RAW
        inputs.append((block_id, block, kind))
    outputs = tuple((block_id, *_kind(graph, block_id)) for block_id in dep.outputs)
    sig = dep.signature
    specials = [sig.request_param, sig.event_data_param, sig.progress_param]
    specials += [name for name, _kind_, _accepts_none in sig.oauth_params]
    names = {name for name in specials if name is not None}
    args, kwargs = None, ()
    if names and dep.fn is not None:
        n_values = 1 if dep.inputs_as_dict else len(dep.inputs)
        args, kwargs = _placement(sig.params, names, n_values)
    return CallPlan(
        inputs=tuple(inputs),
        inputs_as_dict=dep.inputs_as_dict,
        outputs=outputs,
        state_outputs=tuple((block_id, block) for block_id, block, kind in outputs if kind == STATE),
        postprocess=dep.postprocess,
        request_param=sig.request_param,
        event_data_param=sig.event_data_param,
        event_data_class=getattr(_event_data, sig.event_data_class or "EventData", _event_data.EventData),
        progress_param=sig.progress_param,
        oauth_params=tuple((name, accepts_none) for name, _kind_, accepts_none in sig.oauth_params),
        args=args,
        kwargs=kwargs,
    )


def _placement(
    params: tuple[tuple[str, inspect._ParameterKind], ...], specials: set[str], n_values: int
) -> tuple[tuple[tuple[int, Any], ...], tuple[str, ...]]:
    """Fill positions in signature order: a special parameter may come before the values."""
    args: list[tuple[int, Any]] = []
    kwargs: list[str] = []
    next_value = 0
    positional = True
    for name, kind in params:
        if kind == inspect.Parameter.VAR_POSITIONAL:
            args.append((REST, next_value))
            next_value = n_values
            continue
        if kind not in _POSITIONAL:
            if name in specials:
                kwargs.append(name)
            continue
        if name in specials:
            if positional:
                args.append((SPECIAL, name))
            else:
                kwargs.append(name)
        elif next_value < n_values:
            args.append((VALUE, next_value))
            next_value += 1
        else:
            positional = False
    return tuple(args), tuple(kwargs)
