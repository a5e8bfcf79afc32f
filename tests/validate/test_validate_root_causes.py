"""A root cause is reported once: a broken field that others derive from hides the rules over those others.

Every field of the dependency table (``articlekit.validation.dependencies``) is broken in every input format:
in a record (JSON Lines, JSON, a Parquet row, a CSV row) and, for Parquet, as a wrong-typed column.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyarrow as pa
import pytest
from test_validate_broken_tables import BASE, _replace, records, write_parquet
from validate_helpers import outcome, write_jsonl

from articlekit.exporters import csv_bundle
from articlekit.exporters._arrow import OFFSET_SUFFIX, instant_fields
from articlekit.validation import validate
from articlekit.validation.dependencies import DERIVATIONS, source_fields, without_consequences
from articlekit.validation.problems import RecordProblem
from articlekit.validation.records import RecordChecker

Break = Callable[[dict[str, Any]], None]


def _set(path: tuple[str, ...], value: Any) -> Break:
    def change(record: dict[str, Any]) -> None:
        target = record
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _no_published_at(record: dict[str, Any]) -> None:
    del record["published_at"]


# For each source field: how to break it in a record so that, were the rule over the derived field judged, it
# would fault the record too; and the one problem that must remain. ``url`` says which records to break
# (those whose id the field feeds).
ROW_BREAKS: dict[tuple[str, ...], tuple[Break, str, str, bool | None]] = {
    ("url",): (_set(("url",), "not a url"), "/url", "pattern-mismatch", True),
    ("provenance", "format"): (
        _set(("provenance", "format"), "Not A Format!"),
        "/provenance/format",
        "pattern-mismatch",
        False,
    ),
    ("title",): (_set(("title",), " padded title"), "/title", "pattern-mismatch", False),
    ("published_at",): (_set(("published_at",), "2025-02-30T08:00:00Z"), "/published_at", "bad-format", False),
    ("blocks",): (_set(("blocks",), []), "/blocks", "too-short", None),
}


def test_every_source_of_the_dependency_table_is_broken_here() -> None:
    assert set(ROW_BREAKS) == set(source_fields())
    assert source_fields() == (("url",), ("provenance", "format"), ("title",), ("published_at",), ("blocks",))


def broken_records(source: tuple[str, ...]) -> tuple[list[dict[str, Any]], list[int]]:
    """Four valid records (two with a url, two without), the ones the source feeds broken; their indices."""
    change, _, _, with_url = ROW_BREAKS[source]
    items = records(4)
    hit = []
    for index, record in enumerate(items):
        record["published_offset_assumed"] = record["published_at"] is not None
        if with_url is None or (record["url"] is not None) == with_url:
            change(record)
            hit.append(index)
    return items, hit


def _bundle(folder: Path, items: list[dict[str, Any]]) -> Path:
    """A CSV bundle of records the model would refuse, written by the bundle's own writer."""
    path = folder / "bundle"
    writer = csv_bundle.open_writer(path)
    for item in items:
        writer.write(SimpleNamespace(id=item["id"], model_dump=lambda mode, item=item: item))  # type: ignore[arg-type]
    writer.commit()
    return path


def _csv_where(pointer: str, row: int) -> tuple[str, dict[str, Any]]:
    if pointer == "/blocks":
        return "articles.csv", {"row": row}
    column = next(c.name for c in csv_bundle.tables()[0].columns if "/" + "/".join(c.path) == pointer)
    return "articles.csv", {"row": row, "column": column}


# A Parquet timestamp column cannot hold a malformed date: published_at is broken as a column there (below).
ROW_CASES = [
    (source, format_)
    for format_ in ("jsonl", "json", "parquet", "csv")
    for source in ROW_BREAKS
    if (source, format_) != (("published_at",), "parquet")
]


@pytest.mark.parametrize(("source", "format_"), ROW_CASES, ids=[f"{f}-{'/'.join(s)}" for s, f in ROW_CASES])
def test_a_broken_source_in_a_record_is_its_only_problem(source, format_, tmp_path) -> None:
    items, hit = broken_records(source)
    _, pointer, code, _ = ROW_BREAKS[source]
    assert hit
    if format_ == "jsonl":
        path = write_jsonl(tmp_path / "a.jsonl", items)
        expected = [("a.jsonl", code, {"line": index + 1}, pointer) for index in hit]
    elif format_ == "json":
        path = tmp_path / "a.json"
        path.write_text("[\n" + ",\n".join(json.dumps(item) for item in items) + "\n]\n", encoding="utf-8")
        expected = [("a.json", code, {"line": index + 2}, pointer) for index in hit]
    elif format_ == "parquet":
        path = write_parquet(tmp_path / "a.parquet", items)
        expected = [("a.parquet", code, {"row_group": 0, "row": index}, pointer) for index in hit]
    else:
        path = _bundle(tmp_path, items)
        expected = [(*_csv_where(pointer, index + 2), pointer) for index in hit]
        expected = [(file, code, where, pointer) for file, where, pointer in expected]
    report = validate([path])
    assert outcome(report.problems) == expected
    assert sum(file.invalid_records for file in report.files) == len(hit)


@pytest.mark.parametrize("format_", ["jsonl", "json"])
def test_a_missing_published_at_is_not_also_a_wrong_offset_flag(format_, tmp_path) -> None:
    items = records(2)
    for item in items:
        item["published_offset_assumed"] = True
        del item["published_at"]
    if format_ == "jsonl":
        path = write_jsonl(tmp_path / "a.jsonl", items)
        lines = [1, 2]
    else:
        path = tmp_path / "a.json"
        path.write_text("[\n" + ",\n".join(json.dumps(item) for item in items) + "\n]\n", encoding="utf-8")
        lines = [2, 3]
    assert outcome(validate([path]).problems) == [
        (path.name, "missing-field", {"line": line}, "/published_at") for line in lines
    ]


def _column_types() -> dict[str, tuple[pa.DataType, Callable[[Any], Any]]]:
    """A wrong type for each column others derive from (or stored with), and how to turn a value into it."""
    return {
        "url": (pa.binary(), lambda value: None if value is None else value.encode()),
        "title": (pa.binary(), str.encode),
        "provenance": (
            pa.struct(
                [
                    field.with_type(pa.int32()) if field.name == "format" else field
                    for field in BASE.field("provenance").type
                ]
            ),
            lambda value: {**value, "format": 1},
        ),
        "published_at": (pa.string(), lambda value: None if value is None else str(value)),
        "retrieved_at": (pa.string(), lambda value: None if value is None else str(value)),
        "blocks": (pa.list_(pa.string()), lambda value: [block["text"] for block in value]),
    }


def _parquet_columns() -> list[str]:
    tops = {source[0] for source in source_fields()}
    return [name for name in _column_types() if name in tops or name in instant_fields()]


def test_every_column_others_derive_from_is_broken_here() -> None:
    assert set(_parquet_columns()) == {source[0] for source in source_fields()} | set(instant_fields())


@pytest.mark.parametrize("name", _parquet_columns())
def test_a_wrong_typed_parquet_column_is_one_problem(name, tmp_path) -> None:
    arrow_type, convert = _column_types()[name]
    schema = _replace(BASE, name, None).insert(BASE.get_field_index(name), pa.field(name, arrow_type))

    def change(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            row["published_offset_assumed"] = True
            row[name] = convert(row[name])

    path = write_parquet(tmp_path / "a.parquet", records(4), schema=schema, change=change)
    report = validate([path])
    found = outcome(report.problems)
    assert len(found) == 1, found
    assert found[0][:2] == ("a.parquet", "parquet-schema")
    assert found[0][3].split("/")[1] == name
    assert report.files[0].invalid_records == 0
    assert report.files[0].records == 4


def test_a_missing_instant_column_takes_its_offset_column_along(tmp_path) -> None:
    for name in instant_fields():
        path = write_parquet(tmp_path / f"{name}.parquet", records(3), schema=_replace(BASE, name, None))
        assert outcome(validate([path]).problems) == [(path.name, "parquet-schema", {"column": name}, f"/{name}")], name
        assert name + OFFSET_SUFFIX in BASE.names


def test_a_problem_inside_a_source_keeps_the_rule_over_it() -> None:
    """A block's own problem does not make the blocks unusable: text is still compared with them."""
    problems = [
        RecordProblem(("blocks", 0, "text"), "pattern-mismatch", "", None),
        RecordProblem(("text",), "text-mismatch", "", None),
    ]
    assert without_consequences({"blocks": []}, problems) == problems


def test_the_id_rule_follows_the_derivation_the_record_uses() -> None:
    """With a url, a broken title does not hide an id that is not the url's."""
    title = RecordProblem(("title",), "pattern-mismatch", "", None)
    mismatch = RecordProblem(("id",), "id-mismatch", "", None)
    assert without_consequences({"url": "https://example.com/"}, [title, mismatch]) == [title, mismatch]
    assert without_consequences({"url": None}, [title, mismatch]) == [title]


def test_every_derived_rule_is_one_the_engines_report() -> None:
    checker = RecordChecker("reference")
    assert {derivation.field for derivation in DERIVATIONS} == {"id", "text", "published_offset_assumed"}
    assert {code for derivation in DERIVATIONS for code in derivation.codes} == {
        "id-mismatch",
        "text-mismatch",
        "wrong-value",
    }
    assert checker.problems({}) != []
