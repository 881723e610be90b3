"""The history's columnar storage reads back exactly what was added."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from blockspec.engine import History

_rows = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=1e6, allow_nan=False),
        st.sampled_from(["job", "message", "client", "slot"]),
        st.sampled_from(["submit", "tick", "acquire", "estimation"]),
        st.one_of(st.none(), st.text(max_size=3)),
        st.one_of(st.none(), st.integers(0, 5)),
        st.one_of(st.none(), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2), st.tuples(st.text())),
    ),
    max_size=30,
)


@given(_rows, st.sampled_from(["job", "client"]), st.one_of(st.none(), st.sampled_from(["tick", "submit"])))
def test_records_and_selections_read_back_what_was_added(rows, kind, name) -> None:
    history = History()
    heard = []
    history.listeners.append(heard.append)
    for t, k, n, session, dep_id, detail in rows:
        history.add(t, k, n, session=session, dep_id=dep_id, detail=detail)
    # A selection made before the records are read is the same as one made after.
    early = history.select(kind, name)
    records = history.records
    assert len(history) == len(records) == len(rows)
    assert [(r.seq, r.t, r.kind, r.name, r.session, r.dep_id, r.detail) for r in records] == [
        (i, *row) for i, row in enumerate(rows)
    ]
    assert heard == records
    expected = [r for r in records if r.kind == kind and (name is None or r.name == name)]
    assert early == expected == history.select(kind, name)
    assert history.end_time == (rows[-1][0] if rows else 0.0)
    assert history.latest_time == max((row[0] for row in rows), default=0.0)


def test_a_history_that_keeps_nothing_still_numbers_what_listeners_hear() -> None:
    history = History(keep=False)
    heard = []
    history.listeners.append(heard.append)
    for name in ("a", "b", "c"):
        history.add(1.0, "client", name)
    assert len(history) == 0 and history.records == []
    assert [(r.seq, r.name) for r in heard] == [(0, "a"), (1, "b"), (2, "c")]
