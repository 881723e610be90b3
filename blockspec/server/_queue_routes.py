"""The routes that run the app: the queue, its stream, cancels, heartbeats, the two-step
``/call`` API, direct runs and Gradio 4.44.1's ``/api/predict``.

Every handler takes the shared :class:`ServerContext` and the request, reads its input
through :mod:`._validate` and leaves all queueing to the engine.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import trio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .._errors import SubmissionError
from .._files import is_file_data
from .._graph import DependencySpec
from .._json import compact_json
from .._request import Request as AppRequest
from ..engine._diff import apply_diff
from ._context import SESSION_NOT_FOUND, FinalText, ServerContext, api_base, error, render, sse
from ._hub import CallBuffer
from ._validate import MAX_ID_CHARS, input_list, optional_int, read_json_object, required_id, valid_id

__all__ = [
    "call_stream",
    "call_submit",
    "cancel",
    "heartbeat",
    "join",
    "queue_data",
    "queue_status",
    "reset",
    "run",
]


def _file_paths(data: Any) -> list[Any]:
    """Every FileData path in an input value (iteratively: the value's depth is bounded,
    but its size is not)."""
    paths = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if is_file_data(item):
                paths.append(item["path"])
            else:
                stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return paths


async def check_files(ctx: ServerContext, data: Any) -> None:
    """A client may only hand the app files it uploaded (or that the app may serve)."""
    paths = _file_paths(data)
    if paths:
        await trio.to_thread.run_sync(lambda: [ctx.access.resolve(p) for p in paths])


def _fn_index(body: dict[str, Any]) -> int:
    fn_index = optional_int(body, "fn_index")
    if fn_index is None:
        raise SubmissionError("No function index provided: send `fn_index`, the dependency's index in /config.")
    return fn_index


def _path_name(request: Request, field: str) -> str:
    value = request.path_params[field]
    if not valid_id(value):
        raise SubmissionError(f"The {field} in the URL must be 1 to {MAX_ID_CHARS} printable characters.")
    return value


async def join(ctx: ServerContext, request: Request) -> Response:
    body = await read_json_object(request)
    session_hash = required_id(body, "session_hash")
    fn_index = _fn_index(body)
    data = input_list(body)
    trigger_id = optional_int(body, "trigger_id")
    graph = ctx.graph
    if graph.has_dependency(fn_index) and graph.dependency(fn_index).role == "unload":
        ctx.engine.endpoint(fn_index)  # raises: an unload function is not submitted
    await check_files(ctx, data)
    ctx.hub.session(session_hash, username=request.state.username)
    # The page runs every listener by its index -- api_name=False ones too (Gradio's
    # frontend has no other way to run them) -- so the queue accepts them; /call, /run and
    # /info, the API, never see them.
    event_id = ctx.engine.submit(
        session_hash,
        fn_index,
        data,
        event_data=body.get("event_data"),
        trigger_id=trigger_id,
        event_id=uuid.uuid4().hex,
        allow_private=True,
        request=app_request(request, session_hash),
    )
    return JSONResponse({"event_id": event_id})


def _last_event_id(request: Request) -> int | None:
    """The ``Last-Event-ID`` header (or ``last_event_id`` query parameter); None without one."""
    raw = request.headers.get("last-event-id", request.query_params.get("last_event_id"))
    if raw is None:
        return None
    if raw == "":
        return 0
    if not raw.isdigit() or len(raw) > 18:
        raise SubmissionError(
            "The Last-Event-ID header must be the `id:` of an event this stream sent (a whole number)."
        )
    return int(raw)


async def queue_data(ctx: ServerContext, request: Request) -> Response:
    session_hash = request.query_params.get("session_hash", "")
    if not valid_id(session_hash):
        raise SubmissionError(
            f"`session_hash` (query parameter) must be the 1 to {MAX_ID_CHARS} character id you joined with."
        )
    # Event ids are sent only to a client that asks for them by sending Last-Event-ID (0 on
    # its first connection): Gradio's own clients read each event as one `data:` line.
    last_event_id = _last_event_id(request)
    numbered = last_event_id is not None
    outbox = ctx.hub.outbox(session_hash)
    if outbox is None:

        async def unknown() -> AsyncIterator[str]:
            yield FinalText(SESSION_NOT_FOUND)

        return sse(unknown())
    base = api_base(ctx, request)
    # What the client says it has received goes; a stale id (an older one) is harmless, and
    # one from the future is taken as "everything so far".
    resume_after = min(last_event_id or 0, outbox.last)
    outbox.acknowledged(resume_after)
    reader = outbox.new_reader()

    async def stream() -> AsyncIterator[str]:
        cursor = resume_after
        outbox.live += 1
        opening = True
        try:
            while outbox.reader == reader:
                batch = outbox.take(cursor)
                if not batch and opening:
                    yield ""  # nothing ready as the stream opens: its headers go out before it waits
                if batch:
                    # Every message ready goes in one write: each write costs the server a
                    # trip through the ASGI server, h11 and a socket send.
                    events = []
                    closing = False
                    for seq, message in batch:
                        event = "data: " + compact_json(render(message, base)) + "\n\n"
                        events.append(f"id: {seq}\n{event}" if numbered else event)
                        cursor = seq
                        if message.msg == "close_stream":
                            closing = True
                            break
                    if closing:
                        # The last events go out with the stream's end, in one write, and a
                        # client may open its next stream as soon as it reads that end -- even
                        # before this generator would resume: they are marked written first,
                        # or the next stream would send them again. Nothing can stop them
                        # between here and the connection: the response sends them on at once,
                        # and blockspec's server writes them shielded once it has them (_writes.py).
                        outbox.written(cursor, numbered=numbered)
                        yield FinalText("".join(events))
                        return
                    yield "".join(events)
                    # The generator resumes only once the events were handed to the connection:
                    # written. Had the connection dropped, they would stay for the next stream.
                    outbox.written(cursor, numbered=numbered)
                    if outbox.reader != reader:
                        return
                opening = False
                await outbox.wait_beyond(cursor, reader)
        finally:
            outbox.live -= 1

    # The headers go with the first events when they are ready as the stream opens.
    return sse(stream(), head_with_first_text=True)


async def queue_status(ctx: ServerContext, request: Request) -> Response:
    return JSONResponse(ctx.engine.queue_status().to_json())


async def cancel(ctx: ServerContext, request: Request) -> Response:
    body = await read_json_object(request)
    session_hash = required_id(body, "session_hash")
    event_id = required_id(body, "event_id")
    # Only the session that owns the job can cancel it; any other (or an ended job) is a no-op.
    ctx.engine.cancel(session_hash, event_id)
    return JSONResponse({"success": True})


async def reset(ctx: ServerContext, request: Request) -> Response:
    await read_json_object(request)
    return JSONResponse({"success": True})


async def heartbeat(ctx: ServerContext, request: Request) -> Response:
    session_hash = _path_name(request, "session_hash")
    ctx.hub.heartbeat_opened(session_hash, username=request.state.username)

    async def beats() -> AsyncIterator[str]:
        try:
            yield "data: ALIVE\n\n"
            while True:
                await trio.sleep(ctx.heartbeat_seconds)
                yield "data: ALIVE\n\n"
        finally:
            # The connection is gone. When it was the session's last, the tab closed: its
            # jobs end and unload runs, once.
            ctx.hub.heartbeat_closed(session_hash)

    return sse(beats())


# -- the two-step call API and direct runs ---------------------------------------------


def app_request(request: Request, session_hash: str) -> AppRequest:
    """What a function's ``gr.Request`` parameter receives: the HTTP request's headers, the
    client's address, its query parameters, and who is logged in."""
    return AppRequest(
        headers=request.headers,
        client=request.client,
        session_hash=session_hash,
        username=getattr(request.state, "username", None),
        query_params=request.query_params,
        path_params=request.path_params,
    )


async def _start_call(
    ctx: ServerContext, body: dict[str, Any], dep: DependencySpec, *, skip_queue: bool, request: Request
) -> tuple[str, CallBuffer]:
    data = input_list(body, default=[])
    session_hash = required_id(body, "session_hash") if body.get("session_hash") is not None else None
    await check_files(ctx, data)
    event_id = uuid.uuid4().hex
    one_off = None if session_hash else event_id
    session_hash = session_hash or event_id
    ctx.hub.session(session_hash)
    buffer = ctx.hub.expect_call(event_id, one_off_session=one_off)
    ctx.engine.submit(
        session_hash, dep.id, data, skip_queue=skip_queue, event_id=event_id, request=app_request(request, session_hash)
    )
    return event_id, buffer


async def call_submit(ctx: ServerContext, request: Request) -> Response:
    dep = ctx.engine.endpoint(api_name=_path_name(request, "api_name"))
    event_id, _ = await _start_call(ctx, await read_json_object(request), dep, skip_queue=False, request=request)
    return JSONResponse({"event_id": event_id})


async def call_stream(ctx: ServerContext, request: Request) -> Response:
    buffer = ctx.hub.call(_path_name(request, "event_id"))
    if buffer is None:
        return error(404, "No such event: submit with POST to the same URL without the event id first.")
    base = api_base(ctx, request)

    async def stream() -> AsyncIterator[str]:
        current: list[Any] | None = None
        seen = 0
        while True:
            for message in buffer.history[seen:]:
                seen += 1
                body = render(message, base)
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

    return sse(stream())


async def run(ctx: ServerContext, request: Request) -> Response:
    """``POST P/run/<api_name>`` (and ``P/api/<api_name>``): run outside the queue, answer
    when done. Gradio 4.44.1's clients post ``/api/predict`` with a ``fn_index`` instead."""
    body = await read_json_object(request)
    api_name = _path_name(request, "api_name")
    fn_index = optional_int(body, "fn_index")
    if api_name == "predict" and fn_index is not None:
        dep = ctx.engine.endpoint(fn_index)
    else:
        dep = ctx.engine.endpoint(api_name=api_name)
    # api_open=None (the default) leaves the route open, as Gradio does outside HF Spaces.
    if ctx.graph.queue.api_open is False and dep.queue is not False:
        return error(
            404,
            "This endpoint does not accept direct HTTP POST requests (the app's queue has "
            "api_open=False): join the queue (POST /gradio_api/queue/join or /gradio_api/call/...).",
        )
    _, buffer = await _start_call(ctx, body, dep, skip_queue=True, request=request)
    while not buffer.finished:
        await buffer.wait_beyond(len(buffer.history))
    final = render(buffer.history[-1], api_base(ctx, request))
    if final["success"]:
        return JSONResponse(final["output"])
    return JSONResponse(final["output"], status_code=500)
