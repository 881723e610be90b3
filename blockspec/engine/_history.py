"""What happened in a run, in order: the engine's history.

Every job transition, every message sent, every slot taken and given back, every unload and
every deleted file is one :class:`Record`. A record holds only strings, numbers and JSON
text, so a history serialises to the same bytes whenever the same run happens again
(:meth:`History.to_jsonl`) -- the basis of replay and of the property tests.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator, Sequence
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
    #: JSON text; or a message record, a dict, list or tuple, rendered to JSON text only when the
    #: record is serialised (most records of a long run never are)
    detail: Any = None

    @property
    def detail_text(self) -> str | None:
        detail = self.detail
        if detail is None or isinstance(detail, str):
            return detail
        if isinstance(detail, (dict, list, tuple)):
            return json.dumps(detail, sort_keys=True, separators=(", ", ": "))
        return detail.dumps()

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
    """An append-only record of a run; optionally, callbacks see each record as it is added.

    A long simulation adds millions of records and reads most of them once, at the end, so
    they are kept as columns -- times in a float array, the other fields side by side in one
    flat list -- and become :class:`Record` objects only when read. No per-record object
    lives for the whole run: that keeps memory small and the garbage collector, which walks
    every live container it is given, out of the hot path.
    """

    def __init__(self, *, keep: bool = True) -> None:
        self._times = array("d")
        #: _FIELDS values per record, one record after the other
        self._fields: list[Any] = []
        self._records: list[Record] = []
        self._keep = keep
        self._added = 0
        self.listeners: list[Any] = []

    @property
    def active(self) -> bool:
        """Whether adding records does anything (kept, or someone listens)."""
        return self._keep or bool(self.listeners)

    def add(
        self,
        t: float,
        kind: str,
        name: str,
        session: str | None = None,
        event_id: str | None = None,
        dep_id: int | None = None,
        state: str | None = None,
        group: str | None = None,
        detail: Any = None,
    ) -> None:
        seq = self._added
        self._added = seq + 1
        fields = (kind, name, session, event_id, dep_id, state, group, detail)
        if self._keep:
            self._times.append(t)
            self._fields += fields
        if self.listeners:
            record = _make(seq, t, fields)
            for listener in self.listeners:
                listener(record)

    def _record(self, seq: int) -> Record:
        at = seq * _WIDTH
        return _make(seq, self._times[seq], self._fields[at : at + _WIDTH])

    @property
    def records(self) -> list[Record]:
        """Every record so far, in order."""
        made = len(self._records)
        if made < len(self._times):
            self._records.extend(map(self._record, range(made, len(self._times))))
        return self._records

    def select(self, kind: str, name: str | None = None) -> list[Record]:
        """The records of one kind (and name), in order, without making the others."""
        kinds = self._fields[0::_WIDTH]
        seqs = [seq for seq, k in enumerate(kinds) if k == kind]
        if name is not None:
            names = self._fields[1::_WIDTH]
            seqs = [seq for seq in seqs if names[seq] == name]
        if len(self._records) == len(self._times):
            return [self._records[seq] for seq in seqs]
        return [self._record(seq) for seq in seqs]

    @property
    def end_time(self) -> float:
        """The time of the last record (0 if there is none)."""
        return self._times[-1] if self._times else 0.0

    @property
    def latest_time(self) -> float:
        """The latest time of any record (0 if there is none): records may be added out of
        time order (a scenario's own records, say)."""
        return max(self._times, default=0.0)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self._times)

    def to_jsonl(self) -> str:
        return "".join(json.dumps(r.to_json(), separators=(",", ":")) + "\n" for r in self.records)


#: the fields of a record besides seq and t, as History stores them
_WIDTH = 8


def _make(seq: int, t: float, fields: Sequence[Any]) -> Record:
    kind, name, session, event_id, dep_id, state, group, detail = fields
    return Record(
        seq=seq,
        t=t,
        kind=kind,
        name=name,
        session=session,
        event_id=event_id,
        dep_id=dep_id,
        state=state,
        group=group,
        detail=detail,
    )
