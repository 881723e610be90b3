"""The bare-stack baseline: Hypercorn (trio) + Starlette answering the queue's join-then-stream
pattern with constants, as a naive server on blockspec's own web stack would.

    python bench/apps/bare_stack.py PORT

``GET /config`` answers ``{"api_prefix": "/gradio_api"}``; ``POST /gradio_api/queue/join``
reads the JSON body and answers a fresh event id; ``GET /gradio_api/queue/data`` streams the
four messages a job of bench/apps/echo.py gets (estimation, process_starts,
process_completed, close_stream) as four SSE writes, then ends. No engine, no queue, no
validation: whatever blockspec's server spends beyond this is its own code.
"""

import json
import sys
import uuid

import trio
from hypercorn.config import Config
from hypercorn.trio import serve
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route


async def config(request: Request) -> JSONResponse:
    return JSONResponse({"api_prefix": "/gradio_api", "version": "bare"})


async def join(request: Request) -> JSONResponse:
    body = json.loads(await request.body())
    return JSONResponse({"event_id": uuid.uuid4().hex, "session": body["session_hash"][:0]})


def _messages(event_id: str) -> list[str]:
    return [
        {"msg": "estimation", "event_id": event_id, "rank": 0, "queue_size": 1, "rank_eta": None},
        {"msg": "process_starts", "event_id": event_id, "eta": None, "progress_data": None},
        {
            "msg": "process_completed",
            "event_id": event_id,
            "output": {"data": ["x"], "is_generating": False, "duration": 0.0001, "average_duration": 0.0001},
            "success": True,
        },
        {"msg": "close_stream", "event_id": None},
    ]


async def data(request: Request) -> StreamingResponse:
    event_id = uuid.uuid4().hex

    async def stream():
        for message in _messages(event_id):
            yield "data: " + json.dumps(message, separators=(",", ":")) + "\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


app = Starlette(
    routes=[
        Route("/config", config, methods=["GET"]),
        Route("/gradio_api/queue/join", join, methods=["POST"]),
        Route("/gradio_api/queue/data", data, methods=["GET"]),
    ]
)


if __name__ == "__main__":
    conf = Config()
    conf.bind = [f"127.0.0.1:{int(sys.argv[1])}"]
    conf.accesslog = None
    conf.errorlog = None
    conf.backlog = 4096
    trio.run(serve, app, conf)
