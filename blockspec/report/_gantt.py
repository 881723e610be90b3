"""A trace's jobs as a Gantt chart: one lane per job, time left to right.

Each lane shows when the job waited in the queue (``░``), when it ran (``█``) and how it
ended (the outcome glyphs of the timeline). Time is scaled to whatever width rich offers,
so the chart is drawn in ``__rich_console__`` from the :class:`Trace`, never stored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType
from rich.text import Text

from ._timeline import OUTCOME_GLYPHS, OUTCOME_STYLES, horizon, session_styles

if TYPE_CHECKING:  # only for annotations: the report must import without the simulator
    from ..sim._trace import JobSpan, Trace

__all__ = ["Gantt"]

QUEUED, RUNNING = "░", "█"
#: Columns kept free at the right of the chart: a phase that took any time is widened to one
#: cell (so a short wait or run stays visible), which can push a lane's end one or two cells
#: past its scaled position; an end glyph may be two cells wide.
_SLACK = 3
#: Aim for a tick about this many cells apart.
_TICK_SPACING = 12


class _Scale:
    """Virtual seconds in [t0, t1] to chart columns in [0, cells)."""

    def __init__(self, t0: float, t1: float, cells: int) -> None:
        self.t0, self.t1, self.cells = t0, t1, cells
        self.span = t1 - t0 if t1 > t0 else 1.0

    def col(self, t: float) -> int:
        return max(0, min(self.cells - 1, int((t - self.t0) / self.span * self.cells)))


def _lane(job: JobSpan, scale: _Scale, width: int, colour: str) -> list[tuple[str, str]]:
    """The chart cells of one job, as (text, style); a two-cell glyph is followed by an empty cell."""
    cells = [(" ", "")] * width
    ended = job.ended if job.ended is not None else scale.t1
    first = scale.col(job.submitted)
    if job.started is not None:
        run = scale.col(job.started)
        if job.started > job.submitted:
            run = max(run, first + 1)
        last = scale.col(ended)
        if ended > job.started:
            last = max(last, run + 1)
        last = max(last, run)
    else:
        run = None
        last = scale.col(ended)
        if ended > job.submitted:
            last = max(last, first + 1)
    wait_until = run if run is not None else last
    for c in range(first, wait_until):
        cells[c] = (QUEUED, f"dim {colour}")
    if run is not None:
        for c in range(run, last):
            cells[c] = (RUNNING, colour)
    if job.outcome in OUTCOME_GLYPHS:
        glyph = OUTCOME_GLYPHS[job.outcome]
        cells[last] = (glyph, OUTCOME_STYLES[job.outcome])
        for c in range(last + 1, min(width, last + cell_len(glyph))):
            cells[c] = ("", "")
        if job.failure:  # say what was raised, where the lane has room for it
            note = " " + str(job.failure.get("type"))
            start = last + cell_len(glyph)
            for offset, char in enumerate(note[: max(0, width - start)]):
                if cells[start + offset] != (" ", ""):
                    break
                cells[start + offset] = (char, OUTCOME_STYLES[job.outcome])
    else:  # pending: it was still waiting or running when the trace ends
        cells[last] = (QUEUED, f"dim {colour}") if run is None else (RUNNING, colour)
    return cells


def _nice_step(span: float, ticks: int) -> float:
    raw = span / max(ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if multiple * magnitude >= raw:
            return multiple * magnitude
    return 10 * magnitude


def _axis(scale: _Scale, width: int) -> tuple[str, str]:
    """The ruler and the tick labels under it, each ``width`` cells."""
    ruler = ["─"] * width
    labels = [" "] * width
    if scale.t1 > scale.t0:
        step = _nice_step(scale.t1 - scale.t0, scale.cells // _TICK_SPACING)
        values = []
        k = math.ceil(scale.t0 / step - 1e-9)
        while k * step <= scale.t1 + 1e-9:
            values.append(k * step)
            k += 1
    else:
        values = [scale.t0]
    free = 0
    for value in values:
        col = scale.col(value)
        ruler[col] = "┬"
        label = f"{round(value, 9):g}s"
        if col >= free and col + len(label) <= width:
            labels[col : col + len(label)] = list(label)
            free = col + len(label) + 1
    return "".join(ruler), "".join(labels)


def _spaced(line: str, style: str) -> Text:
    """``line`` with its runs of spaces as separate unstyled spans.

    SVG export collapses spaces inside one styled text run, which would slide every tick
    label to the left; separate runs keep each label at its column.
    """
    text = Text(no_wrap=True, overflow="crop")
    for run in re.findall(r" +|[^ ]+", line):
        text.append(run, style=None if run.startswith(" ") else style)
    return text


class Gantt:
    """Render the jobs of a :class:`Trace` as lanes labelled ``session fn event_id``.

    ``width``: the total width to draw in (at most what the console offers); default all of it.
    """

    def __init__(self, trace: Trace, *, width: int | None = None, title: str | None = None) -> None:
        self.trace = trace
        self.width = width
        self.title = title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        title = self.title if self.title is not None else f"{self.trace.graph.settings.title}: jobs"
        yield Text(title, style="table.title")
        jobs = self.trace.jobs()
        if not jobs:
            yield Text("no jobs", style="dim")
            return
        total = options.max_width if self.width is None else min(self.width, options.max_width)
        labels = [f"{job.session} {job.fn} {job.event_id}" for job in jobs]
        label_width = min(max(cell_len(label) for label in labels), max(8, total // 3))
        chart_width = max(total - label_width - 1, _SLACK + 1)
        t0 = min(job.submitted for job in jobs)
        scale = _Scale(t0, max(horizon(self.trace), t0), chart_width - _SLACK)
        styles = session_styles(self.trace.sessions)
        for job, label in zip(jobs, labels):
            colour = styles.get(job.session, "")
            line = Text(no_wrap=True, overflow="crop")
            line.append_text(Text(label, style=colour))
            line.truncate(label_width, overflow="ellipsis", pad=True)
            line.append(" ")
            for text, style in _lane(job, scale, chart_width, colour):
                line.append(text, style=style)
            yield line
        ruler, tick_labels = _axis(scale, chart_width)
        pad = " " * (label_width + 1)
        yield Text.assemble(pad, (ruler, "dim"), no_wrap=True, overflow="crop")
        yield _spaced(pad + tick_labels, "dim")
        legend = Text(f"{QUEUED} queued  {RUNNING} running", no_wrap=True, overflow="crop")
        for outcome, glyph in OUTCOME_GLYPHS.items():
            legend.append("  ")  # spaces outside styled runs: see _spaced
            legend.append(glyph, style=OUTCOME_STYLES[outcome])
            legend.append(f"\u00a0{outcome}")  # a no-break space survives SVG's whitespace rules
        if legend.cell_len <= total - len(pad):
            legend = Text(pad) + legend
        legend.truncate(total)
        yield legend
