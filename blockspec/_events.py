"""Listeners: how ``btn.click(fn, inputs, outputs, ...)`` becomes dependencies of the app.

Every spelling of a listener -- a component's event method, ``Blocks.load``, a handle's
``.then``/``.success``, and ``gr.on`` -- takes the 18 documented parameters and ends in
:func:`register`. ``register`` is also where the documented shorthands are turned into the
dependencies real Gradio 4.44.1 puts in its config, so that the config (and everything that
reads the app graph) is the same whichever way an app is written:

* ``every=N`` on a listener: a hidden ``Timer(N, active=False)``; the listener's event starts
  the Timer (a ``timer_start`` dependency) and the function runs on each tick.
* ``cancels=[...]``: a dependency on the same event that cancels the named ones
  (``cancel``); for named ``every`` listeners, one that stops their Timers (``timer_stop``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from typing import TYPE_CHECKING, Any

from . import _context
from ._errors import DefinitionContextError, DefinitionError, DefinitionTypeError
from ._fn_signature import check_arity, describe_fn, read_signature, shown_fn
from ._graph import DependencySpec, FnSignature, Role, Trigger
from ._listener_options import ListenerOptions, validate_options

if TYPE_CHECKING:
    from ._block import Block
    from ._blocks import Blocks
    from ._components._special import Timer

__all__ = ["EventListener", "Dependency", "on", "install_listeners", "register"]

#: Events whose listeners default to ``trigger_mode="always_last"`` (all others: "once").
ALWAYS_LAST_EVENTS = ("change", "key_up")


def default_trigger_mode(event: str) -> str:
    return "always_last" if event in ALWAYS_LAST_EVENTS else "once"


# ---------------------------------------------------------------------------------------
# The callable with the 18 documented parameters
# ---------------------------------------------------------------------------------------


class _Listener:
    """Something that registers a listener when called: ``btn.click``, ``dep.then``, ..."""

    def __call__(
        self,
        fn: Callable[..., Any] | None | str = "decorator",
        inputs: Any = None,
        outputs: Any = None,
        api_name: str | None | bool = None,
        scroll_to_output: bool = False,
        show_progress: str = "full",
        queue: bool | None = None,
        batch: bool = False,
        max_batch_size: int = 4,
        preprocess: bool = True,
        postprocess: bool = True,
        cancels: Any = None,
        every: float | None = None,
        trigger_mode: str | None = None,
        js: str | None = None,
        concurrency_limit: int | None | str = "default",
        concurrency_id: str | None = None,
        show_api: bool = True,
    ) -> Any:
        """Run ``fn`` when this event happens. See the module docstring and the docs' table.

        Returns a :class:`Dependency` (chain more with ``.then``/``.success``); with no ``fn``
        it returns a decorator that registers the decorated function and returns it.
        """
        options = validate_options(
            api_name=api_name,
            scroll_to_output=scroll_to_output,
            show_progress=show_progress,
            queue=queue,
            batch=batch,
            max_batch_size=max_batch_size,
            preprocess=preprocess,
            postprocess=postprocess,
            cancels=cancels,
            every=every,
            trigger_mode=trigger_mode,
            js=js,
            concurrency_limit=concurrency_limit,
            concurrency_id=concurrency_id,
            show_api=show_api,
        )
        if isinstance(fn, str) and fn == "decorator":

            def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
                self._listen(func, inputs, outputs, options)
                return func

            return decorator
        return self._listen(fn, inputs, outputs, options)

    def _listen(self, fn: Any, inputs: Any, outputs: Any, options: ListenerOptions) -> Dependency:
        raise NotImplementedError


LISTENER_SIGNATURE = inspect.signature(_Listener.__call__).replace(
    parameters=list(inspect.signature(_Listener.__call__).parameters.values())[1:]
)


class BoundListener(_Listener):
    """``block.<event>``: registers listeners for one event of one block."""

    def __init__(self, block: Block, event: str) -> None:
        self.block = block
        self.event = event
        self.__doc__ = f"Run a function when `{event}` happens on this {type(block).__name__}."

    @property
    def event_name(self) -> str:
        return self.event

    def _listen(self, fn: Any, inputs: Any, outputs: Any, options: ListenerOptions) -> Dependency:
        app = _app_for(self.block, f"{type(self.block).__name__}.{self.event}")
        return register(app, (_trigger_of(self.block, self.event),), fn, inputs, outputs, options)

    def __repr__(self) -> str:
        return f"<listener {self.event!r} of {self.block!r}>"


#: Events whose listener methods default to ``show_progress="hidden"``, as in Gradio 4.44.1
#: (gradio/events.py:798-803 ``stream`` and :828-832 ``tick``); ``gr.on`` keeps "full".
HIDDEN_PROGRESS_EVENTS = ("tick", "stream")
_SHOW_PROGRESS_AT = list(LISTENER_SIGNATURE.parameters).index("show_progress")


class _HiddenProgressListener(BoundListener):
    """``timer.tick`` / ``audio.stream``: a listener whose show_progress defaults to "hidden"."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if len(args) <= _SHOW_PROGRESS_AT:
            kwargs.setdefault("show_progress", "hidden")
        return super().__call__(*args, **kwargs)

    __call__.__signature__ = inspect.signature(_Listener.__call__).replace(  # type: ignore[attr-defined]
        parameters=[
            p.replace(default="hidden") if p.name == "show_progress" else p
            for p in inspect.signature(_Listener.__call__).parameters.values()
        ]
    )


def bound_listener(block: Block, event: str) -> BoundListener:
    """``block.<event>``, with that event's own defaults."""
    cls = _HiddenProgressListener if event in HIDDEN_PROGRESS_EVENTS else BoundListener
    return cls(block, event)


class _UnboundListener:
    """``Button.click`` on the class: the same listener with the block as first argument."""

    def __init__(self, event: str) -> None:
        self.event = event
        block = inspect.Parameter("block", inspect.Parameter.POSITIONAL_OR_KEYWORD)
        self.__signature__ = LISTENER_SIGNATURE.replace(parameters=[block, *LISTENER_SIGNATURE.parameters.values()])

    def __call__(self, block: Block, *args: Any, **kwargs: Any) -> Any:
        return bound_listener(block, self.event)(*args, **kwargs)


class EventListener:
    """The descriptor behind each event method; installed from a block class's ``EVENTS``."""

    def __init__(self, event: str) -> None:
        self.event = event

    def __get__(self, block: Block | None, owner: type | None = None) -> Any:
        if block is None:
            return _UnboundListener(self.event)
        return bound_listener(block, self.event)


def install_listeners(cls: type) -> None:
    """Give ``cls`` a listener method per name in its ``EVENTS`` (unless it defines one)."""
    for event in cls.EVENTS:  # type: ignore[attr-defined]
        if event not in cls.__dict__:
            setattr(cls, event, EventListener(event))


# ---------------------------------------------------------------------------------------
# The handle a listener returns
# ---------------------------------------------------------------------------------------


class _ChainListener(_Listener):
    """``dep.then`` / ``dep.success``: run after ``dep`` ends (successfully, for success)."""

    def __init__(self, dependency: Dependency, event: str) -> None:
        self.dependency = dependency
        self.event = event

    def _listen(self, fn: Any, inputs: Any, outputs: Any, options: ListenerOptions) -> Dependency:
        _require_open_app(self.dependency, f"Dependency.{self.event}")
        return register(
            self.dependency.app,
            (Trigger(block_id=None, event=self.event),),
            fn,
            inputs,
            outputs,
            options,
            trigger_after=self.dependency.id,
            trigger_only_on_success=self.event == "success",
        )


class Dependency(Mapping[str, Any]):
    """What a listener returns: a handle on the registered dependency.

    Chain with ``.then(...)`` (after it ends, whatever the outcome) and ``.success(...)``
    (only after it succeeds); name it in another listener's ``cancels``. As a mapping it is
    the dependency's entry in the app's config.
    """

    def __init__(self, app: Blocks, dep_id: int, timer: Timer | None = None) -> None:
        self.app = app
        self.id = dep_id
        self.timer = timer

    @property
    def spec(self) -> DependencySpec:
        return self.app._dependency_spec(self.id)

    @property
    def then(self) -> _Listener:
        return _ChainListener(self, "then")

    @property
    def success(self) -> _Listener:
        return _ChainListener(self, "success")

    def _config(self) -> dict[str, Any]:
        from ._config import dependency_json

        return dependency_json(self.spec)

    def __getitem__(self, key: str) -> Any:
        return self._config()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._config())

    def __len__(self) -> int:
        return len(self._config())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Dependency):
            return self.app is other.app and self.id == other.id
        return NotImplemented

    def __hash__(self) -> int:
        return hash((id(self.app), self.id))

    def __repr__(self) -> str:
        spec = self.spec
        return f"<Dependency id={self.id} api_name={spec.api_name!r} fn={spec.fn_name}>"


# ---------------------------------------------------------------------------------------
# gr.on
# ---------------------------------------------------------------------------------------


def on(
    triggers: Any = None,
    fn: Callable[..., Any] | None | str = "decorator",
    inputs: Any = None,
    outputs: Any = None,
    *,
    api_name: str | None | bool = None,
    scroll_to_output: bool = False,
    show_progress: str = "full",
    queue: bool | None = None,
    batch: bool = False,
    max_batch_size: int = 4,
    preprocess: bool = True,
    postprocess: bool = True,
    cancels: Any = None,
    every: float | None = None,
    trigger_mode: str | None = None,
    js: str | None = None,
    concurrency_limit: int | None | str = "default",
    concurrency_id: str | None = None,
    show_api: bool = True,
) -> Any:
    """One listener for several events: ``gr.on([btn.click, box.submit], fn, inputs, outputs)``.

    With ``triggers=None`` the listener runs when any of its inputs changes.
    """
    listener = _MultiListener(triggers, inputs)
    return listener(
        fn,
        inputs,
        outputs,
        api_name=api_name,
        scroll_to_output=scroll_to_output,
        show_progress=show_progress,
        queue=queue,
        batch=batch,
        max_batch_size=max_batch_size,
        preprocess=preprocess,
        postprocess=postprocess,
        cancels=cancels,
        every=every,
        trigger_mode=trigger_mode,
        js=js,
        concurrency_limit=concurrency_limit,
        concurrency_id=concurrency_id,
        show_api=show_api,
    )


class _MultiListener(_Listener):
    def __init__(self, triggers: Any, inputs: Any) -> None:
        if triggers is None:
            sources = _as_list(inputs)
            bound = [BoundListener(c, "change") for c in sources if "change" in getattr(c, "EVENTS", ())]
        else:
            listed = triggers if isinstance(triggers, Sequence) else [triggers]
            bound = []
            for t in listed:
                if not isinstance(t, BoundListener):
                    raise DefinitionTypeError(
                        "on(triggers)",
                        t,
                        "is not an event of a block",
                        "Pass event methods without calling them: gr.on(triggers=[btn.click, box.submit], ...).",
                    )
                bound.append(t)
        if not bound:
            raise DefinitionError(
                "on(triggers)",
                triggers,
                "names no event (and no input has a change event)",
                "Pass triggers=[component.event, ...], or inputs that have a .change event.",
            )
        self.triggers = bound

    def _listen(self, fn: Any, inputs: Any, outputs: Any, options: ListenerOptions) -> Dependency:
        app = _app_for(self.triggers[0].block, "gr.on")
        targets = tuple(_trigger_of(t.block, t.event) for t in self.triggers)
        return register(app, targets, fn, inputs, outputs, options)


# ---------------------------------------------------------------------------------------
# register: from a listener call to dependencies in the app
# ---------------------------------------------------------------------------------------


def _require_open_app(owner: Any, where: str) -> None:
    """A listener is added inside a ``with`` block of its app, as Gradio 4.44.1 requires.

    Gradio raises ``AttributeError("Cannot call click outside of a gradio.Blocks context.")``
    (events.py:496-500) for every listener but ``unload``; we raise the same, with the fix.
    """
    if _context.current_app() is None:
        name = where.rsplit(".", 1)[-1]
        raise DefinitionContextError(
            where,
            owner,
            f"was called outside a `with gr.Blocks()` block (Gradio: Cannot call {name} outside of a "
            "gradio.Blocks context)",
            "Indent the listener into the `with gr.Blocks() as demo:` block, or reopen the app "
            "around it: `with demo: ...`.",
        )


def _app_for(block: Block, where: str) -> Blocks:
    open_app = _context.current_app()
    app = block.app  # a Blocks is its own app
    if app is None:
        raise DefinitionError(
            where,
            block,
            "belongs to no Blocks",
            "Construct the component inside `with gr.Blocks() as demo:` before adding listeners to it.",
        )
    _require_open_app(block, where)
    if open_app is not None and open_app is not app:
        raise DefinitionError(
            where,
            block,
            "belongs to a different Blocks than the one open here",
            "Add listeners inside the `with` block of the app the component belongs to.",
        )
    return app


def _trigger_of(block: Block, event: str) -> Trigger:
    return Trigger(block_id=block.id, event=event)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, Set):
        return sorted(value, key=lambda c: (c.id is None, c.id))
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return [value]


def _component_ids(app: Blocks, value: Any, *, param: str, allow_layouts: bool) -> tuple[tuple[int, ...], bool]:
    """Ids of the components in ``value`` (one, a list, or a set), and whether it was a set."""
    from ._block import Block, BlockContext
    from ._blocks import Blocks

    as_set = isinstance(value, Set)
    ids = []
    for item in _as_list(value):
        if not isinstance(item, Block) or isinstance(item, Blocks):
            raise DefinitionTypeError(
                param,
                item,
                "is not a component",
                f"Pass components (or a list or set of them) as `{param}`, or [] for none.",
            )
        if isinstance(item, BlockContext) and not allow_layouts:
            raise DefinitionTypeError(
                param,
                item,
                "is a layout, which has no value to pass",
                "Pass the components inside it instead.",
            )
        if item.app is not app:
            raise DefinitionError(
                param,
                item,
                "is not a component of this Blocks"
                + (
                    " (it was constructed outside any Blocks)"
                    if item.app is None
                    else " (it belongs to another Blocks)"
                ),
                "Construct it inside `with gr.Blocks() as demo:` (render=False and .render() later are fine).",
            )
        ids.append(item.id)
    return tuple(ids), as_set


def _start_timer() -> Any:
    from ._components._special import Timer

    return Timer(active=True)


def _stop_timers(count: int) -> Callable[[], Any]:
    def stop() -> Any:
        from ._components._special import Timer

        stopped = [Timer(active=False) for _ in range(count)]
        return stopped[0] if count == 1 else stopped

    return stop


def register(
    app: Blocks,
    targets: tuple[Trigger, ...],
    fn: Any,
    inputs: Any,
    outputs: Any,
    options: ListenerOptions,
    *,
    trigger_after: int | None = None,
    trigger_only_on_success: bool = False,
    role: Role = "listener",
    name_hint: str | None = None,
    renderable: Any = None,
) -> Dependency:
    """Add a listener (and what its ``every``/``cancels`` imply) to ``app``; see module doc."""
    if fn is not None and not callable(fn):
        raise DefinitionTypeError(
            "fn", fn, "is not callable", "Pass a function, or None for a JavaScript-only listener."
        )
    input_ids, as_dict = _component_ids(app, inputs, param="inputs", allow_layouts=False)
    output_ids, _ = _component_ids(app, outputs, param="outputs", allow_layouts=True)
    signature = FnSignature()
    if fn is not None:
        read = read_signature(fn)
        if read is not None:
            signature = read
            check_arity(fn, signature, len(input_ids), as_dict=as_dict)
    if options.batch and signature.is_generator:
        raise DefinitionError(
            "batch",
            True,
            f"cannot be used with the generator function {shown_fn(fn)}",
            "Set batch=False, or make the function return (not yield) its lists.",
        )
    for cancelled in options.cancels:
        if cancelled.app is not app:
            raise DefinitionError(
                "cancels", cancelled, "names an event of another Blocks", "Cancel only events of this app."
            )
        if cancelled.spec.queue is False:
            raise DefinitionError(
                "cancels",
                cancelled,
                "names an event with queue=False; only queued events can be cancelled",
                "Remove queue=False from that listener, or leave it out of `cancels`.",
            )

    event_targets = targets
    timer = None
    if options.every is not None:
        from ._components._special import Timer

        with app._defining():
            timer = Timer(options.every, active=False)
        app._add_dependency(
            _draft(
                role="timer_start",
                targets=event_targets,
                fn=_start_timer,
                outputs=(timer.id,),
                show_api=False,
                trigger_after=trigger_after,
                trigger_only_on_success=trigger_only_on_success,
            ),
            requested_api_name=None,
            name_hint="lambda",
        )
        targets = (Trigger(block_id=timer.id, event="tick"),)
        trigger_after, trigger_only_on_success = None, False

    draft = DependencySpec(
        id=-1,
        role=role,
        targets=targets,
        fn=fn,
        # A render's listener is named after the decorated function (timelines, faults).
        fn_name=describe_fn(renderable.fn if renderable is not None else fn) if fn is not None else None,
        signature=signature,
        inputs=input_ids,
        outputs=output_ids,
        inputs_as_dict=as_dict,
        show_api=options.show_api,
        scroll_to_output=options.scroll_to_output,
        show_progress="hidden" if options.every is not None else options.show_progress,
        # Nothing to queue without a backend function (a JavaScript-only listener).
        queue=False if fn is None else options.queue,
        batch=options.batch,
        max_batch_size=options.max_batch_size,
        preprocess=options.preprocess,
        postprocess=options.postprocess,
        every=options.every,
        trigger_mode=options.trigger_mode or default_trigger_mode(targets[0].event),
        js=options.js,
        concurrency_limit=options.concurrency_limit,
        concurrency_id=options.concurrency_id or "",
        trigger_after=trigger_after,
        trigger_only_on_success=trigger_only_on_success,
        collects_event_data=signature.event_data_param is not None,
        renderable=renderable,
    )
    spec = app._add_dependency(draft, requested_api_name=options.api_name, name_hint=name_hint)
    _register_cancels(app, event_targets, options.cancels)
    return Dependency(app, spec.id, timer)


def _draft(
    *, role: Role, targets: tuple[Trigger, ...], fn: Any, outputs: tuple[int, ...] = (), **fields: Any
) -> DependencySpec:
    """An implied dependency (timer start/stop, cancel), before the app numbers and names it."""
    signature = (read_signature(fn) or FnSignature()) if fn is not None else FnSignature()
    return DependencySpec(
        id=-1,
        role=role,
        targets=targets,
        fn=fn,
        fn_name=describe_fn(fn) if fn is not None else None,
        signature=signature,
        outputs=outputs,
        # Gradio gives implied dependencies "once" whatever their event (its internal
        # default), so a cancel on a .change is not "always_last".
        trigger_mode="once",
        **fields,
    )


def _register_cancels(app: Blocks, targets: tuple[Trigger, ...], cancels: tuple[Dependency, ...]) -> None:
    timers = [c.timer for c in cancels if c.timer is not None]
    regular = [c for c in cancels if c.timer is None]
    if timers:
        app._add_dependency(
            _draft(
                role="timer_stop",
                targets=targets,
                fn=_stop_timers(len(timers)),
                outputs=tuple(t.id for t in timers),
                show_api=False,
            ),
            requested_api_name=None,
            name_hint="lambda",
        )
    if regular:
        app._add_dependency(
            _draft(
                role="cancel",
                targets=targets,
                fn=None,
                queue=False,
                preprocess=False,
                show_api=False,
                cancels=tuple(c.id for c in regular),
            ),
            requested_api_name=None,
            name_hint=None,
        )


__all__ += ["LISTENER_SIGNATURE", "BoundListener"]
