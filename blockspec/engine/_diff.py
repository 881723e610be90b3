"""Generator updates on the wire: the edit lists sse_v2+ clients apply to their last value.

An edit is ``[action, path, value]`` with action "replace", "append" (string or list
growth), "add" or "delete" (list index or dict key). Clients apply a diff's edits in order.

:func:`diff` guarantees ``apply_diff(old, diff(old, new)) == new`` for JSON values, with
the same in-order application the Gradio clients use. (Gradio's own diff deletes the tail of
a shrinking list lowest index first, which removes the wrong items when a list shrinks by
two or more; blockspec deletes highest index first.) Values of different JSON types never
compare equal here (``1`` vs ``1.0``, ``true`` vs ``1``).
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["diff", "apply_diff"]

Path = list[Any]


def _same_scalar(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _edits(old: Any, new: Any, path: Path, out: list[list[Any]]) -> None:
    if type(old) is not type(new):
        out.append(["replace", path, new])
    elif isinstance(old, str):
        if old == new:
            return
        if new.startswith(old):
            out.append(["append", path, new[len(old) :]])
        else:
            out.append(["replace", path, new])
    elif isinstance(old, list):
        common = min(len(old), len(new))
        for i in range(common):
            _edits(old[i], new[i], [*path, i], out)
        for i in range(len(old) - 1, common - 1, -1):
            out.append(["delete", [*path, i], None])
        for i in range(common, len(new)):
            out.append(["add", [*path, i], new[i]])
    elif isinstance(old, dict):
        for key in old:
            if key in new:
                _edits(old[key], new[key], [*path, key], out)
            else:
                out.append(["delete", [*path, key], None])
        for key in new:
            if key not in old:
                out.append(["add", [*path, key], new[key]])
    elif not _same_scalar(old, new):
        out.append(["replace", path, new])


def diff(old: Any, new: Any) -> list[list[Any]]:
    """The edits that turn ``old`` into ``new`` (empty if they are the same JSON value)."""
    out: list[list[Any]] = []
    _edits(old, new, [], out)
    return out


def apply_diff(value: Any, edits: list[list[Any]]) -> Any:
    """Apply ``edits`` in order to a copy of ``value``, as the clients do."""
    target = copy.deepcopy(value)
    for action, path, item in edits:
        if not path:
            if action == "replace":
                target = item
            elif action == "append":
                target = target + item
            else:
                raise ValueError(f"edit {action!r} needs a path")
            continue
        holder = target
        for key in path[:-1]:
            holder = holder[key]
        last = path[-1]
        if action == "replace":
            holder[last] = item
        elif action == "append":
            holder[last] = holder[last] + item
        elif action == "add":
            if isinstance(holder, list):
                holder.insert(int(last), item)
            else:
                holder[last] = item
        elif action == "delete":
            del holder[int(last) if isinstance(holder, list) else last]
        else:
            raise ValueError(f"unknown edit {action!r}")
    return target
