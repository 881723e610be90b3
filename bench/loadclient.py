"""A cheap load client for the queue's join-then-stream pattern: raw sockets, one thread.

    drive(host, port, prefix, sessions=20, jobs=1000) -> Result

Each of ``sessions`` sessions keeps two keep-alive connections (one for ``POST
{prefix}/queue/join``, one for ``GET {prefix}/queue/data``, as a browser tab does) and runs
jobs one after another until ``jobs`` jobs have been started in total: join, read the join's
answer, open the stream, read it to ``close_stream`` and the end of the response. A job's
latency runs from sending its join to reading its ``process_completed``.

The client is a state machine per session driven by ``selectors`` (epoll on Linux): no
event-loop library, no HTTP library, no JSON decoding of the stream (it looks for the
message kinds it needs in the bytes). That keeps its CPU per job a small fraction of a
server's, so that jobs/s measures the server; :class:`Result` carries the client's own CPU
per job so a run can show it.

Bounded: every wait has a deadline (``timeout`` seconds per job); only the given host is
contacted.
"""

from __future__ import annotations

import json
import math
import selectors
import socket
import time
import uuid
from collections.abc import Generator
from dataclasses import dataclass, field

__all__ = ["JobTimes", "Result", "drive", "percentile"]

COMPLETED = b'"msg":"process_completed"'
COMPLETED_SPACED = b'"msg": "process_completed"'
CLOSE = b"close_stream"
FAILED = (b'"success":false', b'"success": false', b"unexpected_error")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


@dataclass
class Result:
    jobs: int = 0
    wall_s: float = 0.0
    client_cpu_s: float = 0.0
    latencies: list[float] = field(default_factory=list)
    #: from sending a join to reading its answer
    join_latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: keep-alive connections the server closed before answering a request (sent again)
    reconnects: int = 0
    #: chunks the streams arrived in (each one write of the server's)
    stream_writes: int = 0
    #: one :class:`JobTimes` per completed job, in completion order
    timelines: list[JobTimes] = field(default_factory=list)

    @property
    def jobs_per_s(self) -> float:
        return self.jobs / self.wall_s if self.wall_s else 0.0

    @property
    def client_cpu_ms_per_job(self) -> float:
        return self.client_cpu_s * 1000 / self.jobs if self.jobs else 0.0


@dataclass(frozen=True, slots=True)
class JobTimes:
    """Where one job's time went: seconds from sending its join (``wall_start`` from the
    run's start), for telling a slow job's causes apart."""

    session: int
    #: the session's n-th job (0: its first, which also opens its connections)
    nth: int
    wall_start: float
    #: time spent connecting (opening or reopening the join and stream connections)
    connect: float
    #: the join's answer read
    join: float
    #: the stream's response head read
    stream_head: float
    #: the stream's first chunk read
    first_chunk: float
    #: process_completed read
    completed: float


class ClientError(Exception):
    pass


class Conn:
    """One keep-alive connection and the bytes received on it not yet consumed."""

    def __init__(self, address: tuple[str, int]) -> None:
        self.address = address
        self.sock: socket.socket | None = None
        self.buf = b""

    def connect(self) -> None:
        sock = socket.create_connection(self.address, timeout=10)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setblocking(False)
        self.sock = sock
        self.buf = b""

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


# A session's coroutine yields the Conn it waits to read from; the driver appends what
# arrives to conn.buf (b"" appended and conn.sock None means the peer closed).
Wait = Generator[Conn, None, None]


def _send(conn: Conn, data: bytes) -> None:
    assert conn.sock is not None
    conn.sock.setblocking(True)  # requests are small: a blocking send never waits long
    conn.sock.sendall(data)
    conn.sock.setblocking(False)


def _read_head(conn: Conn) -> Generator[Conn, None, tuple[int, bytes]]:
    while b"\r\n\r\n" not in conn.buf:
        if conn.sock is None:
            raise ClientError("connection closed before the response's headers")
        yield conn
    head, conn.buf = conn.buf.split(b"\r\n\r\n", 1)
    status = int(head[9:12])
    return status, head.lower()


def _content_length(head: bytes) -> int | None:
    at = head.find(b"content-length:")
    if at < 0:
        return None
    end = head.find(b"\r\n", at)
    return int(head[at + 15 : end if end >= 0 else None])


def _read_body(conn: Conn, head: bytes) -> Generator[Conn, None, bytes]:
    """The whole body (Content-Length or chunked)."""
    length = _content_length(head)
    if length is not None:
        while len(conn.buf) < length:
            if conn.sock is None:
                raise ClientError("connection closed inside a body")
            yield conn
        body, conn.buf = conn.buf[:length], conn.buf[length:]
        return body
    parts = []
    while True:
        chunk = yield from _read_chunk(conn)
        if chunk is None:
            return b"".join(parts)
        parts.append(chunk)


def _read_chunk(conn: Conn) -> Generator[Conn, None, bytes | None]:
    """The next chunk of a chunked body; None at its end (the trailer consumed)."""
    while True:
        line_end = conn.buf.find(b"\r\n")
        if line_end >= 0:
            size = int(conn.buf[:line_end].split(b";", 1)[0], 16)
            need = line_end + 2 + size + 2
            if len(conn.buf) >= need:
                chunk = conn.buf[line_end + 2 : line_end + 2 + size]
                conn.buf = conn.buf[need:]
                return chunk if size else None
        if conn.sock is None:
            raise ClientError("connection closed inside a chunked body")
        yield conn


def _request(
    conn: Conn, request: bytes, state: dict, result: Result, connecting: list[float]
) -> Generator[Conn, None, tuple[int, bytes]]:
    """Send ``request`` and read the answer's head. A keep-alive connection the server closed
    before answering (an idle timeout racing the request) is reopened and the request sent
    again once, as browsers do; counted in ``result.reconnects``. Time spent connecting is
    added to ``connecting[0]``."""
    for attempt in (1, 2):
        if conn.sock is None:
            before = time.perf_counter()
            conn.connect()
            connecting[0] += time.perf_counter() - before
            state["register"](conn)
        try:
            _send(conn, request)
            return (yield from _read_head(conn))
        except (ClientError, ConnectionError) as exc:
            if attempt == 2 or conn.buf:
                raise ClientError(f"{exc} (after a reconnect)" if attempt == 2 else str(exc)) from None
            state["unregister"](conn)
            result.reconnects += 1
    raise AssertionError("unreachable")


def _session(
    host: str, prefix: str, join_conn: Conn, data_conn: Conn, state: dict, result: Result, timeout: float, index: int
) -> Wait:
    session = uuid.uuid4().hex[:12]
    join_body = json.dumps(
        {"data": ["x"], "fn_index": 0, "session_hash": session, "event_data": None, "trigger_id": None}
    ).encode()
    join_request = (
        f"POST {prefix}/queue/join HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(join_body)}\r\n\r\n"
    ).encode() + join_body
    data_request = (
        f"GET {prefix}/queue/data?session_hash={session} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
    ).encode()
    nth = 0
    while state["left"] > 0:
        state["left"] -= 1
        connecting = [0.0]
        started = time.perf_counter()
        status, head = yield from _request(join_conn, join_request, state, result, connecting)
        body = yield from _read_body(join_conn, head)
        joined = time.perf_counter()
        result.join_latencies.append(joined - started)
        if status != 200 or b"event_id" not in body:
            raise ClientError(f"join answered {status}: {body[:200]!r}")
        if b"connection: close" in head:
            state["unregister"](join_conn)
        status, head = yield from _request(data_conn, data_request, state, result, connecting)
        stream_head = time.perf_counter()
        if status != 200:
            raise ClientError(f"queue/data answered {status}")
        completed = first_chunk = None
        seen = b""
        chunked = b"chunked" in head
        while True:
            chunk = (yield from _read_chunk(data_conn)) if chunked else (yield from _read_until_close(data_conn))
            if chunk is None:
                break
            result.stream_writes += 1
            if first_chunk is None:
                first_chunk = time.perf_counter()
            # A marker may straddle two chunks: look in the tail of the last one too.
            window = seen[-64:] + chunk
            seen = chunk
            if completed is None and (COMPLETED in window or COMPLETED_SPACED in window):
                completed = time.perf_counter()
                if any(f in window for f in FAILED):
                    raise ClientError(f"job failed: {window[:300]!r}")
            if time.perf_counter() - started > timeout:
                raise ClientError(f"job took over {timeout:g} s")
            if not chunked and CLOSE in window:
                break
        if completed is None:
            raise ClientError("stream ended without process_completed")
        if b"connection: close" in head or not chunked:
            state["unregister"](data_conn)
        result.latencies.append(completed - started)
        result.timelines.append(
            JobTimes(
                session=index,
                nth=nth,
                wall_start=started - state["wall0"],
                connect=connecting[0],
                join=joined - started,
                stream_head=stream_head - started,
                first_chunk=(first_chunk or completed) - started,
                completed=completed - started,
            )
        )
        result.jobs += 1
        nth += 1


def _read_until_close(conn: Conn) -> Generator[Conn, None, bytes | None]:
    if conn.buf:
        data, conn.buf = conn.buf, b""
        return data
    if conn.sock is None:
        return None
    yield conn
    data, conn.buf = conn.buf, b""
    return data if data or conn.sock is not None else None


def drive(
    host: str, port: int, prefix: str, *, sessions: int, jobs: int, timeout: float = 30.0, deadline: float = 300.0
) -> Result:
    """Run ``jobs`` jobs from ``sessions`` concurrent sessions against the server."""
    result = Result()
    selector = selectors.DefaultSelector()
    waiting: dict[Conn, Wait] = {}
    state = {"left": jobs}

    def register(conn: Conn) -> None:
        selector.register(conn.sock, selectors.EVENT_READ, conn)

    def unregister(conn: Conn) -> None:
        if conn.sock is not None:
            selector.unregister(conn.sock)
            conn.close()

    state["register"], state["unregister"] = register, unregister

    def advance(coroutine: Wait) -> None:
        try:
            conn = next(coroutine)
        except StopIteration:
            return
        except (ClientError, OSError, ValueError) as exc:
            result.errors.append(f"{type(exc).__name__}: {exc}")
            return
        waiting[conn] = coroutine

    cpu0, wall0 = time.process_time(), time.perf_counter()
    state["wall0"] = wall0
    conns = []
    for index in range(min(sessions, jobs)):
        pair = (Conn((host, port)), Conn((host, port)))
        conns += pair
        advance(_session(f"{host}:{port}", prefix, *pair, state, result, timeout, index))
    while waiting:
        if time.perf_counter() - wall0 > deadline:
            result.errors.append(f"{len(waiting)} sessions still running after {deadline:g} s")
            break
        for key, _ in selector.select(timeout=1.0):
            conn: Conn = key.data
            try:
                data = conn.sock.recv(262144)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if data:
                conn.buf += data
            else:
                unregister(conn)
            coroutine = waiting.pop(conn, None)
            if coroutine is not None:
                advance(coroutine)
    result.wall_s = time.perf_counter() - wall0
    result.client_cpu_s = time.process_time() - cpu0
    for conn in conns:
        if conn.sock is not None:
            selector.unregister(conn.sock)
            conn.close()
    selector.close()
    return result
