"""``gr.TabbedInterface``, and rendering a finished app inside another (``demo.render()``).

Rendering a Blocks (an Interface, or any app) inside the app that is open does what Gradio
4.44.1 does (gradio/blocks.py ``Blocks.render``): the app's top-level blocks join the layout
open now, its blocks join the open app with their ids, and its dependencies are appended
after the open app's -- renumbered, ``trigger_after`` and ``cancels`` shifted by the same
amount, api_names made unique among the open app's. Loaded from a file, every block of the
file has its own id already (one sequence, as in a Gradio process). Built in plain Python,
where each app numbers its blocks from 0, the rendered app's blocks are renumbered after the
open app's when their ids would collide.

``TabbedInterface`` is a Blocks (mode "tabbed_interface") with an optional title, and a Tab
per app inside one Tabs, each app rendered into its Tab (gradio/interface.py).
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any

import attrs

from . import _context
from ._blocks import Blocks
from ._components._text import Markdown
from ._errors import DefinitionError, DefinitionTypeError
from ._graph import Trigger
from ._layouts import Tab, Tabs

__all__ = ["TabbedInterface", "Embeddable", "render_blocks"]


def render_blocks(inner: Blocks) -> Blocks:
    """Render the finished app ``inner`` into the app and layout open now (see module doc)."""
    outer = _context.current_app()
    parent = _context.current_parent()
    if outer is None or parent is None:
        raise DefinitionError(
            f"{type(inner).__name__}.render()",
            inner,
            "was called with no Blocks open",
            "Call render() inside `with gr.Blocks() as demo:`.",
        )
    if outer is inner or getattr(inner, "_rendered_into", None) is not None:
        raise DefinitionError(
            f"{type(inner).__name__}.render()",
            inner,
            "was called on an app that is already rendered" if outer is not inner else "was called inside itself",
            "Render an app into one other app, once.",
        )
    if _context.current_app() is inner:
        raise DefinitionError(
            f"{type(inner).__name__}.render()", inner, "was called while it is open", "Close its `with` block first."
        )
    ids = sorted(inner._blocks)
    if any(block_id in outer._blocks for block_id in ids) or (inner.id in outer._blocks):
        # Each app numbered itself from 0 (no file-wide numbering): renumber after the open app's.
        mapping = {block_id: outer._allocate_id() for block_id in ids}
    else:
        mapping = {block_id: block_id for block_id in ids}
    for old in ids:
        block = inner._blocks[old]
        block._id = mapping[old]
        block._app = outer
        outer._register_block(block)

    def remap(block_id: int | None) -> int | None:
        return mapping.get(block_id, block_id) if block_id is not None else None

    # The inner app's dependencies take the outer app's next ids, in order (its ids may have
    # gaps: cached examples drop two), so references between them follow a map, not an offset.
    first = outer._next_dependency_id
    dep_ids = {dep.id: first + n for n, dep in enumerate(inner._dependencies)}
    for dep in inner._dependencies:
        default_group = dep.concurrency_id == inner._fn_groups.get(id(dep.fn)) or dep.concurrency_id.startswith("dep-")
        draft = attrs.evolve(
            dep,
            id=-1,
            targets=tuple(Trigger(block_id=remap(t.block_id), event=t.event) for t in dep.targets),
            inputs=tuple(remap(i) for i in dep.inputs),
            outputs=tuple(remap(o) for o in dep.outputs),
            trigger_after=dep_ids[dep.trigger_after] if dep.trigger_after is not None else None,
            cancels=tuple(dep_ids[c] for c in dep.cancels),
            concurrency_id="" if default_group else dep.concurrency_id,
        )
        outer._add_dependency(draft, requested_api_name=dep.api_name, name_hint=None)
    for block_id, dep_id in sorted(inner._value_loads.items()):
        outer._value_loads[mapping.get(block_id, block_id)] = dep_ids[dep_id]
    for child in inner.children:
        parent._add_child(child)
    inner._rendered_into = outer  # type: ignore[attr-defined]
    return inner


class Embeddable(Blocks):
    """A Blocks that may be built inside an open app (Interface, TabbedInterface).

    Gradio lets these be constructed inside ``with gr.Blocks():``: their blocks and listeners
    then go to that app (its root Blocks), and their children join the layout open around
    them when they close (gradio/blocks.py ``Blocks.__enter__``/``__exit__``). Built on its
    own, it is an app like any other.
    """

    _NESTS = True

    def _embed(self, outer: Blocks | None) -> None:
        """Call right after Blocks.__init__ with the app that was open (or None)."""
        self._outer: Blocks | None = outer
        if outer is not None:
            self._app = outer

    def __enter__(self) -> Embeddable:
        if getattr(self, "_outer", None) is None:
            super().__enter__()
            return self
        self._saved_parent.append(_context.current_parent())
        _context.set_parent(self)
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if getattr(self, "_outer", None) is None:
            super().__exit__(exc_type, *exc)
            return
        parent = self._saved_parent.pop()
        _context.set_parent(parent)
        if exc_type is None:
            self.fill_expected_parents()
            assert parent is not None
            for child in self.children:
                parent._add_child(child)

    def render(self) -> Blocks:  # type: ignore[override]
        if getattr(self, "_outer", None) is not None:
            raise DefinitionError(
                f"{type(self).__name__}.render()",
                self,
                "was called on an app built inside another app (it is shown there already)",
                "Build it outside any `with gr.Blocks()` block to render it elsewhere.",
            )
        return render_blocks(self)


class TabbedInterface(Embeddable):
    """Several apps (Interfaces or Blocks), one per tab."""

    def __init__(
        self,
        interface_list: Sequence[Blocks],
        tab_names: list[str] | None = None,
        title: str | None = None,
        theme: Any = None,
        analytics_enabled: bool | None = None,
        css: str | None = None,
        js: str | None = None,
        head: str | None = None,
    ) -> None:
        if isinstance(interface_list, Blocks) or not isinstance(interface_list, Sequence):
            raise DefinitionTypeError(
                "TabbedInterface(interface_list)",
                interface_list,
                "is not a list of apps",
                "Pass a list of gr.Interface or gr.Blocks objects.",
            )
        for app in interface_list:
            if not isinstance(app, Blocks):
                raise DefinitionTypeError(
                    "TabbedInterface(interface_list)",
                    app,
                    "is not an app",
                    "Pass a list of gr.Interface or gr.Blocks objects.",
                )
        outer = _context.current_app()
        super().__init__(
            title=title or "Gradio",
            theme=theme,
            analytics_enabled=analytics_enabled,
            mode="tabbed_interface",
            css=css,
            js=js,
            head=head,
        )
        self._embed(outer)
        if tab_names is None:
            tab_names = [f"Tab {i}" for i in range(len(interface_list))]
        with self:
            if title:
                Markdown(f"<h1 style='text-align: center; margin-bottom: 1rem'>{title}</h1>")
            with Tabs():
                # zip: as in Gradio, apps beyond the names given are left out.
                for app, name in zip(interface_list, tab_names):
                    with Tab(label=name):
                        app.render()


# Its own __init__ is its signature (a Block class's is otherwise derived from PARAMS).
TabbedInterface.__signature__ = inspect.signature(
    TabbedInterface.__init__
).replace(  # type: ignore[attr-defined]
    parameters=list(inspect.signature(TabbedInterface.__init__).parameters.values())[1:]
)
