"""Running the server: the engine and Hypercorn in one trio run, on the real clock.

:class:`Server` runs in its own thread so that ``demo.launch(prevent_thread_lock=True)``
returns at once; without it, ``launch()`` blocks until interrupted, as Gradio's does. The
engine calls sync functions in worker threads (at most ``max_threads``), async ones in the
loop.
"""

from __future__ import annotations

import functools
import socket
import threading
import urllib.parse
import warnings
import webbrowser
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import trio
from hypercorn.config import Config

from .._blocks import Blocks
from .._errors import BlockspecWarning, DefinitionError, LifecycleError
from .._graph import LaunchSettings
from ..engine import History
from ._app import build_app
from ._serve import serve

__all__ = ["Server", "launch_blocks", "free_port"]

FIRST_PORT = 7860
BACKLOG = 4096
KEEP_ALIVE_SECONDS = 30.0
PORTS_TRIED = 100


def free_port(host: str, start: int = FIRST_PORT, tries: int = PORTS_TRIED) -> int:
    """The first port from ``start`` that ``host`` can bind (what Gradio searches too)."""
    for port in range(start, start + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    raise LifecycleError(
        f"No free port in {start}..{start + tries - 1} on {host}; pass server_port= (0 lets the system choose)."
    )


class Server:
    """One app served over HTTP. ``start()`` returns when it accepts connections."""

    def __init__(self, app: Blocks, settings: LaunchSettings | None = None, *, keep_history: bool = False) -> None:
        self.app = app
        self.settings = settings or app.launch_settings or LaunchSettings()
        self.graph = attrs.evolve(app.graph, launch=self.settings)
        _check_app_kwargs(dict(self.settings.app_kwargs))
        self.history = History(keep=keep_history)
        self.local_url: str | None = None
        self.asgi = build_app(self.graph, history=self.history)
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._failure: BaseException | None = None
        self._token: trio.lowlevel.TrioToken | None = None
        self._shutdown: trio.Event | None = None

    def _bind(self) -> str:
        host = self.settings.server_name
        port = self.settings.server_port
        if port is None:
            port = free_port(host)
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def _hypercorn_config(self) -> Config:
        config = Config()
        config.bind = [self._bind()]
        config.accesslog = None
        config.errorlog = None
        # A crowd connects at once: the kernel's accept queue must hold it (Hypercorn's default
        # of 100 dropped connections at 100 concurrent sessions; Linux caps this at somaxconn).
        config.backlog = BACKLOG
        # Idle keep-alive connections are closed after this long; streams are not idle.
        config.keep_alive_timeout = KEEP_ALIVE_SECONDS
        if self.settings.ssl_certfile:
            config.certfile = self.settings.ssl_certfile
            config.keyfile = self.settings.ssl_keyfile
            config.keyfile_password = self.settings.ssl_keyfile_password
        return config

    async def _main(self) -> None:
        self._shutdown = trio.Event()
        self._token = trio.lowlevel.current_trio_token()
        # Hypercorn runs the app's lifespan, which starts the engine (see _app.build_app).
        async with trio.open_nursery() as nursery:
            binds = await nursery.start(
                functools.partial(serve, self.asgi, self._hypercorn_config(), shutdown_trigger=self._shutdown.wait)
            )
            self.local_url = binds[0].rstrip("/") + "/"
            self._started.set()

    def _run(self) -> None:
        try:
            trio.run(self._main)
        except BaseException as exc:
            # A failure inside the run arrives wrapped by its nurseries; report the cause.
            while isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1:
                exc = exc.exceptions[0]
            self._failure = exc
        finally:
            self._started.set()

    def start(self) -> Server:
        """Start serving in a background thread; returns once the port is bound."""
        if self._thread is not None:
            raise LifecycleError("this server was already started; create a new Server.")
        self._thread = threading.Thread(target=self._run, name="blockspec-server", daemon=True)
        self._thread.start()
        self._started.wait()
        if self._failure is not None:
            raise self._failure
        return self

    def close(self) -> None:
        """Stop serving (running jobs are cancelled, unload functions of open tabs run)."""
        if self._shutdown is not None and self._token is not None and self._thread is not None:
            try:
                trio.from_thread.run_sync(self._shutdown.set, trio_token=self._token)
            except trio.RunFinishedError:
                pass
            self._thread.join(timeout=30)

    def block(self) -> None:
        """Wait until the server stops; Ctrl-C stops it."""
        assert self._thread is not None
        try:
            while self._thread.is_alive():
                self._thread.join(timeout=0.5)
        except KeyboardInterrupt:
            self.close()


def _check_app_kwargs(app_kwargs: dict[str, Any]) -> None:
    from starlette.applications import Starlette

    try:
        Starlette(**app_kwargs)
    except TypeError as exc:
        raise DefinitionError(
            "launch(app_kwargs)",
            app_kwargs,
            f"is not accepted by the web app ({exc})",
            "Pass keyword arguments of starlette.applications.Starlette (e.g. debug=True); "
            "FastAPI-only ones such as docs_url do not apply.",
        ) from None


def _say_what_is_not_available(settings: LaunchSettings) -> None:
    if settings.share:
        warnings.warn(
            "launch(share=True): share links need a tunnel service, which blockspec does not provide; "
            "the app is served locally only.",
            BlockspecWarning,
            stacklevel=4,
        )
    if settings.inline:
        warnings.warn(
            "launch(inline=True): there is no notebook frontend to embed the app in; it is served at its URL.",
            BlockspecWarning,
            stacklevel=4,
        )


def launch_blocks(app: Blocks) -> tuple[Any, str, None]:
    """What ``demo.launch()`` does once its settings are valid."""
    settings = app.launch_settings or LaunchSettings()
    _say_what_is_not_available(settings)
    server = Server(app, settings).start()
    app._server = server  # type: ignore[attr-defined]
    app.local_url = server.local_url
    app.server_name = settings.server_name
    app.server_port = urllib.parse.urlsplit(server.local_url or "").port
    if not settings.quiet:
        print(f"* Running on local URL:  {server.local_url}  (blockspec server)")
    if settings.inbrowser and not webbrowser.open(server.local_url or ""):
        warnings.warn(
            "launch(inbrowser=True): no browser is available on this machine.", BlockspecWarning, stacklevel=3
        )
    if not settings.prevent_thread_lock:
        server.block()
    return server.asgi, server.local_url or "", None


def serve_path(
    path: str | Path,
    *,
    host: str | None,
    port: int | None,
    app_name: str | None,
    queue: Mapping[str, Any] | None = None,
    launch: Mapping[str, Any] | None = None,
) -> Server:
    """``blockspec serve``: load an app file and serve it. The file runs as ``"__main__"``,
    so its own queue() and launch() settings apply; ``queue``/``launch`` (by parameter name)
    override them, and ``host``/``port`` override ``server_name``/``server_port``."""
    from .._loading import load_app
    from .._overrides import override_launch, override_queue

    loaded = load_app(path, name=app_name)
    loaded.app.queue_settings = override_queue(loaded.app.queue_settings, queue or {})
    overrides = dict(launch or {})
    if host is not None:
        overrides["server_name"] = host
    if port is not None:
        overrides["server_port"] = port
    settings = override_launch(loaded.app.launch_settings or LaunchSettings(), overrides)
    _say_what_is_not_available(settings)
    return Server(loaded.app, settings).start()
