from __future__ import annotations

import csv
import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from articlekit.exporters import ReadError, csv_bundle
from articlekit.exporters._shape import Shape
from articlekit.schema import Article

TABLE_FILES = [
    "articles.csv",
    "authors.csv",
    "categories.csv",
    "tags.csv",
    "blocks.csv",
    "images.csv",
    "links.csv",
    "flags.csv",
]


def rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def test_bundle_layout_and_headers(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = tmp_path / "articles.csv"
    csv_bundle.write(sample_articles, dest)
    assert sorted(path.name for path in dest.iterdir()) == sorted([*TABLE_FILES, "datapackage.json"])
    assert rows(dest / "articles.csv")[0] == [
        "schema_version", "id", "url", "source_name", "source_domain", "title", "published_at",
        "published_offset_assumed", "retrieved_at", "language", "summary", "text", "provenance_format",
        "provenance_path", "provenance_sha256", "provenance_encoding", "provenance_converter_version",
    ]  # fmt: skip
    assert rows(dest / "blocks.csv")[0] == ["article_id", "position", "kind", "text"]
    assert rows(dest / "images.csv")[0] == ["article_id", "position", "url", "caption"]
    assert rows(dest / "authors.csv")[0] == ["article_id", "position", "author"]
    assert rows(dest / "categories.csv")[0] == ["article_id", "position", "category"]
    assert len(rows(dest / "articles.csv")) == 1 + len(sample_articles)
    blocks = rows(dest / "blocks.csv")[1:]
    expected = [
        [article.id, str(position), block.kind, block.text]
        for article in sample_articles
        for position, block in enumerate(article.blocks)
    ]
    assert blocks == expected
    descriptor = json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))
    assert [resource["path"] for resource in descriptor["resources"]] == TABLE_FILES


def test_cells_hold_nulls_booleans_instants_and_newlines_as_documented(tmp_path: Path, make_record: Any) -> None:
    record = make_record(
        title='标题, "引号"',
        published_at=datetime(2025, 2, 10, 11, 20, 38, tzinfo=timezone(timedelta(hours=8))),
        published_offset_assumed=True,
        summary=None,
        blocks=[{"kind": "list_item", "text": "第一行\n第二行"}],
    )
    dest = tmp_path / "bundle"
    csv_bundle.write([record], dest)
    raw = (dest / "articles.csv").read_bytes()
    assert raw.count(b"\r\n") == 2  # header and one row; RFC 4180 line ends
    assert '"标题, ""引号"""'.encode() in raw
    header, row = rows(dest / "articles.csv")
    cells = dict(zip(header, row, strict=True))
    assert cells["summary"] == ""  # null
    assert cells["retrieved_at"] == ""
    assert cells["url"] == ""
    assert cells["published_at"] == "2025-02-10T11:20:38+08:00"
    assert cells["published_offset_assumed"] == "true"
    assert cells["text"] == "第一行\n第二行"
    assert '"第一行\n第二行"'.encode() in (dest / "blocks.csv").read_bytes()
    (back,) = csv_bundle.read(dest)
    assert back.model_dump_json() == record.model_dump_json()


def test_spreadsheet_safe_neutralises_formula_cells_and_reads_back(tmp_path: Path, make_record: Any) -> None:
    record = make_record(
        title='=HYPERLINK("http://x")',
        summary="'quoted",
        authors=["+86 记者", "@handle"],
        blocks=[{"kind": "paragraph", "text": "-1 下跌"}, {"kind": "paragraph", "text": "普通"}],
    )
    exact, safe = tmp_path / "exact", tmp_path / "safe"
    csv_bundle.write([record], exact)
    csv_bundle.write([record], safe, spreadsheet_safe=True)

    def cells(folder: Path) -> dict[str, str]:
        header, row = rows(folder / "articles.csv")
        return dict(zip(header, row, strict=True))

    assert cells(exact)["title"] == '=HYPERLINK("http://x")'
    assert cells(safe)["title"] == '\'=HYPERLINK("http://x")'
    assert cells(exact)["summary"] == "'quoted"
    assert cells(safe)["summary"] == "''quoted"
    assert [row[2] for row in rows(safe / "authors.csv")[1:]] == ["'+86 记者", "'@handle"]
    assert [row[3] for row in rows(safe / "blocks.csv")[1:]] == ["'-1 下跌", "普通"]
    assert cells(safe)["published_offset_assumed"] == "false"  # only text cells change
    for folder, flag in ((exact, False), (safe, True)):
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        assert descriptor["x-articlekit"]["spreadsheet_safe"] is flag
        (back,) = csv_bundle.read(folder)
        assert back.model_dump_json() == record.model_dump_json()


@pytest.mark.parametrize("open_bundle", [csv_bundle.open_writer, csv_bundle.CsvBundleWriter])
def test_a_writer_opened_without_options_writes_cells_exactly(
    tmp_path: Path, make_record: Any, open_bundle: Any
) -> None:
    record = make_record(title="=1+1")
    with open_bundle(tmp_path / "bundle") as writer:
        writer.write(record)
    header, row = rows(tmp_path / "bundle" / "articles.csv")
    assert dict(zip(header, row, strict=True))["title"] == "=1+1"
    assert csv_bundle.datapackage_descriptor()["x-articlekit"]["spreadsheet_safe"] is False


@pytest.mark.parametrize("summary", ["one\r\ntwo", "one\rtwo", "one\ntwo"])
def test_line_breaks_inside_a_cell_read_back_as_written(tmp_path: Path, make_record: Any, summary: str) -> None:
    # The csv module must see the file's own line ends (newline=""): universal newlines would turn
    # "\r\n" inside a quoted cell into "\n".
    record = make_record(summary=summary)
    csv_bundle.write([record], tmp_path / "bundle")
    (back,) = csv_bundle.read(tmp_path / "bundle")
    assert back.summary == summary


def test_long_fields_are_allowed_where_a_c_long_is_32_bits(monkeypatch: pytest.MonkeyPatch) -> None:
    # The csv module refuses a limit above its C long with OverflowError: the largest it takes is found by halving.
    limits = [131072]

    def field_size_limit(new: int | None = None) -> int:
        if new is None:
            return limits[-1]
        if not isinstance(new, int):
            raise TypeError("limit must be an integer")
        if new > 2**31 - 1:
            raise OverflowError("Python int too large to convert to C long")
        limits.append(new)
        return limits[-2]

    monkeypatch.setattr(csv, "field_size_limit", field_size_limit)
    csv_bundle.allow_long_fields()
    assert limits == [131072, 2**31 - 1]


def test_writer_refuses_a_repeated_article_id(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = tmp_path / "bundle"
    with pytest.raises(ValueError, match="duplicate article id"):
        csv_bundle.write([*sample_articles, sample_articles[1]], dest)
    assert list(tmp_path.iterdir()) == []


def test_reader_accepts_the_descriptor_path(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = tmp_path / "bundle"
    csv_bundle.write(sample_articles, dest)
    back = list(csv_bundle.read(dest / "datapackage.json"))
    assert [record.model_dump_json() for record in back] == [record.model_dump_json() for record in sample_articles]


def _bundle(tmp_path: Path, records: list[Article]) -> Path:
    dest = tmp_path / "bundle"
    csv_bundle.write(records, dest)
    return dest


def _rewrite(path: Path, change: Any) -> None:
    table = rows(path)
    change(table)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(table)


def test_reader_reports_a_child_row_without_its_article(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = _bundle(tmp_path, sample_articles)
    _rewrite(dest / "links.csv", lambda table: table.append(["f" * 32, "0", "https://x.org/", "orphan"]))
    with pytest.raises(ReadError) as raised:
        list(csv_bundle.read(dest))
    assert raised.value.path == dest / "links.csv"
    assert "not in articles.csv" in raised.value.message


def test_reader_reports_a_position_gap(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = _bundle(tmp_path, sample_articles)

    def skip_position(table: list[list[str]]) -> None:
        table[2][1] = "5"

    _rewrite(dest / "blocks.csv", skip_position)
    with pytest.raises(ReadError) as raised:
        list(csv_bundle.read(dest))
    assert (raised.value.path.name, raised.value.location) == ("blocks.csv", "row 3")


def test_reader_reports_an_invalid_record_with_its_row(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = _bundle(tmp_path, sample_articles)

    def bad_boolean(table: list[list[str]]) -> None:
        table[3][table[0].index("published_offset_assumed")] = "yes"

    _rewrite(dest / "articles.csv", bad_boolean)
    records = csv_bundle.read(dest)
    assert next(records).id == sample_articles[0].id
    assert next(records).id == sample_articles[1].id
    with pytest.raises(ReadError) as raised:
        next(records)
    assert (raised.value.path.name, raised.value.location) == ("articles.csv", "row 4")
    assert "published_offset_assumed" in raised.value.message


def test_reader_reports_a_wrong_header_and_a_missing_table(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = _bundle(tmp_path, sample_articles)
    copy = tmp_path / "copy"
    shutil.copytree(dest, copy)

    def rename_column(table: list[list[str]]) -> None:
        table[0][2] = "link"

    _rewrite(dest / "articles.csv", rename_column)
    with pytest.raises(ReadError, match="header"):
        list(csv_bundle.read(dest))
    (copy / "tags.csv").unlink()
    with pytest.raises(ReadError, match="cannot open"):
        list(csv_bundle.read(copy))


def test_reader_reports_a_missing_descriptor(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="Data Package descriptor"):
        list(csv_bundle.read(tmp_path))


def test_long_texts_beyond_the_csv_field_limit_round_trip(tmp_path: Path, make_record: Any) -> None:
    long_text = "长" * 300_000
    record = make_record(blocks=[{"kind": "paragraph", "text": long_text}])
    dest = tmp_path / "bundle"
    csv_bundle.write([record], dest)
    (back,) = csv_bundle.read(dest)
    assert back.text == long_text


def test_reader_ignores_a_byte_order_mark_added_by_a_spreadsheet(
    tmp_path: Path, sample_articles: list[Article]
) -> None:
    dest = _bundle(tmp_path, sample_articles)
    for name in ("articles.csv", "blocks.csv"):
        (dest / name).write_bytes(b"\xef\xbb\xbf" + (dest / name).read_bytes())
    assert [record.id for record in csv_bundle.read(dest)] == [record.id for record in sample_articles]


# --- cell escaping, exactly ------------------------------------------------------------------------


def _column(table: str, name: str) -> csv_bundle.Column:
    [found] = [c for t in csv_bundle.tables() if t.name == table for c in t.columns if c.name == name]
    return found


@pytest.mark.parametrize(
    ("value", "safe", "cell"),
    [
        (None, False, ""),
        ("=SUM(A1)", False, "=SUM(A1)"),  # by default every value is written exactly
        ("=SUM(A1)", True, "'=SUM(A1)"),
        ("+1", True, "'+1"),
        ("-1", True, "'-1"),
        ("@me", True, "'@me"),
        ("\tx", True, "'\tx"),
        ("\rx", True, "'\rx"),
        ("'quoted", True, "''quoted"),
        ("plain = text", True, "plain = text"),
    ],
)
def test_a_text_cell_is_exact_or_neutralised(value: str | None, safe: bool, cell: str) -> None:
    column = _column("articles", "title")
    assert csv_bundle._cell(value, column, safe) == cell
    if value is not None:
        assert csv_bundle._value(cell, column, safe) == value


def test_booleans_and_non_text_cells_are_never_prefixed() -> None:
    flag = _column("articles", "published_offset_assumed")
    assert (csv_bundle._cell(True, flag, True), csv_bundle._cell(False, flag, True)) == ("true", "false")
    assert [csv_bundle._value(cell, flag, True) for cell in ("true", "false", "yes")] == [True, False, "yes"]
    when = _column("articles", "published_at")
    assert csv_bundle._cell("-08:00", when, True) == "-08:00"  # only text columns are neutralised
    assert csv_bundle._value("-08:00", when, True) == "-08:00"  # and only they are unescaped


def test_an_empty_cell_is_null_only_where_null_is_allowed() -> None:
    assert csv_bundle._value("", _column("articles", "summary"), False) is None
    assert csv_bundle._value("", _column("articles", "title"), False) == ""
    assert csv_bundle._value("'x", _column("articles", "title"), False) == "'x"  # not unescaped by default


def test_the_spreadsheet_triggers() -> None:
    assert csv_bundle.SPREADSHEET_TRIGGERS == ("=", "+", "-", "@", "\t", "\r", "'")
    assert csv_bundle.LINE_TERMINATOR == "\r\n"


# --- the tables, flattened from the model ----------------------------------------------------------

_ARTICLE_COLUMNS = [
    ("schema_version", ("schema_version",), "string"),
    ("id", ("id",), "string"),
    ("url", ("url",), "string"),
    ("source_name", ("source", "name"), "string"),
    ("source_domain", ("source", "domain"), "string"),
    ("title", ("title",), "string"),
    ("published_at", ("published_at",), "datetime"),
    ("published_offset_assumed", ("published_offset_assumed",), "boolean"),
    ("retrieved_at", ("retrieved_at",), "datetime"),
    ("language", ("language",), "string"),
    ("summary", ("summary",), "string"),
    ("text", ("text",), "string"),
    ("provenance_format", ("provenance", "format"), "string"),
    ("provenance_path", ("provenance", "path"), "string"),
    ("provenance_sha256", ("provenance", "sha256"), "string"),
    ("provenance_encoding", ("provenance", "encoding"), "string"),
    ("provenance_converter_version", ("provenance", "converter_version"), "string"),
]
_CHILD_HEADERS = {
    "authors": ["article_id", "position", "author"],
    "categories": ["article_id", "position", "category"],
    "tags": ["article_id", "position", "tag"],
    "blocks": ["article_id", "position", "kind", "text"],
    "images": ["article_id", "position", "url", "caption"],
    "links": ["article_id", "position", "url", "text"],
    "flags": ["article_id", "position", "flag"],
}


def test_the_tables_are_the_model_flattened() -> None:
    # tables() is cached; __wrapped__ derives them again, from the flattening code as it is now.
    articles, *children = csv_bundle.tables.__wrapped__()
    assert (articles.name, articles.field, articles.path) == ("articles", None, "articles.csv")
    assert [(c.name, c.path, c.shape.kind) for c in articles.columns] == _ARTICLE_COLUMNS
    assert {child.name: child.header for child in children} == _CHILD_HEADERS
    assert [child.field for child in children] == list(_CHILD_HEADERS)
    blocks = children[3]
    assert [(c.name, c.path) for c in blocks.columns] == [("kind", ("kind",)), ("text", ("text",))]
    assert [c.path for c in children[0].columns] == [()]  # a list of strings: the item is the value


def test_shapes_without_a_csv_mapping_are_refused_by_name() -> None:
    list_shape = Shape("list", item=Shape("string"))
    with pytest.raises(NotImplementedError, match=r"^where.inner: lists inside lists or structs have no CSV mapping$"):
        csv_bundle._flatten(Shape("struct", fields=(("inner", list_shape),)), "p", (), "where")
    with pytest.raises(NotImplementedError, match=r"^where: a nullable struct cannot be flattened unambiguously$"):
        csv_bundle._flatten(Shape("struct", nullable=True, fields=()), "p", (), "where")
