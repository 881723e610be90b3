"""Checkers: code that judges a recorded run against one fact a case states.

Each takes the :class:`~conformance._observe.Observation` and the check's parameters and
returns ``(held, what was seen)``. Timings are compared with the observation's tolerance
(modelled seconds): on a real-time target two messages from different sessions can arrive
in either order when they are sent together.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from blockspec.frontend import json_equal

from ._observe import Observation

__all__ = ["CHECKERS"]

Verdict = tuple[bool, str]


def max_running(obs: Observation, fns: list[str], limit: int) -> Verdict:
    """At most ``limit`` jobs of ``fns`` ran at once, and that many did when enough waited."""
    jobs = [j for j in obs.jobs_of(fns) if j.started is not None]
    edges: list[tuple[float, int]] = []
    for job in jobs:
        end = job.ended if job.ended is not None else math.inf
        # A job counts as running from its start (late by the tolerance) to its end: two jobs
        # that only touch within the tolerance did not overlap.
        if end > job.started + obs.tolerance:
            edges.append((job.started + obs.tolerance, 1))
            edges.append((end, -1))
    running = peak = 0
    for _, step in sorted(edges):
        running += step
        peak = max(peak, running)
    expected = min(limit, len(obs.jobs_of(fns)))
    return peak == expected, f"at most {peak} of {len(jobs)} job(s) ran at once (expected {expected})"


def start_order(obs: Observation, fns: list[str]) -> Verdict:
    """Jobs of ``fns`` started in the order they joined."""
    jobs = sorted(obs.jobs_of(fns), key=lambda j: (j.submitted, j.seq))
    if any(j.started is None for j in jobs):
        return False, f"{sum(j.started is None for j in jobs)} job(s) never started"
    for earlier, later in zip(jobs, jobs[1:]):
        if earlier.started > later.started + obs.tolerance:  # type: ignore[operator]
            return False, (
                f"{later.client}'s job joined after {earlier.client}'s but started first "
                f"({later.started:.2f} < {earlier.started:.2f})"
            )
    return True, "started in joining order: " + ", ".join(j.client for j in jobs)


def terminal_once(obs: Observation) -> Verdict:
    """Every accepted job got exactly one process_completed."""
    bad = [(j.client, j.completions) for j in obs.jobs if j.completions != 1]
    if bad:
        return False, f"jobs without exactly one terminal message (client, count): {bad}"
    return True, f"{len(obs.jobs)} job(s), one terminal message each"


def estimated_before_start(obs: Observation, fns: list[str], client: str) -> Verdict:
    jobs = obs.jobs_of(fns, client)
    if not jobs or jobs[0].started is None:
        return False, f"{client} has no started job of {fns}"
    job = jobs[0]
    before = [t for t in job.estimations if t <= job.started]
    return bool(before), f"{len(before)} estimation(s) before its start"


def value(obs: Observation, client: str, target: str, equals: Any = None, not_equals: Any = None) -> Verdict:
    seen = obs.value(client, target)
    if not_equals is not None:
        return not json_equal(seen, not_equals), f"{client}'s {target} is {seen!r}"
    return json_equal(seen, equals), f"{client}'s {target} is {seen!r} (expected {equals!r})"


def joins(
    obs: Observation, fn: str, count: int | None = None, at_least: int | None = None, at_most: int | None = None
) -> Verdict:
    n = len(obs.jobs_of(fn))
    ok = (count is None or n == count) and (at_least is None or n >= at_least) and (at_most is None or n <= at_most)
    wanted = f"{count}" if count is not None else f"{at_least or 0}..{at_most if at_most is not None else 'any'}"
    return ok, f"{n} join(s) of {fn} (expected {wanted})"


def dispatched(obs: Observation, fn: str, count: int) -> Verdict:
    """The tabs set off ``fn`` ``count`` times (joined or refused)."""
    deps = obs.deps_of(fn)
    n = len([r for r in obs.client_events("dispatch") if r.dep_id in deps])
    return n == count, f"{fn} dispatched {n} time(s) (expected {count})"


def refused(obs: Observation, clients: list[str], contains: str) -> Verdict:
    missing = []
    for client in clients:
        texts = [str(e.get("message")) for e in obs.errors(client)]
        if not any(contains in t for t in texts):
            missing.append((client, texts))
    return not missing, (f"not told {contains!r}: {missing}" if missing else f"{clients} were told {contains!r}")


def trigger_of(obs: Observation, fn: str, trigger: str) -> Verdict:
    wanted = obs.block(trigger)
    deps = obs.deps_of(fn)
    seen = [(r.payload or {}).get("trigger") for r in obs.client_events("dispatch") if r.dep_id in deps]
    return bool(seen) and all(t == wanted for t in seen), f"{fn} was sent with trigger id(s) {seen} (expected {wanted})"


def error_shown(obs: Observation, client: str, contains: str) -> Verdict:
    texts = [str(e.get("message")) for e in obs.errors(client)]
    return any(contains in t for t in texts), f"{client} was shown {texts}"


def error_hidden(obs: Observation, client: str, secret: str) -> Verdict:
    """The client was told its job failed, without the exception's text (show_error is off)."""
    texts = [str(e.get("message")) for e in obs.errors(client)]
    if not texts:
        return False, f"{client} was not told of the failure"
    return not any(secret in t for t in texts), f"{client} was shown {texts}"


def ended_by_cancel(obs: Observation, fn: str) -> Verdict:
    """A job cancelled while running ended when it was cancelled, not when its function returned."""
    for job in obs.jobs_of(fn):
        cancels = [r.t for r in obs.client_records if r.name == "cancel_request" and r.event_id == job.event_id]
        if not cancels:
            return False, f"{job.client}'s job of {fn} was never asked to cancel"
        if job.ended is None or job.ended > cancels[0] + obs.tolerance:
            return False, f"cancelled at {cancels[0]:.2f}, ended at {job.ended}"
    return True, "ended when cancelled"


def no_output_after_cancel(obs: Observation, fn: str) -> Verdict:
    for job in obs.jobs_of(fn):
        cancels = [r.t for r in obs.client_records if r.name == "cancel_request" and r.event_id == job.event_id]
        if not cancels:
            return False, f"{job.client}'s job of {fn} was never asked to cancel"
        late = [t for t in job.generating if t > cancels[0] + obs.tolerance]
        if late:
            return False, f"{len(late)} output(s) after the cancel at {cancels[0]:.2f}: {late}"
    return True, "no output after the cancel"


def never_started(obs: Observation, fn: str, client: str) -> Verdict:
    jobs = obs.jobs_of(fn, client)
    started = [j for j in jobs if j.started is not None]
    return bool(jobs) and not started, f"{client}: {len(jobs)} job(s) of {fn}, {len(started)} started"


def generating(obs: Observation, fn: str, count: int) -> Verdict:
    counts = [len(j.generating) for j in obs.jobs_of(fn)]
    return counts == [count], f"process_generating per job: {counts} (expected [{count}])"


def no_joins_after(obs: Observation, fn: str, after: str, client: str = "a") -> Verdict:
    block = obs.block(after)
    clicks = [r.t for r in obs.client_events("trigger", client) if (r.payload or {}).get("block") == block]
    if not clicks:
        return False, f"{client} never clicked {after}"
    late = [j.submitted for j in obs.jobs_of(fn, client) if j.submitted > clicks[0] + obs.tolerance]
    return not late, f"{len(late)} join(s) of {fn} after {after} at {clicks[0]:.2f}"


CHECKERS: dict[str, Callable[..., Verdict]] = {
    "max_running": max_running,
    "start_order": start_order,
    "terminal_once": terminal_once,
    "estimated_before_start": estimated_before_start,
    "value": value,
    "joins": joins,
    "refused": refused,
    "dispatched": dispatched,
    "trigger_of": trigger_of,
    "error_shown": error_shown,
    "no_output_after_cancel": no_output_after_cancel,
    "error_hidden": error_hidden,
    "ended_by_cancel": ended_by_cancel,
    "never_started": never_started,
    "generating": generating,
    "no_joins_after": no_joins_after,
}
