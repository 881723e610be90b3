"""The documented defaults, and the environment variables the docs name."""

from __future__ import annotations

import pytest

import blockspec as gr
from blockspec import DefinitionError, _env


def echo(x):
    return x


def test_trigger_mode_defaults_follow_the_event() -> None:
    with gr.Blocks() as demo:
        box, drop, btn = gr.Textbox(), gr.Dropdown(["a"]), gr.Button()
        box.change(echo, box, box)
        drop.key_up(echo, drop, box)
        box.submit(echo, box, box)
        btn.click(echo, box, box).then(echo, box, box)
        box.change(echo, box, box, trigger_mode="multiple")
    modes = [d.trigger_mode for d in demo.dependencies]
    assert modes == ["always_last", "always_last", "once", "once", "once", "multiple"]


def test_api_names_come_from_the_function_with_suffixes() -> None:
    def predict(x):
        return x

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.change(predict, box, box)
        box.submit(predict, box, box)
        box.blur(predict, box, box, api_name="predict")
        box.focus(lambda x: x, box, box)
        box.input(echo, box, box, api_name=False)
    specs = demo.dependencies
    assert [d.api_name for d in specs] == ["predict", "predict_1", "predict_2", "lambda", False]
    assert specs[4].show_api is False


def test_listeners_without_a_function_are_private() -> None:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.change(None, box, box, js="(x) => x")
        box.submit(None)
    assert [(d.api_name, d.show_api, d.queue) for d in demo.dependencies] == [
        ("js_fn", False, False),
        ("unnamed", False, False),
    ]


def test_concurrency_limit_default_comes_from_the_queue() -> None:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        first = box.change(echo, box, box)
        box.submit(lambda x: x, box, box, concurrency_limit=5)
        box.blur(echo, box, box, concurrency_limit=2)  # same function -> same group as `first`
        box.focus(lambda x: x, box, box, concurrency_limit=None, concurrency_id="shared")
        box.input(lambda x: x, box, box, concurrency_limit=3, concurrency_id="shared")
    graph = demo.graph
    deps = graph.dependencies
    assert graph.concurrency_limit_of(deps[0]) == 1  # "default" -> default_concurrency_limit 1; group lowest
    assert deps[0].concurrency_id == deps[2].concurrency_id
    assert graph.concurrency_limit_of(deps[1]) == 5
    assert graph.concurrency_limit_of(deps[3]) == 3 == graph.concurrency_limit_of(deps[4])
    demo.queue(default_concurrency_limit=None)
    assert demo.graph.concurrency_limit_of(deps[1]) == 5
    assert demo.graph.concurrency_limit_of(first.spec) == 2


def test_default_concurrency_limit_reads_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("GRADIO_DEFAULT_CONCURRENCY_LIMIT", "7")
    assert gr.Blocks().queue_settings.default_concurrency_limit == 7
    monkeypatch.setenv("GRADIO_DEFAULT_CONCURRENCY_LIMIT", "None")
    assert gr.Blocks().queue_settings.default_concurrency_limit is None
    monkeypatch.delenv("GRADIO_DEFAULT_CONCURRENCY_LIMIT")
    assert gr.Blocks().queue_settings.default_concurrency_limit == 1
    assert gr.Blocks().queue(default_concurrency_limit=4).queue_settings.default_concurrency_limit == 4


def test_a_bad_environment_value_names_the_variable() -> None:
    with pytest.raises(DefinitionError, match="GRADIO_DEFAULT_CONCURRENCY_LIMIT"):
        _env.default_concurrency_limit({"GRADIO_DEFAULT_CONCURRENCY_LIMIT": "lots"})
    with pytest.raises(DefinitionError, match="GRADIO_SERVER_PORT"):
        _env.server_port({"GRADIO_SERVER_PORT": "http"})
    with pytest.raises(DefinitionError, match="GRADIO_SHARE"):
        _env.share({"GRADIO_SHARE": "perhaps"})


def test_launch_environment_defaults(monkeypatch) -> None:
    monkeypatch.setenv("GRADIO_SERVER_NAME", "0.0.0.0")
    monkeypatch.setenv("GRADIO_SERVER_PORT", "7999")
    monkeypatch.setenv("GRADIO_ROOT_PATH", "/myapp/")
    monkeypatch.setenv("GRADIO_SHARE", "True")
    from blockspec._launch import recording_launches

    demo = gr.Blocks()
    with recording_launches():
        demo.launch()
    settings = demo.launch_settings
    assert (settings.server_name, settings.server_port, settings.root_path, settings.share) == (
        "0.0.0.0",
        7999,
        "/myapp",
        True,
    )
    with recording_launches():
        demo.launch(server_name="127.0.0.1", server_port=0, root_path="", share=False)
    settings = demo.launch_settings
    assert (settings.server_name, settings.server_port, settings.root_path, settings.share) == (
        "127.0.0.1",
        0,
        "",
        False,
    )


def test_analytics_follows_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    assert gr.Blocks().get_config()["analytics_enabled"] is False
    monkeypatch.delenv("GRADIO_ANALYTICS_ENABLED")
    assert gr.Blocks().get_config()["analytics_enabled"] is True
    assert gr.Blocks(analytics_enabled=False).get_config()["analytics_enabled"] is False


@pytest.mark.parametrize(
    ("given", "expected"), [(0, 0), (100, 100), ("5b", 5), ("2 KB", 2048), ("3mb", 3 * 1024**2), ("1tb", 1024**4)]
)
def test_max_file_size_units(given, expected) -> None:
    from blockspec._launch import recording_launches

    demo = gr.Blocks()
    with recording_launches():
        demo.launch(max_file_size=given)
    assert demo.launch_settings.max_file_size == expected
    assert demo.get_config()["max_file_size"] == expected


def test_launch_validates_everything_before_serving() -> None:
    demo = gr.Blocks()
    with pytest.raises(DefinitionError, match="max_threads"):
        demo.launch(max_threads=0)
    assert not hasattr(demo, "_server")


def test_integrate_needs_launch_first() -> None:
    with pytest.raises(gr.LifecycleError, match="launch"):
        gr.Blocks().integrate(mlflow=object())


def test_integrate_writes_the_local_link_into_each_tracker_given() -> None:
    class Tracker:
        def __init__(self) -> None:
            self.calls: list[tuple[str, tuple[object, ...]]] = []

        def __getattr__(self, name: str) -> object:
            return lambda *args: self.calls.append((name, args))

    from blockspec._launch import recording_launches

    demo = gr.Blocks()
    with recording_launches():  # launch() validates and records; no server
        demo.launch()
    comet, mlflow = Tracker(), Tracker()
    demo.integrate(comet_ml=comet, mlflow=mlflow)
    url = demo.local_url
    assert url is not None and demo.integrations == ("comet_ml", "mlflow")
    assert comet.calls == [("log_other", ("Created from", "Gradio")), ("log_text", (f"gradio: {url}",)), ("end", ())]
    assert mlflow.calls == [("log_param", ("Gradio Interface Local Link", url))]


def test_every_on_a_listener_becomes_a_timer_as_in_gradio() -> None:
    with gr.Blocks() as demo:
        btn, box = gr.Button(), gr.Textbox()
        periodic = btn.click(echo, box, box, every=2)
        btn2 = gr.Button()
        btn2.click(None, cancels=[periodic])
    timer = periodic.timer
    assert isinstance(timer, gr.Timer) and timer.value == 2 and timer.active is False
    roles = [(d.role, [t.to_json() for t in d.targets]) for d in demo.dependencies]
    assert roles == [
        ("timer_start", [[btn.id, "click"]]),
        ("listener", [[timer.id, "tick"]]),
        ("listener", [[btn2.id, "click"]]),
        ("timer_stop", [[btn2.id, "click"]]),
    ]
    assert demo.dependencies[1].every == 2 and demo.dependencies[1].show_progress == "hidden"


def test_the_config_is_identical_for_identical_apps() -> None:
    def build():
        with gr.Blocks(title="same") as demo:
            box = gr.Textbox()
            box.change(echo, box, box)
        return demo

    assert build().config_bytes() == build().config_bytes()
    assert build().get_config()["app_id"] == build().get_config()["app_id"]
