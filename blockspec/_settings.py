"""What ``Blocks(...)``, ``Blocks.queue(...)`` and ``Blocks.launch(...)`` accept.

Each function here takes the documented parameters, checks every one, applies the documented
environment defaults, and returns a frozen settings record for the app graph. A bad value is
a :class:`DefinitionError` raised on the line that passed it.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from . import _env
from ._errors import BlockspecWarning, DefinitionError, DefinitionTypeError, DeprecatedParameterWarning
from ._graph import AppSettings, LaunchSettings, QueueSettings

__all__ = ["app_settings", "queue_settings", "launch_settings", "parse_file_size"]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _bool(where: str, value: Any, *, allow_none: bool = False) -> Any:
    if isinstance(value, bool) or (allow_none and value is None):
        return value
    raise DefinitionTypeError(
        where, value, "is not a bool", "Pass True or False" + (" (or None)." if allow_none else ".")
    )


def _optional_str(where: str, value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise DefinitionTypeError(where, value, "is not a string", "Pass a string, or None.")


def _int_at_least(where: str, value: Any, minimum: int, fix: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise DefinitionTypeError(where, value, "is not an integer", fix)
    if value < minimum:
        raise DefinitionError(where, value, f"is less than {minimum}", fix)
    return value


# ---------------------------------------------------------------------------------------
# Blocks(...)
# ---------------------------------------------------------------------------------------


def _text_or_file(where: str, value: Any, suffix: str) -> str | None:
    """``css``/``js``: a string, or the path of a file to read (as the docs allow)."""
    value = _optional_str(where, value)
    if value is None:
        return None
    if value.strip().endswith(suffix) and "\n" not in value:
        path = Path(value.strip())
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return value


def _theme_name(theme: Any) -> str:
    if theme is None:
        return "default"
    if isinstance(theme, str):
        return theme
    name = getattr(theme, "name", None)
    if isinstance(name, str):
        return name
    raise DefinitionTypeError(
        "Blocks(theme)",
        theme,
        "is not a theme",
        "Pass a theme name ('default', 'soft'), a 'owner/name' Hub theme, or a gr.themes object.",
    )


def _delete_cache(value: Any) -> tuple[float, float] | None:
    if value is None:
        return None
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise DefinitionTypeError(
            "Blocks(delete_cache)",
            value,
            "is not a (frequency, age) pair",
            "Pass two numbers of seconds, e.g. delete_cache=(3600, 86400), or None.",
        )
    frequency, age = value
    if not (_is_number(frequency) and _is_number(age)) or frequency < 0 or age < 0:
        raise DefinitionError(
            "Blocks(delete_cache)",
            value,
            "must hold two non-negative numbers of seconds",
            "Pass (frequency, age) with both >= 0, e.g. (3600, 86400).",
        )
    return (frequency, age)


def app_settings(
    *,
    theme: Any,
    analytics_enabled: Any,
    mode: Any,
    title: Any,
    css: Any,
    js: Any,
    head: Any,
    fill_height: Any,
    fill_width: Any,
    delete_cache: Any,
    environ: Mapping[str, str] | None = None,
) -> AppSettings:
    analytics = _bool("Blocks(analytics_enabled)", analytics_enabled, allow_none=True)
    if not isinstance(mode, str):
        raise DefinitionTypeError("Blocks(mode)", mode, "is not a string", "Pass a short name such as 'blocks'.")
    if not isinstance(title, str):
        raise DefinitionTypeError(
            "Blocks(title)", title, "is not a string", "Pass the browser tab's title as a string."
        )
    return AppSettings(
        theme=_theme_name(theme),
        analytics_enabled=_env.analytics_enabled(environ) if analytics is None else analytics,
        mode=mode,
        title=title,
        css=_text_or_file("Blocks(css)", css, ".css"),
        js=_text_or_file("Blocks(js)", js, ".js"),
        head=_optional_str("Blocks(head)", head),
        fill_height=_bool("Blocks(fill_height)", fill_height),
        fill_width=_bool("Blocks(fill_width)", fill_width),
        delete_cache=_delete_cache(delete_cache),
    )


# ---------------------------------------------------------------------------------------
# queue(...)
# ---------------------------------------------------------------------------------------


def queue_settings(
    *,
    status_update_rate: Any,
    api_open: Any,
    max_size: Any,
    concurrency_count: Any,
    default_concurrency_limit: Any,
    previous: QueueSettings,
    environ: Mapping[str, str] | None = None,
) -> QueueSettings:
    if status_update_rate != "auto" and not (_is_number(status_update_rate) and status_update_rate > 0):
        raise DefinitionError(
            "queue(status_update_rate)",
            status_update_rate,
            "is neither 'auto' nor a positive number of seconds",
            "Pass 'auto' (update when the running set changes) or seconds > 0, e.g. 1.0.",
        )
    _bool("queue(api_open)", api_open, allow_none=True)
    if max_size is not None:
        _int_at_least(
            "queue(max_size)", max_size, 0, "Pass a whole number >= 0 of waiting events, or None for no limit."
        )
    if concurrency_count is not None:
        warnings.warn(
            "queue(concurrency_count=...) is deprecated and has no effect: set concurrency_limit on "
            "each listener, e.g. btn.click(fn, ..., concurrency_limit=10), or "
            "queue(default_concurrency_limit=10); to cap threads use launch(max_threads=...).",
            DeprecatedParameterWarning,
            stacklevel=3,
        )
    if default_concurrency_limit == "not_set":
        limit = _env.default_concurrency_limit(environ)
    elif default_concurrency_limit is None:
        limit = None
    else:
        limit = _int_at_least(
            "queue(default_concurrency_limit)",
            default_concurrency_limit,
            1,
            "Pass a whole number >= 1, None for no limit, or 'not_set' for the environment's default.",
        )
    return QueueSettings(
        status_update_rate=status_update_rate,
        # api_open=None keeps what an earlier queue() call set.
        api_open=previous.api_open if api_open is None else api_open,
        max_size=max_size,
        default_concurrency_limit=limit,
    )


# ---------------------------------------------------------------------------------------
# launch(...)
# ---------------------------------------------------------------------------------------

_FILE_SIZE = re.compile(r"^(\d+)(b|kb|mb|gb|tb)$")
_UNITS = {"b": 1, "kb": 1024, "mb": 1024**2, "gb": 1024**3, "tb": 1024**4}


def parse_file_size(value: Any) -> int | None:
    """``max_file_size``: bytes as an int, or "<int><unit>" with unit b, kb, mb, gb, tb."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise DefinitionError("launch(max_file_size)", value, "is negative", "Pass a number of bytes >= 0.")
        return value
    if isinstance(value, str):
        match = _FILE_SIZE.match(value.replace(" ", "").lower())
        if match:
            return int(match.group(1)) * _UNITS[match.group(2)]
        raise DefinitionError(
            "launch(max_file_size)",
            value,
            "is not a size with a known unit",
            "Write it as '<whole number><unit>' with unit b, kb, mb, gb or tb (e.g. '5mb'), or pass bytes as an int.",
        )
    raise DefinitionTypeError(
        "launch(max_file_size)", value, "is not a size", "Pass bytes as an int, or a string such as '5mb'."
    )


def _auth(value: Any) -> Any:
    if value is None or callable(value):
        return value
    pairs = [value] if isinstance(value, tuple) else value
    if not isinstance(pairs, list) or not all(
        isinstance(p, (tuple, list)) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs
    ):
        raise DefinitionTypeError(
            "launch(auth)",
            value,
            "is not a (username, password) pair, a list of pairs, or a function",
            "Pass auth=('user', 'password'), auth=[('u1', 'p1'), ('u2', 'p2')], "
            "or auth=check(username, password) -> bool.",
        )
    for user, password in pairs:
        if not user.strip():
            warnings.warn("launch(auth=...) has an empty username.", BlockspecWarning, stacklevel=4)
        if not password:
            warnings.warn(f"launch(auth=...) has an empty password for {user!r}.", BlockspecWarning, stacklevel=4)
    return tuple(tuple(p) for p in pairs)


def _paths(where: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(p, (str, os.PathLike)) for p in value):
        raise DefinitionTypeError(
            where,
            value,
            "is not a list of paths",
            "Pass a list of file or directory paths, e.g. ['/srv/data'] (a single path still goes in a list).",
        )
    # The docs ask for absolute paths; a relative one is taken relative to the working
    # directory at launch, which is what it would mean to the person who wrote it.
    return tuple(str(Path(p).absolute()) for p in value)


def _existing_file(where: str, value: Any) -> str | None:
    value = _optional_str(where, value)
    if value is not None and not Path(value).is_file():
        raise DefinitionError(where, value, "is not an existing file", "Pass the path of a file that exists.")
    return value


def _root_path(value: Any, environ: Mapping[str, str] | None) -> str:
    value = _optional_str("launch(root_path)", value)
    if value is None:
        value = _env.root_path(environ)
    if value and not (value.startswith("/") or value.startswith(("http://", "https://"))):
        raise DefinitionError(
            "launch(root_path)",
            value,
            "is neither a path starting with '/' nor a full http(s) URL",
            "Pass the mount point, e.g. '/myapp', or a full URL such as 'https://example.com/myapp'.",
        )
    return value.rstrip("/")


def launch_settings(arguments: dict[str, Any], *, environ: Mapping[str, str] | None = None) -> LaunchSettings:
    """Validate ``launch()``'s 29 documented arguments (given by name)."""
    a = arguments
    for name in ("inbrowser", "debug", "prevent_thread_lock", "show_error", "ssl_verify", "quiet", "show_api"):
        _bool(f"launch({name})", a[name])
    _bool("launch(inline)", a["inline"], allow_none=True)
    share = _bool("launch(share)", a["share"], allow_none=True)
    max_threads = _int_at_least("launch(max_threads)", a["max_threads"], 1, "Pass a whole number of threads >= 1.")
    auth = _auth(a["auth"])
    auth_dependency: Callable[..., Any] | None = a["auth_dependency"]
    if auth_dependency is not None and not callable(auth_dependency):
        raise DefinitionTypeError(
            "launch(auth_dependency)",
            auth_dependency,
            "is not callable",
            "Pass a function(request) -> user id or None.",
        )
    if auth is not None and auth_dependency is not None:
        raise DefinitionError(
            "launch(auth_dependency)",
            auth_dependency,
            "cannot be combined with auth",
            "Pass either auth=... (built-in login) or auth_dependency=... (your own), not both.",
        )
    server_name = _optional_str("launch(server_name)", a["server_name"])
    port = a["server_port"]
    if port is not None and (not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535):
        raise DefinitionError(
            "launch(server_port)", port, "is not a port number", "Pass a whole number from 0 to 65535, or None."
        )
    if not isinstance(a["height"], int) or isinstance(a["height"], bool):
        raise DefinitionTypeError("launch(height)", a["height"], "is not an integer", "Pass a height in pixels.")
    if not isinstance(a["width"], (int, str)) or isinstance(a["width"], bool):
        raise DefinitionTypeError(
            "launch(width)", a["width"], "is not a width", "Pass pixels as an int or CSS as a string."
        )
    keyfile = _existing_file("launch(ssl_keyfile)", a["ssl_keyfile"])
    certfile = _existing_file("launch(ssl_certfile)", a["ssl_certfile"])
    if (keyfile is None) != (certfile is None):
        missing = "ssl_certfile" if certfile is None else "ssl_keyfile"
        raise DefinitionError(
            f"launch({missing})",
            None,
            "is missing: HTTPS needs both a key and a certificate",
            "Pass both ssl_keyfile and ssl_certfile, or neither.",
        )
    app_kwargs = a["app_kwargs"]
    if app_kwargs is not None and not isinstance(app_kwargs, dict):
        raise DefinitionTypeError(
            "launch(app_kwargs)", app_kwargs, "is not a dict", "Pass a dict of keyword arguments."
        )
    capacity = _int_at_least(
        "launch(state_session_capacity)",
        a["state_session_capacity"],
        1,
        "Pass a whole number >= 1 of sessions whose state is kept.",
    )
    protocol = a["share_server_protocol"]
    if protocol not in (None, "http", "https"):
        raise DefinitionError(
            "launch(share_server_protocol)", protocol, "is not a protocol", "Pass 'http', 'https', or None."
        )
    share_address = _optional_str("launch(share_server_address)", a["share_server_address"])
    if share_address is not None and ":" not in share_address:
        raise DefinitionError(
            "launch(share_server_address)", share_address, "is not 'host:port'", "Pass it as 'host:port'."
        )
    return LaunchSettings(
        inline=a["inline"],
        inbrowser=a["inbrowser"],
        share=_env.share(environ) if share is None else share,
        debug=a["debug"],
        max_threads=max_threads,
        auth=auth,
        auth_message=_optional_str("launch(auth_message)", a["auth_message"]),
        prevent_thread_lock=a["prevent_thread_lock"],
        show_error=a["show_error"],
        server_name=server_name or _env.server_name(environ) or "127.0.0.1",
        server_port=port if port is not None else _env.server_port(environ),
        height=a["height"],
        width=a["width"],
        favicon_path=_existing_file("launch(favicon_path)", a["favicon_path"]),
        ssl_keyfile=keyfile,
        ssl_certfile=certfile,
        ssl_keyfile_password=_optional_str("launch(ssl_keyfile_password)", a["ssl_keyfile_password"]),
        ssl_verify=a["ssl_verify"],
        quiet=a["quiet"],
        show_api=a["show_api"],
        allowed_paths=_paths("launch(allowed_paths)", a["allowed_paths"]),
        blocked_paths=_paths("launch(blocked_paths)", a["blocked_paths"]),
        root_path=_root_path(a["root_path"], environ),
        app_kwargs=tuple(sorted((app_kwargs or {}).items())),
        state_session_capacity=capacity,
        share_server_address=share_address,
        share_server_protocol=protocol,
        auth_dependency=auth_dependency,
        max_file_size=parse_file_size(a["max_file_size"]),
    )
