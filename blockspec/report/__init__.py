"""Renderables for the terminal (rich): data in, ``__rich_console__`` out."""

from ._graph_view import GraphView as GraphView

__all__ = ["GraphView"]
