"""Developer and CI sessions: tests, lint, typecheck, schema, demo.

Run ``nox -l`` to list them. ``tests`` runs on every CPython from 3.11 to 3.13
found on the machine (on PATH or installed with pyenv).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "schema"]
nox.options.download_python = "never"
nox.options.error_on_missing_interpreters = False  # only the versions found below are listed

SUPPORTED = ("3.11", "3.12", "3.13")
THOROUGH = "3.12"
"""The Python that runs the thorough Hypothesis profile; the others run the quick one.

HYPOTHESIS_PROFILE, when set, chooses for all of them.
"""


def _runs(executable: str) -> bool:
    try:
        return subprocess.run([executable, "-c", ""], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _find_pythons() -> list[str]:
    """Versions in SUPPORTED that exist here; pyenv installs are put on PATH for nox to find."""
    found = []
    pyenv_versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    for version in SUPPORTED:
        name = f"python{version}"
        on_path = shutil.which(name)
        if on_path and _runs(on_path):
            found.append(version)
            continue
        # A pyenv shim exists for every installed version but refuses to run
        # those that are not selected; put the real bin folder first instead.
        for bin_dir in sorted(pyenv_versions.glob(f"{version}.*/bin"), reverse=True):
            if _runs(str(bin_dir / name)):
                os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
                found.append(version)
                break
    return found


PYTHONS = _find_pythons()


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite with branch coverage: the thorough profile on THOROUGH, the quick one elsewhere."""
    profile = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if session.python == THOROUGH else "dev")
    session.install(".[test]")
    session.run(
        "pytest",
        "--cov",
        "--cov-branch",
        "--cov-report=term",
        "--numprocesses=auto",  # one worker per core: the ci profile's thousands of examples take a while
        *session.posargs,
        env={"HYPOTHESIS_PROFILE": profile},
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Run mypy --strict on the installed package (the folder mapping hides it from a source check)."""
    session.install(".[test]", "mypy>=1.11", "types-PyYAML", "types-jsonschema", "types-python-dateutil")
    with session.chdir(session.create_tmp()):  # import the installed package, not the source folders
        session.run(
            "mypy",
            "--strict",
            "--config-file",
            str(Path(__file__).parent / "pyproject.toml"),
            "-p",
            "articlekit",
        )


@nox.session
def schema(session: nox.Session) -> None:
    """Regenerate the derived schemas from the model and fail when a checked-in copy drifted."""
    session.install(".")
    root = str(Path(__file__).parent)
    with session.chdir(session.create_tmp()):  # the source folder ./articlekit would shadow the installed package
        session.run("python", "-m", "articlekit.derived", "--check", "--root", root)


@nox.session
def demo(session: nox.Session) -> None:
    """Convert the bundled seeds into ./out."""
    session.install(".")
    session.run("articlekit", "convert", "-o", "out", *session.posargs)
