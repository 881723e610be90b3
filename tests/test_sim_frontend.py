"""The reference frontend in the simulator: the browser's half of the semantics.

Every test runs on the virtual clock; "seconds" below are virtual.
"""

from __future__ import annotations

import blockspec as gr
from blockspec.sim import Simulation


def _dispatches(sim: Simulation, name: str) -> list[tuple[float, int]]:
    return [(r.t, r.dep_id) for r in sim.trace.of("client", name)]


def _app_with_slow_listener(trigger_mode: str | None, event: str = "submit") -> tuple[gr.Blocks, list[str]]:
    calls: list[str] = []

    def slow(text):
        calls.append(text)
        return text.upper()

    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        out = gr.Textbox(elem_id="out")
        getattr(box, event)(slow, box, out, trigger_mode=trigger_mode, concurrency_limit=None)
    return demo, calls


def test_trigger_mode_once_drops_triggers_while_pending() -> None:
    demo, calls = _app_with_slow_listener("once")
    with Simulation(demo, durations={"slow": 2.0}) as sim:
        user = sim.client("u")
        user.fill("box", "a").submit("box")
        sim.run(until=1)
        user.fill("box", "b").submit("box")
        sim.run_until_idle()
        assert calls == ["a"]
        assert user.value("out") == "A"
        assert len(_dispatches(sim, "dropped")) == 1


def test_trigger_mode_multiple_submits_every_trigger() -> None:
    demo, calls = _app_with_slow_listener("multiple")
    with Simulation(demo, durations={"slow": 2.0}) as sim:
        user = sim.client("u")
        user.fill("box", "a").submit("box")
        sim.run(until=1)
        user.fill("box", "b").submit("box")
        sim.run_until_idle()
        assert calls == ["a", "b"]
        assert user.value("out") == "B"


def test_trigger_mode_always_last_reruns_once_with_the_latest_values() -> None:
    demo, calls = _app_with_slow_listener(None, event="change")  # .change defaults to always_last
    assert demo.dependencies[0].trigger_mode == "always_last"
    with Simulation(demo, durations={"slow": 2.0}) as sim:
        user = sim.client("u")
        for t, text in ((0, "a"), (0.5, "ab"), (1.0, "abc"), (1.5, "abcd")):
            sim.run(until=t)
            user.set("box", text)
        sim.run_until_idle()
        assert calls == ["a", "abcd"]  # three triggers while pending became one rerun
        assert user.value("out") == "ABCD"
        assert len(_dispatches(sim, "deferred")) == 3


def test_change_cascades_and_an_equal_value_fires_nothing() -> None:
    ran = []
    with gr.Blocks() as demo:
        a, b, c = gr.Textbox(elem_id="a"), gr.Textbox(elem_id="b"), gr.Textbox(elem_id="c")
        a.change(lambda x: ran.append("a->b") or x.strip(), a, b)
        b.change(lambda x: ran.append("b->c") or len(x), b, c)
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.set("a", "hi")
        assert (user.value("b"), user.value("c")) == ("hi", "2")
        user.set("a", "hi  ")  # b's new value equals its old one: no cascade to c
        assert ran == ["a->b", "b->c", "a->b"]
        cascades = [r.payload["block"] for r in sim.trace.of("client", "cascade")]
        assert cascades == [b.id]  # c has no .change listener: nothing to cascade to


def test_a_change_cycle_is_stopped_and_reported() -> None:
    with gr.Blocks() as demo:
        a, b = gr.Number(elem_id="a"), gr.Number(elem_id="b")
        a.change(lambda x: (x or 0) + 1, a, b)
        b.change(lambda x: (x or 0) + 1, b, a)
    with Simulation(demo, max_cascade=10) as sim:
        user = sim.client("u")
        user.set("a", 1)
        sim.run_until_idle()
        assert len(sim.trace.of("client", "cycle")) == 1
        assert user.errors[-1]["title"] == "Cycle"
        assert len(sim.trace.of("client", "cascade")) == 10


def test_then_runs_after_any_end_and_success_only_after_success() -> None:
    log = []

    def work(x):
        if x == "bad":
            raise gr.Error("no")
        return x

    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        step = box.submit(work, box, box)
        step.then(lambda: log.append("then"), None, None)
        step.success(lambda: log.append("success"), None, None)
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.fill("box", "good").submit("box")
        user.fill("box", "bad").submit("box")
        sim.run_until_idle()
        assert log == ["then", "success", "then"]
        assert user.errors == [{"dep_id": 0, "title": "Error", "message": "no"}]


def test_a_refused_submission_shows_its_error_and_runs_then_but_not_success() -> None:
    log = []

    def slow(x):
        return x

    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        step = box.submit(slow, box, box)
        # Outside the queue: a full queue would turn these away too.
        step.then(lambda: log.append("then"), None, None, queue=False)
        step.success(lambda: log.append("success"), None, None, queue=False)
    demo.queue(max_size=1)
    with Simulation(demo, durations={"slow": 2.0}) as sim:
        users = [sim.client(name) for name in ("a", "b", "c")]
        for user in users:
            user.fill("box", user.name).submit("box")
        sim.run(until=1)
        # a runs, b waits in the one-place queue, c is turned away at once
        assert log == ["then"]
        assert [len(user.errors) for user in users] == [0, 0, 1]
        assert users[2].errors[0]["message"].startswith("Queue is full")
        sim.run_until_idle()
        assert log == ["then", "then", "success", "then", "success"]
        assert len(sim.trace.of("client", "refused")) == 1


def test_cancel_from_a_button_ends_the_generator_and_runs_then() -> None:
    produced, after = [], []

    def count():
        for i in range(10):
            produced.append(i)
            yield str(i)

    with gr.Blocks() as demo:
        start, stop, out = gr.Button("start"), gr.Button("stop"), gr.Textbox(elem_id="out")
        running = start.click(count, None, out)
        running.then(lambda: after.append("then"), None, None)
        stop.click(None, cancels=[running])
    with Simulation(demo, durations={"count": 1.0}) as sim:
        user = sim.client("u")
        user.click(start)
        sim.run(until=2.5)
        user.click(stop)
        sim.run_until_idle()
        assert user.value("out") == "1"
        assert produced == [0, 1, 2]
        assert after == ["then"]
        assert sim.check() == []


def test_close_runs_unload_once_and_stops_timers() -> None:
    unloads = []
    with gr.Blocks() as demo:
        count = gr.Number(elem_id="count", value=0)
        demo.load(lambda n: n + 1, count, count, every=1)
        demo.unload(lambda: unloads.append("bye"))
    with Simulation(demo) as sim:
        user = sim.client("u")
        sim.run(until=3.5)
        user.close()
        sim.run(until=10)
        assert unloads == ["bye"]
        assert user.value("count") == 3
        assert [r.t for r in sim.trace.of("client", "tick")] == [1.0, 2.0, 3.0]


def test_state_is_isolated_between_clients() -> None:
    with gr.Blocks() as demo:
        items = gr.State([])
        box, shown = gr.Textbox(elem_id="box"), gr.JSON(elem_id="shown")
        box.submit(lambda x, xs: (xs + [x], xs + [x]), [box, items], [items, shown])
    with Simulation(demo) as sim:
        ana, ben = sim.client("ana"), sim.client("ben")
        ana.fill("box", "a1").submit("box")
        ben.fill("box", "b1").submit("box")
        ana.fill("box", "a2").submit("box")
        sim.run_until_idle()
        assert ana.value("shown") == ["a1", "a2"]
        assert ben.value("shown") == ["b1"]
        ana.reconnect()  # a new session starts from the initial State
        ana.fill("box", "a3").submit("box")
        sim.run_until_idle()
        assert ana.value("shown") == ["a3"]


def test_js_only_listeners_are_skipped_unless_given_a_stand_in() -> None:
    with gr.Blocks() as demo:
        box, out = gr.Textbox(elem_id="box"), gr.Textbox(elem_id="out")
        box.submit(None, box, out, js="(x) => x.toUpperCase()")
        clear = gr.ClearButton([box, out])
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.fill("box", "hey").submit("box")
        assert user.value("out") == ""  # untouched: a Textbox holds ""
        assert len(sim.trace.of("client", "js_skipped")) == 1
        user.click(clear)  # ClearButton's js returns a constant, understood without JS
        # ClearButton's constant is null; a Textbox turns null into "" as it arrives.
        assert (user.value("box"), user.value("out")) == ("", "")
    with Simulation(demo, js={"(x) => x.toUpperCase()": lambda x: x.upper()}) as sim:
        user = sim.client("u")
        user.fill("box", "hey").submit("box")
        assert user.value("out") == "HEY"


def test_every_on_a_click_starts_ticking_and_cancel_stops_it() -> None:
    with gr.Blocks() as demo:
        start, stop = gr.Button("start"), gr.Button("stop")
        n = gr.Number(elem_id="n", value=0)
        ticking = start.click(lambda x: x + 1, n, n, every=2)
        stop.click(None, cancels=[ticking])
    with Simulation(demo) as sim:
        user = sim.client("u")
        sim.run(until=5)
        assert user.value("n") == 0  # nothing ticks before the click
        user.click(start)
        sim.run(until=11)
        assert user.value("n") == 3  # ticks at 7, 9, 11
        user.click(stop)
        sim.run(until=30)
        assert user.value("n") == 3
        assert user.props(ticking.timer)["active"] is False


def test_select_and_key_up_carry_event_data() -> None:
    seen = []
    with gr.Blocks() as demo:
        drop = gr.Dropdown(["a", "b"], elem_id="drop")

        def picked(evt: gr.SelectData):
            seen.append((evt.index, evt.value))

        drop.select(picked, None, None)

        def key(evt: gr.KeyUpData):
            seen.append((evt.key, evt.input_value))

        drop.key_up(key, None, None)
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.select("drop", index=1, value="b")
        user.fill("drop", "b").key_up("drop", "Enter")
        assert seen == [(1, "b"), ("Enter", "b")]


def test_a_live_interface_whose_state_keeps_changing_loops_as_in_the_browser() -> None:
    # Clause FRONTEND.STATE_CHANGE.1. A live Interface listens to its State input's change;
    # a function that changes the State each time re-fires itself. Gradio 4.44.1's page does
    # exactly this (recorded in headless Chromium on a live Interface with a State input: one
    # queue/join after another, each with the edited Textbox as trigger_id, the State sent as
    # null). The simulator plays the same loop and stops it at max_cascade, as a cycle.
    demo = gr.Interface(lambda text, kept: (text, (kept or "") + text), ["text", "state"], ["text", "state"], live=True)
    text_id = demo.input_components[0].id
    with Simulation(demo, max_cascade=5) as sim:
        user = sim.client("u")
        user.set(text_id, "ab")
        sim.run_until_idle()
        dispatches = sim.trace.of("client", "dispatch")
        assert [r.detail["trigger"] for r in dispatches] == [text_id] * 6  # the edit, then 5 re-fires
        assert len(sim.trace.of("client", "state_change")) == 5
        assert user.errors[-1]["title"] == "Cycle" and "State change cascade" in user.errors[-1]["message"]
