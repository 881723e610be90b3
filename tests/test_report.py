"""The trace reports: the timeline and Gantt renderables, the Chrome trace, and the files.

Traces come from the engine on a virtual clock (no test waits), plus client records added
by hand where a test needs them. The Chrome trace is checked for the structure Perfetto
relies on (integer microseconds, matched and nested spans), not for its exact bytes.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter

import attrs
import pytest
from rich.cells import cell_len
from rich.console import Console

import blockspec as gr
from blockspec.engine import Durations, History
from blockspec.report import Gantt, Timeline, chrome_trace, chrome_trace_bytes, write_reports
from blockspec.sim._trace import Trace
from blockspec.testing import run_engine


def update(x):
    return x


def boom(x):
    raise ValueError("nope")


def count(x):
    for i in range(3):
        yield f"{x}{i}"


def _demo(*, max_size: int | None = None) -> gr.Blocks:
    """Dependencies: 0 update (limit 1), 1 boom, 2 count (a generator), 3 instant (queue=False)."""
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(update, box, box, concurrency_limit=1)
        box.change(boom, box, box, concurrency_limit=1)
        box.blur(count, box, box, concurrency_limit=1)
        box.focus(update, box, box, queue=False)
    if max_size is not None:
        demo.queue(max_size=max_size)
    return demo


def _cut(history: History, until: float) -> History:
    """The history as if the run had been stopped at ``until``: work still in flight stays pending.

    (Not ``settle=None``: an engine shutting down frees its slots and starts queued jobs.)
    """
    cut = History()
    for record in history:
        if record.t <= until:
            fields = attrs.asdict(record, recurse=False)
            del fields["seq"]
            cut.add(fields.pop("t"), fields.pop("kind"), fields.pop("name"), **fields)
    return cut


def _trace(*, until: float | None = None) -> Trace:
    """alice runs update at once; bob's update waits for it (1.5 s); carol's is cancelled
    while it waits; alice's boom fails; bob's generator yields three times; dave's
    queue=False call takes no time. Client records are added afterwards, out of seq order.
    ``until``: stop the trace there."""
    demo = _demo()

    async def scenario(engine):
        engine.submit("alice", 0, ["a"])
        engine.submit("bob", 0, ["b"])
        doomed = engine.submit("carol", 0, ["c"])
        engine.submit("alice", 1, ["x"])
        engine.submit("bob", 2, ["y"])
        engine.submit("dave", 3, ["d"], duration=0.0)
        await engine.clock.sleep(0.5)
        engine.cancel("carol", doomed)

    history = run_engine(demo, scenario, durations=Durations(1.5))
    if until is not None:
        history = _cut(history, until)
    # Added last, and not in time order: the last record added (0.5 s) is not the latest.
    history.add(0.25, "client", "trigger", session="alice", detail='{"block": 1, "event": "submit"}')
    history.add(0.75, "client", "set", session="bob", detail='{"block": 1, "value": "hello"}')
    history.add(0.5, "client", "cancel_request", session="carol", event_id="e3", detail="{}")
    return Trace(history, demo.graph)


def _render(renderable, width: int = 100) -> str:
    console = Console(
        width=width, file=io.StringIO(), force_terminal=True, color_system=None, legacy_windows=False, _environ={}
    )
    console.print(renderable)
    return console.file.getvalue()


def _lane(text: str, label: str) -> str:
    (line,) = [line for line in text.splitlines() if line.startswith(label)]
    return line


# ---------------------------------------------------------------------------------------
# the Chrome trace
# ---------------------------------------------------------------------------------------


def _spans(events):
    return [e for e in events if e["ph"] in ("b", "e")]


def test_chrome_trace_times_are_integer_microseconds() -> None:
    events = chrome_trace(_trace())["traceEvents"]
    assert all(type(e["ts"]) is int for e in events)
    running = {(e["id"], e["ph"]): e["ts"] for e in _spans(events) if e["name"] == "running"}
    assert running[("e2", "b")] == 1_500_000  # bob's update started when alice's ended
    assert running[("e2", "e")] == 3_000_000
    queued = {(e["id"], e["ph"]): e["ts"] for e in _spans(events) if e["name"] == "queued"}
    assert queued == {("e2", "b"): 0, ("e2", "e"): 1_500_000, ("e3", "b"): 0, ("e3", "e"): 500_000}


@pytest.mark.parametrize("until", [None, 0.6], ids=["finished", "cut-short"])
def test_chrome_trace_spans_match_and_nest(until) -> None:
    trace = _trace(until=until)
    events = chrome_trace(trace)["traceEvents"]
    jobs = {job.event_id: job for job in trace.jobs()}
    open_spans: dict[tuple[str, str], list[dict]] = {}
    names: dict[str, list[str]] = {}
    for event in _spans(events):
        assert event["cat"] == "job"
        stack = open_spans.setdefault((event["cat"], event["id"]), [])
        if event["ph"] == "b":
            # A job's own span is outermost; queued and running sit directly inside it.
            expected_depth = 0 if event["name"] == jobs[event["id"]].fn else 1
            assert len(stack) == expected_depth, event
            stack.append(event)
            names.setdefault(event["id"], []).append(event["name"])
        else:
            begin = stack.pop()
            assert (begin["name"], begin["id"], begin["cat"]) == (event["name"], event["id"], event["cat"])
            assert event["ts"] >= begin["ts"]
    assert all(not stack for stack in open_spans.values())
    assert sorted(names) == sorted(jobs)
    assert names["e1"] == ["update", "running"]  # it did not wait
    assert names["e2"] == ["update", "queued", "running"] if until is None else ["update", "queued"]
    assert names["e3"] == ["update", "queued"]  # cancelled before it started
    assert names["e6"] == ["update", "running"]  # queue=False, zero duration
    outcomes = {e["id"]: e["args"]["outcome"] for e in _spans(events) if e["ph"] == "b" and "args" in e}
    assert outcomes == {job.event_id: job.outcome for job in jobs.values()}


def test_unfinished_jobs_close_at_the_end_of_the_trace() -> None:
    trace = _trace(until=0.6)
    events = chrome_trace(trace)["traceEvents"]
    pending = [job.event_id for job in trace.jobs() if job.ended is None]
    assert pending == ["e1", "e2", "e4", "e5"]  # stopped at 0.6 s with work in flight
    last = max(e["ts"] for e in events)
    assert last == 750_000  # the last record: the hand-added "set", though not the last added
    for event in _spans(events):
        if event["id"] in pending and event["ph"] == "b" and "args" in event:
            assert event["args"]["outcome"] == "pending"
        if event["id"] in pending and event["ph"] == "e" and event["name"] != "queued":
            assert event["ts"] == last


def test_chrome_trace_tracks_counter_and_instants() -> None:
    trace = _trace()
    data = chrome_trace(trace)
    events = data["traceEvents"]
    threads = [(e["tid"], e["args"]["name"]) for e in events if e["ph"] == "M" and e["name"] == "thread_name"]
    assert threads == [(0, "queue"), (1, "alice"), (2, "bob"), (3, "carol"), (4, "dave")]
    assert trace.sessions == ["alice", "bob", "carol", "dave"]
    assert all(e["pid"] == 1 for e in events)
    counters = [(e["ts"], e["args"]["waiting"]) for e in events if e["ph"] == "C"]
    assert counters == [(round(t * 1_000_000), n) for t, n in trace.queue_depth()]
    assert all(e["name"] == "queue depth" and e["tid"] == 0 for e in events if e["ph"] == "C")
    instants = [(e["name"], e["tid"], e["ts"], e["s"], e["args"]) for e in events if e["ph"] == "i"]
    assert instants == [
        ("trigger", 1, 250_000, "t", {"block": 1, "event": "submit"}),
        ("cancel_request", 3, 500_000, "t", {"event_id": "e3"}),
        ("set", 2, 750_000, "t", {"block": 1, "value": "hello"}),
    ]
    assert data["displayTimeUnit"] == "ms"
    assert data["otherData"] == {"producer": "blockspec", "app": trace.graph.settings.title}


def test_chrome_trace_is_sorted_by_time() -> None:
    events = chrome_trace(_trace())["traceEvents"]
    stamps = [e["ts"] for e in events]
    assert stamps == sorted(stamps)


def test_unload_is_an_instant_on_its_session() -> None:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(update, box, box)
        demo.unload(lambda: None)

    async def scenario(engine):
        engine.submit("s", 0, ["a"])
        await engine.clock.sleep(0.5)
        engine.close_session("s")

    events = chrome_trace(Trace(run_engine(demo, scenario, durations=Durations(1.0)), demo.graph))["traceEvents"]
    unloads = [(e["name"], e["tid"], e["ts"]) for e in events if e["ph"] == "i"]
    assert unloads == [("unload", 1, 500_000)]


def test_same_trace_same_bytes() -> None:
    first, second = chrome_trace_bytes(_trace()), chrome_trace_bytes(_trace())
    assert first == second
    assert json.loads(first) == chrome_trace(_trace())


def test_empty_trace() -> None:
    demo = _demo()
    trace = Trace(History(), demo.graph)
    events = chrome_trace(trace)["traceEvents"]
    assert [e["ph"] for e in events] == ["M", "M"]  # the process and the queue track
    assert "no jobs" in _render(Gantt(trace))
    assert "no records" in _render(Timeline(trace))


# ---------------------------------------------------------------------------------------
# the timeline
# ---------------------------------------------------------------------------------------


def test_timeline_has_a_column_per_session_and_rows_in_time_order() -> None:
    text = _render(Timeline(_trace()))
    header = next(line for line in text.splitlines() if " t " in line)
    assert re.search(r"alice.*bob.*carol.*dave", header)
    order = [
        "◌ update e1",
        "▶ update e1",
        "trigger textbox#1.submit",  # added last, at 0.25 s
        "⊘ update e3",
        "set textbox#1 = 'hello'",
        "■ update e1",
        "✖ boom e4",
        "· count e5",
    ]
    positions = [text.index(cell) for cell in order]
    assert positions == sorted(positions)
    assert "0.250" in text and "1.500" in text
    cells = [cell.strip() for cell in _lane(text, "│ 0.250 │").split("│")[1:-1]]
    assert cells == ["0.250", "trigger textbox#1.submit", "", "", ""]  # in alice's column
    assert len([line for line in text.splitlines() if "· count e5" in line]) == 3


def test_timeline_truncates() -> None:
    trace = _trace()
    rows = len(Timeline(trace, max_rows=None).rows())
    text = _render(Timeline(trace, max_rows=4))
    assert f"… {rows - 4} more rows" in text
    assert len(re.findall(r"│ +\d+\.\d{3} │", text)) == 4
    assert "more rows" not in _render(Timeline(trace, max_rows=rows))


# ---------------------------------------------------------------------------------------
# the Gantt view
# ---------------------------------------------------------------------------------------


def test_gantt_lanes() -> None:
    text = _render(Gantt(_trace()))
    assert re.search(r"█+■", _lane(text, "alice update e1"))
    assert "░" not in _lane(text, "alice update e1")  # it never waited
    assert re.search(r"░+█+■", _lane(text, "bob update e2"))  # waited, then ran
    assert re.search(r"░+⊘ *$", _lane(text, "carol update e3"))  # cancelled while waiting
    assert re.search(r"█+✖ ValueError *$", _lane(text, "alice boom e4"))  # what it raised
    assert re.search(r"^dave update e6 +■ *$", _lane(text, "dave update e6"))  # zero duration: one cell
    assert re.search(r"0s .*1s", text)
    assert all(cell_len(line) <= 100 for line in text.splitlines())


def test_gantt_lanes_line_up_in_time() -> None:
    text = _render(Gantt(_trace()))
    first_end = _lane(text, "alice update e1").index("■")
    second_start = _lane(text, "bob update e2").index("█")
    assert abs(first_end - second_start) <= 1  # e2 started when e1 ended


def test_gantt_rejected_and_pending() -> None:
    demo = _demo(max_size=1)
    refused = []

    async def scenario(engine):
        engine.submit("a", 0, ["1"])
        engine.submit("b", 0, ["2"])
        try:
            engine.submit("c", 0, ["3"])
        except gr.QueueFull:
            refused.append("c")
        await engine.clock.sleep(0.5)

    trace = Trace(_cut(run_engine(demo, scenario, durations=Durations(1.0)), 0.5), demo.graph)
    assert refused == ["c"]
    text = _render(Gantt(trace))
    assert re.search(r"^c update e3 +∅ *$", _lane(text, "c update e3"))
    assert re.search(r"█+ *$", _lane(text, "a update e1"))  # still running: no end glyph
    assert re.search(r"░+ *$", _lane(text, "b update e2"))  # still waiting
    assert not any(glyph in _lane(text, "a update e1") for glyph in "■✖⊘∅")
    assert all(cell_len(line) <= 100 for line in text.splitlines())


def test_gantt_width_option() -> None:
    text = _render(Gantt(_trace(), width=60))
    assert max(cell_len(line) for line in text.splitlines()) <= 60
    assert re.search(r"░+█+■", _lane(text, "bob update e2"))


# ---------------------------------------------------------------------------------------
# the files
# ---------------------------------------------------------------------------------------


def test_write_reports(tmp_path) -> None:
    paths = write_reports(_trace(), tmp_path / "out", title="report-title")
    assert set(paths) == {"svg", "html", "json"}
    assert [path.name for path in paths.values()] == ["timeline.svg", "timeline.html", "trace.json"]
    assert paths["svg"].read_text(encoding="utf-8").startswith("<svg")
    assert "report-title" in paths["svg"].read_text(encoding="utf-8")
    html = paths["html"].read_text(encoding="utf-8")
    assert all(session in html for session in ("alice", "bob", "carol", "dave"))
    assert "░" in html and "■" in html  # the Gantt view is in the same recording
    assert json.loads(paths["json"].read_bytes())["traceEvents"]


def test_write_reports_twice_same_bytes(tmp_path) -> None:
    first = write_reports(_trace(), tmp_path / "a", title="run", width=100)
    second = write_reports(_trace(), tmp_path / "b", title="run", width=100)
    for kind in ("svg", "html", "json"):
        assert first[kind].read_bytes() == second[kind].read_bytes(), kind
    phases = Counter(e["ph"] for e in json.loads(first["json"].read_bytes())["traceEvents"])
    assert phases["b"] == phases["e"]
