"""Whatever articlekit's own exporters write validates clean, in every format and layout."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from checks import slow_examples
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import SEEDS

from articlekit.exporters import EXPORTERS, csv_bundle, jsonl, parquet
from articlekit.schema import Article
from articlekit.testing import articles
from articlekit.validation import detect_format, validate


def unique(records: list[Article]) -> list[Article]:
    return list({record.id: record for record in records}.values())


RECORDS = st.lists(articles(), min_size=1, max_size=5).map(unique)


WRITERS = {
    "dumped.jsonl": lambda records, dest: dest.write_text(
        "".join(record.model_dump_json() + "\n" for record in records), encoding="utf-8"
    ),
    "plain.jsonl": jsonl.write,
    "packed.jsonl.gz": jsonl.write,
    "one.parquet": lambda records, dest: parquet.write(records, dest, row_group_size=2),
    "by-year.parquet": lambda records, dest: parquet.write(records, dest, partition_by="year"),
    "bundle": csv_bundle.write,
    "safe-bundle": lambda records, dest: csv_bundle.write(records, dest, spreadsheet_safe=True),
}
"""Every output articlekit writes, by the name it is written under."""


def write_every_format(records: list[Article], folder: Path) -> list[Path]:
    for name, write in WRITERS.items():
        write(records, folder / name)
    return [folder / name for name in WRITERS]


@pytest.mark.slow  # writes and validates a file per example: 30 s for the quick profile's 40
@settings(max_examples=slow_examples(10))
@given(RECORDS, st.sampled_from(sorted(WRITERS)))
def test_every_exporter_output_validates_clean(records, name):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        WRITERS[name](records, path)
        report = validate([path])
    assert report.problems == [], name
    assert sum(file.records for file in report.files) == len(records), name


def test_exporter_outputs_are_detected_by_name_or_content(tmp_path):
    records = [
        Article.model_validate_json(path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.expected.json"))
    ]
    paths = write_every_format(records, tmp_path)
    assert [detect_format(path) for path in paths] == ["jsonl", "jsonl", "jsonl", "parquet", "parquet", "csv", "csv"]
    renamed = tmp_path / "no-extension"
    renamed.write_bytes((tmp_path / "one.parquet").read_bytes())
    assert detect_format(renamed) == "parquet"
    assert detect_format(tmp_path / "bundle" / "datapackage.json") == "csv"
    report = validate([*paths, renamed])
    # The same five records in eight inputs: every input after the first repeats their ids.
    assert set(report.counts) == {"duplicate-id"}
    assert report.counts["duplicate-id"] == 5 * 7


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_every_registered_exporter_writes_what_validate_reads(name, tmp_path):
    exporter = EXPORTERS[name]
    records = [
        Article.model_validate_json(path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.expected.json"))
    ]
    dest = tmp_path / exporter.DEFAULT_NAME
    exporter.write(records, dest)
    assert detect_format(dest) is not None
    report = validate([dest])
    assert (report.problems, sum(file.records for file in report.files)) == ([], len(records))
