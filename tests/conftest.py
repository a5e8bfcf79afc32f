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
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, Phase, settings

sys.path.insert(0, str(Path(__file__).parent))  # so tests can import tests/strategies.py and paths.py

from checks import SharedBuild

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


@pytest.fixture(scope="session")
def build_once(tmp_path_factory: pytest.TempPathFactory) -> SharedBuild:
    """Build a heavy fixture on disk once per test run, whatever the number of xdist workers.

    ``build_once(name, build)`` calls ``build(folder)`` in the first worker that asks (the others wait on a
    file lock) and returns what it returned; the xdist workers' temporary folders share one parent, which
    belongs to this run alone. Callers must not change what was built: write outputs elsewhere.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # workers' base folders are popen-gwN inside the run's own folder
        root = root.parent

    def build_shared(name: str, build: Callable[[Path], Path]) -> Path:
        folder = root / "shared" / name
        done = folder.with_name(name + ".done")
        folder.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(folder.with_name(name + ".lock"))):
            if not done.exists():
                done.write_text(str(build(folder)), encoding="utf-8")
            return Path(done.read_text(encoding="utf-8"))

    return build_shared
