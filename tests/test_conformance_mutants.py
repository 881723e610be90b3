"""The mutation run: every deliberately broken implementation fails at least one clause."""

from __future__ import annotations

from conformance import load_catalogue
from conformance._cases import load_cases
from conformance._mutants import MUTANTS, mutant, mutation_run
from conformance._runner import run_suite
from conformance._targets import SimTarget


def test_every_mutant_is_caught_by_some_clause() -> None:
    catalogue = load_catalogue()
    result = mutation_run(load_cases(catalogue), catalogue)
    assert result["total"] == len(MUTANTS) >= 10
    assert [m["name"] for m in result["mutants"] if not m["failing"]] == []
    named = {m["name"]: m["failing"] for m in result["mutants"]}
    assert "QUEUE.FIFO.1" in named["lifo"]
    assert "UNLOAD.1" in named["unload-twice"] and "UNLOAD.1" in named["unload-never"]
    assert "LISTENER.TRIGGER_MODE.ONCE.1" in named["once-admits-a-second"]


def test_a_mutant_is_undone_when_its_block_ends() -> None:
    catalogue = load_catalogue()
    case = next(c for c in load_cases(catalogue) if c.name == "default-limit-one")
    with mutant("lifo"):
        broken = run_suite(SimTarget(), [case], catalogue).results
    again = run_suite(SimTarget(), [case], catalogue).results
    assert any(r.clause == "QUEUE.FIFO.1" and r.verdict == "fail" for r in broken)
    assert all(r.verdict == "pass" for r in again if r.clause == "QUEUE.FIFO.1")
