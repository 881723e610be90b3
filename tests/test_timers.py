"""The timer wheel: tabs' Timers on one task, on the virtual clock."""

from __future__ import annotations

import random

import pytest
import trio

import blockspec as gr
from blockspec._determinism import run_virtual
from blockspec.frontend import TimerWheel
from blockspec.sim import Simulation


def _fire_log(script, *, rng: random.Random | None = None, until: float = 10.0) -> list[tuple[float, str]]:
    """Run ``script(wheel, log)`` with a wheel on the virtual clock until ``until`` (pick an
    ``until`` between ticks: a tick due at that very instant may or may not run first)."""
    log: list[tuple[float, str]] = []

    async def main() -> None:
        wheel = TimerWheel(rng=rng)
        async with trio.open_nursery() as nursery:
            nursery.start_soon(wheel.run)
            await script(wheel, log)
            await trio.sleep_until(until)
            nursery.cancel_scope.cancel()

    run_virtual(main)
    return log


def _note(log: list[tuple[float, str]], name: str):
    async def callback() -> None:
        log.append((trio.current_time(), name))

    return callback


def test_timers_fire_every_interval_in_time_order() -> None:
    async def script(wheel: TimerWheel, log) -> None:
        wheel.every(1.5, _note(log, "slow"))
        wheel.every(1.0, _note(log, "fast"))

    log = _fire_log(script, until=3.2)
    assert log == [(1.0, "fast"), (1.5, "slow"), (2.0, "fast"), (3.0, "slow"), (3.0, "fast")]


def test_ties_fire_in_start_order_and_a_seeded_rng_reorders_them_reproducibly() -> None:
    async def script(wheel: TimerWheel, log) -> None:
        for name in "abcdef":
            wheel.every(1.0, _note(log, name))

    assert [name for _, name in _fire_log(script, until=1.5)] == list("abcdef")
    orders = {
        seed: tuple(name for _, name in _fire_log(script, rng=random.Random(seed), until=1.5)) for seed in range(6)
    }
    assert all(sorted(order) == list("abcdef") for order in orders.values())
    assert len(set(orders.values())) > 1
    again = tuple(name for _, name in _fire_log(script, rng=random.Random(3), until=1.5))
    assert again == orders[3]


def test_a_cancelled_timer_stops_even_when_due_in_the_same_instant() -> None:
    handles = {}

    async def script(wheel: TimerWheel, log) -> None:
        async def first() -> None:
            log.append((trio.current_time(), "first"))
            handles["second"].cancel()

        handles["first"] = wheel.every(1.0, first)
        handles["second"] = wheel.every(1.0, _note(log, "second"))

    assert _fire_log(script, until=3.5) == [(1.0, "first"), (2.0, "first"), (3.0, "first")]


def test_a_timer_started_while_the_wheel_sleeps_wakes_it_earlier() -> None:
    async def script(wheel: TimerWheel, log) -> None:
        wheel.every(10.0, _note(log, "long"))
        await trio.sleep(1.0)  # the wheel now sleeps until t=10
        wheel.every(0.5, _note(log, "short"))

    log = _fire_log(script, until=2.6)
    assert log == [(1.5, "short"), (2.0, "short"), (2.5, "short")]


def test_a_timer_started_by_a_callback_runs_from_then() -> None:
    async def script(wheel: TimerWheel, log) -> None:
        async def starter() -> None:
            log.append((trio.current_time(), "starter"))
            if len(log) == 1:
                wheel.every(0.25, _note(log, "child"))

        wheel.every(1.0, starter)

    log = _fire_log(script, until=1.6)
    assert log == [(1.0, "starter"), (1.25, "child"), (1.5, "child")]


def test_an_interval_must_be_positive() -> None:
    with pytest.raises(ValueError, match="must be positive"):
        TimerWheel().every(0, _note([], "never"))


def _ticking_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        count = gr.Number(value=0, elem_id="count")
        demo.load(lambda n: n + 1, count, count, every=1)
    return demo


def test_every_tab_ticks_once_per_second_and_each_sees_its_own_result_at_once() -> None:
    with Simulation(_ticking_app()) as sim:
        tabs = [sim.client(f"tab{i}") for i in range(3)]
        sim.run(until=5)
        ticks = sim.trace.of("client", "tick")
        assert [r.t for r in ticks] == [float(t) for t in range(1, 6) for _ in tabs]
        # A tab's tick is answered before the next tab ticks: the output record of each
        # tick follows it directly in that tab's records.
        for tab in tabs:
            names = [r.name for r in sim.trace.records if r.kind == "client" and r.session == tab.session]
            assert names[-3:] == ["tick", "dispatch", "output"]
            assert tab.value("count") == 5  # ticks at t=1..5


def test_seeded_interleaving_changes_the_order_of_tabs_ticking_together() -> None:
    def order(seed: int) -> tuple[str, ...]:
        with Simulation(_ticking_app(), seed=seed, interleaving="seeded") as sim:
            for i in range(5):
                sim.client(f"tab{i}")
            sim.run(until=1)
            return tuple(r.session for r in sim.trace.of("client", "tick"))

    orders = {seed: order(seed) for seed in range(4)}
    assert len(set(orders.values())) > 1
    assert order(2) == orders[2]
