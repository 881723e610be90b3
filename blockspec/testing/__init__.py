"""Test-only powers, kept out of ``import blockspec`` (as ``trio.testing`` is out of trio).

``apps()`` is a Hypothesis strategy for random Blocks apps, drawn as data (an
:class:`AppRecipe`) and built by :func:`build_app`; building the same recipe twice gives the
same app. Requires the ``test`` extra (hypothesis).
"""

from ._apps import AppRecipe as AppRecipe
from ._apps import ComponentRecipe as ComponentRecipe
from ._apps import LayoutRecipe as LayoutRecipe
from ._apps import ListenerRecipe as ListenerRecipe
from ._apps import apps as apps
from ._apps import build_app as build_app

__all__ = ["AppRecipe", "ComponentRecipe", "LayoutRecipe", "ListenerRecipe", "apps", "build_app"]

from ._engine import messages_of as messages_of
from ._engine import run_engine as run_engine
from ._engine import transitions_of as transitions_of

__all__ += ["messages_of", "run_engine", "transitions_of"]

from ._scenarios import check_scenario as check_scenario
from ._scenarios import scenarios as scenarios
from ._scenarios import values_for as values_for

__all__ += ["check_scenario", "scenarios", "values_for"]
