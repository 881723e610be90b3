"""How an endpoint gets its name (``api_name``), as documented and as Gradio does it.

None (the default) means the function's name, with punctuation other than ``-`` and ``_``
removed (so a lambda is ``lambda``). A name already taken in the app gets the first free
suffix ``_1``, ``_2``, ... -- explicit names included. ``False`` means: not exposed at all.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Collection
from typing import Any

__all__ = ["base_name", "unique_name"]

_DROP = frozenset(string.punctuation) - {"-", "_"}


def base_name(fn: Callable[..., Any] | None, js: str | None, *, hint: str | None = None) -> tuple[str, bool]:
    """The name before de-duplication, and whether the endpoint is forced private.

    A listener with no function is private: ``js_fn`` when it only runs JavaScript,
    ``unnamed`` otherwise.
    """
    if hint is not None:
        return hint, False
    if fn is None:
        return ("js_fn" if js is not None else "unnamed"), True
    name = getattr(fn, "__name__", None) or type(fn).__name__ or "unnamed"
    return "".join(ch for ch in name if ch not in _DROP), False


def unique_name(name: str, taken: Collection[str]) -> str:
    """``name``, or ``name_N`` with the smallest N >= 1 not in ``taken``."""
    if name not in taken:
        return name
    n = 1
    while f"{name}_{n}" in taken:
        n += 1
    return f"{name}_{n}"
