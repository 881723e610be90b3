"""The ASGI application of an app, whose lifespan runs the engine.

``asgi_app(demo)`` is what ``launch()`` serves with Hypercorn, and what a test can drive
in-process, as FastAPI users do::

    from starlette.testclient import TestClient
    with TestClient(blockspec.server.asgi_app(demo), backend="trio") as client:
        client.post("/gradio_api/queue/join", json=...)

The engine (and the app's session state, its cache directory and its worker threads) starts
when the lifespan starts and stops when it ends; each lifespan is a fresh engine. The engine
runs on trio, so the ASGI server (or test client) must run the app on trio: Hypercorn's trio
worker, ``TestClient(app, backend="trio")``, or ``httpx.ASGITransport`` inside ``trio.run``
with the lifespan entered by ``async with app.router.lifespan_context(app)``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import sniffio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse

from .._blocks import Blocks
from .._errors import LifecycleError
from .._files import FileStore
from .._graph import AppGraph, LaunchSettings
from ..engine import History, ThreadRunner, open_engine
from ._auth import Auth
from ._context import HEARTBEAT_SECONDS, ServerContext
from ._failures import LoggingRunner
from ._hub import SessionHub
from ._paths import FileAccess
from ._routes import hot_routes, routes

__all__ = ["asgi_app", "build_app"]


class BlockspecApp(Starlette):
    """The Starlette app, with the routes every job takes (``queue/join``, ``queue/data``)
    served as plain ASGI: found by one dict lookup and answered by the same endpoint their
    Route has, without Starlette's route matching and middleware on every request.

    The shortcut holds only while it changes nothing: an app given middleware, exception
    handlers or a body size limit (``launch(app_kwargs=...)``) takes Starlette's way for
    every request, and so does a server that mounts the app under a ``root_path``.
    """

    _hot: dict[tuple[str, str], Any] | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self._hot is None:
            limit = getattr(self, "max_body_size", None)  # Starlette 1.x only
            plain = not (self.user_middleware or self.exception_handlers or limit is not None)
            self._hot = hot_routes() if plain else {}
        if scope["type"] == "http" and not scope.get("root_path"):
            endpoint = self._hot.get((scope["path"], scope["method"]))
            if endpoint is not None:
                scope["app"] = self
                scope.setdefault("router", self.router)
                try:
                    response = await endpoint(Request(scope, receive))
                except HTTPException as exc:  # what Starlette's ExceptionMiddleware answers
                    response = PlainTextResponse(exc.detail, status_code=exc.status_code, headers=exc.headers)
                await response(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def build_app(
    graph: AppGraph, *, history: History | None = None, heartbeat_seconds: float = HEARTBEAT_SECONDS
) -> Starlette:
    """The ASGI app serving ``graph`` (its launch settings included)."""
    settings = graph.launch
    app_kwargs = dict(settings.app_kwargs)
    users_lifespan = app_kwargs.pop("lifespan", None)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if sniffio.current_async_library() != "trio":
            raise LifecycleError(
                "blockspec's engine runs on trio, but this ASGI server runs the app on "
                f"{sniffio.current_async_library()}: use Hypercorn's trio worker, or "
                "TestClient(app, backend='trio')."
            )
        if getattr(app.state, "blockspec", None) is not None:
            raise LifecycleError(
                "This ASGI app is already running (launch() serves it): drive a second copy "
                "in-process with blockspec.server.asgi_app(demo)."
            )
        files = FileStore()
        files.root  # noqa: B018 - create the cache directory now: the file policy needs its real path
        async with open_engine(
            graph,
            runner=LoggingRunner(ThreadRunner(settings.max_threads)),
            files=files,
            history=history if history is not None else History(),
        ) as engine:
            app.state.blockspec = ServerContext(
                graph=graph,
                engine=engine,
                hub=SessionHub(engine),
                auth=Auth(settings),
                access=FileAccess.from_settings(
                    allowed_paths=settings.allowed_paths,
                    blocked_paths=settings.blocked_paths,
                    cache_dirs=[files.root],
                ),
                uploads=files,
                heartbeat_seconds=heartbeat_seconds,
            )
            try:
                if users_lifespan is not None:
                    async with users_lifespan(app):
                        yield
                else:
                    yield
            finally:
                app.state.blockspec = None

    return BlockspecApp(routes=routes(), lifespan=lifespan, **app_kwargs)


def asgi_app(app: Blocks, settings: LaunchSettings | None = None, *, history: History | None = None) -> Starlette:
    """The ASGI app for ``app`` with ``settings`` (default: those its ``launch()`` recorded)."""
    import attrs

    settings = settings or app.launch_settings or LaunchSettings()
    return build_app(attrs.evolve(app.graph, launch=settings), history=history)
