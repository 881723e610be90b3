"""Test settings shared by the suite.

Hypothesis runs derandomized under CI (CI=true) so a red build is reproducible from the
commit alone; locally it explores. BLOCKSPEC_LONG=1 multiplies example counts for long
property campaigns.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True, database=None)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.register_profile(
    "long", deadline=None, print_blob=True, max_examples=5000, suppress_health_check=[HealthCheck.too_slow]
)
if os.environ.get("BLOCKSPEC_LONG"):
    settings.load_profile("long")
elif os.environ.get("CI"):
    settings.load_profile("ci")
else:
    settings.load_profile("dev")


def pytest_collection_modifyitems(config, items) -> None:  # noqa: ANN001 -- pytest's hook
    """Long campaigns (BLOCKSPEC_LONG=1) run as long as they need: the suite's per-test
    timeout (pyproject.toml) is for the CI-sized suite, where a test past it has hung."""
    if os.environ.get("BLOCKSPEC_LONG"):
        import pytest

        for item in items:
            item.add_marker(pytest.mark.timeout(0))
