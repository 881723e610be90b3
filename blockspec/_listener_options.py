"""The documented listener parameters other than fn/inputs/outputs, checked once.

Every listener spelling (``btn.click``, ``.then``, ``.success``, ``gr.on``, ``demo.load``)
passes its keyword arguments through :func:`validate_options`, so a bad value is reported
the same way wherever it is written: the parameter, the value, and the fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ._errors import DefinitionError, DefinitionTypeError

if TYPE_CHECKING:
    from ._events import Dependency

__all__ = ["ListenerOptions", "validate_options", "TRIGGER_MODES", "SHOW_PROGRESS"]

TRIGGER_MODES = ("once", "multiple", "always_last")
SHOW_PROGRESS = ("full", "minimal", "hidden")


@attrs.frozen(kw_only=True)
class ListenerOptions:
    """The validated options of one listener call (defaults as documented)."""

    api_name: str | None | Literal[False] = None
    scroll_to_output: bool = False
    show_progress: str = "full"
    queue: bool | None = None
    batch: bool = False
    max_batch_size: int = 4
    preprocess: bool = True
    postprocess: bool = True
    cancels: tuple[Dependency, ...] = ()
    every: float | None = None
    trigger_mode: str | None = None
    js: str | None = None
    concurrency_limit: int | None | Literal["default"] = "default"
    concurrency_id: str | None = None
    show_api: bool = True


def _require_bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise DefinitionTypeError(name, value, "is not a bool", f"Pass True or False for `{name}`.")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _api_name(value: Any) -> str | None | Literal[False]:
    if value is None or value is False or isinstance(value, str):
        return value
    raise DefinitionTypeError(
        "api_name",
        value,
        "is not a name",
        "Pass a string, None (use the function's name) or False (not exposed).",
    )


def _show_progress(value: Any) -> str:
    # Gradio accepts booleans here and maps them; so do we.
    if value is True:
        return "full"
    if value is False:
        return "hidden"
    if value not in SHOW_PROGRESS:
        raise DefinitionError(
            "show_progress",
            value,
            "is not a progress style",
            "Use one of 'full', 'minimal', 'hidden'.",
        )
    return value


def _queue(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise DefinitionTypeError(
        "queue", value, "is not a bool or None", "Pass True, False, or None (use the app's setting)."
    )


def _max_batch_size(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise DefinitionTypeError("max_batch_size", value, "is not an integer", "Pass a whole number >= 1.")
    if value < 1:
        raise DefinitionError(
            "max_batch_size", value, "is less than 1", "Pass a whole number >= 1 (a batch holds at least one job)."
        )
    return value


def _cancels(value: Any) -> tuple[Dependency, ...]:
    from ._events import Dependency

    if value is None:
        return ()
    items = [value] if not isinstance(value, Sequence) or isinstance(value, str) else list(value)
    for item in items:
        if not isinstance(item, Dependency):
            raise DefinitionTypeError(
                "cancels",
                item,
                "is not an event",
                "Pass what a listener returned: `event = btn.click(...)`, then `cancels=[event]`.",
            )
    return tuple(items)


def _every(value: Any) -> float | None:
    if value is None:
        return None
    if not _is_number(value):
        raise DefinitionTypeError(
            "every", value, "is not a number of seconds", "Pass seconds as a number > 0, or None."
        )
    if value <= 0:
        raise DefinitionError(
            "every", value, "is not positive", "Pass a number of seconds > 0, or None for no repetition."
        )
    return value


def _trigger_mode(value: Any) -> str | None:
    if value is not None and value not in TRIGGER_MODES:
        raise DefinitionError(
            "trigger_mode",
            value,
            "is not a trigger mode",
            "Use one of 'once', 'multiple', 'always_last', or None for the event's default.",
        )
    return value


def _js(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise DefinitionTypeError(
        "js", value, "is not JavaScript source", "Pass the function's source as a string, or None."
    )


def _concurrency_limit(value: Any) -> int | None | Literal["default"]:
    if value is None or value == "default":
        return value
    if not isinstance(value, int) or isinstance(value, bool):
        raise DefinitionTypeError(
            "concurrency_limit",
            value,
            "is not an integer, None or 'default'",
            "Pass a whole number >= 1, None (unlimited) or 'default' (the queue's default_concurrency_limit).",
        )
    if value < 1:
        raise DefinitionError(
            "concurrency_limit",
            value,
            "is less than 1, so the event could never run",
            "Pass a whole number >= 1, or None for no limit.",
        )
    return value


def _concurrency_id(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise DefinitionTypeError(
        "concurrency_id",
        value,
        "is not a string",
        "Pass a group name as a string, or None for the function's own group.",
    )


def validate_options(
    *,
    api_name: Any = None,
    scroll_to_output: Any = False,
    show_progress: Any = "full",
    queue: Any = None,
    batch: Any = False,
    max_batch_size: Any = 4,
    preprocess: Any = True,
    postprocess: Any = True,
    cancels: Any = None,
    every: Any = None,
    trigger_mode: Any = None,
    js: Any = None,
    concurrency_limit: Any = "default",
    concurrency_id: Any = None,
    show_api: Any = True,
) -> ListenerOptions:
    """Check each option; raise :class:`DefinitionError` naming the first bad one."""
    options = ListenerOptions(
        api_name=_api_name(api_name),
        scroll_to_output=_require_bool("scroll_to_output", scroll_to_output),
        show_progress=_show_progress(show_progress),
        queue=_queue(queue),
        batch=_require_bool("batch", batch),
        max_batch_size=_max_batch_size(max_batch_size),
        preprocess=_require_bool("preprocess", preprocess),
        postprocess=_require_bool("postprocess", postprocess),
        cancels=_cancels(cancels),
        every=_every(every),
        trigger_mode=_trigger_mode(trigger_mode),
        js=_js(js),
        concurrency_limit=_concurrency_limit(concurrency_limit),
        concurrency_id=_concurrency_id(concurrency_id),
        show_api=_require_bool("show_api", show_api),
    )
    if options.batch and options.queue is False:
        # Batches are formed from the jobs waiting in the queue; an unqueued event has none.
        # Gradio 4.44.1 refuses this combination only at launch (blocks.py:2163).
        raise DefinitionError(
            "batch",
            True,
            "needs the queue, but this listener has queue=False (batches are formed from queued jobs)",
            "Remove queue=False, or set batch=False.",
        )
    return options
