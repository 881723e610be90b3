"""The real gradio_client (from PyPI, pinned) against a blockspec server."""

from __future__ import annotations

import threading

import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AuthenticationError
from server_helpers import serving, wait_until

import blockspec as gr


def greet(name):
    return f"Hello {name}!"


def count(prefix):
    for i in range(5):
        yield f"{prefix}{i}"


def test_predict_positional_and_by_keyword() -> None:
    with gr.Blocks() as demo:
        name, out = gr.Textbox(label="Name"), gr.Textbox(label="Greeting")
        gr.Button().click(greet, name, out, api_name="greet")
    with serving(demo) as server:
        client = Client(server.local_url, verbose=False)
        try:
            assert client.predict("Ada", api_name="/greet") == "Hello Ada!"
            assert client.predict(name="Grace", api_name="/greet") == "Hello Grace!"
            assert "/greet" in client.view_api(print_info=False, return_format="dict")["named_endpoints"]
        finally:
            client.close()


def test_a_generator_delivers_every_intermediate_value() -> None:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(count, box, box, api_name="count")
    with serving(demo) as server:
        client = Client(server.local_url, verbose=False)
        try:
            job = client.submit("n", api_name="/count")
            assert job.result(timeout=20) == "n4"
            assert job.outputs() == ["n0", "n1", "n2", "n3", "n4"]
        finally:
            client.close()


def test_job_cancel_stops_a_running_generator() -> None:
    started, release = threading.Event(), threading.Event()
    produced = []

    def slow(prefix):
        for i in range(100):
            produced.append(i)
            yield f"{prefix}{i}"
            if i == 0:
                started.set()
                release.wait(timeout=20)

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(slow, box, box, api_name="slow")
    with serving(demo) as server:
        client = Client(server.local_url, verbose=False)
        try:
            job = client.submit("s", api_name="/slow")
            assert started.wait(timeout=20)
            # the client learns its job's event id from the join response; it can cancel only then
            wait_until(lambda: job.communicator.event_id is not None)
            job.cancel()
            release.set()
            with pytest.raises(Exception):  # noqa: B017 - the client's own CancelledError type varies
                job.result(timeout=20)
            assert job.status().code.name == "CANCELLED"
        finally:
            release.set()
            client.close()
    assert len(produced) <= 2  # the step running at the cancel finished; no step after its yield


def test_upload_a_file_then_a_function_reads_it(tmp_path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("uploaded text")

    def read(path):
        with open(path, encoding="utf-8") as handle:
            return handle.read().upper()

    with gr.Blocks() as demo:
        upload, out = gr.File(label="File"), gr.Textbox(label="Content")
        upload.upload(read, upload, out, api_name="read")
    with serving(demo) as server:
        client = Client(server.local_url, verbose=False)
        try:
            assert client.predict(handle_file(str(note)), api_name="/read") == "UPLOADED TEXT"
        finally:
            client.close()


def test_login_with_auth() -> None:
    with gr.Blocks() as demo:
        name, out = gr.Textbox(), gr.Textbox()
        gr.Button().click(greet, name, out, api_name="greet")
    with serving(demo, auth=("ada", "lovelace"), auth_message="Members only") as server:
        with pytest.raises(AuthenticationError):
            Client(server.local_url, verbose=False)
        with pytest.raises(AuthenticationError):
            Client(server.local_url, auth=("ada", "babbage"), verbose=False)
        client = Client(server.local_url, auth=("ada", "lovelace"), verbose=False)
        try:
            assert client.predict("you", api_name="/greet") == "Hello you!"
        finally:
            client.close()


def test_twenty_sessions_at_once_complete_in_fifo_order() -> None:
    gate = threading.Event()

    def one_at_a_time(x):
        gate.wait(timeout=30)
        return x

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(one_at_a_time, box, box, api_name="one", concurrency_limit=1)
    with serving(demo, keep_history=True) as server:
        clients = [Client(server.local_url, verbose=False) for _ in range(20)]
        try:
            jobs = [c.submit(str(i), api_name="/one") for i, c in enumerate(clients)]
            gate.set()
            assert [job.result(timeout=60) for job in jobs] == [str(i) for i in range(20)]
        finally:
            for c in clients:
                c.close()
        records = server.history.records
        accepted = [r.event_id for r in records if r.kind == "job" and r.name == "accept"]
        started = [r.event_id for r in records if r.kind == "job" and r.name == "start"]
        finished = [r.event_id for r in records if r.kind == "job" and r.name == "return"]
        assert len(accepted) == 20
        assert started == accepted and finished == accepted  # FIFO, in arrival order
