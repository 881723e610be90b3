"""The ``/queue/data`` stream is a delivery with a cursor: a drop loses nothing, and a
client that sends ``Last-Event-ID`` resumes exactly (nothing lost, nothing repeated)."""

from __future__ import annotations

import json
import threading

import httpx
import pytest
from server_helpers import join, serving, sse_messages, wait_until

import blockspec as gr

STEPS = 6


def _gated_app(gates: list[threading.Event]):
    def count(x):
        for i in range(STEPS):
            gates[i].wait(20)
            yield f"{x}{i}"

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(count, box, box, api_name="count")
    return demo


def _events(response: httpx.Response, stop_after: int | None = None) -> list[tuple[int | None, dict]]:
    """(id, message) of each event read, until close_stream (or ``stop_after`` events)."""
    out: list[tuple[int | None, dict]] = []
    event_id = None
    for line in response.iter_lines():
        if line.startswith("id: "):
            event_id = int(line[4:])
        elif line.startswith("data: "):
            message = json.loads(line[6:])
            out.append((event_id, message))
            event_id = None
            if message["msg"] == "close_stream" or len(out) == stop_after:
                break
    return out


def _ctx(server):
    return server.asgi.state.blockspec


@pytest.mark.parametrize("drop_after", [1, 3, 5])
def test_last_event_id_resumes_exactly(drop_after) -> None:
    gates = [threading.Event() for _ in range(STEPS)]
    with serving(_gated_app(gates)) as server, httpx.Client(timeout=20) as http:
        base = server.local_url
        assert join(http, base, "s", 0, ["v"]).status_code == 200
        received: list[tuple[int | None, dict]] = []
        for gate in gates[:drop_after]:
            gate.set()
        with httpx.Client(timeout=20) as first:
            with first.stream(
                "GET", base + "gradio_api/queue/data", params={"session_hash": "s"}, headers={"last-event-id": "0"}
            ) as stream:
                # estimation, process_starts, then drop_after generating messages
                received += _events(stream, stop_after=2 + drop_after)
            # The connection drops here, while the generator is mid-way.
        for gate in gates[drop_after:]:
            gate.set()
        last_id = received[-1][0]
        with http.stream(
            "GET", base + "gradio_api/queue/data", params={"session_hash": "s"}, headers={"last-event-id": str(last_id)}
        ) as stream:
            received += _events(stream)
        ids = [event_id for event_id, _ in received]
        assert ids == list(range(1, len(ids) + 1))  # nothing lost, nothing repeated
        messages = [m for _, m in received]
        assert [m["msg"] for m in messages] == [
            "estimation",
            "process_starts",
            *["process_generating"] * STEPS,
            "process_completed",
            "close_stream",
        ]
        assert messages[-2]["output"]["data"] == [f"v{STEPS - 1}"]


def test_a_stream_without_last_event_id_loses_nothing_it_did_not_write() -> None:
    gates = [threading.Event() for _ in range(STEPS)]
    with serving(_gated_app(gates)) as server, httpx.Client(timeout=20) as http:
        base = server.local_url
        assert join(http, base, "s", 0, ["w"]).status_code == 200
        gates[0].set()
        with httpx.Client(timeout=20) as first:
            with first.stream("GET", base + "gradio_api/queue/data", params={"session_hash": "s"}) as stream:
                events = _events(stream, stop_after=3)
        assert [event_id for event_id, _ in events] == [None] * 3  # Gradio's framing: no id lines
        before = [m for _, m in events]
        assert [m["msg"] for m in before] == ["estimation", "process_starts", "process_generating"]
        outbox = _ctx(server).hub.outbox("s")
        wait_until(lambda: outbox.live == 0)  # the server saw the drop
        for gate in gates[1:]:
            gate.set()
        wait_until(lambda: not _ctx(server).engine.jobs)  # the job ended while no stream was open
        after = sse_messages(http, base, "s")
        assert [m["msg"] for m in after] == [*["process_generating"] * (STEPS - 1), "process_completed", "close_stream"]
        assert after[-2]["output"]["data"] == [f"w{STEPS - 1}"]


def test_a_new_stream_of_the_same_session_takes_over_from_the_old_one() -> None:
    gates = [threading.Event() for _ in range(STEPS)]
    with serving(_gated_app(gates)) as server, httpx.Client(timeout=20) as old, httpx.Client(timeout=20) as new:
        base = server.local_url
        assert join(new, base, "s", 0, ["n"]).status_code == 200
        params = {"session_hash": "s"}
        with old.stream("GET", base + "gradio_api/queue/data", params=params) as first:
            assert [m["msg"] for _, m in _events(first, stop_after=2)] == ["estimation", "process_starts"]
            # The old connection stays open (a tab whose network changed); a newer one opens.
            with new.stream("GET", base + "gradio_api/queue/data", params=params) as second:
                wait_until(lambda: _ctx(server).hub.outbox("s").live == 1)  # the old one stepped aside
                for gate in gates:
                    gate.set()
                rest = [m for _, m in _events(second)]
        assert [m["msg"] for m in rest] == [*["process_generating"] * STEPS, "process_completed", "close_stream"]
        assert rest[-2]["output"]["data"] == [f"n{STEPS - 1}"]


def test_an_unwritten_estimation_is_replaced_by_the_jobs_next_one() -> None:
    from blockspec.engine import Estimation, ProcessStarts
    from blockspec.server._hub import Buffer

    def estimation(event_id: str, rank: int) -> Estimation:
        return Estimation(event_id=event_id, rank=rank, queue_size=9, rank_eta=None)

    buffer = Buffer()
    for rank in (5, 4, 3):
        buffer.push(estimation("a", rank))
    assert [(seq, m.rank) for seq, m in buffer.after(0)] == [(1, 3)]  # one position, the newest
    buffer.push(estimation("b", 7))  # another job's: kept apart
    buffer.push(estimation("a", 2))
    assert [(seq, m.event_id, m.rank) for seq, m in buffer.after(0)] == [(1, "a", 3), (2, "b", 7), (3, "a", 2)]
    buffer.written(3, numbered=True)
    buffer.push(estimation("a", 1))  # the last one was written: a new message
    buffer.push(ProcessStarts(event_id="a", eta=None))
    assert [seq for seq, _ in buffer.after(3)] == [4, 5]
    buffer.acknowledged(4)
    assert [seq for seq, _ in buffer.after(0)] == [5]
