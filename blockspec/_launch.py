"""What ``Blocks.launch()`` hands a validated app to.

By default, the server (``blockspec.server``): launch() serves the app. While the simulator
or ``blockspec serve`` loads an app file, a *recorder* takes its place, so that a
module-level ``demo.launch()`` in the file just notes its settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from ._errors import NotAvailableError

if TYPE_CHECKING:
    from ._blocks import Blocks

__all__ = ["Launcher", "current_launcher", "using_launcher", "recording_launches"]

Launcher = Callable[["Blocks"], Any]


def _serve(app: Blocks) -> Any:
    try:
        from .server._launcher import launch_blocks
    except ImportError as exc:
        raise NotAvailableError(
            f"launch() needs blockspec's server extra ({exc.name} is missing): "
            "pip install 'blockspec[server]'. To run the app without a server: `blockspec simulate app.py`."
        ) from None
    return launch_blocks(app)


_launcher: ContextVar[Launcher] = ContextVar("blockspec_launcher", default=_serve)


def current_launcher() -> Launcher:
    return _launcher.get()


@contextmanager
def using_launcher(launcher: Launcher) -> Iterator[None]:
    token = _launcher.set(launcher)
    try:
        yield
    finally:
        _launcher.reset(token)


@contextmanager
def recording_launches() -> Iterator[list[Blocks]]:
    """Within this block, launch() validates and records the app instead of serving it."""
    launched: list[Blocks] = []

    def record(app: Blocks) -> tuple[None, None, None]:
        launched.append(app)
        # Code after launch() reads these as after a real launch (Gradio's first free port
        # is 7860); what actually serves the app, if anything, sets them again.
        settings = app.launch_settings
        host = settings.server_name if settings is not None else "127.0.0.1"
        port = settings.server_port if settings is not None and settings.server_port is not None else 7860
        app.server_name, app.server_port = host, port
        app.local_url = f"http://{host}:{port}/"
        return None, None, None

    with using_launcher(record):
        yield launched
