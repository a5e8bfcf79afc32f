from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import articlekit.reading
from articlekit.exporters import UnknownFormatError, csv_bundle, jsonl, parquet
from articlekit.reading import read
from articlekit.schema import Article


def as_json(records: object) -> list[str]:
    return [record.model_dump_json() for record in records]  # type: ignore[attr-defined]


@pytest.fixture
def outputs(tmp_path: Path, sample_articles: list[Article]) -> Path:
    jsonl.write(sample_articles, tmp_path / "articles.jsonl")
    jsonl.write(sample_articles, tmp_path / "articles.jsonl.gz")
    parquet.write(sample_articles, tmp_path / "articles.parquet")
    parquet.write(sample_articles, tmp_path / "dataset", partition_by="month")
    csv_bundle.write(sample_articles, tmp_path / "articles.csv")
    return tmp_path


@pytest.mark.parametrize(
    "name",
    [
        "articles.jsonl",
        "articles.jsonl.gz",
        "articles.parquet",
        "articles.csv",
        "articles.csv/datapackage.json",
    ],
)
def test_read_detects_the_format_from_the_name(outputs: Path, sample_articles: list[Article], name: str) -> None:
    assert as_json(read(outputs / name)) == as_json(sample_articles)
    assert as_json(read(str(outputs / name))) == as_json(sample_articles)


def test_read_detects_a_dataset_folder(outputs: Path, sample_articles: list[Article]) -> None:
    assert sorted(as_json(read(outputs / "dataset"))) == sorted(as_json(sample_articles))


@pytest.mark.parametrize(
    ("source", "renamed"),
    [
        ("articles.jsonl", "export.txt"),
        ("articles.jsonl.gz", "export.bin"),
        ("articles.parquet", "export.dat"),
        ("articles.csv/datapackage.json", "articles.csv/descriptor.json"),
    ],
)
def test_read_sniffs_the_content_when_the_name_says_nothing(
    outputs: Path, sample_articles: list[Article], source: str, renamed: str
) -> None:
    shutil.copy(outputs / source, outputs / renamed)
    assert as_json(read(outputs / renamed)) == as_json(sample_articles)


def test_read_sniffs_a_one_line_descriptor(outputs: Path, sample_articles: list[Article]) -> None:
    descriptor = (outputs / "articles.csv" / "datapackage.json").read_text(encoding="utf-8")
    compact = outputs / "articles.csv" / "compact.json"
    compact.write_text(descriptor.replace("\n", ""), encoding="utf-8")
    assert articlekit.reading.detect_format(compact) is csv_bundle
    assert as_json(read(compact)) == as_json(sample_articles)


def test_read_with_a_forced_format(outputs: Path, sample_articles: list[Article]) -> None:
    shutil.copy(outputs / "articles.jsonl", outputs / "odd.parquet")
    assert as_json(read(outputs / "odd.parquet", format="jsonl")) == as_json(sample_articles)


def test_read_refuses_what_it_cannot_tell(tmp_path: Path) -> None:
    unknown = tmp_path / "notes.txt"
    unknown.write_text("plain text, no records\n", encoding="utf-8")
    with pytest.raises(UnknownFormatError):
        read(unknown)
    with pytest.raises(UnknownFormatError):
        read(tmp_path / "missing.dat")
    with pytest.raises(UnknownFormatError):
        read(unknown, format="xml")


def test_read_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text("not json\n", encoding="utf-8")
    records = read(path)  # nothing is parsed yet
    with pytest.raises(ValueError, match="line 1"):
        next(records)
