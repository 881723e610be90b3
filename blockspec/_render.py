"""``gr.render``: a function re-run per session to rebuild part of the page.

Definition (``@gr.render(inputs=..., triggers=...)``) adds to the app what Gradio 4.44.1 adds
(``gradio/renderable.py``): an empty container -- a Row if the render sits in a Row, else a
Column, with ``show_progress=True`` -- and one dependency (role ``"render"``, ``api_name``
"apply", ``show_api=False``, ``postprocess=False``) whose output is that container and whose
triggers are the given ones, or ``load`` plus each input's ``change``.

Running it happens for one session (:class:`SessionRenders`, which the engine keeps on the
session). Each run, as 4.44.1 does it:

1. drops the listeners the renderable's previous run added for this session;
2. takes one block id for a fresh copy of the container (Gradio constructs the copy, which
   takes the next id, then gives it the container's id), so the run's blocks start one after;
3. calls the function with the container copy open: the blocks it constructs are numbered
   from the session's counter (starting where the app's definition stopped), the listeners it
   adds from the session's dependency counter (starting after the app's), with api names made
   unique among the session's current listeners;
4. replaces the container's children for this session, and answers with the ``render_config``
   the client uses to re-render: the container's layout, its components (``renderable`` = the
   render id; ``props.rendered_in`` for blocks the function rendered), the new listeners
   (``rendered_in`` = the render id) and ``render_id``.

Blocks and listeners made by a run never touch the app: ``Blocks`` hands them to the run in
progress (``blockspec/_context.py`` ``current_render``), so every session sees only its own,
and two runs of the same app are numbered alike whatever ran before -- unlike Gradio, whose
block ids come from one process-wide counter (a second session's first render is numbered
after the first session's).
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from . import _context
from ._block import Block
from ._blocks import block_node, layout_of, name_dependency
from ._config import component_json, dependency_json
from ._errors import DefinitionError, DefinitionTypeError
from ._events import BoundListener, register
from ._fn_signature import describe_fn
from ._graph import AppGraph, DependencySpec, LayoutNode, Trigger
from ._layouts import Column, Row
from ._listener_options import validate_options

if TYPE_CHECKING:
    from ._blocks import Blocks

__all__ = ["render", "Renderable", "SessionRenders", "RenderRun", "RenderOutcome", "rendered_summary"]


class Renderable:
    """One ``@gr.render`` function of an app; its ``id`` is its index among the app's renders."""

    def __init__(
        self,
        app: Blocks,
        fn: Callable[..., Any],
        inputs: list[Any],
        targets: tuple[Trigger, ...],
        *,
        queue: bool,
        trigger_mode: str | None,
        concurrency_limit: int | None | Literal["default"],
        concurrency_id: str | None,
    ) -> None:
        self.app = app
        self.fn = fn
        self.inputs = inputs
        self.id = len(app._renderables)
        app._renderables.append(self)
        self.container_class: type[Column] | type[Row] = Row if isinstance(_context.current_parent(), Row) else Column
        self.container = self.container_class(show_progress=True)
        assert self.container.id is not None
        self.container_id: int = self.container.id
        self.dependency = register(
            app,
            targets,
            self.apply,
            inputs,
            [self.container],
            validate_options(
                queue=queue,
                trigger_mode=trigger_mode,
                concurrency_limit=concurrency_limit,
                concurrency_id=concurrency_id,
                show_api=False,
                postprocess=False,
            ),
            role="render",
            renderable=self,
        )

    def apply(self, *args: Any) -> None:
        """The dependency's function. The engine runs it for a session (:meth:`SessionRenders.run`)."""
        raise DefinitionError(
            "gr.render",
            describe_fn(self.fn),
            "was called outside a session: a render function runs when its triggers fire for a client",
            "Simulate or serve the app; the engine runs the render for each session.",
        )

    def __repr__(self) -> str:
        return f"<Renderable {self.id} fn={describe_fn(self.fn)} container={self.container_id}>"


def render(
    inputs: Any = None,
    triggers: Any = None,
    *,
    queue: bool = True,
    trigger_mode: Literal["once", "multiple", "always_last"] | None = "always_last",
    concurrency_limit: int | None | Literal["default"] = None,
    concurrency_id: str | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a function that builds components and listeners; it re-runs, per session,
    when its triggers fire (default: load, and a change of any input)."""
    from ._components._base import Component

    app = _context.current_app()
    if app is None:
        raise DefinitionError(
            "gr.render",
            inputs,
            "was used outside a `with gr.Blocks()` block (Gradio: Reactive render must be inside a Blocks context)",
            "Decorate the function inside `with gr.Blocks() as demo:`.",
        )
    if inputs is None:
        input_list: list[Any] = []
    elif isinstance(inputs, Component):
        input_list = [inputs]
    elif isinstance(inputs, Sequence) and not isinstance(inputs, str):
        input_list = list(inputs)
    else:
        raise DefinitionTypeError(
            "render(inputs)", inputs, "is not a component or a list of them", "Pass a component, a list, or None."
        )
    if triggers is None:
        targets = [Trigger(block_id=app.id, event="load")]
        targets += [Trigger(block_id=c.id, event="change") for c in input_list if "change" in getattr(c, "EVENTS", ())]
    else:
        listed = triggers if isinstance(triggers, Sequence) and not isinstance(triggers, str) else [triggers]
        for t in listed:
            if not isinstance(t, BoundListener):
                raise DefinitionTypeError(
                    "render(triggers)",
                    t,
                    "is not an event of a block",
                    "Pass event methods without calling them: triggers=[btn.click, box.submit].",
                )
        targets = [Trigger(block_id=t.block.id, event=t.event) for t in listed]
        if not targets:
            raise DefinitionError(
                "render(triggers)", triggers, "names no event", "Pass at least one event, or None for the default."
            )
    if not isinstance(queue, bool):
        raise DefinitionTypeError("render(queue)", queue, "is not a bool", "Pass True or False.")

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        if not callable(fn):
            raise DefinitionTypeError("gr.render", fn, "is not callable", "Decorate a function.")
        if inspect.iscoroutinefunction(fn) or inspect.isgeneratorfunction(fn) or inspect.isasyncgenfunction(fn):
            # 4.44.1 calls the function and ignores what it returns (renderable.py:76): a
            # coroutine or generator would build nothing, silently.
            raise DefinitionError(
                "gr.render",
                describe_fn(fn),
                "is a coroutine or generator function; Gradio calls it without awaiting or iterating it",
                "Make the render function a plain `def` that builds the components.",
            )
        with app._defining():
            Renderable(
                app,
                fn,
                input_list,
                tuple(targets),
                queue=queue,
                trigger_mode=trigger_mode,
                concurrency_limit=concurrency_limit,
                concurrency_id=concurrency_id,
            )
        return fn

    return decorate


# ---------------------------------------------------------------------------------------
# running renders for one session
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RenderOutcome:
    """What one run of a render gives the engine: the client's ``render_config``, and the
    session's graph with the run's blocks and listeners in place of the last run's."""

    render_id: int
    config: dict[str, Any]
    graph: AppGraph


class _Rendered:
    """What the last successful run of one renderable built for a session."""

    __slots__ = ("container", "blocks", "rendered", "dependencies")

    def __init__(self, container: Block, blocks: dict[int, Block], rendered: dict[int, bool]) -> None:
        self.container = container
        #: block id -> block, every block the run registered (in id order: ids only grow)
        self.blocks = blocks
        #: block id -> whether the function rendered it (False: a Form the layout added)
        self.rendered = rendered
        self.dependencies: list[DependencySpec] = []


class RenderRun:
    """One run of one renderable for one session, in progress: ``Blocks`` hands it the blocks
    and listeners the function makes (see ``Blocks._render_run``)."""

    def __init__(self, renders: SessionRenders, renderable: Renderable) -> None:
        self.app = renders.app
        self.renders = renders
        self.renderable = renderable
        self.blocks: dict[int, Block] = {}
        self.rendered: dict[int, bool] = {}
        self.dependencies: list[DependencySpec] = []

    def allocate_id(self) -> int:
        return self.renders._take_block_id()

    def register_block(self, block: Block) -> None:
        assert block.id is not None
        self.blocks[block.id] = block
        # Block.render() registers a block before marking it rendered; a Form the layout
        # adds around form components is registered already marked. Only the former carries
        # props.rendered_in in 4.44.1's render_config (Block.render sets rendered_in).
        self.rendered[block.id] = not block.is_rendered

    def unregister_block(self, block: Block) -> None:
        assert block.id is not None
        self.blocks.pop(block.id, None)
        self.rendered.pop(block.id, None)

    def add_dependency(
        self, draft: DependencySpec, *, requested_api_name: str | None | bool, name_hint: str | None
    ) -> DependencySpec:
        dep_id = self.renders._take_dependency_id()
        taken = [d.api_name for d in self.renders.current_dependencies(but=self.renderable.id) if d.api_name]
        taken += [d.api_name for d in self.dependencies if d.api_name]
        api_name, show_api = name_dependency(draft, requested_api_name, name_hint, taken)
        spec = attrs.evolve(
            draft,
            id=dep_id,
            api_name=api_name,
            show_api=show_api,
            concurrency_id=draft.concurrency_id or self.renders._group_of(draft.fn, dep_id),
            rendered_in=self.renderable.id,
        )
        self.dependencies.append(spec)
        return spec

    def dependency(self, dep_id: int) -> DependencySpec:
        for dep in self.dependencies:
            if dep.id == dep_id:
                return dep
        return self.renders.graph.dependency(dep_id)


class SessionRenders:
    """The render state of one session: what each renderable last built, the session's id
    counters, and the session's graph (the app's, with the rendered blocks and listeners)."""

    def __init__(self, app: Blocks, base: AppGraph, session_hash: str) -> None:
        self.app = app
        self.base = base
        self.session_hash = session_hash
        self._next_block = app._numbering.next_id
        self._next_dependency = max((d.id for d in base.dependencies), default=-1) + 1
        self._current: dict[int, _Rendered] = {}
        self._lock = threading.Lock()
        self.graph = base

    # -- counters and groups (called by the run in progress) ------------------------------

    def _take_block_id(self) -> int:
        allocated = self._next_block
        self._next_block += 1
        return allocated

    def _take_dependency_id(self) -> int:
        allocated = self._next_dependency
        self._next_dependency += 1
        return allocated

    def _group_of(self, fn: Callable[..., Any] | None, dep_id: int) -> str:
        # Gradio's default group is the function object (str(id(fn))). A function the app's
        # definition already used keeps that listener's group; a function made by the run (a
        # closure, the usual case) is new in every run of every session, so its group is its
        # own: named after it, the listener and the session.
        if fn is not None:
            known = self.app._fn_groups.get(id(fn))
            if known is not None:
                return known
        name = describe_fn(fn) if fn is not None else "dep"
        return f"{name}#{dep_id}@{self.session_hash}"

    def current_dependencies(self, *, but: int | None = None) -> list[DependencySpec]:
        out: list[DependencySpec] = []
        for render_id in sorted(self._current):
            if render_id != but:
                out.extend(self._current[render_id].dependencies)
        return out

    # -- a run ------------------------------------------------------------------------------

    def run(self, renderable: Renderable, *args: Any) -> RenderOutcome:
        """Run ``renderable``'s function with the input values ``args`` for this session."""
        with self._lock:
            return self._run(renderable, args)

    def _run(self, renderable: Renderable, args: tuple[Any, ...]) -> RenderOutcome:
        # The last run's listeners are gone before the function runs (renderable.py:63-69):
        # if it raises, the session keeps none of them and the page is not re-rendered.
        if self._current.pop(renderable.id, None) is not None:
            self.graph = self._build_graph()
        run = RenderRun(self, renderable)
        saved = (_context.current_app(), _context.current_parent(), _context.current_render())
        _context.set_app(self.app)
        _context.set_render(run)
        try:
            container = renderable.container_class(render=False, show_progress=True)
            # The copy took the next id of the session (as Gradio's copy does) and stands for
            # the container: it gets the container's id, and is in place.
            container._id = renderable.container_id
            container._rendered = True
            run.blocks.pop(renderable.container_id, None)
            with container:
                renderable.fn(*args)
        finally:
            _context.set_app(saved[0])
            _context.set_parent(saved[1])
            _context.set_render(saved[2])
        rendered = _Rendered(container, run.blocks, run.rendered)
        rendered.dependencies = run.dependencies
        self._current[renderable.id] = rendered
        self.graph = self._build_graph()
        return RenderOutcome(render_id=renderable.id, config=self._config(renderable.id), graph=self.graph)

    # -- what the run shows -----------------------------------------------------------------

    def _in_layout(self, rendered: _Rendered) -> list[Block]:
        """The run's blocks that are in the container's layout, in id order (4.44.1 leaves
        out blocks registered but not placed, blocks.py:868-872)."""
        placed = {b.id for b in rendered.container.iter_blocks()}
        return [rendered.blocks[i] for i in sorted(rendered.blocks) if i in placed]

    def _config(self, render_id: int) -> dict[str, Any]:
        rendered = self._current[render_id]
        container_entry = component_json(block_node(rendered.container))
        components = [{**container_entry, "renderable": render_id}]
        for block in self._in_layout(rendered):
            assert block.id is not None
            entry = component_json(block_node(block, rendered_in=render_id, key=_render_key(render_id, block)))
            if rendered.rendered.get(block.id):
                entry["props"]["rendered_in"] = render_id
            components.append(_with_renderable(entry, render_id))
        return {
            "layout": layout_of(rendered.container).to_json(),
            "components": components,
            "dependencies": [dependency_json(d) for d in rendered.dependencies],
            "render_id": render_id,
        }

    def _build_graph(self) -> AppGraph:
        nodes = list(self.base.blocks)
        deps = list(self.base.dependencies)
        layout = self.base.layout
        for render_id in sorted(self._current):
            rendered = self._current[render_id]
            nodes.extend(
                block_node(b, rendered_in=render_id, key=_render_key(render_id, b)) for b in self._in_layout(rendered)
            )
            deps.extend(rendered.dependencies)
            layout = _replace_subtree(layout, layout_of(rendered.container))
        nodes.sort(key=lambda n: n.id)
        return attrs.evolve(self.base, blocks=tuple(nodes), dependencies=tuple(deps), layout=layout)


def rendered_summary(outcome: RenderOutcome) -> dict[str, Any]:
    """A run's result as the history records it (JSON): the blocks shown and the listeners
    added, with what the trace and the checks need to know of each (name, group, limit)."""
    graph = outcome.graph
    deps = []
    for entry in outcome.config["dependencies"]:
        dep = graph.dependency(entry["id"])
        deps.append(
            {
                "id": dep.id,
                "fn": dep.fn_name,
                "group": dep.concurrency_id,
                "limit": graph.concurrency_limit_of(dep),
                "batch": dep.batch,
                "max_batch_size": dep.max_batch_size,
            }
        )
    names = []
    for component in outcome.config["components"]:
        props = component["props"]
        text = props.get("value") if component["type"] == "button" else None
        name = props.get("label") or props.get("elem_id") or (text if isinstance(text, str) else None)
        names.append([component["id"], name or f"{component['type']}#{component['id']}"])
    return {
        "render_id": outcome.render_id,
        "components": [c["id"] for c in outcome.config["components"]],
        "names": names,
        "dependencies": deps,
    }


def _render_key(render_id: int, block: Block) -> Any:
    # 4.44.1 prefixes a truthy key with the render id (blocks.py:873-874): key=0 stays 0.
    key = getattr(block, "key", None)
    return f"{render_id}-{key}" if key else key


def _with_renderable(entry: dict[str, Any], render_id: int) -> dict[str, Any]:
    # The key order of 4.44.1's entry: "renderable" follows "key" (blocks.py:876-885).
    out: dict[str, Any] = {}
    for name, value in entry.items():
        out[name] = value
        if name == "key":
            out["renderable"] = render_id
    return out


def _replace_subtree(layout: LayoutNode, new: LayoutNode) -> LayoutNode:
    if layout.id == new.id:
        return new
    if not layout.children:
        return layout
    return LayoutNode(id=layout.id, children=tuple(_replace_subtree(c, new) for c in layout.children))
