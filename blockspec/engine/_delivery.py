"""The only two ways out of the engine: a job's state changes, and messages to sessions.

:class:`Delivery` moves jobs through the lifecycle table, sends each session its messages,
ends every accepted job with exactly one terminal message, and writes the history as it goes.
Every other part of the engine reaches a client, and the trace, through it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._errors import Error
from ._failures import failure_json
from ._jobs import Job, Run, Signal
from ._lifecycle import PENDING, TERMINAL, JobTrigger, advance
from ._messages import CloseStream, Message, ProcessCompleted, error_output, success_output

if TYPE_CHECKING:
    from ._clock import TrioClock
    from ._history import History
    from ._sessions import Session

__all__ = ["Delivery"]

#: Every close_stream is the same (frozen) message: one object serves a whole run.
_CLOSE_STREAM = CloseStream()


class Delivery:
    """Job transitions, messages and their records, and the count of pending jobs.

    ``jobs`` is the engine's table of the jobs not over yet (a job leaves it at its terminal
    message); ``pending_signal`` is set while any job is pending (the heartbeat ticks then).
    """

    def __init__(
        self, *, history: History, clock: TrioClock, jobs: dict[str, Job], show_error: bool, pending_signal: Signal
    ) -> None:
        self.history = history
        self.clock = clock
        self.jobs = jobs
        self.show_error = show_error
        self.pending_signal = pending_signal
        #: accepted jobs without their terminal message yet, over all sessions
        self.pending = 0

    def record(
        self,
        kind: str,
        name: str,
        *,
        session: str | None = None,
        event_id: str | None = None,
        dep_id: int | None = None,
        state: str | None = None,
        group: str | None = None,
        detail: Any = None,
    ) -> None:
        history = self.history
        if history._keep or history.listeners:
            history.add(self.clock.now(), kind, name, session, event_id, dep_id, state, group, detail)

    def track_pending(self, job: Job) -> None:
        """``job`` was accepted: it is owed a terminal message."""
        job.session.pending[job.event_id] = job
        self.pending += 1
        self.pending_signal.set()

    # ------------------------------------------------------------------------------------
    # outcomes
    # ------------------------------------------------------------------------------------

    def complete(
        self,
        job: Job,
        run: Run,
        data: list[Any],
        changed: tuple[int, ...],
        *,
        is_generating: bool | None = False,
    ) -> None:
        if job.done:
            self.discard(job)
            return
        self.transition(job, JobTrigger.RETURN)
        output = success_output(
            data,
            is_generating=is_generating,
            duration=run.duration,
            average_duration=run.mean,
            changed_state_ids=changed,
            render_config=job.render_config,
        )
        self.finish(job, ProcessCompleted(event_id=job.event_id, output=output, success=True))

    def fail(self, job: Job, exc: BaseException) -> None:
        if job.done:
            self.discard(job, exc)
            return
        self.transition(job, JobTrigger.RAISE, detail=failure_json(exc, job.dep.fn))
        if isinstance(exc, Error):
            output = error_output(exc.message, duration=exc.duration, visible=exc.visible, title=exc.title)
            title: str | None = exc.title
        else:
            output = error_output(str(exc), visible=True) if self.show_error else error_output(None)
            # Gradio titles a failure "Error", except one raised by a generator after it yielded.
            title = None if job.yielded else "Error"
        self.finish(job, ProcessCompleted(event_id=job.event_id, output=output, success=False, title=title))

    def discard(self, job: Job, exc: BaseException | None = None) -> None:
        self.record(
            "discard",
            "result" if exc is None else "error",
            session=job.session.hash,
            event_id=job.event_id,
            dep_id=job.dep.id,
            detail=None if exc is None else failure_json(exc, job.dep.fn),
        )

    # ------------------------------------------------------------------------------------
    # state changes and messages
    # ------------------------------------------------------------------------------------

    def transition(self, job: Job, trigger: JobTrigger, *, detail: Any = None) -> None:
        # The one place a job changes state: through the lifecycle table (advance refuses
        # anything that is not a row of it).
        job.state = state = advance(job.state, trigger)
        history = self.history
        if history._keep or history.listeners:
            dep = job.dep
            history.add(
                self.clock.now(),
                "job",
                trigger._value_,
                job.session.hash,
                job.event_id,
                dep.id,
                state._value_,
                dep.concurrency_id,
                detail,
            )

    def finish(self, job: Job, message: ProcessCompleted) -> None:
        # The one terminal message of an accepted job. transition has just moved the job to
        # a terminal state, so the checks `job.done` before every later send drop anything
        # its function still produces.
        assert job.state in TERMINAL
        del self.jobs[job.event_id]
        session = job.session
        if session.pending.pop(job.event_id, None) is not None:
            self.pending -= 1
            if not self.pending:
                self.pending_signal.clear()
        self.deliver(session, message, job)
        if not session.pending:
            self.deliver(session, _CLOSE_STREAM)

    def send(self, job: Job, message: Message) -> None:
        if job.state in PENDING:
            self.deliver(job.session, message, job)

    def deliver(self, session: Session, message: Message, job: Job | None = None) -> None:
        # The hottest path of a busy run (every estimation passes here): no helper calls.
        history = self.history
        if history._keep or history.listeners:
            dep_id = job.dep.id if job is not None else None
            history.add(
                self.clock.now(), "message", message.msg, session.hash, message.event_id, dep_id, None, None, message
            )
        for subscriber in session.subscribers:
            subscriber(message)
