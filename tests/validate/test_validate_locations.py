"""Generated records with one mutation at a known place: validate reports that line or row, and the field."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from checks import slow_examples
from hypothesis import given, settings
from hypothesis import strategies as st
from validate_helpers import json_line
from validate_strategies import mutated

from articlekit.testing import article_dicts
from articlekit.validation import validate


def unique_by_id(records):
    return list({record["id"]: record for record in records}.values())


RECORD_LISTS = st.lists(article_dicts(), min_size=1, max_size=4).map(unique_by_id)


@st.composite
def files_with_one_mutation(draw):
    records = draw(RECORD_LISTS)
    index = draw(st.integers(0, len(records) - 1))
    record, expected, name = draw(mutated(st.just(records[index])))
    records[index] = record
    # A mutated id may hit another record's: the later of the two is the duplicate.
    duplicates = {
        number
        for number, other in enumerate(records)
        if number != index and other["id"] == record.get("id") and number > index
    }
    if any(other["id"] == record.get("id") for other in records[:index]):
        duplicates.add(index)
    return records, index, expected, duplicates, name


@pytest.mark.slow  # writes and validates a file per example: 20 s for the quick profile's 40
@settings(max_examples=slow_examples(10))
@given(files_with_one_mutation())
def test_jsonl_reports_the_mutated_line_and_field(case):
    records, index, expected, duplicates, name = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.jsonl"
        path.write_bytes(b"".join(json_line(record) for record in records))
        report = validate([path])
    found = {(p.location.line, p.pointer, p.code) for p in report.problems}
    wanted = {(index + 1, pointer, code) for pointer, code in expected}
    wanted |= {(number + 1, "/id", "duplicate-id") for number in duplicates}
    assert found == wanted, name
    assert report.exit_code == (1 if wanted else 0)


@given(files_with_one_mutation(), st.sampled_from([None, 1, 2]))
def test_json_array_reports_the_line_where_the_mutated_element_starts(case, indent):
    records, index, expected, duplicates, name = case
    elements = [json.dumps(record, ensure_ascii=False, indent=indent) for record in records]
    text = "[\n" + ",\n".join(elements) + "\n]\n"
    starts = [2 + sum(element.count("\n") + 1 for element in elements[:number]) for number in range(len(records))]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.json"
        path.write_text(text, encoding="utf-8")
        report = validate([path])
    found = {(p.location.line, p.pointer, p.code) for p in report.problems}
    wanted = {(starts[index], pointer, code) for pointer, code in expected}
    wanted |= {(starts[number], "/id", "duplicate-id") for number in duplicates}
    assert found == wanted, name
