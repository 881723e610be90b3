"""Where a block being constructed goes: the Blocks app and the layout currently open.

``with gr.Blocks():`` opens an app, ``with gr.Row():`` opens a layout inside it; a component
constructed in between is rendered into that layout and numbered by that app. Both are context
variables, so definitions in different threads or tasks do not see each other's apps.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._block import BlockContext
    from ._blocks import Blocks
    from ._render import RenderRun

__all__ = ["current_app", "current_parent", "current_render", "set_app", "set_parent", "set_render"]

_app: ContextVar[Blocks | None] = ContextVar("blockspec_app", default=None)
_parent: ContextVar[BlockContext | None] = ContextVar("blockspec_parent", default=None)
# The gr.render run under way in this context (blocks and listeners it makes belong to one
# session, not to the app): see blockspec/_render.py.
_render: ContextVar[RenderRun | None] = ContextVar("blockspec_render", default=None)


def current_app() -> Blocks | None:
    """The Blocks whose ``with`` statement is open, if any."""
    return _app.get()


def current_parent() -> BlockContext | None:
    """The innermost open layout (or the app itself), if any."""
    return _parent.get()


def set_app(app: Blocks | None) -> None:
    _app.set(app)


def set_parent(parent: BlockContext | None) -> None:
    _parent.set(parent)


def current_render() -> RenderRun | None:
    """The ``gr.render`` run that is building blocks in this context, if any."""
    return _render.get()


def set_render(run: RenderRun | None) -> None:
    _render.set(run)
