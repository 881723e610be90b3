"""Each definition-time rule: the error's type, and a message naming the parameter and the fix.

Every case here fails on the line that defines the bad thing, before any event runs.
"""

from __future__ import annotations

import pytest

import blockspec as gr
from blockspec import DefinitionError, DefinitionTypeError


def echo(x):
    return x


def gen(x):
    yield x


def _app_with(build):
    with gr.Blocks() as demo:
        box = gr.Textbox()
        build(demo, box)
    return demo


LISTENER_CASES = [
    ("trigger_mode", DefinitionError, dict(trigger_mode="sometimes")),
    ("show_progress", DefinitionError, dict(show_progress="loud")),
    ("max_batch_size", DefinitionError, dict(max_batch_size=0)),
    ("max_batch_size", DefinitionTypeError, dict(max_batch_size=2.5)),
    ("concurrency_limit", DefinitionError, dict(concurrency_limit=0)),
    ("concurrency_limit", DefinitionTypeError, dict(concurrency_limit="many")),
    ("every", DefinitionError, dict(every=0)),
    ("every", DefinitionError, dict(every=-1.5)),
    ("every", DefinitionTypeError, dict(every="1s")),
    ("cancels", DefinitionTypeError, dict(cancels=[{"id": 0}])),
    ("cancels", DefinitionTypeError, dict(cancels=["click"])),
    ("api_name", DefinitionTypeError, dict(api_name=3)),
    ("queue", DefinitionTypeError, dict(queue="yes")),
    ("js", DefinitionTypeError, dict(js=True)),
    ("concurrency_id", DefinitionTypeError, dict(concurrency_id=7)),
]


@pytest.mark.parametrize(("parameter", "error", "kwargs"), LISTENER_CASES)
def test_listener_options(parameter, error, kwargs) -> None:
    with gr.Blocks():
        box = gr.Textbox()
        with pytest.raises(error) as info:
            box.change(echo, box, box, **kwargs)
    assert info.value.parameter == parameter
    assert f"`{parameter}=" in str(info.value)
    assert info.value.fix and info.value.fix in str(info.value)


def test_the_decorator_form_validates_before_decorating() -> None:
    with gr.Blocks():
        box = gr.Textbox()
        with pytest.raises(DefinitionError, match="trigger_mode"):
            box.change(inputs=box, outputs=box, trigger_mode="never")


def test_batch_with_a_generator() -> None:
    with gr.Blocks():
        box = gr.Textbox()
        with pytest.raises(DefinitionError, match="`batch=True`") as info:
            box.change(gen, box, box, batch=True)
    assert "generator" in str(info.value)


def test_cancelling_an_unqueued_event() -> None:
    with gr.Blocks():
        box = gr.Textbox()
        direct = box.change(echo, box, box, queue=False)
        with pytest.raises(DefinitionError, match="`cancels=") as info:
            gr.Button().click(None, cancels=[direct])
    assert "queue=False" in str(info.value)


def test_inputs_from_another_blocks() -> None:
    with gr.Blocks():
        stranger = gr.Textbox()
    with gr.Blocks():
        box = gr.Textbox()
        with pytest.raises(DefinitionError, match="`inputs=") as info:
            box.change(echo, stranger, box)
    assert "another Blocks" in str(info.value)


def test_outputs_constructed_outside_any_blocks() -> None:
    loose = gr.Textbox()
    with gr.Blocks():
        box = gr.Textbox()
        with pytest.raises(DefinitionError, match="`outputs=") as info:
            box.change(echo, box, loose)
    assert "outside any Blocks" in str(info.value)


def test_inputs_that_are_not_components() -> None:
    with gr.Blocks():
        box = gr.Textbox()
        with pytest.raises(DefinitionTypeError, match="`inputs="):
            box.change(echo, "box", box)
        with gr.Row() as row:
            pass
        with pytest.raises(DefinitionTypeError, match="is a layout"):
            box.change(echo, row, box)


def test_a_component_never_rendered_fails_when_the_blocks_closes() -> None:
    with pytest.raises(DefinitionError, match="never rendered"):
        with gr.Blocks():
            hidden = gr.Textbox(render=False)
            box = gr.Textbox()
            box.change(echo, box, hidden)


def test_render_false_then_render_is_fine() -> None:
    with gr.Blocks() as demo:
        later = gr.Textbox(render=False)
        box = gr.Textbox()
        box.change(echo, box, later)
        later.render()
    assert demo.dependencies[0].outputs == (later.id,)


@pytest.mark.parametrize(
    ("fn", "inputs", "words"),
    [
        (lambda a, b: a, 1, "requires 2 argument"),
        (lambda: 1, 1, "accepts at most 0"),
        (lambda a: a, 2, "accepts at most 1"),
        (lambda a, *, key: a, 1, "keyword-only parameter `key`"),
    ],
)
def test_function_arguments_must_match_the_inputs(fn, inputs, words) -> None:
    with gr.Blocks():
        boxes = [gr.Textbox() for _ in range(inputs)]
        with pytest.raises(DefinitionTypeError, match=words) as info:
            boxes[0].change(fn, boxes, boxes[0])
    assert info.value.parameter == "fn"
    assert str(info.value).startswith("`fn=<lambda> (test_validation.py:")


def test_special_parameters_do_not_count_as_inputs() -> None:
    def with_extras(text, request: gr.Request, evt: gr.SelectData, progress=gr.Progress()):  # noqa: B008
        return text

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.select(with_extras, box, box)
    signature = demo.dependencies[0].signature
    assert signature.value_params == ("text",)
    assert (signature.request_param, signature.event_data_param, signature.progress_param) == (
        "request",
        "evt",
        "progress",
    )
    assert demo.dependencies[0].collects_event_data


def test_a_set_of_inputs_is_one_dict_argument() -> None:
    with gr.Blocks() as demo:
        a, b = gr.Textbox(), gr.Textbox()
        a.change(lambda values: values[a], {b, a}, a)
        with pytest.raises(DefinitionTypeError, match="one dict"):
            a.change(lambda x, y: x, {a, b}, a)
    assert demo.dependencies[0].inputs == (a.id, b.id)
    assert demo.dependencies[0].inputs_as_dict


def test_unload_functions_take_no_arguments() -> None:
    with gr.Blocks() as demo:
        with pytest.raises(DefinitionError, match="unload") as info:
            demo.unload(lambda session: None)
    assert info.value.parameter == "unload(fn)"


LAUNCH_CASES = [
    ("launch(auth_dependency)", DefinitionError, dict(auth=("u", "p"), auth_dependency=lambda request: "u")),
    ("launch(max_file_size)", DefinitionError, dict(max_file_size="5 parsecs")),
    ("launch(max_file_size)", DefinitionError, dict(max_file_size="10zb")),
    ("launch(allowed_paths)", DefinitionTypeError, dict(allowed_paths="/srv/data")),
    ("launch(blocked_paths)", DefinitionTypeError, dict(blocked_paths=("/etc",))),
    ("launch(state_session_capacity)", DefinitionError, dict(state_session_capacity=0)),
    ("launch(max_threads)", DefinitionError, dict(max_threads=0)),
    ("launch(server_port)", DefinitionError, dict(server_port=70000)),
    ("launch(auth)", DefinitionTypeError, dict(auth="user:password")),
    ("launch(root_path)", DefinitionError, dict(root_path="myapp")),
    ("launch(share_server_protocol)", DefinitionError, dict(share_server_protocol="ftp")),
    ("launch(ssl_certfile)", DefinitionError, dict(ssl_keyfile=__file__)),
]


@pytest.mark.parametrize(("parameter", "error", "kwargs"), LAUNCH_CASES)
def test_launch_settings(parameter, error, kwargs) -> None:
    demo = _app_with(lambda demo, box: None)
    with pytest.raises(error) as info:
        demo.launch(**kwargs)
    assert info.value.parameter == parameter
    assert f"`{parameter}=" in str(info.value)


QUEUE_CASES = [
    ("queue(status_update_rate)", DefinitionError, dict(status_update_rate="sometimes")),
    ("queue(status_update_rate)", DefinitionError, dict(status_update_rate=0)),
    ("queue(status_update_rate)", DefinitionError, dict(status_update_rate=-2)),
    ("queue(max_size)", DefinitionError, dict(max_size=-1)),
    ("queue(max_size)", DefinitionTypeError, dict(max_size=2.5)),
    ("queue(default_concurrency_limit)", DefinitionError, dict(default_concurrency_limit=0)),
]


@pytest.mark.parametrize(("parameter", "error", "kwargs"), QUEUE_CASES)
def test_queue_settings(parameter, error, kwargs) -> None:
    demo = _app_with(lambda demo, box: None)
    with pytest.raises(error) as info:
        demo.queue(**kwargs)
    assert info.value.parameter == parameter


@pytest.mark.parametrize("value", [(1,), (1, 2, 3), (-1, 10), (10, -1), ("a", 1), 86400])
def test_delete_cache_must_be_a_pair_of_non_negative_numbers(value) -> None:
    with pytest.raises(DefinitionError) as info:
        gr.Blocks(delete_cache=value)
    assert info.value.parameter == "Blocks(delete_cache)"


def test_delete_cache_accepts_a_pair() -> None:
    assert gr.Blocks(delete_cache=(60, 3600)).settings.delete_cache == (60, 3600)


def test_concurrency_count_warns_and_names_the_replacement() -> None:
    demo = _app_with(lambda demo, box: None)
    with pytest.warns(gr.DeprecatedParameterWarning, match="concurrency_limit"):
        demo.queue(concurrency_count=4)


def test_unknown_constructor_arguments_name_the_accepted_ones() -> None:
    with pytest.raises(DefinitionTypeError, match="Textbox takes: value, lines"):
        gr.Textbox(colour="red")


@pytest.mark.parametrize(
    ("build", "parameter"),
    [
        (lambda: gr.Timer(0), "Timer(value)"),
        (lambda: gr.Slider(10, 1), "Slider(minimum)"),
        (lambda: gr.Textbox(type="secret"), "Textbox(type)"),
        (lambda: gr.Radio(choices="abc"), "Radio(choices)"),
        (lambda: gr.State(time_to_live=0), "State(time_to_live)"),
        (lambda: gr.Textbox(value="x", every=1), "Textbox(every)"),
        (lambda: gr.JSON(value={1, 2}), "JSON(value)"),
    ],
)
def test_component_arguments(build, parameter) -> None:
    with gr.Blocks():
        with pytest.raises(DefinitionError) as info:
            build()
    assert info.value.parameter == parameter


def test_every_listener_outside_blocks_is_a_clear_error() -> None:
    loose = gr.Button()
    with pytest.raises(DefinitionError, match="belongs to no Blocks"):
        loose.click(lambda: None)
