"""The HTTP routes: Gradio's wire protocol over the one engine.

Every route but ``/``, ``/login``, ``/logout`` and ``/favicon.ico`` requires the app's auth
(when it has one). Everything the server knows about the queue it asks the engine; the
routes only translate between HTTP and the engine's submissions and messages.

Routes (``P`` = ``/gradio_api``): ``GET /config``; ``GET P/info``; ``POST P/queue/join``;
``GET P/queue/data`` (one SSE stream per session, ended by ``close_stream``);
``GET P/queue/status``; ``POST P/call/<api_name>`` then ``GET P/call/<api_name>/<event_id>``;
``POST P/run/<api_name>`` (and ``P/api/<api_name>``); ``POST P/cancel``; ``POST P/reset``;
``GET P/heartbeat/<session_hash>`` (closing it ends the session: unload runs);
``POST P/upload``; ``GET P/file=<path>``; ``POST /login``; ``GET /logout``; ``GET /``.
"""

from __future__ import annotations

import html
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import attrs
import trio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Route

from .._config import API_PREFIX, config_json
from .._errors import SubmissionError
from .._files import FILE_DATA_TYPE, FileStore, is_file_data
from .._graph import AppGraph, DependencySpec
from .._json import compact_json
from ..engine import Engine, Message
from ..engine._diff import apply_diff
from ._auth import COOKIE, Auth
from ._hub import CallBuffer, SessionHub
from ._info import api_info
from ._paths import FileAccess, PathRefused

__all__ = ["ServerContext", "build_asgi"]

HEARTBEAT_SECONDS = 15.0
Handler = Callable[[Request], Awaitable[Response]]


@attrs.define(kw_only=True)
class ServerContext:
    """What the routes share: the app, its engine, sessions, auth and file policy."""

    graph: AppGraph
    engine: Engine
    hub: SessionHub
    auth: Auth
    access: FileAccess
    uploads: FileStore
    heartbeat_seconds: float = HEARTBEAT_SECONDS
    config: dict[str, Any] = attrs.field(init=False)
    #: /info's answer, without and with the unnamed endpoints: fixed for the app's life
    info: dict[bool, dict[str, Any]] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.config = config_json(self.graph)
        self.info = {everything: api_info(self.graph, all_endpoints=everything) for everything in (False, True)}

    @property
    def settings(self) -> Any:
        return self.graph.launch


def _error(status: int, detail: Any) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def _sse(stream: AsyncIterator[str]) -> StreamingResponse:
    return StreamingResponse(
        stream,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


#: The one event a stream for a session that never joined carries.
_SESSION_NOT_FOUND = (
    "data: "
    + compact_json(
        {
            "msg": "unexpected_error",
            "event_id": None,
            "message": "Session not found: join the queue first.",
            "session_not_found": True,
            "success": False,
        }
    )
    + "\n\n"
)


def root_url(ctx: ServerContext, request: Request) -> str:
    """The URL the app is reached at, as the client sees it (proxies included)."""
    root_path = ctx.settings.root_path
    if root_path.startswith(("http://", "https://")):
        return root_path.rstrip("/")
    scheme = request.headers.get("x-forwarded-proto", request.url.scheme).split(",")[0].strip()
    host = request.headers.get("x-forwarded-host") or request.headers.get("host") or request.url.netloc
    return f"{scheme}://{host.split(',')[0].strip()}{root_path}"


def _with_urls(value: Any, base: str) -> Any:
    """Give every file in an output the URL it can be downloaded from."""
    if isinstance(value, dict):
        if is_file_data(value) and value.get("meta", {}).get("_type") == FILE_DATA_TYPE:
            return {**value, "url": f"{base}{API_PREFIX}/file={value['path']}"}
        return {k: _with_urls(v, base) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_urls(v, base) for v in value]
    return value


def _render(message: Message, base: str) -> dict[str, Any]:
    data = message.to_json()
    if "output" in data:
        data["output"] = _with_urls(data["output"], base)
    return data


def build_asgi(ctx: ServerContext, **app_kwargs: Any) -> Starlette:
    """The ASGI application for ``ctx``."""

    def protected(handler: Handler) -> Handler:
        async def guarded(request: Request) -> Response:
            allowed, username = await ctx.auth.user(request)
            if not allowed:
                return _error(401, {"error": "Not authenticated", "auth_message": ctx.auth.message})
            request.state.username = username
            return await handler(request)

        return guarded

    async def body_json(request: Request) -> dict[str, Any]:
        try:
            body = await request.json()
        except ValueError:
            raise SubmissionError("The request body is not JSON.", status=400) from None
        if not isinstance(body, dict):
            raise SubmissionError("The request body must be a JSON object.", status=400)
        return body

    def check_files(data: Any) -> None:
        # A client may only hand the app files it uploaded (or that the app may serve).
        if isinstance(data, dict):
            if is_file_data(data):
                ctx.access.resolve(data["path"])
                return
            for value in data.values():
                check_files(value)
        elif isinstance(data, list):
            for value in data:
                check_files(value)

    async def handle(handler: Handler, request: Request) -> Response:
        try:
            return await handler(request)
        except SubmissionError as exc:
            return _error(exc.status, str(exc))
        except PathRefused:
            return _error(403, "File not allowed: it is outside the app's allowed paths, or blocked.")

    def route(path: str, handler: Handler, methods: list[str], *, auth: bool = True) -> Route:
        wrapped = protected(handler) if auth else handler

        async def endpoint(request: Request) -> Response:
            return await handle(wrapped, request)

        return Route(path, endpoint, methods=methods)

    # -- pages and config --------------------------------------------------------------

    async def index(request: Request) -> Response:
        base = root_url(ctx, request)
        title = html.escape(ctx.graph.settings.title)
        allowed, username = await ctx.auth.user(request)
        login = ""
        if ctx.auth.uses_login and not allowed:
            note = f"<p>{ctx.auth.message}</p>" if ctx.auth.message else ""
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

    async def config(request: Request) -> Response:
        body = dict(ctx.config)
        body["root"] = root_url(ctx, request)
        body["username"] = request.state.username
        return JSONResponse(body)

    async def info(request: Request) -> Response:
        everything = request.query_params.get("all_endpoints", "").lower() in ("true", "1")
        return JSONResponse(ctx.info[everything])

    async def favicon(request: Request) -> Response:
        if ctx.settings.favicon_path:
            return FileResponse(ctx.settings.favicon_path)
        return Response(status_code=204)

    # -- login -------------------------------------------------------------------------

    async def login(request: Request) -> Response:
        if not ctx.auth.uses_login:
            return RedirectResponse(root_url(ctx, request) + "/", status_code=302)
        form = await request.form()
        username = str(form.get("username", "")).strip()
        password = str(form.get("password", ""))
        if not await ctx.auth.credentials_ok(username, password):
            # 401, not Gradio's 400: the real gradio_client then reports bad credentials.
            return _error(401, "Incorrect credentials.")
        response = JSONResponse({"success": True})
        response.set_cookie(
            COOKIE,
            ctx.auth.issue(username),
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
        return response

    async def logout(request: Request) -> Response:
        ctx.auth.revoke(request.cookies.get(COOKIE))
        response = RedirectResponse(root_url(ctx, request) + "/", status_code=302)
        response.delete_cookie(COOKIE)
        return response

    # -- the queue ---------------------------------------------------------------------

    async def join(request: Request) -> Response:
        body = await body_json(request)
        session_hash = body.get("session_hash")
        if not isinstance(session_hash, str) or not session_hash:
            return _error(400, "Session hash not found.")
        fn_index = body.get("fn_index")
        if fn_index is None:
            return _error(400, "No function index provided.")
        data = body.get("data")
        if not isinstance(data, list):
            return _error(422, "`data` must be a list of input values.")
        check_files(data)
        ctx.engine.endpoint(fn_index)
        ctx.hub.session(session_hash, username=request.state.username)
        event_id = ctx.engine.submit(
            session_hash,
            fn_index,
            data,
            event_data=body.get("event_data"),
            trigger_id=body.get("trigger_id"),
            event_id=uuid.uuid4().hex,
        )
        return JSONResponse({"event_id": event_id})

    async def queue_data(request: Request) -> Response:
        session_hash = request.query_params.get("session_hash", "")
        base = root_url(ctx, request)
        if not ctx.hub.known(session_hash):

            async def unknown() -> AsyncIterator[str]:
                yield _SESSION_NOT_FOUND

            return _sse(unknown())
        outbox = ctx.hub.session(session_hash)

        async def stream() -> AsyncIterator[str]:
            while True:
                for message in outbox.pop_ready():
                    yield "data: " + compact_json(_render(message, base)) + "\n\n"
                    if message.msg == "close_stream":
                        return
                await outbox.wait()

        return _sse(stream())

    async def queue_status(request: Request) -> Response:
        return JSONResponse(ctx.engine.queue_status().to_json())

    async def cancel(request: Request) -> Response:
        body = await body_json(request)
        session_hash, event_id = body.get("session_hash"), body.get("event_id")
        if isinstance(session_hash, str) and isinstance(event_id, str):
            # Only the session that owns the job can cancel it; anything else is a no-op.
            ctx.engine.cancel(session_hash, event_id)
        return JSONResponse({"success": True})

    async def reset(request: Request) -> Response:
        return JSONResponse({"success": True})

    async def heartbeat(request: Request) -> Response:
        session_hash = request.path_params["session_hash"]
        ctx.hub.session(session_hash, username=request.state.username)

        async def beats() -> AsyncIterator[str]:
            try:
                yield "data: ALIVE\n\n"
                while True:
                    await trio.sleep(ctx.heartbeat_seconds)
                    yield "data: ALIVE\n\n"
            finally:
                # The connection is gone: the tab closed. Its jobs end and unload runs, once.
                ctx.engine.close_session(session_hash)
                ctx.hub.forget(session_hash)

        return _sse(beats())

    # -- the two-step call API and direct runs -----------------------------------------

    def start_call(body: dict[str, Any], dep: DependencySpec, *, skip_queue: bool) -> tuple[str, CallBuffer]:
        data = body.get("data", [])
        if not isinstance(data, list):
            raise SubmissionError("`data` must be a list of input values.", status=422)
        check_files(data)
        event_id = uuid.uuid4().hex
        session_hash = body.get("session_hash") or event_id
        ctx.hub.session(session_hash)
        buffer = ctx.hub.expect_call(event_id)
        ctx.engine.submit(session_hash, dep.id, data, skip_queue=skip_queue, event_id=event_id)
        return event_id, buffer

    async def call_submit(request: Request) -> Response:
        dep = ctx.engine.endpoint(api_name=request.path_params["api_name"])
        event_id, _ = start_call(await body_json(request), dep, skip_queue=False)
        return JSONResponse({"event_id": event_id})

    async def call_stream(request: Request) -> Response:
        buffer = ctx.hub.call(request.path_params["event_id"])
        if buffer is None:
            return _error(404, "No such event: submit with POST to the same URL without the event id first.")
        base = root_url(ctx, request)

        async def stream() -> AsyncIterator[str]:
            current: list[Any] | None = None
            seen = 0
            while True:
                for message in buffer.history[seen:]:
                    seen += 1
                    body = _render(message, base)
                    if message.msg == "process_generating":
                        data = body["output"]["data"]
                        current = data if current is None else [apply_diff(a, d) for a, d in zip(current, data)]
                        yield f"event: generating\ndata: {json.dumps(current)}\n\n"
                    elif message.msg == "heartbeat":
                        yield "event: heartbeat\ndata: null\n\n"
                    elif message.msg == "process_completed":
                        output = body["output"]
                        if body["success"] and "data" in output:
                            yield f"event: complete\ndata: {json.dumps(output['data'])}\n\n"
                        elif body["success"]:
                            yield f"event: error\ndata: {json.dumps({'error': 'Cancelled.'})}\n\n"
                        else:
                            yield f"event: error\ndata: {json.dumps(output)}\n\n"
                        return
                if buffer.finished and seen >= len(buffer.history):
                    return
                await buffer.wait_beyond(seen)

        return _sse(stream())

    async def run(request: Request) -> Response:
        dep = ctx.engine.endpoint(api_name=request.path_params["api_name"])
        # api_open=None (the default) leaves the route open, as Gradio does outside HF Spaces.
        if ctx.graph.queue.api_open is False and dep.queue is not False:
            return _error(
                404,
                "This endpoint does not accept direct HTTP POST requests (the app's queue has "
                "api_open=False): join the queue (POST /gradio_api/queue/join or /gradio_api/call/...).",
            )
        _, buffer = start_call(await body_json(request), dep, skip_queue=True)
        while not buffer.finished:
            await buffer.wait_beyond(len(buffer.history))
        final = _render(buffer.history[-1], root_url(ctx, request))
        if final["success"]:
            return JSONResponse(final["output"])
        return JSONResponse(final["output"], status_code=500)

    # -- files -------------------------------------------------------------------------

    async def upload(request: Request) -> Response:
        limit = ctx.settings.max_file_size
        too_big = PlainTextResponse(f"File size exceeded maximum allowed size of {limit} bytes.", status_code=413)
        declared = request.headers.get("content-length")
        # A request larger than the limit plus room for its multipart framing cannot fit.
        if limit is not None and declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
            return too_big
        form = await request.form(max_files=1000)
        uploads = [f for f in form.getlist("files") if hasattr(f, "read")]
        contents = []
        for item in uploads:
            data = await item.read()
            if limit is not None and len(data) > limit:
                return too_big  # nothing is stored
            contents.append((data, item.filename or "upload"))
        paths = [str(ctx.uploads.store_bytes(data, name)) for data, name in contents]
        return JSONResponse(paths)

    async def file(request: Request) -> Response:
        path = ctx.access.resolve(request.path_params["path"])
        return FileResponse(path)

    routes = [
        route("/", index, ["GET"], auth=False),
        route("/config", config, ["GET"]),
        route("/config/", config, ["GET"]),
        route("/login", login, ["POST"], auth=False),
        route("/logout", logout, ["GET"], auth=False),
        route("/favicon.ico", favicon, ["GET"], auth=False),
        route(f"{API_PREFIX}/info", info, ["GET"]),
        route(f"{API_PREFIX}/info/", info, ["GET"]),
        route(f"{API_PREFIX}/queue/join", join, ["POST"]),
        route(f"{API_PREFIX}/queue/data", queue_data, ["GET"]),
        route(f"{API_PREFIX}/queue/status", queue_status, ["GET"]),
        route(f"{API_PREFIX}/cancel", cancel, ["POST"]),
        route(f"{API_PREFIX}/reset", reset, ["POST"]),
        route(f"{API_PREFIX}/heartbeat/{{session_hash}}", heartbeat, ["GET"]),
        route(f"{API_PREFIX}/call/{{api_name}}", call_submit, ["POST"]),
        route(f"{API_PREFIX}/call/{{api_name}}/{{event_id}}", call_stream, ["GET"]),
        route(f"{API_PREFIX}/run/{{api_name}}", run, ["POST"]),
        route(f"{API_PREFIX}/api/{{api_name}}", run, ["POST"]),
        route(f"{API_PREFIX}/upload", upload, ["POST"]),
        route(f"{API_PREFIX}/file={{path:path}}", file, ["GET", "HEAD"]),
    ]
    return Starlette(routes=routes, **app_kwargs)
