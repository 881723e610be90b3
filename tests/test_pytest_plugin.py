"""The pytest plugin and the scenario strategy, as a user of them sees them."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings

import blockspec as gr
from blockspec.testing import check_scenario, scenarios

pytest_plugins = ["pytester"]


def _counter_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        n = gr.Number(elem_id="n", value=0)
        box.submit(lambda text, count: (count or 0) + len(text or ""), [box, n], n)
        box.change(lambda text: text, box, gr.Textbox(elem_id="echo"))
        gr.Button("reset").click(lambda: 0, None, n)
    return demo


APP = _counter_app()


@pytest.mark.sim(seed=5, group_order="random")
def test_the_fixture_makes_simulations_with_the_markers_options(sim) -> None:
    simulation = sim(APP)
    assert (simulation.seed, simulation.group_order) == (5, "random")
    user = simulation.client("u")
    user.fill("box", "abc").submit("box")
    assert user.value("n") == 3.0


@settings(max_examples=25, deadline=None)
@given(scenario=scenarios(APP))
def test_random_scenarios_keep_every_invariant(scenario) -> None:
    check_scenario(APP, scenario)


def test_a_failing_scenario_reports_a_runnable_script() -> None:
    def broken(text):
        raise ValueError("boom")

    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        box.submit(broken, box, box)
    from blockspec.sim import Action, ClientPlan, Scenario

    failing = Scenario(
        clients=(ClientPlan(name="u"),),
        actions=(Action(at=1.0, client="u", do="trigger", target=box.id, event="submit"),),
        seed=12,
    )
    with pytest.raises(AssertionError) as info:
        check_scenario(demo, failing, ok_errors=False)
    message = str(info.value)
    assert "seed 12" in message
    assert "sim = Simulation('app.py  # the Blocks under test', seed=12" in message
    assert "u.trigger(" in message


def test_a_failing_test_gets_a_blockspec_report_section(pytester) -> None:
    pytester.makepyfile(
        textwrap.dedent(
            """
            import pytest
            import blockspec as gr

            with gr.Blocks() as demo:
                gr.Textbox(elem_id="box")

            @pytest.mark.sim(seed=42)
            def test_fails(sim):
                s = sim(demo)
                s.client("u")
                assert False
            """
        )
    )
    result = pytester.runpytest()  # the plugin loads through its entry point
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*blockspec*", "*seed=42*", "*--sim-seed 42*"])


def test_sim_seed_overrides_every_marker(pytester) -> None:
    pytester.makepyfile(
        textwrap.dedent(
            """
            import pytest
            import blockspec as gr

            with gr.Blocks() as demo:
                pass

            @pytest.mark.sim(seed=1)
            def test_seed(sim):
                assert sim(demo).seed == 99
            """
        )
    )
    result = pytester.runpytest("--sim-seed", "99")
    result.assert_outcomes(passed=1)
