"""A moving queue's estimations, recorded once per broadcast, read as the messages sent.

With N jobs waiting on one slot, every start sends an estimation to each of them. The
simulator's tabs read their messages from the history, so the engine records such a
broadcast once (``History.add_estimations``) and the history expands it when read. These
tests run the same scenario both ways -- once with a subscriber that takes every estimation
as it is sent, which makes the engine send them one by one -- and compare what any reader
sees: the trace's bytes, each tab's messages, the checks, the spans.
"""

from __future__ import annotations

import pytest

import blockspec as gr
from blockspec.engine import Durations
from blockspec.sim import Simulation
from blockspec.testing import messages_of, run_engine


def _app(status_update_rate: object = "auto") -> gr.Blocks:
    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        out = gr.Textbox(elem_id="out")
        slow = gr.Button("slow")
        fast = gr.Button("fast")
        batch = gr.Button("batch")
        stop = gr.Button("stop")

        def slow_fn(x: str) -> str:
            return x + "!"

        def fast_fn(x: str) -> str:
            return x + "?"

        def batch_fn(xs: list[str]) -> tuple[list[str]]:
            return ([x + "#" for x in xs],)

        # Two functions sharing one slot (a group whose estimates mix two means), a batch
        # listener that takes its jobs from the middle of its queue, and a cancel.
        run = slow.click(slow_fn, box, out, concurrency_limit=1, concurrency_id="gpu")
        fast.click(fast_fn, box, out, concurrency_limit=1, concurrency_id="gpu")
        batch.click(batch_fn, box, out, batch=True, max_batch_size=3, concurrency_limit=1, concurrency_id="b")
        stop.click(None, None, None, cancels=[run])
    demo.queue(status_update_rate=status_update_rate)
    return demo


def _play(sim: Simulation, *, eager: bool) -> None:
    names = [f"c{i}" for i in range(7)]
    clients = [sim.client(name) for name in names]
    if eager:
        # A subscriber that takes each estimation as it is sent: the engine must send them.
        async def subscribe() -> None:
            assert sim.engine is not None
            sim.engine.subscribe("c0", lambda message: None)

        sim.call(subscribe)
    for index, client in enumerate(clients):
        client.click(("slow", "fast", "batch")[index % 3])
    clients[3].click("stop")  # c3 cancels its queued slow job
    sim.run(seconds=1.5)
    clients[1].click("fast")
    clients[2].click("batch")
    clients[5].close()  # a queued job ends with its session
    sim.run_until_idle()


def _run(seed: int, *, eager: bool, status_update_rate: object = "auto") -> Simulation:
    sim = Simulation(
        _app(status_update_rate),
        seed=seed,
        interleaving="seeded",
        durations=Durations(0.0, by_fn={"slow_fn": 2.0, "fast_fn": 0.5, "batch_fn": 1.0}),
    )
    try:
        _play(sim, eager=eager)
    except BaseException:
        sim.close()
        raise
    return sim


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("status_update_rate", ["auto", 0.7])
def test_a_recorded_broadcast_reads_as_the_messages_sent_one_by_one(seed: int, status_update_rate: object) -> None:
    with _run(seed, eager=False, status_update_rate=status_update_rate) as once:
        with _run(seed, eager=True, status_update_rate=status_update_rate) as each:
            recorded, sent = once.history, each.history
            # The broadcasts were recorded once each in one run, sent one by one in the other.
            assert len(recorded._broadcasts) > 0 and len(recorded._times) < len(recorded)
            assert len(sent._broadcasts) == 0
            estimations = sent.select("message", "estimation")
            assert len({r.detail.queue_size for r in estimations}) > 2
            assert any(r.detail.rank_eta is not None for r in estimations)
            # What every reader sees is the same.
            assert once.trace.to_jsonl() == each.trace.to_jsonl()
            assert len(recorded) == len(sent)
            assert [r.to_json() for r in recorded.records] == [r.to_json() for r in sent.records]
            assert [r.to_json() for r in recorded.select("message")] == [r.to_json() for r in sent.select("message")]
            assert [r.to_json() for r in recorded.select("job", "start")] == [
                r.to_json() for r in sent.select("job", "start")
            ]
            for name in once.clients:
                assert once.clients[name].messages == each.clients[name].messages
            assert once.trace.jobs() == each.trace.jobs()
            assert once.trace.sessions == each.trace.sessions
            assert once.check() == each.check() == []


def test_a_tab_still_receives_each_estimation_of_a_moving_queue() -> None:
    with _run(0, eager=False) as sim:
        c6 = [m for m in sim.clients["c6"].messages if m["msg"] == "estimation"]
        # c6's slow job joined behind c1, c3 and c4 (fast, slow, fast) while c0's ran; c3
        # cancelled; each start told it where it stood: behind c4 when c1 started at t=2, at
        # the head when c4 started at 2.5 -- due in c4's 0.5 s plus its own 2 s.
        assert [(m["rank"], m["queue_size"], m["rank_eta"]) for m in c6] == [(3, 4, None), (1, 2, None), (0, 1, 2.5)]


def test_an_engine_whose_sessions_nobody_watches_records_broadcasts_once() -> None:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(lambda x: x, box, box, concurrency_limit=1)

    async def scenario(engine) -> None:
        for index in range(20):
            engine.submit(f"s{index}", 0, ["x"], duration=1.0)

    history = run_engine(demo, scenario)
    # s0 starts at once; s1..s18 each start with jobs still waiting behind them.
    assert len(history._broadcasts) == 18
    ranks = [m["rank"] for m in messages_of(history, "s19") if m["msg"] == "estimation"]
    # s19 joined behind 18 waiting jobs and heard its rank at each start before its own.
    assert ranks == list(range(18, -1, -1))


def _rendered_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        text = gr.Textbox(label="words", value="a b")
        out = gr.Textbox(label="out")
        slow = gr.Button("slow")

        def slow_fn() -> str:
            return "slow"

        # A static listener and the listeners a render adds share one slot: the group's
        # estimates mix their means, whichever joined first.
        slow.click(slow_fn, None, out, concurrency_limit=1, concurrency_id="gpu")

        @gr.render(inputs=text)
        def buttons(value):
            for word in value.split():
                btn = gr.Button(word)

                def shout(word=word):
                    return word.upper()

                btn.click(shout, None, out, concurrency_limit=1, concurrency_id="gpu")

    return demo


@pytest.mark.parametrize("eager", [False, True])
def test_rendered_listeners_queue_in_a_recorded_broadcast_as_in_a_sent_one(eager: bool) -> None:
    def play(eager: bool) -> tuple[str, dict[str, list]]:
        with Simulation(_rendered_app(), durations={"slow_fn": 2.0, "shout": 1.0}) as sim:
            clients = [sim.client(f"c{i}") for i in range(5)]
            sim.run_until_idle()  # the load renders
            if eager:

                async def subscribe() -> None:
                    assert sim.engine is not None
                    sim.engine.subscribe("c0", lambda message: None)

                sim.call(subscribe)
            # Twice: the second time every function's mean is known, each tab's rendered one too.
            for _ in range(2):
                for index, client in enumerate(clients):
                    client.click(("a", "slow", "b")[index % 3])
                sim.run_until_idle()
            assert sim.check() == []
            etas = [r.detail.rank_eta for r in sim.history.select("message", "estimation")]
            assert sum(eta is not None and eta > 2.0 for eta in etas) > 3
            assert (len(sim.history._broadcasts) > 0) is not eager
            return sim.trace.to_jsonl(), {name: c.messages for name, c in sim.clients.items()}

    assert play(eager) == play(not eager)
