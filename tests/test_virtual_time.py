"""Virtual time inside app code (simulator only): time.sleep passes virtual time, and the
clock the app reads is the virtual one, from the run's epoch (blockspec/_virtual_time.py)."""

from __future__ import annotations

import datetime
import time
import tomllib
from pathlib import Path

import pytest

import blockspec as gr
from blockspec import DefinitionError
from blockspec._virtual_time import DEFAULT_EPOCH
from blockspec.cli import main
from blockspec.sim import Scenario, Simulation, run_scenario

ROOT = Path(__file__).resolve().parent.parent
CLOCK_APP = ROOT / "tests" / "apps" / "clock_app.py"
REAL_DATETIME = datetime.datetime
# Held in a dict: freezegun replaces module-level references to the real clock functions
# and classes in every loaded module (this one too) while a simulation runs.
REAL = {"sleep": time.sleep, "time": time.time, "datetime": datetime.datetime}


def _spans(sim: Simulation) -> list[tuple[str, float | None, float | None]]:
    return [(span.session, span.started, span.ended) for span in sim.trace.jobs()]


def _sleep_bound(seconds: float = 2.0) -> gr.Blocks:
    def generate(prompt):
        time.sleep(seconds)
        return prompt.upper()

    with gr.Blocks() as demo:
        prompt = gr.Textbox()
        image = gr.Textbox()
        prompt.submit(generate, prompt, image, concurrency_limit=1)
    return demo


def test_time_sleep_in_a_sync_listener_costs_virtual_seconds() -> None:
    demo = _sleep_bound()
    prompt = demo.graph.dependencies[0].inputs[0]
    with Simulation(demo) as sim:
        clients = [sim.client(f"c{i}") for i in range(5)]
        for client in clients:
            client.fill(prompt, client.name).submit(prompt)
        sim.run_until_idle()
        # One at a time, two virtual seconds each: the queue the user would see.
        assert _spans(sim) == [(f"c{i}", 2.0 * i, 2.0 * (i + 1)) for i in range(5)]
        assert [c.value(demo.graph.dependencies[0].outputs[0]) for c in clients] == ["C0", "C1", "C2", "C3", "C4"]


def test_a_slow_fault_stretches_what_the_function_sleeps_and_its_declared_duration() -> None:
    from blockspec.sim import Fault

    demo = _sleep_bound()
    prompt = demo.graph.dependencies[0].inputs[0]
    faults = [Fault(kind="slow", fn="generate", at=0, until=1, factor=3)]
    with Simulation(demo, faults=faults, durations={"generate": 1.0}) as sim:
        for name in ("c0", "c1"):
            sim.client(name).fill(prompt, name).submit(prompt)
        sim.run_until_idle()
        # c0's call starts at 0, inside the fault's window: (2 s slept + 1 s declared) x 3.
        # c1's starts at 9, outside it: 2 + 1.
        assert _spans(sim) == [("c0", 0.0, 9.0), ("c1", 9.0, 12.0)]


def test_a_generators_sleeps_between_yields_space_its_yields() -> None:
    def count(text):
        for i in range(3):
            time.sleep(1.5)
            yield f"{text}{i}"
        time.sleep(1)

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(count, box, box)

    with Simulation(demo) as sim:
        sim.client("u").fill(box, "n").submit(box)
        sim.run_until_idle()
        assert [r.t for r in sim.trace.of("job", "yield")] == [1.5, 3.0, 4.5]
        assert _spans(sim) == [("u", 0.0, 5.5)]


def test_a_declared_duration_adds_to_what_the_function_sleeps() -> None:
    demo = _sleep_bound(2.0)
    prompt = demo.graph.dependencies[0].inputs[0]
    with Simulation(demo, durations={"generate": 3.0}) as sim:
        sim.client("u").fill(prompt, "x").submit(prompt)
        sim.run_until_idle()
        assert _spans(sim) == [("u", 0.0, 5.0)]


def test_app_code_reads_the_virtual_clock_from_the_epoch() -> None:
    seen: list[tuple] = []

    def read(text):
        before = (time.time(), time.monotonic(), time.perf_counter(), datetime.datetime.now())
        time.sleep(0.25)  # the call's own sleep shows in what it reads after
        seen.append(
            before
            + (
                time.time(),
                datetime.datetime.utcnow(),
                datetime.date.today(),
                datetime.datetime.today(),
                datetime.datetime.now(datetime.UTC),
            )
        )
        return text

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(read, box, box)

    with Simulation(demo, epoch="2030-06-01T12:00:00Z") as sim:
        client = sim.client("u")
        sim.run(until=5)
        client.submit(box)
        sim.run_until_idle()
    epoch = REAL_DATETIME(2030, 6, 1, 12, 0, 0).replace(tzinfo=datetime.UTC).timestamp()
    (t, mono, perf, now, after, utcnow, today, dt_today, aware) = seen[0]
    assert (t, after) == (epoch + 5, epoch + 5.25)
    assert perf - mono == 0 and after - mono == 0.25
    assert now == REAL_DATETIME(2030, 6, 1, 12, 0, 5)
    assert utcnow == dt_today == REAL_DATETIME(2030, 6, 1, 12, 0, 5, 250000)
    assert aware == REAL_DATETIME(2030, 6, 1, 12, 0, 5, 250000, tzinfo=datetime.UTC)
    assert today == datetime.date(2030, 6, 1)


def test_the_default_epoch_and_a_scenarios_epoch() -> None:
    assert DEFAULT_EPOCH == REAL_DATETIME(2024, 1, 1, tzinfo=datetime.UTC).timestamp()
    for run, expected in (
        ("", DEFAULT_EPOCH),
        ("epoch = 1000000000\n", 1e9),
        ('epoch = "2001-09-09T01:46:40Z"\n', 1e9),
    ):
        scenario = Scenario.from_dict(tomllib.loads(f"[run]\nuntil = 3\n{run}[[client]]\nname = 'tab'\n"))
        assert scenario.epoch == expected
        sim, outcome = run_scenario(CLOCK_APP, scenario)
        try:
            assert outcome.ok
            assert sim.clients["tab"].value("seconds") == expected + 3
        finally:
            sim.close()


@pytest.mark.parametrize("bad", ["yesterday", True, [2024]])
def test_a_bad_epoch_is_refused_naming_the_option(bad) -> None:
    with pytest.raises(DefinitionError, match="epoch"):
        Simulation(_sleep_bound(), epoch=bad)
    with pytest.raises(DefinitionError, match=r"\[run\] epoch"):
        Scenario.from_dict({"run": {"epoch": bad}})


def test_an_every_1_app_reads_successive_seconds_and_is_deterministic(capsys) -> None:
    scenario = Scenario.from_toml(CLOCK_APP.with_suffix(".toml"))
    traces = []
    for _ in range(2):
        sim, outcome = run_scenario(CLOCK_APP, scenario)
        try:
            assert outcome.ok and outcome.errors == ()
            outputs = [r.payload for r in sim.trace.of("client", "output")]
            traces.append(sim.trace.to_jsonl())
        finally:
            sim.close()
    # numbers arrive as the page holds them: 3.0 as 3 (JavaScript numbers)
    seconds = [o["value"] for o in outputs if isinstance(o["value"], int | float) and not isinstance(o["value"], bool)]
    stamps = [REAL_DATETIME.fromisoformat(o["value"]) for o in outputs if isinstance(o["value"], str)]
    assert len(seconds) == len(stamps) == 60  # a tick a second, from 1 to 60
    assert [b - a for a, b in zip(seconds, seconds[1:])] == [1.0] * 59
    assert [(b - a).total_seconds() for a, b in zip(stamps, stamps[1:])] == [1.0] * 59
    assert seconds[0] == DEFAULT_EPOCH + 1 and stamps[0] == REAL_DATETIME(2024, 1, 1, 0, 0, 1)
    assert traces[0] == traces[1]
    assert main(["simulate", str(CLOCK_APP), "--check-determinism", "--quiet"]) == 0
    assert "deterministic: two runs, identical traces" in capsys.readouterr().out


def test_two_simulations_at_once_each_read_their_own_clock_and_the_test_reads_the_real_one() -> None:
    first = Simulation(CLOCK_APP, epoch=0)
    second = Simulation(CLOCK_APP, epoch=1e9)
    try:
        a, b = first.client("a"), second.client("b")
        first.run(until=7)
        second.run(until=3)
        # The test's own thread is outside both: it reads the wall clock meanwhile.
        assert time.time() > 1.7e9 and datetime.datetime.now().year >= 2025
        first.run(until=8)
        assert (a.value("seconds"), b.value("seconds")) == (8.0, 1e9 + 3)
        time.sleep(0)  # the real sleep outside a simulation
    finally:
        first.close()
        assert time.sleep is not REAL["sleep"]  # the second still runs
        second.close()


def test_everything_patched_is_put_back_when_the_simulation_closes() -> None:
    with Simulation(CLOCK_APP) as sim:
        sim.client("tab")
        sim.run(until=2)
        assert time.sleep is not REAL["sleep"] and datetime.datetime is not REAL["datetime"]
    assert time.sleep is REAL["sleep"] and time.time is REAL["time"] and datetime.datetime is REAL["datetime"]
    assert REAL_DATETIME is REAL["datetime"]  # and freezegun put this module's reference back


def test_the_server_keeps_the_real_clock_even_while_a_simulation_runs() -> None:
    from gradio_client import Client
    from server_helpers import serving

    def stamp(text):
        time.sleep(0.05)  # a real sleep: the server's worker thread is outside any simulation
        return str(time.time())

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(stamp, box, box, api_name="stamp")

    with Simulation(CLOCK_APP) as sim, serving(demo) as server:
        sim.client("tab")
        sim.run(until=5)
        client = Client(server.local_url, verbose=False)
        try:
            before = REAL["time"]()
            value = float(client.predict("x", api_name="/stamp"))
            after = REAL["time"]()
        finally:
            client.close()
        assert before + 0.05 <= value <= after
        assert sim.clients["tab"].value("seconds") == DEFAULT_EPOCH + 5


def test_a_tests_own_freeze_time_still_holds_outside_the_simulation() -> None:
    import freezegun

    with freezegun.freeze_time("2001-09-09T01:46:40"):
        with Simulation(CLOCK_APP) as sim:
            tab = sim.client("tab")
            sim.run(until=2)
            assert tab.value("seconds") == DEFAULT_EPOCH + 2
            assert time.time() == 1e9 and datetime.datetime.now() == REAL["datetime"](2001, 9, 9, 1, 46, 40)
        assert time.time() == 1e9


# pandas' compiled modules check the layout of the datetime classes when first imported: an
# import while the fakes stood in crashed the interpreter. A fresh process each, since this
# one may have imported pandas long ago.
_PANDAS_IN_A_LISTENER = """
import sys, time
import blockspec as gr
from blockspec.sim import Simulation

def stamp():
    import pandas as pd
    return f"{pd.Timestamp('2024-01-02') + pd.Timedelta(days=1)} {time.time():.0f}"

with gr.Blocks() as demo:
    out = gr.Textbox(label="out")
    gr.Button("go").click(stamp, None, out)
    gr.Button("again").click(lambda: f"{time.time():.0f}", None, out)

with Simulation(demo) as sim:
    print("pandas" in sys.modules)
    u = sim.client("u")
    u.click("go")
    sim.run_until_idle()
    print(u.value("out"))
    u.click("again")
    sim.run_until_idle()
    print(u.value("out"))
"""


def test_pandas_imported_by_a_listener_inside_a_simulation_and_only_then() -> None:
    pytest.importorskip("pandas")
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", _PANDAS_IN_A_LISTENER],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    opened_without, imported, after = result.stdout.split("\n")[:3]
    # Opening the simulation imported nothing (it used to import pandas, 0.3 s, for every app).
    assert opened_without == "False"
    # The listener's import worked, and the clock was virtual before and after it.
    assert imported == f"2024-01-03 00:00:00 {DEFAULT_EPOCH:.0f}"
    assert after == f"{DEFAULT_EPOCH:.0f}"
