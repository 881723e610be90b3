"""``GET /gradio_api/info``: the app's endpoints as API clients need them.

For each dependency with a name (``api_name`` a string) and a Python function: its
parameters (one per input component that has an API value, with the function's parameter
name, the component's JSON schema and a default when the component has an initial value)
and its returns. ``show_api=False`` endpoints are listed only with ``all_endpoints``;
``api_name=False`` ones never (they cannot be called).
"""

from __future__ import annotations

import inspect
from typing import Any

from .._graph import AppGraph, DependencySpec

__all__ = ["api_info"]

_PYTHON_TYPES = {
    "string": "str",
    "number": "float",
    "integer": "int",
    "boolean": "bool",
    "array": "list",
    "object": "dict",
}


def _python_type(schema: dict[str, Any]) -> dict[str, str]:
    """The ``python_type`` entry of a parameter or return value with this JSON schema."""
    properties = schema.get("properties", {})
    kind = schema.get("type")
    if "path" in properties and "meta" in properties:
        name = "filepath"
    elif isinstance(kind, str):
        name = _PYTHON_TYPES.get(kind, "Any")
    else:
        name = "Any"
    return {"type": name, "description": schema.get("description", "")}


def _parameter_defaults(dep: DependencySpec) -> list[tuple[str, bool, Any]]:
    """(name, has_default, default) of the function's value parameters, in order."""
    if dep.fn is None:
        return []
    try:
        parameters = inspect.signature(dep.fn).parameters
    except (TypeError, ValueError):
        return []
    out = []
    for name in dep.signature.value_params:
        parameter = parameters.get(name)
        has_default = parameter is not None and parameter.default is not inspect.Parameter.empty
        out.append((name, has_default, parameter.default if has_default else None))
    return out


def _endpoint(graph: AppGraph, dep: DependencySpec) -> dict[str, Any]:
    defaults = _parameter_defaults(dep)
    parameters = []
    for index, block_id in enumerate(dep.inputs):
        node = graph.block(block_id)
        if node.skip_api or node.block is None:
            continue
        block = node.block
        schema = block.api_info()
        initial = block.initial_value()
        if index < len(defaults) and defaults[index][0] not in ("api_name", "fn_index", "result_callbacks"):
            name, fn_has_default, fn_default = defaults[index]
        else:
            name, fn_has_default, fn_default = f"param_{index}", False, None
        has_default = initial is not None or (fn_has_default and fn_default is None)
        parameters.append(
            {
                "label": node.label or f"parameter_{block_id}",
                "parameter_name": name,
                "parameter_has_default": has_default,
                "parameter_default": initial,
                "type": schema,
                "python_type": _python_type(schema),
                "component": type(block).__name__,
                "example_input": block.example_payload(),
            }
        )
    returns = []
    for block_id in dep.outputs:
        node = graph.block(block_id)
        if node.skip_api or node.block is None:
            continue
        schema = node.block.api_info()
        returns.append(
            {
                "label": node.label or f"value_{block_id}",
                "type": schema,
                "python_type": _python_type(schema),
                "component": type(node.block).__name__,
            }
        )
    return {"parameters": parameters, "returns": returns, "show_api": dep.show_api}


def api_info(graph: AppGraph, *, all_endpoints: bool = False) -> dict[str, Any]:
    named: dict[str, Any] = {}
    for dep in graph.dependencies:
        if not isinstance(dep.api_name, str) or dep.fn is None or dep.role == "unload":
            continue
        if not dep.show_api and not all_endpoints:
            continue
        named[f"/{dep.api_name}"] = _endpoint(graph, dep)
    return {"named_endpoints": named, "unnamed_endpoints": {}}
