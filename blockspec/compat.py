"""Running apps written ``import gradio as gr`` on blockspec -- an explicit opt-in.

``with as_gradio():`` makes ``import gradio`` (and ``gradio.themes``, ``gradio.components``,
``gradio.events``) resolve to blockspec for the code run inside it, and puts back whatever
was there before when it ends. blockspec never installs a package named ``gradio``: outside
this block, ``import gradio`` means the real Gradio (or fails if it is not installed).

A component real Gradio has but blockspec does not model (``gr.Gallery``, ``gr.Audio``...)
becomes a stand-in, with a warning (see ``blockspec/_components/_standins.py``); any other
missing name fails on first use with an error that says so and what to do.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import blockspec

from ._components._standins import STAND_IN_EVENTS, stand_in
from ._config import GRADIO_API_VERSION
from ._context import numbering
from ._errors import BlockspecWarning, NotAvailableError

__all__ = ["as_gradio", "gradio_module"]

_SUBMODULES = {
    "gradio.themes": "blockspec.themes",
    "gradio.components": "blockspec.components",
    "gradio.events": "blockspec",
    "gradio.layouts": "blockspec",
    "gradio.blocks": "blockspec",
}


class _Options:
    """Gradio's option records (``gr.WaveformOptions``, ``gr.Brush``, ``gr.Eraser``): arguments kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.options = dict(kwargs)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.options!r})"


#: Gradio 4.44.1's option records: arguments a stand-in keeps, nothing more.
OPTION_RECORDS = ("WaveformOptions", "Brush", "Eraser")

#: Gradio 4.44.1's constants, as they are when an app file runs as a script (not in WebAssembly,
#: not under `gradio app.py`'s reloader: gradio/utils.py NO_RELOAD is True then).
CONSTANTS = {"NO_RELOAD": True, "IS_WASM": False}

#: Gradio names that cannot work without what blockspec does not have, and what to do.
_NEEDS = {
    "load": "gradio.load builds an app from a Hugging Face Space or model: it needs the network, "
    "which blockspec does not use. Define the app's Blocks in the file instead.",
    "make_waveform": "gradio.make_waveform renders a video with ffmpeg and matplotlib, which blockspec does "
    "not use. Return a file path (or a stand-in value) instead.",
    "mount_gradio_app": "gradio.mount_gradio_app mounts the app on a FastAPI server; blockspec serves apps "
    "itself. Use `blockspec serve app.py` (or demo.launch()) instead.",
}


class _GradioStandIn(types.ModuleType):
    """The module ``gradio`` becomes: blockspec's public names, Gradio's version string."""

    def __dir__(self) -> list[str]:
        return sorted({*self.__dict__, *blockspec._LAZY})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name in blockspec._LAZY:  # imported on first use, as by blockspec itself
            value = getattr(blockspec, name)
            setattr(self, name, value)
            return value
        if name in STAND_IN_EVENTS:
            warnings.warn(
                f"gr.{name} is not modelled by blockspec: a stand-in takes its place (same events; "
                "values pass through as JSON). The event flow is simulated exactly; the component's "
                "own value conversion is not.",
                BlockspecWarning,
                stacklevel=2,
            )
            cls = stand_in(name)
            setattr(self, name, cls)  # warn once per module
            return cls
        if name in OPTION_RECORDS:
            record = type(name, (_Options,), {"__doc__": f"gr.{name}: its arguments, kept as given."})
            setattr(self, name, record)
            return record
        if name in _NEEDS:
            raise NotAvailableError(_NEEDS[name])
        raise NotAvailableError(
            f"gradio.{name} is not modelled by blockspec. blockspec covers the Blocks event model "
            f"(see `blockspec.__all__`-style names in `import blockspec; dir(blockspec)`); define a "
            f"stand-in with a custom component (subclass blockspec.Component) or remove it from the app."
        )


def gradio_module() -> types.ModuleType:
    """A fresh ``gradio`` stand-in module."""
    module = _GradioStandIn("gradio", "blockspec standing in for gradio " + GRADIO_API_VERSION)
    for name in dir(blockspec):
        if not name.startswith("_") and name not in blockspec._LAZY:
            setattr(module, name, getattr(blockspec, name))
    for name, value in CONSTANTS.items():
        setattr(module, name, value)
    module.Theme = blockspec.themes.Base
    module.__version__ = GRADIO_API_VERSION
    module.__blockspec__ = True
    module.__path__ = []  # a package, so `import gradio.themes` is looked up
    return module


class _Finder(importlib.abc.MetaPathFinder):
    """Answers ``gradio.*`` imports inside ``as_gradio()``: known ones map, others fail clearly."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith("gradio."):
            return None
        raise ModuleNotFoundError(
            f"No module named {fullname!r} in blockspec's gradio compatibility module "
            f"(it provides {', '.join(sorted(_SUBMODULES))}). Import from `gradio` directly instead.",
            name=fullname,
        )


@contextmanager
def as_gradio() -> Iterator[types.ModuleType]:
    """Within this block, ``import gradio`` gives blockspec; see the module docstring."""
    theme_modules = {f"gradio.themes.{key}": module for key, module in blockspec.themes.SUBMODULES.items()}
    names = ["gradio", *_SUBMODULES, *theme_modules]
    saved = {name: sys.modules.get(name) for name in names}
    module = gradio_module()
    sys.modules["gradio"] = module
    for gradio_name, blockspec_name in _SUBMODULES.items():
        sys.modules[gradio_name] = sys.modules[blockspec_name]
    sys.modules.update(theme_modules)
    finder = _Finder()
    sys.meta_path.insert(0, finder)
    try:
        with numbering():  # ids as in a fresh Gradio process (see blockspec/_context.py)
            yield module
    finally:
        sys.meta_path.remove(finder)
        for name in names:
            if saved[name] is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = saved[name]
