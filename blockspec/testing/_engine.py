"""Running the engine under virtual time from a test, and reading its history back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import trio

import blockspec as gr

from .._determinism import Interleaving, run_virtual
from .._graph import AppGraph
from ..engine import Durations, Engine, History, InlineRunner, Record, open_engine

__all__ = ["run_engine", "messages_of", "transitions_of"]

Scenario = Callable[[Engine], Awaitable[Any]]


def run_engine(
    app: gr.Blocks | AppGraph,
    scenario: Scenario,
    *,
    seed: int = 0,
    interleaving: Interleaving = "fifo",
    durations: Durations | None = None,
    settle: float | None = 1e6,
    **options: Any,
) -> History:
    """Run ``scenario(engine)`` on a virtual clock and return the engine's history.

    After the scenario returns, virtual time runs on for ``settle`` seconds so queued work
    finishes (None: stop at once). ``options`` go to :class:`Engine`.
    """
    graph = app.graph if isinstance(app, gr.Blocks) else app
    options.setdefault("heartbeat_interval", None)
    history = History()

    async def main() -> None:
        async with open_engine(graph, seed=seed, runner=InlineRunner(durations), history=history, **options) as engine:
            await scenario(engine)
            if settle:
                await trio.sleep(settle)

    run_virtual(main, seed=seed, interleaving=interleaving)
    return history


def messages_of(history: History, session: str) -> list[dict[str, Any]]:
    """The JSON messages one session received, in order."""
    return [r.payload for r in history.select("message") if r.session == session]


def transitions_of(history: History, event_id: str) -> list[Record]:
    return [r for r in history.select("job") if r.event_id == event_id]
