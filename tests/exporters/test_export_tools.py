"""The tools users load our output with read it with the right types, through their own APIs."""

from __future__ import annotations

import csv
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import frictionless
import pandas as pd
import polars as pl
import pytest

from articlekit.exporters import csv_bundle, parquet
from articlekit.schema import Article

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@pytest.fixture
def parquet_file(tmp_path: Path, sample_articles: list[Article]) -> Path:
    dest = tmp_path / "articles.parquet"
    parquet.write(sample_articles, dest)
    return dest


@pytest.fixture
def bundle(tmp_path: Path, sample_articles: list[Article]) -> Path:
    dest = tmp_path / "articles.csv"
    csv_bundle.write(sample_articles, dest)
    return dest


def _instant(moment: datetime | None) -> tuple[int, int] | tuple[None, None]:
    if moment is None:
        return (None, None)
    offset = moment.utcoffset()
    assert offset is not None
    return ((moment - _EPOCH) // timedelta(microseconds=1), offset // timedelta(minutes=1))


def test_duckdb_reads_types_rows_and_nested_blocks(parquet_file: Path, sample_articles: list[Article]) -> None:
    connection = duckdb.connect()
    source = f"'{parquet_file}'"
    assert connection.sql(f"SELECT count(*) FROM {source}").fetchall() == [(len(sample_articles),)]
    types = {row[0]: row[1] for row in connection.sql(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["retrieved_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["published_at_offset_minutes"] == "SMALLINT"
    assert types["published_offset_assumed"] == "BOOLEAN"
    assert types["authors"] == "VARCHAR[]"
    assert types["blocks"].startswith("STRUCT(")
    assert types["blocks"].endswith(")[]")
    blocks = connection.sql(f"SELECT unnest(blocks, recursive := true) FROM {source}").fetchall()
    assert blocks == [(block.kind, block.text) for article in sample_articles for block in article.blocks]
    instants = connection.sql(f"SELECT epoch_us(published_at), published_at_offset_minutes FROM {source}")
    assert instants.fetchall() == [_instant(article.published_at) for article in sample_articles]
    nested = connection.sql(f"SELECT source.domain, provenance.path FROM {source}").fetchall()
    assert nested == [(article.source.domain, article.provenance.path) for article in sample_articles]


def test_duckdb_reads_a_hive_partitioned_dataset(
    tmp_path: Path, sample_articles: list[Article], make_record: Any
) -> None:
    dest = tmp_path / "dataset"
    parquet.write([*sample_articles, make_record(title="没有日期")], dest, partition_by="year")
    rows = duckdb.sql(
        f"SELECT published_year, count(*) FROM read_parquet('{dest}/**/*.parquet', hive_partitioning = true) "
        "GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert rows == [(2022, 1), (2025, 4), (None, 1)]  # __HIVE_DEFAULT_PARTITION__ reads as null


def test_polars_reads_the_types(parquet_file: Path, sample_articles: list[Article]) -> None:
    frame = pl.read_parquet(parquet_file)
    assert frame.height == len(sample_articles)
    assert frame.schema["published_at"] == pl.Datetime("us", "UTC")
    assert frame.schema["published_at_offset_minutes"] == pl.Int16
    assert frame.schema["published_offset_assumed"] == pl.Boolean
    assert frame.schema["tags"] == pl.List(pl.String)
    assert frame.schema["blocks"] == pl.List(pl.Struct({"kind": pl.String, "text": pl.String}))
    assert frame.schema["images"] == pl.List(pl.Struct({"url": pl.String, "caption": pl.String}))
    assert frame.schema["source"] == pl.Struct({"name": pl.String, "domain": pl.String})
    assert frame["title"].to_list() == [article.title for article in sample_articles]
    assert frame["published_at"].to_list() == [
        None if article.published_at is None else article.published_at.astimezone(UTC) for article in sample_articles
    ]
    exploded = frame.select(pl.col("blocks").explode().struct.field("text"))
    assert exploded["text"].to_list() == [block.text for article in sample_articles for block in article.blocks]


def test_pandas_reads_the_file_with_pyarrow(parquet_file: Path, sample_articles: list[Article]) -> None:
    frame = pd.read_parquet(parquet_file, engine="pyarrow")
    assert len(frame) == len(sample_articles)
    assert str(frame["published_at"].dtype) == "datetime64[us, UTC]"
    assert str(frame["published_at_offset_minutes"].dtype) == "int16"  # every sample has a published_at
    assert frame["published_offset_assumed"].dtype == bool
    assert list(frame["title"]) == [article.title for article in sample_articles]
    first_blocks = list(frame["blocks"].iloc[0])
    assert first_blocks == [block.model_dump() for block in sample_articles[0].blocks]
    assert frame["source"].iloc[0] == sample_articles[0].source.model_dump()


def test_frictionless_validates_the_bundle(bundle: Path) -> None:
    report = frictionless.validate(str(bundle / "datapackage.json"))
    assert report.valid, report.flatten(["title", "message"])
    assert report.stats["tasks"] == 8
    assert report.stats["errors"] == 0


def test_frictionless_validates_a_spreadsheet_safe_bundle(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = tmp_path / "safe"
    csv_bundle.write(sample_articles, dest, spreadsheet_safe=True)
    assert "'=卢比奥" in (dest / "articles.csv").read_text(encoding="utf-8")
    report = frictionless.validate(str(dest / "datapackage.json"))
    assert report.valid, report.flatten(["title", "message"])


def test_frictionless_reports_a_broken_foreign_key(tmp_path: Path, bundle: Path) -> None:
    copy = tmp_path / "corrupted"
    shutil.copytree(bundle, copy)
    with open(copy / "blocks.csv", encoding="utf-8", newline="") as stream:
        table = list(csv.reader(stream))
    table[1][0] = "f" * 32  # a well-formed id that no article has
    with open(copy / "blocks.csv", "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(table)
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    errors = report.flatten(["type", "rowNumber"])
    assert ["foreign-key", 2] in errors
    assert frictionless.validate(str(bundle / "datapackage.json")).valid  # the original is untouched


def test_frictionless_reports_a_broken_constraint(tmp_path: Path, bundle: Path) -> None:
    copy = tmp_path / "corrupted"
    shutil.copytree(bundle, copy)
    with open(copy / "blocks.csv", encoding="utf-8", newline="") as stream:
        table = list(csv.reader(stream))
    table[1][2] = "sidebar"  # not one of the block kinds
    with open(copy / "blocks.csv", "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(table)
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert ["constraint-error", 2] in report.flatten(["type", "rowNumber"])
