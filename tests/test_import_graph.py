"""The import graph of articlekit: every module imports alone, and no chain of imports comes back to its start.

The modules are found in the source folders that pyproject.toml's ``package-dir`` maps into the one import
package (``articlekit``, ``articlekit.schema``, ``articlekit.converters``, ...). The static graph is read with
``ast`` from every ``import`` statement, at module level and inside functions alike (a function-level import
is a cycle waiting for the first call); only imports under ``if TYPE_CHECKING:`` are left out, since they
never run.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@cache
def modules() -> dict[str, Path]:
    """Every module of the import package, by dotted name, with its source file."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders: dict[str, str] = setuptools["package-dir"]
    found: dict[str, Path] = {}
    for package in setuptools["packages"]:
        # A package without its own package-dir entry lives inside its parent's folder.
        parent, _, rest = package.rpartition(".")
        folder = ROOT / folders[package] if package in folders else ROOT / folders[parent] / rest
        for source in sorted(folder.glob("*.py")):
            name = package if source.stem == "__init__" else f"{package}.{source.stem}"
            found[name] = source
    return found


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement of a module, at any depth, except those under ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If) and _type_checking_only(node):
            pending.extend(node.orelse)
            continue
        pending.extend(ast.iter_child_nodes(node))
    return found


def imported_modules(name: str, source: Path, known: dict[str, Path]) -> set[str]:
    """The modules of the package that ``name`` imports (``from package import module`` names the module)."""
    is_package = source.stem == "__init__"
    targets: set[str] = set()
    for node in _imports(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
            continue
        if node.level:
            base = name.split(".")
            base = base if is_package else base[:-1]
            base = base[: len(base) - (node.level - 1)]
            origin = ".".join([*base, *([node.module] if node.module else [])])
        else:
            origin = node.module or ""
        for alias in node.names:
            candidate = f"{origin}.{alias.name}"
            targets.add(candidate if candidate in known else origin)
    return {target for target in targets if target in known and target != name}


@cache
def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    known = modules()
    return {name: imported_modules(name, source, known) for name, source in known.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as ``[a, b, ..., a]``, or None; depth-first, iterative, in sorted order."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    for start in sorted(graph):
        if state.get(start):
            continue
        path = [start]
        stack = [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            following = next(stack[-1], None)
            if following is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(following) == 1:
                return [*path[path.index(following) :], following]
            if not state.get(following):
                state[following] = 1
                path.append(following)
                stack.append(iter(sorted(graph.get(following, ()))))
    return None


def test_the_module_list_covers_every_package_of_the_distribution() -> None:
    found = modules()
    for name in (
        "articlekit",
        "articlekit.cli",
        "articlekit.validation",
        "articlekit.validation.run",
        "articlekit.validation.command",
        "articlekit.converters",
        "articlekit.converters.base",
        "articlekit.exporters.parquet",
        "articlekit.schema.model",
    ):
        assert name in found, name
    assert not any(name.startswith("articlekit.validate") for name in found)  # the old modules are gone


def test_the_import_graph_has_no_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_names_a_cycle_it_is_given() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_function_level_and_relative_imports_are_edges(tmp_path: Path) -> None:
    source = tmp_path / "run.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from .problems import Problem\n"
        "if TYPE_CHECKING:\n"
        "    from .output import write_text\n"
        "def later():\n"
        "    from articlekit import cli\n"
        "    import articlekit.schema\n",
        encoding="utf-8",
    )
    known = dict.fromkeys(
        ["articlekit", "articlekit.cli", "articlekit.schema", "pkg.problems", "pkg.output", "pkg.run"], source
    )
    assert imported_modules("pkg.run", source, known) == {"pkg.problems", "articlekit.cli", "articlekit.schema"}


def test_validate_imports_nothing_of_the_command_line() -> None:
    graph = import_graph()
    for name, targets in graph.items():
        if name.startswith("articlekit.validation"):
            assert "articlekit.cli" not in targets, name


@pytest.mark.parametrize("name", sorted(modules()))
def test_every_module_imports_alone(name: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {name}"], capture_output=True, text=True, check=False, timeout=120
    )
    assert (done.returncode, done.stderr) == (0, "")
