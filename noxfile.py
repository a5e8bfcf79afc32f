"""Developer and CI sessions: tests, lint, typecheck, schema, docs, demo.

Run ``nox -l`` to list them. ``tests`` runs on every CPython from 3.11 to 3.13
found on the machine (on PATH or installed with pyenv).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
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
    # The browser test and the docs' examples run on one Python; Spark and Ray in their own session (distributed).
    once = (
        ["-m", "not distributed"]
        if session.python == THOROUGH
        else ["-m", "not browser and not docs_examples and not distributed"]
    )
    session.install(".[test]")
    # The example converter plugin, installed as any plugin is: tests/test_plugins.py uses its entry point.
    session.install("./examples/articlekit-plugin-example")
    session.run(
        "pytest",
        "--cov",
        "--cov-branch",
        "--cov-report=term",
        "--numprocesses=auto",  # one worker per core: the ci profile's thousands of examples take a while
        *once,
        *session.posargs,
        # PYTHONSAFEPATH: "python -c" (xdist's workers, the pool's forkserver, tests' subprocesses) puts the working
        # folder first on sys.path, where the checkout's articlekit/ (without the mapped converters/, exporters/,
        # schema/) would hide the installed package.
        env={"HYPOTHESIS_PROFILE": profile, "PYTHONSAFEPATH": "1"},
    )


@nox.session(python=THOROUGH)
def distributed(session: nox.Session) -> None:
    """Convert a corpus on Spark local[2] and Ray (2 CPUs) and compare with a local run (needs Java 17 or later)."""
    session.install(".[test,spark,ray]")
    tests = str(Path(__file__).parent / "tests" / "distributed")
    # Ray puts the driver's current folder first on its workers' sys.path: in the checkout, the source folder
    # ./articlekit (without the mapped schema/, converters/, …) would hide the installed package.
    # Not session.create_tmp(): it sets TMPDIR to a folder deep in .nox, and Ray's socket paths under it would pass
    # the 107-byte limit of a Unix socket path (Ray then waits for its raylet forever).
    with tempfile.TemporaryDirectory() as folder, session.chdir(folder):
        session.run("pytest", "-m", "distributed", "--numprocesses=0", tests, *session.posargs)


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
def docs(session: nox.Session) -> None:
    """Build the documentation site into build/site with ``mkdocs build --strict``: any warning fails."""
    session.install(".[docs]")
    session.run("mkdocs", "build", "--strict", "--site-dir", "build/site", *session.posargs)


@nox.session
def demo(session: nox.Session) -> None:
    """Convert the bundled seeds into ./out."""
    session.install(".")
    session.run("articlekit", "convert", "-o", "out", *session.posargs)


# Mutation testing -------------------------------------------------------------------------------------------------

MUTATION_MODULES = (
    "articlekit/dates.py",
    "articlekit/text.py",
    "schema/model.py",  # the record model and make_article_id
    "converters/base.py",
    "converters/_html_blocks.py",  # the one body walker and its rule tables
    "exporters/csv_bundle.py",  # the CSV escaping
    "articlekit/validation/problems.py",  # validate's locations and rendering
)
"""The core modules the ``mutation`` session mutates, as paths in the source tree."""

MUTATION_TESTS = (
    "tests/test_dates.py",
    "tests/test_dates_edges.py",
    "tests/test_text.py",
    "tests/test_language.py",
    "tests/test_language_samples.py",
    "tests/test_language_decisions.py",
    "tests/test_schema.py",
    "tests/test_golden.py",
    "tests/test_item_rejects.py",
    "tests/converters",
    "tests/exporters/test_export_csv_bundle.py",
    "tests/exporters/test_csv_bundle_errors.py",
    "tests/exporters/test_export_drift.py",  # the Data Package descriptor, byte for byte
    "tests/exporters/test_export_reading.py",
    "tests/validate/test_validate_broken_tables.py",  # the CSV reader's refusals, exactly
    "tests/validate/test_validate_locations.py",
    "tests/validate/test_validate_problems.py",
)
"""The tests that judge the mutants: the core modules' own tests and the golden seeds (not the slow properties)."""

# setuptools maps these source folders into the one import package; mutmut names a mutant after its file path,
# so it is given a tree where the path is the import name.
_PACKAGE_FOLDERS = {"articlekit": "articlekit", "schema": "articlekit/schema", "converters": "articlekit/converters",
                    "exporters": "articlekit/exporters", "seeds": "articlekit/seeds"}  # fmt: skip


def _stage_for_mutation(root: Path, stage: Path, modules: list[str]) -> None:
    """Lay the sources out as the installed package, with tests and seeds, and configure mutmut for ``modules``."""
    shutil.rmtree(stage, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder, target in _PACKAGE_FOLDERS.items():
        shutil.copytree(root / folder, stage / target, ignore=ignore)
    for folder in ("tests", "seeds", "exporters", "schema"):  # the tests read these folders by path
        shutil.copytree(root / folder, stage / folder, ignore=ignore)
    documents = [name for name in ("README.md", "docs", "mkdocs.yml") if (root / name).exists()]  # read by tests too
    for name in documents:
        if (root / name).is_dir():
            shutil.copytree(root / name, stage / name, ignore=ignore)
        else:
            shutil.copy2(root / name, stage / name)
    only = [str(Path(*_PACKAGE_FOLDERS[module.split("/")[0]].split("/"), *module.split("/")[1:])) for module in modules]
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    config = "\n".join(
        [
            "",
            "[tool.mutmut]",
            'source_paths = ["articlekit"]',
            f"only_mutate = {json.dumps(only)}",
            f"also_copy = {json.dumps(['seeds', 'exporters', 'schema', *documents])}",
            f"pytest_add_cli_args_test_selection = {json.dumps(list(MUTATION_TESTS))}",
            # A mutant can loop forever (``i = 1`` for ``i += 1``): a test that takes a minute has hung. The
            # slowest test takes seconds on the mutation profile; the suite's own limit (15 minutes) is for CI.
            'pytest_add_cli_args = ["-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:cov", "-o", "timeout=60"]',
            "use_git_change_detection = false",
            "",
        ]
    )
    (stage / "pyproject.toml").write_text(pyproject + config, encoding="utf-8")


KILLED = {1, 3, 36, 37, -24, 24, 152, 255}
"""mutmut's exit codes of a mutant the tests caught (a failure, an internal error, a timeout, the type checker)."""


def _mutation_scores(stage: Path) -> dict[str, tuple[int, int, list[str]]]:
    """Killed, total and surviving mutant names per module, read from mutmut's result files."""
    scores = {}
    for meta in sorted((stage / "mutants").rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        module = str(meta.relative_to(stage / "mutants"))[: -len(".meta")]
        checked = {name: code for name, code in codes.items() if code != 34}  # 34: skipped by a pragma
        survivors = sorted(name for name, code in checked.items() if code not in KILLED)
        scores[module] = (len(checked) - len(survivors), len(checked), survivors)
    return scores


@nox.session
def mutation(session: nox.Session) -> None:
    """Mutation-test the core modules with mutmut and print the score per module (not in CI: about 20 minutes).

    ``nox -s mutation -- articlekit/dates.py`` mutates only the modules named. Runs one mutant per core
    (``MUTATION_WORKERS=1`` for one at a time): the Hypothesis profile ``mutation`` is small and derandomised,
    so a mutant is killed or not the same way each run.
    """
    modules = list(session.posargs) or list(MUTATION_MODULES)
    session.install(".[test]", "mutmut>=3.3")
    session.install("./examples/articlekit-plugin-example")  # the detection tests expect its fixtures' format
    root = Path(__file__).parent
    stage = root / "build" / "mutation"
    _stage_for_mutation(root, stage, modules)
    with session.chdir(stage):
        session.run(
            "mutmut",
            "run",
            "--max-children",
            os.environ.get("MUTATION_WORKERS", str(os.cpu_count() or 1)),
            env={"HYPOTHESIS_PROFILE": "mutation"},
            success_codes=[0, 1],
        )
    total_killed = total = 0
    for module, (killed, count, survivors) in _mutation_scores(stage).items():
        total_killed, total = total_killed + killed, total + count
        session.log(f"{module}: {killed}/{count} killed, {100 * killed / max(count, 1):.1f}%")
        for name in survivors:
            session.log(f"    survived: {name}")
    session.log(f"all: {total_killed}/{total} killed, {100 * total_killed / max(total, 1):.1f}%")
    if total and not total_killed:
        session.error("no mutant was killed: mutmut could not run the tests (see its output above)")
