"""A trace as a swimlane table: one column per session, one row per thing that happened.

Only what a reader follows a run by gets a row: what each virtual client did (its
``client`` records) and the points of each job's life. Messages, slots and the rest stay in
the trace. The table is built when rich asks for it, so the :class:`Trace` stays the only
copy of the data.

The glyphs and the per-session colours are defined here and shared with the Gantt view, so
both views speak the same vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:  # only for annotations: the report must import without the simulator
    from ..engine import Record
    from ..sim._trace import Trace

__all__ = ["Timeline", "OUTCOME_GLYPHS", "OUTCOME_STYLES", "session_styles", "horizon"]

#: How a job ended, as one glyph (a pending job has none: it has not ended).
OUTCOME_GLYPHS: dict[str, str] = {"completed": "■", "failed": "✖", "cancelled": "⊘", "rejected": "∅"}
OUTCOME_STYLES: dict[str, str] = {"completed": "green", "failed": "bold red", "cancelled": "yellow", "rejected": "red"}

#: Job records that are not an ending, by trigger; "accept" is left out (it adds nothing to "submit").
_POINT_GLYPHS: dict[str, str] = {"submit": "◌", "start": "▶", "run_direct": "▶", "yield": "·"}

#: The client records that get a row (see the table in blockspec.sim._trace).
_CLIENT_ROWS: tuple[str, ...] = (
    "render",
    "open",
    "close",
    "reconnect",
    "set",
    "trigger",
    "tick",
    "cancel_request",
    "dropped",
    "deferred",
    "cycle",
    "error",
    "refused",
)

_PALETTE: tuple[str, ...] = (
    "cyan",
    "magenta",
    "green",
    "yellow",
    "blue",
    "bright_red",
    "bright_cyan",
    "bright_magenta",
)


def session_styles(sessions: list[str]) -> dict[str, str]:
    """A colour per session, by its position in ``sessions`` (so the same trace colours the same)."""
    return {session: _PALETTE[i % len(_PALETTE)] for i, session in enumerate(sessions)}


def horizon(trace: Trace) -> float:
    """The latest time in the trace (every span drawn must end at or after its start)."""
    return trace.history.latest_time


def _short(value: Any, limit: int = 24) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _block(trace: Trace, block_id: Any, session: str | None = None) -> str:
    # A report must render whatever it is given: an id the graph lacks is shown, not raised.
    try:
        return trace.block_name(block_id, session)
    except (KeyError, IndexError, TypeError):
        return f"#{block_id}"


def _fn(trace: Trace, dep_id: Any, session: str | None = None) -> str:
    try:
        return trace.fn_name(dep_id, session)
    except (KeyError, IndexError, TypeError):
        return f"dep#{dep_id}"


def _client_text(trace: Trace, record: Record) -> str:
    payload = record.payload if record.detail is not None else None
    info: dict[str, Any] = payload if isinstance(payload, dict) else {}
    name = record.name
    if name == "trigger":
        return f"trigger {_block(trace, info.get('block'), record.session)}.{info.get('event', '?')}"
    if name == "set":
        return f"set {_block(trace, info.get('block'), record.session)} = {_short(info.get('value'))}"
    if name == "render":
        # The tab re-rendered a gr.render's container (blockspec/frontend/_rendered.py).
        return f"render {info.get('render_id')}: {info.get('blocks')} blocks, {info.get('dependencies')} listeners"
    if name == "tick":
        return f"tick {_block(trace, info.get('block'), record.session)}"
    if name == "cancel_request":
        return f"cancel_request {record.event_id or info.get('event_id', '')}".rstrip()
    if name in ("dropped", "deferred"):
        dep_id = record.dep_id if record.dep_id is not None else info.get("dep_id")
        return f"{name} {_fn(trace, dep_id, record.session)}"
    if name == "error":
        title = info.get("title") or "Error"
        message = info.get("message")
        return f"error {title}: {_short(message, 40)}" if message else f"error {title}"
    if name == "refused":
        message = info.get("message")
        return f"refused: {_short(message, 40)}" if message else "refused"
    if name == "cycle" and "block" in info:
        return f"cycle at {_block(trace, info['block'], record.session)}"
    return name


def _row_text(trace: Trace, record: Record) -> Text | None:
    """The cell for ``record``, or None if it gets no row."""
    if record.kind == "client":
        if record.name not in _CLIENT_ROWS:
            return None
        style = "bold red" if record.name in ("error", "refused", "cycle") else ""
        return Text(_client_text(trace, record), style=style)
    if record.kind != "job":
        return None
    if record.state in OUTCOME_GLYPHS:
        glyph, style = OUTCOME_GLYPHS[record.state], OUTCOME_STYLES[record.state]
    elif record.name in _POINT_GLYPHS:
        glyph, style = _POINT_GLYPHS[record.name], ""
    else:
        return None
    text = Text(glyph, style=style)
    text.append(f" {_fn(trace, record.dep_id, record.session)} {record.event_id}")
    if record.name == "raise" and record.detail is not None:
        failure = record.payload
        text.append(f" {failure.get('type')}: {_short(failure.get('message'), 40)}", style=style)
    return text


class Timeline:
    """Render a :class:`Trace` as a table: ``t`` then one column per session.

    ``max_rows``: show at most this many rows, then one saying how many were left out
    (None: all of them).
    """

    def __init__(self, trace: Trace, *, max_rows: int | None = 200, title: str | None = None) -> None:
        self.trace = trace
        self.max_rows = max_rows
        self.title = title

    def rows(self) -> list[tuple[Record, Text]]:
        """The records that get a row, in time order (ties in the order they were added)."""
        ordered = sorted(self.trace.records, key=lambda record: (record.t, record.seq))
        rows = []
        for record in ordered:
            if record.session is None:
                continue
            text = _row_text(self.trace, record)
            if text is not None:
                rows.append((record, text))
        return rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        sessions = self.trace.sessions
        styles = session_styles(sessions)
        title = self.title if self.title is not None else f"{self.trace.graph.settings.title}: timeline"
        if not sessions:
            yield Text(title, style="table.title")
            yield Text("no records", style="dim")
            return
        table = Table(title=title, title_justify="left")
        table.add_column("t", justify="right", style="dim", no_wrap=True)
        for session in sessions:
            table.add_column(session, header_style=f"bold {styles[session]}", style=styles[session])
        column = {session: i for i, session in enumerate(sessions)}
        rows = self.rows()
        shown = rows if self.max_rows is None else rows[: max(self.max_rows, 0)]
        for record, text in shown:
            cells: list[RenderableType] = [""] * len(sessions)
            cells[column[str(record.session)]] = text
            table.add_row(f"{record.t:.3f}", *cells)
        left_out = len(rows) - len(shown)
        if left_out:
            # The note goes in the first session column: in ``t`` it would widen every row.
            note = Text(f"… {left_out} more rows", style="dim italic")
            table.add_row("", note, *[""] * (len(sessions) - 1))
        yield table
