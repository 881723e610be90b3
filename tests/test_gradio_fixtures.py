"""blockspec's config against what real Gradio 4.44.1 produced for the same apps.

The fixtures in tests/fixtures/gradio-4.44.1/ were recorded by tools/record_gradio_fixtures.py
running the real Gradio 4.44.1; each names the version that produced it. Every app is built
twice here -- as written (``import gradio as gr``, through the compatibility module) and
with ``import blockspec as gr`` -- and both must match the fixture key for key.
"""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest

from blockspec import Blocks
from blockspec._loading import load_app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "gradio-4.44.1").glob("*.json"))


def _fixture(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _as_blockspec(app_path: Path, tmp_path: Path) -> Blocks:
    source = app_path.read_text(encoding="utf-8")
    assert "import gradio as gr\n" in source
    rewritten = tmp_path / app_path.name
    rewritten.write_text(source.replace("import gradio as gr\n", "import blockspec as gr\n"), encoding="utf-8")
    from blockspec._launch import recording_launches

    with recording_launches():
        namespace = runpy.run_path(str(rewritten), run_name="__test__")
    return namespace["demo"]


def test_fixtures_exist_and_name_their_gradio_version() -> None:
    assert len(FIXTURES) >= 6
    for path in FIXTURES:
        fixture = _fixture(path)
        assert fixture["gradio_version"] == "4.44.1"
        assert fixture["recorded_by"] == "tools/record_gradio_fixtures.py"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
@pytest.mark.parametrize("spelling", ["import gradio", "import blockspec"])
def test_config_matches_gradio_4_44_1(path: Path, spelling: str, tmp_path: Path) -> None:
    fixture = _fixture(path)
    app_path = ROOT / fixture["app"]
    demo = load_app(app_path).app if spelling == "import gradio" else _as_blockspec(app_path, tmp_path)
    config = demo.get_config()
    assert len(config["dependencies"]) == len(fixture["dependencies"])
    for ours, theirs in zip(config["dependencies"], fixture["dependencies"]):
        assert list(ours) == list(theirs), f"dependency {theirs['id']}: keys differ"
        for key in theirs:
            assert ours[key] == theirs[key], (
                f"dependency {theirs['id']}: {key!r} is {ours[key]!r}, Gradio has {theirs[key]!r}"
            )
    assert config["layout"] == fixture["layout"]
    assert [[c["id"], c["type"]] for c in config["components"]] == fixture["components"]
