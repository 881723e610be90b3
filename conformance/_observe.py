"""What a target hands back: a run's history, read as what the clients saw.

Checkers read only what a client can observe -- the joins it made (``job``/``submit``
records: session, event id, dependency), the messages it received (``message`` records,
each with its JSON), and the reference frontend's own ``client`` records (dispatches,
drops, refusals, cancel requests, errors) -- so the same checker judges the simulator, which
records more, and any HTTP server, which records only this.

Times are modelled seconds: a real-time run's clock is divided by its scale.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from blockspec._graph import AppGraph
from blockspec.engine import History, Record

__all__ = ["Run", "JobView", "Observation", "client_of"]


def client_of(session: str | None) -> str:
    """The scenario's client name of a session hash: ``a``, ``a#2`` (sim), ``a-1f3e`` (http)."""
    return (session or "").split("#")[0].split("-")[0]


@attrs.frozen(kw_only=True)
class Run:
    """One case played on one target."""

    graph: AppGraph
    history: History
    #: per client: {"values": {block_id: value}, "errors": [...]}
    clients: Mapping[str, Mapping[str, Any]]
    names: Mapping[str, int]
    seed: int = 0
    scale: float = 1.0
    repro: str | None = None


@attrs.define
class JobView:
    event_id: str
    session: str
    dep_id: int
    submitted: float
    seq: int
    started: float | None = None
    ended: float | None = None
    completions: int = 0
    success: bool | None = None
    generating: list[float] = attrs.Factory(list)
    estimations: list[float] = attrs.Factory(list)

    @property
    def client(self) -> str:
        return client_of(self.session)


class Observation:
    """A run, indexed for the checkers."""

    def __init__(self, run: Run, tolerance: float) -> None:
        self.run = run
        self.graph = run.graph
        self.tolerance = tolerance
        self.jobs: list[JobView] = []
        by_event: dict[str, JobView] = {}
        self.client_records: list[Record] = []
        for record in run.history:
            if record.kind == "job" and record.name == "submit" and record.event_id:
                job = JobView(record.event_id, record.session or "", record.dep_id or 0, record.t, record.seq)
                self.jobs.append(job)
                by_event[record.event_id] = job
            elif record.kind == "job" and record.name == "reject" and record.event_id in by_event:
                # refused at the door (the simulator records the attempt): not a job
                self.jobs.remove(by_event.pop(record.event_id))
            elif record.kind == "message" and record.event_id in by_event:
                job = by_event[record.event_id]
                if record.name == "process_starts" and job.started is None:
                    job.started = record.t
                elif record.name == "estimation":
                    job.estimations.append(record.t)
                elif record.name == "process_generating":
                    job.generating.append(record.t)
                elif record.name == "process_completed":
                    job.completions += 1
                    if job.ended is None:
                        job.ended = record.t
                        job.success = bool((record.payload or {}).get("success"))
            elif record.kind == "client":
                self.client_records.append(record)

    # -- naming ------------------------------------------------------------------------------

    def deps_of(self, fns: list[str] | str) -> set[int]:
        names = [fns] if isinstance(fns, str) else list(fns)
        found = {
            d.id
            for d in self.graph.dependencies
            if d.fn_name and (d.fn_name in names or d.fn_name.rsplit(".", 1)[-1] in names)
        }
        if not found:
            raise KeyError(f"no listener of the app runs a function named {names}")
        return found

    def block(self, name: Any) -> int:
        if isinstance(name, int):
            return name
        if name in self.run.names:
            return self.run.names[name]
        raise KeyError(f"no component named {name!r} in the app")

    def jobs_of(self, fns: list[str] | str, client: str | None = None) -> list[JobView]:
        deps = self.deps_of(fns)
        return [j for j in self.jobs if j.dep_id in deps and (client is None or j.client == client)]

    def client_events(self, name: str, client: str | None = None) -> list[Record]:
        return [r for r in self.client_records if r.name == name and (client is None or client_of(r.session) == client)]

    def value(self, client: str, target: Any) -> Any:
        return self.run.clients.get(client, {}).get("values", {}).get(self.block(target))

    def errors(self, client: str) -> list[dict[str, Any]]:
        return list(self.run.clients.get(client, {}).get("errors", []))
