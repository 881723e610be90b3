"""``gr.themes``: theme objects, reduced to what a headless engine needs -- their name.

blockspec serves no stylesheets; a theme only appears as ``theme`` in the app's config.
Constructor arguments (hues, fonts) and ``.set(...)`` are accepted and kept, so app files
that style themselves run unchanged.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Base", "Default", "Soft", "Monochrome", "Glass", "Origin", "Citrus", "Ocean", "ThemeClass"]


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
