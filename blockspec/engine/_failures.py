"""What the engine records when an app function fails: enough for the app's author to act.

A failure's record (the ``detail`` of a job's ``raise`` transition, hence ``trace.jsonl``)
holds the exception's type and message, whether it was a ``gr.Error`` (raised on purpose,
shown to the user as such), and the traceback frames that belong to the app: blockspec's own
frames and those of the machinery around a call (trio, asyncio, threads) are left out, so
what remains is the path through the app's code, innermost last. ``show_error`` plays no
part here: it governs only what clients are sent; the person reading a trace or a server's
console is the app's author.
"""

from __future__ import annotations

import json
import os
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

import trio

import blockspec

from .._errors import Error

__all__ = ["describe_failure", "failure_json", "format_failure", "INJECTED"]

#: The qualified name of the exception a ``raise`` fault injects (``blockspec.sim``): a
#: scenario's own doing, not the app's.
INJECTED = "blockspec.sim._faults.InjectedFault"


def _machinery_dirs() -> tuple[str, ...]:
    import asyncio
    import concurrent.futures
    import importlib.util
    import threading

    import outcome

    dirs = [Path(blockspec.__file__).parent, Path(trio.__file__).parent, Path(outcome.__file__).parent]
    dirs += [Path(asyncio.__file__).parent, Path(concurrent.futures.__file__).parent]
    # Found, not imported: importing trio-asyncio patches asyncio for the whole process
    # (blockspec/_asyncio_bridge.py imports it only when an app needs it, and undoes the part
    # that breaks other asyncio users).
    spec = importlib.util.find_spec("trio_asyncio")
    if spec is not None and spec.origin is not None:
        dirs.append(Path(spec.origin).parent)
    files = (str(Path(threading.__file__)),)
    return tuple(str(d) + os.sep for d in dirs) + files


_MACHINERY = _machinery_dirs()


def _shown_path(filename: str) -> str:
    try:
        return os.path.relpath(filename)
    except ValueError:  # another drive (Windows)
        return filename


def app_frames(tb: TracebackType | None) -> list[str]:
    """``path:line in function`` for each frame of ``tb`` in the app's code, outermost first."""
    frames = []
    for summary in traceback.extract_tb(tb):
        if summary.filename.startswith(_MACHINERY):
            continue
        frames.append(f"{_shown_path(summary.filename)}:{summary.lineno} in {summary.name}")
    return frames


def _defined_at(fn: Any) -> str | None:
    code = getattr(getattr(fn, "__func__", fn), "__code__", None)
    if code is None:
        return None
    return f"{_shown_path(code.co_filename)}:{code.co_firstlineno}"


def describe_failure(exc: BaseException, fn: Any = None) -> dict[str, Any]:
    """A failure as JSON-ready data (see the module docstring)."""
    kind = type(exc)
    described: dict[str, Any] = {
        "type": kind.__name__,
        "message": str(exc),
        "qualname": f"{kind.__module__}.{kind.__qualname__}",
        "gradio_error": isinstance(exc, Error),
        "frames": app_frames(exc.__traceback__),
    }
    where = _defined_at(fn) if fn is not None else None
    if where is not None:
        described["fn_defined_at"] = where
    return described


def failure_json(exc: BaseException, fn: Any = None) -> str:
    return json.dumps(describe_failure(exc, fn))


def format_failure(described: dict[str, Any], *, indent: str = "  ") -> str:
    """A failure as text: the app's frames, then ``Type: message`` (as Python prints it)."""
    lines = [f"{indent}{frame}" for frame in described.get("frames", [])]
    if not lines and described.get("fn_defined_at"):
        lines.append(f"{indent}(function defined at {described['fn_defined_at']})")
    lines.append(f"{indent}{described.get('type')}: {described.get('message')}")
    return "\n".join(lines)
