"""A simulation's trace: the engine's history plus what the virtual clients did.

One list of :class:`~blockspec.engine.Record` in the order things happened. Engine records
are kinds "job", "message", "slot", "discard", "unload", "session", "file"; the virtual
clients add kind "client" records, whose ``name`` says what happened:

==============  ===============================================================
open / close     a client connected / its session ended (tab closed)
reconnect        the client reloaded: a new session
set              the user changed a component's value (detail: block, value)
trigger          the user fired an event (detail: block, event, event_data)
tick             a Timer ticked (detail: block)
dispatch         a dependency was dispatched (dep_id; detail: cause)
dropped          trigger_mode "once": dropped while the dependency was pending
deferred         trigger_mode "always_last": one rerun queued after the pending one
js_skipped       a listener's JavaScript has no Python stand-in (detail: js)
js_standin       a listener's JavaScript ran as its Python stand-in
output           an output changed a component's value (detail: block, value)
cascade          that change fired the component's .change (detail: block)
cycle            a .change cascade went deeper than allowed and was stopped
cancel_request   the client asked to cancel its submission (event_id)
error            a job ended in an error shown to the user (detail: title, message)
refused          the queue refused a submission (detail: message)
expect           a scripted expectation held or failed (detail: ok, ...)
fault            an injected fault fired (detail: kind, ...)
==============  ===============================================================

:meth:`Trace.jobs` folds the job records into one :class:`JobSpan` per job, which is what
the timeline, the Gantt view and the Chrome trace draw.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from .._graph import AppGraph
from ..engine import History, Record
from ..engine._failures import INJECTED
from ..engine._lifecycle import TERMINAL

__all__ = ["Trace", "JobSpan"]

#: the states a job's span ends in, as the records name them
_ENDED = tuple(state.value for state in TERMINAL)


@attrs.frozen(kw_only=True)
class JobSpan:
    """One job from submission to its end. Times are virtual seconds; None if not reached."""

    event_id: str
    session: str
    dep_id: int
    fn: str
    group: str | None
    submitted: float
    started: float | None
    ended: float | None
    outcome: str  # completed | failed | cancelled | rejected | pending
    yields: int = 0
    error: str | None = None
    #: the failure as the engine recorded it (type, message, gradio_error, frames), if failed
    failure: dict[str, Any] | None = attrs.field(default=None, eq=False)

    @property
    def app_failure(self) -> bool:
        """Whether the job's function raised something other than ``gr.Error`` (or a fault
        the scenario injected): a bug in the app, or in how it was driven."""
        failure = self.failure
        return bool(failure) and not failure.get("gradio_error") and failure.get("qualname") != INJECTED


class Trace:
    """The records of one simulation run, with the app graph to name things by."""

    def __init__(self, history: History, graph: AppGraph) -> None:
        self.history = history
        self.graph = graph

    @property
    def records(self) -> list[Record]:
        return self.history.records

    def __iter__(self) -> Iterator[Record]:
        return iter(self.history.records)

    def __len__(self) -> int:
        return len(self.history)

    def to_jsonl(self) -> str:
        """The trace as JSON lines: byte-identical for the same app, scenario and seed."""
        return self.history.to_jsonl()

    def of(self, kind: str, name: str | None = None) -> list[Record]:
        return self.history.select(kind, name)

    @property
    def sessions(self) -> list[str]:
        """Session hashes in the order they first appear."""
        seen: dict[str, None] = {}
        for record in self.history.records:
            if record.session is not None:
                seen.setdefault(record.session, None)
        return list(seen)

    @property
    def end_time(self) -> float:
        return self.history.end_time

    def fn_name(self, dep_id: int | None, session: str | None = None) -> str:
        """The function of dependency ``dep_id`` (of ``session``, for one a gr.render run added)."""
        if dep_id is None:
            return "-"
        if self.graph.has_dependency(dep_id):
            dep = self.graph.dependency(dep_id)
            return dep.fn_name or (f"js#{dep_id}" if dep.js else f"dep#{dep_id}")
        rendered = self._rendered_names()
        name = rendered.get((session, dep_id)) or rendered.get((None, dep_id))
        return name or f"dep#{dep_id}"

    def _rendered_names(self) -> dict[tuple[str | None, int], str]:
        # (session, id) -> function, from the runs' records; (None, id): the latest of any session.
        names: dict[tuple[str | None, int], str] = {}
        for record in self.history.select("render"):
            for info in record.payload["dependencies"]:
                name = info["fn"] or f"dep#{info['id']}"
                names[(record.session, info["id"])] = name
                names[(None, info["id"])] = name
        return names

    def block_name(self, block_id: int | None, session: str | None = None) -> str:
        """What to call block ``block_id`` (of ``session``, for one a gr.render run made)."""
        if block_id is None:
            return "-"
        if block_id == 0:
            return "app"
        try:
            node = self.graph.block(block_id)
        except KeyError:
            rendered = self._rendered_blocks()
            name = rendered.get((session, block_id)) or rendered.get((None, block_id))
            if name is None:
                raise
            return name
        text = getattr(node.block, "value", None) if node.type == "button" else None
        return node.label or node.elem_id or (text if isinstance(text, str) else None) or f"{node.type}#{block_id}"

    def _rendered_blocks(self) -> dict[tuple[str | None, int], str]:
        # (session, id) -> name, from the runs' records; (None, id): the latest of any session.
        names: dict[tuple[str | None, int], str] = {}
        for record in self.history.select("render"):
            for block_id, name in record.payload.get("names", ()):
                names[(record.session, block_id)] = name
                names[(None, block_id)] = name
        return names

    def jobs(self) -> list[JobSpan]:
        """One span per job, in submission order."""
        spans: dict[str, dict[str, Any]] = {}
        for record in self.history.select("job"):
            if record.event_id is None:
                continue
            span = spans.get(record.event_id)
            if span is None:
                span = spans[record.event_id] = {
                    "event_id": record.event_id,
                    "session": record.session,
                    "dep_id": record.dep_id,
                    "fn": self.fn_name(record.dep_id, record.session),
                    "group": record.group,
                    "submitted": record.t,
                    "started": None,
                    "ended": None,
                    "outcome": "pending",
                    "yields": 0,
                    "error": None,
                    "failure": None,
                }
            if record.name in ("start", "run_direct"):
                span["started"] = record.t
            elif record.name == "yield":
                span["yields"] += 1
            elif record.state in _ENDED:
                span["ended"] = record.t
                span["outcome"] = record.state
                if record.name == "raise" and record.detail:
                    span["failure"] = record.payload
                    span["error"] = record.payload.get("message")
        return [JobSpan(**span) for span in spans.values()]

    def app_failures(self) -> list[JobSpan]:
        """The jobs whose function raised something other than ``gr.Error`` (see
        :attr:`JobSpan.app_failure`), in submission order."""
        return [job for job in self.jobs() if job.app_failure]

    def queue_depth(self) -> list[tuple[float, int]]:
        """(time, number of waiting jobs) at each change."""
        depth, out = 0, []
        for record in self.history.select("job"):
            if record.name == "accept":
                depth += 1
            elif record.name == "start" or (
                record.name in ("cancel", "close") and (record.payload or {}).get("from") == "queued"
            ):
                depth -= 1
            else:
                continue
            out.append((record.t, depth))
        return out
