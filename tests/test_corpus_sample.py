"""A fixed sample of Gradio 4.44.1's own demo apps, loaded and simulated as the corpus tool does.

The corpus (``shared/corpus/gradio-4.44.1/<app>/run.py``, Gradio's ``demo/`` directory at tag
gradio@4.44.1) lives outside the repository: it is looked up beside the repository root (as
``../shared/corpus/gradio-4.44.1``) or any folder above it, or at ``$BLOCKSPEC_CORPUS``; these
tests skip, saying so, when it is absent.

Each sample app must load, simulate with the default scenario (every user-facing event fired
once), and have no job fail and no invariant break. Their ``/config`` must equal what real
Gradio 4.44.1 gave them (``tests/fixtures/gradio-4.44.1/corpus/sample.json``, recorded by
``tools/record_gradio_fixtures.py --corpus DIR --sample``). ``tools/corpus.py`` runs the whole
corpus; ``reports/corpus.md`` is its last report.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from corpus_helpers import CORPUS, MISSING, corpus_app
from corpus_helpers import corpus_tool as load_corpus_tool

from blockspec import BlockspecWarning

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "gradio-4.44.1" / "corpus" / "sample.json"

#: Apps that load and simulate cleanly. Chosen to cover layouts, forms, generators, State,
#: timers, unload, js listeners and stand-ins. Some load, or have Gradio's /config, only since
#: the corpus tool's fixes: downloadbutton_component (DownloadButton's positional label),
#: duplicatebutton_component (type "button"), blocks_random_slider (Slider(randomize=True) is
#: a load listener), datetime_component, datetimes and multimodaltextbox_component (DateTime
#: and MultimodalTextbox are form components), timer and timer_simple (tick's show_progress);
#: calculator_blocks_cached and zip_files (a cached-examples listener comes last, two ids up),
#: event_trigger (an edit of an Image holding the app's own file uploads a real one).
SAMPLE = (
    "audio_component_events",
    "blocks_essay",
    "blocks_flashcards",
    "blocks_form",
    "blocks_group",
    "blocks_hello",
    "blocks_js_methods",
    "blocks_layout",
    "blocks_outputs",
    "blocks_page_load",
    "blocks_random_slider",
    "blocks_scroll",
    "blocks_simple_squares",
    "calculator_blocks_cached",
    "calculator_list_and_dict",
    "datetime_component",
    "datetimes",
    "downloadbutton_component",
    "duplicatebutton_component",
    "event_trigger",
    "file_explorer_component_events",
    "hangman",
    "hello_blocks_decorator",
    "loginbutton_component",
    "model3d_component_events",
    "multimodaltextbox_component",
    "reversible_flow",
    "rows_and_columns",
    "simple_state",
    "timer",
    "timer_simple",
    "unload_event_test",
    "upload_button_component_events",
    "variable_outputs",
    "video_component_events",
    "zip_files",
)


needs_corpus = pytest.mark.skipif(CORPUS is None, reason=MISSING)


corpus_tool = load_corpus_tool()


def _app(name: str) -> Path:
    return corpus_app(name)


@needs_corpus
@pytest.mark.parametrize("name", SAMPLE)
def test_sample_app_loads_and_simulates_with_no_failing_job(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_app(name).parent)  # as the corpus tool runs it: from its own folder
    result = corpus_tool.study(_app(name))
    assert result["loads"], f"{name} does not load: {result.get('detail')} ({result.get('where')})"
    assert result["simulated"], f"{name} does not simulate: {result.get('detail')}"
    assert result["failed_jobs"] == [], f"{name}: jobs failed: {result['failed_jobs']}"
    assert result["violations"] == [] and result["cycles"] == 0, result
    assert result["category"] == "clean"


def test_the_sample_is_large_enough_and_its_fixture_names_gradio_4_44_1() -> None:
    assert len(SAMPLE) >= 20 and len(set(SAMPLE)) == len(SAMPLE)
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert fixture["gradio_version"] == "4.44.1"
    assert fixture["recorded_by"] == "tools/record_gradio_fixtures.py"
    assert set(fixture["apps"]) <= set(SAMPLE)
    recorded = [name for name, app in fixture["apps"].items() if "error" not in app]
    assert len(recorded) >= 20


def _recorded() -> list[str]:
    if not FIXTURE.is_file():  # test_the_sample_is_large_enough... fails and says so
        return []
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return sorted(name for name, app in fixture["apps"].items() if "error" not in app)


@needs_corpus
@pytest.mark.parametrize("name", _recorded())
def test_sample_config_matches_gradio_4_44_1(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from blockspec._loading import load_app

    theirs = json.loads(FIXTURE.read_text(encoding="utf-8"))["apps"][name]
    monkeypatch.chdir(_app(name).parent)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BlockspecWarning)  # a stand-in's warning is not under test here
        ours = corpus_tool.compact_config(load_app(_app(name)).app.get_config())
    assert corpus_tool.compare_config(ours, theirs) == []
