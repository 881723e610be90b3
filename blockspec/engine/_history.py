"""What happened in a run, in order: the engine's history.

Every job transition, every message sent, every slot taken and given back, every unload and
every deleted file is one :class:`Record`. A record holds only strings, numbers and JSON
text, so a history serialises to the same bytes whenever the same run happens again
(:meth:`History.to_jsonl`) -- the basis of replay and of the property tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import attrs

__all__ = ["Record", "History"]


@attrs.frozen(kw_only=True)
class Record:
    """One thing that happened.

    ``kind``: "job" (a lifecycle transition; ``name`` is the trigger, ``state`` the new
    state), "message" (``name`` is the msg type, ``detail`` its JSON), "slot" ("acquire" /
    "release" of a concurrency slot by a run of one or more jobs), "discard" (a cancelled
    job's function finished; its result was dropped), "unload", "session", "file".
    """

    seq: int
    t: float
    kind: str
    name: str
    session: str | None = None
    event_id: str | None = None
    dep_id: int | None = None
    state: str | None = None
    group: str | None = None
    #: JSON text, or a message record (rendered to its JSON text only when serialised)
    detail: Any = None

    @property
    def detail_text(self) -> str | None:
        if self.detail is None or isinstance(self.detail, str):
            return self.detail
        return self.detail.dumps()

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "t": self.t,
            "kind": self.kind,
            "name": self.name,
            "session": self.session,
            "event_id": self.event_id,
            "dep_id": self.dep_id,
            "state": self.state,
            "group": self.group,
            "detail": self.detail_text,
        }

    @property
    def payload(self) -> Any:
        text = self.detail_text
        return None if text is None else json.loads(text)


class History:
    """An append-only list of records; optionally, a callback sees each as it is added."""

    def __init__(self, *, keep: bool = True) -> None:
        self.records: list[Record] = []
        self._keep = keep
        self._seq = 0
        self.listeners: list[Any] = []

    @property
    def active(self) -> bool:
        """Whether adding records does anything (kept, or someone listens)."""
        return self._keep or bool(self.listeners)

    def add(self, t: float, kind: str, name: str, **fields: Any) -> Record:
        record = Record(seq=self._seq, t=t, kind=kind, name=name, **fields)
        self._seq += 1
        if self._keep:
            self.records.append(record)
        for listener in self.listeners:
            listener(record)
        return record

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind]

    def to_jsonl(self) -> str:
        return "".join(json.dumps(r.to_json(), separators=(",", ":")) + "\n" for r in self.records)
