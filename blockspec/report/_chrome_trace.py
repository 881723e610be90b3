"""A trace in the Chrome Trace Event Format, for Perfetto (ui.perfetto.dev) and chrome://tracing.

Everything is one process (pid 1). Each session is a thread (tid 1, 2, ... in order of
appearance) carrying its client's instants; tid 0, "queue", carries the queue-depth counter.
Each job is a nestable async span (``b``/``e``, cat "job", id = its event id) holding a
"queued" span while it waited and a "running" span while it ran.

Times are virtual seconds, written as integer microseconds. The events are sorted by a total
key, so one trace always gives the same bytes (:func:`chrome_trace_bytes`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ._timeline import horizon

if TYPE_CHECKING:  # only for annotations: the report must import without the simulator
    from ..engine import Record
    from ..sim._trace import JobSpan, Trace

__all__ = ["chrome_trace", "chrome_trace_bytes"]

PID = 1
QUEUE_TID = 0

#: Client records drawn as instants on their session's thread.
_INSTANTS: tuple[str, ...] = (
    "trigger",
    "set",
    "tick",
    "cancel_request",
    "close",
    "reconnect",
    "dropped",
    "deferred",
    "cycle",
    "error",
    "refused",
)

# Sort classes: at one timestamp, metadata first, then spans, then instants, then counters.
_META, _SPAN, _INSTANT, _COUNTER = range(4)


def _us(t: float) -> int:
    return round(t * 1_000_000)


def _job_events(job: JobSpan, tid: int, end_of_trace: float) -> list[dict[str, Any]]:
    """The job's span and its queued/running spans, in nesting order.

    A job that never ended is closed at the end of the trace, as "pending". Times are
    compared as integer microseconds, so rounding cannot make an inner span outlast its job.
    """
    submitted = _us(job.submitted)
    ended = _us(job.ended if job.ended is not None else end_of_trace)
    started = None if job.started is None else min(_us(job.started), ended)
    waited_until = started if started is not None else ended
    common = {"cat": "job", "id": job.event_id, "pid": PID, "tid": tid}
    args: dict[str, Any] = {"event_id": job.event_id, "outcome": job.outcome, "dep_id": job.dep_id}
    if job.failure:
        args["failure"] = job.failure
    events = [{**common, "ph": "b", "name": job.fn, "ts": submitted, "args": args}]
    if waited_until > submitted:
        events.append({**common, "ph": "b", "name": "queued", "ts": submitted})
        events.append({**common, "ph": "e", "name": "queued", "ts": waited_until})
    if started is not None:
        events.append({**common, "ph": "b", "name": "running", "ts": started})
        events.append({**common, "ph": "e", "name": "running", "ts": ended})
    events.append({**common, "ph": "e", "name": job.fn, "ts": ended})
    return events


def _record_args(record: Record) -> dict[str, Any]:
    payload = record.payload if record.detail is not None else None
    args: dict[str, Any] = dict(payload) if isinstance(payload, dict) else {}
    if payload is not None and not isinstance(payload, dict):
        args["detail"] = payload
    # The record's own ids say which job or dependency an instant is about.
    if record.event_id is not None:
        args.setdefault("event_id", record.event_id)
    if record.dep_id is not None:
        args.setdefault("dep_id", record.dep_id)
    return args


def chrome_trace(trace: Trace) -> dict[str, Any]:
    """The trace as a Chrome Trace Event Format object (``{"traceEvents": [...], ...}``)."""
    sessions = trace.sessions
    tids = {session: i for i, session in enumerate(sessions, start=1)}
    end_of_trace = horizon(trace)
    keyed: list[tuple[tuple[int, int, int, int], dict[str, Any]]] = []

    def meta(name: str, tid: int, value: str) -> None:
        event = {"ph": "M", "name": name, "pid": PID, "tid": tid, "ts": 0, "args": {"name": value}}
        keyed.append(((0, _META, len(keyed), 0), event))

    meta("process_name", QUEUE_TID, trace.graph.settings.title)
    meta("thread_name", QUEUE_TID, "queue")
    for session in sessions:
        meta("thread_name", tids[session], session)

    # Within a job the events are in nesting order; at equal timestamps the key keeps that
    # order (job index, then position), so a zero-length span still opens before it closes.
    for index, job in enumerate(trace.jobs()):
        for position, event in enumerate(_job_events(job, tids.get(job.session, QUEUE_TID), end_of_trace)):
            keyed.append(((event["ts"], _SPAN, index, position), event))

    for record in trace.records:
        if record.kind == "client" and record.name in _INSTANTS:
            name, cat, args = record.name, "client", _record_args(record)
        elif record.kind == "unload" and record.name == "start":
            name, cat, args = "unload", "unload", {"dep_id": record.dep_id, "fn": trace.fn_name(record.dep_id)}
        else:
            continue
        tid = tids.get(record.session, QUEUE_TID) if record.session is not None else QUEUE_TID
        event = {"ph": "i", "s": "t", "name": name, "cat": cat, "pid": PID, "tid": tid, "ts": _us(record.t)}
        event["args"] = args
        keyed.append(((event["ts"], _INSTANT, record.seq, 0), event))

    for index, (t, waiting) in enumerate(trace.queue_depth()):
        event = {"ph": "C", "name": "queue depth", "pid": PID, "tid": QUEUE_TID, "ts": _us(t)}
        event["args"] = {"waiting": waiting}
        keyed.append(((event["ts"], _COUNTER, index, 0), event))

    keyed.sort(key=lambda pair: pair[0])
    return {
        "traceEvents": [event for _, event in keyed],
        "displayTimeUnit": "ms",
        "otherData": {"producer": "blockspec", "app": trace.graph.settings.title},
    }


def chrome_trace_bytes(trace: Trace) -> bytes:
    """:func:`chrome_trace` as compact JSON with sorted keys: the same trace, the same bytes."""
    return json.dumps(chrome_trace(trace), separators=(",", ":"), sort_keys=True).encode()
