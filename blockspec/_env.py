"""The environment variables the docs name, read and parsed in one place.

Each reader takes the environment as an argument (default: ``os.environ``) so tests pass a
plain dict instead of patching the process. A variable that is set but unparseable is a
:class:`DefinitionError` naming the variable, never a silent fallback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from ._errors import DefinitionError

__all__ = [
    "analytics_enabled",
    "default_concurrency_limit",
    "root_path",
    "server_name",
    "server_port",
    "share",
]

_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")


def _environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def _flag(name: str, default: bool, environ: Mapping[str, str] | None) -> bool:
    raw = _environ(environ).get(name)
    if raw is None or raw.strip() == "":
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise DefinitionError(
        f"environment variable {name}",
        raw,
        "is not a boolean",
        f"Set {name} to True or False, or unset it.",
    )


def analytics_enabled(environ: Mapping[str, str] | None = None) -> bool:
    """``GRADIO_ANALYTICS_ENABLED``; True when unset, as the docs say.

    blockspec never sends telemetry: the value is only reported in ``/config``.
    """
    return _flag("GRADIO_ANALYTICS_ENABLED", True, environ)


def share(environ: Mapping[str, str] | None = None) -> bool:
    """``GRADIO_SHARE``; False when unset."""
    return _flag("GRADIO_SHARE", False, environ)


def default_concurrency_limit(environ: Mapping[str, str] | None = None) -> int | None:
    """``GRADIO_DEFAULT_CONCURRENCY_LIMIT``: an int >= 1, or "none" for unlimited; 1 when unset."""
    raw = _environ(environ).get("GRADIO_DEFAULT_CONCURRENCY_LIMIT")
    if raw is None or raw.strip() == "":
        return 1
    if raw.strip().lower() == "none":
        return None
    try:
        limit = int(raw.strip())
    except ValueError:
        limit = 0
    if limit < 1:
        raise DefinitionError(
            "environment variable GRADIO_DEFAULT_CONCURRENCY_LIMIT",
            raw,
            "is neither a positive integer nor 'none'",
            "Set it to a whole number >= 1 (for example 4), or to 'none' for no limit.",
        )
    return limit


def server_name(environ: Mapping[str, str] | None = None) -> str | None:
    """``GRADIO_SERVER_NAME``, or None when unset."""
    raw = _environ(environ).get("GRADIO_SERVER_NAME")
    return raw if raw else None


def server_port(environ: Mapping[str, str] | None = None) -> int | None:
    """``GRADIO_SERVER_PORT`` as a port number, or None when unset."""
    raw = _environ(environ).get("GRADIO_SERVER_PORT")
    if raw is None or raw.strip() == "":
        return None
    try:
        port = int(raw.strip())
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise DefinitionError(
            "environment variable GRADIO_SERVER_PORT",
            raw,
            "is not a port number",
            "Set it to a whole number from 0 to 65535, or unset it to search from 7860.",
        )
    return port


def root_path(environ: Mapping[str, str] | None = None) -> str:
    """``GRADIO_ROOT_PATH``; "" when unset."""
    return _environ(environ).get("GRADIO_ROOT_PATH", "")
