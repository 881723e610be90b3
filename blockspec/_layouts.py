"""Layouts: blocks that arrange other blocks. They hold no value and run no function.

Layouts can be outputs of a listener (a function may return ``gr.Row(visible=False)`` to
hide one), never inputs.
"""

from __future__ import annotations

from typing import ClassVar

from ._block import ELEM_CLASSES, ELEM_ID, KEY, RENDER, VISIBLE, Block, BlockContext, Param

__all__ = ["Row", "Column", "Tab", "TabItem", "Tabs", "Group", "Accordion", "Form"]


class Row(BlockContext):
    """Children side by side. ``variant="compact"`` also stops form components being grouped."""

    TYPE = "row"
    PARAMS = (
        Param("variant", "default"),
        VISIBLE,
        ELEM_ID,
        ELEM_CLASSES,
        RENDER,
        Param("equal_height", True),
        Param("show_progress", False),
        KEY,
    )


class Column(BlockContext):
    """Children stacked vertically; ``scale`` and ``min_width`` size it within a Row."""

    TYPE = "column"
    PARAMS = (
        Param("scale", 1),
        Param("min_width", 320),
        Param("variant", "default"),
        VISIBLE,
        ELEM_ID,
        ELEM_CLASSES,
        RENDER,
        Param("show_progress", False),
        KEY,
    )


class Tabs(BlockContext):
    """A set of tabs; ``selected`` is the id of the open one."""

    TYPE = "tabs"
    EVENTS = ("change", "select")
    PARAMS = (Param("selected", None), VISIBLE, ELEM_ID, ELEM_CLASSES, RENDER, KEY)


class Tab(BlockContext):
    """One tab. A Tab outside a ``Tabs`` is given one when its layout closes."""

    TYPE = "tabitem"
    EVENTS = ("select",)
    PARAMS = (
        Param("label", None, kw_only=False),
        Param("visible", True, kw_only=False),
        Param("interactive", True, kw_only=False),
        Param("id", None),
        ELEM_ID,
        ELEM_CLASSES,
        RENDER,
        KEY,
    )

    def config_name(self) -> str:
        return "tab"

    def get_expected_parent(self) -> type[BlockContext] | None:
        return Tabs


TabItem = Tab


class Group(BlockContext):
    """Children shown together with no padding between them."""

    TYPE = "group"
    PARAMS = (VISIBLE, ELEM_ID, ELEM_CLASSES, RENDER, KEY)


class Accordion(BlockContext):
    """A collapsible section titled ``label``."""

    TYPE = "accordion"
    PARAMS = (Param("label", None, kw_only=False), Param("open", True), VISIBLE, ELEM_ID, ELEM_CLASSES, RENDER, KEY)


class Form(BlockContext):
    """The wrapper Gradio puts around each run of form components; apps do not create it.

    Its size follows its children: inside a Row it is as wide as their scales and minimum
    widths add up to.
    """

    TYPE = "form"
    PARAMS = (Param("scale", 0), Param("min_width", 0), RENDER)
    ALLOW_EXPECTED_PARENTS: ClassVar[bool] = False

    def _add_child(self, child: Block) -> None:
        from ._blocks import Blocks

        if isinstance(self.parent, Row):
            child_scale = getattr(child, "scale", None)
            self.scale += 1 if child_scale is None else child_scale
            self.min_width += getattr(child, "min_width", 0) or 0
        elif isinstance(self.parent, Blocks) and self.parent.fill_height:
            child_scale = getattr(child, "scale", None)
            self.scale += 0 if child_scale is None else child_scale
        super()._add_child(child)
