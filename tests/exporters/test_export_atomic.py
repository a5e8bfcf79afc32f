"""An interrupted write leaves nothing that looks like a finished output."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow as pa
import pytest

from articlekit.exporters import csv_bundle, jsonl, parquet
from articlekit.schema import Article

WRITERS: dict[str, tuple[str, ModuleType, dict[str, Any]]] = {
    "jsonl": ("articles.jsonl", jsonl, {}),
    "jsonl.gz": ("articles.jsonl.gz", jsonl, {}),
    "parquet": ("articles.parquet", parquet, {"row_group_size": 2}),
    "parquet-partitioned": ("articles.parquet", parquet, {"partition_by": "year", "row_group_size": 2}),
    "csv": ("articles.csv", csv_bundle, {}),
}


class Interrupted(Exception):
    pass


def interrupted(records: list[Article], after: int) -> Iterator[Article]:
    yield from records[:after]
    raise Interrupted


@pytest.mark.parametrize("kind", WRITERS)
def test_interrupted_write_leaves_nothing(tmp_path: Path, sample_articles: list[Article], kind: str) -> None:
    name, exporter, options = WRITERS[kind]
    with pytest.raises(Interrupted):
        exporter.write(interrupted(sample_articles, 3), tmp_path / name, **options)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", WRITERS)
def test_interrupted_rewrite_keeps_the_previous_output(
    tmp_path: Path, sample_articles: list[Article], kind: str
) -> None:
    name, exporter, options = WRITERS[kind]
    dest = tmp_path / name
    exporter.write(sample_articles[:2], dest, **options)
    before = sorted((path.relative_to(tmp_path), path.read_bytes()) for path in tmp_path.rglob("*") if path.is_file())
    with pytest.raises(Interrupted):
        exporter.write(interrupted(sample_articles, 4), dest, **options)
    after = sorted((path.relative_to(tmp_path), path.read_bytes()) for path in tmp_path.rglob("*") if path.is_file())
    assert after == before


@pytest.mark.parametrize("kind", WRITERS)
def test_a_finished_write_replaces_the_previous_output(
    tmp_path: Path, sample_articles: list[Article], kind: str
) -> None:
    name, exporter, options = WRITERS[kind]
    dest = tmp_path / name
    exporter.write(sample_articles[:2], dest, **options)
    exporter.write(sample_articles[2:], dest, **options)
    assert [path.name for path in tmp_path.iterdir()] == [name]
    assert sorted(record.id for record in exporter.read(dest)) == sorted(record.id for record in sample_articles[2:])


@pytest.mark.parametrize(
    ("name", "open_writer"),
    [("articles.jsonl", jsonl.open_writer), ("articles.parquet", parquet.open_writer),
     ("articles.csv", csv_bundle.open_writer)],
)  # fmt: skip
def test_output_appears_only_on_commit(
    tmp_path: Path, sample_articles: list[Article], name: str, open_writer: Callable[[Path], Any]
) -> None:
    dest = tmp_path / name
    writer = open_writer(dest)
    writer.write(sample_articles[0])
    assert not dest.exists()
    (temporary,) = tmp_path.iterdir()
    assert temporary.name.startswith(f".{name}.")
    assert temporary.name.endswith(".tmp")
    writer.commit()
    assert [path.name for path in tmp_path.iterdir()] == [name]
    with pytest.raises(ValueError, match="already committed"):
        writer.write(sample_articles[1])
    with pytest.raises(ValueError, match="already committed"):
        writer.commit()
    writer.abort()  # a no-op once committed
    assert dest.exists()


def test_abort_removes_the_temporary_output(tmp_path: Path, sample_articles: list[Article]) -> None:
    writer = parquet.open_writer(tmp_path / "dataset", partition_by="source")
    for record in sample_articles:
        writer.write(record)
    writer.abort()
    assert list(tmp_path.iterdir()) == []


def test_a_writer_that_cannot_start_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(pa.ArrowException, match="no-such-codec"):
        parquet.open_writer(tmp_path / "articles.parquet", compression="no-such-codec")
    assert list(tmp_path.iterdir()) == []
