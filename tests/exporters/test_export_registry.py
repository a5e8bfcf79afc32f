from __future__ import annotations

from pathlib import Path

import pytest

from articlekit.exporters import (
    EXPORTERS,
    UnknownFormatError,
    csv_bundle,
    exporter_by_name,
    exporter_for_path,
    jsonl,
    parquet,
)
from articlekit.schema import Article


def test_registry_names_and_defaults() -> None:
    assert list(EXPORTERS) == ["jsonl", "parquet", "csv"]
    assert [exporter.DEFAULT_NAME for exporter in EXPORTERS.values()] == [
        "articles.jsonl",
        "articles.parquet",
        "articles.csv",
    ]
    assert jsonl.EXTENSIONS == (".jsonl", ".jsonl.gz")
    assert parquet.EXTENSIONS == (".parquet",)
    assert csv_bundle.EXTENSIONS == ()
    assert exporter_by_name("parquet") is parquet
    with pytest.raises(UnknownFormatError, match="choose from jsonl, parquet, csv"):
        exporter_by_name("xlsx")


@pytest.mark.parametrize("name", list(EXPORTERS))
def test_every_exporter_writes_and_reads_through_the_registry(
    tmp_path: Path, sample_articles: list[Article], name: str
) -> None:
    exporter = EXPORTERS[name]
    dest = tmp_path / exporter.DEFAULT_NAME
    assert exporter.write(sample_articles, dest) == len(sample_articles)
    assert exporter_for_path(dest) is exporter
    with exporter.open_writer(tmp_path / f"again-{exporter.DEFAULT_NAME}") as writer:
        writer.write(sample_articles[0])
    back = [record.model_dump_json() for record in exporter.read(dest)]
    assert back == [record.model_dump_json() for record in sample_articles]


def test_exporter_for_path_by_name(tmp_path: Path) -> None:
    out = tmp_path / "out"  # not a relative path: the README's first command leaves an ./out behind
    assert exporter_for_path(out / "articles.jsonl") is jsonl
    assert exporter_for_path(out / "ARTICLES.JSONL.GZ") is jsonl
    assert exporter_for_path(out / "articles.parquet") is parquet
    assert exporter_for_path(out / "datapackage.json") is csv_bundle
    with pytest.raises(UnknownFormatError):
        exporter_for_path(out / "articles.csv")  # a bundle is a folder; a missing one has no format yet
    with pytest.raises(UnknownFormatError):
        exporter_for_path(tmp_path)


def test_exporter_for_path_by_folder_content(tmp_path: Path, sample_articles: list[Article]) -> None:
    csv_bundle.write(sample_articles, tmp_path / "bundle")
    parquet.write(sample_articles, tmp_path / "dataset", partition_by="year")
    assert exporter_for_path(tmp_path / "bundle") is csv_bundle
    assert exporter_for_path(tmp_path / "dataset") is parquet
