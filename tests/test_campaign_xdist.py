"""The pytest plugin under pytest-xdist (`pytest -n 2`): seeds and failures reported per test."""

from __future__ import annotations

import re
import textwrap

import pytest

pytest.importorskip("xdist", reason="pytest-xdist is in the test extra")
pytest_plugins = ["pytester"]

TESTS = textwrap.dedent(
    """
    import pytest
    import blockspec as gr

    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        box.submit(lambda text: text.upper(), box, box)

    @pytest.mark.parametrize("seed", [11, 22, 33, 44])
    def test_fails_with_its_own_seed(sim, seed):
        s = sim(demo, seed=seed)
        s.client("u").fill("box", "hi").submit("box")
        assert s.seed != seed, "planted failure"

    @pytest.mark.parametrize("n", range(4))
    def test_the_forced_seed_reaches_every_worker(sim, n):
        s = sim(demo)
        s.client("u").fill("box", "hi").submit("box")
        assert (s.seed, s.clients["u"].value("box")) == (99, "HI")

    def test_worker(worker_id):
        assert worker_id.startswith("gw")  # really under xdist
    """
)


def test_under_two_workers_each_failure_names_its_own_seed(pytester) -> None:
    pytester.makepyfile(TESTS)
    result = pytester.runpytest_subprocess("-n", "2", "--sim-seed", "99")
    result.assert_outcomes(failed=4, passed=5)
    out = result.stdout.str()
    # One report per failing test, each with its own "blockspec" section.
    sections = re.split(r"\n_+ (test_\S+) _+\n", out)
    reports = dict(zip(sections[1::2], sections[2::2]))
    for seed in (11, 22, 33, 44):
        report = reports[f"test_fails_with_its_own_seed[{seed}]"]
        assert "- blockspec -" in report
        assert f"seed={seed}, group_order='fifo'" in report
        assert f"test_fails_with_its_own_seed[{seed}] --sim-seed {seed}" in report
    assert re.search(r"\[gw[01]\]", out)  # the reports came from the workers
