"""How functions are called: async functions and generators on the virtual clock, and sync
functions in worker threads on the real clock (the server's runner)."""

from __future__ import annotations

import threading

import trio
import trio.testing

import blockspec as gr
from blockspec._determinism import run_virtual
from blockspec.engine import Durations, History, InlineRunner, ThreadRunner, open_engine
from blockspec.testing import messages_of, run_engine


def test_async_functions_and_async_generators_run_in_virtual_time() -> None:
    async def slow_upper(text):
        await trio.sleep(5)  # virtual: no real waiting
        return text.upper()

    async def ticks(text):
        for i in range(3):
            await trio.sleep(1)
            yield f"{text}{i}"

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(slow_upper, box, box)
        box.change(ticks, box, box)

    async def scenario(engine):
        engine.submit("s", 0, ["a"])
        engine.submit("s", 1, ["b"])

    history = run_engine(demo, scenario)
    done = {r.event_id: r.t for r in history if r.kind == "message" and r.name == "process_completed"}
    assert done == {"e1": 5.0, "e2": 3.0}
    generating = [m["output"]["data"] for m in messages_of(history, "s") if m["msg"] == "process_generating"]
    assert generating == [["b0"], [[["replace", [], "b1"]]], [[["replace", [], "b2"]]]]


def test_a_failing_function_gives_back_its_slot() -> None:
    def fails(x):
        raise RuntimeError("no")

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(fails, box, box, concurrency_limit=1)

    async def scenario(engine):
        for i in range(3):
            engine.submit(f"s{i}", 0, [str(i)])

    history = run_engine(demo, scenario)
    assert [r.name for r in history if r.kind == "job" and r.name in ("start", "raise")] == ["start", "raise"] * 3
    assert [r.name for r in history if r.kind == "slot"] == ["acquire", "release"] * 3


def test_the_thread_runner_runs_sync_functions_in_at_most_max_threads_threads() -> None:
    lock = threading.Lock()
    running, peak, threads = [0], [0], set()
    release = threading.Event()
    both_running = trio.Event()
    all_done = trio.Event()
    done: list[int] = []

    def work(x):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
            threads.add(threading.get_ident())
            full = running[0] == 2
        if full:
            trio.from_thread.run_sync(both_running.set)
        release.wait(timeout=10)
        with lock:
            running[0] -= 1
        return x

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(work, box, box, concurrency_limit=None)

    def finished(i: int, message) -> None:
        if message.msg == "process_completed":
            done.append(i)
            if len(done) == 4:
                all_done.set()

    async def main() -> None:
        async with open_engine(
            demo.graph, runner=ThreadRunner(max_threads=2), history=History(), heartbeat_interval=None
        ) as engine:
            for i in range(4):
                engine.subscribe(f"s{i}", lambda m, i=i: finished(i, m))
                engine.submit(f"s{i}", 0, [str(i)])
            with trio.fail_after(10):
                await both_running.wait()
            release.set()
            with trio.fail_after(10):
                await all_done.wait()

    trio.run(main)
    assert peak[0] == 2  # four jobs may run (no limit), but only two threads exist
    assert threading.get_ident() not in threads
    assert sorted(done) == [0, 1, 2, 3]


class _EveryRunInATask(InlineRunner):
    """An InlineRunner that never lets the engine make a run at once."""

    def instant(self, timing):
        return False


def test_a_run_that_takes_no_time_is_made_at_once_with_the_same_history_as_in_a_task() -> None:
    def upper(text):
        return text.upper()

    def broken(text):
        raise ValueError(f"no {text}")

    with gr.Blocks() as demo:
        box = gr.Textbox()
        out = gr.Textbox()
        box.submit(upper, box, out, concurrency_limit=1)
        box.change(broken, box, out)
        box.blur(upper, box, out, queue=False)

    def history_with(runner) -> list[tuple]:
        history = History()

        async def main() -> None:
            async with open_engine(demo.graph, runner=runner, history=history, heartbeat_interval=None) as engine:
                for session, fn_index, text in [("a", 0, "x"), ("b", 1, "y"), ("a", 2, "z"), ("b", 0, "w")]:
                    engine.submit(session, fn_index, [text])
                    await trio.testing.wait_all_tasks_blocked()

        run_virtual(main)
        return [(r.t, r.kind, r.name, r.session, r.event_id, r.state, r.detail_text) for r in history]

    at_once = history_with(InlineRunner())
    in_tasks = history_with(_EveryRunInATask())
    assert at_once == in_tasks
    outcomes = [(r[4], r[2]) for r in at_once if r[1] == "job" and r[5] in ("completed", "failed")]
    assert outcomes == [("e1", "return"), ("e2", "raise"), ("e3", "return"), ("e4", "return")]


def test_the_engine_forgets_a_job_once_it_is_over() -> None:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(lambda text: text, box, box, concurrency_limit=1)
    live = []

    async def main() -> None:
        async with open_engine(demo.graph, runner=InlineRunner(Durations(1.0)), heartbeat_interval=None) as engine:
            for i in range(3):
                engine.submit(f"s{i}", 0, ["x"])
            live.append(sorted(engine.jobs))
            await trio.sleep(1.5)
            live.append(sorted(engine.jobs))
            await trio.sleep(10)
            live.append(sorted(engine.jobs))

    run_virtual(main)
    assert live == [["e1", "e2", "e3"], ["e2", "e3"], []]
