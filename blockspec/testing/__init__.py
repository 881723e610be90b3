"""Test-only powers, kept out of ``import blockspec`` (as ``trio.testing`` is out of trio).

* ``apps()`` -- a Hypothesis strategy of random Blocks apps, drawn as data
  (:class:`AppRecipe`) and built by :func:`build_app` (the same recipe, the same app);
* ``scenarios(app)`` -- a Hypothesis strategy of random scenarios for an app, and
  :func:`check_scenario`, which plays one and fails with a runnable script;
* ``run_engine(app, scenario)`` -- drive the engine alone on a virtual clock and get its
  history back; ``messages_of`` / ``transitions_of`` read it.

Requires the ``test`` extra (hypothesis).
"""

from ._apps import AppRecipe as AppRecipe
from ._apps import ComponentRecipe as ComponentRecipe
from ._apps import LayoutRecipe as LayoutRecipe
from ._apps import ListenerRecipe as ListenerRecipe
from ._apps import apps as apps
from ._apps import build_app as build_app
from ._engine import messages_of as messages_of
from ._engine import run_engine as run_engine
from ._engine import transitions_of as transitions_of
from ._scenarios import check_scenario as check_scenario
from ._scenarios import scenarios as scenarios
from ._scenarios import values_for as values_for

__all__ = [
    "AppRecipe",
    "ComponentRecipe",
    "LayoutRecipe",
    "ListenerRecipe",
    "apps",
    "build_app",
    "check_scenario",
    "messages_of",
    "run_engine",
    "scenarios",
    "transitions_of",
    "values_for",
]
