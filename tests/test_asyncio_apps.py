"""Async functions written for asyncio run unchanged: in the simulator on the virtual clock,
and in the server on the real one (blockspec/_asyncio_bridge.py)."""

from __future__ import annotations

import json
from pathlib import Path

import trio
from gradio_client import Client
from local_http import http_server
from server_helpers import serving

import blockspec as gr
from blockspec._loading import load_app
from blockspec.sim import Simulation

APP = Path(__file__).resolve().parent / "apps" / "asyncio_app.py"
EXPECTED = {"gathered": "ab", "queued": [0, 1, 2], "timed_out": True, "threads": [2, 1]}


def _ends(sim: Simulation) -> dict[str, tuple[float, float]]:
    return {span.fn.rsplit(".", 1)[-1]: (span.started, span.ended) for span in sim.trace.jobs()}


def test_an_asyncio_app_runs_in_the_simulator_and_its_sleeps_are_its_virtual_durations() -> None:
    traces = []
    with http_server() as base:
        for _ in range(2):
            with Simulation(APP) as sim:
                user = sim.client("user")
                user.fill("url", f"{base}/sim")
                user.click("run")
                user.click("stream")
                sim.run_until_idle()
                assert sim.trace.of("job", "raise") == []
                report = json.loads(user.value("report"))
                assert report == dict(EXPECTED, body="hello from /sim")
                # Every sleep, timeout and thread's time.sleep took virtual time -- exactly.
                assert _ends(sim) == {"pipeline": (0.0, 10.0), "stream": (0.0, 3.0)}
                yields = [r.t for r in sim.trace.of("job", "yield")]
                assert yields == [1.0, 2.0, 3.0]
                # The async generator delivered every value, all from one asyncio task.
                assert user.value("streamed") == "2 1"
                traces.append(sim.trace.to_jsonl())
    assert traces[0] == traces[1]  # deterministic, real HTTP request and all


def test_virtual_time_waits_for_a_real_request_instead_of_firing_its_timeout() -> None:
    import httpx

    async def fetch(url):
        async with httpx.AsyncClient() as client:  # a 5 s timeout: virtual, in a simulation
            return (await client.get(url, timeout=5)).text

    with gr.Blocks() as demo:
        url = gr.Textbox()
        body = gr.Textbox()
        url.submit(fetch, url, body)

    with http_server() as base, Simulation(demo) as sim:
        user = sim.client("user")
        user.fill(url, f"{base}/slow").submit(url)  # the server answers after 0.3 real seconds
        sim.run_until_idle()
        assert sim.trace.of("job", "raise") == []
        assert user.value(body) == "hello from /slow"
        assert _ends(sim) == {"fetch": (0.0, 0.0)}  # the request took no virtual time


def test_an_asyncio_app_runs_in_the_server_with_the_real_gradio_client() -> None:
    demo = load_app(APP).app
    with http_server() as base, serving(demo) as server:
        client = Client(server.local_url, verbose=False)
        try:
            # The real clock: sleeps scaled down to a twentieth.
            report = json.loads(client.predict(f"{base}/server", 0.05, api_name="/pipeline"))
            assert report == dict(EXPECTED, body="hello from /server")
            job = client.submit(2, 0.05, api_name="/stream")
            assert job.result(timeout=30) == "1 1"
            assert job.outputs() == ["0 1", "1 1"]
        finally:
            client.close()


def test_async_functions_that_use_trio_directly_keep_working() -> None:
    async def nap(text):
        await trio.sleep(4)
        return text * 2

    async def drip(text):
        for char in text:
            await trio.sleep(1)
            yield char

    with gr.Blocks() as demo:
        box = gr.Textbox()
        doubled = gr.Textbox()
        dripped = gr.Textbox()
        box.submit(nap, box, doubled)
        box.submit(drip, box, dripped)

    with Simulation(demo) as sim:
        user = sim.client("user")
        user.fill(box, "ab").submit(box)
        sim.run_until_idle()
        assert (user.value(doubled), user.value(dripped)) == ("abab", "b")
        assert _ends(sim) == {"nap": (0.0, 4.0), "drip": (0.0, 2.0)}


def test_a_cancelled_asyncio_generator_is_closed_in_its_own_asyncio_task() -> None:
    import asyncio

    closed: list[bool] = []

    async def forever(text):
        try:
            while True:
                await asyncio.sleep(1)
                yield text
        finally:
            # Runs in the generator's asyncio task (not in trio), so asyncio works here.
            await asyncio.sleep(0)
            closed.append(asyncio.current_task() is not None)

    with gr.Blocks() as demo:
        box = gr.Textbox()
        out = gr.Textbox()
        stop = gr.Button("stop")
        event = box.submit(forever, box, out)
        stop.click(None, None, None, cancels=[event])

    with Simulation(demo) as sim:
        user = sim.client("user")
        user.fill(box, "x").submit(box)
        sim.run(until=2.5)
        user.click(stop)
        sim.run(until=5)  # the step running at 2.5 ends at 3; the generator is closed then
        assert [r.t for r in sim.trace.of("job", "yield")] == [1.0, 2.0]
        assert closed == [True]


def test_after_an_asyncio_app_ran_other_threads_get_asyncio_s_own_loops() -> None:
    # trio-asyncio, once imported, would make every new loop in the process one of its own;
    # Dask's cluster client (tornado, in a thread) hangs on those.
    import asyncio
    import threading

    with http_server() as base, Simulation(APP) as sim:
        user = sim.client("user")
        user.fill("url", f"{base}/sim")
        user.click("run")
        sim.run_until_idle()
    seen: list[str] = []

    async def loop_kind() -> str:
        return type(asyncio.get_running_loop()).__module__

    worker = threading.Thread(target=lambda: seen.append(asyncio.run(loop_kind())))
    worker.start()
    worker.join()
    assert seen and seen[0].startswith("asyncio."), seen


def test_importing_blockspec_and_simulating_a_plain_app_leaves_asyncio_alone() -> None:
    # trio-asyncio patches asyncio for the whole process when imported: only an app that
    # needs it may bring it in (a Dask client started before that must keep working).
    import subprocess
    import sys

    code = (
        "import sys, blockspec, blockspec.sim, conformance\n"
        "from blockspec.sim import Simulation\n"
        "with Simulation('examples/queue_limit.py') as sim:\n"
        "    sim.client('a').click('Generate'); sim.run_until_idle()\n"
        "print('trio_asyncio' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
