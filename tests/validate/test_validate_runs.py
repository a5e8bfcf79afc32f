"""The run as a whole: repeated ids across files, deeply nested values, the report object."""

from __future__ import annotations

import json
import os
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from validate_helpers import json_line, record_with_url, rederive

import articlekit.validation.checking as validate_module
from articlekit.validation.checking import SeenIds as _SeenIds
from articlekit.validation.run import Validation, validate


@pytest.mark.parametrize("limit", [10**9, 0], ids=["dict", "arrow-sort"])
@given(st.lists(st.integers(0, 30), max_size=60), st.randoms())
def test_repeated_ids_are_found_with_their_first_use_by_either_method(limit, picks, rng):
    ids = [os.urandom(16).hex() for _ in range(31)]
    seen = _SeenIds()
    expected, first = [], {}
    for pick in picks:
        file, key = rng.randint(0, 3), rng.randint(0, 2**40)
        seen.add(ids[pick], file, key)
        if ids[pick] in first:
            expected.append((file, key, *first[ids[pick]]))
        else:
            first[ids[pick]] = (file, key)
    original = validate_module._DICT_LIMIT
    validate_module._DICT_LIMIT = limit
    try:
        assert list(seen.duplicates()) == expected
    finally:
        validate_module._DICT_LIMIT = original


def test_deeply_nested_values_are_reported_not_crashed_on(tmp_path):
    record = rederive(record_with_url())
    deep: object = "x"
    for _ in range(900):
        deep = [deep]
    line = json_line({**record, "extra": deep})
    (tmp_path / "deep.jsonl").write_bytes(line)
    (tmp_path / "deep.json").write_bytes(b"[" + line + b"]")
    too_deep = b"[" * 5000 + b"]" * 5000
    (tmp_path / "too-deep.jsonl").write_bytes(too_deep + b"\n")
    (tmp_path / "too-deep.json").write_bytes(too_deep)
    report = validate([tmp_path / name for name in ("deep.jsonl", "deep.json", "too-deep.jsonl", "too-deep.json")])
    found = [(p.file.rsplit("/", 1)[1], p.code, p.pointer) for p in report.problems]
    # A JSON array file is parsed with the standard library: up to Python 3.12 it gives up on 5,000
    # levels (not-json); 3.13 parses them, and the element is then a list, not an object.
    try:
        json.loads(too_deep)
        array_element_code = "not-an-object"
    except RecursionError:
        array_element_code = "not-json"
    assert found == [
        ("deep.jsonl", "unexpected-field", "/extra"),
        ("deep.json", "unexpected-field", "/extra"),
        ("too-deep.jsonl", "not-json", ""),
        ("too-deep.json", array_element_code, ""),
        ("deep.json", "duplicate-id", "/id"),
    ]


def test_a_crash_becomes_a_problem_of_its_file_and_the_run_goes_on(tmp_path, monkeypatch):
    good = tmp_path / "good.jsonl"
    good.write_bytes(json_line(rederive(record_with_url())))
    other = tmp_path / "other.jsonl"
    other.write_bytes(json_line(rederive({**record_with_url(), "url": "https://example.com/x"})))

    def explode(self, record):
        raise RuntimeError("boom")

    monkeypatch.setattr("articlekit.validation.records.RecordChecker.is_valid", explode)
    report = validate([good, other])
    assert [(p.file, p.code) for p in report.problems] == [
        (str(good), "validator-crash"),
        (str(other), "validator-crash"),
    ]
    assert report.exit_code == 2
    assert "RuntimeError: boom" in report.problems[0].message


def test_the_report_object_counts_files_records_and_codes(tmp_path):
    first = tmp_path / "a.jsonl"
    record = rederive(record_with_url())
    first.write_bytes(json_line(record) + json_line({**record, "title": 1}))
    report = validate([first]).as_dict()
    assert {key: report[key] for key in ("valid", "records", "invalid_records", "counts", "stopped_early")} == {
        "valid": False,
        "records": 2,
        "invalid_records": 1,
        "counts": {"duplicate-id": 1, "wrong-type": 1},
        "stopped_early": False,
    }
    assert json.loads(json.dumps(report)) == report


def test_problems_stream_before_the_file_is_read_to_its_end(tmp_path):
    path = tmp_path / "many.jsonl"
    record = rederive(record_with_url())
    with path.open("wb") as out:
        out.write(b"not json\n")
        for number in range(2000):
            out.write(json_line(rederive({**record, "url": f"https://example.com/{number}"})))
    run = Validation([path])
    problems = run.problems()
    first = next(problems)
    assert (first.code, first.location.line) == ("not-json", 1)
    assert run.files[0].records == 0  # nothing else was read yet
    assert list(problems) == []
    assert run.files[0].records == 2000


def test_random_bytes_never_raise(tmp_path):
    rng = random.Random(5)
    for number in range(30):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        for suffix in (".jsonl", ".json", ".parquet", ".jsonl.gz"):
            path = tmp_path / f"{number}{suffix}"
            path.write_bytes(data)
            report = validate([path])
            assert "validator-crash" not in report.counts, (path, report.problems)
