"""Seed campaigns on a Dask cluster: a local two-worker cluster started in the test."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from blockspec._errors import DefinitionError
from blockspec.sim import Scenario
from blockspec.sim._campaign import CampaignSpec, app_path, run_campaign

distributed = pytest.importorskip("distributed", reason="Dask distributed is the `cluster` extra")

ROOT = Path(__file__).resolve().parent.parent
NOTE = ROOT / "examples" / "shared_note.py"
#: The acceptance size is 1,000 seeds; CI runs a smaller campaign, BLOCKSPEC_LONG=1 the full one.
SEEDS = 1000 if os.environ.get("BLOCKSPEC_LONG") else 120


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as local:
        yield local.scheduler_address


def _spec() -> CampaignSpec:
    return CampaignSpec.for_app(NOTE, Scenario.from_toml(NOTE.with_suffix(".toml")))


def test_serial_two_processes_and_a_two_worker_cluster_give_byte_identical_json(cluster) -> None:
    seeds = range(SEEDS)
    serial = run_campaign(_spec(), seeds).dumps()
    pooled = run_campaign(_spec(), seeds, workers=2).dumps()
    seen = []
    clustered = run_campaign(_spec(), seeds, cluster=cluster, block_size=16, on_results=seen.append).dumps()
    assert serial == pooled == clustered
    summary = json.loads(clustered)
    assert summary["failed"] > 0 and summary["distinct_traces"] > 3
    # results streamed back block by block (what the progress bar is fed)
    assert len(seen) == -(-SEEDS // 16) and sorted(r.seed for block in seen for r in block) == list(seeds)


def test_the_command_line_runs_a_campaign_on_the_cluster(cluster, capsys) -> None:
    from blockspec.cli import main

    assert main(["simulate", str(NOTE), "--seeds", "0..29", "--cluster", cluster, "--json", "--no-shrink"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out) == json.loads(run_campaign(_spec(), range(30)).dumps())
    assert "30/30" in captured.err


def test_a_worker_without_the_app_file_loads_the_text_the_campaign_carries(tmp_path) -> None:
    app = tmp_path / "app.py"
    app.write_text(NOTE.read_text())
    spec = CampaignSpec.for_app(app, Scenario.from_toml(NOTE.with_suffix(".toml")))
    app.unlink()  # as on a machine that never had it
    copy = Path(app_path(spec))
    assert copy != app and copy.read_text() == spec.source
    assert (
        run_campaign(spec, range(10)).dumps().replace("app.py", "shared_note.py")
        == run_campaign(_spec(), range(10)).dumps()
    )


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    with pytest.raises(DefinitionError, match="is not a reachable Dask scheduler"):
        run_campaign(_spec(), range(3), cluster="tcp://127.0.0.1:9", connect_timeout=1)
