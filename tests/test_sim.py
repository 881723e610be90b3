"""The simulator as a whole: scenarios, determinism, seeds, verdicts, the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import blockspec as gr
from blockspec import DefinitionError
from blockspec.cli import main
from blockspec.sim import Action, ClientPlan, Fault, Scenario, Simulation, play, run_scenario

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).with_name("sim_determinism_script.py")


def _trace_in_subprocess(seed: int, explore: bool, hash_seed: str) -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(seed), "1" if explore else "0"],
        capture_output=True,
        env=env,
        check=True,
        timeout=120,
    )
    return result.stdout


def test_same_scenario_and_seed_give_byte_identical_traces_in_two_processes() -> None:
    first = _trace_in_subprocess(5, True, "11")
    second = _trace_in_subprocess(5, True, "22")
    assert len(first.splitlines()) > 50
    assert first == second


def test_with_exploration_different_seeds_give_different_interleavings() -> None:
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import sim_determinism_script as script
    finally:
        sys.path.remove(str(SCRIPT.parent))

    def start_order(seed: int) -> list[str]:
        lines = [json.loads(line) for line in script.trace_of(seed, True).splitlines()]
        return [r["session"] for r in lines if r["kind"] == "job" and r["name"] == "start"]

    orders = {tuple(start_order(seed)) for seed in range(8)}
    assert len(orders) > 1
    assert start_order(3) == start_order(3)
    # without exploration, every seed gives the same order
    fifo = {script.trace_of(seed, False) for seed in range(3)}
    assert len(fifo) == 1


def test_the_default_scenario_fires_each_user_facing_event_once() -> None:
    sim, outcome = run_scenario(ROOT / "examples" / "docs_update.py", Scenario.default_for(_graph("docs_update")))
    try:
        assert outcome.ok
        triggers = [r.payload["event"] for r in sim.trace.of("client", "trigger")]
        assert triggers == ["click"]
        assert sim.clients["user"].value("out") == "Welcome to Gradio, Hello!!!"
    finally:
        sim.close()


def _graph(example: str):
    from blockspec._loading import load_app

    return load_app(ROOT / "examples" / f"{example}.py").app.graph


def test_expectations_failures_and_cycles_decide_the_verdict(tmp_path) -> None:
    app = tmp_path / "app.py"
    app.write_text(
        "import gradio as gr\n"
        "with gr.Blocks() as demo:\n"
        "    box = gr.Textbox()\n"
        "    out = gr.Textbox()\n"
        "    box.submit(lambda x: x[::-1], box, out)\n"
    )
    scenario = Scenario.from_dict(
        {
            "action": [
                {"at": 0, "client": "u", "do": "set", "target": "box", "value": "abc"},
                {"at": 1, "client": "u", "do": "submit", "target": "box"},
            ],
            "expect": [
                {"at": 2, "client": "u", "target": "out", "equals": "cba"},
                {"at": 2, "client": "u", "target": "out", "contains": "abc"},
            ],
        }
    )
    sim, outcome = run_scenario(app, scenario)
    sim.close()
    assert not outcome.ok
    assert outcome.first_failure == "expect at t=2 (u): out is 'cba', expected it to contain 'abc'"
    assert [ok for _, ok, _ in outcome.expectations] == [True, False]


def test_faults_raise_slow_and_disconnect() -> None:
    def work(x):
        return x

    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        box.submit(work, box, box)
        demo.unload(lambda: None)
    scenario = Scenario(
        actions=tuple(Action(at=float(t), client="u", do="submit", target="box") for t in range(0, 8, 2)),
        faults=(
            Fault(kind="raise", fn="work", at=1, until=3, message="disk full"),
            Fault(kind="slow", fn="work", at=3, until=5, factor=3),
            Fault(kind="disconnect", client="u", at=6.2),
        ),
        durations=(("work", 0.5),),
    )
    sim = Simulation(demo, durations={"work": 0.5}, faults=[f for f in scenario.faults if f.kind != "disconnect"])
    with sim:
        outcome = play(sim, scenario)
        spans = sim.trace.jobs()
        assert [(s.submitted, s.outcome) for s in spans] == [
            (0.0, "completed"),
            (2.0, "failed"),
            (4.0, "completed"),
            (6.0, "cancelled"),
        ]
        assert spans[2].ended - spans[2].started == 1.5  # 0.5 s, three times slower
        assert spans[1].error == "disk full"
        assert outcome.ok  # the app's errors are reported, not a failed run
        assert [r.name for r in sim.trace.of("unload")] == ["start", "end"]


def test_scenario_files_are_checked_with_clear_errors(tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[action]]\nat = 1\nclient = "u"\ndo = "poke"\ntarget = "x"\n')
    with pytest.raises(DefinitionError, match="is not an action") as info:
        Scenario.from_toml(bad)
    assert "action 1.do" in info.value.parameter
    bad.write_text("[runn]\n")
    with pytest.raises(DefinitionError, match="not a scenario section"):
        Scenario.from_toml(bad)


def test_the_reproduction_script_replays_the_run(tmp_path) -> None:
    scenario = Scenario.from_toml(ROOT / "examples" / "queue_limit.toml")
    code = scenario.to_python(str(ROOT / "examples" / "queue_limit.py"), seed=4)
    namespace: dict = {}
    exec(compile(code, "repro.py", "exec"), namespace)  # noqa: S102 - the point of the test
    sim = namespace["sim"]
    try:
        original, _ = run_scenario(ROOT / "examples" / "queue_limit.py", scenario, seed=4)
        try:

            def essence(trace):  # what happened, without record numbers and the expectations
                return [
                    {k: v for k, v in r.to_json().items() if k != "seq"}
                    for r in trace
                    if not (r.kind == "client" and r.name == "expect")
                ]

            assert essence(sim.trace) == essence(original.trace)
        finally:
            original.close()
    finally:
        sim.close()


_KEYS_APP = """
import blockspec as gr

with gr.Blocks() as demo:
    box = gr.Textbox(elem_id="box")
    pick = gr.Dropdown(choices=["a", "b"], elem_id="pick")
    log = gr.Textbox(elem_id="log")

    def typed(text, event: gr.KeyUpData):
        return f"{text}:{event.key}"

    def picked(event: gr.SelectData):
        return f"{event.index}={event.value}"

    def slow(text):
        return text.upper()

    pick.key_up(typed, pick, log)
    pick.select(picked, None, log)
    box.submit(slow, box, log)
"""


@pytest.mark.parametrize("disconnect", [False, True])
def test_a_reproduction_script_replays_faults_and_every_kind_of_action(tmp_path, disconnect) -> None:
    app = tmp_path / "keys.py"
    app.write_text(_KEYS_APP)
    toml = (
        "[run]\nuntil = 10\n[durations]\nslow = 1.0\n"
        '[[action]]\nat = 0.5\nclient = "u"\ndo = "fill"\ntarget = "pick"\nvalue = "a"\n'
        '[[action]]\nat = 0.5\nclient = "u"\ndo = "fill"\ntarget = "box"\nvalue = "hi"\n'
        '[[action]]\nat = 1\nclient = "u"\ndo = "key_up"\ntarget = "pick"\n'
        '[[action]]\nat = 2\nclient = "u"\ndo = "select"\ntarget = "pick"\ndata = {index = 1, value = "b"}\n'
        '[[action]]\nat = 3\nclient = "u"\ndo = "submit"\ntarget = "box"\n'
        '[[action]]\nat = 3\nclient = "v"\ndo = "submit"\ntarget = "box"\n'
        '[[fault]]\nkind = "slow"\nfn = "slow"\nat = 0\nfactor = 3\n'
    )
    if disconnect:
        toml += '[[fault]]\nkind = "disconnect"\nclient = "v"\nat = 3\nuntil = 5\n'
    (tmp_path / "keys.toml").write_text(toml)
    # As the command line runs it: the seed and exploration override the scenario's own.
    scenario = Scenario.from_toml(tmp_path / "keys.toml").overridden(
        seed=3, group_order="random", interleaving="seeded"
    )
    original, _ = run_scenario(app, scenario)
    namespace: dict = {}
    try:
        exec(compile(scenario.to_python(str(app), seed=3), "repro.py", "exec"), namespace)  # noqa: S102
        replay = namespace["sim"]
        try:
            keep = lambda trace: [  # noqa: E731 - what happened, without numbering or expectations
                {k: v for k, v in r.to_json().items() if k != "seq"} for r in trace if r.name != "expect"
            ]
            assert keep(replay.trace) == keep(original.trace)
            assert "a:Enter" in [r.payload.get("value") for r in original.trace.of("client", "output")]
        finally:
            replay.close()
    finally:
        original.close()


def test_cli_prints_a_timeline_and_writes_svg_html_and_chrome_trace(tmp_path, capsys) -> None:
    out = tmp_path / "report"
    code = main(["simulate", str(ROOT / "examples" / "queue_limit.py"), "--out", str(out), "--width", "100"])
    printed = capsys.readouterr().out
    assert code == 0
    assert "timeline" in printed and "▶ generate" in printed and "OK seed 0" in printed
    assert (out / "timeline.svg").read_text().startswith("<svg")
    assert "ana" in (out / "timeline.html").read_text()
    chrome = json.loads((out / "trace.json").read_text())
    events = chrome["traceEvents"]
    spans = [e for e in events if e["ph"] in ("b", "e")]
    assert spans and all(isinstance(e["ts"], int) for e in events if "ts" in e)
    begins = {(e["id"], e["name"]) for e in spans if e["ph"] == "b"}
    ends = {(e["id"], e["name"]) for e in spans if e["ph"] == "e"}
    assert begins == ends
    running = [e for e in spans if e["name"] == "running" and e["ph"] == "b"]
    assert sorted(e["ts"] for e in running) == [100000, 3100000, 6100000]  # microseconds
    assert (out / "repro.py").exists() and (out / "trace.jsonl").exists()


def test_cli_check_determinism_and_seed_sweep(capsys) -> None:
    app = str(ROOT / "tests" / "apps" / "contention.py")
    script = str(ROOT / "tests" / "apps" / "contention.toml")
    assert main(["simulate", app, "--script", script, "--check-determinism", "--quiet"]) == 0
    assert "deterministic: two runs, identical traces" in capsys.readouterr().out
    assert main(["simulate", app, "--script", script, "--seeds", "0..3"]) == 0
    table = capsys.readouterr().out
    assert table.count("OK") >= 4 and "all seeds OK" in table


def test_cli_failure_prints_the_seed_and_a_reproduction(tmp_path, capsys) -> None:
    script = tmp_path / "s.toml"
    script.write_text('[[expect]]\nat = 1\nclient = "u"\ntarget = "out"\nequals = "never"\n[[client]]\nname = "u"\n')
    code = main(
        ["simulate", str(ROOT / "examples" / "docs_update.py"), "--script", str(script), "--seed", "9", "--quiet"]
    )
    printed = capsys.readouterr().out
    assert code == 1
    assert "FAIL seed 9" in printed
    assert f"--script {script} --seed 9" in printed
    assert "Simulation(" in printed and "seed=9" in printed


def test_a_random_disconnect_is_drawn_from_the_seed() -> None:
    with gr.Blocks() as demo:
        gr.Textbox(elem_id="box")
        demo.unload(lambda: None)
    scenario = Scenario(
        clients=tuple(ClientPlan(name=f"c{i}") for i in range(6)),
        faults=tuple(Fault(kind="disconnect", client=f"c{i}", at=1, until=9, probability=0.5) for i in range(6)),
        until=10,
    )

    def closes(seed):
        with Simulation(demo, seed=seed) as sim:
            play(sim, scenario)
            return [(r.session, r.t) for r in sim.trace.of("session", "close")]

    runs = {seed: closes(seed) for seed in range(5)}
    assert runs[3] == closes(3)  # the same seed, the same disconnects at the same times
    assert len({tuple(v) for v in runs.values()}) > 1  # other seeds, other patterns
    for closed in runs.values():
        assert all(1 <= t < 9 for _, t in closed)


def test_the_apps_own_random_follows_the_seed(tmp_path) -> None:
    import random

    app = tmp_path / "dice.py"
    app.write_text(
        "import random\nimport gradio as gr\n"
        "with gr.Blocks() as demo:\n"
        "    out = gr.Number(elem_id='out')\n"
        "    gr.Button('roll').click(lambda: random.randint(1, 10**9), None, out)\n"
    )
    outside = random.getstate()

    def roll(seed):
        with Simulation(app, seed=seed) as sim:
            user = sim.client("u")
            user.click("roll")
            return user.value("out")

    assert roll(4) == roll(4)
    assert len({roll(s) for s in range(5)}) > 1
    assert random.getstate() == outside  # the caller's generator is left as it was
