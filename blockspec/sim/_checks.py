"""Invariants every run must keep, checked on its trace alone.

These are the engine's promises (and the docs'), stated over the recorded history so that
any run -- a simulation, a property test, a recorded server session -- can be judged:

* ``terminal-once``: every accepted job gets exactly one terminal message and nothing after;
* ``group-limit``: running runs per concurrency group never exceed the group's limit;
* ``max-threads``: running queued runs never exceed ``max_threads``;
* ``fifo``: within a group, a run starts with the oldest waiting job;
* ``batch-size``: a batch never holds more than ``max_batch_size`` jobs;
* ``max-size``: waiting jobs never exceed ``max_size``;
* ``unload-once``: unload functions ran once per closed session, never for open ones;
* ``lifecycle``: each job's recorded transitions are rows of the lifecycle table, in order
  from RECEIVED (so the table, not the engine's code, is what the histories are held to).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import attrs

from .._graph import AppGraph, DependencySpec
from ..engine import History, JobState, JobTrigger, LifecycleViolation
from ..engine._lifecycle import advance

__all__ = ["Violation", "check_invariants", "CHECKS"]

#: The invariants, by the names violations carry.
CHECKS = (
    "terminal-once",
    "group-limit",
    "max-threads",
    "fifo",
    "batch-size",
    "max-size",
    "unload-once",
    "lifecycle",
)


@attrs.frozen(kw_only=True)
class Violation:
    """A broken invariant: which, where in the trace (record seq), and what happened."""

    check: str
    seq: int | None
    message: str

    def __str__(self) -> str:
        where = f" (record {self.seq})" if self.seq is not None else ""
        return f"{self.check}{where}: {self.message}"


def check_invariants(history: History, graph: AppGraph, *, settled: bool = True) -> list[Violation]:
    """Every violation of the invariants above in ``history`` (empty: the run is sound).

    ``settled=False`` says the run was stopped with work in flight (a hanging function, a
    time limit): jobs still pending then are not violations.
    """
    out: list[Violation] = []
    deps = graph.dependencies
    max_size = graph.queue.max_size
    max_threads = graph.launch.max_threads
    accepted: dict[str, int] = {}
    terminal: dict[str, int] = {}
    queued: dict[str | None, list[str]] = defaultdict(list)
    waiting = 0
    running: dict[str | None, int] = defaultdict(int)
    running_total = 0
    closed: dict[str, int] = {}
    unloads: dict[str, int] = defaultdict(int)
    states: dict[str, JobState] = {}
    # Listeners gr.render runs added (ids per session): (group, id) -> what the run recorded.
    rendered: dict[tuple[str | None, int], dict[str, Any]] = {}
    for record in history:
        if record.kind == "render":
            for info in record.payload["dependencies"]:
                rendered[(info["group"], info["id"])] = info
        if record.kind == "job":
            if record.name == "submit":
                states[record.event_id] = JobState.RECEIVED
            else:
                try:
                    states[record.event_id] = advance(states[record.event_id], JobTrigger(record.name))
                except (KeyError, ValueError, LifecycleViolation) as exc:
                    out.append(Violation(check="lifecycle", seq=record.seq, message=f"{record.event_id}: {exc}"))
                else:
                    if states[record.event_id].value != record.state:
                        out.append(
                            Violation(
                                check="lifecycle",
                                seq=record.seq,
                                message=f"{record.event_id} recorded {record.state}, the table says "
                                f"{states[record.event_id].value}",
                            )
                        )
            if record.name in ("accept", "run_direct"):
                accepted[record.event_id] = record.seq
            if record.name == "accept":
                queued[record.group].append(record.event_id)
                waiting += 1
                if max_size is not None and waiting > max_size:
                    out.append(Violation(check="max-size", seq=record.seq, message=f"{waiting} jobs waiting"))
            elif record.name in ("cancel", "close") and record.event_id in queued[record.group]:
                queued[record.group].remove(record.event_id)
                waiting -= 1
        elif record.kind == "message" and record.event_id is not None:
            if record.event_id in terminal:
                out.append(
                    Violation(
                        check="terminal-once",
                        seq=record.seq,
                        message=f"{record.name} for {record.event_id} after its terminal message",
                    )
                )
            elif record.name == "process_completed":
                terminal[record.event_id] = record.seq
        elif record.kind == "slot" and record.group is not None:
            jobs = record.payload
            limit, batch, max_batch_size = _group_facts(graph, deps, rendered, record.group, record.dep_id)
            if record.name == "acquire":
                head = jobs[0]
                if not queued[record.group] or queued[record.group][0] != head:
                    out.append(Violation(check="fifo", seq=record.seq, message=f"{head} started before older jobs"))
                for event_id in jobs:
                    if event_id in queued[record.group]:
                        queued[record.group].remove(event_id)
                        waiting -= 1
                running[record.group] += 1
                running_total += 1
                if limit is not None and running[record.group] > limit:
                    out.append(
                        Violation(
                            check="group-limit",
                            seq=record.seq,
                            message=f"{running[record.group]} running in {record.group} (limit {limit})",
                        )
                    )
                if running_total > max_threads:
                    out.append(Violation(check="max-threads", seq=record.seq, message=f"{running_total} running"))
                allowed = max_batch_size if batch else 1
                if len(jobs) > allowed:
                    out.append(Violation(check="batch-size", seq=record.seq, message=f"a run of {len(jobs)} jobs"))
            else:
                running[record.group] -= 1
                running_total -= 1
        elif record.kind == "session" and record.name == "close":
            closed.setdefault(record.session, record.seq)
        elif record.kind == "unload" and record.name == "start":
            unloads[record.session] += 1
    for event_id, seq in accepted.items():
        if settled and event_id not in terminal:
            out.append(Violation(check="terminal-once", seq=seq, message=f"{event_id} never got a terminal message"))
    n_unload = sum(1 for d in deps if d.role == "unload")
    for session in sorted(set(closed) | set(unloads)):
        expected = n_unload if session in closed else 0
        if unloads[session] != expected:
            out.append(
                Violation(
                    check="unload-once",
                    seq=closed.get(session),
                    message=f"unload ran {unloads[session]} time(s) for {session}, expected {expected}",
                )
            )
    return out


def _group_facts(
    graph: AppGraph,
    deps: tuple[DependencySpec, ...],
    rendered: dict[tuple[str | None, int], dict[str, Any]],
    group: str | None,
    dep_id: int | None,
) -> tuple[int | None, bool, int]:
    """The group limit, batch and max_batch_size of the run's dependency: the app's, or one
    a gr.render run added (its id is the session's; its group tells whose it is)."""
    info = rendered.get((group, dep_id)) if dep_id is not None else None
    if info is not None:
        return info["limit"], info["batch"], info["max_batch_size"]
    assert dep_id is not None
    dep = graph.dependency(dep_id)
    return graph.concurrency_limit_of(dep), dep.batch, dep.max_batch_size
