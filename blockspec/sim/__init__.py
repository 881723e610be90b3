"""``blockspec.sim``: a Blocks app under virtual time, driven by virtual clients.

See :class:`Simulation`. Scenarios (:class:`Scenario`) are scripts of timed client actions,
faults and expectations, readable from TOML; :class:`Trace` is what a run recorded.
"""

from ._checks import Violation as Violation
from ._checks import check_invariants as check_invariants
from ._faults import Fault as Fault
from ._faults import InjectedFault as InjectedFault
from ._scenario import Action as Action
from ._scenario import ClientPlan as ClientPlan
from ._scenario import Expectation as Expectation
from ._scenario import ExpectedFailure as ExpectedFailure
from ._scenario import Outcome as Outcome
from ._scenario import Scenario as Scenario
from ._scenario import play as play
from ._scenario import run_scenario as run_scenario
from ._simulation import Simulation as Simulation
from ._simulation import VirtualClient as VirtualClient
from ._trace import JobSpan as JobSpan
from ._trace import Trace as Trace

__all__ = [
    "Action",
    "ClientPlan",
    "Expectation",
    "ExpectedFailure",
    "Outcome",
    "Scenario",
    "play",
    "run_scenario",
    "Fault",
    "InjectedFault",
    "JobSpan",
    "Simulation",
    "Trace",
    "Violation",
    "VirtualClient",
    "check_invariants",
]
