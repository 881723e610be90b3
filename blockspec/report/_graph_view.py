"""The app graph as rich tables: its components and its dependencies."""

from __future__ import annotations

import json
from collections.abc import Iterator

from rich.console import Console, ConsoleOptions, RenderableType
from rich.table import Table
from rich.text import Text

from .._graph import AppGraph, DependencySpec
from .._overrides import given_settings

__all__ = ["GraphView"]


def _targets(dep: DependencySpec, graph: AppGraph) -> str:
    parts = []
    for trigger in dep.targets:
        if trigger.block_id is None:
            after = f" #{dep.trigger_after}" if dep.trigger_after is not None else ""
            parts.append(f"{trigger.event}{after}")
        else:
            node = graph.block(trigger.block_id) if trigger.block_id != 0 else None
            name = node.label or node.type if node else "app"
            parts.append(f"{name}[{trigger.block_id}].{trigger.event}")
    return ", ".join(parts)


class GraphView:
    """Render an :class:`AppGraph`: one table of blocks, one of dependencies."""

    def __init__(self, graph: AppGraph, *, title: str | None = None) -> None:
        self.graph = graph
        self.title = title or graph.settings.title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        blocks = Table(title=f"{self.title}: blocks", title_justify="left")
        for column in ("id", "type", "label / elem_id", "events"):
            blocks.add_column(column)
        for node in self.graph.blocks:
            name = node.label or node.elem_id or ""
            blocks.add_row(str(node.id), node.type, name, ", ".join(node.events))
        yield blocks
        deps = Table(title=f"{self.title}: dependencies", title_justify="left")
        for column in ("id", "role", "on", "fn", "in → out", "api_name", "queue", "mode", "limit"):
            deps.add_column(column)
        for dep in self.graph.dependencies:
            limit = self.graph.concurrency_limit_of(dep)
            deps.add_row(
                str(dep.id),
                dep.role,
                _targets(dep, self.graph),
                dep.fn_name or (Text("js", style="dim") if dep.js else "-"),
                f"{list(dep.inputs)} → {list(dep.outputs)}",
                json.dumps(dep.api_name),
                "no" if dep.queue is False else "yes",
                dep.trigger_mode,
                "∞" if limit is None else str(limit),
            )
        yield deps
        for name, settings in (("queue()", self.graph.queue), ("launch()", self.graph.launch)):
            given = given_settings(settings)
            if given:
                yield Text(f"{name}: " + ", ".join(given))
