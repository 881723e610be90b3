"""A Hypothesis strategy for random Blocks apps: components, nested layouts, listeners.

Apps are drawn as plain data and built afterwards, so a failing example shrinks to a small
recipe and prints as one; the recipe is rebuilt as often as a test needs.
"""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

import blockspec as gr

__all__ = ["AppRecipe", "ComponentRecipe", "LayoutRecipe", "ListenerRecipe", "apps", "build_app"]

#: Component kinds and the arguments that make each valid on its own.
COMPONENTS: dict[str, dict[str, Any]] = {
    "Textbox": {},
    "Number": {},
    "Slider": {},
    "Checkbox": {},
    "CheckboxGroup": {"choices": ["a", "b", "c"]},
    "Dropdown": {"choices": ["a", "b"]},
    "Radio": {"choices": ["x", "y"]},
    "Button": {},
    "Markdown": {},
    "HTML": {},
    "JSON": {},
    "Label": {},
    "Image": {"type": "filepath"},
    "File": {},
    "Chatbot": {},
    "Dataframe": {"type": "array"},
    "State": {},
    "Timer": {},
}
LAYOUTS = ("Row", "Column", "Group", "Tab", "Accordion")


@attrs.frozen
class ComponentRecipe:
    kind: str
    kwargs: tuple[tuple[str, Any], ...] = ()


@attrs.frozen
class LayoutRecipe:
    kind: str
    children: tuple[ComponentRecipe | LayoutRecipe, ...] = ()


@attrs.frozen
class ListenerRecipe:
    """``trigger``: ("event", component index, event name) | ("then"|"success", listener index) |
    ("load",) | ("on", ((component index, event), ...))."""

    trigger: tuple[Any, ...]
    fn: str  # "plain" | "generator" | "js_only"
    inputs: tuple[int, ...] = ()
    outputs: tuple[int, ...] = ()
    inputs_as_set: bool = False
    options: tuple[tuple[str, Any], ...] = ()
    cancels: tuple[int, ...] = ()


@attrs.frozen
class AppRecipe:
    title: str
    children: tuple[ComponentRecipe | LayoutRecipe, ...]
    listeners: tuple[ListenerRecipe, ...]
    queue: tuple[tuple[str, Any], ...] = ()
    unload: bool = False


def plain(*values: Any) -> None:
    return None


def generator(*values: Any) -> Any:
    yield None


def other(*values: Any) -> None:
    return None


_FUNCTIONS = {"plain": plain, "generator": generator, "other": other, "js_only": None}

_names = st.sampled_from(["alpha", "beta", "name with space", "x"])
_component_kwargs = st.fixed_dictionaries(
    {},
    optional={
        "label": _names,
        "visible": st.booleans(),
        "elem_id": st.sampled_from(["one", "two"]),
    },
)


def _component() -> st.SearchStrategy[ComponentRecipe]:
    def make(kind: str, extra: dict[str, Any]) -> ComponentRecipe:
        kwargs = dict(COMPONENTS[kind])
        if kind not in ("State", "Timer"):
            kwargs.update(extra)
        return ComponentRecipe(kind=kind, kwargs=tuple(sorted(kwargs.items())))

    return st.builds(make, st.sampled_from(sorted(COMPONENTS)), _component_kwargs)


def _children(depth: int) -> st.SearchStrategy[tuple[Any, ...]]:
    leaf = _component()
    if depth == 0:
        return st.lists(leaf, max_size=4).map(tuple)
    layout = st.builds(LayoutRecipe, kind=st.sampled_from(LAYOUTS), children=st.deferred(lambda: _children(depth - 1)))
    return st.lists(st.one_of(leaf, leaf, layout), max_size=5).map(tuple)


_options = st.fixed_dictionaries(
    {},
    optional={
        "api_name": st.one_of(st.none(), st.just(False), _names.map(lambda n: n.replace(" ", "_"))),
        "scroll_to_output": st.booleans(),
        "show_progress": st.sampled_from(["full", "minimal", "hidden"]),
        "queue": st.sampled_from([None, True, False]),
        "max_batch_size": st.integers(1, 8),
        "preprocess": st.booleans(),
        "postprocess": st.booleans(),
        "every": st.one_of(st.none(), st.sampled_from([0.5, 1, 2.5, 10])),
        "trigger_mode": st.sampled_from([None, "once", "multiple", "always_last"]),
        "concurrency_limit": st.sampled_from(["default", None, 1, 2, 5]),
        "concurrency_id": st.sampled_from([None, "g1", "g2"]),
        "show_api": st.booleans(),
    },
)


@st.composite
def apps(draw: st.DrawFn, max_listeners: int = 8) -> AppRecipe:
    """A random, valid app recipe; build it with :func:`build_app`."""
    children = draw(_children(2))
    n_components = _count(children)
    listeners: list[ListenerRecipe] = []
    for index in range(draw(st.integers(0, max_listeners))):
        if n_components == 0:
            break
        component = st.integers(0, n_components - 1)
        choices = ["event", "event", "load", "on"] + (["then", "success"] if index else [])
        kind = draw(st.sampled_from(choices))
        if kind == "event":
            trigger: tuple[Any, ...] = ("event", draw(component), draw(st.integers(0, 10)))
        elif kind in ("then", "success"):
            trigger = (kind, draw(st.integers(0, index - 1)))
        elif kind == "load":
            trigger = ("load",)
        else:
            trigger = ("on", tuple((draw(component), draw(st.integers(0, 10))) for _ in range(draw(st.integers(1, 3)))))
        fn = draw(st.sampled_from(["plain", "plain", "other", "generator", "js_only"]))
        options = draw(_options)
        if fn != "generator" and draw(st.booleans()):
            options["batch"] = True
        listeners.append(
            ListenerRecipe(
                trigger=trigger,
                fn=fn,
                inputs=tuple(draw(st.lists(component, max_size=3))),
                outputs=tuple(draw(st.lists(component, max_size=3))),
                inputs_as_set=draw(st.booleans()),
                options=tuple(sorted(options.items())),
                cancels=tuple(draw(st.lists(st.integers(0, index - 1), max_size=2))) if index else (),
            )
        )
    queue = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "max_size": st.one_of(st.none(), st.integers(0, 20)),
                "default_concurrency_limit": st.sampled_from([None, 1, 3]),
                "status_update_rate": st.sampled_from(["auto", 0.5, 2]),
            },
        )
    )
    return AppRecipe(
        title=draw(_names),
        children=children,
        listeners=tuple(listeners),
        queue=tuple(sorted(queue.items())),
        unload=draw(st.booleans()),
    )


def _count(children: tuple[Any, ...]) -> int:
    return sum(_count(c.children) if isinstance(c, LayoutRecipe) else 1 for c in children)


def _build_children(children: tuple[Any, ...], components: list[gr.Component]) -> None:
    for child in children:
        if isinstance(child, LayoutRecipe):
            layout_cls = getattr(gr, child.kind)
            args = ("tab",) if child.kind in ("Tab", "Accordion") else ()
            with layout_cls(*args):
                _build_children(child.children, components)
        else:
            components.append(getattr(gr, child.kind)(**dict(child.kwargs)))


def build_app(recipe: AppRecipe) -> gr.Blocks:
    """Build the app a recipe describes. Listeners the recipe makes invalid are skipped
    (an event the component lacks, a cancel of an unqueued event, a batch with queue=False),
    so every recipe builds."""
    components: list[gr.Component] = []
    handles: list[gr.Dependency | None] = []
    with gr.Blocks(title=recipe.title) as demo:
        _build_children(recipe.children, components)
        for listener in recipe.listeners:
            handles.append(_build_listener(demo, listener, components, handles))
        if recipe.unload:
            demo.unload(plain)
    if recipe.queue:
        demo.queue(**dict(recipe.queue))
    return demo


def _event_of(component: gr.Component, index: int) -> str:
    events = type(component).EVENTS
    return events[index % len(events)] if events else ""


def _build_listener(
    demo: gr.Blocks, listener: ListenerRecipe, components: list[gr.Component], handles: list[gr.Dependency | None]
) -> gr.Dependency | None:
    options = dict(listener.options)
    fn = _FUNCTIONS[listener.fn]
    if options.get("batch") and (listener.fn == "generator" or options.get("queue") is False):
        options.pop("batch")
    cancels = []
    for i in listener.cancels:
        handle = handles[i]
        if handle is not None and handle.spec.queue is not False:
            cancels.append(handle)
    options["cancels"] = cancels
    if fn is None:
        options["js"] = "(...values) => values"
    inputs: Any = [components[i] for i in listener.inputs]
    if listener.inputs_as_set:
        inputs = set(inputs)
    outputs = [components[i] for i in listener.outputs]
    kind = listener.trigger[0]
    if kind == "event":
        component = components[listener.trigger[1]]
        event = _event_of(component, listener.trigger[2])
        if not event:
            return None
        method = getattr(component, event)
    elif kind in ("then", "success"):
        parent = handles[listener.trigger[1]]
        if parent is None:
            return None
        method = getattr(parent, kind)
    elif kind == "load":
        method = demo.load
    else:
        bound = []
        for index, event_index in listener.trigger[1]:
            event = _event_of(components[index], event_index)
            if event:
                bound.append(getattr(components[index], event))
        if not bound:
            return None
        return gr.on(bound, fn, inputs, outputs, **options)
    return method(fn, inputs, outputs, **options)
