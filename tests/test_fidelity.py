"""Behaviours Gradio 4.44.1's own test suite found blockspec getting wrong (issue 8, item 6).

Each test names the place in Gradio 4.44.1's source (the installed wheel) that it follows.
Timing is virtual: the State expiry tests run in the simulator and wait for nothing.
"""

from __future__ import annotations

import datetime
import importlib.util
import json

import pytest

import blockspec as gr
from blockspec.frontend import json_equal
from blockspec.sim import Simulation

# ---------------------------------------------------------------------------------------
# 1. State(time_to_live=...) expires on the engine clock
# ---------------------------------------------------------------------------------------


def _ttl_app(deleted: list, ttl: float = 2):
    """`bump` adds one to a State with a time to live and shows it; `show` only reads it."""
    with gr.Blocks() as demo:
        count = gr.State(0, time_to_live=ttl, delete_callback=deleted.append)
        shown = gr.Number(elem_id="shown")
        gr.Button("bump").click(lambda n: (n + 1, n + 1), count, [count, shown])
        gr.Button("show").click(lambda n: n, count, shown)
    return demo


def test_state_expires_after_time_to_live_and_calls_delete_callback() -> None:
    """STATE.TIME_TO_LIVE -- "The number of seconds the state should be stored for after it is
    created or updated."

    Decision (as Gradio 4.44.1, state_holder.py:122-137 and route_utils.py:857-861): a sweep
    once a second drops a value whose whole seconds since its last write exceed
    time_to_live, calling delete_callback with it; the next read sees the initial value.
    """
    deleted: list = []
    with Simulation(_ttl_app(deleted, ttl=2)) as sim:
        user = sim.client("u")
        user.click("bump")
        user.click("bump")
        sim.run_until_idle()
        assert user.value("shown") == 2
        written = sim.now
        sim.run(until=written + 2.5)  # 2 whole seconds: not more than time_to_live
        assert deleted == []
        sim.run(until=written + 3.5)
        assert deleted == [2]
        expired = sim.trace.of("session", "state_expired")
        assert [r.t for r in expired] == [written + 3]  # the first whole-second sweep past 2 s
        user.click("show")
        sim.run_until_idle()
        assert user.value("shown") == 0  # the initial value again


def test_expiry_counts_whole_seconds_as_gradio() -> None:
    """Gradio compares ``timedelta.seconds`` (whole seconds) with time_to_live: a value
    written at 0.5 with time_to_live=2 is still there at the sweep of t=3 (2.5 s, 2 whole
    seconds) and goes at the sweep of t=4."""
    deleted: list = []
    with Simulation(_ttl_app(deleted, ttl=2)) as sim:
        user = sim.client("u")
        sim.run(until=0.5)
        user.click("bump")
        sim.run_until_idle()
        assert sim.now == 0.5
        sim.run(until=3.9)
        assert deleted == []
        sim.run(until=4)
        assert deleted == [1]
        assert [r.t for r in sim.trace.of("session", "state_expired")] == [4.0]


def test_each_write_restarts_the_time_to_live() -> None:
    """STATE.TIME_TO_LIVE.WRITE -- "after it is created or updated": every write restarts it."""
    deleted: list = []
    with Simulation(_ttl_app(deleted, ttl=2)) as sim:
        user = sim.client("u")
        for _ in range(5):
            user.click("bump")
            sim.run(until=sim.now + 2)  # each write comes before the last one expires
        assert deleted == []
        assert user.value("shown") == 5
        sim.run(until=sim.now + 5)
        assert deleted == [5]


def test_a_state_only_read_never_expires() -> None:
    """STATE.TIME_TO_LIVE.READ -- reading the initial value is no write (Gradio times a value
    from its first write, state_holder.py:91-95), so nothing expires and no sweep runs."""
    deleted: list = []
    with Simulation(_ttl_app(deleted, ttl=1)) as sim:
        user = sim.client("u")
        user.click("show")
        sim.run(until=sim.now + 30)
        assert deleted == []
        assert sim.trace.of("session", "state_expired") == []


def test_time_to_live_is_per_session() -> None:
    deleted: list = []
    with Simulation(_ttl_app(deleted, ttl=3)) as sim:
        early, late = sim.client("early"), sim.client("late")
        early.click("bump")
        sim.run(until=sim.now + 2)
        late.click("bump")
        late.click("bump")
        sim.run(until=sim.now + 2.5)  # early's value is past 3 whole seconds, late's is not
        assert deleted == [1]
        sim.run(until=sim.now + 5)
        assert deleted == [1, 2]


# ---------------------------------------------------------------------------------------
# 2. A returned component update changes later pre/postprocessing, per session
# ---------------------------------------------------------------------------------------


def _dropdown_app():
    with gr.Blocks() as demo:
        choice = gr.Dropdown(["a", "b", "c"], elem_id="choice")
        gr.Button("multi").click(lambda: gr.Dropdown(multiselect=True), None, choice)
        gr.Button("pick").click(lambda: "a", None, choice)
        echoed = gr.JSON(elem_id="echoed")
        gr.Button("echo").click(lambda x: x, choice, echoed)
    return demo


def test_a_dropdown_switched_to_multiselect_postprocesses_lists_for_that_session_only() -> None:
    """UPDATE.SESSION_COPY -- Gradio 4.44.1 rebuilds an updated component for the session
    (blocks.py:1746-1754) and postprocesses later values with it (blocks.py:1765-1768):
    after gr.Dropdown(multiselect=True), a returned "a" reaches the client as ["a"]."""
    with Simulation(_dropdown_app()) as sim:
        switched, other = sim.client("switched"), sim.client("other")
        switched.click("multi")
        sim.run_until_idle()
        switched.click("pick")
        other.click("pick")
        sim.run_until_idle()
        assert switched.value("choice") == ["a"]
        assert other.value("choice") == "a"
        # Inputs are preprocessed by the session's copy too: a list is a multiselect's value.
        switched.fill("choice", ["a", "b"])
        switched.click("echo")
        sim.run_until_idle()
        assert switched.value("echoed") == ["a", "b"]


def test_a_number_whose_precision_is_updated_rounds_later_outputs() -> None:
    with gr.Blocks() as demo:
        number = gr.Number(elem_id="number")
        gr.Button("precise").click(lambda: gr.update(precision=2, value=3.14159), None, number)
        gr.Button("e").click(lambda: 2.71828, None, number)
    with Simulation(demo) as sim:
        user, fresh = sim.client("u"), sim.client("fresh")
        user.click("e")
        sim.run_until_idle()
        assert user.value("number") == 2.71828
        user.click("precise")
        sim.run_until_idle()
        assert user.value("number") == 3.14
        user.click("e")
        fresh.click("e")
        sim.run_until_idle()
        assert user.value("number") == 2.72
        assert fresh.value("number") == 2.71828


def test_an_update_sends_properties_as_the_session_copy_holds_them() -> None:
    """As Gradio's postprocess_update_dict (blocks.py:606-628): choices go out as pairs, and
    the update keeps earlier updates' properties for the next rebuild."""
    with gr.Blocks() as demo:
        choice = gr.Dropdown(["a"], elem_id="choice")
        btn = gr.Button("go")
        btn.click(lambda: gr.update(choices=["x", "y"]), None, choice).then(
            lambda: gr.update(multiselect=True, value="x"), None, choice
        )
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.click("go")
        sim.run_until_idle()
        sent = [m for m in user.messages if m.get("msg") == "process_completed"]
        first, second = (m["output"]["data"][0] for m in sent)
        assert first == {"__type__": "update", "choices": [["x", "x"], ["y", "y"]]}
        assert second == {"__type__": "update", "multiselect": True, "value": ["x"]}


def test_an_update_that_makes_an_invalid_component_fails_the_job_with_the_reason() -> None:
    with gr.Blocks() as demo:
        number = gr.Number(maximum=10, elem_id="number")
        gr.Button("go").click(lambda: gr.update(minimum=20), None, number)
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.click("go")
        sim.run_until_idle()
        assert len(user.errors) == 1
        failed = sim.trace.of("job", "raise")
        assert "Number(minimum)" in failed[0].detail


# ---------------------------------------------------------------------------------------
# 3. Listeners outside the Blocks context
# ---------------------------------------------------------------------------------------


def _closed_app():
    with gr.Blocks() as demo:
        btn = gr.Button()
        box = gr.Textbox()
        dep = btn.click(lambda: "x", None, box)
    return demo, btn, box, dep


@pytest.mark.parametrize(
    "define, name",
    [
        (lambda demo, btn, box, dep: btn.click(lambda: "y", None, box), "click"),
        (lambda demo, btn, box, dep: btn.click(inputs=None, outputs=box)(lambda: "y"), "click"),
        (lambda demo, btn, box, dep: demo.load(lambda: "y", None, box), "load"),
        (lambda demo, btn, box, dep: dep.then(lambda: "y", None, box), "then"),
        (lambda demo, btn, box, dep: dep.success(lambda: "y", None, box), "success"),
        (lambda demo, btn, box, dep: gr.on([btn.click], lambda: "y", None, box), "on"),
    ],
)
def test_a_listener_after_the_with_block_is_refused_naming_the_fix(define, name) -> None:
    """DEFINE.CONTEXT -- Gradio 4.44.1 raises AttributeError("Cannot call click outside of a
    gradio.Blocks context.") (events.py:496-500, 671-673); so do we, with the fix."""
    demo, btn, box, dep = _closed_app()
    before = len(demo.graph.dependencies)
    with pytest.raises(gr.DefinitionContextError, match=r"outside a `with gr\.Blocks\(\)` block") as info:
        define(demo, btn, box, dep)
    assert isinstance(info.value, AttributeError)
    assert f"Cannot call {name}" in str(info.value)
    assert "with demo:" in info.value.fix
    assert len(demo.graph.dependencies) == before


def test_reopening_the_app_and_unload_outside_stay_accepted() -> None:
    """`with demo:` again is the documented way to add listeners later; `demo.unload(fn)`
    outside the block is accepted by Gradio 4.44.1 (it registers directly, blocks.py:1322)."""
    demo, btn, box, dep = _closed_app()
    with demo:
        btn.click(lambda: "y", None, box)
        dep.then(lambda: "z", None, box)
    demo.unload(lambda: None)
    roles = [d.role for d in demo.graph.dependencies]
    assert len(roles) == 4
    assert roles[-1] == "unload"


# ---------------------------------------------------------------------------------------
# 4. batch=True with queue=False
# ---------------------------------------------------------------------------------------


def test_batch_without_the_queue_is_refused_at_definition() -> None:
    """DEFINE.BATCH_QUEUE -- Gradio 4.44.1 refuses it at launch ("In order to use batching, the
    queue must be enabled.", blocks.py:2163); we refuse it on the listener's line."""
    with gr.Blocks() as demo:
        box = gr.Textbox()
        with pytest.raises(gr.DefinitionError, match="queue=False") as info:
            box.submit(lambda xs: (xs,), box, box, batch=True, queue=False)
        assert info.value.parameter == "batch"
        box.submit(lambda xs: (xs,), box, box, batch=True)  # queued: fine
        box.submit(lambda x: x, box, box, queue=False)
    assert len(demo.graph.dependencies) == 2


# ---------------------------------------------------------------------------------------
# 5. Number(precision=None) keeps ints
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "precision, value, expected",
    [
        (None, 3, 3),
        (None, 3.5, 3.5),
        (None, "4", 4),
        (0, 2.6, 3),
        (2, 3, 3),
        (2, 3.14159, 3.14),
    ],
)
def test_number_rounds_as_gradio(precision, value, expected) -> None:
    """NUMBER.PRECISION -- components/number.py:96-113: None leaves a number as it is (an int
    stays an int), 0 makes an int, k rounds to k places."""
    with gr.Blocks():
        number = gr.Number(precision=precision)
    for converted in (number.postprocess(value), number.preprocess(value)):
        assert converted == expected
        assert type(converted) is type(expected)


def test_an_int_reaches_the_client_as_an_int() -> None:
    with gr.Blocks() as demo:
        number = gr.Number(elem_id="n")
        gr.Button("go").click(lambda: 7, None, number)
    assert demo.get_config()["components"][0]["props"].get("value") is None
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.click("go")
        sim.run_until_idle()
        assert json.dumps(user.value("n")) == "7"


# ---------------------------------------------------------------------------------------
# 6. Non-JSON values in a stand-in never crash the frontend or the engine
# ---------------------------------------------------------------------------------------


class _Opaque:
    """A value with no JSON form (and an equality that is no bool, like numpy's)."""

    def __eq__(self, other):
        raise ValueError("ambiguous")

    __hash__ = object.__hash__


def _gallery_app(fn):
    with gr.compat.as_gradio():
        import gradio  # noqa: PLC0415 -- the stand-in comes through the compatibility module

        with pytest.warns(gr.BlockspecWarning):
            with gradio.Blocks() as demo:
                gallery = gradio.ParamViewer(elem_id="gallery")  # a stand-in that passes JSON through
                gallery.change(lambda v: "changed", gallery, gradio.Textbox(elem_id="said"))
                gradio.Button("go").click(fn, None, gallery)
    return demo


def test_a_non_json_value_in_a_stand_in_fails_the_job_naming_the_component() -> None:
    demo = _gallery_app(lambda: [_Opaque()])
    with Simulation(demo) as sim:
        user = sim.client("u")
        before = user.value("gallery")
        user.click("go")
        sim.run_until_idle()
        assert user.value("gallery") == before  # the failed job changed nothing on the page
        [error] = user.errors
        failed = sim.trace.of("job", "raise")
        assert "ParamViewer" in failed[0].detail and "_Opaque" in failed[0].detail
        assert sim.check() == []
    assert error["title"] == "Error"


def test_stand_in_values_gradio_would_convert_are_converted() -> None:
    moment = datetime.datetime(2024, 5, 1, 12, 30, 5)
    demo = _gallery_app(lambda: [(b"\x89PNG-bytes", "caption"), {"when": moment}])
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.click("go")
        sim.run_until_idle()
        assert user.errors == []
        first, second = user.value("gallery")
        assert first[0]["meta"] == {"_type": "gradio.FileData"}
        with open(first[0]["path"], "rb") as stored:
            assert stored.read() == b"\x89PNG-bytes"
        assert first[1] == "caption"
        assert second == {"when": "2024-05-01 12:30:05"}
        assert user.value("said") == "changed"


def test_numpy_values_in_a_stand_in_never_crash_the_frontend() -> None:
    """Image arrays go out as image files (as Gradio's Gallery sends them, FileData), numpy
    numbers as numbers; an array that is no image fails the job, naming the component."""
    numpy = pytest.importorskip("numpy")
    images = [numpy.zeros((2, 3, 3), dtype=numpy.uint8), numpy.ones((2, 3), dtype=numpy.float64)]
    demo = _gallery_app(lambda: [images[0], (images[1], numpy.float32(0.5))])
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.click("go")
        user.click("go")
        sim.run_until_idle()
        assert sim.check() == []
        assert user.errors == []
        first, (second, number) = user.value("gallery")
        assert [first["meta"], second["meta"]] == [{"_type": "gradio.FileData"}] * 2
        assert number == 0.5
        for item, mode in ((first, "RGB"), (second, "L")):
            with open(item["path"], "rb") as stored:
                png = stored.read()
            assert png[:8] == b"\x89PNG\r\n\x1a\n"
            assert png[16:24] == (3).to_bytes(4, "big") + (2).to_bytes(4, "big")  # width 3, height 2
            if importlib.util.find_spec("PIL") is not None:
                from PIL import Image

                with Image.open(item["path"]) as opened:
                    assert opened.mode == mode
                    assert opened.getpixel((0, 0)) == ((0, 0, 0) if mode == "RGB" else 255)
    # Arrays set through the simulator's API compare without raising (numpy's == is no bool).
    assert json_equal(images[0], images[0]) is True
    assert json_equal(images[0], images[0].copy()) is False


def test_an_array_that_is_no_image_fails_the_job_naming_the_component() -> None:
    numpy = pytest.importorskip("numpy")
    with Simulation(_gallery_app(lambda: [numpy.zeros(5)])) as sim:
        user = sim.client("u")
        user.click("go")
        sim.run_until_idle()
        assert len(user.errors) == 1
        detail = sim.trace.of("job", "raise")[0].detail
        assert "ParamViewer" in detail and "not an image" in detail


def test_the_frontend_comparison_takes_values_whose_equality_is_no_bool() -> None:
    """Values set from the simulator's API are not from the wire: comparing them never raises."""
    opaque = _Opaque()
    assert json_equal(opaque, opaque) is True
    assert json_equal(_Opaque(), _Opaque()) is False
    assert json_equal([1, {"a": 2}], [1, {"a": 2}]) is True
    assert json_equal(1, 1.0) is False


def test_outputs_without_postprocessing_go_out_as_gradios_stream_writes_them() -> None:
    """With postprocess=False a value reaches the client as Gradio's event stream encodes it
    (routes.py:919, orjson with default=str): a datetime as ISO text, NaN as null, anything
    else as its str(). Every message stays JSON."""
    moment = datetime.datetime(2024, 5, 1, 12, 30, 5)
    with gr.Blocks() as demo:
        shown = gr.JSON(elem_id="shown")
        gr.Button("go").click(
            lambda: {"when": moment, "nan": float("nan"), "thing": _Named(), 3: (1, 2)},
            None,
            shown,
            postprocess=False,
        )
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.click("go")
        sim.run_until_idle()
        assert user.errors == []
        assert user.value("shown") == {"when": "2024-05-01T12:30:05", "nan": None, "thing": "named", "3": [1, 2]}
        for message in user.messages:
            json.dumps(message, allow_nan=False)


class _Named:
    def __str__(self) -> str:
        return "named"


def test_updating_a_clear_button_keeps_it_working() -> None:
    """A copy made while the app runs carries properties only: a ClearButton's components
    (which add listeners at definition) are no part of it."""
    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        clear = gr.ClearButton([box], elem_id="clear")
        gr.Button("hide").click(lambda: gr.update(visible=False), None, clear)
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.click("hide")
        sim.run_until_idle()
        assert user.errors == []
        assert user.props("clear")["visible"] is False


def test_an_update_dict_for_a_state_is_no_write() -> None:
    """Gradio 4.44.1 stores a State output only if it is not an update (blocks.py:1731-1733):
    gr.update(value=...) leaves the State, and its time to live, as they were."""
    deleted: list = []
    with gr.Blocks() as demo:
        count = gr.State(1, time_to_live=2, delete_callback=deleted.append)
        shown = gr.Number(elem_id="shown")
        gr.Button("set").click(lambda: 7, None, count)
        gr.Button("update").click(lambda: gr.update(value=99), None, count)
        gr.Button("show").click(lambda n: n, count, shown)
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.click("set")
        sim.run(until=1.5)
        user.click("update")
        user.click("show")
        sim.run_until_idle()
        assert user.value("shown") == 7
        changed = [m["output"].get("changed_state_ids") for m in user.messages if m.get("msg") == "process_completed"]
        assert changed == [[count.id], [], []]
        sim.run(until=3.5)  # expires 3 whole seconds after the write at 0, the update restarted nothing
        assert deleted == [7]


def test_an_update_dict_drops_properties_given_as_none_but_the_value() -> None:
    """As Gradio 4.44.1 (blocks.py:1737-1742, utils.delete_none): gr.update(label=None)
    leaves the label alone; gr.update(value=None) still clears the value."""
    with gr.Blocks() as demo:
        box = gr.Textbox("hello", label="Name", elem_id="box")
        gr.Button("go").click(lambda: gr.update(label=None, visible=False, value=None), None, box)
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.click("go")
        sim.run_until_idle()
        [sent] = [m["output"]["data"][0] for m in user.messages if m.get("msg") == "process_completed"]
        assert sent == {"__type__": "update", "visible": False, "value": None}
        # the value was cleared: the page's Textbox holds a null as "" (README, the browser's values)
        assert user.value("box") == ""
