"""What happened in a run, in order: the engine's history.

Every job transition, every message sent, every slot taken and given back, every unload and
every deleted file is one :class:`Record`. A record holds only strings, numbers and JSON
text, so a history serialises to the same bytes whenever the same run happens again
(:meth:`History.to_jsonl`) -- the basis of replay and of the property tests.

One thing is stored in less than one record each: a broadcast of estimations. Each time a
slot of a busy concurrency group is taken, every job still waiting there is told its new
rank -- with N jobs queued that is N messages a start, N squared over the queue's life. When
no one takes those messages as they are sent (see ``Engine.subscribe``), the engine records
the broadcast once (:meth:`History.add_estimations`): its time, group, size and the means its
estimates come from. Readers still see one "message" record per waiting job, made when read:
who was waiting, in which order, follows from the job records before it.
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from ._messages import Estimation
from ._queue import rank_etas_of

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
        # Where recorded broadcasts are (their places in the columns), and how many records
        # beyond one each stands for, summed up to and including it.
        self._broadcasts: list[int] = []
        self._beyond: list[int] = []

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

    def add_estimations(
        self, t: float, group: str, count: int, limit: int | None, until_free: float | None, means: dict[int, Any]
    ) -> None:
        """One broadcast of estimations to the ``count`` jobs waiting in ``group``, stored
        once: read, it is one "message" record per waiting job, in queue order, each with
        the estimation the engine would have sent (``means``: each dependency's mean
        duration then; ``until_free``: seconds until a slot frees)."""
        if self.listeners:
            # A listener takes each record as it is added: it must be sent the messages.
            raise RuntimeError("a broadcast is recorded once only in a history no one listens to")
        self._added += count
        if self._keep:
            self._broadcasts.append(len(self._times))
            self._beyond.append((self._beyond[-1] if self._beyond else 0) + count - 1)
            self._times.append(t)
            self._fields += (
                _BROADCAST,
                "estimation",
                None,
                None,
                None,
                None,
                group,
                _Broadcast(count, limit, until_free, means),
            )

    def _seq(self, index: int) -> int:
        """The seq of the record stored at ``index`` (broadcasts before it count many)."""
        before = bisect_left(self._broadcasts, index)
        return index + self._beyond[before - 1] if before else index

    def _record(self, index: int) -> Record:
        at = index * _WIDTH
        return _make(self._seq(index), self._times[index], self._fields[at : at + _WIDTH])

    def _stream(self, *, broadcasts: bool = True) -> Iterator[Record]:
        """Every record in order, a broadcast's expanded (or, ``broadcasts=False``, left out)."""
        times, fields = self._times, self._fields
        replay = _Replay() if broadcasts else None
        seq = 0
        for index in range(len(times)):
            at = index * _WIDTH
            kind = fields[at]
            if kind == _BROADCAST:
                broadcast = fields[at + 7]
                if replay is not None:
                    yield from replay.expand(seq, times[index], fields[at + 6], broadcast)
                seq += broadcast.count
                continue
            if replay is not None and kind == "job":
                replay.follow(fields[at + 1], fields[at + 2], fields[at + 3], fields[at + 4], fields[at + 6])
            yield _make(seq, times[index], fields[at : at + _WIDTH])
            seq += 1

    def iter(self, *, broadcasts: bool = True) -> Iterator[Record]:
        """The records in order; ``broadcasts=False`` leaves out the estimations of recorded
        broadcasts (a reader that needs only the queue's movement, not each job's rank)."""
        if broadcasts or not self._broadcasts:
            return iter(self.records)
        return self._stream(broadcasts=False)

    @property
    def records(self) -> list[Record]:
        """Every record so far, in order."""
        made = len(self._records)
        if not self._broadcasts:
            if made < len(self._times):
                self._records.extend(map(self._record, range(made, len(self._times))))
        elif made < len(self):
            self._records = list(self._stream())
        return self._records

    def select(self, kind: str, name: str | None = None) -> list[Record]:
        """The records of one kind (and name), in order, without making the others."""
        if self._broadcasts and kind == "message" and name in (None, "estimation"):
            source = self._records if len(self._records) == len(self) else self._stream()
            return [r for r in source if r.kind == kind and (name is None or r.name == name)]
        kinds = self._fields[0::_WIDTH]
        found = [index for index, k in enumerate(kinds) if k == kind]
        if name is not None:
            names = self._fields[1::_WIDTH]
            found = [index for index in found if names[index] == name]
        if len(self._records) == len(self):
            return [self._records[self._seq(index)] for index in found]
        return [self._record(index) for index in found]

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
        return len(self._times) + (self._beyond[-1] if self._beyond else 0)

    def to_jsonl(self) -> str:
        records = self._stream() if self._broadcasts else self.records
        return "".join(json.dumps(r.to_json(), separators=(",", ":")) + "\n" for r in records)


#: the fields of a record besides seq and t, as History stores them
_WIDTH = 8

#: the kind under which a broadcast of estimations is stored (never a record's kind)
_BROADCAST = "message+broadcast"


class _Broadcast:
    """What a recorded broadcast's estimates are computed from."""

    __slots__ = ("count", "limit", "until_free", "means")

    def __init__(self, count: int, limit: int | None, until_free: float | None, means: dict[int, Any]) -> None:
        self.count = count
        self.limit = limit
        self.until_free = until_free
        self.means = means


class _Replay:
    """The queue as the job records tell it, for expanding recorded broadcasts: each group's
    waiting jobs in arrival order (the engine's FIFO; a batch takes its jobs from anywhere in
    it, and so does a cancel, each with a record of its own)."""

    def __init__(self) -> None:
        self.waiting: dict[str | None, dict[str, tuple[str | None, int | None]]] = {}

    def follow(
        self, name: str, session: str | None, event_id: str | None, dep_id: int | None, group: str | None
    ) -> None:
        if name == "accept":
            self.waiting.setdefault(group, {})[event_id] = (session, dep_id)  # type: ignore[index]
        else:
            # start, cancel or close: a queued job leaves the queue (others are not in it)
            self.waiting.get(group, {}).pop(event_id, None)  # type: ignore[arg-type]

    def expand(self, seq: int, t: float, group: str | None, broadcast: _Broadcast) -> Iterator[Record]:
        waiting = self.waiting.get(group, {})
        if len(waiting) != broadcast.count:
            raise RuntimeError(
                f"a broadcast to {broadcast.count} jobs of group {group!r} at t={t}, but the job records "
                f"leave {len(waiting)} waiting: this history was not written by the engine"
            )
        means = broadcast.means
        etas = rank_etas_of(
            [means.get(dep_id) for _, dep_id in waiting.values()], broadcast.limit, broadcast.until_free
        )
        size = broadcast.count
        for rank, (event_id, (session, dep_id)) in enumerate(waiting.items()):
            message = Estimation(event_id=event_id, rank=rank, queue_size=size, rank_eta=etas[rank])
            yield Record(
                seq=seq + rank,
                t=t,
                kind="message",
                name="estimation",
                session=session,
                event_id=event_id,
                dep_id=dep_id,
                detail=message,
            )


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
