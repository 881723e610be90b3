"""The blockspec command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from blockspec._loading import load_app
from blockspec.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_conform_names_an_unknown_target_and_the_choices() -> None:
    with pytest.raises(SystemExit, match="is not sim, server, http or a URL"):
        main(["conform", "--target", "nonsense"])


def test_inspect_json_is_the_apps_config(capsys) -> None:
    path = ROOT / "examples" / "docs_update.py"
    assert main(["inspect", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == load_app(path).app.get_config()


def test_inspect_tables_name_the_dependencies(capsys) -> None:
    assert main(["inspect", str(ROOT / "examples" / "docs_reverse.py")]) == 0
    out = capsys.readouterr().out
    assert "reverse" in out and "button" in out


def test_a_bad_app_is_a_one_line_error(tmp_path, capsys) -> None:
    app = tmp_path / "bad.py"
    app.write_text(
        "import gradio as gr\nwith gr.Blocks() as demo:\n    gr.Textbox().change(lambda: 1, None, None, every=-1)\n"
    )
    assert main(["inspect", str(app)]) == 1
    assert "`every=-1` is not positive" in capsys.readouterr().err


def test_the_console_script_is_installed() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "blockspec.cli", "conform", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0
    assert "--launch" in result.stdout


@pytest.mark.parametrize("command", ["simulate", "inspect"])
def test_an_app_whose_own_code_raises_while_loading_gets_its_frames_and_a_fix(tmp_path, capsys, command) -> None:
    app = tmp_path / "app.py"
    app.write_text("import gradio as gr\nimport some_missing_package\n", encoding="utf-8")
    assert main([command, str(app)]) == 1
    err = capsys.readouterr().err
    assert "the app file raised ModuleNotFoundError while loading: No module named 'some_missing_package'" in err
    assert f"{app}:2 in <module>: import some_missing_package" in err
    assert "pip install some_missing_package" in err and "Traceback" not in err


def test_a_failure_of_blockspec_itself_keeps_its_traceback(monkeypatch) -> None:
    import blockspec.cli as cli

    def broken(args):
        raise RuntimeError("a bug in blockspec")

    monkeypatch.setattr(cli, "_inspect", broken)
    with pytest.raises(RuntimeError, match="a bug in blockspec"):
        main(["inspect", "whatever.py"])
