"""Real tools read what ``articlekit convert`` writes for the bundled seeds, through their own APIs."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import frictionless
import pandas as pd
import polars as pl
import pytest

from articlekit.cli import run


@pytest.fixture(scope="module")
def seed_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed-output")
    assert run(["convert", "-o", str(out), "-q", "-j", "1"], io.StringIO(), io.StringIO()) == 0
    return out


def test_duckdb_selects_five_rows_with_zoned_timestamps_and_unnests_blocks(seed_output: Path) -> None:
    path = seed_output / "articles.parquet"
    connection = duckdb.connect()
    # epoch(): fetching TIMESTAMPTZ values into Python would need pytz, which is not a dependency.
    rows = connection.sql(f"SELECT id, title, epoch(published_at) FROM '{path}' ORDER BY id").fetchall()
    assert len(rows) == 5
    described = {row[0]: row[1] for row in connection.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
    assert described["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert described["retrieved_at"] == "TIMESTAMP WITH TIME ZONE"
    assert described["published_offset_assumed"] == "BOOLEAN"
    headings = connection.sql(
        f"SELECT b.text FROM (SELECT unnest(blocks) AS b FROM '{path}') WHERE b.kind = 'heading' ORDER BY b.text"
    ).fetchall()
    assert ("泽连斯基希望在美俄会谈前与特朗普会面",) in headings
    assert len(headings) == 1 + 3 + 3  # seeds 000, 002 and 004
    voa = connection.sql(
        f"SELECT epoch(published_at) FROM '{path}' WHERE url LIKE 'https://www.voachinese.com/%'"
    ).fetchall()
    assert voa == [(datetime(2025, 2, 8, 8, 38, 35, tzinfo=UTC).timestamp(),)]


def test_polars_reads_the_types(seed_output: Path) -> None:
    frame = pl.read_parquet(seed_output / "articles.parquet")
    assert frame.height == 5
    assert frame.schema["published_at"] == pl.Datetime("us", "UTC")
    assert frame.schema["authors"] == pl.List(pl.String)
    assert frame.schema["blocks"] == pl.List(pl.Struct({"kind": pl.String, "text": pl.String}))
    assert frame.schema["source"] == pl.Struct({"name": pl.String, "domain": pl.String})
    assert sorted(frame["language"].to_list()) == ["zh-Hans", "zh-Hans", "zh-Hans", "zh-Hans", "zh-Hant"]


def test_pandas_reads_the_file_with_pyarrow(seed_output: Path) -> None:
    frame = pd.read_parquet(seed_output / "articles.parquet", engine="pyarrow")
    assert len(frame) == 5
    assert str(frame["published_at"].dtype) == "datetime64[us, UTC]"
    assert frame["published_offset_assumed"].dtype == bool
    assert set(frame["provenance"].map(lambda provenance: provenance["format"])) == {
        "rss-markdown",
        "daydaynews-text",
        "selfmedia-text",
        "hugo-markdown",
    }


def test_frictionless_finds_the_bundle_valid(seed_output: Path) -> None:
    report = frictionless.validate(seed_output / "articles.csv" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == 8


def test_frictionless_reports_a_broken_foreign_key(seed_output: Path, tmp_path: Path) -> None:
    bundle = shutil.copytree(seed_output / "articles.csv", tmp_path / "bundle")
    blocks = bundle / "blocks.csv"
    with blocks.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[1][0] = "0" * 32  # an article id that is not in articles.csv
    with blocks.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    report = frictionless.validate(bundle / "datapackage.json")
    assert not report.valid
    errors = report.flatten(["type"])
    assert ["foreign-key"] in errors


def test_articlekit_read_gives_the_same_records_from_every_format(seed_output: Path) -> None:
    import articlekit

    from_jsonl = [article.model_dump_json() for article in articlekit.read(seed_output / "articles.jsonl")]
    assert len(from_jsonl) == 5
    for name in ("articles.parquet", "articles.csv", "articles.csv/datapackage.json"):
        assert [article.model_dump_json() for article in articlekit.read(seed_output / name)] == from_jsonl
