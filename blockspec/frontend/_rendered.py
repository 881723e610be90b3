"""The tab's half of ``gr.render``: re-rendering from a ``render_config``.

A render job's completed message carries ``output.render_config``: the container's layout,
its components and the listeners the run added, and the ``render_id``. The page then does
what Gradio 4.44.1's does (``client/js/src/utils/submit.ts`` ``handle_render_config``,
``js/core/src/Blocks.svelte`` ``handle_render``, ``js/core/src/init.ts``
``rerender_layout``/``walk_layout``):

* the listeners whose ``rendered_in`` is the render id are dropped, the new ones added, and
  the triggers re-indexed;
* before the container's components go, the value of each one with a ``key`` is kept by that
  key; a new component with a kept key takes the kept value (``store_keyed_values``), any
  other starts from its config value (or its Svelte default);
* nothing fires: no ``change`` for the new components, no ``load``.

Everything here reads the JSON only, so a tab over HTTP re-renders exactly as one in process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from .._errors import SubmissionError
from .._graph import BlockNode, DependencySpec, FnSignature, LayoutNode, Trigger
from ._untouched import null_replacement_for, quiet_when_for, untouched_from_config

if TYPE_CHECKING:
    from ._client import FrontendCore

__all__ = ["dependency_from_json", "layout_from_json", "rerender"]


def _on_the_server(*args: Any) -> Any:
    raise SubmissionError("a listener a gr.render run added runs on the server; the tab only submits it")


def dependency_from_json(entry: dict[str, Any]) -> DependencySpec:
    """A listener of a ``render_config`` as the tab needs it (its function is the server's)."""
    types = entry.get("types") or {}
    return DependencySpec(
        id=entry["id"],
        targets=tuple(Trigger(block_id=t[0], event=t[1]) for t in entry["targets"]),
        fn=_on_the_server if entry.get("backend_fn") else None,
        signature=FnSignature(is_generator=bool(types.get("generator"))),
        inputs=tuple(entry["inputs"]),
        outputs=tuple(entry["outputs"]),
        api_name=entry.get("api_name", False),
        show_api=bool(entry.get("show_api")),
        scroll_to_output=bool(entry.get("scroll_to_output")),
        show_progress=entry.get("show_progress", "full"),
        queue=entry.get("queue"),
        batch=bool(entry.get("batch")),
        max_batch_size=entry.get("max_batch_size", 4),
        cancels=tuple(entry.get("cancels") or ()),
        trigger_mode=entry.get("trigger_mode", "once"),
        js=entry.get("js"),
        trigger_after=entry.get("trigger_after"),
        trigger_only_on_success=bool(entry.get("trigger_only_on_success")),
        collects_event_data=bool(entry.get("collects_event_data")),
        rendered_in=entry.get("rendered_in"),
        role="cancel" if types.get("cancel") else "listener",
    )


def layout_from_json(entry: dict[str, Any]) -> LayoutNode:
    children = entry.get("children")
    if children is None:
        return LayoutNode(id=entry["id"])
    return LayoutNode(id=entry["id"], children=tuple(layout_from_json(c) for c in children))


def _layout_ids(node: LayoutNode, layouts: dict[int, bool]) -> None:
    layouts[node.id] = node.children is not None
    for child in node.children or ():
        _layout_ids(child, layouts)


def _replace(layout: LayoutNode, new: LayoutNode) -> LayoutNode:
    if layout.id == new.id:
        return new
    if not layout.children:
        return layout
    return LayoutNode(id=layout.id, children=tuple(_replace(c, new) for c in layout.children))


def _node(entry: dict[str, Any], is_layout: bool, render_id: int) -> BlockNode:
    props = entry.get("props") or {}
    return BlockNode(
        id=entry["id"],
        type=entry["type"],
        class_name=entry["type"],
        is_layout=is_layout,
        label=props.get("label"),
        elem_id=props.get("elem_id"),
        events=(),
        props_json="{}",
        skip_api=bool(entry.get("skip_api")),
        key=entry.get("key"),
        rendered_in=render_id,
    )


async def rerender(core: FrontendCore, config: dict[str, Any]) -> None:
    """Re-render ``core``'s tab from a render job's ``render_config``."""
    render_id = config["render_id"]
    layout = layout_from_json(config["layout"])
    old = core._rendered.pop(render_id, ())
    # Keyed values of what is shown now (init.ts store_keyed_values), then the old blocks go.
    for block_id in old:
        key = core._keys.pop(block_id, None)
        if key is not None:
            core._keyed[key] = core.values.get(block_id)
    for block_id in old:
        core.values.pop(block_id, None)
        core.props.pop(block_id, None)
        core._null_as.pop(block_id, None)
        core._quiet.pop(block_id, None)
        handle = core._timers.pop(block_id, None)
        if handle is not None:
            handle.cancel()
    layouts: dict[int, bool] = {}
    _layout_ids(layout, layouts)
    nodes = []
    shown = []
    for entry in config["components"]:
        block_id = entry["id"]
        if block_id == layout.id:
            continue  # the container itself stays
        type_name = entry["type"]
        props = entry.get("props") or {}
        nodes.append(_node(entry, layouts.get(block_id, False), render_id))
        shown.append(block_id)
        if layouts.get(block_id, False):
            continue
        key = entry.get("key")
        if key is not None:
            core._keys[block_id] = key
        replaces, replacement = null_replacement_for(type_name)
        if replaces:
            core._null_as[block_id] = replacement
        quiet = quiet_when_for(type_name)
        if quiet is not None:
            core._quiet[block_id] = quiet
        if key is not None and key in core._keyed:
            core.values[block_id] = core._keyed[key]
        else:
            core.values[block_id] = core._as_held(block_id, untouched_from_config(type_name, props))
        if type_name == "timer":
            core.props[block_id] = {"value": props.get("value"), "active": props.get("active")}
    core._rendered[render_id] = tuple(shown)
    gone = frozenset(old)
    graph = core.graph
    deps = [d for d in graph.dependencies if d.rendered_in != render_id]
    deps += [dependency_from_json(entry) for entry in config["dependencies"]]
    blocks = [n for n in graph.blocks if n.id not in gone] + nodes
    blocks.sort(key=lambda n: n.id)
    core.graph = attrs.evolve(
        graph, blocks=tuple(blocks), dependencies=tuple(deps), layout=_replace(graph.layout, layout)
    )
    core._index_graph()
    core._record("render", render_id=render_id, blocks=len(shown), dependencies=len(config["dependencies"]))
    for block_id in shown:
        if block_id in core.props and core.graph.block(block_id).type == "timer":
            core._restart_timer(block_id)
