"""``gr.themes``: theme objects as plain data -- their name, and the arguments they were made with.

blockspec serves no stylesheets; a theme only appears as ``theme`` in the app's config. The
theme toolkit apps import is here with Gradio 4.44.1's constructors (their parameters, in its
order; ``tests/test_themes.py`` checks them against the recorded signatures): ``Base`` and the
built-in themes (keyword-only hues, sizes and fonts; a hue or size may be given by name, as
``primary_hue="green"`` or ``text_size="sm"``), ``.set(...)`` of theme variables, ``Color``
(eleven shades and a name), ``Size`` (seven steps and a name), ``Font``/``GoogleFont``, the
named hues and sizes in ``colors``/``sizes``, and the submodules ``themes.base`` and
``themes.utils`` (``utils.colors``, ``utils.sizes``, ``utils.fonts``). No CSS is computed.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Iterable
from typing import Any

from ._errors import DefinitionError, NotAvailableError

__all__ = [
    "Base",
    "Default",
    "Soft",
    "Monochrome",
    "Glass",
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
    "builder",
    "SUBMODULES",
]


class Color:
    """A hue: eleven shades, ``c50`` (lightest) ... ``c950`` (darkest), and a name."""

    SHADES = ("c50", "c100", "c200", "c300", "c400", "c500", "c600", "c700", "c800", "c900", "c950")

    def __init__(
        self,
        c50: str,
        c100: str,
        c200: str,
        c300: str,
        c400: str,
        c500: str,
        c600: str,
        c700: str,
        c800: str,
        c900: str,
        c950: str,
        name: str | None = None,
    ) -> None:
        self.c50, self.c100, self.c200, self.c300 = c50, c100, c200, c300
        self.c400, self.c500, self.c600, self.c700 = c400, c500, c600, c700
        self.c800, self.c900, self.c950 = c800, c900, c950
        self.name = name

    def expand(self) -> list[str]:
        """The shades, lightest first."""
        return [getattr(self, shade) for shade in self.SHADES]

    def __repr__(self) -> str:
        return f"<Color {self.name!r}>"


class Size:
    """A size scale: seven steps, ``xxs`` ... ``xxl``, and a name."""

    STEPS = ("xxs", "xs", "sm", "md", "lg", "xl", "xxl")

    def __init__(
        self, xxs: str, xs: str, sm: str, md: str, lg: str, xl: str, xxl: str, name: str | None = None
    ) -> None:
        self.xxs, self.xs, self.sm, self.md, self.lg, self.xl, self.xxl = xxs, xs, sm, md, lg, xl, xxl
        self.name = name

    def expand(self) -> list[str]:
        """The steps, smallest first."""
        return [getattr(self, step) for step in self.STEPS]

    def __repr__(self) -> str:
        return f"<Size {self.name!r}>"


class Font:
    """A font by family name."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.name == self.name  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.name))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class GoogleFont(Font):
    """A font served by Google Fonts (blockspec serves no stylesheets: only the name is kept)."""

    def __init__(self, name: str, weights: Iterable[int] = (400, 600)) -> None:
        super().__init__(name)
        self.weights = tuple(weights)


def _module(name: str, doc: str, **members: Any) -> types.ModuleType:
    module = types.ModuleType(name, doc)
    for key, value in members.items():
        setattr(module, key, value)
    return module


# The named hues and sizes of Gradio 4.44.1 (gradio/themes/utils/colors.py, sizes.py), by name
# only: blockspec computes no CSS, so their shades and steps are not needed.
_HUES = (
    "slate gray zinc neutral stone red orange amber yellow lime green emerald teal cyan sky blue "
    "indigo violet purple fuchsia pink rose"
).split()
_SIZES = "radius_none radius_sm radius_md radius_lg spacing_sm spacing_md spacing_lg text_sm text_md text_lg".split()


def _named_color(name: str) -> Color:
    return Color(*([None] * len(Color.SHADES)), name=name)  # type: ignore[arg-type]


def _named_size(name: str) -> Size:
    return Size(*([None] * len(Size.STEPS)), name=name)  # type: ignore[arg-type]


colors = _module("blockspec.themes.colors", "Named hues.", Color=Color, **{hue: _named_color(hue) for hue in _HUES})
sizes = _module("blockspec.themes.sizes", "Named size scales.", Size=Size, **{s: _named_size(s) for s in _SIZES})
fonts = _module("blockspec.themes.fonts", "Fonts.", Font=Font, GoogleFont=GoogleFont)


def _hue(parameter: str, value: Any) -> Any:
    """A hue given by name (``"green"``) is the named one; an unknown name is an error."""
    if not isinstance(value, str):
        return value
    if value in _HUES:
        return getattr(colors, value)
    raise DefinitionError(
        parameter, value, "is not a named hue", f"Use one of {', '.join(_HUES)}, or a gr.themes.Color."
    )


def _size(parameter: str, value: Any, prefix: str) -> Any:
    """A size given by its step (``"sm"``) is the named ``<prefix>_sm``; unknown ones are errors."""
    if not isinstance(value, str):
        return value
    if f"{prefix}_{value}" in _SIZES:
        return getattr(sizes, f"{prefix}_{value}")
    steps = [s.split("_", 1)[1] for s in _SIZES if s.startswith(prefix + "_")]
    raise DefinitionError(
        parameter, value, f"is not a named {prefix} size", f"Use one of {', '.join(steps)}, or a gr.themes.Size."
    )


#: Base's default fonts (gradio/themes/base.py:352-363)
_FONT = (GoogleFont("Source Sans Pro"), "ui-sans-serif", "system-ui", "sans-serif")
_FONT_MONO = (GoogleFont("IBM Plex Mono"), "ui-monospace", "Consolas", "monospace")


class ThemeClass:
    """What every theme is; ``name`` is what the app's config reports."""

    def __init__(self) -> None:
        self.name: str | None = None
        self.overrides: dict[str, Any] = {}

    def set(self, **variables: Any) -> ThemeClass:
        """Override theme variables (``button_primary_background_fill="*primary_200"``); returns the theme."""
        self.overrides.update(variables)
        return self

    @classmethod
    def from_hub(cls, repo_name: str, hf_token: str | None = None) -> ThemeClass:
        raise NotAvailableError(
            f"gr.themes.Base.from_hub({repo_name!r}) downloads a theme from the Hugging Face Hub: it needs the "
            "network, which blockspec does not use. Pass the theme's name as a string (Blocks(theme='owner/name'))."
        )

    def push_to_hub(self, *args: Any, **kwargs: Any) -> None:
        raise NotAvailableError(
            "theme.push_to_hub() uploads to the Hugging Face Hub: it needs the network, which blockspec does not use."
        )

    def __repr__(self) -> str:
        return f"<theme {self.name!r}>"


class Base(ThemeClass):
    """A theme made from hues, sizes and fonts (Gradio's parameters, all keyword-only)."""

    _NAME = "base"

    def __init__(
        self,
        *,
        primary_hue: Color | str = colors.blue,
        secondary_hue: Color | str = colors.blue,
        neutral_hue: Color | str = colors.gray,
        text_size: Size | str = sizes.text_md,
        spacing_size: Size | str = sizes.spacing_md,
        radius_size: Size | str = sizes.radius_md,
        font: Font | str | Iterable[Font | str] = _FONT,
        font_mono: Font | str | Iterable[Font | str] = _FONT_MONO,
    ) -> None:
        super().__init__()
        # As Gradio (gradio/themes/base.py:392): Base's own name, whatever the subclass; the
        # built-in themes (and an app's theme, if it likes) set theirs after this.
        self.name = "base"
        #: the arguments as given (before names are resolved)
        self.options: dict[str, Any] = {
            "primary_hue": primary_hue,
            "secondary_hue": secondary_hue,
            "neutral_hue": neutral_hue,
            "text_size": text_size,
            "spacing_size": spacing_size,
            "radius_size": radius_size,
            "font": font,
            "font_mono": font_mono,
        }
        kind = type(self).__name__
        self.primary_hue = _hue(f"{kind}(primary_hue)", primary_hue)
        self.secondary_hue = _hue(f"{kind}(secondary_hue)", secondary_hue)
        self.neutral_hue = _hue(f"{kind}(neutral_hue)", neutral_hue)
        self.text_size = _size(f"{kind}(text_size)", text_size, "text")
        self.spacing_size = _size(f"{kind}(spacing_size)", spacing_size, "spacing")
        self.radius_size = _size(f"{kind}(radius_size)", radius_size, "radius")
        self.font = [font] if isinstance(font, (str, Font)) else list(font)
        self.font_mono = [font_mono] if isinstance(font_mono, (str, Font)) else list(font_mono)

    def set(self, **variables: Any) -> Base:
        """Override theme variables; returns the theme, as in Gradio."""
        super().set(**variables)
        return self


def _builtin(name: str, doc: str) -> type[Base]:
    """A built-in theme: Base's parameters, its own name (its own default hues are not modelled)."""

    def __init__(self: Base, **options: Any) -> None:
        Base.__init__(self, **options)
        self.name = name

    # The built-in themes list the sizes spacing, radius, text (gradio/themes/default.py:10-20).
    signature = inspect.signature(Base.__init__)
    order = ("self", "primary_hue", "secondary_hue", "neutral_hue", "spacing_size", "radius_size", "text_size")
    parameters = [signature.parameters[n] for n in order] + [
        p for n, p in signature.parameters.items() if n not in order
    ]
    __init__.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return type(name.capitalize(), (Base,), {"__init__": __init__, "__doc__": doc, "__module__": __name__})


Default = _builtin("default", "Gradio's default theme.")
Soft = _builtin("soft", "The soft theme.")
Monochrome = _builtin("monochrome", "The monochrome theme.")
Glass = _builtin("glass", "The glass theme.")


def builder(*args: Any, **kwargs: Any) -> None:
    raise NotAvailableError(
        "gr.themes.builder() launches Gradio's own theme-builder app, which blockspec does not have. "
        "Build the theme in code: gr.themes.Base(primary_hue=...).set(...)."
    )


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
