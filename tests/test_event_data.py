"""Event data: the shape the page sends per component and event, and what a function sees.

Shapes from Gradio 4.44.1's frontend (``js/`` at tag ``gradio@4.44.1``, cited per test);
those marked *recorded* are what headless Chromium sent from the real page (the probe in
``tests/test_browser_values.py``'s docstring): Dropdown select
``{"index": 1, "value": "y", "selected": true}``, Dropdown key_up
``{"key": "y", "input_value": "y"}``, Radio select ``{"value": "q", "index": 1}``, Checkbox
select ``{"index": 0, "value": true, "selected": true}``, Textbox select
``{"value": "hello", "index": [0, 5]}``; and in a second probe CheckboxGroup select
``{"index": 1, "value": "b", "selected": true}``, tuples Chatbot select
``{"index": [0, 1], "value": "hello"}`` and like ``{"index": [0, 0], "value": "hi", "liked": true}``,
messages Chatbot dislike ``{"index": [0, 0], "value": ["hi"], "liked": false}``, multiselect
Dropdown key_up ``null``. The attributes are those of ``gradio/events.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import blockspec as gr
from blockspec.sim import Simulation


def _fire(
    make: Callable[[], Any], act: Callable[[Any, Any], Any], event: str, cls: type = gr.SelectData
) -> tuple[Any, Any]:
    """(the event data the tab sent, the EventData object the function got) for ``act(user,
    component)`` on a fresh ``make()`` component with one ``event`` listener."""
    got: list[Any] = []

    def listener(evt):  # type: ignore[no-untyped-def]
        got.append(evt)

    listener.__annotations__ = {"evt": cls}
    with gr.Blocks() as demo:
        component = make()
        getattr(component, event)(listener, None, None)
    with Simulation(demo) as sim:
        engine = sim._engine()
        original = engine.submit
        sent: list[Any] = []

        def spy(session: str, fn_index: int, data: list[Any], **kwargs: Any) -> Any:
            sent.append(kwargs.get("event_data"))
            return original(session, fn_index, data, **kwargs)

        engine.submit = spy  # type: ignore[method-assign]
        act(sim.client("u"), component)
        sim.run_until_idle()
    assert len(got) == 1 and len(sent) == 1, f"the listener ran once (got {got})"
    return sent[0], got[0]


def test_textbox_select_sends_the_selected_text_and_its_span() -> None:
    # js/textbox/shared/Textbox.svelte:102 (recorded)
    _, evt = _fire(lambda: gr.Textbox("hello world"), lambda u, c: u.select(c, index=[0, 5]), "select")
    assert (evt.index, evt.value, evt.selected, evt.row_value, evt.col_value) == ([0, 5], "hello", True, None, None)
    assert evt._data == {"value": "hello", "index": [0, 5]}


def test_radio_select_sends_value_and_index_only() -> None:
    # js/radio/Index.svelte:70 (recorded): no "selected" key, so SelectData says True.
    _, evt = _fire(lambda: gr.Radio(["p", "q"]), lambda u, c: u.select(c, index=1), "select")
    assert evt._data == {"value": "q", "index": 1}
    assert (evt.index, evt.value, evt.selected) == (1, "q", True)


def test_radio_select_by_value_finds_the_index() -> None:
    _, evt = _fire(lambda: gr.Radio([("P", 10), ("Q", 20)]), lambda u, c: u.select(c, value=20), "select")
    assert (evt.index, evt.value) == (1, 20)


def test_checkbox_select_sends_the_new_checked_state() -> None:
    # js/checkbox/shared/Checkbox.svelte:24 (recorded): a click on an unchecked box.
    _, evt = _fire(lambda: gr.Checkbox(), lambda u, c: u.select(c), "select")
    assert evt._data == {"index": 0, "value": True, "selected": True}
    _, evt = _fire(lambda: gr.Checkbox(True), lambda u, c: u.select(c), "select")
    assert (evt.value, evt.selected) == (False, False)


def test_checkbox_group_select_toggles_the_choice() -> None:
    # js/checkboxgroup/Index.svelte:72 (recorded): selected is whether the click checked it.
    _, evt = _fire(lambda: gr.CheckboxGroup(["a", "b"], value=["b"]), lambda u, c: u.select(c, index=1), "select")
    assert evt._data == {"index": 1, "value": "b", "selected": False}
    _, evt = _fire(lambda: gr.CheckboxGroup(["a", "b"], value=["b"]), lambda u, c: u.select(c, index=0), "select")
    assert (evt.value, evt.selected) == ("a", True)


def test_dropdown_select_sends_index_value_and_selected() -> None:
    # js/dropdown/shared/Dropdown.svelte:75 (recorded)
    _, evt = _fire(lambda: gr.Dropdown(["x", "y", "z"]), lambda u, c: u.select(c, index=1), "select")
    assert evt._data == {"index": 1, "value": "y", "selected": True}


def test_dataframe_select_sends_the_cell_and_its_row() -> None:
    # js/dataframe/shared/Table.svelte:68: no col_value in 4.44.1's page.
    table = {"headers": ["a", "b"], "data": [[1, 2], [3, 4]]}
    _, evt = _fire(lambda: gr.Dataframe(table), lambda u, c: u.select(c, index=[1, 0]), "select")
    assert (evt.index, evt.value, evt.row_value, evt.col_value) == ([1, 0], 3, [3, 4], None)


def test_chatbot_select_sends_the_message_and_its_position() -> None:
    # js/chatbot/shared/ChatBot.svelte:190 (recorded); a tuples chatbot places a message as
    # [pair, side].
    _, evt = _fire(lambda: gr.Chatbot([["hi", "hello"]]), lambda u, c: u.select(c, index=[0, 1]), "select")
    assert (evt.index, evt.value) == ([0, 1], "hello")


def test_image_select_sends_the_pixel_and_no_value() -> None:
    # js/image/shared/ImagePreview.svelte:33
    _, evt = _fire(lambda: gr.Image(), lambda u, c: u.select(c, index=[3, 4]), "select")
    assert evt._data == {"index": [3, 4], "value": None}


def test_file_select_sends_the_file_name() -> None:
    # js/file/shared/FilePreview.svelte:47
    def act(user: Any, component: Any) -> None:
        user.fill(component, file="sample.txt").select(component, index=0)

    _, evt = _fire(lambda: gr.File(), act, "select")
    assert evt._data == {"value": "sample.txt", "index": 0}


def test_label_select_sends_the_label() -> None:
    # js/label/shared/Label.svelte:40
    _, evt = _fire(lambda: gr.Label({"cat": 0.9, "dog": 0.1}), lambda u, c: u.select(c, index=1), "select")
    assert evt._data == {"index": 1, "value": "dog"}


def test_tab_select_sends_the_tab_label() -> None:
    # js/tabs/shared/Tabs.svelte:115
    got: list[Any] = []
    with gr.Blocks() as demo:
        with gr.Tabs():
            with gr.Tab("First"):
                gr.Markdown("one")
            with gr.Tab("Second", elem_id="second") as second:
                gr.Markdown("two")

        def listener(evt: gr.SelectData) -> None:
            got.append(evt)

        second.select(listener, None, None)
    with Simulation(demo) as sim:
        sim.client("u").select("second", index=1)
        sim.run_until_idle()
    assert [(e.value, e.index) for e in got] == [("Second", 1)]


def test_like_on_a_tuples_chatbot_names_one_message() -> None:
    # js/chatbot/shared/ChatBot.svelte:202 (recorded: the user's "hi" liked as [0, 0])
    _, evt = _fire(lambda: gr.Chatbot([["hi", "hello"]]), lambda u, c: u.like(c, index=[0, 0]), "like", gr.LikeData)
    assert evt._data == {"index": [0, 0], "value": "hi", "liked": True}
    _, evt = _fire(
        lambda: gr.Chatbot([["hi", "hello"]]), lambda u, c: u.like(c, index=[0, 1], liked=False), "like", gr.LikeData
    )
    assert evt._data == {"index": [0, 1], "value": "hello", "liked": False}
    assert (evt.index, evt.value, evt.liked) == ([0, 1], "hello", False)


def test_like_on_a_messages_chatbot_names_the_group_of_one_role() -> None:
    # js/chatbot/shared/ChatBot.svelte:216 (recorded): consecutive messages of one role are
    # liked together.
    history = [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"},
        {"role": "assistant", "content": "how can I help?"},
    ]
    _, evt = _fire(lambda: gr.Chatbot(history, type="messages"), lambda u, c: u.like(c, index=2), "like", gr.LikeData)
    assert evt._data == {"index": [1, 2], "value": ["hello", "how can I help?"], "liked": True}
    _, evt = _fire(
        lambda: gr.Chatbot(history, type="messages"), lambda u, c: u.like(c, index=0, liked=False), "like", gr.LikeData
    )
    assert evt._data == {"index": [0, 0], "value": ["hi"], "liked": False}  # recorded


def test_dropdown_key_up_sends_the_key_and_the_text_in_the_box() -> None:
    # js/dropdown/shared/Dropdown.svelte:226 (recorded); the box shows a choice's name.
    _, evt = _fire(
        lambda: gr.Dropdown([("Apple", "a"), ("Banana", "b")], value="b"),
        lambda u, c: u.key_up(c, "Enter"),
        "key_up",
        gr.KeyUpData,
    )
    assert (evt.key, evt.input_value) == ("Enter", "Banana")
    _, evt = _fire(
        lambda: gr.Dropdown(["x"], allow_custom_value=True),
        lambda u, c: u.key_up(c, "y", input_value="y"),
        "key_up",
        gr.KeyUpData,
    )
    assert evt._data == {"key": "y", "input_value": "y"}


def test_multiselect_dropdown_key_up_sends_no_data() -> None:
    # js/dropdown/Index.svelte:78 dispatches key_up without a detail (recorded: null).
    sent, evt = _fire(
        lambda: gr.Dropdown(["x"], multiselect=True), lambda u, c: u.key_up(c, "Enter"), "key_up", gr.EventData
    )
    assert sent is None
    assert not hasattr(evt, "key")


def test_file_delete_sends_the_removed_file_and_leaves_the_rest() -> None:
    # js/file/shared/FilePreview.svelte:55-56: delete with the FileData, then the value
    # becomes what is left (a list) and change fires.
    got: list[Any] = []
    changes: list[Any] = []

    def on_delete(evt: gr.DeletedFileData) -> None:
        got.append(evt)

    with gr.Blocks() as demo:
        files = gr.File(file_count="multiple", elem_id="files")
        files.delete(on_delete, None, None)
        files.change(lambda value: changes.append(value), files, None, preprocess=False)
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.fill("files", file="sample.csv").delete("files", 0)
        sim.run_until_idle()
        assert user.value("files") == []
    (evt,) = got
    assert evt.file.orig_name == "sample.csv"
    assert evt.file.path.endswith("sample.csv")
    assert evt.file.meta == {"_type": "gradio.FileData"}
    assert changes == [[]]


def test_deleting_from_an_empty_file_names_the_index() -> None:
    with gr.Blocks() as demo:
        files = gr.File(elem_id="files")
        files.delete(lambda: None, None, None)
    with Simulation(demo) as sim, pytest.raises(Exception, match="delete\\(index\\)"):
        sim.client("u").delete("files", 0)


@pytest.mark.parametrize(
    ("cls", "data", "attributes"),
    [
        (
            gr.SelectData,
            {"index": [1, 2], "value": 5, "row_value": [4, 5], "selected": False},
            {"index": [1, 2], "value": 5, "row_value": [4, 5], "col_value": None, "selected": False},
        ),
        (gr.KeyUpData, {"key": "a", "input_value": "ab"}, {"key": "a", "input_value": "ab"}),
        (gr.LikeData, {"index": 3, "value": "x"}, {"index": 3, "value": "x", "liked": True}),
    ],
)
def test_event_data_classes_expose_gradio_s_attributes(cls: type, data: dict, attributes: dict) -> None:
    # gradio/events.py (4.44.1): SelectData, KeyUpData, LikeData; missing optional keys
    # take Gradio's defaults.
    evt = cls("target", data)
    assert evt.target == "target"
    assert {name: getattr(evt, name) for name in attributes} == attributes


def test_deleted_file_data_exposes_the_file_as_attributes() -> None:
    evt = gr.DeletedFileData(None, {"path": "/tmp/x.txt", "orig_name": "x.txt", "size": 3, "url": None})
    assert (evt.file.path, evt.file.orig_name, evt.file.size, evt.file.is_stream) == ("/tmp/x.txt", "x.txt", 3, False)
