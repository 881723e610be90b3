"""What the engine runs: a :class:`Job` (one submission), a :class:`Run` (one execution,
holding one slot of its group), and :class:`Signal`, the flag its tickers wait on."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import trio

from ._lifecycle import TERMINAL, JobState

if TYPE_CHECKING:
    from .._graph import AppGraph, DependencySpec
    from ._queue import Group
    from ._runners import DurationSpec
    from ._sessions import Session

__all__ = ["Job", "Run", "Signal"]


class Job:
    """One submission of one dependency by one session."""

    __slots__ = (
        "event_id",
        "seq",
        "session",
        "dep",
        "data",
        "event_data",
        "trigger_id",
        "duration",
        "state",
        "submitted_at",
        "yielded",
        "last_data",
        "group",
        "graph",
        "render_config",
        "state_marks",
    )

    def __init__(
        self,
        *,
        event_id: str,
        seq: int,
        session: Session,
        dep: DependencySpec,
        data: tuple[Any, ...],
        event_data: Any,
        trigger_id: int | None,
        duration: DurationSpec | None,
        submitted_at: float,
        graph: AppGraph,
    ) -> None:
        self.event_id = event_id
        self.seq = seq
        self.session = session
        self.dep = dep
        self.data = data
        self.event_data = event_data
        self.trigger_id = trigger_id
        self.duration = duration
        self.state = JobState.RECEIVED
        self.submitted_at = submitted_at
        self.yielded = False
        self.last_data: list[Any] | None = None
        self.group: Group | None = None
        #: the session's graph when the job was submitted: the blocks its dependency reads
        #: and writes, even if a gr.render run has replaced them since (Gradio keeps them too)
        self.graph = graph
        #: a gr.render job's answer: what the client re-renders (``_render.RenderOutcome``)
        self.render_config: dict[str, Any] | None = None
        #: the output States' fingerprints when the function was called (``_calls.state_marks``)
        self.state_marks: dict[int, Any] | None = None

    @property
    def done(self) -> bool:
        return self.state in TERMINAL

    def __repr__(self) -> str:
        return f"<Job {self.event_id} dep={self.dep.id} {self.state.name}>"


class Run:
    """One execution: a job, or the jobs of a batch; holds one slot of its group."""

    __slots__ = ("id", "jobs", "dep", "group", "started_at", "duration", "mean")

    def __init__(self, run_id: int, jobs: list[Job], group: Group | None, started_at: float) -> None:
        self.id = run_id
        self.jobs = jobs
        self.dep = jobs[0].dep
        self.group = group
        self.started_at = started_at
        self.duration = 0.0
        self.mean: float | None = None


class Signal:
    """A level-triggered flag tasks can wait on (set when there is work for a ticker).

    Set and cleared once per job on a busy queue, so it is a plain flag; a trio Event
    exists only while a ticker waits for the flag to be set.
    """

    def __init__(self) -> None:
        self._is_set = False
        self._event: trio.Event | None = None

    def set(self) -> None:
        self._is_set = True
        if self._event is not None:
            self._event.set()
            self._event = None

    def clear(self) -> None:
        self._is_set = False

    async def wait(self) -> None:
        if self._is_set:
            await trio.lowlevel.checkpoint()
            return
        if self._event is None:
            self._event = trio.Event()
        await self._event.wait()

    async def tick(self, seconds: float, action: Callable[[], None]) -> None:
        """Forever: once the flag is set, wait ``seconds``, then ``action()`` (a ticker)."""
        while True:
            await self.wait()
            await trio.sleep(seconds)
            action()
