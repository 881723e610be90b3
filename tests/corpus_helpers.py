"""Gradio 4.44.1's demo apps for tests: where they are, one app's file, the corpus tool.

The corpus is ``$BLOCKSPEC_CORPUS``, else ``shared/corpus/gradio-4.44.1`` in a folder above the
repository (``../shared`` beside it); tests that need it skip when it is absent.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
MISSING = (
    "Gradio 4.44.1's demo apps are not here: expected ../shared/corpus/gradio-4.44.1 beside the "
    "repository (or set BLOCKSPEC_CORPUS=DIR)"
)


def _find() -> Path | None:
    configured = os.environ.get("BLOCKSPEC_CORPUS")
    if configured:
        return Path(configured) if Path(configured).is_dir() else None
    for folder in ROOT.parents:
        candidate = folder / "shared" / "corpus" / "gradio-4.44.1"
        if candidate.is_dir():
            return candidate
    return None


#: The corpus folder, or None when it is not on this machine.
CORPUS = _find()


def corpus_app(name: str) -> Path:
    """The ``run.py`` of the corpus app ``name`` (the test skips when the corpus is absent)."""
    if CORPUS is None or not (CORPUS / name / "run.py").is_file():
        pytest.skip(f"{MISSING}: {name}")
    return CORPUS / name / "run.py"


def corpus_tool() -> Any:
    """``tools/corpus.py`` as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("blockspec_corpus_tool", ROOT / "tools" / "corpus.py")
    assert spec is not None and spec.loader is not None
    if spec.name in sys.modules:
        return sys.modules[spec.name]
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@contextmanager
def default_run(name: str) -> Iterator[tuple[Any, Any]]:
    """The corpus app ``name`` simulated as ``blockspec simulate`` does with no scenario file:
    ``(simulation, outcome)``, the simulation closed afterwards (the test skips without the corpus)."""
    from blockspec._loading import load_app
    from blockspec.sim import Scenario, run_scenario

    path = corpus_app(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # stand-ins announce themselves
        graph = load_app(path).app.graph
        sim, outcome = run_scenario(path, Scenario.default_for(graph))
    try:
        yield sim, outcome
    finally:
        sim.close()
