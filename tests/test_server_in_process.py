"""The ASGI app runs in-process, as FastAPI users test theirs: starlette's TestClient and
httpx's ASGITransport, with the engine started by the app's lifespan -- no port, no thread
of our own."""

from __future__ import annotations

import json

import httpx
import pytest
import trio
from starlette.testclient import TestClient

import blockspec as gr
from blockspec._launch import recording_launches
from blockspec.server import asgi_app


def _demo():
    def count(x):
        for i in range(3):
            yield x * (i + 1)

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(lambda x: x.upper(), box, box, api_name="upper")
        box.change(count, box, box, api_name="count")
    return demo


def _messages(body: str) -> list[dict]:
    return [json.loads(line[6:]) for line in body.splitlines() if line.startswith("data: ")]


def test_test_client_joins_streams_and_calls() -> None:
    app = asgi_app(_demo())
    with TestClient(app, backend="trio") as client:
        joined = client.post(
            "/gradio_api/queue/join", json={"fn_index": 0, "session_hash": "s", "data": ["hi"], "event_data": None}
        )
        assert joined.status_code == 200
        messages = _messages(client.get("/gradio_api/queue/data", params={"session_hash": "s"}).text)
        assert [m["msg"] for m in messages] == ["estimation", "process_starts", "process_completed", "close_stream"]
        assert messages[2]["output"]["data"] == ["HI"]
        event_id = client.post("/gradio_api/call/count", json={"data": ["z"]}).json()["event_id"]
        assert client.get(f"/gradio_api/call/count/{event_id}").text.endswith('event: complete\ndata: ["zzz"]\n\n')
        assert client.post("/gradio_api/run/upper", json={"data": ["q"]}).json()["data"] == ["Q"]


def test_each_lifespan_is_a_fresh_engine() -> None:
    app = asgi_app(_demo())
    with TestClient(app, backend="trio") as client:
        client.post("/gradio_api/queue/join", json={"fn_index": 0, "session_hash": "s", "data": ["a"]})
        first = app.state.blockspec.engine
    assert app.state.blockspec is None  # stopped with the lifespan
    with TestClient(app, backend="trio") as client:
        assert app.state.blockspec.engine is not first
        unknown = _messages(client.get("/gradio_api/queue/data", params={"session_hash": "s"}).text)
        assert unknown[0]["session_not_found"] is True  # the old engine's session is gone


def test_the_app_launch_returns_works_in_process() -> None:
    demo = _demo()
    with recording_launches():
        demo.launch(auth=("u", "p"))
    app = asgi_app(demo)
    with TestClient(app, backend="trio") as client:
        assert client.get("/config").status_code == 401
        assert client.post("/login", data={"username": "u", "password": "p"}).status_code == 200
        assert client.get("/config").status_code == 200


def test_without_the_lifespan_the_routes_say_how_to_start_it() -> None:
    client = TestClient(asgi_app(_demo()), backend="trio")  # not entered: no lifespan
    response = client.get("/config")
    assert response.status_code == 503
    assert "with TestClient(app, backend='trio')" in response.json()["detail"]


def test_an_asyncio_test_client_is_told_to_use_trio() -> None:
    with pytest.raises(Exception, match="backend='trio'"):
        with TestClient(asgi_app(_demo())):
            pass


def test_httpx_asgi_transport_inside_trio() -> None:
    app = asgi_app(_demo())

    async def main() -> list[dict]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
                joined = await client.post(
                    "/gradio_api/queue/join", json={"fn_index": 1, "session_hash": "h", "data": ["ab"]}
                )
                assert joined.status_code == 200
                stream = await client.get("/gradio_api/queue/data", params={"session_hash": "h"})
                return _messages(stream.text)

    messages = trio.run(main)
    assert [m["msg"] for m in messages][-2:] == ["process_completed", "close_stream"]
    assert messages[-2]["output"]["data"] == ["ababab"]


def test_the_app_launch_serves_is_refused_in_process_with_the_way_out() -> None:
    from server_helpers import serving

    with serving(_demo()) as server:
        client = TestClient(server.asgi, backend="trio")
        response = client.post("/gradio_api/queue/join", json={"fn_index": 0, "session_hash": "s", "data": ["a"]})
        assert response.status_code == 503 and "asgi_app(demo)" in response.json()["detail"]
        with pytest.raises(Exception, match="already running"):
            with TestClient(server.asgi, backend="trio"):
                pass
        assert httpx.get(server.local_url + "config").status_code == 200  # the served one is untouched


def test_cross_site_refusal_is_for_local_apps_only() -> None:
    """S-10 concerns an app bound to a loopback name; one served to the network (here only
    described, never bound: the client is in-process) may be embedded by other sites."""
    body = {"fn_index": 0, "session_hash": "x", "data": ["a"]}
    for server_name, status in (("127.0.0.1", 403), ("0.0.0.0", 200)):
        demo = _demo()
        with recording_launches():
            demo.launch(server_name=server_name)
        with TestClient(asgi_app(demo), backend="trio") as client:
            response = client.post("/gradio_api/queue/join", json=body, headers={"origin": "https://other.example"})
            assert response.status_code == status, server_name
