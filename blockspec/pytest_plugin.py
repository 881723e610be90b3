"""blockspec's pytest plugin, registered by installing blockspec (entry point ``pytest11``).

* the ``sim`` fixture: a factory of :class:`~blockspec.sim.Simulation`; every simulation it
  makes is closed after the test::

      def test_queue(sim):
          s = sim("app.py")
          ...

* the ``sim`` marker sets the factory's options: ``@pytest.mark.sim(seed=3,
  group_order="random")``; ``pytest --sim-seed N`` overrides the seed of every test;
* when a test that used simulations fails, the report gets a "blockspec" section with each
  simulation's seed and a line that recreates it.

Under pytest-xdist (``pytest -n 2``) each worker process runs its tests' simulations and the
sections travel back with the reports, so every failing test still names its own seeds
(``tests/test_campaign_xdist.py``); ``--sim-seed`` reaches every worker.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("blockspec")
    group.addoption("--sim-seed", type=int, default=None, help="seed for every `sim` fixture simulation")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sim(seed=0, **options): options (seed, group_order, interleaving, durations...) for the sim fixture"
    )


class SimFactory:
    """Makes Simulations with the test's options; closes them when the test ends."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        self.made: list[Any] = []

    def __call__(self, app: Any, **overrides: Any) -> Any:
        from blockspec.sim import Simulation

        simulation = Simulation(app, **{**self.options, **overrides})
        self.made.append(simulation)
        return simulation

    def close(self) -> None:
        for simulation in self.made:
            simulation.close()


@pytest.fixture
def sim(request: pytest.FixtureRequest) -> Iterator[SimFactory]:
    """A factory of Simulations: ``sim(app, **options)``; see the module docstring."""
    marker = request.node.get_closest_marker("sim")
    options: dict[str, Any] = dict(marker.kwargs) if marker else {}
    if marker and marker.args:
        options["seed"] = marker.args[0]
    forced = request.config.getoption("--sim-seed")
    if forced is not None:
        options["seed"] = forced
    factory = SimFactory(options)
    request.node._blockspec_sims = factory.made
    yield factory
    factory.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    simulations = getattr(item, "_blockspec_sims", [])
    if report.when == "call" and report.failed and simulations:
        lines = []
        for simulation in simulations:
            app = repr(str(simulation.path)) if simulation.path else "<the Blocks app>"
            lines.append(
                f"Simulation({app}, seed={simulation.seed}, group_order={simulation.group_order!r}, "
                f"interleaving={simulation.interleaving!r})  at t={simulation.now:g}, "
                f"{len(simulation.trace)} trace records"
            )
            broken = simulation.check()
            if broken:
                lines.append(f"  invariants broken: {'; '.join(str(v) for v in broken[:3])}")
        lines.append(f"replay with: pytest {item.nodeid} --sim-seed {simulations[0].seed}")
        report.sections.append(("blockspec", "\n".join(lines)))
