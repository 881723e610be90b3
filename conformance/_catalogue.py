"""The clause catalogue: what the docs promise, one testable statement per clause.

Clauses are data, in ``conformance/clauses/*.toml`` (one file per part of the docs), read and
checked against :data:`SCHEMA` here. A clause is::

    [[clause]]
    id = "QUEUE.MAX_SIZE.FULL.1"   # SECTION.TOPIC[.SUB].N -- stable; never reused for another meaning
    sentence = "..."               # the docs' sentence, exactly (whitespace collapsed); absent for a
                                   # decision where the docs say nothing
    level = "MUST"                 # MUST | SHOULD | unspecified (how a failure is graded)
    features = ["queue", "max_size"]  # what an implementation needs for the clause to apply
    statement = "..."              # our testable reading of the sentence
    decision = "..."               # where the docs are silent or Gradio differs: what we decided ...
    reason = "..."                 # ... and why (required with a decision)
    gradio = "..."                 # what Gradio does, where it differs
    tests = ["tests/x.py::test_y"] # the project's own tests that check the clause

``not-behaviour.toml`` lists the docs' sentences that describe rather than promise (a
parameter's name, advice to the reader), each with the reason; every other sentence must be
quoted by at least one clause (:func:`coverage`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

__all__ = ["Clause", "Catalogue", "CatalogueError", "LEVELS", "load_catalogue", "CLAUSES_DIR"]

CLAUSES_DIR = Path(__file__).parent / "clauses"
LEVELS = ("MUST", "SHOULD", "unspecified")
_ID = re.compile(r"^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)*\.[0-9]+$")

#: key -> (type, required)
SCHEMA: dict[str, tuple[type | tuple[type, ...], bool]] = {
    "id": (str, True),
    "sentence": (str, False),
    "level": (str, True),
    "features": (list, True),
    "statement": (str, False),
    "decision": (str, False),
    "reason": (str, False),
    "gradio": (str, False),
    "tests": (list, False),
}


class CatalogueError(ValueError):
    """A clause file breaks the schema; the message names the file, the clause and the fix."""


@attrs.frozen(kw_only=True)
class Clause:
    id: str
    level: str
    features: tuple[str, ...]
    sentence: str | None = None
    statement: str | None = None
    decision: str | None = None
    reason: str | None = None
    gradio: str | None = None
    tests: tuple[str, ...] = ()
    source: str = ""

    @property
    def text(self) -> str:
        """What a report quotes: the docs' sentence, else the decision."""
        return self.sentence or self.decision or self.statement or ""

    @property
    def note(self) -> str:
        """The decision, its reason and Gradio's behaviour, in one line (for report notes)."""
        parts = []
        if self.decision:
            parts.append(f"Decision: {self.decision}")
        if self.reason:
            parts.append(f"Why: {self.reason}")
        if self.gradio:
            parts.append(f"Gradio: {self.gradio}")
        return " ".join(parts)


@attrs.frozen(kw_only=True)
class Catalogue:
    clauses: tuple[Clause, ...]
    not_behaviour: tuple[tuple[str, str], ...]

    def get(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(f"no clause {clause_id!r}; the ids are in conformance/clauses/*.toml")

    def __contains__(self, clause_id: object) -> bool:
        return any(c.id == clause_id for c in self.clauses)

    def select(self, prefix: str | None) -> list[Clause]:
        """Clauses whose id starts with ``prefix`` (all if None)."""
        return [c for c in self.clauses if not prefix or c.id.startswith(prefix)]

    def quoting(self, sentence: str) -> list[Clause]:
        return [c for c in self.clauses if c.sentence == sentence]


def _clause(entry: dict[str, Any], where: str) -> Clause:
    for key in entry:
        if key not in SCHEMA:
            raise CatalogueError(f"{where}: unknown key {key!r}. Use: {', '.join(SCHEMA)}.")
    for key, (kind, required) in SCHEMA.items():
        if key not in entry:
            if required:
                raise CatalogueError(f"{where}: `{key}` is missing. Give every clause `{key} = ...`.")
            continue
        if not isinstance(entry[key], kind):
            raise CatalogueError(f"{where}: `{key}` is {entry[key]!r}; it must be a {kind.__name__}.")
    clause_id = entry["id"]
    if not _ID.match(clause_id):
        raise CatalogueError(
            f"{where}: id {clause_id!r} is not SECTION.TOPIC.N (capitals, dots, a number last), e.g. QUEUE.FIFO.1."
        )
    if entry["level"] not in LEVELS:
        raise CatalogueError(f"{where}: level {entry['level']!r} is not one of {', '.join(LEVELS)}.")
    if not entry["features"] or not all(isinstance(f, str) for f in entry["features"]):
        raise CatalogueError(f"{where}: features must be a non-empty list of names, e.g. ['queue'].")
    if "sentence" not in entry and "decision" not in entry:
        raise CatalogueError(
            f"{where}: a clause quotes the docs (`sentence`) or, where they are silent, states a `decision`."
        )
    if "decision" in entry and "reason" not in entry:
        raise CatalogueError(f"{where}: a decision needs its `reason`.")
    return Clause(
        id=clause_id,
        level=entry["level"],
        features=tuple(entry["features"]),
        sentence=" ".join(entry["sentence"].split()) if "sentence" in entry else None,
        statement=entry.get("statement"),
        decision=entry.get("decision"),
        reason=entry.get("reason"),
        gradio=entry.get("gradio"),
        tests=tuple(entry.get("tests", ())),
        source=where.split(":")[0],
    )


def load_catalogue(directory: Path = CLAUSES_DIR, *, docs: Sequence[str] | None = None) -> Catalogue:
    """Read and check every clause file; with ``docs`` (its sentences), also check that each
    quoted sentence is one of them."""
    clauses: list[Clause] = []
    not_behaviour: list[tuple[str, str]] = []
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if path.name == "not-behaviour.toml":
            for i, entry in enumerate(data.get("sentence", [])):
                if set(entry) != {"text", "reason"}:
                    raise CatalogueError(f"{path.name}: entry {i + 1} needs exactly `text` and `reason`.")
                not_behaviour.append((" ".join(entry["text"].split()), entry["reason"]))
            continue
        unknown = set(data) - {"clause"}
        if unknown:
            raise CatalogueError(f"{path.name}: unknown table(s) {sorted(unknown)}; clause files hold [[clause]] only.")
        for i, entry in enumerate(data.get("clause", [])):
            clauses.append(_clause(entry, f"{path.name}: clause {i + 1} ({entry.get('id', '?')})"))
    seen: set[str] = set()
    for clause in clauses:
        if clause.id in seen:
            raise CatalogueError(f"{clause.source}: id {clause.id} is used twice; ids are unique across files.")
        seen.add(clause.id)
    if docs is not None:
        known = set(docs)
        for clause in clauses:
            if clause.sentence is not None and clause.sentence not in known:
                raise CatalogueError(
                    f"{clause.source}: {clause.id} quotes a sentence the docs do not have: {clause.sentence!r}. "
                    "Quote the docs exactly (see conformance/_docs.py for how they are cut)."
                )
        for text, _ in not_behaviour:
            if text not in known:
                raise CatalogueError(f"not-behaviour.toml lists a sentence the docs do not have: {text!r}.")
    return Catalogue(clauses=tuple(clauses), not_behaviour=tuple(not_behaviour))
