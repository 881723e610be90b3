"""``blockspec.engine``: the one implementation of the queue and event semantics.

Open an engine for an app's graph inside a trio run and drive it with submissions::

    async with open_engine(demo.graph, seed=1) as engine:
        session = engine.open_session()
        event_id = engine.submit(session, fn_index=0, data=["Ada"])

The simulator (virtual clock, inline functions) and the server (real clock, worker threads)
both drive this object. The job lifecycle is the table in ``_lifecycle``.
"""

from ._clock import Clock as Clock
from ._clock import TrioClock as TrioClock
from ._diff import apply_diff as apply_diff
from ._diff import diff as diff
from ._engine import Engine as Engine
from ._engine import Job as Job
from ._engine import open_engine as open_engine
from ._history import History as History
from ._history import Record as Record
from ._lifecycle import TERMINAL as TERMINAL
from ._lifecycle import TRANSITIONS as TRANSITIONS
from ._lifecycle import JobState as JobState
from ._lifecycle import JobTrigger as JobTrigger
from ._lifecycle import LifecycleViolation as LifecycleViolation
from ._lifecycle import mermaid as mermaid
from ._messages import CloseStream as CloseStream
from ._messages import Estimation as Estimation
from ._messages import Heartbeat as Heartbeat
from ._messages import Log as Log
from ._messages import Message as Message
from ._messages import ProcessCompleted as ProcessCompleted
from ._messages import ProcessGenerating as ProcessGenerating
from ._messages import ProcessStarts as ProcessStarts
from ._messages import Progress as Progress
from ._runners import Durations as Durations
from ._runners import InlineRunner as InlineRunner
from ._runners import Runner as Runner
from ._runners import ThreadRunner as ThreadRunner

__all__ = [
    "Clock",
    "TrioClock",
    "apply_diff",
    "diff",
    "Engine",
    "Job",
    "open_engine",
    "History",
    "Record",
    "TERMINAL",
    "TRANSITIONS",
    "JobState",
    "JobTrigger",
    "LifecycleViolation",
    "mermaid",
    "CloseStream",
    "Estimation",
    "Heartbeat",
    "Log",
    "Message",
    "ProcessCompleted",
    "ProcessGenerating",
    "ProcessStarts",
    "Progress",
    "Durations",
    "InlineRunner",
    "Runner",
    "ThreadRunner",
]
