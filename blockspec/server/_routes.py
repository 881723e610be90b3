"""The HTTP routes: Gradio's wire protocol over the one engine.

Every route but ``/``, ``/login``, ``/logout`` and ``/favicon.ico`` requires the app's auth
(when it has one). Everything the server knows about the queue it asks the engine; the
routes only translate between HTTP and the engine's submissions and messages.

Both wire generations are served. ``P`` is ``/gradio_api`` (Gradio 5 and later, and
``gradio_client`` 2.x) or nothing (Gradio 4.44.1, whose ``gradio_client`` 1.3.x asks for the
routes at the root); the URLs a response holds use the prefix the request came in on.
Routes: ``GET /config``; ``GET P/info``; ``POST P/queue/join``; ``GET P/queue/data`` (one
SSE stream per session, ended by ``close_stream``, resumable with ``Last-Event-ID``);
``GET P/queue/status``; ``POST P/call/<api_name>`` then ``GET P/call/<api_name>/<event_id>``;
``POST P/run/<api_name>`` (and ``P/api/<api_name>``; 4.44.1's ``/api/predict`` and
``/run/predict`` take a ``fn_index``); ``POST P/cancel``; ``POST P/reset``;
``GET P/heartbeat/<session_hash>`` (closing a session's last one ends it: unload runs);
``POST P/upload``; ``GET P/file=<path>``; ``POST /login``; ``GET /logout``; ``GET /``.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import trio
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .._config import API_PREFIX
from .._errors import SubmissionError
from . import _file_routes, _queue_routes
from ._auth import COOKIE
from ._context import ServerContext, error, root_url
from ._paths import PathRefused

__all__ = ["hot_routes", "routes"]

Handler = Callable[[ServerContext, Request], Awaitable[Response]]

log = logging.getLogger("blockspec.server")

#: The prefixes the API is served under: today's, and Gradio 4.44.1's (none).
API_PREFIXES = (API_PREFIX, "")


#: Names of this machine: an app bound to one is a local app (advisory S-10).
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def cross_site(ctx: ServerContext, request: Request) -> bool:
    """A browser request from another site to a local app's state-changing route (advisory S-10).

    A local app (bound to a loopback name) is reachable from any page the user visits: such a
    page may not make the app upload, run or cancel anything. Requests without an ``Origin``
    (API clients, curl) and same-origin pages pass; ``Origin: null`` (sandboxed frames, file
    pages) never counts as local, and cookies change nothing.
    """
    if request.method in ("GET", "HEAD") or ctx.settings.server_name not in LOOPBACK:
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return False
    host = urlsplit(origin).hostname if origin != "null" else None
    same = origin.split("://", 1)[-1] == request.headers.get("host")
    return not same and host not in LOOPBACK


def _context(request: Request) -> ServerContext | None:
    return getattr(request.app.state, "blockspec", None)


def _endpoint(handler: Handler, *, auth: bool, api_prefix: str) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        ctx = _context(request)
        if ctx is None:
            return error(
                503,
                "The app's engine is not running: the ASGI app starts it in its lifespan. In tests, "
                "use the client as a context manager (`with TestClient(app, backend='trio') as client:`).",
            )
        if ctx.token is not trio.lowlevel.current_trio_token():
            return error(
                503,
                "This app's engine runs in another event loop (launch() serves it): for an "
                "in-process client use blockspec.server.asgi_app(demo), which starts its own.",
            )
        if cross_site(ctx, request):
            return error(403, "Cross-site requests to a local app are refused: call it from its own page or a client.")
        request.state.api_prefix = api_prefix
        request.state.username = None
        try:
            if auth:
                allowed, username = await ctx.auth.user(request)
                if not allowed:
                    return error(401, {"error": "Not authenticated", "auth_message": ctx.auth.message})
                request.state.username = username
            return await handler(ctx, request)
        except SubmissionError as exc:
            return error(exc.status, str(exc))
        except PathRefused as exc:
            log.debug("file refused: %s", exc)
            return error(403, "File not allowed: it is outside the app's allowed paths, or blocked.")
        except HTTPException:
            raise  # starlette's 4xx (e.g. a form it cannot parse): its own handler answers
        except Exception:
            # A bug of blockspec's, not the client's: keep the traceback for whoever runs the server.
            log.exception("Unexpected error answering %s %s", request.method, request.url.path)
            return error(500, "Internal server error; the server's console has the traceback.")

    return endpoint


# -- pages and config ------------------------------------------------------------------


async def index(ctx: ServerContext, request: Request) -> Response:
    base = root_url(ctx, request)
    title = html.escape(ctx.graph.settings.title)
    allowed, username = await ctx.auth.user(request)
    login = ""
    if ctx.auth.uses_login and not allowed:
        note = f"<p>{html.escape(ctx.auth.message)}</p>" if ctx.auth.message else ""
        login = (
            f"{note}<form method='post' action='{base}/login'>"
            "<input name='username' placeholder='username'> "
            "<input name='password' type='password' placeholder='password'> "
            "<button>Log in</button></form>"
        )
    api = f"<li><a href='{base}{API_PREFIX}/info'>API info</a></li>" if ctx.settings.show_api else ""
    page = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<h1>{title}</h1><p>This is a <b>blockspec</b> server: a Gradio Blocks app served over "
        "Gradio's wire protocol by blockspec's engine. It has no browser frontend; use "
        "<code>gradio_client</code>, <code>@gradio/client</code> or plain HTTP.</p>"
        f"{login}<ul><li><a href='{base}/config'>config</a></li>{api}</ul></body></html>"
    )
    return HTMLResponse(page)


async def config(ctx: ServerContext, request: Request) -> Response:
    body = dict(ctx.config)
    body["root"] = root_url(ctx, request)
    body["username"] = request.state.username
    return JSONResponse(body)


async def info(ctx: ServerContext, request: Request) -> Response:
    everything = request.query_params.get("all_endpoints", "").lower() in ("true", "1")
    return JSONResponse(ctx.info[everything])


async def favicon(ctx: ServerContext, request: Request) -> Response:
    if ctx.settings.favicon_path:
        return FileResponse(ctx.settings.favicon_path)
    return Response(status_code=204)


async def login(ctx: ServerContext, request: Request) -> Response:
    if not ctx.auth.uses_login:
        return RedirectResponse(root_url(ctx, request) + "/", status_code=302)
    form = await request.form(max_files=0, max_fields=10)
    username = form.get("username", "")
    password = form.get("password", "")
    if not isinstance(username, str) or not isinstance(password, str) or len(username) + len(password) > 4096:
        raise SubmissionError("`username` and `password` are form fields of at most 4096 characters together.")
    if not await ctx.auth.credentials_ok(username.strip(), password):
        # 401, not Gradio's 400: the real gradio_client then reports bad credentials.
        return error(401, "Incorrect credentials.")
    response = JSONResponse({"success": True})
    response.set_cookie(
        COOKIE,
        ctx.auth.issue(username.strip()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


async def logout(ctx: ServerContext, request: Request) -> Response:
    ctx.auth.revoke(request.cookies.get(COOKIE))
    response = RedirectResponse(root_url(ctx, request) + "/", status_code=302)
    response.delete_cookie(COOKIE)
    return response


#: The routes every job takes, served without Starlette's routing and middleware (see
#: ``_app.BlockspecApp``): (path, method) -> the same endpoint its Route has.
HOT_ROUTES = (("/queue/join", "POST", _queue_routes.join), ("/queue/data", "GET", _queue_routes.queue_data))


def hot_routes() -> dict[tuple[str, str], Callable[[Request], Awaitable[Response]]]:
    """The hot routes under both API prefixes, by (path, method)."""
    return {
        (prefix + path, method): _endpoint(handler, auth=True, api_prefix=prefix)
        for prefix in API_PREFIXES
        for path, method, handler in HOT_ROUTES
    }


def routes() -> list[Route]:
    """Every route of the app, under both API prefixes."""

    def route(path: str, handler: Handler, methods: list[str], *, auth: bool = True, api_prefix: str = "") -> Route:
        return Route(path, _endpoint(handler, auth=auth, api_prefix=api_prefix), methods=methods)

    table = [
        route("/", index, ["GET"], auth=False),
        route("/config", config, ["GET"]),
        route("/config/", config, ["GET"]),
        route("/login", login, ["POST"], auth=False),
        route("/login/", login, ["POST"], auth=False),
        route("/logout", logout, ["GET"], auth=False),
        route("/favicon.ico", favicon, ["GET"], auth=False),
    ]
    q, f = _queue_routes, _file_routes
    api = [
        ("/info", info, ["GET"]),
        ("/info/", info, ["GET"]),
        ("/queue/join", q.join, ["POST"]),
        ("/queue/data", q.queue_data, ["GET"]),
        ("/queue/status", q.queue_status, ["GET"]),
        ("/cancel", q.cancel, ["POST"]),
        ("/reset", q.reset, ["POST"]),
        ("/heartbeat/{session_hash}", q.heartbeat, ["GET"]),
        ("/call/{api_name}", q.call_submit, ["POST"]),
        ("/call/{api_name}/{event_id}", q.call_stream, ["GET"]),
        ("/run/{api_name}", q.run, ["POST"]),
        ("/run/{api_name}/", q.run, ["POST"]),
        ("/api/{api_name}", q.run, ["POST"]),
        ("/api/{api_name}/", q.run, ["POST"]),
        ("/upload", f.upload, ["POST"]),
        ("/file={path:path}", f.download, ["GET", "HEAD"]),
    ]
    for prefix in API_PREFIXES:
        table += [route(prefix + path, handler, methods, api_prefix=prefix) for path, handler, methods in api]
    return table
