"""Loading an app file: run it, find its Blocks, and keep a module-level launch() quiet.

Used by ``blockspec simulate``, ``serve`` and ``inspect``. The file runs as ``"__main__"``,
as ``python app.py`` and Gradio's own ``gradio app.py`` run it, so the usual ending

    if __name__ == "__main__":
        demo.queue(default_concurrency_limit=2).launch(auth=("u", "p"), show_error=True)

takes effect: with ``import gradio`` resolving to blockspec and ``launch()`` recording its
validated settings instead of serving, the app's queue and launch settings are the deployed
ones. ``sys.argv`` is ``[path]`` while the file runs, as for ``python app.py``.
"""

from __future__ import annotations

import os
import runpy
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs

from ._blocks import Blocks
from ._errors import DefinitionError
from ._launch import recording_launches
from .compat import as_gradio

__all__ = ["LoadedApp", "load_app"]


@attrs.frozen(kw_only=True)
class LoadedApp:
    """An app file after it ran: its Blocks, its variable name, and the file's globals."""

    path: Path
    app: Blocks = attrs.field(eq=False)
    name: str
    launched: bool
    namespace: dict[str, object] = attrs.field(eq=False, repr=False)


def load_app(path: str | Path, *, name: str | None = None) -> LoadedApp:
    """Run the app file at ``path`` and return its Blocks.

    The Blocks is the module-level variable ``name`` if given, else the one that was
    launched, else ``demo``, else the only Blocks in the file.
    """
    file = Path(path)
    if not file.is_file():
        raise DefinitionError(
            "app", str(path), "is not a file", "Pass the path of a Python file that defines a Blocks app."
        )
    folder = str(file.resolve().parent)
    sys.path.insert(0, folder)
    imported_before = set(sys.modules)
    try:
        with as_gradio(), recording_launches() as launched, _argv([str(file)]):
            namespace = runpy.run_path(str(file), run_name="__main__")
    except SystemExit as exc:
        raise DefinitionError(
            "app",
            str(path),
            f"exited while loading (SystemExit: {exc.code!r})",
            "An app file run by blockspec must define its Blocks and return; move the exit out of its "
            'top level or `if __name__ == "__main__":` block.',
        ) from None
    finally:
        sys.path.remove(folder)
        _forget_local_modules(imported_before, folder)
    apps = {key: value for key, value in namespace.items() if isinstance(value, Blocks)}
    if name is not None:
        if name not in apps:
            raise DefinitionError(
                "app name", name, f"is not a Blocks defined in {file}", f"Use one of: {', '.join(apps) or '(none)'}."
            )
        chosen = name
    elif launched:
        chosen = next((key for key, value in apps.items() if value is launched[-1]), "")
        if not chosen:
            apps["<launched>"] = launched[-1]
            chosen = "<launched>"
    elif "demo" in apps:
        chosen = "demo"
    elif len(apps) == 1:
        chosen = next(iter(apps))
    else:
        raise DefinitionError(
            "app",
            str(path),
            "defines no Blocks" if not apps else f"defines several Blocks ({', '.join(apps)})",
            "Define one `with gr.Blocks() as demo:`, or pick one with --app-name NAME.",
        )
    return LoadedApp(path=file, app=apps[chosen], name=chosen, launched=bool(launched), namespace=namespace)


def _forget_local_modules(imported_before: set[str], folder: str) -> None:
    """Forget the modules of the app's own folder that this load imported, so the next load
    runs them again, as a fresh ``python app.py`` would: an app made of several files (one
    module per demo, rendered into tabs) builds its Blocks anew instead of finding last
    load's, already rendered. Libraries stay imported."""
    prefix = folder.rstrip(os.sep) + os.sep
    for name in sorted(set(sys.modules) - imported_before):
        origin = getattr(sys.modules.get(name), "__file__", None) or ""
        if origin.startswith(prefix):
            del sys.modules[name]


@contextmanager
def _argv(argv: list[str]) -> Iterator[None]:
    """``sys.argv`` as ``python app.py`` would set it (blockspec's own flags are not the app's)."""
    saved = sys.argv
    sys.argv = argv
    try:
        yield
    finally:
        sys.argv = saved
