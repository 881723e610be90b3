"""What a request may hold, checked before any work: sizes, depths, lengths and types.

Every route reads its input through these functions, so a malformed request is answered
with a 4xx that names the field and says what to send instead -- never a 500 (a recursion
error, an unhashable session id) and never minutes of work on the event loop. The limits
are far above anything Gradio's own clients send:

* a JSON body of at most :data:`MAX_JSON_BYTES` (uploads have their own limit,
  ``launch(max_file_size=...)``);
* JSON nested at most :data:`MAX_DEPTH` deep (a Chatbot's history is 3 deep);
* ids (``session_hash``, ``event_id``, api names) of 1..:data:`MAX_ID_CHARS` printable
  characters;
* a file path of at most :data:`MAX_PATH_CHARS` characters (Linux's PATH_MAX: a longer
  path cannot name a file anyway).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from .._errors import SubmissionError

__all__ = [
    "MAX_DEPTH",
    "MAX_ID_CHARS",
    "MAX_JSON_BYTES",
    "MAX_PATH_CHARS",
    "check_depth",
    "optional_int",
    "read_json_object",
    "required_id",
    "valid_id",
]

MAX_JSON_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 100
MAX_ID_CHARS = 256
MAX_PATH_CHARS = 4096


def _refuse(message: str, status: int = 422) -> SubmissionError:
    return SubmissionError(message, status=status)


def check_depth(value: Any, *, field: str = "the request body") -> None:
    """Refuse ``value`` if its lists and objects nest deeper than MAX_DEPTH.

    Iterative, so no value -- however deep -- reaches Python's recursion limit here, and
    linear in the number of nodes: every node is visited once.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_DEPTH:
            raise _refuse(f"{field} is nested more than {MAX_DEPTH} levels deep; send flatter values.")
        stack.extend((child, depth + 1) for child in children)


async def read_json_object(request: Request) -> dict[str, Any]:
    """The request's JSON object body, bounded in size and depth."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_JSON_BYTES:
        raise _refuse(f"The request body is larger than {MAX_JSON_BYTES} bytes; send a smaller one.", 413)
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_JSON_BYTES:
            raise _refuse(f"The request body is larger than {MAX_JSON_BYTES} bytes; send a smaller one.", 413)
        chunks.append(chunk)
    try:
        body = json.loads(b"".join(chunks), parse_constant=_not_json)
    except RecursionError:
        raise _refuse(f"The request body is nested more than {MAX_DEPTH} levels deep; send flatter values.") from None
    except ValueError:  # includes UnicodeDecodeError
        raise _refuse("The request body is not JSON: send a JSON object.", 400) from None
    if not isinstance(body, dict):
        raise _refuse(f"The request body must be a JSON object, not {type(body).__name__}.", 400)
    check_depth(body)
    return body


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def valid_id(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_ID_CHARS and value.isprintable() and "/" not in value


def required_id(body: dict[str, Any], field: str, *, status: int = 422) -> str:
    """``body[field]``: a session or event id, 1..MAX_ID_CHARS printable characters without '/'."""
    value = body.get(field)
    if value is None:
        raise _refuse(f"`{field}` is missing: send the id as a string.", status)
    if not valid_id(value):
        shown = type(value).__name__ if not isinstance(value, str) else f"a string of {len(value)} characters"
        raise _refuse(
            f"`{field}` must be a string of 1 to {MAX_ID_CHARS} printable characters without '/', not {shown}.",
            status,
        )
    return value


def optional_int(body: dict[str, Any], field: str) -> int | None:
    """``body[field]``: an integer or null (a bool is not an integer here)."""
    value = body.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refuse(f"`{field}` must be an integer or null, not {type(value).__name__}.")
    return value


def input_list(body: dict[str, Any], *, default: list[Any] | None = None) -> list[Any]:
    """``body["data"]``: the list of input values."""
    data = body.get("data", default)
    if not isinstance(data, list):
        raise _refuse(f"`data` must be a list of input values, not {type(data).__name__}.")
    return data
