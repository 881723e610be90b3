"""What a running function can report back: progress, and info/warning messages.

A function asks for progress by giving a parameter the default ``gr.Progress()``; the engine
replaces it with a tracker bound to the job. ``gr.Info``/``gr.Warning`` send a log message
to the job's client. Outside a job (the function called directly, e.g. in a unit test) all
of these do nothing, so app functions stay callable as plain Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

__all__ = ["Progress", "Info", "Warning", "JobReporter", "current_reporter"]

T = TypeVar("T")


class JobReporter:
    """Where a job's progress and log messages go; the engine supplies one per job."""

    def progress(self, updates: list[dict[str, Any]]) -> None:  # pragma: no cover - interface
        """Record ``updates`` (a stack of {index, length, unit, progress, desc})."""

    def log(
        self, level: str, message: str, duration: float | None, visible: bool, title: str
    ) -> None:  # pragma: no cover
        """Record a log message for the job's client."""


_reporter: ContextVar[JobReporter | None] = ContextVar("blockspec_job_reporter", default=None)


def current_reporter() -> JobReporter | None:
    return _reporter.get()


def set_reporter(reporter: JobReporter | None) -> Any:
    return _reporter.set(reporter)


def reset_reporter(token: Any) -> None:
    _reporter.reset(token)


class Progress:
    """A progress tracker; use as a parameter default: ``def f(x, progress=gr.Progress()):``.

    Call it with a fraction (``progress(0.5, desc="half")``) or wrap an iterable
    (``for item in progress.tqdm(items):``).
    """

    def __init__(self, track_tqdm: bool = False) -> None:
        self.track_tqdm = track_tqdm
        self._stack: list[dict[str, Any]] = []

    def __call__(
        self,
        progress: float | tuple[int, int | None] | None,
        desc: str | None = None,
        total: int | None = None,
        unit: str = "steps",
    ) -> None:
        if isinstance(progress, tuple):
            index, length = progress
            update = {"index": index, "length": length, "unit": unit, "progress": None, "desc": desc}
        else:
            update = {"index": None, "length": total, "unit": unit, "progress": progress, "desc": desc}
        self._send([update])

    def tqdm(
        self,
        iterable: Iterable[T],
        desc: str | None = None,
        total: int | None = None,
        unit: str = "steps",
    ) -> Iterator[T]:
        if total is None and hasattr(iterable, "__len__"):
            total = len(iterable)  # type: ignore[arg-type]
        level = {"index": 0, "length": total, "unit": unit, "progress": None, "desc": desc}
        self._stack.append(level)
        try:
            self._send(list(self._stack))
            for item in iterable:
                yield item
                level["index"] += 1
                self._send(list(self._stack))
        finally:
            self._stack.remove(level)

    def _send(self, updates: list[dict[str, Any]]) -> None:
        reporter = current_reporter()
        if reporter is not None:
            reporter.progress([dict(u) for u in updates])


def _log(level: str, message: str, duration: float | None, visible: bool, title: str) -> None:
    reporter = current_reporter()
    if reporter is not None:
        reporter.log(level, message, duration, visible, title)


def Info(message: str = "Info issued.", duration: float | None = 10, visible: bool = True, title: str = "Info") -> None:  # noqa: N802
    """Show an info message to the job's client (nothing outside a job)."""
    _log("info", message, duration, visible, title)


def Warning(  # noqa: A001,N802 - Gradio's public name
    message: str = "Warning issued.", duration: float | None = 10, visible: bool = True, title: str = "Warning"
) -> None:
    """Show a warning to the job's client (nothing outside a job)."""
    _log("warning", message, duration, visible, title)
