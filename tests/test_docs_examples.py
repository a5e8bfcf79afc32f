"""Every code example in the docs (docs/**/*.md) and the README runs, so none can rot.

A page's ```python and ```sh blocks run in order, in a temporary folder holding a copy of ``seeds/`` and
``out/`` (the bundled seeds converted by ``articlekit convert -o out``); the python blocks of a page share
one namespace. A block right after ``<!-- prints -->`` is the output of the block before it: what that
block prints must be exactly that. A block right after ``<!-- not executed: REASON -->`` is not run (the
page says why, e.g. Spark, which the test environment does not install); a python one must still compile.
Lines ``--8<-- "path"`` are replaced by the file they name, as pymdownx.snippets does when the site is
built. Blocks of other languages (text, console, toml …) are shown, not run.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
RUN = ("python", "sh")

_FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>[\w+-]*)[^\n]*\n(?P<code>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)
_MARKER = re.compile(r"<!-- (?:(?P<prints>prints)|not executed: (?P<reason>[^>]*?)) -->\s*\Z")
_SNIPPET = re.compile(r"""^(?P<indent> *)--8<-- +["'](?P<path>[^"']+)["'] *$""", re.M)


@dataclass
class Example:
    page: Path
    line: int
    lang: str
    code: str
    prints: str | None = None
    skipped: str | None = None

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def _include_snippets(code: str) -> str:
    def include(match: re.Match[str]) -> str:
        text = (ROOT / match["path"]).read_text(encoding="utf-8")
        return "".join(match["indent"] + line for line in text.splitlines(keepends=True)).rstrip("\n")

    return _SNIPPET.sub(include, code)


def examples(page: Path, text: str | None = None) -> list[Example]:
    """The runnable blocks of one page (its ``text``, read when not given), with what each must print."""
    text = page.read_text(encoding="utf-8") if text is None else text
    found: list[Example] = []
    previous_end = 0
    just_before: Example | None = None  # the runnable block of the fence just before, if it was one
    for fence in _FENCE.finditer(text):
        between = text[previous_end : fence.start()]
        previous_end = fence.end()
        marker = _MARKER.search(between)
        code = _include_snippets(re.sub(rf"^{fence['indent']}", "", fence["code"], flags=re.M))
        line = text.count("\n", 0, fence.start()) + 1
        if marker and marker["prints"]:
            where = f"{page.relative_to(ROOT)}:{line}"
            assert just_before is not None, f"{where}: <!-- prints --> must follow a runnable block"
            assert not between.replace(marker[0], "").strip(), f"{where}: <!-- prints --> must follow it directly"
            just_before.prints, just_before = code, None
            continue
        just_before = None
        if fence["lang"] in RUN:
            just_before = Example(page, line, fence["lang"], code, skipped=marker["reason"] if marker else None)
            found.append(just_before)
    return found


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with ``seeds/`` and ``out/``: the bundled seeds converted as the docs say."""
    folder = tmp_path_factory.mktemp("docs-base")
    shutil.copytree(ROOT / "seeds", folder / "seeds", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    done = subprocess.run(
        [_articlekit(), "convert", "-o", "out", "--quiet"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return folder


def _articlekit() -> str:
    return str(Path(sys.executable).parent / "articlekit")


def _run_python(example: Example, namespace: dict[str, object]) -> str:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example.code, example.where, "exec"), namespace)
    return printed.getvalue()


def _run_sh(example: Example, folder: Path) -> str:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", example.code], cwd=folder, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"{example.where}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


RUN_PAGES = [page for page in PAGES if any(example.skipped is None for example in examples(page))]


@pytest.mark.slow  # each page starts articlekit a few times
@pytest.mark.docs_examples
@pytest.mark.parametrize("page", RUN_PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_example_of_the_page_runs_and_prints_what_it_shows(
    page: Path, converted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "work"
    shutil.copytree(converted, folder)
    monkeypatch.chdir(folder)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for example in examples(page):
        if example.skipped is not None:
            continue
        output = _run_python(example, namespace) if example.lang == "python" else _run_sh(example, folder)
        if example.prints is not None:
            assert output.rstrip("\n") == example.prints.rstrip("\n"), f"{example.where} printed otherwise"


def test_a_block_not_executed_says_why_and_still_compiles() -> None:
    skipped = [example for page in PAGES for example in examples(page) if example.skipped is not None]
    for example in skipped:
        assert len(example.skipped.split()) >= 3, f"{example.where}: say why the block is not run"
        if example.lang == "python":
            compile(example.code, example.where, "exec")


def test_the_example_reader_sees_markers_outputs_and_snippets() -> None:
    page = ROOT / "docs" / "_probe.md"
    text = (
        "```python\nprint(1)\n```\n\n<!-- prints -->\n```text\n1\n```\n\n"
        "<!-- not executed: needs a cluster here -->\n```sh\nspark-submit x\n```\n\n"
        "```text\nnot run\n```\n"
        '```python\n--8<-- "seeds/__init__.py"\n```\n'
    )
    found = examples(page, text)
    assert [(e.lang, e.line, e.prints, e.skipped) for e in found] == [
        ("python", 1, "1\n", None),
        ("sh", 11, None, "needs a cluster here"),
        ("python", 18, None, None),
    ]
    assert found[0].code == "print(1)\n"
    assert found[2].code.rstrip("\n") == (ROOT / "seeds" / "__init__.py").read_text(encoding="utf-8").rstrip("\n")
