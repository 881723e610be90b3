"""Writing a trace's reports to disk: the timeline and Gantt views as SVG and HTML, and the
Chrome trace as JSON.

Each file is a function of the trace alone: the console has a fixed width, a fixed colour
system and no environment, and rich names the SVG's styles by a hash of its content, so the
same trace writes the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from ._chrome_trace import chrome_trace_bytes
from ._gantt import Gantt
from ._timeline import Timeline

if TYPE_CHECKING:  # only for annotations: the report must import without the simulator
    from ..sim._trace import Trace

__all__ = ["write_reports"]


def write_reports(trace: Trace, out_dir: str | Path, *, title: str, width: int = 120) -> dict[str, Path]:
    """Write ``timeline.svg``, ``timeline.html`` and ``trace.json`` into ``out_dir``.

    Returns their paths as ``{"svg": ..., "html": ..., "json": ...}``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    console = Console(
        record=True,
        width=width,
        force_terminal=True,
        color_system="truecolor",
        file=io.StringIO(),
        legacy_windows=False,
        _environ={},  # COLUMNS, NO_COLOR and the like must not change the files
    )
    console.print(Timeline(trace))
    console.print()
    console.print(Gantt(trace))
    paths = {"svg": out / "timeline.svg", "html": out / "timeline.html", "json": out / "trace.json"}
    # save_svg would clear the recording; the HTML is exported from the same recording after it.
    console.save_svg(str(paths["svg"]), title=title, clear=False)
    console.save_html(str(paths["html"]))
    paths["json"].write_bytes(chrome_trace_bytes(trace))
    return paths
