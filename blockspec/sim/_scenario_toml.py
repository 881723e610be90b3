"""A scenario written back as TOML: the format ``Scenario.from_toml`` reads.

``scenario_toml(s)`` read back by ``Scenario.from_dict(tomllib.loads(...))`` gives ``s`` again
(lists come back as lists; a scenario built with tuples for values compares equal once its
values are lists). Keys left at their defaults are not written.
"""

from __future__ import annotations

import json
import math
from typing import Any

import attrs

from ._scenario import _MISSING, Scenario

__all__ = ["scenario_toml"]


def scenario_toml(scenario: Scenario, *, comment: str | None = None) -> str:
    """``scenario`` as a TOML document (``comment``: lines put at its top)."""
    out: list[str] = [f"# {line}" for line in (comment or "").splitlines()]
    run = {
        "until": scenario.until,
        "seed": scenario.seed,
        "group_order": scenario.group_order,
        "interleaving": scenario.interleaving,
    }
    out += ["[run]", *_pairs(run, defaults={"group_order": "fifo", "interleaving": "fifo"}), ""]
    for table in ("durations", "queue", "launch"):
        pairs = getattr(scenario, table)
        if pairs:
            out += [f"[{table}]", *(f"{_key(name)} = {_value(v)}" for name, v in pairs), ""]
    for client in scenario.clients:  # each one, so the order they connect in is kept
        out += ["[[client]]", *_pairs(attrs.asdict(client), defaults={"at": 0.0}), ""]
    for action in scenario.actions:
        out += ["[[action]]", *_pairs(attrs.asdict(action, recurse=False)), ""]
    for fault in scenario.faults:
        defaults = {f.name: f.default for f in attrs.fields(type(fault)) if f.name != "kind"}
        out += ["[[fault]]", *_pairs(attrs.asdict(fault, recurse=False), defaults=defaults), ""]
    for expectation in scenario.expectations:
        fields = attrs.asdict(expectation, recurse=False)
        if fields["equals"] is _MISSING:
            del fields["equals"]
        out += ["[[expect]]", *_pairs(fields, defaults={"no_errors": False}), ""]
    for allowed in scenario.expected_failures:
        out += ["[[expect]]", *_pairs(attrs.asdict(allowed, recurse=False)), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _pairs(fields: dict[str, Any], *, defaults: dict[str, Any] | None = None) -> list[str]:
    defaults = defaults or {}
    return [
        f"{_key(name)} = {_value(value)}"
        for name, value in fields.items()
        if value is not None and not (name in defaults and value == defaults[name])
    ]


def _key(name: str) -> str:
    bare = name and all(ch.isalnum() or ch in "-_" for ch in name)
    return name if bare else json.dumps(name)


def _value(value: Any) -> str:
    """A TOML value. A None inside a list or table has no TOML form: it is an error."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(str(k))} = {_value(v)}" for k, v in value.items() if v is not None) + "}"
    raise TypeError(f"a scenario value {value!r} has no TOML form; use strings, numbers, booleans, lists, tables")
