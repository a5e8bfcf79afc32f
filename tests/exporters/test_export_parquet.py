from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from articlekit.exporters import ReadError, parquet
from articlekit.schema import SCHEMA_VERSION, Article, published_schema_text


def test_file_has_the_model_schema_zstd_and_metadata(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = tmp_path / "articles.parquet"
    parquet.write(sample_articles, dest)
    file = pq.ParquetFile(dest)
    assert file.schema_arrow.remove_metadata().equals(parquet.arrow_schema(), check_metadata=True)
    metadata = file.metadata.metadata
    assert metadata[b"articlekit.schema_version"].decode() == SCHEMA_VERSION
    assert metadata[b"articlekit.json_schema"].decode() == published_schema_text()
    row_group = file.metadata.row_group(0)
    assert {row_group.column(index).compression for index in range(row_group.num_columns)} == {"ZSTD"}


def test_arrow_types_follow_the_model() -> None:
    schema = parquet.arrow_schema()
    assert schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("published_at").nullable
    assert schema.field("published_at_offset_minutes").type == pa.int16()
    assert schema.field("retrieved_at_offset_minutes").type == pa.int16()
    assert schema.field("published_offset_assumed").type == pa.bool_()
    assert not schema.field("title").nullable
    assert schema.field("authors").type == pa.list_(pa.field("element", pa.string(), nullable=False))
    block = pa.struct([pa.field("kind", pa.string(), nullable=False), pa.field("text", pa.string(), nullable=False)])
    assert schema.field("blocks").type == pa.list_(pa.field("element", block, nullable=False))
    assert schema.field("source").type == pa.struct([pa.field("name", pa.string()), pa.field("domain", pa.string())])
    assert schema.names[:7] == ["schema_version", "id", "url", "source", "title", "authors", "published_at"]


def test_offsets_survive_and_instants_are_stored_in_utc(tmp_path: Path, make_record: Any) -> None:
    beijing = timezone(timedelta(hours=8))
    newfoundland = timezone(-timedelta(hours=3, minutes=30))
    record = make_record(
        published_at=datetime(2025, 2, 10, 11, 20, 38, 250000, tzinfo=beijing),
        published_offset_assumed=True,
        retrieved_at=datetime(2025, 2, 10, 1, 0, tzinfo=newfoundland),
    )
    dest = tmp_path / "articles.parquet"
    parquet.write([record], dest)
    table = pq.read_table(dest)
    assert table.column("published_at").to_pylist() == [datetime(2025, 2, 10, 3, 20, 38, 250000, tzinfo=UTC)]
    assert table.column("published_at_offset_minutes").to_pylist() == [480]
    assert table.column("retrieved_at_offset_minutes").to_pylist() == [-210]
    (back,) = parquet.read(dest)
    assert back.model_dump_json() == record.model_dump_json()
    assert '"published_at":"2025-02-10T11:20:38.250000+08:00"' in back.model_dump_json()
    assert back.retrieved_at is not None
    assert back.retrieved_at.utcoffset() == -timedelta(hours=3, minutes=30)


def test_row_groups_are_written_as_they_fill(tmp_path: Path, make_record: Any) -> None:
    records = [make_record(title=f"标题 {number}") for number in range(25)]
    dest = tmp_path / "articles.parquet"
    with parquet.open_writer(dest, row_group_size=10) as writer:
        empty_size = writer.temporary.stat().st_size
        for record in records[:20]:
            writer.write(record)
        # Two full row groups have left memory for the temporary file before the commit.
        assert writer.temporary.stat().st_size > empty_size + 1000
        for record in records[20:]:
            writer.write(record)
    metadata = pq.ParquetFile(dest).metadata
    assert [metadata.row_group(index).num_rows for index in range(metadata.num_row_groups)] == [10, 10, 5]
    assert [record.title for record in parquet.read(dest)] == [record.title for record in records]


def test_no_records_give_a_file_with_the_schema(tmp_path: Path) -> None:
    dest = tmp_path / "articles.parquet"
    assert parquet.write([], dest) == 0
    assert pq.read_table(dest).num_rows == 0
    assert pq.read_schema(dest).remove_metadata().equals(parquet.arrow_schema())
    assert list(parquet.read(dest)) == []


def test_dictionary_columns_exist_in_the_files(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = tmp_path / "articles.parquet"
    parquet.write(sample_articles, dest)
    row_group = pq.ParquetFile(dest).metadata.row_group(0)
    paths = {row_group.column(index).path_in_schema for index in range(row_group.num_columns)}
    assert set(parquet.DICTIONARY_COLUMNS) <= paths


def _partition_folders(root: Path) -> list[str]:
    return sorted(str(path.parent.relative_to(root)) for path in root.rglob("*.parquet"))


def test_partition_by_year_month_and_source(tmp_path: Path, make_record: Any) -> None:
    beijing = timezone(timedelta(hours=8))
    records = [
        # 05:00 on 1 March in Beijing is still February in UTC: partitions follow the stored UTC instant.
        make_record(
            title="一",
            published_at=datetime(2025, 3, 1, 5, 0, tzinfo=beijing),
            source={"name": "法广", "domain": "rfi.fr"},
        ),
        make_record(title="二", published_at=datetime(2024, 12, 31, 23, 0, tzinfo=UTC)),
        make_record(title="三"),
    ]
    expected: dict[parquet.PartitionKey, list[str]] = {
        "year": ["published_year=2024", "published_year=2025", "published_year=__HIVE_DEFAULT_PARTITION__"],
        "month": [
            "published_year=2024/published_month=12",
            "published_year=2025/published_month=02",
            "published_year=__HIVE_DEFAULT_PARTITION__/published_month=__HIVE_DEFAULT_PARTITION__",
        ],
        "source": ["source_domain=__HIVE_DEFAULT_PARTITION__", "source_domain=rfi.fr"],
    }
    for key, folders in expected.items():
        dest = tmp_path / f"by-{key}.parquet"
        assert parquet.write(records, dest, partition_by=key) == 3
        assert _partition_folders(dest) == folders
        assert sorted(record.title for record in parquet.read(dest)) == ["一", "三", "二"]


def test_dataset_reopens_a_partition_after_closing_it(tmp_path: Path, make_record: Any) -> None:
    years = [2020, 2021, 2020, 2021, 2020]
    records = [
        make_record(title=f"第{number}篇", published_at=datetime(year, 6, 1, tzinfo=UTC))
        for number, year in enumerate(years)
    ]
    dest = tmp_path / "dataset"
    writer = parquet.ParquetDatasetWriter(dest, partition_by="year", max_open_files=1, row_group_size=100)
    with writer:
        for record in records:
            writer.write(record)
    files = sorted(str(path.relative_to(dest)) for path in dest.rglob("*.parquet"))
    assert files == [
        "published_year=2020/part-00000.parquet",
        "published_year=2020/part-00001.parquet",
        "published_year=2020/part-00002.parquet",
        "published_year=2021/part-00000.parquet",
        "published_year=2021/part-00001.parquet",
    ]
    assert [record.title for record in parquet.read(dest)] == ["第0篇", "第2篇", "第4篇", "第1篇", "第3篇"]


def test_dataset_buffers_at_most_a_row_group_in_all(tmp_path: Path, make_record: Any) -> None:
    records = [
        make_record(title=f"第{number}篇", published_at=datetime(2000 + number % 3, 1, 1, tzinfo=UTC))
        for number in range(12)
    ]
    dest = tmp_path / "dataset"
    parquet.write(records, dest, partition_by="year", row_group_size=4)
    groups = []
    for path in sorted(dest.rglob("*.parquet")):
        metadata = pq.ParquetFile(path).metadata
        groups += [metadata.row_group(index).num_rows for index in range(metadata.num_row_groups)]
    assert sum(groups) == 12
    assert max(groups) <= 4


def test_reader_skips_hidden_and_underscore_entries(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = tmp_path / "dataset"
    parquet.write(sample_articles, dest, partition_by="source")
    (dest / "_SUCCESS").write_bytes(b"")
    (dest / "_temporary").mkdir()
    (dest / "_temporary" / "junk.parquet").write_bytes(b"junk")
    (dest / ".part.parquet.tmp").mkdir()
    (dest / ".part.parquet.tmp" / "x.parquet").write_bytes(b"junk")
    assert len(list(parquet.read(dest))) == len(sample_articles)


def test_files_without_offset_columns_read_as_utc(tmp_path: Path, make_record: Any) -> None:
    record = make_record(published_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=8))))
    dest = tmp_path / "articles.parquet"
    parquet.write([record], dest)
    table = pq.read_table(dest)
    stripped = table.drop_columns(["published_at_offset_minutes", "retrieved_at_offset_minutes"])
    other = tmp_path / "partner.parquet"
    pq.write_table(stripped, other)
    (back,) = parquet.read(other)
    assert back.published_at == record.published_at
    assert back.published_at is not None
    assert back.published_at.utcoffset() == timedelta(0)


def test_reader_reports_the_row_of_an_invalid_record(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = tmp_path / "articles.parquet"
    parquet.write(sample_articles, dest, row_group_size=2)
    table = pq.read_table(dest)
    titles = table.column("title").to_pylist()
    titles[3] = "two\nlines"
    broken = table.set_column(table.schema.get_field_index("title"), "title", pa.array(titles))
    pq.write_table(broken, dest, row_group_size=2)
    with pytest.raises(ReadError) as raised:
        list(parquet.read(dest))
    assert raised.value.location == "row group 1, row 1"
    assert "title" in raised.value.message


def test_reader_reports_an_offset_without_an_instant(tmp_path: Path, make_record: Any) -> None:
    dest = tmp_path / "articles.parquet"
    parquet.write([make_record()], dest)
    table = pq.read_table(dest)
    index = table.schema.get_field_index("published_at_offset_minutes")
    broken = table.set_column(index, table.schema.field(index), pa.array([60], type=pa.int16()))
    pq.write_table(broken, dest)
    with pytest.raises(ReadError, match="published_at_offset_minutes is set but published_at is null"):
        list(parquet.read(dest))


def test_reader_reports_a_file_that_is_not_parquet(tmp_path: Path) -> None:
    dest = tmp_path / "articles.parquet"
    dest.write_bytes(b"PAR1 but not really")
    with pytest.raises(ReadError) as raised:
        list(parquet.read(dest))
    assert raised.value.location == "file"


def test_writer_refuses_bad_options_and_non_records(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="partition_by"):
        parquet.open_writer(tmp_path / "x", partition_by="day")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="row_group_size"):
        parquet.open_writer(tmp_path / "x.parquet", row_group_size=0)
    with pytest.raises(TypeError, match="expected an Article"):
        parquet.write([{"title": "a dict"}], tmp_path / "x.parquet")  # type: ignore[list-item]
    assert list(tmp_path.iterdir()) == []


def _blocks_column(path: Path) -> list[list[dict[str, str]]]:
    return pq.read_table(path, columns=["blocks"]).column("blocks").to_pylist()


def test_a_block_holding_a_blank_line_keeps_its_text(tmp_path: Path, make_record: Any) -> None:
    # The writer cuts block texts out of ``text`` on blank lines; a block that itself holds one must send
    # the whole batch the slow way, with the same result as the fast way gives.
    plain = make_record(blocks=[{"kind": "paragraph", "text": "甲"}, {"kind": "quote", "text": "乙"}])
    blank_blocks = [{"kind": "paragraph", "text": "第一段\n\n仍是第一段"}, {"kind": "heading", "text": "丙"}]
    blank = make_record(blocks=blank_blocks)
    for name, records in {"blank": [plain, blank], "plain": [plain, plain]}.items():
        dest = tmp_path / f"{name}.parquet"
        parquet.write(records, dest)
        expected = [[block.model_dump() for block in record.blocks] for record in records]
        assert _blocks_column(dest) == expected, name
        assert [back.model_dump() for back in parquet.read(dest)] == [record.model_dump() for record in records]
    assert _blocks_column(tmp_path / "blank.parquet")[1][0]["text"] == "第一段\n\n仍是第一段"


def test_row_groups_are_capped_by_bytes_of_arrow_data(tmp_path: Path, make_record: Any) -> None:
    # 40 records of 10,000 Chinese characters: about 60 KB of Arrow data each (the text, and the block's
    # text again), so a 100,000-byte cap is reached by every second record, long before a batch of records
    # would be converted on its own.
    records = [
        make_record(title=f"长文 {number}", blocks=[{"kind": "paragraph", "text": f"{number}" + "字" * 10_000}])
        for number in range(40)
    ]
    dest = tmp_path / "articles.parquet"
    with parquet.open_writer(dest, row_group_bytes=100_000) as writer:
        for record in records:
            writer.write(record)
    metadata = pq.ParquetFile(dest).metadata
    sizes = [metadata.row_group(index).num_rows for index in range(metadata.num_row_groups)]
    assert sizes == [2] * 20
    assert [record.text for record in parquet.read(dest)] == [record.text for record in records]
