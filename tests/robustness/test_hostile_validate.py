"""Hostile files given to ``articlekit validate``: each gets its exact problems, never a crash or a hang.

The inputs are written by tests/hostile/make_corpus.py (``make_validate_corpus``).
Each is validated alone through the library entry point (untimed: the readers' size and depth limits keep
it short);
the problems must carry exactly the codes listed here, and never
``validator-crash``. Not covered: a chmod 000 file (the unreadable path is
the same as for the broken links, which are covered).
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest
from checks import SharedBuild
from hostile.make_corpus import make_validate_corpus

from articlekit.cli import run
from articlekit.validation import PROBLEM_CODES, validate

# The record line the corpus repeats lacks every required field but "title".
_MISSING = 18

EXPECTED: dict[str, tuple[int, dict[str, int]]] = {
    # name: (exit code, problem counts by code)
    "empty.jsonl": (1, {"empty-file": 1}),
    "whitespace.jsonl": (1, {"empty-file": 1}),
    "nul-filled.jsonl": (1, {"not-json": 1}),
    "image.jsonl": (1, {"not-utf8": 3, "not-json": 1}),
    "image.parquet": (1, {"corrupt-parquet": 1}),
    "truncated-utf8.jsonl": (1, {"not-utf8": 1}),
    "gbk.jsonl": (1, {"not-utf8": 1}),
    "utf-16.jsonl": (1, {"not-utf8": 1, "not-json": 1}),
    "utf-8-bom.jsonl": (1, {"utf8-bom": 1, "missing-field": _MISSING}),
    "crlf.jsonl": (1, {"missing-field": 2 * _MISSING}),
    "nested-100000.json": (1, {"not-json": 1}),
    "nested-100000.jsonl": (1, {"not-json": 1}),
    "huge-number.jsonl": (1, {"not-json": 1}),
    "huge-exponent.jsonl": (1, {"not-json": 1}),
    "nan.jsonl": (1, {"not-json": 1}),
    "lone-surrogate.jsonl": (1, {"not-json": 1}),
    "not-objects.jsonl": (1, {"not-an-object": 3}),
    "yaml.json": (1, {"not-json": 1}),
    "unknown-format.bin": (2, {"unknown-format": 1}),
    "gzip-bomb.jsonl.gz": (1, {"not-json": 1}),
    "gzip-bomb-48mb.jsonl.gz": (1, {"line-too-long": 1}),
    "truncated.jsonl.gz": (1, {"truncated-gzip": 1, "missing-field": 3 * _MISSING}),
    "corrupt.jsonl.gz": (1, {"corrupt-gzip": 1}),
    "single-line-10mb.jsonl": (1, {"missing-field": _MISSING}),
    "links/loop-a.jsonl": (2, {"unreadable": 1}),
    "links/loop-b.jsonl": (2, {"unreadable": 1}),
    "links/dangling.jsonl": (2, {"unreadable": 1}),
    # No writer: read as empty, not waited for; sniffing would consume a pipe's bytes, and Parquet must seek.
    "pipes/fifo.jsonl": (1, {"empty-file": 1}),
    "pipes/fifo": (2, {"unknown-format": 1}),
    "pipes/fifo.parquet": (2, {"unreadable": 1}),
}


@pytest.fixture(scope="module")
def folder(build_once: SharedBuild) -> Path:
    return build_once("validate-corpus", make_validate_corpus)  # a 48 MB gzip bomb among others: once per run


def test_the_corpus_is_what_this_test_expects(folder: Path) -> None:
    names = {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_symlink() or path.is_file() or path.is_fifo()
    }
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_gets_its_exact_problems(folder: Path, name: str) -> None:
    report = validate([str(folder / name)])
    codes = Counter(problem.code for problem in report.problems)
    assert (report.exit_code, dict(codes)) == EXPECTED[name]
    assert set(codes) <= set(PROBLEM_CODES)


def test_the_command_line_reports_every_hostile_file_at_once(folder: Path) -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    paths = [str(folder / name) for name in sorted(EXPECTED)]
    code = run(["validate", *paths, "--output", "jsonl"], stdout, stderr)
    assert code == 2  # unreadable and unknown-format inputs make it a usage-level failure
    problems = [json.loads(line) for line in stdout.getvalue().splitlines()]
    expected = Counter[str]()
    for _, counts in EXPECTED.values():
        expected.update(counts)
    assert Counter(problem["code"] for problem in problems) == expected
    assert "Traceback" not in stderr.getvalue()
