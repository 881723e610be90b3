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
import datetime
import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._errors import Error
from .._event_data import EventData
from .._graph import AppGraph, DependencySpec
from .._oauth import SIGNED_OUT_MESSAGE
from .._progress import Progress
from .._request import Request
from .._updates import as_update, is_block_dict, updated_copy, wire_update
from .._updates import as_update as _as_update  # noqa: F401  (the name tests know it by)
from ._plan import COMPONENT, LAYOUT, PREPROCESS, REST, SPECIAL, STATE, CallPlan, plan_of

if TYPE_CHECKING:
    from ._sessions import Session

__all__ = ["CallError", "build_call", "split_outputs", "postprocess_outputs", "SKIP"]

#: An output left unchanged (a component missing from a returned dict).
SKIP: dict[str, Any] = {"__type__": "update"}


class CallError(ValueError):
    """The function's return value does not fit its outputs (or its inputs did not fit)."""


def build_call(
    graph: AppGraph,
    dep: DependencySpec,
    data: Sequence[Any],
    *,
    session: Session,
    request: Request | None,
    event_data: Any,
    trigger_id: int | None,
    plan: CallPlan | None = None,
) -> tuple[list[Any], dict[str, Any]]:
    """The positional and keyword arguments for ``dep.fn`` (``plan``: its plan in ``graph``,
    if the caller has it at hand)."""
    if len(data) != len(dep.inputs):
        raise CallError(f"expected {len(dep.inputs)} input value(s), got {len(data)}")
    if plan is None:
        plan = plan_of(graph, dep)
    values = []
    for (_, block, kind), payload in zip(plan.inputs, data):
        if kind == STATE:
            values.append(session.state_value(block))
        elif kind == PREPROCESS:
            values.append(session.component(block).preprocess(payload))
        else:
            values.append(payload)
    if plan.inputs_as_dict:
        values = [{block: v for (_, block, _), v in zip(plan.inputs, values)}]
    return _place(plan, values, request=request, event_data=event_data, trigger_id=trigger_id, graph=graph)


def _place(
    plan: CallPlan,
    values: list[Any],
    *,
    request: Request | None,
    event_data: Any,
    trigger_id: int | None,
    graph: AppGraph,
) -> tuple[list[Any], dict[str, Any]]:
    """Put input values and the engine's special arguments where the signature wants them."""
    specials: dict[str, Any] = {}
    if plan.request_param is not None:
        specials[plan.request_param] = request
    if plan.event_data_param is not None:
        target = None
        if trigger_id is not None:
            try:
                target = graph.block(trigger_id).block
            except KeyError:
                target = None
        try:
            specials[plan.event_data_param] = plan.event_data_class(
                target, event_data if event_data is not None else {}
            )
        except (KeyError, TypeError):
            specials[plan.event_data_param] = EventData(target, event_data)
    if plan.progress_param is not None:
        specials[plan.progress_param] = Progress()
    for name, accepts_none in plan.oauth_params:
        # blockspec has no Hugging Face login: every session is signed out (see _oauth.py).
        if not accepts_none:
            raise Error(SIGNED_OUT_MESSAGE)
        specials[name] = None
    if plan.args is None:
        return values, {}
    # Fill positions in signature order (worked out once, in the plan).
    args: list[Any] = []
    for source, at in plan.args:
        if source == SPECIAL:
            args.append(specials[at])
        elif source == REST:
            args.extend(values[at:])
        else:
            args.append(values[at])
    return args, {name: specials[name] for name in plan.kwargs}


def split_outputs(dep: DependencySpec, graph: AppGraph, result: Any, fn_name: str) -> list[Any]:
    """One raw value per output component (SKIP where unchanged)."""
    n = len(dep.outputs)
    if n == 0:
        return []
    if is_block_dict(result):
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
    plan = plan_of(graph, dep)
    data: list[Any] = []
    changed: list[int] = []
    for (block_id, block, kind), value in zip(plan.outputs, raw):
        if value is SKIP:
            data.append(dict(SKIP))
            continue
        update = as_update(value)
        if kind == STATE:
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
            if kind == COMPONENT:
                copy_ = updated_copy(session.component(block), update)
                session.replace_component(block_id, copy_)
                sent = wire_update(copy_, update)
                if "value" in update:
                    sent["value"] = copy_.postprocess(update["value"]) if plan.postprocess else update["value"]
                update = sent
            data.append(wire_json(update))
        elif kind == LAYOUT:
            raise CallError(f"{block!r} is a layout: return an update such as gr.update(visible=False) for it")
        elif plan.postprocess and kind == COMPONENT:
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


def state_marks(
    dep: DependencySpec, graph: AppGraph, session: Session, *, plan: CallPlan | None = None
) -> dict[int, Any] | None:
    """The fingerprints of ``dep``'s output States before its function runs (None: it has none)."""
    state_outputs = (plan or plan_of(graph, dep)).state_outputs
    if not state_outputs:
        return None
    return {block_id: session.state_fingerprint(block) for block_id, block in state_outputs}
