"""Targets: where a case is played. Each hands back a :class:`~conformance._observe.Run`.

* :class:`SimTarget` -- the simulator, in process, on virtual time (exact; seeded);
* :class:`HttpTarget` -- any server speaking Gradio's protocol, on real time, driven by the
  reference frontend over :class:`~blockspec.frontend._http_transport.HttpTransport`. The
  ``server`` target is this one launching ``blockspec serve``; a launch template such as
  ``'python {app}'`` starts a fixture app under any implementation (the port is in the
  environment as PORT and GRADIO_SERVER_PORT).

A target never decides pass or fail.
"""

from __future__ import annotations

from typing import Any, Protocol

from blockspec._block import Block
from blockspec._blocks import Blocks
from blockspec._loading import load_app
from blockspec.sim import run_scenario

from ._cases import Case
from ._observe import Run

__all__ = ["Target", "SimTarget", "component_names"]


class Target(Protocol):
    name: str
    implementation: str
    version: str

    def run(self, case: Case, *, seed: int) -> Run: ...

    def close(self) -> None: ...


def component_names(app_path: Any) -> tuple[Any, dict[str, int], dict[str, Any]]:
    """The app's graph, its components by variable name and elem_id, and its DURATIONS."""
    loaded = load_app(app_path)
    names: dict[str, int] = {}
    for node in loaded.app.graph.blocks:
        if node.elem_id:
            names[node.elem_id] = node.id
    for name, value in loaded.namespace.items():
        if isinstance(value, Block) and not isinstance(value, Blocks) and value.id is not None:
            names.setdefault(name, value.id)
    return loaded.app.graph, names, dict(loaded.namespace.get("DURATIONS", {}))


class SimTarget:
    """The simulator: virtual time, durations from the app's DURATIONS, the run's seed."""

    name = "sim"
    implementation = "blockspec simulator"

    def __init__(self) -> None:
        import blockspec

        self.version = getattr(blockspec, "__version__", "0.1.0")

    def run(self, case: Case, *, seed: int) -> Run:
        _, names, durations = component_names(case.app_path)
        scenario = case.scenario(seed=seed, durations=durations)
        sim, _outcome = run_scenario(str(case.app_path), scenario)
        try:
            clients = {
                name: {"values": dict(client.core.values), "errors": list(client.core.errors)}
                for name, client in sim.clients.items()
            }
            return Run(
                graph=sim.graph,
                history=sim.history,
                clients=clients,
                names=names,
                seed=seed,
                scale=1.0,
                repro=scenario.to_python(str(case.app_path), seed=seed),
            )
        finally:
            sim.close()

    def close(self) -> None:
        pass
