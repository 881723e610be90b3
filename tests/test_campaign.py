"""Seed campaigns: `blockspec simulate app.py --seeds A..B`, its summary, progress and engines."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from rich.console import Console

from blockspec.cli import main
from blockspec.sim import Scenario
from blockspec.sim._campaign import CampaignSpec, SeedResult, Tally, run_campaign, run_seed, seed_blocks
from blockspec.sim._campaign_view import CampaignProgress, SummaryView
from blockspec.sim._coverage import SOMETIMES

ROOT = Path(__file__).resolve().parent.parent
NOTE = ROOT / "examples" / "shared_note.py"
QUEUE = ROOT / "examples" / "queue_limit.py"
#: The acceptance size is 1,000 seeds; CI runs a smaller campaign, BLOCKSPEC_LONG=1 the full one.
SEEDS = 1000 if os.environ.get("BLOCKSPEC_LONG") else 120


def _spec(app: Path = NOTE, **options) -> CampaignSpec:
    return CampaignSpec.for_app(app, Scenario.from_toml(app.with_suffix(".toml")), **options)


def test_the_same_seed_replays_the_same_trace_many_times_in_one_process() -> None:
    # Seeded interleaving once drew a different number of times per run depending on when
    # the driving thread's calls reached trio, so one seed gave two traces in one process.
    spec = _spec()
    for seed in (3, 5):
        digests = {run_seed(spec, seed).digest for _ in range(10)}
        assert len(digests) == 1, f"seed {seed} gave {len(digests)} different traces"


def test_exploring_is_on_in_a_sweep_and_the_header_says_so(capsys) -> None:
    assert main(["simulate", str(QUEUE), "--seeds", "0..4"]) == 0
    out = capsys.readouterr().out
    assert "exploring interleavings" in out and "--no-explore" in out
    assert main(["simulate", str(QUEUE), "--seeds", "0..4", "--no-explore"]) == 0
    out = capsys.readouterr().out
    assert "not exploring (--no-explore)" in out
    assert "every seed ran the same way" in out


def test_explore_changes_what_seeds_do() -> None:
    explored = run_campaign(_spec(), range(40))
    flat = run_campaign(_spec(explore=False), range(40))
    assert explored.distinct > flat.distinct
    assert explored.failed > 0 and explored.ok > 0  # the planted race: some seeds only


def test_a_big_sweep_prints_one_screen_not_a_row_per_seed(tmp_path, capsys) -> None:
    argv = ["simulate", str(NOTE), "--seeds", f"0..{SEEDS - 1}", "--width", "120", "--no-shrink"]
    code = main([*argv, "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    lines = out.splitlines()
    assert len(lines) < 60, f"{len(lines)} lines for {SEEDS} seeds"  # the shrunk scenario adds ~45
    summary = json.loads((tmp_path / "campaign.json").read_text())
    assert f"{summary['distinct_traces']} distinct trace(s)" in out
    assert f"{SEEDS:,} seeds (0..{SEEDS - 1}): {summary['ok']:,} OK, {summary['failed']:,} failing" in out
    # failing seeds grouped by what failed: the planted expectation, with its count
    [failure] = summary["failures"]
    assert failure["failure"] == "expectation t=3 ana: Shared equals 'buy milk'"
    assert failure["seeds"] == summary["failed"]
    assert f"{failure['seeds']:,} │" in out and failure["failure"] in out
    # the first failing seed's report and its reproduction
    first = summary["first_failing_seed"]
    assert f"the first: seed {first}" in out
    assert "✗ expect t=3 ana: Shared is ''" in out
    assert f"--seed {first} --explore" in out


def test_the_progress_bar_shows_seeds_rate_eta_and_failures() -> None:
    console = Console(file=io.StringIO(), width=140, record=True)
    spec = _spec()
    with CampaignProgress(console, 30) as progress:
        run_campaign(spec, range(30), on_results=progress.advance)
    text = console.export_text()
    assert "30/30 seeds" in text
    assert "seeds/s" in text and "ETA" in text
    assert f"{progress.failed} failing" in text and progress.failed > 0


def test_the_summary_view_groups_by_outcome() -> None:
    summary = run_campaign(_spec(), range(60))
    console = Console(file=io.StringIO(), width=140, record=True)
    console.print(SummaryView(summary, wall=2.0, engine="in this process"))
    text = console.export_text()
    assert "60 seeds (0..59)" in text and "30.0 seeds/s" in text
    for digest, count, _, ok in summary.digests:
        assert f"{digest} │ {count:>5,} │ {'OK' if ok else 'FAIL'}" in text
    assert "failing seeds, by what failed" in text
    assert "what the seeds explored" in text
    assert "a cancel hit a running generator" in text
    assert "reached by no seed:" in text and "queue-full" in text


def test_json_summary_is_for_machines(capsys) -> None:
    assert main(["simulate", str(NOTE), "--seeds", "0..19", "--json"]) == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)  # nothing but the JSON on standard output
    assert data["seeds"] == {"first": 0, "last": 19, "count": 20}
    assert data["ok"] + data["failed"] == 20
    assert sum(t["seeds"] for t in data["traces"]) == 20
    assert [c["event"] for c in data["coverage"]] == [s.name for s in SOMETIMES]
    assert data["failures"][0]["seeds"] == data["failed"]
    assert "20/20" in captured.err  # the progress bar goes to standard error


def test_serial_and_two_workers_give_byte_identical_json() -> None:
    # (tests/test_campaign_cluster.py compares these two and a Dask cluster on more seeds)
    seeds = range(60)
    serial = run_campaign(_spec(), seeds).dumps()
    pooled = run_campaign(_spec(), seeds, workers=2, block_size=7).dumps()
    assert serial == pooled
    assert json.loads(serial)["distinct_traces"] > 3  # the seeds explored something


def test_the_tally_does_not_depend_on_arrival_order() -> None:
    results = [
        SeedResult(seed=s, digest="ab"[s % 2], ok=s % 3 != 0, failures=() if s % 3 else ("x",), first_failure="f")
        for s in range(30)
    ]
    forward, backward = Tally(spec=_spec(), seeds=range(30)), Tally(spec=_spec(), seeds=range(30))
    forward.add(results)
    backward.add(reversed(results))
    assert forward.summary() == backward.summary()
    summary = forward.summary()
    assert summary.first_failing == 0
    assert summary.failures == (("x", 10, (0, 3, 6, 9, 12, 15, 18, 21, 24, 27)),)


def test_seed_blocks_cover_every_seed_once() -> None:
    blocks = seed_blocks(range(5, 23), 4)
    assert blocks[0] == (5, 8) and blocks[-1] == (21, 22)
    assert [s for first, last in blocks for s in range(first, last + 1)] == list(range(5, 23))


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--seeds", "0..9", "--workers", "0"], "`--workers=0` is not positive"),
        (["--seeds", "0..9", "--block-size", "0"], "`--block-size=0` is not positive"),
        (["--seeds", "9..0"], "is empty (B < A)"),
    ],
)
def test_bad_campaign_options_say_what_to_do(argv, said, capsys) -> None:
    try:
        code = main(["simulate", str(QUEUE), *argv])
    except SystemExit as exc:
        code, text = 2, str(exc)
    else:
        text = capsys.readouterr().err
    assert code != 0
    assert said in text


def _reached(app: Path, **overrides) -> dict[str, int]:
    from blockspec.sim import run_scenario
    from blockspec.sim._coverage import reached

    sim, _ = run_scenario(app, Scenario.from_toml(app.with_suffix(".toml")).overridden(**overrides))
    try:
        return reached(sim.history, sim.graph)
    finally:
        sim.close()


def test_coverage_counts_the_sometimes_events_a_run_reached() -> None:
    assert _reached(QUEUE) == {"queue-full": 1}  # dev finds the queue full
    note = _reached(NOTE, seed=1)
    assert note["cancel-mid-stream"] == 1  # cleo's Stop lands mid-stream
    assert note["result-discarded"] >= 1
    assert _reached(ROOT / "examples" / "cancel_generator.py") == {"cancel-mid-stream": 1, "result-discarded": 1}


def test_coverage_sees_groups_served_out_of_order_only_when_the_queue_chooses() -> None:
    contention = ROOT / "tests" / "apps" / "contention.py"
    fifo = _reached(contention, seed=4)
    explored = [_reached(contention, seed=s, group_order="random", interleaving="seeded") for s in range(6)]
    assert "groups-out-of-order" not in fifo
    assert any("groups-out-of-order" in r for r in explored)


def test_a_campaign_counts_seeds_and_times_per_event() -> None:
    summary = run_campaign(_spec(), range(30))
    coverage = {name: (seeds, times) for name, _, seeds, times in summary.coverage}
    assert coverage["cancel-mid-stream"] == (30, 30)  # every seed: Stop at 1.7 hits the stream
    assert 0 < coverage["unload-mid-stream"][0] < 30  # dev closes mid-stream for some seeds
    assert coverage["queue-full"] == (0, 0)


def test_the_campaign_docs_name_every_sometimes_event() -> None:
    docs = (ROOT / "docs" / "campaigns.md").read_text()
    missing = [event.name for event in SOMETIMES if f"`{event.name}`" not in docs]
    assert not missing, f"docs/campaigns.md does not name {missing}"


def test_an_app_function_that_raises_for_some_seeds_is_a_failure_group(tmp_path) -> None:
    app = tmp_path / "flaky.py"
    app.write_text(
        "import random\n"
        "import gradio as gr\n\n"
        "def roll():\n"
        "    if random.random() < 0.5:\n"
        "        raise ValueError('unlucky')\n"
        "    return 'ok'\n\n"
        "with gr.Blocks() as demo:\n"
        "    out = gr.Textbox(elem_id='out')\n"
        "    gr.Button('Roll').click(roll, None, out)\n"
    )
    scenario = Scenario.from_dict({"action": [{"at": 1, "client": "u", "do": "click", "target": "Roll"}]})
    summary = run_campaign(CampaignSpec.for_app(app, scenario), range(20))
    assert 0 < summary.failed < 20  # the app's own `random` follows each seed
    assert summary.failures == (("app function roll raised ValueError", summary.failed, summary.failures[0][2]),)
