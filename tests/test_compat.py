"""The gradio compatibility module: an opt-in, undone on exit, with clear failures."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

import blockspec
from blockspec import DefinitionError, NotAvailableError
from blockspec._loading import load_app
from blockspec.compat import as_gradio


def test_import_gradio_gives_blockspec_inside_and_nothing_after() -> None:
    before = sys.modules.get("gradio")
    with as_gradio():
        import gradio  # noqa: PLC0415

        assert gradio.__blockspec__ is True
        assert gradio.Blocks is blockspec.Blocks
        assert gradio.__version__ == "4.44.1"
        from gradio.themes import Soft  # noqa: PLC0415

        assert Soft is blockspec.themes.Soft
    assert sys.modules.get("gradio") is before


def test_unmodelled_names_fail_with_the_fix() -> None:
    with as_gradio():
        import gradio  # noqa: PLC0415

        with pytest.raises(NotAvailableError, match="set_static_paths is not modelled by blockspec"):
            gradio.set_static_paths  # noqa: B018
        with pytest.raises(ModuleNotFoundError, match="compatibility module"):
            import gradio.routes  # noqa: F401, PLC0415


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_load_app_prefers_the_launched_blocks_and_records_launch(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "two.py",
        """
        import gradio as gr
        with gr.Blocks(title="a") as first:
            gr.Textbox()
        with gr.Blocks(title="b") as second:
            gr.Textbox()
        second.launch(server_port=0)
        """,
    )
    loaded = load_app(path)
    assert loaded.name == "second"
    assert loaded.launched
    assert loaded.app.launch_settings.server_port == 0


def test_load_app_runs_the_main_guard_with_launch_recording(tmp_path: Path) -> None:
    # As `python app.py` and Gradio's `gradio app.py` do: the file is "__main__", so the
    # settings of its `if __name__ == "__main__":` block are the deployed ones.
    path = _write(
        tmp_path,
        "guarded.py",
        """
        import sys
        import gradio as gr
        with gr.Blocks() as demo:
            gr.Textbox()
        if __name__ == "__main__":
            seen_argv = list(sys.argv)
            demo.queue(default_concurrency_limit=2, max_size=3)
            demo.launch(auth=("u", "p"), show_error=True, server_port=7999)
        """,
    )
    loaded = load_app(path)
    assert loaded.name == "demo" and loaded.launched
    assert loaded.namespace["seen_argv"] == [str(path)]
    graph = loaded.app.graph
    assert graph.queue.default_concurrency_limit == 2 and graph.queue.max_size == 3
    assert graph.launch.show_error is True and graph.launch.server_port == 7999
    assert graph.launch.auth is not None


def test_an_app_file_that_exits_while_loading_says_so(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "exits.py",
        """
        import gradio as gr
        with gr.Blocks() as demo:
            gr.Textbox()
        if __name__ == "__main__":
            raise SystemExit("bye")
        """,
    )
    with pytest.raises(DefinitionError, match="exited while loading"):
        load_app(path)


def test_load_app_with_several_unlaunched_blocks_asks_for_a_name(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "many.py",
        """
        import gradio as gr
        with gr.Blocks() as a:
            pass
        with gr.Blocks() as b:
            pass
        """,
    )
    with pytest.raises(DefinitionError, match="--app-name"):
        load_app(path)
    assert load_app(path, name="b").name == "b"


def test_unmodelled_components_become_stand_ins_with_their_events(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "gallery.py",
        """
        import gradio as gr
        with gr.Blocks() as demo:
            prompt = gr.Textbox()
            pictures = gr.Gallery(columns=3, object_fit="contain", label="Pictures")
            prompt.submit(lambda p: [p, p], prompt, pictures)
            pictures.select(lambda: "picked", None, prompt)
        """,
    )
    with pytest.warns(blockspec.BlockspecWarning, match="gr.Gallery is not modelled"):
        loaded = load_app(path)
    config = loaded.app.get_config()
    gallery = next(c for c in config["components"] if c["type"] == "gallery")
    assert gallery["props"]["label"] == "Pictures"
    assert [d["targets"][0][1] for d in config["dependencies"]] == ["submit", "select"]
    from blockspec.sim import Simulation

    with Simulation(loaded.app) as sim:
        user = sim.client("u")
        user.fill(loaded.namespace["prompt"], "cat").submit(loaded.namespace["prompt"])
        # the page holds a Gallery's items as {"image": FileData, "caption": ...}
        assert [item["image"]["path"] for item in user.value(loaded.namespace["pictures"])] == ["cat", "cat"]
