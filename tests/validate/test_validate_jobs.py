"""``validate --jobs N``: files checked in parts by worker processes give byte-identical output for any N."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from test_validate_broken_tables import records, write_parquet
from validate_helpers import json_line

import articlekit.validation.parallel as parallel
from articlekit.cli import run
from articlekit.validation import validate
from articlekit.validation.checking import JsonSource
from articlekit.validation.parallel import Workers
from articlekit.validation.parquet import ParquetSource


def invoke(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(["validate", *argv], stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split files of a few KB (the split is decided in this process; the workers only check)."""
    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 1)
    monkeypatch.setattr(parallel, "MIN_PART_ROWS", 1)


def _lines(tmp_path: Path) -> Path:
    """A JSON Lines file with a problem in every quarter and an id repeated from the first quarter in the last."""
    items = records(12)
    lines: list[bytes] = [json_line(item) for item in items]
    lines[2] = b"{not json\n"
    lines[5] = b"\n"  # blank
    bad = dict(items[7])
    bad["title"] = " " + bad["title"]
    lines[7] = json_line(bad)
    lines.append(json_line(items[0]))  # a duplicate of line 1, found across parts
    lines.append(json_line([1, 2]))  # not an object, on the last line, which has no line end
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"".join(lines).rstrip(b"\n"))
    return path


def _table(tmp_path: Path) -> Path:
    items = records(12)
    items.append(items[1])  # a duplicate across row groups

    def change(rows: list[dict[str, Any]]) -> None:
        rows[5]["title"] = " " + rows[5]["title"]
        rows[10]["language"] = "not a tag!"

    return write_parquet(tmp_path / "a.parquet", items, row_group_size=2, change=change)


@pytest.mark.parametrize("output", ["text", "json", "jsonl"])
@pytest.mark.usefixtures("small_parts")
def test_any_number_of_jobs_gives_the_same_bytes(tmp_path, output) -> None:
    jsonl, table = _lines(tmp_path), _table(tmp_path)
    once = invoke(str(jsonl), str(table), "--output", output)
    assert once[0] == 1
    for jobs in ("2", "3"):
        assert invoke(str(jsonl), str(table), "--output", output, "--jobs", jobs) == once, jobs


@pytest.mark.usefixtures("small_parts")
def test_the_parts_are_really_split_and_the_problems_are_the_expected_ones(tmp_path) -> None:
    jsonl, table = _lines(tmp_path), _table(tmp_path)
    workers = Workers(3)
    line_parts = workers.plan(JsonSource(jsonl, "a.jsonl", "jsonl"), "fast")
    assert len(line_parts) == 3
    data = jsonl.read_bytes()
    assert line_parts[0].start == 0
    assert line_parts[-1].end == len(data)
    assert all(data[part.start - 1 : part.start] == b"\n" for part in line_parts[1:])
    group_parts = workers.plan(ParquetSource(table, "a.parquet"), "fast")
    assert [(part.start, part.end) for part in group_parts] == [(0, 2), (2, 4), (4, 7)]
    lines_report, table_report = validate([jsonl], jobs=3), validate([table], jobs=3)
    assert [(p.location.describe(), p.code) for p in lines_report.problems] == [
        ("line 3", "not-json"),
        ("line 6", "not-json"),
        ("line 8", "pattern-mismatch"),
        ("line 14", "not-an-object"),
        ("line 13", "duplicate-id"),
    ]
    assert [(p.location.describe(), p.code) for p in table_report.problems] == [
        ("row group 2, row 1", "pattern-mismatch"),
        ("row group 5, row 0", "pattern-mismatch"),
        ("row group 6, row 0", "duplicate-id"),
    ]
    assert [(f.records, f.invalid_records) for f in (*lines_report.files, *table_report.files)] == [(12, 3), (13, 3)]


@pytest.mark.usefixtures("small_parts")
def test_a_file_of_blank_lines_is_one_empty_file_problem_in_parts(tmp_path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_bytes(b"\n" * 40 + b"  \n" * 10)
    once = invoke(str(path), "--output", "jsonl")
    assert once == invoke(str(path), "--output", "jsonl", "--jobs", "2")
    assert [p.code for p in validate([path], jobs=2).problems] == ["empty-file"]


@pytest.mark.usefixtures("small_parts")
def test_a_byte_order_mark_is_only_reported_at_the_start(tmp_path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"".join(json_line(item) for item in records(6)))
    assert invoke(str(path), "--jobs", "3") == invoke(str(path))
    assert [(p.code, p.location.line) for p in validate([path], jobs=3).problems] == [("utf8-bom", 1)]


@pytest.mark.usefixtures("small_parts")
def test_gzip_and_max_errors_are_read_whole(tmp_path) -> None:
    import gzip

    data = b"".join(json_line(item) for item in records(6))
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(data, mtime=0))
    assert Workers(2).plan(JsonSource(path, "a.jsonl.gz", "jsonl"), "fast") == []
    lines = _lines(tmp_path)
    assert invoke(str(lines), "--max-errors", "2", "--jobs", "2") == invoke(str(lines), "--max-errors", "2")


def test_small_files_are_not_split(tmp_path) -> None:
    jsonl, table = _lines(tmp_path), _table(tmp_path)
    assert Workers(2).plan(JsonSource(jsonl, "a.jsonl", "jsonl"), "fast") == []
    assert Workers(2).plan(ParquetSource(table, "a.parquet"), "fast") == []


def test_jobs_must_be_a_positive_number(tmp_path) -> None:
    code, _, errors = invoke(str(tmp_path), "--jobs", "0")
    assert code == 2
    assert "--jobs: must be at least 1: '0'" in errors
