"""``gr.themes``: theme objects, reduced to what a headless engine needs -- their name.

blockspec serves no stylesheets; a theme only appears as ``theme`` in the app's config.
Constructor arguments (hues, fonts) and ``.set(...)`` are accepted and kept, so app files
that style themselves run unchanged. The theme toolkit apps import -- ``Color``, ``Size``,
``Font``/``GoogleFont``, the named hues and sizes in ``colors``/``sizes``/``fonts``, and the
submodules ``themes.base`` and ``themes.utils`` -- is here as plain data: names, no CSS.
"""

from __future__ import annotations

import types
from typing import Any

__all__ = [
    "Base",
    "Default",
    "Soft",
    "Monochrome",
    "Glass",
    "Origin",
    "Citrus",
    "Ocean",
    "ThemeClass",
    "Color",
    "Size",
    "Font",
    "GoogleFont",
    "colors",
    "sizes",
    "fonts",
    "utils",
    "base",
    "SUBMODULES",
]


class Base:
    """A theme; ``name`` is what the config reports."""

    name = "base"

    def __init__(self, **options: Any) -> None:
        self.options = dict(options)
        self.overrides: dict[str, Any] = {}

    def set(self, **variables: Any) -> Base:
        """Override theme variables; returns the theme, as in Gradio."""
        self.overrides.update(variables)
        return self

    def __repr__(self) -> str:
        return f"<theme {self.name!r}>"


class Default(Base):
    name = "default"


class Soft(Base):
    name = "soft"


class Monochrome(Base):
    name = "monochrome"


class Glass(Base):
    name = "glass"


class Origin(Base):
    name = "origin"


class Citrus(Base):
    name = "citrus"


class Ocean(Base):
    name = "ocean"


ThemeClass = Base


class _Named:
    """A piece of theme data: the arguments it was made with, and its name."""

    def __init__(self, *args: Any, name: str | None = None, **options: Any) -> None:
        self.args = args
        self.name = name
        self.options = dict(options)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class Color(_Named):
    """A hue (Gradio's takes eleven shades, ``c50`` ... ``c950``, and a name)."""


class Size(_Named):
    """A size scale (Gradio's takes seven steps, ``xxs`` ... ``xxl``, and a name)."""


class Font:
    """A font by family name."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class GoogleFont(Font):
    """A font served by Google Fonts (blockspec serves no stylesheets: only the name is kept)."""

    def __init__(self, name: str, weights: Any = (400, 600)) -> None:
        super().__init__(name)
        self.weights = tuple(weights)


def _module(name: str, doc: str, **members: Any) -> types.ModuleType:
    module = types.ModuleType(name, doc)
    for key, value in members.items():
        setattr(module, key, value)
    return module


# The named hues and sizes of Gradio 4.44.1's gradio/themes/utils/{colors,sizes}.py, by name.
_HUES = (
    "slate gray zinc neutral stone red orange amber yellow lime green emerald teal cyan sky blue "
    "indigo violet purple fuchsia pink rose"
).split()
_SIZES = "radius_none radius_sm radius_md radius_lg spacing_sm spacing_md spacing_lg text_sm text_md text_lg".split()

colors = _module("blockspec.themes.colors", "Named hues.", Color=Color, **{hue: Color(name=hue) for hue in _HUES})
sizes = _module("blockspec.themes.sizes", "Named size scales.", Size=Size, **{s: Size(name=s) for s in _SIZES})
fonts = _module("blockspec.themes.fonts", "Fonts.", Font=Font, GoogleFont=GoogleFont)
utils = _module("blockspec.themes.utils", "Theme building blocks.", colors=colors, sizes=sizes, fonts=fonts)
base = _module("blockspec.themes.base", "The base theme.", Base=Base, ThemeClass=ThemeClass)

#: what ``gradio.themes.<key>`` imports resolve to through the compatibility module
SUBMODULES: dict[str, types.ModuleType] = {
    "base": base,
    "utils": utils,
    "utils.colors": colors,
    "utils.sizes": sizes,
    "utils.fonts": fonts,
}
