"""A running simulation collects young garbage less often (``blockspec/sim/_stepped.py``,
``_hold_gc``), and puts the caller's collector thresholds back when it ends."""

from __future__ import annotations

import gc

import blockspec as gr
from blockspec.sim import Simulation


def _app() -> gr.Blocks:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button("go").click(lambda x: x, box, box)
    return demo


def test_the_thresholds_are_raised_while_simulations_run_and_put_back_after_the_last() -> None:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        with Simulation(_app()) as first:
            assert gc.get_threshold() == (10_000, 10, 10)
            with Simulation(_app()) as second:
                second.client("b").click("go")
            assert gc.get_threshold() == (10_000, 10, 10)  # the first still runs
            first.client("a").click("go")
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_a_collector_the_caller_turned_off_stays_off() -> None:
    before = gc.get_threshold()
    gc.set_threshold(0)
    try:
        with Simulation(_app()) as sim:
            assert gc.get_threshold()[0] == 0
            sim.client("a").click("go")
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)
