"""The server's console shows every failed call of the app's functions, as Gradio's does.

The engine turns a failure into the job's terminal message -- with the exception's text only
when ``show_error`` (or ``gr.Error``) allows -- and records its type and message. The person
running the server needs more: the exception and the app's own traceback frames. A
:class:`LoggingRunner` wraps the server's runner and logs each exception the app's function
raised (a call, a generator's step, an unload function), with its traceback, to the
``blockspec.server`` logger at ERROR -- shown on stderr even when logging is not configured
(Python's last-resort handler), and captured by any handler the application installs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ..engine import Runner
from ..engine._runners import Timing

__all__ = ["LoggingRunner"]

log = logging.getLogger("blockspec.server")


class LoggingRunner:
    """``inner``, with every exception the app's function raised logged with its traceback."""

    def __init__(self, inner: Runner) -> None:
        self.inner = inner

    def instant(self, timing: Timing) -> bool:
        return self.inner.instant(timing)  # never true for the server's ThreadRunner

    def call_now(
        self, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]
    ) -> tuple[Any, Exception | None, float]:
        return self.inner.call_now(fn, args, kwargs)

    def iterate(self, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> Any:
        return self.inner.iterate(fn, args, kwargs)

    @staticmethod
    def _log(timing: Timing, exc: Exception) -> None:
        dep = timing.dep
        log.error(
            "Error in %s (fn_index %s, api_name %r): %s: %s",
            dep.fn_name or "the app's function",
            dep.id,
            dep.api_name,
            type(exc).__name__,
            exc,
            exc_info=exc,
        )

    async def call(self, fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any], *, timing: Timing) -> Any:
        try:
            return await self.inner.call(fn, args, kwargs, timing=timing)
        except Exception as exc:
            self._log(timing, exc)
            raise

    async def step(self, iterator: Any, *, timing: Timing) -> Any:
        try:
            return await self.inner.step(iterator, timing=timing)
        except Exception as exc:
            self._log(timing, exc)
            raise
