"""How functions are called: async functions and generators on the virtual clock, and sync
functions in worker threads on the real clock (the server's runner)."""

from __future__ import annotations

import threading

import trio

import blockspec as gr
from blockspec.engine import History, ThreadRunner, open_engine
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
