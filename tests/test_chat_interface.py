"""gr.ChatInterface and gr.ChatMessage, against Gradio 4.44.1 (gradio/chat_interface.py).

Configs: tests/fixtures/gradio-4.44.1/chat_*.json (tests/apps/chat_*.py, checked by
tests/test_gradio_fixtures.py) and corpus/chat.json (Gradio's own ChatInterface demos, checked
here), all recorded from real Gradio 4.44.1 by tools/record_gradio_fixtures.py. Behaviour:
simulations of a conversation, whose job timelines must show the listeners Gradio chains.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import time
import warnings
from pathlib import Path
from typing import Any

import attrs
import pytest
from corpus_helpers import CORPUS, corpus_tool

import blockspec as gr
from blockspec import BlockspecWarning, DefinitionError, DeprecatedParameterWarning
from blockspec.sim import Simulation

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "gradio-4.44.1"


def _jobs(sim: Simulation) -> list[tuple[float, str, str]]:
    """The timeline as (submitted at, function, outcome), with ChatInterface's prefix dropped."""
    return [(s.submitted, s.fn.removeprefix("ChatInterface."), s.outcome) for s in sim.trace.jobs()]


def _slow_echo(message: str, history: list[Any]) -> Any:
    for i in range(len(message)):
        time.sleep(1)
        yield "You typed: " + message[: i + 1]


# -- signatures ---------------------------------------------------------------------------


def _described(obj: Any) -> list[dict[str, Any]]:
    out = []
    for p in inspect.signature(obj).parameters.values():
        entry: dict[str, Any] = {"name": p.name, "kind": p.kind.name}
        if p.default is inspect.Parameter.empty:
            entry["required"] = True
        elif p.default is attrs.NOTHING or repr(p.default) == "<factory>":
            entry["factory"] = True  # a fresh default per instance (attrs' factory, dataclass's)
        else:
            entry["value"] = p.default
        out.append(entry)
    return out


@pytest.mark.parametrize("name", ["ChatInterface", "ChatMessage"])
def test_signature_is_gradio_4_44_1s(name: str) -> None:
    recorded = json.loads((FIXTURES / "signatures" / "chat.json").read_text(encoding="utf-8"))
    assert recorded["gradio_version"] == "4.44.1"
    assert _described(getattr(gr, name)) == recorded[name]


# -- a conversation -----------------------------------------------------------------------


def test_a_streamed_reply_with_retry_stop_undo_and_clear_shows_gradios_chain_of_jobs() -> None:
    demo = gr.ChatInterface(_slow_echo)
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.set("Message", "hey")
        user.submit("Message")
        sim.run(until=1.5)
        # The message left the box, shows in the chat, and the reply streams in; Stop replaced Submit.
        assert user.value("Message") == ""
        assert user.value("Chatbot") == [["hey", "You typed: h"]]
        assert user.props("Stop")["visible"] is True and user.props("Submit")["visible"] is False
        sim.run_until_idle()
        assert user.value("Chatbot") == [["hey", "You typed: hey"]]
        assert user.props("Stop")["visible"] is False and user.props("Submit")["visible"] is True

        user.click("Retry")  # the last exchange goes, and the same message is answered again
        sim.run(until=4.5)
        assert user.value("Chatbot") == [["hey", "You typed: h"]]
        user.click("Stop")
        sim.run_until_idle()
        assert user.value("Chatbot") == [["hey", "You typed: h"]]  # cancelled: no more of the reply

        user.click("Undo")  # the exchange goes and its message is back in the box
        sim.run_until_idle()
        assert user.value("Chatbot") == [] and user.value("Message") == "hey"
        user.set("Message", "yo").submit("Message")
        sim.run_until_idle()
        user.click("Clear")
        sim.run_until_idle()
        assert user.value("Chatbot") == []
        assert sim.check() == []
        assert _jobs(sim) == [
            (0.0, "_clear_and_save_textbox", "completed"),
            (0.0, "_display_input", "completed"),
            (0.0, "_stream_fn", "completed"),  # three yields, one virtual second apart
            (0.0, "show_stop", "completed"),
            (3.0, "hide_stop", "completed"),
            (3.0, "_delete_prev_fn", "completed"),  # Retry
            (3.0, "_display_input", "completed"),
            (3.0, "_stream_fn", "cancelled"),  # by Stop at 4.5
            (3.0, "show_stop", "completed"),
            (4.5, "hide_stop", "completed"),  # .then runs after the cancel too
            (4.5, "_delete_prev_fn", "completed"),  # Undo
            (4.5, "format_textbox", "completed"),
            (4.5, "_clear_and_save_textbox", "completed"),
            (4.5, "_display_input", "completed"),
            (4.5, "_stream_fn", "completed"),
            (4.5, "show_stop", "completed"),
            (6.5, "hide_stop", "completed"),
            (6.5, "clear", "completed"),
        ]
        streams = [s for s in sim.trace.jobs() if s.fn.endswith("_stream_fn")]
        assert [(s.ended, s.yields) for s in streams] == [(3.0, 3), (4.5, 1), (6.5, 2)]


def test_the_function_sees_the_history_before_the_message_and_extra_inputs() -> None:
    seen = []

    def reply(message, history, prefix, count):
        seen.append((message, [list(pair) for pair in history], prefix, count))
        return f"{prefix}{message}"

    extra = [gr.Textbox("> ", label="Prefix"), gr.Slider(1, 5, value=2, label="Count")]
    demo = gr.ChatInterface(reply, additional_inputs=extra)
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.set("Message", "a").submit("Message")
        sim.run_until_idle()
        user.set("Prefix", "# ").set("Message", "b").click("Submit")
        sim.run_until_idle()
        assert user.value("Chatbot") == [["a", "> a"], ["b", "# b"]]
    assert seen == [("a", [], "> ", 2), ("b", [["a", "> a"]], "# ", 2)]
    # A non-generator has no Stop listeners: submit, show, answer; then the rest of the app.
    assert [d["api_name"] for d in demo.get_config()["dependencies"]][:3] == [
        "_clear_and_save_textbox",
        "_display_input",
        "_submit_fn",
    ]
    accordion = next(c for c in demo.get_config()["components"] if c["type"] == "accordion")
    assert accordion["props"]["label"] == "Additional Inputs" and accordion["props"]["open"] is False


def test_an_async_generator_streams_on_the_asyncio_bridge_in_messages_format() -> None:
    async def spell(message, history):
        for i in range(len(message)):
            await asyncio.sleep(0.5)
            yield gr.ChatMessage(role="assistant", content=message[: i + 1], metadata={"title": "spelling"})

    demo = gr.ChatInterface(spell, type="messages")
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.set("Message", "abc").submit("Message")
        sim.run(until=1.2)
        assert user.value("Chatbot")[-1]["content"] == "ab"
        sim.run_until_idle()
        assert user.value("Chatbot") == [
            {"role": "user", "metadata": {"title": None}, "content": "abc"},
            {"role": "assistant", "metadata": {"title": "spelling"}, "content": "abc"},
        ]
        assert sim.now == 1.5
        user.click("Undo")  # a messages exchange is two messages
        sim.run_until_idle()
        assert user.value("Chatbot") == [] and user.value("Message") == "abc"


def test_a_multimodal_message_reaches_the_function_as_text_and_files() -> None:
    seen = []

    history_seen = []

    def reply(message, history):
        seen.append(message)
        history_seen.append(history)
        return f"{len(message['files'])} file(s): {message['text']}"

    demo = gr.ChatInterface(reply, multimodal=True)
    assert demo.submit_btn is None  # the MultimodalTextbox has its own
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.set("Message", {"text": "look", "files": [{"path": "/tmp/cat.png", "orig_name": "cat.png"}]})
        user.submit("Message")
        sim.run_until_idle()
        assert user.value("Message") == {"text": "", "files": []}
        # A file is a message of its own, sent as Gradio's Chatbot sends files.
        (file_message, nothing), exchange = user.value("Chatbot")
        assert file_message["file"]["path"] == "/tmp/cat.png" and file_message["alt_text"] is None
        assert nothing is None and exchange == ["look", "1 file(s): look"]
        user.set("Message", {"text": "and?", "files": []}).submit("Message")
        sim.run_until_idle()
        user.click("Undo")
        sim.run_until_idle()
        assert len(user.value("Chatbot")) == 2
        assert user.value("Message") == {"text": "and?", "files": []}
    assert seen[0] == {"text": "look", "files": [{"path": "/tmp/cat.png", "orig_name": "cat.png"}]}
    # The function gets the file back as a (path,) tuple, as Gradio's Chatbot.preprocess gives it.
    assert seen[1] == {"text": "and?", "files": []}
    assert history_seen[1] == [[("/tmp/cat.png",), None], ["look", "1 file(s): look"]]


def test_the_chat_endpoint_answers_api_clients_with_the_reply_and_its_own_history() -> None:
    demo = gr.ChatInterface(lambda message, history: f"{len(history)}:{message}")
    deps = demo.get_config()["dependencies"]
    assert [d["api_name"] for d in deps if d["show_api"]] == ["chat"]
    with Simulation(demo) as sim:
        user = sim.client("u")
        for text in ("x", "y"):
            user.set("Message", text).click("Fake API")
            sim.run_until_idle()
        assert user.value("Response") == "1:y"
        assert user.value("Chatbot") == []  # the endpoint keeps its history in a State


def test_examples_fill_the_message_box_and_can_be_cached_at_load() -> None:
    demo = gr.ChatInterface(lambda m, h: m.upper(), examples=["hi", "yo"])
    config = demo.get_config()
    assert config["dependencies"][0]["api_name"] == "load_example"
    dataset = next(c for c in config["components"] if c["type"] == "dataset")
    assert dataset["props"]["samples"] == [["hi"], ["yo"]]
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.set(dataset["id"], 1).click(dataset["id"])
        sim.run_until_idle()
        assert user.value("Message") == "yo"

    def spell(message, history):
        for i in range(len(message)):
            yield message[: i + 1]

    cached = gr.ChatInterface(spell, examples=["ab"], cache_examples=True)
    with Simulation(cached) as sim:
        user = sim.client("u")
        user.set(cached.examples_handler.dataset, 0).click(cached.examples_handler.dataset)
        sim.run_until_idle()
        assert user.value("Chatbot") == [["ab", "ab"]]
        assert [job.fn for job in sim.trace.jobs()] == ["load_example"]  # the reply was kept at load


# -- definitions ----------------------------------------------------------------------------


def test_bad_arguments_fail_at_definition_naming_the_parameter() -> None:
    with pytest.raises(DefinitionError, match="ChatInterface\\(type\\)"):
        gr.ChatInterface(lambda m, h: m, type="pairs")
    with pytest.raises(DefinitionError, match="ChatInterface\\(retry_btn\\).*gr.Button, a string or None"):
        gr.ChatInterface(lambda m, h: m, retry_btn=3)
    with pytest.raises(DefinitionError, match="additional_inputs_accordion.*string or a gr.Accordion"):
        gr.ChatInterface(lambda m, h: m, additional_inputs=["textbox"], additional_inputs_accordion=1)
    with pytest.raises(DefinitionError, match="ChatInterface\\(fn\\)"):
        gr.ChatInterface("echo")
    with pytest.raises(DefinitionError, match="requires 3 argument"):
        gr.ChatInterface(lambda m, h, extra: m)  # no additional input fills `extra`


def test_the_deprecated_accordion_name_warns_and_changes_nothing_as_in_gradio() -> None:
    with pytest.warns(DeprecatedParameterWarning, match="additional_inputs_accordion_name"):
        demo = gr.ChatInterface(lambda m, h, x: m, additional_inputs="textbox", additional_inputs_accordion_name="X")
    accordion = next(c for c in demo.get_config()["components"] if c["type"] == "accordion")
    assert accordion["props"]["label"] == "Additional Inputs"


def test_chat_message_checks_its_role_and_is_mutable_for_streaming() -> None:
    with pytest.raises(DefinitionError, match="ChatMessage\\(role\\)"):
        gr.ChatMessage(role="bot", content="hi")
    message = gr.ChatMessage(role="assistant", content="a")
    message.content += "b"
    assert message.metadata == {"title": None} and message.metadata is not gr.ChatMessage("user", "").metadata
    with gr.Blocks():
        chatbot = gr.Chatbot(type="messages")
    assert chatbot.postprocess([message, {"role": "user", "content": "c"}]) == [
        {"role": "assistant", "metadata": {"title": None}, "content": "ab"},
        {"role": "user", "metadata": {"title": None}, "content": "c"},
    ]
    sent = chatbot.postprocess([gr.ChatMessage("user", ("a.png", "a cat"))])
    assert sent[0]["content"]["file"]["path"] == "a.png" and sent[0]["content"]["alt_text"] == "a cat"
    assert chatbot.preprocess(sent)[0]["content"] == ("a.png", "a cat")


# -- Gradio's own ChatInterface demos -----------------------------------------------------------


CHAT_CORPUS = json.loads((FIXTURES / "corpus" / "chat.json").read_text(encoding="utf-8"))["apps"]


@pytest.mark.skipif(CORPUS is None, reason="Gradio 4.44.1's demo apps are not beside the repository")
@pytest.mark.parametrize("name", sorted(CHAT_CORPUS))
def test_gradios_chat_demos_simulate_cleanly_with_gradios_config(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from blockspec._loading import load_app

    assert CORPUS is not None
    tool = corpus_tool()
    app = CORPUS / name / "run.py"
    monkeypatch.chdir(app.parent)
    result = tool.study(app)
    assert result["loads"], f"{name}: {result.get('detail')} ({result.get('where')})"
    assert result["category"] == "clean" and result["failed_jobs"] == [], result
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BlockspecWarning)
        ours = tool.compact_config(load_app(app).app.get_config())
    assert tool.compare_config(ours, CHAT_CORPUS[name]) == []


def test_a_chat_interface_built_inside_blocks_is_part_of_that_page() -> None:
    def answer(message, history, tone):
        yield f"{tone}: {message}"

    with gr.Blocks() as demo:
        tone = gr.Radio(["calm", "loud"], value="calm", label="Tone")
        chat = gr.ChatInterface(answer, additional_inputs=[tone])
    assert chat.chatbot.app is demo and demo.blocks[chat.chatbot.id] is chat.chatbot
    assert "accordion" not in [c["type"] for c in demo.get_config()["components"]]  # tone is shown already
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.set("Tone", "loud").set("Message", "hi").click("Submit")
        sim.run_until_idle()
        assert user.value("Chatbot") == [["hi", "loud: hi"]]
        assert sim.check() == []


def test_the_function_gets_the_request_when_it_asks_for_one() -> None:
    sessions = []

    def reply(message, history, request: gr.Request):
        sessions.append(request.session_hash)
        return message

    demo = gr.ChatInterface(reply)
    with Simulation(demo) as sim:
        sim.client("ann").set("Message", "hi").submit("Message")
        sim.run_until_idle()
    assert sessions == ["ann"]


def test_chatbot_text_is_tidied_as_gradio_tidies_it() -> None:
    # Gradio 4.44.1 (chatbot.py:418, inspect.cleandoc), run on these very values:
    # [('hi\nthere  ', 'yo\n  deeper')] and [{'role': 'user', ..., 'content': 'x\ny  '}].
    with gr.Blocks():
        pairs, messages = gr.Chatbot(), gr.Chatbot(type="messages")
    assert pairs.postprocess([["  hi\n   there  ", "\n\n    yo\n      deeper\n\n"]]) == [
        ["hi\nthere  ", "yo\n  deeper"]
    ]
    (message,) = messages.postprocess([{"role": "user", "content": "\n  x\n  y  "}])
    assert message["content"] == "x\ny  "


def test_a_messages_chatbot_adds_a_file_message_for_each_word_naming_a_file(tmp_path: Path) -> None:
    # Gradio 4.44.1 (chatbot.py:452-475), run on this value, gives the text message, then a
    # message of the same role holding the file: FileData from its path and mime type only.
    note = tmp_path / "note.txt"
    note.write_text("hi\n", encoding="utf-8")
    with gr.Blocks():
        chat = gr.Chatbot(type="messages")
    text, attached = chat.postprocess([{"role": "assistant", "content": f"see {note} now"}])
    assert text == {"role": "assistant", "metadata": {"title": None}, "content": f"see {note} now"}
    assert attached["role"] == "assistant" and attached["content"]["alt_text"] is None
    file = attached["content"]["file"]
    assert (file["path"], file["mime_type"], file["size"], file["orig_name"]) == (str(note), "text/plain", None, None)
    assert chat.postprocess([{"role": "user", "content": "no/such/file here"}])[1:] == []
