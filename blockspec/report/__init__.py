"""Reports on an app and its runs: rich renderables (data in, ``__rich_console__`` out) and exporters."""

from ._chrome_trace import chrome_trace as chrome_trace
from ._chrome_trace import chrome_trace_bytes as chrome_trace_bytes
from ._export import write_reports as write_reports
from ._gantt import Gantt as Gantt
from ._graph_view import GraphView as GraphView
from ._timeline import Timeline as Timeline

__all__ = ["GraphView", "Timeline", "Gantt", "chrome_trace", "chrome_trace_bytes", "write_reports"]
