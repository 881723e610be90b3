"""Starting a real blockspec server on 127.0.0.1, port 0, for a test."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

import blockspec as gr
from blockspec._launch import recording_launches
from blockspec.server._launcher import Server

# The real clients must not phone home from CI.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


@contextmanager
def serving(demo: gr.Blocks, *, keep_history: bool = False, **launch: Any) -> Iterator[Server]:
    launch.setdefault("server_port", 0)
    launch.setdefault("quiet", True)
    with recording_launches():
        demo.launch(**launch)
    server = Server(demo, demo.launch_settings, keep_history=keep_history).start()
    try:
        yield server
    finally:
        server.close()


def wait_until(condition: Any, *, timeout: float = 20.0) -> None:
    """Wait for ``condition()`` to hold (a real-time server: no virtual clock to step)."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.01)


def sse_messages(client: httpx.Client, base: str, session: str, *, limit: int = 100) -> list[dict[str, Any]]:
    """Read a session's /queue/data stream until close_stream."""
    out = []
    with client.stream("GET", f"{base}gradio_api/queue/data", params={"session_hash": session}, timeout=20) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            if not line.startswith("data: "):
                continue
            message = json.loads(line[len("data: ") :])
            out.append(message)
            if message["msg"] == "close_stream" or len(out) >= limit:
                break
    return out


def join(client: httpx.Client, base: str, session: str, fn_index: int, data: list[Any]) -> httpx.Response:
    return client.post(
        f"{base}gradio_api/queue/join",
        json={"data": data, "fn_index": fn_index, "session_hash": session, "event_data": None, "trigger_id": None},
    )


def loopback_pair() -> tuple[socket.socket, socket.socket]:
    """A connected pair of non-blocking TCP sockets on 127.0.0.1: (the client's, the server's)
    -- one connection to hand a Hypercorn per-connection server directly."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    client_sock = socket.create_connection(listener.getsockname(), timeout=5)
    server_sock, _ = listener.accept()
    listener.close()
    for sock in (client_sock, server_sock):
        sock.setblocking(False)
    return client_sock, server_sock
