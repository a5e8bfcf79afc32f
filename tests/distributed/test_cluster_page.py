"""The Python example of docs/cluster.md runs on Spark ``local[2]`` and Ray and prints what the page shows.

The docs test (tests/test_docs_examples.py) does not install the engines and so does not run this block;
``nox -s distributed`` does, here, the same way: in a folder holding a copy of ``seeds/``.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
from test_docs_examples import ROOT, examples

pytestmark = [
    pytest.mark.distributed,
    pytest.mark.filterwarnings("ignore::DeprecationWarning:ray"),
    pytest.mark.filterwarnings("ignore::FutureWarning:pyspark"),
]

PAGE = ROOT / "docs" / "cluster.md"


def test_the_python_example_prints_what_the_page_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (block,) = [example for example in examples(PAGE) if example.lang == "python"]
    assert block.prints is not None, f"{block.where}: the example should be followed by what it prints"
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block.code, block.where, "exec"), {"__name__": "__docs__"})
    assert printed.getvalue() == block.prints
    for out in ("out-spark", "out-ray"):
        lines = (tmp_path / out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 5, out
    assert (
        sorted(path.name for path in (tmp_path / "out-spark" / "articles.parquet").iterdir())[0]
        == "published_year=2022"
    )
