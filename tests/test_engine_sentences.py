"""One test per sentence of the docs that the engine keeps.

Each test's docstring starts with the clause id it will carry in the conformance suite and
quotes the sentence of ``queue()``, ``launch()`` or the listener parameters it checks.
Everything runs on a virtual clock: durations are modelled, and no test waits.
"""

from __future__ import annotations

import pytest

import blockspec as gr
from blockspec._launch import recording_launches
from blockspec.engine import Durations
from blockspec.testing import messages_of, run_engine


def echo(x):
    return x


def _launched(demo: gr.Blocks, **launch) -> gr.Blocks:
    with recording_launches():
        demo.launch(**launch)
    return demo


def _app(*listeners, queue=None, launch=None):
    """An app with one textbox `box` and the given listeners (kwargs for box.submit)."""
    with gr.Blocks() as demo:
        box = gr.Textbox()
        for fn, options in listeners:
            box.submit(fn, box, box, **options)
    if queue:
        demo.queue(**queue)
    return _launched(demo, **(launch or {}))


def _starts(history):
    return [(r.t, r.event_id) for r in history if r.kind == "job" and r.name == "start"]


def _msgs(history, session, name):
    return [m for m in messages_of(history, session) if m["msg"] == name]


# ---------------------------------------------------------------------------------------
# queue()
# ---------------------------------------------------------------------------------------


def test_status_update_rate_auto() -> None:
    """QUEUE.STATUS.AUTO -- "If "auto", Queue will send status estimations to all clients
    whenever a job is finished."

    Decision: the estimations go out when the finished job's slot is taken by the next one,
    to every job still waiting in that group (as Gradio does, on start).
    """
    demo = _app((echo, {}))

    async def scenario(engine):
        for i in range(3):
            engine.submit(f"s{i}", 0, [str(i)])

    history = run_engine(demo, scenario, durations=Durations(1.0))
    third = [(m["rank"], m["queue_size"]) for m in _msgs(history, "s2", "estimation")]
    assert third == [(1, 2), (0, 1)]
    times = [r.t for r in history if r.kind == "message" and r.session == "s2" and r.name == "estimation"]
    assert times == [0.0, 1.0]


def test_status_update_rate_number() -> None:
    """QUEUE.STATUS.RATE -- "Otherwise Queue will send status at regular intervals set by
    this parameter as the number of seconds."
    """
    demo = _app((echo, {}), queue={"status_update_rate": 2})

    async def scenario(engine):
        for i in range(2):
            engine.submit(f"s{i}", 0, [str(i)])

    history = run_engine(demo, scenario, durations=Durations(5.0))
    times = [r.t for r in history if r.kind == "message" and r.session == "s1" and r.name == "estimation"]
    assert times == [0.0, 2.0, 4.0]  # on joining, then every 2 s while it waits; it starts at 5


def test_api_open_skips_the_queue() -> None:
    """QUEUE.API_OPEN -- "If True, the REST routes of the backend will be open, allowing
    requests made directly to those endpoints to skip the queue."

    The engine's part: a submission made with skip_queue runs at once, past a full group,
    with no estimation. (Which routes may do so is the server's part.)
    """
    demo = _app((echo, {}), queue={"api_open": True})
    assert demo.graph.queue.api_open is True

    async def scenario(engine):
        engine.submit("busy", 0, ["a"])
        engine.submit("rest", 0, ["b"], skip_queue=True)

    history = run_engine(demo, scenario, durations=Durations(3.0))
    assert [t for t, _ in _starts(history)] == [0.0]  # only the queued job had to start
    assert [m["msg"] for m in messages_of(history, "rest")][:1] == ["process_starts"]
    assert _msgs(history, "rest", "process_completed")[0]["output"]["data"] == ["b"]


def test_max_size_refuses_with_gradios_message() -> None:
    """QUEUE.MAX_SIZE -- "The maximum number of events the queue will store at any given
    moment. If the queue is full, new events will not be added and a user will receive a
    message saying that the queue is full."

    Decision: like Gradio, only waiting events count (a running one is not "stored").
    """
    demo = _app((echo, {}), queue={"max_size": 2})
    refused = []

    async def scenario(engine):
        for i in range(5):
            try:
                engine.submit(f"s{i}", 0, [str(i)])
            except gr.QueueFull as exc:
                refused.append((i, str(exc), exc.status))

    history = run_engine(demo, scenario, durations=Durations(1.0))
    assert refused == [
        (3, "Queue is full. Max size is 2 and size is 2.", 503),
        (4, "Queue is full. Max size is 2 and size is 2.", 503),
    ]
    assert [r.event_id for r in history if r.kind == "job" and r.name == "reject"] == ["e4", "e5"]
    assert messages_of(history, "s3") == []


def test_max_size_none_is_unlimited() -> None:
    """QUEUE.MAX_SIZE.NONE -- "If None, the queue size will be unlimited." """
    demo = _app((echo, {}))

    async def scenario(engine):
        for i in range(300):
            engine.submit("s", 0, [str(i)])

    history = run_engine(demo, scenario)
    assert len(_msgs(history, "s", "process_completed")) == 300


def test_default_concurrency_limit_defaults_to_one() -> None:
    """QUEUE.DEFAULT_LIMIT -- "The default value of concurrency_limit to use for event
    listeners that don't specify a value. ... Defaults to 1 if not set otherwise."
    """
    one = _app((echo, {}))
    three = _app((echo, {}), queue={"default_concurrency_limit": 3})

    async def scenario(engine):
        for i in range(4):
            engine.submit(f"s{i}", 0, [str(i)])

    assert [t for t, _ in _starts(run_engine(one, scenario, durations=Durations(1.0)))] == [0, 1, 2, 3]
    assert [t for t, _ in _starts(run_engine(three, scenario, durations=Durations(1.0)))] == [0, 0, 0, 1]


# ---------------------------------------------------------------------------------------
# listener parameters
# ---------------------------------------------------------------------------------------


def test_fn_takes_one_parameter_per_input_and_returns_one_value_per_output() -> None:
    """LISTENER.FN -- "Each parameter of the function corresponds to one input component, and
    the function should return a single value or a tuple of values, with each element in the
    tuple corresponding to one output component."
    """
    with gr.Blocks() as demo:
        a, b = gr.Number(), gr.Number()
        total, product = gr.Number(), gr.Textbox()
        a.submit(lambda x, y: (x + y, f"{x * y:g}"), [a, b], [total, product])

    async def scenario(engine):
        engine.submit("s", 0, [2, 5])

    [done] = _msgs(run_engine(demo, scenario), "s", "process_completed")
    assert done["output"]["data"] == [7.0, "10"]


def test_empty_inputs_and_outputs() -> None:
    """LISTENER.INPUTS.EMPTY / LISTENER.OUTPUTS.EMPTY -- "If the function takes no inputs,
    this should be an empty list." ... "If the function returns no outputs, this should be
    an empty list."
    """
    calls = []
    with gr.Blocks() as demo:
        gr.Button().click(lambda: calls.append("ran"), [], [])

    async def scenario(engine):
        engine.submit("s", 0, [])

    [done] = _msgs(run_engine(demo, scenario), "s", "process_completed")
    assert calls == ["ran"] and done["output"]["data"] == [] and done["success"]


def test_api_name_false_cannot_be_called() -> None:
    """LISTENER.API_NAME.FALSE -- "If False, the endpoint will not be exposed in the API docs
    and downstream apps (including those that gr.load this app) will not be able to use this
    event."

    Decision: such a listener runs only for the app's own frontend (the reference frontend
    submits with allow_private); any other submission is refused.
    """
    demo = _app((echo, {"api_name": False}))
    outcome = {}

    async def scenario(engine):
        with pytest.raises(gr.SubmissionError, match="api_name=False") as info:
            engine.submit("api", 0, ["x"])
        outcome["status"] = info.value.status
        engine.submit("page", 0, ["y"], allow_private=True)

    history = run_engine(demo, scenario)
    assert outcome["status"] == 404
    assert _msgs(history, "page", "process_completed")[0]["output"]["data"] == ["y"]


def test_queue_false_bypasses_the_queue() -> None:
    """LISTENER.QUEUE.FALSE -- "If False, will not put this event on the queue, even if the
    queue has been enabled."
    """
    demo = _app((echo, {"concurrency_limit": 1}), (echo, {"queue": False}))

    async def scenario(engine):
        engine.submit("a", 0, ["1"])
        engine.submit("b", 0, ["2"])
        engine.submit("c", 1, ["3"])
        engine.submit("d", 1, ["4"])

    history = run_engine(demo, scenario, durations=Durations(2.0))
    done_at = {r.session: r.t for r in history if r.kind == "message" and r.name == "process_completed"}
    assert done_at == {"a": 2.0, "b": 4.0, "c": 2.0, "d": 2.0}
    assert _msgs(history, "c", "estimation") == []


def test_queue_none_uses_the_apps_setting() -> None:
    """LISTENER.QUEUE.NONE -- "If None, will use the queue setting of the gradio app." """
    demo = _app((echo, {}))
    assert demo.dependencies[0].queue is None

    async def scenario(engine):
        engine.submit("a", 0, ["1"])

    assert [m["msg"] for m in messages_of(run_engine(demo, scenario), "a")][0] == "estimation"


def test_batch_functions_take_and_return_lists() -> None:
    """LISTENER.BATCH -- "If True, then the function should process a batch of inputs, meaning
    that it should accept a list of input values for each parameter. ... The function is then
    required to return a tuple of lists (even if there is only 1 output component), with each
    list in the tuple corresponding to one output component."
    """
    seen = []

    def shout(words):
        seen.append(list(words))
        return ([w.upper() for w in words],)

    demo = _app((shout, {"batch": True, "max_batch_size": 3}))

    async def scenario(engine):
        for i in range(4):
            engine.submit(f"s{i}", 0, [f"w{i}"])

    history = run_engine(demo, scenario, durations=Durations(1.0))
    assert seen == [["w0"], ["w1", "w2", "w3"]]
    assert [_msgs(history, f"s{i}", "process_completed")[0]["output"]["data"] for i in range(4)] == [
        ["W0"],
        ["W1"],
        ["W2"],
        ["W3"],
    ]


def test_a_batch_result_of_the_wrong_length_fails_every_job() -> None:
    """LISTENER.BATCH.SHAPE -- decision: when a batch function returns lists of the wrong
    length, every job of the batch gets a terminal error (Gradio leaves the extra clients
    waiting forever)."""

    def short(words):
        return (words[:-1],)

    demo = _app((short, {"batch": True, "max_batch_size": 4}), launch={"show_error": True})

    async def scenario(engine):
        for i in range(3):
            engine.submit(f"s{i}", 0, [f"w{i}"])

    history = run_engine(demo, scenario, durations=Durations(1.0))
    outcomes = [_msgs(history, f"s{i}", "process_completed")[0] for i in range(3)]
    assert [o["success"] for o in outcomes] == [False, False, False]
    assert "returned 1 result(s) for a batch of 2" in outcomes[1]["output"]["error"]


def test_max_batch_size() -> None:
    """LISTENER.MAX_BATCH_SIZE -- "Maximum number of inputs to batch together if this is
    called from the queue (only relevant if batch=True)"

    A batch is what is waiting when a slot frees, up to this size; the queue does not wait to
    fill one (so the first job runs alone).
    """
    demo = _app((lambda xs: (xs,), {"batch": True, "max_batch_size": 3}))

    async def scenario(engine):
        for i in range(8):
            engine.submit(f"s{i}", 0, [str(i)])

    history = run_engine(demo, scenario, durations=Durations(1.0))
    sizes = [len(r.payload) for r in history if r.kind == "slot" and r.name == "acquire"]
    assert sizes == [1, 3, 3, 1]


def test_preprocess_false_passes_the_wire_value() -> None:
    """LISTENER.PREPROCESS -- "If False, will not run preprocessing of component data before
    running 'fn'"."""
    received = []
    with gr.Blocks() as demo:
        number = gr.Number(precision=0)
        number.submit(lambda v: received.append(v), number, [])
        number.submit(lambda v: received.append(v), number, [], preprocess=False)

    async def scenario(engine):
        engine.submit("s", 0, ["2.6"])
        engine.submit("s", 1, ["2.6"])

    run_engine(demo, scenario)
    assert received == [3, "2.6"]


def test_postprocess_false_returns_the_value_as_is() -> None:
    """LISTENER.POSTPROCESS -- "If False, will not run postprocessing of component data before
    returning 'fn' output to the browser."""
    with gr.Blocks() as demo:
        md = gr.Markdown()
        md.change(lambda: "   # Title", [], md)
        md.change(lambda: "   # Title", [], md, postprocess=False)

    async def scenario(engine):
        engine.submit("s", 0, [])
        engine.submit("s", 1, [])

    data = [m["output"]["data"] for m in _msgs(run_engine(demo, scenario), "s", "process_completed")]
    assert data == [["# Title"], ["   # Title"]]


def test_cancels_pending_functions_never_run() -> None:
    """LISTENER.CANCELS.PENDING -- "Functions that have not yet run ... will be cancelled" """
    ran = []
    demo = _app((lambda x: ran.append(x) or x, {}))

    async def scenario(engine):
        engine.submit("s", 0, ["first"])
        second = engine.submit("s", 0, ["second"])
        await engine.clock.sleep(0.5)
        assert engine.cancel("s", second)
        assert not engine.cancel("s", second)  # cancelling twice is harmless

    history = run_engine(demo, scenario, durations=Durations(1.0))
    assert ran == ["first"]
    completions = _msgs(history, "s", "process_completed")
    assert [c["output"] for c in completions] == [{}, {"data": ["first"], **_rest(completions[1])}]
    assert [r.t for r in history if r.kind == "message" and r.name == "process_completed"] == [0.5, 1.0]


def _rest(completed):
    return {k: v for k, v in completed["output"].items() if k != "data"}


def test_cancels_iterating_generators_stop_at_the_next_yield() -> None:
    """LISTENER.CANCELS.GENERATOR -- "(or generators that are iterating) will be cancelled" """
    produced = []

    def ticker(x):
        for i in range(10):
            produced.append(i)
            yield f"{x}{i}"

    demo = _app((ticker, {}))

    async def scenario(engine):
        event_id = engine.submit("s", 0, ["t"])
        await engine.clock.sleep(2.5)
        engine.cancel("s", event_id)

    history = run_engine(demo, scenario, durations=Durations(1.0))
    messages = [m["msg"] for m in messages_of(history, "s")]
    assert messages == [
        "estimation",
        "process_starts",
        "process_generating",
        "process_generating",
        "process_completed",
        "close_stream",
    ]
    assert produced == [0, 1, 2]  # the step running at the cancel finished; no step after it
    assert [r.name for r in history if r.kind == "discard"] == ["result"]


def test_cancels_let_running_functions_finish() -> None:
    """LISTENER.CANCELS.RUNNING -- "but functions that are currently running will be allowed to
    finish."

    Decision: the client is told at once (a completion with empty output, as Gradio sends);
    the function finishes, keeps its concurrency slot until then, and its result is dropped.
    """
    finished = []
    demo = _app((lambda x: finished.append(x) or x.upper(), {}))

    async def scenario(engine):
        first = engine.submit("a", 0, ["x"])
        engine.submit("b", 0, ["y"])
        await engine.clock.sleep(1)
        engine.cancel("a", first)

    history = run_engine(demo, scenario, durations=Durations(3.0))
    assert _msgs(history, "a", "process_completed")[0]["output"] == {}
    assert finished == ["x", "y"]
    assert [(t, e) for t, e in _starts(history)] == [(0.0, "e1"), (3.0, "e2")]  # the slot was held


def test_only_the_owning_session_can_cancel() -> None:
    """LISTENER.CANCELS.OWNER -- decision: a session can cancel only its own jobs."""
    demo = _app((echo, {}))
    results = []

    async def scenario(engine):
        event_id = engine.submit("owner", 0, ["x"])
        results.append(engine.cancel("intruder", event_id))

    history = run_engine(demo, scenario, durations=Durations(1.0))
    assert results == [False]
    assert _msgs(history, "owner", "process_completed")[0]["output"]["data"] == ["x"]


def test_concurrency_limit() -> None:
    """LISTENER.CONCURRENCY_LIMIT -- "If set, this is the maximum number of this event that can
    be running simultaneously. Can be set to None to mean no concurrency_limit (any number of
    this event can be running simultaneously)."
    """

    async def scenario(engine):
        for i in range(5):
            engine.submit(f"s{i}", 0, [str(i)])

    two = run_engine(_app((echo, {"concurrency_limit": 2})), scenario, durations=Durations(1.0))
    unlimited = run_engine(_app((echo, {"concurrency_limit": None})), scenario, durations=Durations(1.0))
    assert [t for t, _ in _starts(two)] == [0, 0, 1, 1, 2]
    assert [t for t, _ in _starts(unlimited)] == [0, 0, 0, 0, 0]


def test_concurrency_limit_default() -> None:
    """LISTENER.CONCURRENCY_LIMIT.DEFAULT -- "Set to "default" to use the default concurrency
    limit (defined by the default_concurrency_limit parameter in Blocks.queue(), which itself
    is 1 by default)."
    """
    demo = _app((echo, {"concurrency_limit": "default"}), queue={"default_concurrency_limit": 2})

    async def scenario(engine):
        for i in range(3):
            engine.submit(f"s{i}", 0, [str(i)])

    assert [t for t, _ in _starts(run_engine(demo, scenario, durations=Durations(1.0)))] == [0, 0, 1]


def test_concurrency_id_shares_the_lowest_limit() -> None:
    """LISTENER.CONCURRENCY_ID -- "If set, this is the id of the concurrency group. Events with
    the same concurrency_id will be limited by the lowest set concurrency_limit."
    """
    demo = _app(
        (echo, {"concurrency_limit": 3, "concurrency_id": "gpu"}),
        (lambda x: x, {"concurrency_limit": 1, "concurrency_id": "gpu"}),
    )

    async def scenario(engine):
        for i in range(4):
            engine.submit(f"s{i}", i % 2, [str(i)])

    assert [t for t, _ in _starts(run_engine(demo, scenario, durations=Durations(1.0)))] == [0, 1, 2, 3]


def test_unload_runs_once_when_the_session_ends() -> None:
    """UNLOAD -- "This listener is triggered when the user closes or refreshes the tab, ending
    the user session."

    The session's waiting and running jobs end (each with one terminal message); unload
    functions run once, however often the close is reported.
    """
    closed = []
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(echo, box, box)
        demo.unload(lambda: closed.append("bye"))

    async def scenario(engine):
        engine.submit("s", 0, ["a"])
        engine.submit("s", 0, ["b"])
        await engine.clock.sleep(0.5)
        assert engine.close_session("s")
        assert not engine.close_session("s")

    history = run_engine(demo, scenario, durations=Durations(1.0))
    assert closed == ["bye"]
    assert len(_msgs(history, "s", "process_completed")) == 2
    assert [r.name for r in history if r.kind == "unload"] == ["start", "end"]


def test_show_error_controls_what_a_failure_says() -> None:
    """LAUNCH.SHOW_ERROR -- "If True, any errors in the gradio app will be displayed in an alert
    modal and printed in the browser console log"; a gr.Error always shows its message."""

    def fails(x):
        raise ValueError("internal detail")

    def refuses(x):
        raise gr.Error("Try a shorter name", duration=3, title="Too long")

    async def scenario(engine):
        engine.submit("s", 0, ["x"])
        engine.submit("s", 1, ["x"])

    quiet = run_engine(_app((fails, {}), (refuses, {})), scenario)
    loud = run_engine(_app((fails, {}), (refuses, {}), launch={"show_error": True}), scenario)
    assert [(m["output"], m["title"]) for m in _msgs(quiet, "s", "process_completed")] == [
        ({"error": None}, "Error"),
        ({"error": "Try a shorter name", "duration": 3, "visible": True, "title": "Too long"}, "Too long"),
    ]
    assert _msgs(loud, "s", "process_completed")[0]["output"] == {"error": "internal detail", "visible": True}


def test_state_session_capacity_evicts_the_least_recently_used() -> None:
    """LAUNCH.STATE_SESSION_CAPACITY -- "The maximum number of sessions whose information to
    store in memory. If the number of sessions exceeds this number, the oldest sessions will
    be removed."
    """
    with gr.Blocks() as demo:
        count = gr.State(0)
        gr.Button().click(lambda n: (n + 1, n + 1), count, [count, gr.Number()])
    _launched(demo, state_session_capacity=2)

    async def scenario(engine):
        for session in ("a", "a", "b", "c", "a", "b"):
            engine.submit(session, 0, [None])
            await engine.clock.sleep(1)

    history = run_engine(demo, scenario)
    counts = {s: [m["output"]["data"][1] for m in _msgs(history, s, "process_completed")] for s in "abc"}
    assert counts == {"a": [1, 2, 1], "b": [1, 1], "c": [1]}  # a lost its state when c arrived


def test_max_threads_caps_everything_running() -> None:
    """LAUNCH.MAX_THREADS -- "the maximum number of total threads that the Gradio app can
    generate in parallel."

    Decision: the cap counts running queued jobs across all groups, as Gradio's worker slots do.
    """
    demo = _app(
        (echo, {"concurrency_limit": None}),
        (lambda x: x, {"concurrency_limit": None}),
        launch={"max_threads": 2},
    )

    async def scenario(engine):
        for i in range(4):
            engine.submit(f"s{i}", i % 2, [str(i)])

    assert [t for t, _ in _starts(run_engine(demo, scenario, durations=Durations(1.0)))] == [0, 0, 1, 1]


def test_state_is_per_session_and_starts_from_a_copy() -> None:
    """STATE.SESSION -- each session starts from a deep copy of a State's value."""
    with gr.Blocks() as demo:
        items = gr.State([])
        box = gr.Textbox()
        box.submit(lambda x, xs: (xs + [x], len(xs) + 1), [box, items], [items, gr.Number()])

    async def scenario(engine):
        for session, value in (("a", "1"), ("a", "2"), ("b", "3")):
            engine.submit(session, 0, [value, None])
            await engine.clock.sleep(1)

    history = run_engine(demo, scenario)
    assert [m["output"]["data"][1] for m in _msgs(history, "a", "process_completed")] == [1, 2]
    assert [m["output"]["data"][1] for m in _msgs(history, "b", "process_completed")] == [1]
    assert _msgs(history, "a", "process_completed")[0]["output"]["changed_state_ids"] == [items.id]


def test_progress_messages() -> None:
    """PROGRESS -- a gr.Progress tracker produces progress messages."""

    def work(x, progress=gr.Progress()):  # noqa: B008
        for _ in progress.tqdm(range(3), desc="working"):
            pass
        return x

    demo = _app((work, {}))

    async def scenario(engine):
        engine.submit("s", 0, ["x"])

    progress = _msgs(run_engine(demo, scenario), "s", "progress")
    assert [p["progress_data"][0]["index"] for p in progress] == [0, 1, 2, 3]
    assert progress[0]["progress_data"][0] == {
        "index": 0,
        "length": 3,
        "unit": "steps",
        "progress": None,
        "desc": "working",
    }


def test_generator_messages_are_full_then_diffs() -> None:
    """GENERATOR.DIFFS -- process_generating per yield: the first carries full values, later
    ones the edits to apply; process_completed carries the final full value."""

    def grow(x):
        text = ""
        for i in range(3):
            text += f"{x}{i} "
            yield text

    demo = _app((grow, {}))

    async def scenario(engine):
        engine.submit("s", 0, ["a"])

    history = run_engine(demo, scenario)
    generating = [m["output"]["data"] for m in _msgs(history, "s", "process_generating")]
    assert generating == [["a0 "], [[["append", [], "a1 "]]], [[["append", [], "a2 "]]]]
    assert _msgs(history, "s", "process_completed")[0]["output"]["data"] == ["a0 a1 a2 "]


def test_delete_cache_deletes_old_files_and_everything_at_shutdown(tmp_path) -> None:
    """BLOCKS.DELETE_CACHE -- "Every frequency seconds, the temporary files created by this
    Blocks instance will be deleted if more than age seconds have passed since the file was
    created." ... "The cache will be deleted entirely when the server restarts."
    """
    from blockspec._files import FileStore

    with gr.Blocks(delete_cache=(10, 15)) as demo:
        box = gr.Textbox()
        box.submit(lambda x: x.encode(), box, gr.File())
    store = FileStore(tmp_path)
    paths = {}

    async def scenario(engine):
        engine.submit("s", 0, ["early"])
        await engine.clock.sleep(12)
        engine.submit("s", 0, ["later"])
        await engine.clock.sleep(0.1)
        paths["both"] = sorted(p.name for p in tmp_path.rglob("file"))
        await engine.clock.sleep(10)  # t=22.1: the sweep at t=20 deleted the t=0 file only
        paths["at 22"] = len(list(tmp_path.rglob("file")))

    history = run_engine(demo, scenario, files=store, settle=None)
    assert paths == {"both": ["file", "file"], "at 22": 1}
    assert list(tmp_path.rglob("file")) == []  # shutdown deleted the rest
    assert [r.t for r in history if r.kind == "file"] == [20.0, 22.1]


def test_cancelling_by_dependency_ends_the_sessions_own_jobs_of_it() -> None:
    """CANCEL.BY_DEPENDENCY -- Gradio's /cancel ends every job of a session and function; the
    engine offers the same, limited to the session's own jobs."""
    demo = _app((echo, {}), (lambda x: x, {}))

    async def scenario(engine):
        for value in ("a", "b", "c"):
            engine.submit("s", 0, [value])
        engine.submit("other", 0, ["x"])
        engine.submit("s", 1, ["kept"])
        assert engine.cancel_dependency("s", 0) == ["e1", "e2", "e3"]
        assert engine.cancel_dependency("nobody", 0) == []

    history = run_engine(demo, scenario, durations=Durations(1.0))
    ended = {r.event_id: r.state for r in history if r.kind == "job" and r.state in ("completed", "cancelled")}
    assert ended == {"e1": "cancelled", "e2": "cancelled", "e3": "cancelled", "e4": "completed", "e5": "completed"}


def test_info_and_warning_become_log_messages() -> None:
    """LOG -- gr.Info and gr.Warning inside a function reach its client as log messages."""

    def careful(x):
        gr.Warning("careful")
        gr.Info("fyi", duration=3)
        return x

    demo = _app((careful, {}))

    async def scenario(engine):
        engine.submit("s", 0, ["x"])

    logs = _msgs(run_engine(demo, scenario), "s", "log")
    assert logs == [
        {
            "msg": "log",
            "event_id": "e1",
            "log": "careful",
            "level": "warning",
            "duration": 10.0,
            "visible": True,
            "title": "Warning",
        },
        {
            "msg": "log",
            "event_id": "e1",
            "log": "fyi",
            "level": "info",
            "duration": 3.0,
            "visible": True,
            "title": "Info",
        },
    ]
    assert gr.Info("outside a job") is None  # a plain call outside the engine does nothing
