"""``Blocks``: the app users define, and the builder of its :class:`~blockspec.AppGraph`.

Definition happens inside ``with gr.Blocks() as demo:``. When the ``with`` block closes the
app is completed the way Gradio completes it -- form components are wrapped in Forms, and
components with a callable value get the listener that evaluates it on load -- and checked:
every component a listener reads or writes must by then be rendered in this app.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from . import _context
from ._api_names import base_name, unique_name
from ._block import Block, BlockContext
from ._config import config_bytes, config_json
from ._errors import DefinitionError, DefinitionTypeError, NotAvailableError
from ._events import _as_list, register
from ._fn_signature import describe_fn, read_signature, require_no_args
from ._graph import (
    AppGraph,
    AppSettings,
    BlockNode,
    DependencySpec,
    LaunchSettings,
    LayoutNode,
    QueueSettings,
    Trigger,
)
from ._launch import current_launcher
from ._listener_options import ListenerOptions
from ._settings import app_settings, launch_settings, queue_settings

if TYPE_CHECKING:
    from ._render import Renderable, RenderRun

__all__ = ["Blocks"]


class Blocks(BlockContext):
    """A Gradio Blocks app. Use it as a context manager and define components inside.

    ``Blocks.load(block, fn, ...)`` -- ``demo.load(fn, ...)`` on an instance -- runs ``fn``
    when a client opens the app; ``unload(fn)`` when it leaves.
    """

    TYPE = "blocks"
    EVENTS = ("load",)
    PARAMS = ()
    #: Whether it may be constructed inside an open app (an Interface may: see _interface.py).
    _NESTS: ClassVar[bool] = False

    def __init__(
        self,
        theme: Any = None,
        analytics_enabled: bool | None = None,
        mode: str = "blocks",
        title: str = "Gradio",
        css: str | None = None,
        js: str | None = None,
        head: str | None = None,
        fill_height: bool = False,
        delete_cache: tuple[int, int] | None = None,
        *,
        fill_width: bool = False,
    ) -> None:
        outer = _context.current_app()
        if outer is not None and not self._NESTS:
            raise NotAvailableError(
                "A Blocks inside another Blocks is not supported by blockspec yet; "
                "define the components directly in the outer Blocks (use gr.Tab/gr.Column to group them), "
                "or define it before and call .render() on it inside."
            )
        self.settings: AppSettings = app_settings(
            theme=theme,
            analytics_enabled=analytics_enabled,
            mode=mode,
            title=title,
            css=css,
            js=js,
            head=head,
            fill_height=fill_height,
            fill_width=fill_width,
            delete_cache=delete_cache,
        )
        self.fill_height = fill_height
        self.fill_width = fill_width
        self.title = title
        self.children = []
        self._saved_parent = []
        self._saved_app: list[Blocks | None] = []
        self._given = ()
        self._params = {}
        if outer is not None:  # an Interface built inside an open app: its blocks are the app's
            self._numbering = outer._numbering
        else:
            self._numbering = _context.current_numbering() or _context.Numbering()
        self._app = self
        self._id = self._allocate_id()
        self.parent = None
        self._rendered = True
        self._blocks: dict[int, Block] = {}
        self._dependencies: list[DependencySpec] = []
        # Dependency ids come from a counter, as Gradio's fn ids do: an id is never reused, so
        # ids have gaps where Gradio drops a dependency (cached examples drop two).
        self._next_dependency_id = 0
        self._api_names: set[str] = set()  # membership only: never iterated
        # id(fn) -> its default concurrency group. Looked up, never iterated.
        self._fn_groups: dict[int, str] = {}
        self._value_loads: dict[int, int] = {}
        #: the app's ``@gr.render`` functions, by their id (their index here)
        self._renderables: list[Renderable] = []
        self.queue_settings: QueueSettings = queue_settings(
            status_update_rate="auto",
            api_open=None,
            max_size=None,
            concurrency_count=None,
            default_concurrency_limit="not_set",
            previous=QueueSettings(),
        )
        self.launch_settings: LaunchSettings | None = None
        self.server_name: str | None = None  # set by launch(), as Gradio's are
        self.server_port: int | None = None
        self.local_url: str | None = None
        self.share_url: str | None = None
        self.integrations: tuple[str, ...] = ()

    # -- ids and registration (used by blocks and listeners) --------------------------------

    # While a ``gr.render`` function runs for a session (``_render.py``), the blocks and
    # listeners it makes are that session's, numbered after the app's: the four methods
    # below hand them to the run instead of adding them to the app.

    def _render_run(self) -> RenderRun | None:
        run = _context.current_render()
        return run if run is not None and run.app is self else None

    def _allocate_id(self) -> int:
        run = self._render_run()
        if run is not None:
            return run.allocate_id()
        return self._numbering.take()

    def _number_first(self, blocks: list[Block]) -> None:
        """Give ``blocks`` -- made before this app, with no app open -- this app's first ids.

        Gradio numbers blocks with one process-wide counter, so components constructed as
        arguments (``gr.ChatInterface(fn, additional_inputs=[gr.Textbox()])``) come before
        the app that shows them, in the order they were made; the app takes the next id.
        Only possible before anything else of this app is numbered.
        """
        # Inside an app file's numbering (blockspec._context.numbering) they already have them.
        unique = {id(b): b for b in blocks if b.app is None and b.id is None}  # a dict keeps order
        orphans = sorted(unique.values(), key=lambda b: b._made)
        if not orphans:
            return
        assert self._numbering.next_id == self._id + 1, "number blocks made before the app before anything else"
        self._numbering.next_id = self._id
        for block in orphans:
            block._id = self._allocate_id()  # kept when the block is rendered into this app
        self._id = self._allocate_id()

    def _register_block(self, block: Block) -> None:
        assert block.id is not None
        run = self._render_run()
        if run is not None:
            run.register_block(block)
            return
        self._blocks[block.id] = block

    def _unregister_block(self, block: Block) -> None:
        assert block.id is not None
        run = self._render_run()
        if run is not None:
            run.unregister_block(block)
            return
        self._blocks.pop(block.id, None)

    def _dependency_spec(self, dep_id: int) -> DependencySpec:
        run = self._render_run()
        if run is not None and dep_id >= self._next_dependency_id:
            return run.dependency(dep_id)
        for dep in self._dependencies:
            if dep.id == dep_id:
                return dep
        raise KeyError(f"no dependency with id {dep_id} in this app")

    @contextmanager
    def _defining(self) -> Iterator[None]:
        """Open this app for construction if no app is open (listeners added after `with`)."""
        if _context.current_app() is self:
            yield
            return
        saved = (_context.current_app(), _context.current_parent())
        _context.set_app(self)
        _context.set_parent(self)
        try:
            yield
        finally:
            _context.set_app(saved[0])
            _context.set_parent(saved[1])

    def _add_dependency(
        self,
        draft: DependencySpec,
        *,
        requested_api_name: str | None | bool,
        name_hint: str | None,
    ) -> DependencySpec:
        """Number, name and group ``draft``, then add it. The one way dependencies are added."""
        run = self._render_run()
        if run is not None:
            return run.add_dependency(draft, requested_api_name=requested_api_name, name_hint=name_hint)
        dep_id = self._take_dependency_id()
        api_name, show_api = name_dependency(draft, requested_api_name, name_hint, self._api_names)
        if api_name is not False:
            self._api_names.add(api_name)
        spec = attrs.evolve(
            draft,
            id=dep_id,
            api_name=api_name,
            show_api=show_api,
            concurrency_id=draft.concurrency_id or self._group_of(draft.fn, dep_id),
        )
        self._dependencies.append(spec)
        return spec

    def _take_dependency_id(self) -> int:
        """The next dependency id (used by the caller whether or not the dependency stays)."""
        dep_id = self._next_dependency_id
        self._next_dependency_id += 1
        return dep_id

    def _group_of(self, fn: Callable[..., Any] | None, dep_id: int) -> str:
        # Gradio's default group is the function object itself (str(id(fn))): listeners
        # sharing one function share one limit. blockspec names the group after the first
        # dependency that used the function, so the name is the same in every run.
        if fn is None:
            return f"dep-{dep_id}"
        return self._fn_groups.setdefault(id(fn), f"{describe_fn(fn)}#{dep_id}")

    # -- the with statement ---------------------------------------------------------------

    def __enter__(self) -> Blocks:
        open_app = _context.current_app()
        if open_app is not None and open_app is not self:
            raise NotAvailableError("A Blocks inside another Blocks is not supported by blockspec yet.")
        self._saved_app.append(open_app)
        self._saved_parent.append(_context.current_parent())
        _context.set_app(self)
        _context.set_parent(self)
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        try:
            if exc_type is None:
                self.fill_expected_parents()
                self._attach_value_loads()
                self._check_rendered()
        finally:
            _context.set_app(self._saved_app.pop())
            _context.set_parent(self._saved_parent.pop())

    def _attach_value_loads(self) -> None:
        from ._components._base import Component

        for block_id in sorted(self._blocks):
            block = self._blocks[block_id]
            if not isinstance(block, Component) or block.value_fn is None or block_id in self._value_loads:
                continue
            inputs = getattr(block, "inputs", None)
            input_list = _as_list(inputs)  # a set in id order, never in memory order
            targets = [Trigger(block_id=c.id, event="change") for c in input_list if "change" in c.EVENTS]
            if block.value_timer is not None:
                targets.append(Trigger(block_id=block.value_timer.id, event="tick"))
            has_target = bool(targets)
            targets.append(Trigger(block_id=self.id if has_target else None, event="load"))
            dep = register(
                self,
                tuple(targets),
                block.value_fn,
                input_list,
                [block],
                ListenerOptions(show_progress="hidden" if has_target else "full", trigger_mode="once"),
                role="value_load",
            )
            self._value_loads[block_id] = dep.id

    def _check_rendered(self) -> None:
        for dep in self._dependencies:
            for param, ids in (("inputs", dep.inputs), ("outputs", dep.outputs)):
                for block_id in ids:
                    if block_id not in self._blocks:
                        raise DefinitionError(
                            param,
                            f"<component id={block_id}>",
                            f"of the listener {dep.api_name!r} (fn={dep.fn_name}) is never rendered in the app",
                            "Construct it with render=True, or call .render() on it inside the `with` block.",
                        )

    def render(self) -> Block:
        """Show this finished app inside the one open now (its blocks and listeners join it)."""
        from ._tabbed_interface import render_blocks

        return render_blocks(self)

    # -- documented methods ---------------------------------------------------------------

    def clear(self) -> Blocks:
        """Empty this app (its blocks, listeners and layout) to define it again: ``with demo.clear():``."""
        self.children = []
        self._blocks = {}
        self._dependencies = []
        self._next_dependency_id = 0
        self._api_names = set()
        self._fn_groups = {}
        self._value_loads = {}
        return self

    def unload(self, fn: Callable[..., Any]) -> None:
        """Run ``fn`` (no arguments; its result is ignored) when a client's session ends."""
        if not callable(fn):
            raise DefinitionTypeError("unload(fn)", fn, "is not callable", "Pass a function taking no arguments.")
        require_no_args(fn, read_signature(fn), "unload")
        register(
            self,
            (Trigger(block_id=None, event="unload"),),
            fn,
            [],
            [],
            ListenerOptions(
                preprocess=False, postprocess=False, show_progress="hidden", trigger_mode="once", show_api=False
            ),
            role="unload",
        )

    def queue(
        self,
        status_update_rate: float | str = "auto",
        api_open: bool | None = None,
        max_size: int | None = None,
        concurrency_count: int | None = None,
        *,
        default_concurrency_limit: int | None | str = "not_set",
    ) -> Blocks:
        """Configure the queue every event goes through (unless it says ``queue=False``)."""
        self.queue_settings = queue_settings(
            status_update_rate=status_update_rate,
            api_open=api_open,
            max_size=max_size,
            concurrency_count=concurrency_count,
            default_concurrency_limit=default_concurrency_limit,
            previous=self.queue_settings,
        )
        return self

    def launch(
        self,
        inline: bool | None = None,
        inbrowser: bool = False,
        share: bool | None = None,
        debug: bool = False,
        max_threads: int = 40,
        auth: Any = None,
        auth_message: str | None = None,
        prevent_thread_lock: bool = False,
        show_error: bool = False,
        server_name: str | None = None,
        server_port: int | None = None,
        *,
        height: int = 500,
        width: int | str = "100%",
        favicon_path: str | None = None,
        ssl_keyfile: str | None = None,
        ssl_certfile: str | None = None,
        ssl_keyfile_password: str | None = None,
        ssl_verify: bool = True,
        quiet: bool = False,
        show_api: bool = True,
        allowed_paths: list[str] | None = None,
        blocked_paths: list[str] | None = None,
        root_path: str | None = None,
        app_kwargs: dict[str, Any] | None = None,
        state_session_capacity: int = 10000,
        share_server_address: str | None = None,
        share_server_protocol: str | None = None,
        auth_dependency: Callable[..., Any] | None = None,
        max_file_size: str | int | None = None,
    ) -> Any:
        """Validate the launch settings, then serve the app (see ``blockspec.serve``).

        Every argument is checked before anything starts, so a bad setting fails here.
        """
        arguments = {name: value for name, value in locals().items() if name in _LAUNCH_PARAMETERS}
        self.launch_settings = launch_settings(arguments)
        return current_launcher()(self)

    def close(self) -> None:
        """Stop the server launch() started (if any)."""
        server = getattr(self, "_server", None)
        if server is not None:
            server.close()
            self._server = None

    def integrate(self, comet_ml: Any = None, wandb: Any = None, mlflow: Any = None) -> None:
        """Record the launched app's link in a Comet experiment, a W&B panel or an MLflow run."""
        from ._integrations import integrate

        integrate(self, comet_ml=comet_ml, wandb=wandb, mlflow=mlflow)

    # -- the app as data ------------------------------------------------------------------

    @property
    def blocks(self) -> Mapping[int, Block]:
        """The rendered blocks of this app by id (read-only)."""
        return MappingProxyType(self._blocks)

    @property
    def dependencies(self) -> tuple[DependencySpec, ...]:
        return tuple(self._dependencies)

    @property
    def graph(self) -> AppGraph:
        """An immutable snapshot of this app (see :mod:`blockspec._graph`)."""
        # In the order blocks were rendered, as Gradio's config lists them (its blocks dict):
        # the id order, except for blocks made before they were rendered.
        nodes = [block_node(self._blocks[block_id]) for block_id in self._blocks]
        return AppGraph(
            settings=self.settings,
            queue=self.queue_settings,
            launch=self.launch_settings or LaunchSettings(),
            blocks=tuple(nodes),
            layout=_layout(self),
            dependencies=tuple(self._dependencies),
        )

    def get_config(self) -> dict[str, Any]:
        """Gradio's ``/config`` JSON for this app (the same app gives the same JSON)."""
        return config_json(self.graph)

    def config_bytes(self) -> bytes:
        """``get_config()`` as compact UTF-8 JSON bytes."""
        return config_bytes(self.graph)

    def __repr__(self) -> str:
        counts = f"{len(self._blocks)} blocks, {len(self._dependencies)} dependencies"
        return f"<Blocks title={self.settings.title!r}: {counts}>"


_LAUNCH_PARAMETERS = tuple(inspect.signature(Blocks.launch).parameters)[1:]


def name_dependency(
    draft: DependencySpec, requested_api_name: str | None | bool, name_hint: str | None, taken: Collection[str]
) -> tuple[str | Literal[False], bool]:
    """``draft``'s unique ``api_name`` among ``taken`` (or False), and its ``show_api``."""
    show_api = draft.show_api
    if requested_api_name is False:
        return False, False
    if isinstance(requested_api_name, str) and requested_api_name.strip():
        name = requested_api_name
    else:
        name, private = base_name(draft.fn, draft.js, hint=name_hint)
        show_api = show_api and not private
    return unique_name(name, taken), show_api


def block_node(block: Block, *, rendered_in: int | None = None, key: Any = None) -> BlockNode:
    """``block`` as a record of the graph (``rendered_in``/``key``: as a gr.render run shows it)."""
    assert block.id is not None
    return BlockNode(
        id=block.id,
        type=block.TYPE,
        class_name=f"{type(block).__module__}.{type(block).__qualname__}",
        is_layout=isinstance(block, BlockContext),
        label=getattr(block, "label", None),
        elem_id=getattr(block, "elem_id", None),
        events=tuple(type(block).EVENTS),
        props_json=json.dumps(block.props(), separators=(",", ":"), allow_nan=False, default=_unserialisable),
        skip_api=type(block).SKIP_API,
        key=key if rendered_in is not None else getattr(block, "key", None),
        block=block,
        rendered_in=rendered_in,
    )


def layout_of(block: Block) -> LayoutNode:
    """The layout tree below ``block``."""
    return _layout(block)


def _layout(block: Block) -> LayoutNode:
    if isinstance(block, BlockContext):
        assert block.id is not None
        return LayoutNode(id=block.id, children=tuple(_layout(c) for c in block.children))
    assert block.id is not None
    return LayoutNode(id=block.id)


def _unserialisable(value: Any) -> Any:
    raise TypeError(
        f"a component property holds {value!r} ({type(value).__name__}), which is not JSON; "
        "component values must be JSON-serialisable after postprocess"
    )
