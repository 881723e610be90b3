"""The conformance suite itself: its catalogue, its coverage of the docs, and the sim target."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from conformance import CatalogueError, docs_sentences, find_docs, load_catalogue
from conformance._cases import load_cases
from conformance._coverage import COVERAGE_PATH, render, uncovered
from conformance._mutants import mutant
from conformance._report import Failure, markdown, suite_json
from conformance._runner import run_suite
from conformance._targets import SimTarget

ROOT = Path(__file__).resolve().parent.parent
DOCS = find_docs(ROOT)
needs_docs = pytest.mark.skipif(DOCS is None, reason="the shared docs (../shared/spec/blocks-docs.txt) are absent")


@needs_docs
def test_every_behavioural_sentence_of_the_docs_has_a_clause() -> None:
    sentences = docs_sentences(DOCS.read_text(encoding="utf-8"))
    catalogue = load_catalogue(docs=sentences)  # every quote is a real sentence
    assert len(sentences) > 150
    assert uncovered(catalogue, sentences) == []


@needs_docs
def test_the_coverage_table_is_fresh() -> None:
    assert COVERAGE_PATH.read_text(encoding="utf-8") == render(), "run: python -m conformance.coverage"


def test_the_engines_sentence_ids_are_clauses() -> None:
    catalogue = load_catalogue()
    text = (ROOT / "tests" / "test_engine_sentences.py").read_text(encoding="utf-8")
    import re

    ids = set(re.findall(r'"""([A-Z][A-Z_]+(?:\.[A-Z_]+)+)', text))
    assert ids, "the sentence tests carry clause ids in their docstrings"
    assert sorted(i for i in ids if f"{i}.1" not in catalogue) == []


def test_clauses_name_tests_that_exist() -> None:
    for clause in load_catalogue().clauses:
        for ref in clause.tests:
            path, _, name = ref.partition("::")
            assert (ROOT / path).is_file(), f"{clause.id}: {path}"
            if name:
                assert f"def {name}(" in (ROOT / path).read_text(encoding="utf-8"), f"{clause.id}: {ref}"


def test_a_bad_clause_file_names_the_clause_and_the_fix(tmp_path) -> None:
    (tmp_path / "x.toml").write_text(
        '[[clause]]\nid = "QUEUE.X.1"\nlevel = "MAY"\nfeatures = ["queue"]\nsentence = "s"\n'
    )
    with pytest.raises(CatalogueError, match=r"x.toml: clause 1 \(QUEUE.X.1\): level 'MAY' is not one of MUST"):
        load_catalogue(tmp_path)
    (tmp_path / "x.toml").write_text('[[clause]]\nid = "QUEUE.X.1"\nlevel = "MUST"\nfeatures = ["queue"]\n')
    with pytest.raises(CatalogueError, match="quotes the docs .* or, where they are silent, states a `decision`"):
        load_catalogue(tmp_path)


def test_cases_name_known_clauses_and_checkers() -> None:
    catalogue = load_catalogue()
    cases = load_cases(catalogue)
    assert len(cases) >= 20
    assert all(c.clauses for c in cases)


def test_the_sim_target_passes_every_clause_but_its_known_failures_within_a_minute() -> None:
    catalogue = load_catalogue()
    started = time.monotonic()
    suite = run_suite(SimTarget(), load_cases(catalogue), catalogue)
    assert time.monotonic() - started < 60
    unexpected = [(r.case, r.clause, r.verdict, [c.seen for c in r.checks]) for r in suite.results if r.unexpected]
    assert unexpected == []
    assert {r.verdict for r in suite.results} >= {"pass"}
    data = suite_json(suite)
    assert data["run_info"]["target"] == "sim" and data["summary"]["unexpected"] == 0


def test_a_failure_shows_the_clause_a_replay_script_and_the_timeline() -> None:
    catalogue = load_catalogue()
    case = next(c for c in load_cases(catalogue) if c.name == "default-limit-one")
    with mutant("limit-plus-one"):  # a broken engine: one more job runs than the limit allows
        suite = run_suite(SimTarget(), [case], catalogue)
    failed = next(r for r in suite.results if r.verdict == "fail")
    console = Console(width=120, file=io.StringIO(), color_system=None)
    console.print(Failure(failed, catalogue))
    text = console.file.getvalue()
    assert failed.clause in text
    clause = catalogue.get(failed.clause)
    words = (clause.sentence or clause.statement or "").split()[:6]
    assert words and " ".join(words) in " ".join(text.split())
    assert "seed 0" in text and "Simulation(" in text and "sim.run(" in text
    assert "slow" in text  # the timeline names the function
    assert failed.clause in markdown([suite_json(suite)], catalogue)


def test_the_server_target_passes_every_clause_but_its_known_failures() -> None:
    """blockspec's own server over HTTP, driven by the reference frontend's HTTP transport
    (every case, on the real clock at 0.3 s per modelled second).

    At that scale some cases' actions are 30 ms apart (batch-no-waiting's clicks), so a pause
    of the shared machine can move a click into the next batch. A case with an unexpected
    verdict is therefore played again at 1.0 s per modelled second, and only what it gets
    there counts: a real fault reproduces at any scale, a 30 ms hiccup does not."""
    pytest.importorskip("hypercorn")
    from conformance._http_target import HttpTarget

    catalogue = load_catalogue()
    cases = load_cases(catalogue)

    def unexpected_at(scale: float, played: list[Any]) -> tuple[Any, list[tuple[Any, ...]]]:
        target = HttpTarget.blockspec_server(scale=scale)
        try:
            suite = run_suite(target, played, catalogue)
        finally:
            target.close()
        found = [
            (r.case, r.clause, r.verdict, [c.seen for c in r.checks], r.message) for r in suite.results if r.unexpected
        ]
        return suite, found

    suite, unexpected = unexpected_at(0.3, cases)
    if unexpected:
        missed = {case for case, *_ in unexpected}
        _, unexpected = unexpected_at(1.0, [c for c in cases if c.name in missed])
    assert unexpected == []
    assert sum(r.verdict == "pass" for r in suite.results) >= 40


def test_blockspec_conform_writes_report_json_for_the_clauses_asked(tmp_path) -> None:
    import json

    from blockspec.cli import main

    assert main(["conform", "--target", "sim", "--clauses", "QUEUE.MAX_SIZE", "--report", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["run_info"]["target"] == "sim" and data["run_info"]["suite_version"]
    assert {r["clause"] for r in data["results"]} == {"QUEUE.MAX_SIZE.1", "QUEUE.MAX_SIZE.FULL.1"}
    assert "| `QUEUE.MAX_SIZE.1` | pass |" in (tmp_path / "conformance.md").read_text(encoding="utf-8")
