"""Hypothesis fuzzes every route of a live server: malformed JSON, wrong types, huge and deep
values, bad multipart, unknown and foreign ids, odd headers.

After every request: no 5xx, an answer within the client's timeout (no hang). At the end: a
normal predict still works and a session the fuzzer never named kept its state. CI sends a
few hundred requests; ``BLOCKSPEC_LONG=1`` sends 10,000. With ``BLOCKSPEC_FUZZ_STATS=path``
the status histogram is written there as JSON (reports/reliability.md quotes it).
"""

from __future__ import annotations

import collections
import json
import os
import string
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from server_helpers import join, serving, sse_messages

import blockspec as gr

REQUESTS = 10_000 if os.environ.get("BLOCKSPEC_LONG") else 300
VICTIM = "victim-" + "9f" * 16  # a hash no strategy below can produce
STATUSES: collections.Counter[int] = collections.Counter()


def _app():
    def remember(value, seen):
        return value, (seen or []) + [value]

    def recall(seen):
        return seen

    def count(value):
        for i in range(3):
            yield {"step": i, "value": value}

    with gr.Blocks() as demo:
        value = gr.JSON()
        seen = gr.State()
        out = gr.JSON()
        upload = gr.File()
        value.change(remember, [value, seen], [out, seen], api_name="remember")  # 0
        out.change(recall, seen, out, api_name="recall")  # 1
        gr.Button().click(count, value, out, api_name="count")  # 2
        upload.upload(lambda f: None, upload, out, api_name=False)  # 3 (the Button is not a dependency)
    return demo


@pytest.fixture(scope="module")
def live():
    with serving(_app()) as server, httpx.Client(timeout=20) as http:
        base = server.local_url
        assert join(http, base, VICTIM, 0, [{"secret": 1}, None]).status_code == 200
        assert sse_messages(http, base, VICTIM)[-2]["success"] is True
        yield server
        stats = os.environ.get("BLOCKSPEC_FUZZ_STATS")
        if stats:
            with open(stats, "w") as f:
                json.dump({"requests": sum(STATUSES.values()), "statuses": dict(sorted(STATUSES.items()))}, f)


ids = st.one_of(
    st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=12),
    st.text(max_size=300),
    st.sampled_from(["", "/", "..", "a/b", "\x00", "x" * 257, "%2e%2e"]),
)
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=50)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20,
)
file_data = st.fixed_dictionaries(
    {
        "path": st.sampled_from(["/etc/passwd", "../../etc/hosts", "http://169.254.169.254/", "", "x"]),
        "meta": st.just({"_type": "gradio.FileData"}),
    }
)
anything = st.one_of(json_values, ids, file_data, st.integers(min_value=-(2**70), max_value=2**70))


@st.composite
def bodies(draw) -> bytes | dict:
    kind = draw(st.sampled_from(["fields", "fields", "fields", "raw", "deep", "huge"]))
    if kind == "raw":
        return draw(
            st.one_of(
                st.binary(max_size=200),
                st.sampled_from(
                    [b"", b"{", b"[]", b"null", b'{"data":', b'{"fn_index":0,"session_hash":"n","data":[NaN]}']
                ),
            )
        )
    if kind == "deep":
        depth = draw(st.integers(min_value=50, max_value=100_000))
        return b'{"fn_index": 0, "session_hash": "d", "data": ' + b"[" * depth + b"]" * depth + b"}"
    if kind == "huge":
        size = draw(st.integers(min_value=10_000, max_value=300_000))
        return {"fn_index": 0, "session_hash": "h", "data": ["x" * size]}
    body = {}
    for field, values in (
        ("session_hash", ids | anything),
        ("fn_index", st.integers(min_value=-3, max_value=6) | anything),
        ("data", st.lists(json_values | file_data, max_size=3) | anything),
        ("event_data", anything),
        ("trigger_id", st.integers(min_value=-3, max_value=20) | anything),
        ("event_id", ids | anything),
    ):
        if draw(st.booleans()):
            body[field] = draw(values)
    return body


routes = st.sampled_from(
    [
        ("POST", "queue/join"),
        ("POST", "cancel"),
        ("POST", "reset"),
        ("POST", "call/{name}"),
        ("POST", "run/{name}"),
        ("POST", "api/{name}"),
        ("POST", "upload"),
        ("GET", "call/{name}/{id}"),
        ("GET", "queue/data"),
        ("GET", "queue/status"),
        ("GET", "heartbeat/{id}"),
        ("GET", "info"),
        ("GET", "file={path}"),
        ("GET", "config"),
        ("POST", "login"),
        ("GET", "logout"),
    ]
)
names = st.sampled_from(["remember", "recall", "count", "predict", "nosuch", "..", "x" * 300])
paths = st.one_of(
    st.sampled_from(["/etc/passwd", "../../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "a/" * 3000]),
    st.text(max_size=100),
)
multipart_names = st.one_of(
    st.sampled_from(["..", ".", "", "a/../b", "x.html", "x.svg", "\\..\\x"]), st.text(max_size=40)
)


@settings(
    max_examples=REQUESTS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(
    route=routes,
    prefix=st.sampled_from(["gradio_api/", ""]),
    body=bodies(),  # login takes a form: it gets JSON or raw bytes here, and must say so with a 4xx
    name=names,
    some_id=ids,
    path=paths,
    upload_name=multipart_names,
    last_event_id=st.one_of(st.none(), st.sampled_from(["0", "1", "-1", "x", "99999999999999999999"])),
)
def test_no_request_gets_a_5xx_or_hangs(live, route, prefix, body, name, some_id, path, upload_name, last_event_id):
    method, template = route
    base = live.local_url
    # Percent-encoded as a client must; the server sees the decoded text.
    url = (
        base
        + prefix
        + template.format(name=quote(name, safe=""), id=quote(some_id, safe="") or "x", path=quote(path, safe="/"))
    )
    headers = {} if last_event_id is None else {"last-event-id": last_event_id}
    # A connection per request: a server may rightly close a connection after an error
    # answer, and a pooled client that reuses it would report that as a failure.
    with httpx.Client(timeout=10) as http:
        _send(http, method, template, url, body, headers, upload_name, some_id)


def _send(http, method, template, url, body, headers, upload_name, some_id) -> None:
    if template == "upload" and isinstance(body, bytes):
        # A broken or hostile multipart body: any boundary (up to 5,000 characters), any bytes.
        boundary = (quote(upload_name, safe="") or "b") * (1 + len(body) % 200)
        content_type = f"multipart/form-data; boundary={boundary[:5000]}"
        response = http.post(url, content=body, headers={"content-type": content_type})
        status = response.status_code
    elif template == "upload":
        response = http.post(url, files=[("files", (upload_name, b"<script>x</script>"))])
        status = response.status_code
    elif method == "POST":
        if isinstance(body, bytes):
            response = http.post(url, content=body, headers={"content-type": "application/json", **headers})
        else:
            response = http.post(url, json=body, headers=headers)
        status = response.status_code
    else:
        params = {"session_hash": some_id} if template == "queue/data" else None
        # A stream may rightly wait for messages: its headers must come at once, though.
        with http.stream("GET", url, params=params, headers=headers) as response:
            status = response.status_code
    STATUSES[status] += 1
    assert status < 500, (method, url[:200], status)


def test_after_the_fuzzing_a_normal_predict_works_and_the_victim_kept_its_state(live) -> None:
    # Runs after the fuzz test in this module (pytest keeps file order).
    with httpx.Client(timeout=20) as http:
        base = live.local_url
        assert join(http, base, "after-fuzz", 0, [{"n": 2}, None]).status_code == 200
        assert sse_messages(http, base, "after-fuzz")[-2]["output"]["data"][0] == {"n": 2}
        assert join(http, base, VICTIM, 1, [None]).status_code == 200
        recalled = sse_messages(http, base, VICTIM)[-2]
        assert recalled["output"]["data"] == [[{"secret": 1}]]
    assert sum(STATUSES.values()) >= REQUESTS
