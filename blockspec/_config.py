"""The app graph as Gradio's ``/config`` JSON.

The shape is Gradio 4.44.1's (the release the docs describe): the same top-level keys, and
for each dependency exactly the keys 4.44.1 emits, in its order. One key comes from current
Gradio instead: ``api_prefix`` ("/gradio_api"), because blockspec speaks the current wire
protocol and current clients read it.

Where Gradio's value is not a function of the app (its ``app_id`` is random, its
``component_class_id`` hashes source files), blockspec derives it from the app, so the same
app always gives the same bytes (:func:`config_bytes`).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ._graph import AppGraph, BlockNode, DependencySpec
from ._json import compact_json

__all__ = ["config_json", "config_bytes", "dependency_json", "component_json", "GRADIO_API_VERSION"]

#: The Gradio release whose config shape and API blockspec implements.
GRADIO_API_VERSION = "4.44.1"
PROTOCOL = "sse_v3"
API_PREFIX = "/gradio_api"

_BODY_CSS = {
    "body_background_fill": "white",
    "body_text_color": "#1f2937",
    "body_background_fill_dark": "#0b0f19",
    "body_text_color_dark": "#f3f4f6",
}


def dependency_json(dep: DependencySpec) -> dict[str, Any]:
    """One dependency, with exactly the keys (and key order) of Gradio 4.44.1."""
    return {
        "id": dep.id,
        "targets": [t.to_json() for t in dep.targets],
        "inputs": list(dep.inputs),
        "outputs": list(dep.outputs),
        "backend_fn": dep.backend_fn,
        "js": dep.js,
        # Gradio 4.44.1 always has the queue on; a listener's queue=None means "on".
        "queue": dep.queue is not False,
        "api_name": dep.api_name,
        "scroll_to_output": dep.scroll_to_output,
        "show_progress": dep.show_progress,
        "batch": dep.batch,
        "max_batch_size": dep.max_batch_size,
        "cancels": list(dep.cancels),
        "types": {"generator": dep.is_generator, "cancel": dep.is_cancel},
        "collects_event_data": dep.collects_event_data,
        "trigger_after": dep.trigger_after,
        "trigger_only_on_success": dep.trigger_only_on_success,
        "trigger_mode": dep.trigger_mode,
        "show_api": dep.show_api,
        "zerogpu": False,
        "rendered_in": dep.rendered_in,
    }


def component_json(node: BlockNode) -> dict[str, Any]:
    """One block's entry in ``components``."""
    entry: dict[str, Any] = {
        "id": node.id,
        "type": node.type,
        "props": json.loads(node.props_json),
        "skip_api": node.skip_api,
        "component_class_id": hashlib.md5(node.class_name.encode()).hexdigest(),
        "key": node.key,
    }
    if not node.skip_api and node.block is not None:
        entry["api_info"] = node.block.api_info()
        entry["example_inputs"] = node.block.example_payload()
    return entry


def _theme_hash(graph: AppGraph) -> str:
    return hashlib.sha256(f"theme:{graph.settings.theme}".encode()).hexdigest()


def config_json(graph: AppGraph) -> dict[str, Any]:
    """The whole ``/config`` document for ``graph``."""
    settings, launch = graph.settings, graph.launch
    connect_heartbeat = any(b.type == "state" for b in graph.blocks) or any(
        d.role == "unload" for d in graph.dependencies
    )
    config: dict[str, Any] = {
        "version": GRADIO_API_VERSION,
        "mode": settings.mode,
        "app_id": 0,
        "dev_mode": False,
        "analytics_enabled": settings.analytics_enabled,
        "components": [component_json(b) for b in graph.blocks],
        "css": settings.css,
        "connect_heartbeat": connect_heartbeat,
        "js": settings.js,
        "head": settings.head,
        "title": settings.title,
        "space_id": None,
        "enable_queue": True,
        "show_error": launch.show_error,
        "show_api": launch.show_api,
        "is_colab": False,
        "max_file_size": launch.max_file_size,
        "stylesheets": [],
        "theme": settings.theme,
        "protocol": PROTOCOL,
        "api_prefix": API_PREFIX,
        "body_css": dict(_BODY_CSS),
        "fill_height": settings.fill_height,
        "fill_width": settings.fill_width,
        "theme_hash": _theme_hash(graph),
        "layout": graph.layout.to_json(),
        "dependencies": [dependency_json(d) for d in graph.dependencies],
    }
    # Gradio draws app_id at random; blockspec's is a digest of the rest of the config, so
    # it names this app and stays the same run after run.
    digest = hashlib.sha256(compact_json(config).encode()).digest()
    config["app_id"] = int.from_bytes(digest[:8], "big") >> 1
    return config


def config_bytes(graph: AppGraph) -> bytes:
    """The config as compact UTF-8 JSON: identical bytes for identical apps."""
    return compact_json(config_json(graph)).encode("utf-8")
