"""What a ``gr.Request`` parameter receives: served, the HTTP request that submitted the event
(Gradio 4.44.1 wraps the join's Starlette request: gradio/route_utils.py, ``Request``);
simulated, a fixed stand-in with the virtual client's name as ``client.host``."""

from __future__ import annotations

import json

from starlette.testclient import TestClient

import blockspec as gr
from blockspec.server import asgi_app
from blockspec.sim import Simulation


def _demo() -> gr.Blocks:
    def who(text: str, request: gr.Request) -> str:
        return json.dumps(
            {
                "agent": request.headers.get("user-agent"),
                "custom": request.headers.get("x-custom"),
                "host": request.client.host,
                "query": dict(request.query_params),
                "session": request.session_hash,
            }
        )

    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        out = gr.Textbox(elem_id="out")
        box.submit(who, box, out, api_name="who")
    return demo


def test_a_served_function_reads_the_headers_address_and_query_of_the_request() -> None:
    with TestClient(asgi_app(_demo()), backend="trio") as client:
        joined = client.post(
            "/gradio_api/queue/join?lang=fr",
            json={"fn_index": 0, "session_hash": "s1", "data": ["hi"]},
            headers={"user-agent": "probe/1.0", "x-custom": "42"},
        )
        assert joined.status_code == 200
        stream = client.get("/gradio_api/queue/data", params={"session_hash": "s1"}).text
        [done] = [json.loads(line[6:]) for line in stream.splitlines() if '"process_completed"' in line]
        seen = json.loads(done["output"]["data"][0])
        assert seen == {
            "agent": "probe/1.0",
            "custom": "42",
            "host": "testclient",
            "query": {"lang": "fr"},
            "session": "s1",
        }
        called = client.post("/gradio_api/run/who", json={"data": ["x"]}, headers={"x-custom": "run"})
        assert json.loads(called.json()["data"][0])["custom"] == "run"


def test_a_simulated_function_reads_the_virtual_clients_fixed_request() -> None:
    with Simulation(_demo()) as sim:
        ana = sim.client("ana")
        ana.fill("box", "hi").submit("box")
        sim.run_until_idle()
        seen = json.loads(ana.value("out"))
    assert seen == {"agent": "blockspec-virtual-client", "custom": None, "host": "ana", "query": {}, "session": "ana"}
