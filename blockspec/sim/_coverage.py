"""What a run explored: the "sometimes" events a campaign should reach, counted on a trace.

A seed sweep is only worth its seeds if they take the app somewhere: a cancel that lands on
a generator mid-stream, a queue that fills up, concurrency groups served out of arrival
order, a tab closed while its answer streams in. Each such event is one :class:`Sometimes`
(a name, the sentence a report shows) and :func:`reached` counts all of them in one pass
over a run's records. The campaign summary adds the counts up per seed, so a user can see
that the seeds explored something -- and which corners no seed reached.
"""

from __future__ import annotations

import json
from collections import defaultdict

import attrs

from .._graph import AppGraph
from ..engine import History

__all__ = ["Sometimes", "SOMETIMES", "reached"]


@attrs.frozen(kw_only=True)
class Sometimes:
    """An event a run may or may not reach."""

    name: str
    says: str


#: Every event counted, in the order reports list them.
SOMETIMES: tuple[Sometimes, ...] = (
    Sometimes(name="cancel-mid-stream", says="a cancel hit a running generator (after its first yield)"),
    Sometimes(name="cancel-running", says="a cancel hit a running function before it yielded"),
    Sometimes(name="cancel-waiting", says="a cancel removed a job still waiting in the queue"),
    Sometimes(name="queue-full", says="the queue was full and refused a submission"),
    Sometimes(name="groups-out-of-order", says="a concurrency group was served before an older job of another group"),
    Sometimes(name="closed-mid-stream", says="a tab closed while its generator was streaming"),
    Sometimes(name="unload-mid-stream", says="an unload ran for a session closed mid-stream"),
    Sometimes(name="batch", says="a batch ran more than one job"),
    Sometimes(name="result-discarded", says="a cancelled function finished and its result was dropped"),
    Sometimes(name="trigger-dropped", says="a trigger was dropped while its listener was pending (mode once)"),
    Sometimes(name="rerun-deferred", says="an always_last rerun was queued behind a pending run"),
    Sometimes(name="fault-fired", says="an injected fault fired"),
    Sometimes(name="error-shown", says="a function's error reached a user (not a refusal: queue-full)"),
    Sometimes(name="cascade-stopped", says="a .change cascade was stopped as a cycle"),
)

_NAMES = tuple(event.name for event in SOMETIMES)

#: (record kind, record name) -> the event it is, for the events one record says outright
_DIRECT = {
    ("job", "reject"): "queue-full",
    ("discard", "result"): "result-discarded",
    ("client", "dropped"): "trigger-dropped",
    ("client", "deferred"): "rerun-deferred",
    ("client", "fault"): "fault-fired",
    ("client", "error"): "error-shown",
    ("client", "cycle"): "cascade-stopped",
}


def reached(history: History, graph: AppGraph) -> dict[str, int]:
    """How often each event of :data:`SOMETIMES` happened in ``history`` (zeros left out)."""
    counts: dict[str, int] = defaultdict(int)
    max_threads = graph.launch.max_threads
    # The queue as the records tell it: waiting jobs per group (oldest first) with the order
    # they were accepted in, running runs per group, each group's limit.
    accepted: dict[str, int] = {}
    waiting: dict[str | None, list[str]] = defaultdict(list)
    running: dict[str | None, int] = defaultdict(int)
    limits: dict[str | None, int | None] = {}
    running_total = 0
    streaming_closed: dict[str | None, float] = {}
    for record in history:
        kind, name = record.kind, record.name
        direct = _DIRECT.get((kind, name))
        if direct is not None:
            counts[direct] += 1
        if kind == "render":
            # Listeners a gr.render run added have groups of their own (see blockspec/_render.py).
            for info in record.payload["dependencies"]:
                limits.setdefault(info["group"], info["limit"])
        if kind == "job":
            if name == "accept":
                accepted[record.event_id] = record.seq  # type: ignore[index]
                waiting[record.group].append(record.event_id)  # type: ignore[arg-type]
                if record.group not in limits and record.dep_id is not None:
                    limits[record.group] = graph.concurrency_limit_of(graph.dependency(record.dep_id))
            elif name in ("cancel", "close"):
                was = json.loads(record.detail_text or "{}").get("from")
                if record.event_id in waiting[record.group]:
                    waiting[record.group].remove(record.event_id)  # type: ignore[arg-type]
                if name == "cancel":
                    event = {"generating": "cancel-mid-stream", "running": "cancel-running", "queued": "cancel-waiting"}
                    if was in event:
                        counts[event[was]] += 1
                elif was == "generating":
                    counts["closed-mid-stream"] += 1
                    streaming_closed[record.session] = record.t
        elif kind == "slot" and record.group is not None:
            jobs = record.payload
            if name == "acquire":
                if len(jobs) > 1:
                    counts["batch"] += 1
                head = accepted.get(jobs[0], -1)
                if running_total < max_threads and any(
                    group != record.group
                    and queue
                    and accepted.get(queue[0], head) < head
                    and (limits.get(group) is None or running[group] < limits[group])  # type: ignore[operator]
                    for group, queue in waiting.items()
                ):
                    counts["groups-out-of-order"] += 1
                for event_id in jobs:
                    if event_id in waiting[record.group]:
                        waiting[record.group].remove(event_id)
                running[record.group] += 1
                running_total += 1
            else:
                running[record.group] -= 1
                running_total -= 1
        elif kind == "unload" and name == "start" and streaming_closed.get(record.session) is not None:
            counts["unload-mid-stream"] += 1
            streaming_closed[record.session] = None  # type: ignore[assignment]
    return {name: counts[name] for name in _NAMES if counts[name]}
