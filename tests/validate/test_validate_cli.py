"""``articlekit validate`` on the command line, run in-process."""

from __future__ import annotations

import io
import json
import os
import threading
from pathlib import Path

import pytest
from validate_helpers import json_line, record_with_url, rederive

from articlekit.cli import run
from articlekit.schema import published_schema_path


def invoke(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(["validate", *argv], stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def records(count: int, start: int = 0) -> list[dict]:
    found = []
    for number in range(start, start + count):
        record = record_with_url()
        record["url"] = f"https://example.com/{number}"
        found.append(rederive(record))
    return found


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.jsonl"
    path.write_bytes(b"".join(json_line(record) for record in records(3)))
    return path


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    lines = [json_line(record) for record in records(4, start=100)]
    lines[1] = b"{not json\n"
    broken = records(4, start=100)[3]
    broken["title"] = " " + broken["title"]
    lines[3] = json_line(broken)
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"".join(lines) + b"[]\n")
    return path


def test_valid_file_exits_0_and_says_so(good):
    code, out, err = invoke(str(good))
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "1 file, 3 records, 0 invalid; no problems"
    assert "valid" in out.splitlines()[-2]


def test_text_output_groups_problems_per_file_with_a_summary(good, bad):
    code, out, _ = invoke(str(bad), str(good))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == str(bad)
    assert lines[1].startswith("  line 2: [not-json] not JSON:")
    assert lines[2].startswith("  line 4: /title [pattern-mismatch] must be non-empty text on one line")
    assert lines[3].startswith("  line 5: [not-an-object] a record must be a JSON object, not array")
    assert lines[-1] == ("2 files, 7 records, 2 invalid; 3 problems (not-an-object 1, not-json 1, pattern-mismatch 1)")


def test_json_output_is_one_report_object(bad):
    code, out, err = invoke(str(bad), "--output", "json")
    report = json.loads(out)
    assert (code, err) == (1, "")
    assert report["valid"] is False
    assert report["schema"] == published_schema_path()
    assert report["counts"] == {"not-an-object": 1, "not-json": 1, "pattern-mismatch": 1}
    assert report["files"] == [
        {"file": str(bad), "format": "jsonl", "records": 4, "invalid_records": 2, "problems": 3, "unchecked_records": 0}
    ]
    assert report["problems"][1] == {
        "file": str(bad),
        "location": {"line": 4},
        "pointer": "/title",
        "code": "pattern-mismatch",
        "message": "must be non-empty text on one line, with no whitespace at either end",
        "value": json.dumps(" " + records(4, start=100)[3]["title"], ensure_ascii=False),
    }
    assert report["stopped_early"] is False


def test_jsonl_output_is_one_problem_per_line_and_the_summary_on_stderr(bad):
    code, out, err = invoke(str(bad), "--output", "jsonl")
    problems = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [(p["location"], p["pointer"], p["code"]) for p in problems] == [
        ({"line": 2}, "", "not-json"),
        ({"line": 4}, "/title", "pattern-mismatch"),
        ({"line": 5}, "", "not-an-object"),
    ]
    assert err.startswith("1 file, 4 records, 2 invalid; 3 problems")


@pytest.mark.parametrize("output", ["text", "json", "jsonl"])
def test_max_errors_stops_early_and_says_so(bad, output):
    code, out, err = invoke(str(bad), "--max-errors", "2", "--output", output)
    assert code == 1
    # Line 5 (an array, so a record) comes after the second problem (line 4): it is read, not checked.
    notice = "stopped after 2 problems (--max-errors 2); 1 more record was read but not checked"
    if output == "json":
        report = json.loads(out)
        assert (len(report["problems"]), report["stopped_early"], report["max_errors"]) == (2, True, 2)
        assert (report["records"], report["unchecked_records"]) == (3, 1)
    elif output == "jsonl":
        assert len(out.splitlines()) == 2
        assert notice in err
    else:
        assert out.count("[not-") + out.count("[pattern-") == 2
        assert out.splitlines()[-1] == notice


def test_reference_engine_reports_the_same(bad):
    assert invoke(str(bad), "--output", "json")[1] == invoke(str(bad), "--output", "json", "--engine", "reference")[
        1
    ].replace('"engine": "reference"', '"engine": "fast"')


def test_schema_prints_where_the_schema_lives():
    assert invoke("--schema") == (0, published_schema_path() + "\n", "")
    assert Path(published_schema_path()).is_file()


def test_format_is_told_by_content_or_forced(tmp_path):
    path = tmp_path / "records.data"
    path.write_bytes(json_line(records(1)[0]))
    assert invoke(str(path))[0] == 0  # "{" first: JSON Lines
    assert invoke(str(path), "--format", "json")[0] == 0  # one record object is a JSON file too
    code, out, _ = invoke(str(path), "--format", "parquet")
    assert code == 1
    assert "[corrupt-parquet]" in out
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n", encoding="utf-8")
    code, out, _ = invoke(str(notes))
    assert code == 2
    assert "[unknown-format]" in out
    code, out, _ = invoke(str(notes), "--format", "jsonl")
    assert code == 1
    assert "line 1: [not-json]" in out


@pytest.mark.parametrize(
    "argv",
    [[], ["--max-errors", "0"], ["--max-errors", "x"], ["--output", "xml"], ["--format", "xml"], ["--engine", "x"]],
    ids=["no-path", "zero-errors", "not-a-number", "bad-output", "bad-format", "bad-engine"],
)
def test_usage_errors_exit_2(argv, good):
    code, out, err = invoke(*argv, *([] if not argv else [str(good)]))
    assert code == 2
    assert out == ""
    assert "error" in err


def test_missing_input_exits_2_but_the_others_are_still_checked(good, tmp_path):
    code, out, _ = invoke(str(tmp_path / "missing.jsonl"), str(good))
    assert code == 2
    assert "[unreadable] no such file or folder" in out
    assert "1 file, 3 records, 0 invalid" in out


def test_main_help_lists_validate():
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run(["--help"], stdout, stderr) == 0
    assert "validate" in stdout.getvalue()


def test_a_pipe_with_a_writer_is_read_to_its_end(tmp_path: Path) -> None:
    # As from ``articlekit validate --format jsonl <(zcat partner.jsonl.gz)``: the pipe has a writer
    # before validate opens it, and holds more than a pipe's buffer, so the writer waits for the reader.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    data = b"".join(json_line(record) for record in records(200))
    assert len(data) > 2**16
    writer = os.open(pipe, os.O_RDWR)  # Linux opens a FIFO read-write without waiting: the writer end

    def feed() -> None:
        with open(writer, "wb") as stream:
            stream.write(data)

    thread = threading.Thread(target=feed)
    thread.start()
    try:
        code, out, _ = invoke("--format", "jsonl", "--output", "json", str(pipe))
    finally:
        thread.join()
    report = json.loads(out)
    assert code == 0, report
    assert report["files"][0]["records"] == 200


def test_a_pipe_is_not_sniffed(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    code, out, _ = invoke("--output", "json", str(pipe))
    (problem,) = json.loads(out)["problems"]
    assert (code, problem["code"]) == (2, "unknown-format")
    assert problem["message"].startswith("a FIFO (pipe): its format cannot be sniffed")
