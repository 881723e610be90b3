"""The invariant checker against histories that break each invariant on purpose.

The property tests trust ``check_invariants`` to see a broken run; here each check must
report a hand-made history that breaks exactly its invariant (and pass a sound one).
"""

from __future__ import annotations

import pytest

import blockspec as gr
from blockspec._launch import recording_launches
from blockspec.engine import History
from blockspec.sim import check_invariants


def _app():
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(lambda x: x, box, box, concurrency_limit=1)  # dep 0, its own group
        box.change(lambda xs: (xs,), box, box, batch=True, max_batch_size=2, concurrency_limit=None)
        demo.unload(lambda: None)
    demo.queue(max_size=1)
    with recording_launches():
        demo.launch(max_threads=2)
    return demo


APP = _app()
G0 = APP.dependencies[0].concurrency_id
G1 = APP.dependencies[1].concurrency_id


def _job(h: History, t: float, name: str, event_id: str, state: str, *, dep: int = 0, group: str = G0, **kw) -> None:
    h.add(t, "job", name, session="s", event_id=event_id, dep_id=dep, state=state, group=group, **kw)


def _accepted(h: History, event_id: str, *, dep: int = 0, group: str = G0) -> None:
    _job(h, 0, "submit", event_id, "received", dep=dep, group=group)
    _job(h, 0, "accept", event_id, "queued", dep=dep, group=group)


def _done(h: History, event_id: str) -> None:
    h.add(1, "message", "process_completed", session="s", event_id=event_id, detail="{}")


def _run(h: History, event_ids: list[str], *, dep: int = 0, group: str = G0) -> None:
    for event_id in event_ids:
        _job(h, 0, "start", event_id, "running", dep=dep, group=group)
    h.add(0, "slot", "acquire", dep_id=dep, group=group, detail=event_ids)


def _names(h: History) -> list[str]:
    return [v.check for v in check_invariants(h, APP.graph)]


def test_a_sound_history_passes() -> None:
    h = History()
    _accepted(h, "e1")
    _run(h, ["e1"])
    _job(h, 1, "return", "e1", "completed")
    _done(h, "e1")
    h.add(1, "slot", "release", dep_id=0, group=G0, detail=["e1"])
    assert _names(h) == []


def test_terminal_once() -> None:
    h = History()
    _accepted(h, "e1")
    _run(h, ["e1"])
    _job(h, 1, "return", "e1", "completed")
    _done(h, "e1")
    h.add(2, "message", "process_generating", session="s", event_id="e1", detail="{}")
    _accepted(h, "e2")
    assert _names(h).count("terminal-once") == 2  # a message after the end; a job never ended


def test_group_limit_and_fifo_and_max_size() -> None:
    h = History()
    _accepted(h, "e1")
    _run(h, ["e1"])
    _job(h, 0, "submit", "e2", "received")
    _job(h, 0, "accept", "e2", "queued")
    _job(h, 0, "submit", "e3", "received")
    _job(h, 0, "accept", "e3", "queued")  # two waiting: max_size is 1
    _run(h, ["e3"])  # second running in a limit-1 group, and e2 was older
    names = _names(h)
    assert {"group-limit", "fifo", "max-size"} <= set(names)


def test_batch_size_and_max_threads() -> None:
    h = History()
    for event_id in ("b1", "b2", "b3"):
        _accepted(h, event_id, dep=1, group=G1)
    _run(h, ["b1", "b2", "b3"], dep=1, group=G1)  # max_batch_size is 2
    for event_id in ("b4", "b5"):
        _accepted(h, event_id, dep=1, group=G1)
        _run(h, [event_id], dep=1, group=G1)  # three runs at once: max_threads is 2
    assert {"batch-size", "max-threads"} <= set(_names(h))


def test_unload_once() -> None:
    h = History()
    h.add(0, "session", "close", session="a")
    h.add(0, "unload", "start", session="a", dep_id=2)
    h.add(0, "unload", "start", session="a", dep_id=2)
    h.add(0, "unload", "start", session="b", dep_id=2)  # b never closed
    assert _names(h).count("unload-once") == 2


@pytest.mark.parametrize(
    ("trigger", "recorded"),
    [("start", "running"), ("return", "completed"), ("start", "queued")],
)
def test_lifecycle(trigger: str, recorded: str) -> None:
    h = History()
    _job(h, 0, "submit", "e1", "received")
    _job(h, 0, trigger, "e1", recorded)  # RECEIVED cannot start or return; nor be recorded wrongly
    assert "lifecycle" in _names(h)
