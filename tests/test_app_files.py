"""App files as people write them: the `__main__` block's settings apply, failures are visible.

Issue "Real app files run as they run under Gradio", items 1 (launch settings from the file)
and 5 (app errors are visible).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import httpx
import pytest

from blockspec import DefinitionError
from blockspec._loading import load_app
from blockspec.cli import main
from blockspec.sim import Scenario, Simulation, run_scenario

SLOW_APP = """
import time
import gradio as gr

def work(x):
    return x

with gr.Blocks() as demo:
    box = gr.Textbox()
    out = gr.Textbox()
    btn = gr.Button("Go")
    btn.click(work, box, out)

if __name__ == "__main__":
    demo.queue(default_concurrency_limit=2, max_size=5)
    demo.launch(auth=("u", "p"), show_error=True, server_port=7999)
"""

FAILING_APP = """
import gradio as gr

def divide(a, b):
    return ratio(a, b)

def ratio(a, b):
    return a / b

def refuse(a):
    raise gr.Error("not today")

with gr.Blocks() as demo:
    a = gr.Number(1)
    b = gr.Number(0)
    out = gr.Number()
    btn = gr.Button("Divide")
    btn.click(divide, [a, b], out)
    no = gr.Button("Refuse")
    no.click(refuse, a, out)
"""


def _write(tmp_path: Path, name: str, source: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def _running_at_once(sim: Simulation) -> int:
    """The most jobs that ran at the same time in this run."""
    events = []
    for job in sim.trace.jobs():
        if job.started is not None and job.ended is not None:
            events += [(job.started, 1), (job.ended, -1)]
    peak = current = 0
    for _, step in sorted(events, key=lambda e: (e[0], e[1])):
        current += step
        peak = max(peak, current)
    return peak


def _three_clicks(sim: Simulation) -> None:
    for name in ("a", "b", "c"):
        sim.client(name).click("btn")
    sim.run_until_idle()


# ---------------------------------------------------------------------------------------
# 1. launch settings from the file
# ---------------------------------------------------------------------------------------


def test_the_main_blocks_queue_settings_apply_in_the_simulator(tmp_path: Path) -> None:
    path = _write(tmp_path, "app.py", SLOW_APP)
    with Simulation(path, durations={"work": 1.0}) as sim:
        _three_clicks(sim)
        assert sim.graph.queue.default_concurrency_limit == 2
        assert _running_at_once(sim) == 2  # default_concurrency_limit=2 from the __main__ block
        assert sim.graph.launch.show_error is True
        assert sim.server_only_settings == ["auth=<set>", "server_port=7999"]


def test_code_after_launch_reads_the_address_as_after_a_real_launch(tmp_path: Path) -> None:
    seen = "[demo.server_name, demo.server_port, demo.local_url]"
    source = SLOW_APP + f"    import json\n    json.dump({seen}, open('seen.json', 'w'))\n"
    path = _write(tmp_path, "app.py", source)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path)
        with Simulation(path):
            pass
        assert json.loads((tmp_path / "seen.json").read_text()) == ["127.0.0.1", 7999, "http://127.0.0.1:7999/"]


def test_settings_given_to_the_simulation_override_the_files(tmp_path: Path) -> None:
    path = _write(tmp_path, "app.py", SLOW_APP)
    with Simulation(path, durations={"work": 1.0}, queue={"default_concurrency_limit": 1}) as sim:
        _three_clicks(sim)
        assert _running_at_once(sim) == 1
        assert sim.graph.queue.max_size == 5  # the file's other settings stay
    with Simulation(path, launch={"show_error": False}) as sim:
        assert sim.graph.launch.show_error is False


def test_a_scenarios_queue_table_overrides_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "app.py", SLOW_APP)
    scenario = Scenario.from_dict(
        {
            "durations": {"work": 1.0},
            "queue": {"default_concurrency_limit": 3},
            "action": [{"at": 0, "client": c, "do": "click", "target": "btn"} for c in "abc"],
        }
    )
    sim, outcome = run_scenario(path, scenario)
    try:
        assert outcome.ok
        assert _running_at_once(sim) == 3
    finally:
        sim.close()
    assert "queue={'default_concurrency_limit': 3}" in scenario.to_python(str(path), seed=0)


@pytest.mark.parametrize(
    ("option", "problem"),
    [
        ({"queue": {"max_size": -1}}, "queue(max_size)"),
        ({"queue": {"concurrency_limit": 2}}, "is not a queue() setting"),
        ({"launch": {"show_error": "yes"}}, "launch(show_error)"),
        ({"launch": {"port": 1}}, "is not a launch() setting"),
    ],
)
def test_a_bad_override_names_the_setting(tmp_path: Path, option: dict, problem: str) -> None:
    path = _write(tmp_path, "app.py", SLOW_APP)
    with pytest.raises(DefinitionError) as caught:
        Simulation(path, **option)
    assert problem in str(caught.value)


def test_the_command_line_overrides_and_lists_server_only_settings(tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, "app.py", SLOW_APP)
    assert main(["simulate", str(path), "--quiet", "--queue", "max_size=7", "--launch", "max_threads=3"]) == 0
    out = capsys.readouterr().out
    assert "not applied in a simulation: auth=<set>, server_port=7999" in out
    assert main(["inspect", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "default_concurrency_limit=2" in shown and "auth=<set>" in shown
    assert main(["simulate", str(path), "--quiet", "--queue", "max_size"]) == 1
    assert "--queue='max_size'" in capsys.readouterr().err


def test_serve_applies_the_files_auth(tmp_path: Path) -> None:
    from blockspec.server._launcher import serve_path

    path = _write(tmp_path, "app.py", SLOW_APP)
    server = serve_path(path, host="127.0.0.1", port=0, app_name=None, launch={"quiet": True})
    try:
        base = server.local_url
        with httpx.Client(timeout=10) as client:
            assert client.get(f"{base}config").status_code == 401  # asks for the password
            login = client.post(f"{base}login", data={"username": "u", "password": "p"})
            assert login.status_code == 200
            assert client.get(f"{base}config").status_code == 200
    finally:
        server.close()


# ---------------------------------------------------------------------------------------
# 5. app errors are visible
# ---------------------------------------------------------------------------------------


def _script(tmp_path: Path, *extra: str) -> Path:
    lines = [
        '[[action]]\nat = 1\nclient = "u"\ndo = "click"\ntarget = "btn"\n',
        '[[action]]\nat = 2\nclient = "u"\ndo = "click"\ntarget = "no"\n',
        *extra,
    ]
    script = tmp_path / "s.toml"
    script.write_text("\n".join(lines), encoding="utf-8")
    return script


def test_a_failing_app_function_fails_the_run_and_shows_its_traceback(tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, "app.py", FAILING_APP)
    out_dir = tmp_path / "out"
    code = main(["simulate", str(path), "--script", str(_script(tmp_path)), "--out", str(out_dir), "--width", "200"])
    out = capsys.readouterr().out
    assert code == 1
    assert "ZeroDivisionError: division by zero" in out
    assert "app.py:5 in divide" in out and "app.py:8 in ratio" in out  # the app's own frames
    assert "FAIL seed 0: divide raised ZeroDivisionError" in out
    assert "✖ divide e1 ZeroDivisionError" in out  # the timeline's row
    assert "refuse raised" not in out  # gr.Error is the app talking to its user: no failure
    records = [json.loads(line) for line in (out_dir / "trace.jsonl").read_text().splitlines()]
    raised = [r for r in records if r.get("kind") == "job" and r.get("name") == "raise"]
    details = [r["detail"] if isinstance(r["detail"], dict) else json.loads(r["detail"]) for r in raised]
    by_type = {d["type"]: d for d in details}
    assert by_type["ZeroDivisionError"]["gradio_error"] is False
    assert by_type["ZeroDivisionError"]["frames"][-1].endswith("app.py:8 in ratio")
    assert by_type["Error"]["gradio_error"] is True


def test_an_expected_failure_does_not_fail_the_run(tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, "app.py", FAILING_APP)
    allowed = '[[expect]]\nfailure = "ZeroDivisionError"\nfn = "divide"\nat = 1.5\n'
    assert main(["simulate", str(path), "--quiet", "--script", str(_script(tmp_path, allowed))]) == 0
    assert "app function failed (expected): divide" in capsys.readouterr().out
    other = '[[expect]]\nfailure = "ValueError"\n'
    assert main(["simulate", str(path), "--quiet", "--script", str(_script(tmp_path, other))]) == 1
    late = '[[expect]]\nfailure = "ZeroDivisionError"\nat = 0.5\n'  # allowed, but not by t=0.5
    assert main(["simulate", str(path), "--quiet", "--script", str(_script(tmp_path, late))]) == 1
    assert "expected failure did not happen: ZeroDivisionError by t=0.5" in capsys.readouterr().out


def test_failures_are_reported_whatever_show_error_says(tmp_path: Path) -> None:
    path = _write(tmp_path, "app.py", FAILING_APP)
    for show_error in (False, True):
        with Simulation(path, launch={"show_error": show_error}) as sim:
            user = sim.client("u")
            user.click("btn")
            sim.run_until_idle()
            [failed] = sim.trace.app_failures()
            assert failed.failure["type"] == "ZeroDivisionError"
            # what the user was sent follows show_error; what the author sees does not
            assert (user.errors[0]["message"] is not None) is show_error


def test_an_injected_fault_is_the_scenarios_own_doing(tmp_path: Path) -> None:
    path = _write(tmp_path, "app.py", FAILING_APP)
    scenario = Scenario.from_dict(
        {
            "fault": [{"kind": "raise", "fn": "refuse"}],
            "action": [{"at": 1, "client": "u", "do": "click", "target": "no"}],
        }
    )
    sim, outcome = run_scenario(path, scenario)
    try:
        assert sim.trace.jobs()[0].outcome == "failed"
        assert outcome.ok and not outcome.app_failures
    finally:
        sim.close()


def test_an_app_made_of_several_files_loads_again_in_the_same_process(tmp_path: Path) -> None:
    # Gradio's native_plots demo: each tab is a Blocks from a sibling module, rendered in.
    _write(tmp_path, "part.py", "import gradio as gr\nwith gr.Blocks() as part:\n    gr.Textbox(label='inner')\n")
    path = _write(
        tmp_path,
        "app.py",
        "import gradio as gr\nfrom part import part\nwith gr.Blocks() as demo:\n    with gr.Tab('one'):\n"
        "        part.render()\n",
    )
    first, second = load_app(path), load_app(path)
    assert first.app is not second.app
    assert [c["props"].get("label") for c in second.app.get_config()["components"]].count("inner") == 1
