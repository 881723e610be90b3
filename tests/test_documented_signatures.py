"""Every documented signature, read from spec/blocks-api.md, against inspect.signature.

The tables of the spec are parsed here (not copied into the test), so a change to either the
spec or the code that makes them disagree fails this file.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

import blockspec as gr
from blockspec._block import Block
from blockspec._events import HIDDEN_PROGRESS_EVENTS

SPEC = Path(__file__).resolve().parent.parent / "spec" / "blocks-api.md"


def _sections() -> dict[str, str]:
    text = SPEC.read_text(encoding="utf-8")
    parts = re.split(r"^## ", text, flags=re.M)
    return {part.splitlines()[0]: part for part in parts[1:]}


def _table(section: str) -> list[tuple[str, object]]:
    rows = []
    for line in section.splitlines():
        # The type column may itself hold "|", escaped as "\|" in the markdown.
        cells = [c.strip() for c in line.replace("\\|", "¦").strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or cells[0] == "name" or set(cells[0]) <= {"-"}:
            continue
        rows.append((cells[0], ast.literal_eval(cells[2])))
    return rows


def _section(prefix: str) -> str:
    matches = [body for title, body in _sections().items() if title.startswith(prefix)]
    assert len(matches) == 1, f"spec has {len(matches)} sections starting {prefix!r}"
    return matches[0]


def _params(fn: object, *, skip_first: bool = False) -> list[tuple[str, object]]:
    params = list(inspect.signature(fn).parameters.values())
    if skip_first:
        params = params[1:]
    return [(p.name, p.default) for p in params]


def test_the_spec_tables_are_found() -> None:
    assert len(_table(_section("`Blocks(...)`"))) == 9
    assert len(_table(_section("`Blocks.launch(...)`"))) == 29
    assert len(_table(_section("`Blocks.queue(...)`"))) == 5
    assert len(_table(_section("Event listeners"))) == 18


def test_blocks_constructor_matches_the_docs_plus_fill_width() -> None:
    documented = _table(_section("`Blocks(...)`"))
    actual = _params(gr.Blocks)
    assert [p for p in actual if p[0] != "fill_width"] == documented
    assert ("fill_width", False) in actual


def test_launch_matches_the_docs() -> None:
    assert _params(gr.Blocks.launch, skip_first=True) == _table(_section("`Blocks.launch(...)`"))


def test_queue_matches_the_docs() -> None:
    assert _params(gr.Blocks.queue, skip_first=True) == _table(_section("`Blocks.queue(...)`"))


def _heading_signature(prefix: str) -> list[tuple[str, object]]:
    title = next(t for t in _sections() if t.startswith(prefix))
    inside = re.search(r"\((.*)\)", title).group(1)
    out = []
    for part in inside.split(","):
        name, _, default = part.strip().partition("=")
        out.append((name, ast.literal_eval(default) if default else inspect.Parameter.empty))
    return out


def test_integrate_matches_the_docs() -> None:
    assert _params(gr.Blocks.integrate, skip_first=True) == _heading_signature("`Blocks.integrate(")


def test_unload_matches_the_docs() -> None:
    assert _params(gr.Blocks.unload, skip_first=True) == _heading_signature("`Blocks.unload(")


LISTENER_TABLE = _table(_section("Event listeners"))


def _all_block_classes() -> list[type[Block]]:
    seen, todo = [], [Block]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen and sub.__module__.startswith("blockspec"):
                seen.append(sub)
                todo.append(sub)
    return sorted(seen, key=lambda c: c.__qualname__)


def _every_listener() -> list[tuple[str, str]]:
    return [(cls.__qualname__, event) for cls in _all_block_classes() for event in cls.EVENTS]


def test_the_component_set_has_events() -> None:
    listeners = _every_listener()
    names = {event for _, event in listeners}
    for event in ("click", "change", "input", "submit", "select", "blur", "focus", "key_up", "upload", "clear", "tick"):
        assert event in names
    assert len(listeners) > 50


@pytest.mark.parametrize(("class_name", "event"), _every_listener())
def test_every_listener_takes_the_documented_parameters(class_name: str, event: str) -> None:
    cls = next(c for c in _all_block_classes() if c.__qualname__ == class_name)
    unbound = getattr(cls, event)
    # On the class, a listener takes the block first (the docs: Blocks.load(block, ...)).
    assert _params(unbound) == [("block", inspect.Parameter.empty), *LISTENER_TABLE]
    with gr.Blocks() as demo:
        # An app class (Interface, TabbedInterface) has Blocks' own load listener; it needs arguments.
        block = demo if issubclass(cls, gr.Blocks) else cls()
        expected = LISTENER_TABLE
        if event in HIDDEN_PROGRESS_EVENTS:  # Gradio 4.44.1's tick/stream: gradio/events.py:798-832
            expected = [(n, "hidden" if n == "show_progress" else d) for n, d in LISTENER_TABLE]
        assert _params(getattr(block, event)) == expected


def test_load_is_documented_with_block_first() -> None:
    assert _params(gr.Blocks.load)[0] == ("block", inspect.Parameter.empty)


def test_chains_and_gr_on_take_the_documented_parameters() -> None:
    with gr.Blocks():
        dep = gr.Button().click(lambda: None)
        assert _params(dep.then) == LISTENER_TABLE
        assert _params(dep.success) == LISTENER_TABLE
    on_params = _params(gr.on)
    assert on_params[0] == ("triggers", None)
    assert on_params[1:] == LISTENER_TABLE
