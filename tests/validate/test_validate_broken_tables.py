"""Broken Parquet files and CSV bundles, each with the exact problems validate must report."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_validate_broken_files import CASES as JSON_CASES
from validate_helpers import outcome, record_with_url, record_without_url, rederive

from articlekit.exporters import csv_bundle, parquet
from articlekit.schema import Article
from articlekit.validation import PROBLEM_CODES, validate

Expected = list[tuple[str, str, dict[str, Any], str]]
Make = Callable[[Path], Path]


def records(count: int = 3) -> list[dict[str, Any]]:
    """Valid records with distinct urls (so distinct ids), the first few from the seeds."""
    found = []
    for number in range(count):
        record = record_with_url() if number % 2 == 0 else record_without_url()
        if number % 2 == 0:
            record["url"] = f"https://example.com/{number}"
        else:
            record["title"] = f"{record['title']} {number}"
        found.append(rederive(record))
    return found


# --- Parquet --------------------------------------------------------------------------------------


def arrow_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records in the Parquet layout: each instant in UTC plus its offset in minutes."""
    rows = []
    for item in items:
        row = dict(item)
        for name in ("published_at", "retrieved_at"):
            value = item.get(name)
            if isinstance(value, str):
                instant = datetime.fromisoformat(value.upper())
                row[name] = instant.astimezone(UTC)
                row[name + "_offset_minutes"] = instant.utcoffset() // timedelta(minutes=1)
            else:
                row[name + "_offset_minutes"] = None
        rows.append(row)
    return rows


def nullable(schema: pa.Schema) -> pa.Schema:
    """The schema with every top-level field nullable, as most tools write."""
    return pa.schema([field.with_nullable(True) for field in schema])


def write_parquet(
    path: Path,
    items: list[dict[str, Any]],
    *,
    schema: pa.Schema | None = None,
    row_group_size: int | None = None,
    change: Callable[[list[dict[str, Any]]], None] | None = None,
) -> Path:
    rows = arrow_rows(items)
    if change is not None:
        change(rows)
    table = pa.Table.from_pylist(rows, schema=schema or nullable(parquet.arrow_schema()))
    pq.write_table(table, path, row_group_size=row_group_size)
    return path


def _replace(schema: pa.Schema, name: str, arrow_type: pa.DataType | None) -> pa.Schema:
    index = schema.get_field_index(name)
    if arrow_type is None:
        return schema.remove(index)
    return schema.set(index, pa.field(name, arrow_type))


BASE = nullable(parquet.arrow_schema())
CASES: dict[str, tuple[Make, Expected, dict[str, Any]]] = {}


def case(name: str, make: Make, *expected: tuple[str, str, dict[str, Any], str], **options: Any) -> None:
    """Add a case: ``make`` writes the input and returns its path; ``options`` go to ``validate``."""
    CASES[name] = (make, list(expected), options)


def _bad_title(rows: list[dict[str, Any]]) -> None:
    rows[2]["title"] = " " + rows[2]["title"]


case(
    "parquet-row",
    lambda d: write_parquet(d / "a.parquet", records(4), row_group_size=2, change=_bad_title),
    ("a.parquet", "pattern-mismatch", {"row_group": 1, "row": 0}, "/title"),
)
case(
    "parquet-not-nfc",
    lambda d: write_parquet(d / "a.parquet", records(2), change=lambda r: r[1]["tags"].append("Cafe\u0301")),
    ("a.parquet", "not-nfc", {"row_group": 0, "row": 1}, "/tags/0"),
)
case(
    "parquet-duplicate-id",
    lambda d: write_parquet(d / "a.parquet", [*records(2), records(1)[0]], row_group_size=2),
    ("a.parquet", "duplicate-id", {"row_group": 1, "row": 0}, "/id"),
)
case(
    "parquet-missing-column",
    lambda d: write_parquet(d / "a.parquet", records(), schema=_replace(BASE, "summary", None)),
    ("a.parquet", "parquet-schema", {"column": "summary"}, "/summary"),
)
case(
    "parquet-extra-column",
    lambda d: write_parquet(
        d / "a.parquet", records(), schema=BASE.append(pa.field("body", pa.string())), change=lambda r: None
    ),
    ("a.parquet", "parquet-schema", {"column": "body"}, "/body"),
)


def _tags_as_text(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        row["tags"] = ",".join(row["tags"])


case(
    "parquet-wrong-type",
    lambda d: write_parquet(
        d / "a.parquet", records(), schema=_replace(BASE, "tags", pa.string()), change=_tags_as_text
    ),
    ("a.parquet", "parquet-schema", {"column": "tags"}, "/tags"),
)
case(
    "parquet-nested-missing",
    lambda d: write_parquet(
        d / "a.parquet", records(), schema=_replace(BASE, "source", pa.struct([("name", pa.string())]))
    ),
    ("a.parquet", "parquet-schema", {"column": "source.domain"}, "/source/domain"),
)


def _numbered_blocks(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        row["blocks"] = [{"kind": block["kind"], "text": index} for index, block in enumerate(row["blocks"])]


case(
    "parquet-list-item-type",
    lambda d: write_parquet(
        d / "a.parquet",
        records(),
        schema=_replace(BASE, "blocks", pa.list_(pa.struct([("kind", pa.string()), ("text", pa.int32())]))),
        change=_numbered_blocks,
    ),
    ("a.parquet", "parquet-schema", {"column": "blocks.element.text"}, "/blocks/text"),
)
case(
    "parquet-missing-offset-column",
    lambda d: write_parquet(d / "a.parquet", records(), schema=_replace(BASE, "published_at_offset_minutes", None)),
    ("a.parquet", "parquet-schema", {"column": "published_at_offset_minutes"}, "/published_at"),
)


def _offset_out_of_range(rows: list[dict[str, Any]]) -> None:
    rows[0]["published_at_offset_minutes"] = 1500  # 25 hours


case(
    "parquet-offset-out-of-range",
    lambda d: write_parquet(d / "a.parquet", records(), change=_offset_out_of_range),
    ("a.parquet", "pattern-mismatch", {"row_group": 0, "row": 0}, "/published_at"),
)


def _truncated(folder: Path) -> Path:
    path = write_parquet(folder / "cut.parquet", records())
    path.write_bytes(path.read_bytes()[:-100])
    return path


def _not_parquet(folder: Path) -> Path:
    path = folder / "json.parquet"
    path.write_text(json.dumps(records(1)), encoding="utf-8")
    return path


def _empty(folder: Path) -> Path:
    path = folder / "empty.parquet"
    path.write_bytes(b"")
    return path


def _damaged_row_group(folder: Path) -> Path:
    path = folder / "damaged.parquet"
    table = pa.Table.from_pylist(arrow_rows(records(4)), schema=BASE)
    pq.write_table(table, path, row_group_size=2, compression="zstd", use_dictionary=False)
    metadata = pq.ParquetFile(path).metadata
    column = metadata.row_group(0).column(metadata.schema.names.index("text"))
    data = bytearray(path.read_bytes())
    middle = column.data_page_offset + column.total_compressed_size // 2
    data[middle : middle + 64] = bytes(64)  # zeros in the middle of a compressed page
    path.write_bytes(bytes(data))
    return path


case("parquet-truncated", _truncated, ("cut.parquet", "corrupt-parquet", {}, ""))
case("parquet-not-parquet", _not_parquet, ("json.parquet", "corrupt-parquet", {}, ""))
case("parquet-empty", _empty, ("empty.parquet", "empty-file", {}, ""))
case(
    "parquet-damaged-row-group",
    _damaged_row_group,
    ("damaged.parquet", "corrupt-parquet", {"row_group": 0, "row": 0}, ""),
)


def _hive(folder: Path) -> Path:
    items = [Article.model_validate(item) for item in records(4)]
    parquet.write(items, folder / "ds", partition_by="year")
    part = sorted((folder / "ds").rglob("*.parquet"))[-1]
    rows = pq.read_table(part).to_pylist()
    rows[0]["language"] = "Chinese"
    pq.write_table(pa.Table.from_pylist(rows, schema=parquet.arrow_schema()), part)
    return folder / "ds"


case("parquet-hive-dataset", _hive, ("part-00000.parquet", "pattern-mismatch", {"row_group": 0, "row": 0}, "/language"))


# --- CSV bundles ----------------------------------------------------------------------------------


def bundle(folder: Path, count: int = 3) -> Path:
    path = folder / "bundle"
    csv_bundle.write([Article.model_validate(item) for item in records(count)], path)
    return path


def edit_csv(path: Path, change: Callable[[list[list[str]]], None]) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    change(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def edit_descriptor(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    descriptor_path = path / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    change(descriptor)
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")


def resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    return next(item for item in descriptor["resources"] if item["name"] == name)


def index_of(name: str) -> int:
    return [table.name for table in csv_bundle.tables()].index(name)


def column(table: str, name: str) -> int:
    return next(spec for spec in csv_bundle.tables() if spec.name == table).header.index(name)


def with_bundle(change: Callable[[Path], Any]) -> Make:
    def make(folder: Path) -> Path:
        path = bundle(folder)
        change(path)
        return path

    return make


def _no_descriptor(path: Path) -> None:
    (path / "datapackage.json").unlink()


case(
    "csv-no-descriptor",
    with_bundle(_no_descriptor),
    ("bundle", "csv-descriptor", {}, ""),  # under the folder the user named, not a file that is not there
    format="csv",  # without its descriptor, a folder of CSV files is not recognised as a bundle
)
case(
    "csv-descriptor-not-json",
    with_bundle(lambda p: (p / "datapackage.json").write_text("{", encoding="utf-8")),
    ("datapackage.json", "csv-descriptor", {}, ""),
)
case(
    "csv-missing-resource",
    with_bundle(lambda p: edit_descriptor(p, lambda d: d["resources"].pop(index_of("links")))),
    ("datapackage.json", "csv-descriptor", {}, "/resources"),
)
case(
    "csv-extra-resource",
    with_bundle(lambda p: edit_descriptor(p, lambda d: d["resources"].append({"name": "notes", "path": "n.csv"}))),
    ("datapackage.json", "csv-descriptor", {}, f"/resources/{len(csv_bundle.tables())}"),
)
case(
    "csv-field-type",
    with_bundle(
        lambda p: edit_descriptor(p, lambda d: resource(d, "blocks")["schema"]["fields"][1].update(type="string"))
    ),
    ("datapackage.json", "csv-descriptor", {}, f"/resources/{index_of('blocks')}/schema/fields/1/type"),
)
case(
    "csv-primary-key-declared",
    with_bundle(lambda p: edit_descriptor(p, lambda d: resource(d, "articles")["schema"].update(primaryKey=["url"]))),
    ("datapackage.json", "csv-descriptor", {}, "/resources/0/schema/primaryKey"),
)
case(
    "csv-missing-table-file",
    with_bundle(lambda p: (p / "links.csv").unlink()),
    ("datapackage.json", "csv-descriptor", {}, f"/resources/{index_of('links')}/path"),
)


def _moved_tags(path: Path) -> None:
    (path / "data").mkdir()
    (path / "tags.csv").rename(path / "data" / "tags.csv")
    edit_descriptor(path, lambda d: resource(d, "tags").update(path="data/tags.csv"))


case(
    "csv-moved-table",
    with_bundle(_moved_tags),
    ("datapackage.json", "csv-descriptor", {}, f"/resources/{index_of('tags')}/path"),
)
case(
    "csv-absolute-path",
    with_bundle(lambda p: edit_descriptor(p, lambda d: resource(d, "blocks").update(path="/etc/passwd"))),
    ("datapackage.json", "unsafe-path", {}, f"/resources/{index_of('blocks')}/path"),
)
case(
    "csv-parent-path",
    with_bundle(lambda p: edit_descriptor(p, lambda d: resource(d, "images").update(path="../images.csv"))),
    ("datapackage.json", "unsafe-path", {}, f"/resources/{index_of('images')}/path"),
)
case(
    "csv-url-path",
    with_bundle(lambda p: edit_descriptor(p, lambda d: resource(d, "tags").update(path="https://example.com/t.csv"))),
    ("datapackage.json", "unsafe-path", {}, f"/resources/{index_of('tags')}/path"),
)


def _linked_table(path: Path) -> None:
    outside = path.parent / "outside.csv"
    (path / "links.csv").rename(outside)
    os.symlink(outside, path / "links.csv")


case(
    "csv-symlink",
    with_bundle(_linked_table),
    ("datapackage.json", "unsafe-path", {}, f"/resources/{index_of('links')}/path"),
)


def _rename_header(table: str, old: str, new: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        edit_csv(path / f"{table}.csv", lambda rows: rows[0].__setitem__(rows[0].index(old), new))

    return change


case(
    "csv-header",
    with_bundle(_rename_header("articles", "title", "headline")),
    ("articles.csv", "csv-header", {"row": 1}, ""),
)
case(
    "csv-child-header",
    with_bundle(_rename_header("blocks", "kind", "type")),
    ("blocks.csv", "csv-header", {"row": 1}, ""),
)


def _cell(table: str, row: int, name: str, value: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        edit_csv(path / f"{table}.csv", lambda rows: rows[row - 1].__setitem__(column(table, name), value))

    return change


case(
    "csv-type-boolean",
    with_bundle(_cell("articles", 3, "published_offset_assumed", "yes")),
    ("articles.csv", "csv-type", {"row": 3, "column": "published_offset_assumed"}, "/published_offset_assumed"),
)
case(
    "csv-type-position",
    with_bundle(_cell("blocks", 2, "position", "first")),
    ("blocks.csv", "csv-type", {"row": 2, "column": "position"}, ""),
)
case(
    "csv-primary-key",
    with_bundle(lambda p: edit_csv(p / "articles.csv", lambda rows: rows.append(rows[1]))),
    ("articles.csv", "csv-primary-key", {"row": 5, "column": "id"}, "/id"),
)
case(
    "csv-primary-key-position",
    with_bundle(_cell("blocks", 3, "position", "0")),
    ("blocks.csv", "csv-primary-key", {"row": 3, "column": "position"}, ""),
)


def _orphan_block(path: Path) -> None:
    def change(rows: list[list[str]]) -> None:
        rows.insert(2, ["f" * 32, "0", "paragraph", "孤儿"])

    edit_csv(path / "blocks.csv", change)


case(
    "csv-foreign-key",
    with_bundle(_orphan_block),
    ("blocks.csv", "csv-foreign-key", {"row": 3, "column": "article_id"}, ""),
)
case(
    "csv-record-field",
    with_bundle(_cell("articles", 4, "title", "标题 ")),
    ("articles.csv", "pattern-mismatch", {"row": 4, "column": "title"}, "/title"),
)


def _untrimmed_block(path: Path) -> None:
    def change(rows: list[list[str]]) -> None:
        first_of_second = next(i for i, row in enumerate(rows) if i and row[0] != rows[1][0])
        rows[first_of_second + 1][3] += " "

    edit_csv(path / "blocks.csv", change)


case(
    "csv-child-field",
    with_bundle(_untrimmed_block),
    # The first article (seed 000) has 22 blocks, on rows 2 to 23: the second article's second block is row 25.
    ("blocks.csv", "pattern-mismatch", {"row": 25, "column": "text"}, "/blocks/1/text"),
    ("articles.csv", "text-mismatch", {"row": 3, "column": "text"}, "/text"),
)


case(
    "csv-descriptor-not-object",
    with_bundle(lambda p: (p / "datapackage.json").write_text("[]", encoding="utf-8")),
    ("datapackage.json", "csv-descriptor", {}, "/resources"),
)
case(
    "csv-resource-twice",
    with_bundle(lambda p: edit_descriptor(p, lambda d: d["resources"].append(dict(d["resources"][1])))),
    ("datapackage.json", "csv-descriptor", {}, f"/resources/{len(csv_bundle.tables())}/name"),
)
case(
    "csv-short-article-row",
    with_bundle(lambda p: edit_csv(p / "articles.csv", lambda rows: rows[2].pop())),
    ("articles.csv", "csv-type", {"row": 3}, ""),
)
case(
    "csv-short-child-row",
    with_bundle(lambda p: edit_csv(p / "blocks.csv", lambda rows: rows[1].pop())),
    ("blocks.csv", "csv-type", {"row": 2}, ""),
)


def _not_utf8_child(path: Path) -> None:
    data = (path / "links.csv").read_bytes()
    (path / "links.csv").write_bytes(data + b"\xff\xfe,0,https://example.com/,x\r\n")


case(
    "csv-not-utf8",
    with_bundle(_not_utf8_child),
    ("links.csv", "not-utf8", {"row": 2, "column": "article_id"}, ""),
)


@pytest.mark.parametrize("name", list(CASES))
def test_broken_table_reports_exactly(name, tmp_path):
    make, expected, options = CASES[name]
    report = validate([make(tmp_path)], **options)
    assert outcome(report.problems) == expected
    assert report.exit_code == 1


def test_equivalent_arrow_types_are_accepted(tmp_path):
    schema = pa.schema(
        [
            field.with_type(pa.large_string()) if field.type == pa.string() else field
            for field in nullable(parquet.arrow_schema())
        ]
    )
    path = write_parquet(tmp_path / "large.parquet", records(), schema=schema)
    assert pq.read_schema(path).field("title").type == pa.large_string()
    assert validate([path]).problems == []


def test_every_code_is_crafted_in_some_table():
    covered = {code for _, expected, _ in JSON_CASES.values() for _, code, _, _ in expected}
    covered |= {code for _, expected, _ in CASES.values() for _, code, _, _ in expected}
    assert (len(JSON_CASES), len(CASES)) == (51, 41)
    # A crash is a bug by definition, and no keyword of today's schema leads to schema-violation.
    assert set(PROBLEM_CODES) - covered == {"validator-crash", "schema-violation"}


def test_a_byte_order_mark_in_a_table_is_tolerated(tmp_path):
    path = bundle(tmp_path)
    (path / "articles.csv").write_bytes(b"\xef\xbb\xbf" + (path / "articles.csv").read_bytes())
    assert validate([path]).problems == []
