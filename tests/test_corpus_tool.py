"""How tools/corpus.py classifies an app: what is blockspec's to fix and what is not."""

from __future__ import annotations

from pathlib import Path

from corpus_helpers import corpus_app, corpus_tool

LOOPING_APP = """
import gradio as gr

with gr.Blocks() as demo:
    text = gr.Textbox("a")
    text.change(lambda s: s + "a", text, text)  # every output changes the input again
"""

MISMATCHED_APP = """
import gradio as gr

with gr.Blocks() as demo:
    a = gr.Textbox()
    go = gr.Button()
    go.click(lambda x, y, z: x, a, a)
"""

FAILING_APP = """
import gradio as gr

def crash(text):
    return text.no_such_attribute

with gr.Blocks() as demo:
    a = gr.Textbox()
    go = gr.Button()
    go.click(crash, a, a)
"""


def _study(tmp_path: Path, source: str) -> dict:
    app = tmp_path / "app" / "run.py"
    app.parent.mkdir()
    app.write_text(source, encoding="utf-8")
    return corpus_tool().study(app)


def test_a_change_cascade_that_never_settles_is_the_apps_loop_not_a_failure(tmp_path: Path) -> None:
    result = _study(tmp_path, LOOPING_APP)
    assert result["category"] == "app loops" and result["cycles"] > 0


def test_a_function_that_cannot_take_its_inputs_is_an_invalid_app(tmp_path: Path) -> None:
    result = _study(tmp_path, MISMATCHED_APP)
    assert result["loads"] is False and result["category"] == "invalid app"
    assert "requires 3 argument(s)" in result["detail"]


def test_an_unexpected_exception_in_a_job_still_counts_as_a_failure(tmp_path: Path) -> None:
    result = _study(tmp_path, FAILING_APP)
    assert result["category"] == "jobs failed" and result["failed_jobs"][0]["type"] == "AttributeError"


def test_a_missing_binary_data_file_at_run_time_is_the_corpus_not_blockspec() -> None:
    cause = corpus_tool().job_cause(
        {"type": "FileNotFoundError", "message": "[Errno 2] No such file or directory: 'files/cantina.wav'"}
    )
    assert cause == ("needs a data file", "environment")


def test_an_app_with_its_own_scenario_file_is_simulated_with_it() -> None:
    # zip_to_json reads its upload as a ZIP; its bare File input says nothing of that.
    result = corpus_tool().study(corpus_app("zip_to_json"))
    assert result["category"] == "clean" and result["jobs"] == 1
    assert result["scenario"] == "tools/corpus_scenarios/zip_to_json.toml"


def test_a_job_looking_for_a_file_of_the_corpus_is_a_data_gap_and_other_paths_are_not(tmp_path: Path) -> None:
    tool = corpus_tool()
    app = tmp_path / "corpus" / "some_app" / "run.py"
    inside = {"type": "FileNotFoundError", "message": f"[Errno 2] No such file or directory: '{app.parent}/files'"}
    sibling = {"type": "FileNotFoundError", "message": "[Errno 2] No such file or directory: '../other/files/a.wav'"}
    outside = {"type": "FileNotFoundError", "message": "[Errno 2] No such file or directory: '/elsewhere/x'"}
    assert tool._missing_corpus_file(inside, app) and tool._missing_corpus_file(sibling, app)
    assert not tool._missing_corpus_file(outside, app)
    assert tool.job_cause({**outside, "corpus_file": False})[0] != "needs a data file"
