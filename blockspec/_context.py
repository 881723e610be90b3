"""Where a block being constructed goes: the Blocks app and the layout currently open.

``with gr.Blocks():`` opens an app, ``with gr.Row():`` opens a layout inside it; a component
constructed in between is rendered into that layout and numbered by that app. Both are context
variables, so definitions in different threads or tasks do not see each other's apps.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._block import BlockContext
    from ._blocks import Blocks
    from ._render import RenderRun

__all__ = [
    "current_app",
    "current_parent",
    "current_render",
    "set_app",
    "set_parent",
    "set_render",
    "Numbering",
    "current_numbering",
    "numbering",
]

_app: ContextVar[Blocks | None] = ContextVar("blockspec_app", default=None)
_parent: ContextVar[BlockContext | None] = ContextVar("blockspec_parent", default=None)
# The gr.render run under way in this context (blocks and listeners it makes belong to one
# session, not to the app): see blockspec/_render.py.
_render: ContextVar[RenderRun | None] = ContextVar("blockspec_render", default=None)


class Numbering:
    """A sequence of block ids: 0, 1, 2, ... in construction order."""

    def __init__(self) -> None:
        self.next_id = 0

    def take(self) -> int:
        taken = self.next_id
        self.next_id += 1
        return taken


# Gradio numbers every block of a process from one counter (its Context.id): a component built
# before the Interface that shows it, and every app of a file, take ids from the same
# sequence. Inside `numbering()` (an app file being loaded) blockspec does the same; outside,
# each top-level Blocks numbers its own blocks from 0 and a block built with no app open gets
# its id when rendered.
_numbering: ContextVar[Numbering | None] = ContextVar("blockspec_numbering", default=None)


def current_numbering() -> Numbering | None:
    """The process-like id sequence in force (an app file being loaded), if any."""
    return _numbering.get()


@contextmanager
def numbering() -> Iterator[Numbering]:
    """Number every block built inside this block from one sequence, as a fresh Gradio process does."""
    sequence = Numbering()
    token = _numbering.set(sequence)
    try:
        yield sequence
    finally:
        _numbering.reset(token)


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
