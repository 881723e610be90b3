"""A busy engine run, printed as its history: run by test_determinism.py in subprocesses.

usage: python tests/determinism_scenario.py SEED
Several concurrency groups compete (group order drawn from the seed), tasks wake together
(interleaving drawn from the seed), generators, batches, cancels and a disconnect.
"""

from __future__ import annotations

import sys

import blockspec as gr
from blockspec.engine import Durations
from blockspec.testing import run_engine


def echo(x):
    return x


def count(x):
    for i in range(3):
        yield f"{x}{i}"


def batched(xs):
    return ([x * 2 for x in xs],)


def build() -> gr.Blocks:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(echo, box, box, concurrency_limit=1)
        box.submit(lambda x: x, box, box, concurrency_limit=2)
        box.submit(count, box, box, concurrency_id="shared")
        box.submit(batched, box, box, batch=True, max_batch_size=3, concurrency_id="shared")
        box.submit(lambda x: x[::-1], box, box, concurrency_limit=None)
        demo.unload(lambda: None)
    return demo


async def scenario(engine) -> None:
    sessions = [engine.open_session(f"s{i}") for i in range(6)]
    submitted = []
    for round_ in range(8):
        for i, session in enumerate(sessions):
            if engine.sessions[session].closed:
                continue
            dep = (i + round_) % 5
            submitted.append((session, engine.submit(session, dep, [f"v{round_}{i}"])))
        await engine.clock.sleep(0.3)
        if round_ == 3:
            session, event_id = submitted[-4]
            engine.cancel(session, event_id)
        if round_ == 5:
            engine.close_session(sessions[2])


def history_text(seed: int) -> str:
    history = run_engine(
        build(),
        scenario,
        seed=seed,
        interleaving="seeded",
        group_order="random",
        durations=Durations(0.5, by_fn={"count": [0.2, 0.7, 0.1]}),
        heartbeat_interval=1.0,
    )
    return history.to_jsonl()


if __name__ == "__main__":
    sys.stdout.write(history_text(int(sys.argv[1])))
