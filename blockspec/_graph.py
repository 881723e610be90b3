"""The app graph: an immutable snapshot of a Blocks app, the one input of the engine.

``Blocks`` is the builder users write against; ``Blocks.graph`` freezes what they built into
these records. The engine, the simulator, the server and the config JSON all read the graph,
never the builder, so a run cannot be disturbed by later edits to the Blocks object.

Every record is a frozen, slotted attrs class with keyword-only fields. Collections are
tuples in a defined order (ids ascending, or definition order), never sets, so two graphs
built from the same app are equal and serialise identically.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, Literal

import attrs

__all__ = [
    "Trigger",
    "FnSignature",
    "BlockNode",
    "LayoutNode",
    "DependencySpec",
    "QueueSettings",
    "LaunchSettings",
    "AppSettings",
    "AppGraph",
]

TriggerMode = Literal["once", "multiple", "always_last"]
ShowProgress = Literal["full", "minimal", "hidden"]

#: What created a dependency. ``listener``: an app's own listener (``btn.click(...)``,
#: ``.then``, ``gr.on``, ``demo.load``); the rest are implied by other definitions, exactly as
#: Gradio 4.44.1 adds them to its config:
#: ``timer_start`` -- ``every=`` on a listener starts a hidden Timer when its event fires;
#: ``timer_stop`` -- ``cancels=`` naming an ``every`` listener stops that Timer;
#: ``cancel`` -- ``cancels=`` naming other listeners;
#: ``value_load`` -- a component with a callable value, evaluated on load (and on ticks);
#: ``unload`` -- ``demo.unload(fn)``;
#: ``render`` -- a ``@gr.render`` function, re-run to rebuild its container (``_render.py``).
Role = Literal["listener", "timer_start", "timer_stop", "cancel", "value_load", "unload", "render"]


@attrs.frozen(kw_only=True)
class Trigger:
    """An event that runs a dependency: ``event`` of block ``block_id``.

    ``block_id`` is None for ``then``/``success`` (they follow another dependency, named by
    ``trigger_after``), for ``unload`` and for a bare ``load``.
    """

    block_id: int | None
    event: str

    def to_json(self) -> list[Any]:
        return [self.block_id, self.event]


@attrs.frozen(kw_only=True)
class FnSignature:
    """What a listener's function accepts, read once when the listener is defined.

    ``value_params`` receive the input values, in order. The special parameters are filled
    by the engine: ``request_param`` (annotated ``gr.Request``), ``event_data_param``
    (annotated ``gr.EventData`` or a subclass, named by ``event_data_class``) and
    ``progress_param`` (default value ``gr.Progress()``). ``params`` is every parameter's
    name and kind, in order: where the engine puts the special ones among the values.
    """

    params: tuple[tuple[str, inspect._ParameterKind], ...] = ()
    value_params: tuple[str, ...] = ()
    min_args: int = 0
    max_args: int | None = 0
    request_param: str | None = None
    event_data_param: str | None = None
    event_data_class: str | None = None
    progress_param: str | None = None
    #: (name, "profile" | "token", accepts None): parameters annotated gr.OAuthProfile/OAuthToken
    oauth_params: tuple[tuple[str, str, bool], ...] = ()
    is_generator: bool = False
    is_async: bool = False


@attrs.frozen(kw_only=True)
class BlockNode:
    """One block: a component or a layout, with what the config reports about it.

    ``block`` is the live object (for its ``preprocess``/``postprocess``); it takes no part
    in equality.
    """

    id: int
    type: str
    class_name: str
    is_layout: bool
    label: str | None
    elem_id: str | None
    events: tuple[str, ...]
    props_json: str
    skip_api: bool
    key: Any = None
    block: Any = attrs.field(eq=False, repr=False, default=None)
    #: the ``gr.render`` whose run made this block (None: the app's definition made it)
    rendered_in: int | None = None


@attrs.frozen(kw_only=True)
class LayoutNode:
    """A block's place in the layout tree; ``children`` is None for a component."""

    id: int
    children: tuple[LayoutNode, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        if self.children is None:
            return {"id": self.id}
        return {"id": self.id, "children": [c.to_json() for c in self.children]}


def describe_fn(fn: Callable[..., Any]) -> str:
    """A short name for messages: ``update``, ``<lambda>``, ``Model.__call__``."""
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or type(fn).__name__


def _fn_repr(fn: Callable[..., Any] | None) -> str:
    return "None" if fn is None else describe_fn(fn)


@attrs.frozen(kw_only=True)
class DependencySpec:
    """One dependency: which events run which function on which components, and how.

    Field names follow the documented listener parameters. Values are resolved: a default
    ``trigger_mode`` is already "once" or "always_last", ``api_name`` is the unique name the
    config shows, ``concurrency_id`` is the group the queue uses. ``concurrency_limit`` stays
    as given ("default" is resolved by the queue, whose settings may change until launch).
    """

    id: int
    role: Role = "listener"
    targets: tuple[Trigger, ...]
    fn: Callable[..., Any] | None = attrs.field(eq=False, repr=_fn_repr, default=None)
    fn_name: str | None = None
    signature: FnSignature = FnSignature()
    inputs: tuple[int, ...] = ()
    outputs: tuple[int, ...] = ()
    inputs_as_dict: bool = False
    api_name: str | Literal[False] = "unnamed"
    show_api: bool = True
    scroll_to_output: bool = False
    show_progress: ShowProgress = "full"
    queue: bool | None = None
    batch: bool = False
    max_batch_size: int = 4
    preprocess: bool = True
    postprocess: bool = True
    cancels: tuple[int, ...] = ()
    every: float | None = None
    trigger_mode: TriggerMode = "once"
    js: str | None = None
    concurrency_limit: int | None | Literal["default"] = "default"
    concurrency_id: str = ""
    trigger_after: int | None = None
    trigger_only_on_success: bool = False
    collects_event_data: bool = False
    #: the ``gr.render`` whose run added this listener (for one session); None: the app's own
    rendered_in: int | None = None
    #: for ``role="render"``: the :class:`~blockspec._render.Renderable` it re-runs
    renderable: Any = attrs.field(eq=False, repr=False, default=None)

    @property
    def backend_fn(self) -> bool:
        return self.fn is not None

    @property
    def is_generator(self) -> bool:
        return self.signature.is_generator

    @property
    def is_cancel(self) -> bool:
        return self.role == "cancel"


@attrs.frozen(kw_only=True)
class QueueSettings:
    """What ``Blocks.queue()`` set (the documented defaults when it was never called).

    ``default_concurrency_limit`` is resolved: "not_set" became the environment's
    ``GRADIO_DEFAULT_CONCURRENCY_LIMIT``, or 1.
    """

    status_update_rate: float | Literal["auto"] = "auto"
    api_open: bool | None = None
    max_size: int | None = None
    default_concurrency_limit: int | None = 1


@attrs.frozen(kw_only=True)
class LaunchSettings:
    """What ``Blocks.launch()`` was called with, validated and with environment defaults applied."""

    inline: bool | None = None
    inbrowser: bool = False
    share: bool = False
    debug: bool = False
    max_threads: int = 40
    auth: Any = attrs.field(default=None, eq=False, repr=lambda a: "<set>" if a else "None")
    auth_message: str | None = None
    prevent_thread_lock: bool = False
    show_error: bool = False
    server_name: str = "127.0.0.1"
    server_port: int | None = None
    height: int = 500
    width: int | str = "100%"
    favicon_path: str | None = None
    ssl_keyfile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile_password: str | None = attrs.field(default=None, repr=False)
    ssl_verify: bool = True
    quiet: bool = False
    show_api: bool = True
    allowed_paths: tuple[str, ...] = ()
    blocked_paths: tuple[str, ...] = ()
    root_path: str = ""
    app_kwargs: tuple[tuple[str, Any], ...] = ()
    state_session_capacity: int = 10000
    share_server_address: str | None = None
    share_server_protocol: Literal["http", "https"] | None = None
    auth_dependency: Callable[..., Any] | None = attrs.field(default=None, eq=False)
    max_file_size: int | None = None


@attrs.frozen(kw_only=True)
class AppSettings:
    """What ``Blocks(...)`` was constructed with, resolved (paths read, env applied)."""

    theme: str = "default"
    analytics_enabled: bool = True
    mode: str = "blocks"
    title: str = "Gradio"
    css: str | None = None
    js: str | None = None
    head: str | None = None
    fill_height: bool = False
    fill_width: bool = False
    delete_cache: tuple[float, float] | None = None


@attrs.frozen(kw_only=True)
class AppGraph:
    """A whole app: settings, blocks (by id), layout, dependencies (by id)."""

    settings: AppSettings
    queue: QueueSettings
    launch: LaunchSettings
    blocks: tuple[BlockNode, ...]
    layout: LayoutNode
    dependencies: tuple[DependencySpec, ...]
    _by_id: dict[int, BlockNode] = attrs.field(init=False, eq=False, repr=False)
    _deps_by_id: dict[int, DependencySpec] = attrs.field(init=False, eq=False, repr=False)
    #: the engine's call plans for this graph's dependencies, made on first use (engine/_plan.py)
    _plans: dict[int, Any] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # Indexes for block() and dependency(): derived from the tuples, so they take no part
        # in equality. A session's graph after gr.render runs has gaps in its dependency ids
        # (a re-render drops the old listeners' ids and numbers the new ones after them).
        object.__setattr__(self, "_by_id", {node.id: node for node in self.blocks})
        object.__setattr__(self, "_deps_by_id", {dep.id: dep for dep in self.dependencies})
        object.__setattr__(self, "_plans", {})

    def block(self, block_id: int) -> BlockNode:
        try:
            return self._by_id[block_id]
        except KeyError:
            raise KeyError(f"no block with id {block_id} in this app") from None

    def dependency(self, dep_id: int) -> DependencySpec:
        try:
            return self._deps_by_id[dep_id]
        except KeyError:
            raise KeyError(f"no dependency with id {dep_id} in this app") from None

    def has_dependency(self, dep_id: int) -> bool:
        return dep_id in self._deps_by_id

    def concurrency_limit_of(self, dep: DependencySpec) -> int | None:
        """The limit of ``dep``'s concurrency group: the lowest limit any member sets.

        "default" means the queue's ``default_concurrency_limit``; None means unlimited and
        never lowers another member's limit.
        """
        limits = []
        for other in self.dependencies:
            if other.concurrency_id == dep.concurrency_id and other.backend_fn:
                limit = other.concurrency_limit
                if limit == "default":
                    limit = self.queue.default_concurrency_limit
                if limit is not None:
                    limits.append(limit)
        return min(limits) if limits else None
