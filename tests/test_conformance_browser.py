"""The reference frontend against the real browser: what Gradio 4.44.1's frontend sent in
headless Chromium (conformance/recordings/, made by tools/record_browser.py) against what the
reference frontend sends in the simulator for the same case.

Every difference must be listed, with the clause that decides it, in
conformance/recordings/differences.toml; an unlisted difference, or a listed one that is
gone, fails. No browser is needed here.
"""

from __future__ import annotations

import contextlib
import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance import load_catalogue
from conformance._cases import load_cases
from conformance._observe import client_of
from conformance._targets import SimTarget

RECORDINGS = Path(__file__).resolve().parent.parent / "conformance" / "recordings"
FILES = sorted(RECORDINGS.glob("*.json"))
EXPECTED = tomllib.loads((RECORDINGS / "differences.toml").read_text(encoding="utf-8")) if FILES else {}


@contextlib.contextmanager
def sent_by_the_reference_frontend() -> Iterator[list[dict[str, Any]]]:
    """What every simulated tab submits and cancels, in order (a test-only patch)."""
    from blockspec.frontend import InProcessTransport

    sent: list[dict[str, Any]] = []
    submit, cancel = InProcessTransport.submit, InProcessTransport.cancel

    async def recording_submit(self, fn_index, data, *, event_data, trigger_id):  # noqa: ANN001
        sent.append(
            {"client": client_of(self.session_hash), "fn_index": fn_index, "trigger_id": trigger_id, "data": list(data)}
        )
        return await submit(self, fn_index, data, event_data=event_data, trigger_id=trigger_id)

    async def recording_cancel(self, event_id):  # noqa: ANN001
        sent.append({"client": client_of(self.session_hash), "cancel": True})
        return await cancel(self, event_id)

    InProcessTransport.submit, InProcessTransport.cancel = recording_submit, recording_cancel
    try:
        yield sent
    finally:
        InProcessTransport.submit, InProcessTransport.cancel = submit, cancel


def differences(browser: dict[str, Any], reference: list[dict[str, Any]]) -> list[str]:
    """Per client, the joins in order: fn_index, trigger_id and data compared one by one."""
    found: list[str] = []
    clients = sorted({j["client"] for j in browser["joins"]} | {j["client"] for j in reference})
    for client in clients:
        seen = [j for j in browser["joins"] if j["client"] == client]
        ours = [j for j in reference if j["client"] == client and "cancel" not in j]
        theirs_fns, ours_fns = [j["fn_index"] for j in seen], [j["fn_index"] for j in ours]
        if theirs_fns != ours_fns:
            found.append(f"{client}: joins {theirs_fns} (browser) vs {ours_fns} (reference)")
            continue
        for i, (b, r) in enumerate(zip(seen, ours)):
            for field in ("trigger_id", "data"):
                if b[field] != r[field]:
                    where = f"{client}: join {i} (fn {b['fn_index']}) {field}"
                    found.append(f"{where} {b[field]!r} (browser) vs {r[field]!r} (reference)")
    browser_cancels = len(browser["cancels"])
    our_cancels = sum("cancel" in j for j in reference)
    if browser_cancels != our_cancels:
        found.append(f"cancels: {browser_cancels} (browser) vs {our_cancels} (reference)")
    return found


@pytest.mark.skipif(not FILES, reason="no browser recordings (python tools/record_browser.py makes them)")
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_the_reference_frontend_sends_what_the_browser_sends(path: Path) -> None:
    recording = json.loads(path.read_text(encoding="utf-8"))
    catalogue = load_catalogue()
    case = next(c for c in load_cases(catalogue) if c.name == recording["case"])
    with sent_by_the_reference_frontend() as sent:
        SimTarget().run(case, seed=0)
    listed = EXPECTED.get(recording["case"], {}).get("difference", [])
    for entry in listed:
        assert entry["clause"] in catalogue, entry
    assert differences(recording, sent) == [entry["what"] for entry in listed]


def test_the_recordings_cover_the_frontends_clauses() -> None:
    if not FILES:
        pytest.skip("no browser recordings")
    covered = {json.loads(p.read_text(encoding="utf-8"))["case"] for p in FILES}
    wanted = {
        "trigger-once",
        "trigger-multiple",
        "trigger-always-last",
        "change-cascade",
        "then-success-after-success",
        "then-success-after-error",
        "every-then-cancel",
        "cancel-generator",
    }
    assert wanted <= covered
