"""validate's counts add up (valid + invalid = records), and a lone CSV file is reported under its own name."""

from __future__ import annotations

import io
import json

from paths import SEEDS

from articlekit.cli import run
from articlekit.schema import published_schema_path

RECORD = json.dumps(json.loads((SEEDS / "000_924425bcc6410fb0.expected.json").read_text(encoding="utf-8")))


def invoke(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(list(argv), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_a_repeated_id_makes_its_record_invalid(tmp_path):
    path = tmp_path / "twice.jsonl"
    path.write_text(f"{RECORD}\n{RECORD}\n", encoding="utf-8")
    code, out, _ = invoke("validate", str(path), "--output", "json")
    report = json.loads(out)
    assert code == 1
    assert (report["records"], report["invalid_records"], report["counts"]) == (2, 1, {"duplicate-id": 1})
    assert report["files"][0]["invalid_records"] == 1
    assert (
        invoke("validate", str(path))[1].splitlines()[-1] == "1 file, 2 records, 1 invalid; 1 problem (duplicate-id 1)"
    )


def test_a_repeat_that_is_invalid_anyway_counts_once(tmp_path):
    broken = json.loads(RECORD) | {"title": 7}
    path = tmp_path / "twice.jsonl"
    path.write_text(f"{RECORD}\n{json.dumps(broken)}\n", encoding="utf-8")
    report = json.loads(invoke("validate", str(path), "--output", "json")[1])
    assert (report["records"], report["invalid_records"]) == (2, 1)
    assert sorted(report["counts"]) == ["duplicate-id", "wrong-type"]


def test_max_errors_says_how_many_records_were_not_checked(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("[]\n" * 10, encoding="utf-8")
    code, out, _ = invoke("validate", str(path), "--max-errors", "3", "--output", "json")
    report = json.loads(out)
    assert (code, report["records"], report["unchecked_records"], len(report["problems"])) == (1, 3, 7, 3)
    text = invoke("validate", str(path), "--max-errors", "3")[1].splitlines()[-1]
    assert text == "stopped after 3 problems (--max-errors 3); 7 more records were read but not checked"


def test_a_lone_csv_file_is_reported_under_its_own_name(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,age\nann,3\n", encoding="utf-8")
    code, out, err = invoke("validate", "--format", "csv", str(people), "--output", "jsonl")
    assert code == 1
    assert err == f"0 files, 0 records, 0 invalid; 1 problem (csv-descriptor 1); schema {published_schema_path()}\n"
    problem = json.loads(out)
    assert (problem["file"], problem["code"]) == (str(people), "csv-descriptor")
    assert problem["message"].startswith("not a CSV bundle: no datapackage.json beside it")
