"""The documentation the clauses come from, cut into sentences.

The docs (``spec/blocks-docs.txt`` of the shared spec, Gradio 4.44.1's reference text for
``Blocks``, ``launch``, ``queue``, ``integrate``, ``load``, the listener parameters and
``unload``) are read as they are: paragraphs, each cut into sentences. Headings ("Example
Usage"), type lines ("str | None"), defaults ("default: None") and example code are not
sentences. A sentence is identified by its own text (whitespace collapsed), so an edit to the
docs shows up as a sentence no clause quotes.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["DOCS_PATH", "docs_sentences", "find_docs"]

#: where the docs are looked for, nearest first: beside the repository (the shared spec), or
#: a path in the environment variable BLOCKSPEC_DOCS
_CANDIDATES = ("../shared/spec/blocks-docs.txt", "../../shared/spec/blocks-docs.txt")
DOCS_PATH = "spec/blocks-docs.txt"

_HEADINGS = ("Example Usage", "Parameter Description")
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.")


def find_docs(root: Path) -> Path | None:
    """The docs file for the repository at ``root``, or None if it is not on this machine."""
    import os

    env = os.environ.get("BLOCKSPEC_DOCS")
    candidates = [Path(env)] if env else []
    candidates += [root / c for c in _CANDIDATES]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    return None


def _is_code(paragraph: str) -> bool:
    one = " ".join(paragraph.split())
    return (
        one.startswith(("import gradio", "with gr", "gradio.Blocks.", "<class "))
        or "def " in one.split(":")[0]
        or "\n    " in paragraph
    )


def _is_type_line(one: str) -> bool:
    if one.startswith("default:") or one.startswith("Literal["):
        return True
    return "|" in one and not one.endswith((".", ")")) and len(one) < 100


def _split(paragraph: str) -> list[str]:
    # Cut after . ! ? followed by a capital or a quote, unless the full stop ends an
    # abbreviation ("e.g. 'soft'").
    pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z\"(])", paragraph)
    sentences: list[str] = []
    for piece in pieces:
        if sentences and sentences[-1].endswith(_ABBREVIATIONS):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return sentences


def docs_sentences(text: str) -> list[str]:
    """The sentences of the docs, in order, whitespace collapsed (duplicates kept once)."""
    found: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        if not paragraph.strip() or _is_code(paragraph):
            continue
        one = " ".join(paragraph.split())
        if one in _HEADINGS or _is_type_line(one):
            continue
        for sentence in _split(one):
            if sentence not in found:
                found.append(sentence)
    return found
