"""An app's ``queue()`` and ``launch()`` settings, overridden from outside the app file.

An app file says how it is deployed (``demo.queue(default_concurrency_limit=2)``,
``demo.launch(auth=..., show_error=True)``); a scenario's ``[queue]``/``[launch]`` tables
and the command line's ``--queue KEY=VALUE`` / ``--launch KEY=VALUE`` change single settings
of that, explicitly. Overrides are validated by the same functions as ``queue()`` and
``launch()`` themselves, so a bad value fails the same way, naming the setting.

The simulator applies the settings that shape the event model (every ``queue()`` setting;
``show_error``, ``max_threads``, ``state_session_capacity``); :func:`server_only_settings`
names the others an app gave, so a simulation can say once that it does not apply them.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ._errors import DefinitionError
from ._graph import AppGraph, LaunchSettings, QueueSettings
from ._settings import launch_settings, queue_settings

__all__ = [
    "parse_assignments",
    "with_overrides",
    "override_queue",
    "override_launch",
    "given_settings",
    "server_only_settings",
]

#: launch() settings the simulator applies; every other one concerns the server only.
SIMULATED_LAUNCH_SETTINGS = ("show_error", "max_threads", "state_session_capacity")
_SECRETS = ("auth", "auth_dependency", "ssl_keyfile_password")
_QUEUE_KEYS = ("status_update_rate", "api_open", "max_size", "default_concurrency_limit")


def _launch_defaults() -> dict[str, Any]:
    from ._blocks import Blocks

    parameters = list(inspect.signature(Blocks.launch).parameters.values())[1:]
    return {p.name: p.default for p in parameters}


def parse_assignments(items: Sequence[str], *, option: str) -> dict[str, Any]:
    """``["max_size=3", "api_open=false"]`` as a dict; values are JSON, else plain text."""
    found: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise DefinitionError(option, item, "is not KEY=VALUE", f"Write e.g. {option} max_size=3.")
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = text
        found[key.strip()] = value
    return found


def override_queue(current: QueueSettings, overrides: Mapping[str, Any]) -> QueueSettings:
    """``current`` with ``overrides`` (queue() parameter names) applied and validated."""
    if not overrides:
        return current
    for key in overrides:
        if key not in _QUEUE_KEYS:
            raise DefinitionError(
                "queue setting", key, "is not a queue() setting", f"Use one of: {', '.join(_QUEUE_KEYS)}."
            )
    arguments = {key: getattr(current, key) for key in _QUEUE_KEYS}
    arguments.update(overrides)
    return queue_settings(**arguments, concurrency_count=None, previous=current)


def override_launch(current: LaunchSettings, overrides: Mapping[str, Any]) -> LaunchSettings:
    """``current`` with ``overrides`` (launch() parameter names) applied and validated."""
    if not overrides:
        return current
    defaults = _launch_defaults()
    for key in overrides:
        if key not in defaults:
            raise DefinitionError(
                "launch setting", key, "is not a launch() setting", f"Use one of: {', '.join(defaults)}."
            )
    # Validate the given settings alone (on top of launch()'s defaults), then take just those
    # from the result: `current` holds already-validated values that need no second pass.
    validated = launch_settings({**defaults, **overrides})
    return attrs.evolve(current, **{key: getattr(validated, key) for key in overrides})


def with_overrides(
    graph: AppGraph, *, queue: Mapping[str, Any] | None = None, launch: Mapping[str, Any] | None = None
) -> AppGraph:
    """``graph`` with its queue and launch settings overridden (the app itself is untouched)."""
    if not queue and not launch:
        return graph
    return attrs.evolve(
        graph, queue=override_queue(graph.queue, queue or {}), launch=override_launch(graph.launch, launch or {})
    )


def given_settings(settings: QueueSettings | LaunchSettings, *, skip: Sequence[str] = ()) -> list[str]:
    """The settings that differ from the defaults, as ``name=value`` (secrets masked)."""
    default = type(settings)()
    given = []
    for field in attrs.fields(type(settings)):
        name = field.name
        value = getattr(settings, name)
        if name in skip or value == getattr(default, name):
            continue
        given.append(f"{name}=<set>" if name in _SECRETS else f"{name}={value!r}")
    return given


def server_only_settings(launch: LaunchSettings) -> list[str]:
    """The launch() settings an app gave that concern the server only, as ``name=value``
    (secrets masked): what a simulation does not apply."""
    return given_settings(launch, skip=SIMULATED_LAUNCH_SETTINGS)
