"""The life of a job, as one transition table.

Rule 1: every change of a job's state is a row of ``TRANSITIONS``. The engine changes a
        job's state only through :func:`advance`, which refuses anything not in the table;
        the docs' diagram (:func:`mermaid`) and the property tests are generated from the
        same table.
Rule 2: this module knows nothing of trio, HTTP, clients or messages: states, triggers,
        the table, and nothing else.

Theory of operation
-------------------
A client's submission creates a job in RECEIVED. The queue either accepts it (QUEUED) or
refuses it because it is full (REJECTED); a ``queue=False`` event skips the queue
(RECEIVED -> RUNNING). A queued job starts when its concurrency group has a free slot. A
generator moves to GENERATING at its first yield. Every job ends in exactly one terminal
state: COMPLETED, FAILED, CANCELLED or REJECTED.

CANCEL (the client asked) and CLOSE (the client's session ended) end a job at once, whether
it waits or runs -- the client is told immediately. What the *function* does then is not a
state of the job: a running function finishes (a generator stops at its next yield), keeps
its concurrency slot until it does, and its result is discarded. That is why there is no
"cancelling" state: from the client's side the job is over.
"""

from __future__ import annotations

import enum

__all__ = ["JobState", "JobTrigger", "TRANSITIONS", "TERMINAL", "advance", "LifecycleViolation", "mermaid"]


class JobState(enum.Enum):
    RECEIVED = "received"
    QUEUED = "queued"
    RUNNING = "running"
    GENERATING = "generating"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    REJECTED = "rejected"

    def __repr__(self) -> str:
        return self.name


class JobTrigger(enum.Enum):
    ACCEPT = "accept"  # the queue took the job
    REJECT = "reject"  # the queue is full
    RUN_DIRECT = "run_direct"  # queue=False: run now, outside the queue
    START = "start"  # a slot of the job's concurrency group is free
    YIELD = "yield"  # the generator produced a value
    RETURN = "return"  # the function returned (or the generator ended)
    RAISE = "raise"  # the function raised
    CANCEL = "cancel"  # the job's own client cancelled it
    CLOSE = "close"  # the job's session ended (tab closed)

    def __repr__(self) -> str:
        return self.name


S, T = JobState, JobTrigger

#: (state, trigger) -> next state. The only way a job changes state.
TRANSITIONS: dict[tuple[JobState, JobTrigger], JobState] = {
    (S.RECEIVED, T.ACCEPT): S.QUEUED,
    (S.RECEIVED, T.REJECT): S.REJECTED,
    (S.RECEIVED, T.RUN_DIRECT): S.RUNNING,
    (S.QUEUED, T.START): S.RUNNING,
    (S.QUEUED, T.CANCEL): S.CANCELLED,
    (S.QUEUED, T.CLOSE): S.CANCELLED,
    (S.RUNNING, T.YIELD): S.GENERATING,
    (S.RUNNING, T.RETURN): S.COMPLETED,
    (S.RUNNING, T.RAISE): S.FAILED,
    (S.RUNNING, T.CANCEL): S.CANCELLED,
    (S.RUNNING, T.CLOSE): S.CANCELLED,
    (S.GENERATING, T.YIELD): S.GENERATING,
    (S.GENERATING, T.RETURN): S.COMPLETED,
    (S.GENERATING, T.RAISE): S.FAILED,
    (S.GENERATING, T.CANCEL): S.CANCELLED,
    (S.GENERATING, T.CLOSE): S.CANCELLED,
}

#: The states a job ends in; nothing leaves them. A tuple, so iteration order is defined.
TERMINAL: tuple[JobState, ...] = (S.COMPLETED, S.FAILED, S.CANCELLED, S.REJECTED)

#: States in which a job holds (or waits for) the client's attention.
PENDING: tuple[JobState, ...] = (S.RECEIVED, S.QUEUED, S.RUNNING, S.GENERATING)


class LifecycleViolation(AssertionError):
    """The engine tried a transition that is not in the table: a bug in blockspec."""


# The same table keyed by the members' plain values: looking up enum members hashes them in
# Python code, and the engine advances a job several times per job.
_BY_VALUE = {(s._value_, t._value_): target for (s, t), target in TRANSITIONS.items()}


def advance(state: JobState, trigger: JobTrigger) -> JobState:
    """The state after ``trigger`` in ``state``; raises :class:`LifecycleViolation` if none."""
    try:
        return _BY_VALUE[(state._value_, trigger._value_)]
    except KeyError:
        raise LifecycleViolation(f"no transition from {state.name} on {trigger.name}") from None


def mermaid() -> str:
    """The table as a Mermaid state diagram (the docs draw it from this)."""
    lines = ["stateDiagram-v2", "    [*] --> RECEIVED"]
    for (state, trigger), target in TRANSITIONS.items():
        lines.append(f"    {state.name} --> {target.name}: {trigger.value}")
    for state in TERMINAL:
        lines.append(f"    {state.name} --> [*]")
    return "\n".join(lines) + "\n"
