"""Running a job's function: its arguments in, its values out, its progress reported.

:class:`Executor` calls the function of a run through the engine's runner -- a plain call,
a generator step by step, or a batch -- and hands each outcome to
:class:`~._delivery.Delivery`. Whatever happens, the run's slot goes back to the
:class:`~._dispatch.Dispatcher` when the run ends.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import trio

from .._errors import SubmissionError
from .._files import reset_file_store, set_file_store
from .._progress import JobReporter, reset_reporter, set_reporter
from .._render import RenderOutcome, SessionRenders, rendered_summary
from ._calls import build_call, postprocess_outputs, split_outputs, state_marks
from ._diff import diff
from ._jobs import Job, Run
from ._lifecycle import JobTrigger
from ._messages import Log, Message, ProcessGenerating, Progress, success_output
from ._plan import plan_of
from ._runners import EXHAUSTED, Timing

if TYPE_CHECKING:
    from ._engine import Engine

__all__ = ["Executor"]


class Executor:
    """Calls functions for runs (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.graph = engine.graph
        self.runner = engine.runner
        self.clock = engine.clock
        self.times = engine._times
        self.files = engine.files
        self.files_signal = engine._files_signal
        self.nursery: trio.Nursery | None = None
        #: the thread of the engine's trio run (a function in a worker thread reports through it)
        self.loop_thread = threading.get_ident()

    def bind(self, engine: Engine) -> None:
        """Take the other parts' methods (made after this one)."""
        delivery = engine._delivery
        self._complete = delivery.complete
        self._fail = delivery.fail
        self._discard = delivery.discard
        self._transition = delivery.transition
        self._send = delivery.send
        self._record = delivery.record
        self._release = engine._dispatcher.release
        self._request = engine._keeper.request

    async def execute(self, run: Run) -> None:
        # Where components store the files they create: this task's own context.
        set_file_store(self.files)
        next_run: Run | None = run
        while next_run is not None:
            run = next_run
            next_run = None
            # What the function reaches through gr.Progress / gr.Info.
            set_reporter(_Reporter(self, run.jobs[0]))
            # The slot taken in dispatch is given back here whatever the function did:
            # raised, was cancelled, or the engine itself failed on its output.
            try:
                if run.dep.batch:
                    await self._execute_batch(run)
                elif run.dep.is_generator:
                    await self._execute_generator(run)
                else:
                    await self._execute_call(run)
            finally:
                # The run that takes this slot next is run by this same task: a chain of
                # queued jobs costs no task per job, only the functions' own durations.
                next_run = self._release(run, adopt=True)

    def run_instant(self, run: Run) -> None:
        """Make a run that takes no time (``Dispatcher.drain``), its slot given back after."""
        job = run.jobs[0]
        reporter = set_reporter(_Reporter(self, job))
        store = set_file_store(self.files)
        slept = 0.0
        try:
            try:
                args, kwargs = self._call_args(job)
                result, error, slept = self.runner.call_now(self._fn_of(job), args, kwargs)
            except Exception as exc:
                result, error = None, exc
            if slept > 0:
                # The function slept (virtual time.sleep): its outcome is delivered, and its
                # slot given back, when that time has passed -- by a task of its own.
                assert self.nursery is not None
                self.nursery.start_soon(self._end_after, run, slept, result, error)
            elif error is not None:
                self._call_ended(job, run, exc=error)
            else:
                self._call_ended(job, run, result)
        finally:
            reset_reporter(reporter)
            reset_file_store(store)
            if slept <= 0:
                self._release(run)

    async def _end_after(self, run: Run, seconds: float, result: Any, error: Exception | None) -> None:
        set_file_store(self.files)
        try:
            await trio.sleep(seconds)
            self._call_ended(run.jobs[0], run, result, exc=error)
        finally:
            self._release(run)

    # ------------------------------------------------------------------------------------
    # a job's arguments and outputs
    # ------------------------------------------------------------------------------------

    def _measure(self, run: Run) -> None:
        run.duration = self.clock.now() - run.started_at
        run.mean = self.times.add(run.dep.id, run.duration)

    def _fn_of(self, job: Job) -> Callable[..., Any]:
        dep = job.dep
        if dep.role == "render":
            # A render runs for the job's session: its blocks and listeners are the session's.
            session = job.session
            if session.renders is None:
                session.renders = SessionRenders(dep.renderable.app, self.graph, session.hash)
            return functools.partial(session.renders.run, dep.renderable)
        assert dep.fn is not None
        return dep.fn

    def _call_args(self, job: Job) -> tuple[list[Any], dict[str, Any]]:
        plan = plan_of(job.graph, job.dep)
        job.state_marks = state_marks(job.dep, job.graph, job.session, plan=plan)
        return build_call(
            job.graph,
            job.dep,
            job.data,
            session=job.session,
            # Most functions take no gr.Request: make one only for those that do.
            request=self._request(job.session) if plan.request_param is not None else None,
            event_data=job.event_data,
            trigger_id=job.trigger_id,
            plan=plan,
        )

    def _outputs(self, job: Job, result: Any) -> tuple[list[Any], tuple[int, ...]]:
        if job.dep.role == "render":
            return self._rendered(job, result)
        raw = split_outputs(job.dep, job.graph, result, job.dep.fn_name or "fn")
        data, changed = postprocess_outputs(job.dep, job.graph, raw, session=job.session, before=job.state_marks)
        if self.files.created:
            self.files_signal.set()
        return data, changed

    def _rendered(self, job: Job, outcome: Any) -> tuple[list[Any], tuple[int, ...]]:
        """A gr.render run's outputs: nothing for the container (postprocess=False, the
        function returns None), and the ``render_config`` the client re-renders from."""
        if not isinstance(outcome, RenderOutcome):
            raise TypeError(f"a gr.render run gave {type(outcome).__name__}, not a RenderOutcome")
        job.render_config = outcome.config
        self._record(
            "render",
            "run",
            session=job.session.hash,
            event_id=job.event_id,
            dep_id=job.dep.id,
            detail=rendered_summary(outcome),
        )
        return [None] * len(job.dep.outputs), ()

    # ------------------------------------------------------------------------------------
    # the three ways a function runs
    # ------------------------------------------------------------------------------------

    async def _execute_call(self, run: Run) -> None:
        job = run.jobs[0]
        try:
            args, kwargs = self._call_args(job)
            result = await self.runner.call(self._fn_of(job), args, kwargs, timing=Timing(job.dep, 0, job.duration))
        except Exception as exc:
            self._call_ended(job, run, exc=exc)
        else:
            self._call_ended(job, run, result)

    def _call_ended(self, job: Job, run: Run, result: Any = None, *, exc: Exception | None = None) -> None:
        """One call of a job's function returned ``result`` or raised ``exc``."""
        self._measure(run)
        if exc is not None:
            self._fail(job, exc)
            return
        if job.done:
            self._discard(job)
            return
        try:
            data, changed = self._outputs(job, result)
        except Exception as exc:
            self._fail(job, exc)
            return
        self._complete(job, run, data, changed)

    async def _execute_generator(self, run: Run) -> None:
        job = run.jobs[0]
        dep = job.dep
        iterator = None
        try:
            args, kwargs = self._call_args(job)
            assert dep.fn is not None
            iterator = self.runner.iterate(dep.fn, args, kwargs)
            step = 0
            while True:
                if job.done:
                    self._discard(job)
                    return
                value = await self.runner.step(iterator, timing=Timing(dep, step, job.duration))
                if value is EXHAUSTED:
                    break
                if job.done:
                    # Cancelled while this step ran: the generator stops here, the value is dropped.
                    self._discard(job)
                    return
                data, changed = self._outputs(job, value)
                self._yield(job, run, data, changed)
                step += 1
        except Exception as exc:
            self._measure(run)
            self._fail(job, exc)
            return
        finally:
            if iterator is not None:
                await _close_iterator(iterator)
        self._measure(run)
        final = job.last_data if job.last_data is not None else [None] * len(dep.outputs)
        self._complete(job, run, final, ())

    def _yield(self, job: Job, run: Run, data: list[Any], changed: tuple[int, ...]) -> None:
        sent = data if job.last_data is None else [diff(old, new) for old, new in zip(job.last_data, data)]
        job.last_data = data
        job.yielded = True
        self._transition(job, JobTrigger.YIELD)
        elapsed = self.clock.now() - run.started_at
        mean = self.times.mean(job.dep.id)
        self._send(
            job,
            ProcessGenerating(
                event_id=job.event_id,
                output=success_output(
                    sent,
                    is_generating=True,
                    duration=elapsed,
                    average_duration=mean if mean is not None else elapsed,
                    changed_state_ids=changed,
                ),
            ),
        )

    async def _execute_batch(self, run: Run) -> None:
        dep = run.dep
        try:
            per_job = [self._call_args(job)[0] for job in run.jobs]
            columns = [list(values) for values in zip(*per_job)] if per_job and per_job[0] else []
            if dep.inputs_as_dict:
                raise SubmissionError("A batch listener cannot take a set of inputs (one dict each).")
            assert dep.fn is not None
            result = await self.runner.call(dep.fn, columns, {}, timing=Timing(dep, 0, run.jobs[0].duration))
            outputs = _batch_columns(result, len(dep.outputs), len(run.jobs), dep.fn_name or "fn")
        except Exception as exc:
            self._measure(run)
            # A batch that fails fails for each of its jobs: every client hears (Gradio leaves
            # the ones past a short result waiting forever).
            for job in run.jobs:
                self._fail(job, exc)
            return
        self._measure(run)
        for index, job in enumerate(run.jobs):
            if job.done:
                self._discard(job)
                continue
            try:
                data, changed = self._outputs(job, _one_result([column[index] for column in outputs]))
            except Exception as exc:
                self._fail(job, exc)
                continue
            self._complete(job, run, data, changed, is_generating=None)


class _Reporter(JobReporter):
    """Progress and log messages from inside a job's function."""

    def __init__(self, executor: Executor, job: Job) -> None:
        self.executor = executor
        self.job = job

    def _emit(self, message: Message) -> None:
        if threading.get_ident() == self.executor.loop_thread:
            self.executor._send(self.job, message)
        else:
            trio.from_thread.run_sync(self.executor._send, self.job, message)

    def progress(self, updates: list[dict[str, Any]]) -> None:
        self._emit(Progress(event_id=self.job.event_id, progress_data=tuple(updates)))

    def log(self, level: str, message: str, duration: float | None, visible: bool, title: str) -> None:
        self._emit(
            Log(
                event_id=self.job.event_id,
                log=message,
                level=level,
                duration=None if duration is None else float(duration),
                visible=visible,
                title=title,
            )
        )


async def _close_iterator(iterator: Any) -> None:
    if hasattr(iterator, "aclose"):
        await iterator.aclose()
    elif hasattr(iterator, "close"):
        iterator.close()


def _batch_columns(result: Any, n_outputs: int, n_jobs: int, fn_name: str) -> list[list[Any]]:
    if n_outputs == 0:
        return []
    if not isinstance(result, (tuple, list)) or len(result) != n_outputs:
        raise SubmissionError(
            f"The batch function {fn_name} must return a tuple of {n_outputs} list(s), one per output; "
            f"it returned {type(result).__name__}."
        )
    columns = [list(column) for column in result]
    for column in columns:
        if len(column) != n_jobs:
            raise SubmissionError(
                f"The batch function {fn_name} returned {len(column)} result(s) for a batch of {n_jobs}; "
                "return one result per input."
            )
    return columns


def _one_result(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else tuple(values)
