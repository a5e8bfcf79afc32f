"""Shared test configuration: Hypothesis profiles and common fixtures.

Profiles, chosen with the HYPOTHESIS_PROFILE environment variable:
- ``dev`` (default): quick, for the edit-test loop;
- ``ci``: thorough and derandomised, at least 500 examples per property;
  ``.ci/run`` (through the README's test command) selects it;
- ``mutation``: few derandomised examples, for the noxfile's ``mutation`` session.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings

sys.path.insert(0, str(Path(__file__).parent))  # so tests can import tests/strategies.py and paths.py

settings.register_profile("dev", max_examples=40, deadline=None)
settings.register_profile(
    "ci",
    max_examples=500,
    deadline=None,  # a shared 2-core machine: wall-clock deadlines would only flake
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink, Phase.explain],
)
settings.register_profile(
    "mutation",  # noxfile's mutation session: few examples, the same each run, so a mutant's verdict is stable
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
