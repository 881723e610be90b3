"""What ``Blocks.launch()`` hands a validated app to.

Launching is pluggable: the server installs itself as the launcher, and the simulator,
while it loads an app file, installs a *recorder* so that a module-level ``demo.launch()``
in the file just notes its settings instead of starting a server. With neither, launch()
says plainly that serving is not available.
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


def _not_available(app: Blocks) -> Any:
    raise NotAvailableError(
        "launch() cannot serve this app: blockspec's HTTP server is not available yet. "
        "Run the app in the simulator instead: `blockspec simulate app.py` "
        "(or blockspec.sim.Simulation(demo) from Python)."
    )


_launcher: ContextVar[Launcher] = ContextVar("blockspec_launcher", default=_not_available)


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
        return None, None, None

    with using_launcher(record):
        yield launched
