"""The messages a session receives on ``/gradio_api/queue/data``, as frozen records.

Each record's :meth:`to_json` is exactly the object current Gradio sends (key order
included), and :meth:`dumps` its compact JSON text -- the bytes of one SSE ``data:`` line.
Payloads (output data, progress stacks) are kept as given and must be JSON values.
"""

from __future__ import annotations

from typing import Any

import attrs

from .._json import compact_json

__all__ = [
    "Message",
    "Estimation",
    "ProcessStarts",
    "Progress",
    "Log",
    "ProcessGenerating",
    "ProcessCompleted",
    "CloseStream",
    "Heartbeat",
    "error_output",
    "success_output",
    "CANCELLED_OUTPUT",
]


@attrs.frozen(kw_only=True)
class Message:
    """Base of the queue messages; ``event_id`` is None for session-level ones."""

    event_id: str | None = None

    @property
    def msg(self) -> str:
        raise NotImplementedError

    def to_json(self) -> dict[str, Any]:
        return {"msg": self.msg, "event_id": self.event_id}

    def dumps(self) -> str:
        return compact_json(self.to_json())

    @property
    def is_terminal(self) -> bool:
        return False


@attrs.frozen(kw_only=True)
class Estimation(Message):
    """Where a waiting job stands in its concurrency group (0-based ``rank``)."""

    rank: int | None
    queue_size: int
    rank_eta: float | None

    msg = "estimation"

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "rank": self.rank, "queue_size": self.queue_size, "rank_eta": self.rank_eta}


@attrs.frozen(kw_only=True)
class ProcessStarts(Message):
    """The job got a slot and its function is being called; ``eta`` is its average duration."""

    eta: float | None

    msg = "process_starts"

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "eta": self.eta}


@attrs.frozen(kw_only=True)
class Progress(Message):
    """A progress update: the tracker's stack of {index, length, unit, progress, desc}."""

    progress_data: tuple[dict[str, Any], ...]

    msg = "progress"

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "progress_data": [dict(p) for p in self.progress_data]}


@attrs.frozen(kw_only=True)
class Log(Message):
    """``gr.Info`` / ``gr.Warning`` from inside the function."""

    log: str
    level: str
    duration: float | None
    visible: bool
    title: str

    msg = "log"

    def to_json(self) -> dict[str, Any]:
        return {
            **super().to_json(),
            "log": self.log,
            "level": self.level,
            "duration": self.duration,
            "visible": self.visible,
            "title": self.title,
        }


def success_output(
    data: list[Any],
    *,
    is_generating: bool | None,
    duration: float,
    average_duration: float | None,
    changed_state_ids: tuple[int, ...] = (),
    render_config: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``output`` object of a successful generating or completed message (a gr.render
    job's carries what the client re-renders, ``render_config``)."""
    return {
        "data": data,
        "is_generating": is_generating,
        "duration": duration,
        "average_duration": average_duration,
        "render_config": render_config,
        "changed_state_ids": list(changed_state_ids),
        "used_cache": None,
    }


def error_output(
    message: str | None, *, duration: float | None = None, visible: bool | None = None, title: str | None = None
) -> dict[str, Any]:
    """The ``output`` object of a failure: only the keys Gradio includes for this kind."""
    out: dict[str, Any] = {"error": message}
    if duration is not None:
        out["duration"] = duration
    if visible is not None:
        out["visible"] = visible
    if title is not None:
        out["title"] = title
    return out


#: What a cancelled job's client receives: a completion with empty output (Gradio's form).
CANCELLED_OUTPUT: dict[str, Any] = {}


@attrs.frozen(kw_only=True)
class ProcessGenerating(Message):
    """One yield of a generator: full values the first time, then per-output diffs."""

    output: dict[str, Any]
    success: bool = True

    msg = "process_generating"

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "output": self.output, "success": self.success, "time_limit": None}


@attrs.frozen(kw_only=True)
class ProcessCompleted(Message):
    """The job's one terminal message: success with data, failure with an error, or cancelled."""

    output: dict[str, Any]
    success: bool
    title: str | None = None

    msg = "process_completed"

    @property
    def is_terminal(self) -> bool:
        return True

    def to_json(self) -> dict[str, Any]:
        done = self.success and "data" in self.output
        return {
            **super().to_json(),
            "output": self.output,
            "success": self.success,
            "title": self.title,
            "used_cache": None,
            "cache_duration": self.output.get("duration") if done else None,
            "avg_time": self.output.get("average_duration") if done else None,
        }


@attrs.frozen(kw_only=True)
class CloseStream(Message):
    """The session has nothing pending: an sse_v3 stream ends here."""

    msg = "close_stream"


@attrs.frozen(kw_only=True)
class Heartbeat(Message):
    """Keeps a quiet stream alive."""

    msg = "heartbeat"
