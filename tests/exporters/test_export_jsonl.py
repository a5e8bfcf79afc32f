from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from articlekit.exporters import ReadError, jsonl
from articlekit.schema import Article


def test_lines_are_utf8_records_with_keys_in_schema_order(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = tmp_path / "articles.jsonl"
    jsonl.write(sample_articles, dest)
    data = dest.read_bytes()
    assert "寻求安全保证".encode() in data  # written as UTF-8, not \u escapes
    assert b"\\u" not in data
    lines = data.split(b"\n")
    assert lines[-1] == b""
    assert len(lines) - 1 == len(sample_articles)
    for line, article in zip(lines, sample_articles, strict=False):
        assert list(json.loads(line)) == list(Article.model_fields)
        assert line.decode("utf-8") == article.model_dump_json()


def test_gzip_output_is_byte_identical_whatever_the_name_and_time(
    tmp_path: Path, sample_articles: list[Article]
) -> None:
    first, second = tmp_path / "a.jsonl.gz", tmp_path / "other-name.jsonl.gz"
    jsonl.write(sample_articles, first)
    jsonl.write(sample_articles, second)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes()[4:8] == b"\x00\x00\x00\x00"  # gzip header MTIME field
    plain = tmp_path / "articles.jsonl"
    jsonl.write(sample_articles, plain)
    assert gzip.decompress(first.read_bytes()) == plain.read_bytes()


def test_compress_option_overrides_the_name(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = tmp_path / "articles.jsonl"
    jsonl.write(sample_articles, dest, compress=True)
    assert dest.read_bytes()[:2] == b"\x1f\x8b"
    assert [record.id for record in jsonl.read(dest)] == [record.id for record in sample_articles]


def test_line_separators_inside_strings_do_not_split_records(tmp_path: Path, make_record: Any) -> None:
    record = make_record(title="a\u2028b\u2029c\x85d", blocks=[{"kind": "paragraph", "text": "x\u2028y"}])
    dest = tmp_path / "articles.jsonl"
    jsonl.write([record], dest)
    assert dest.read_bytes().count(b"\n") == 1
    assert [back.model_dump_json() for back in jsonl.read(dest)] == [record.model_dump_json()]


def test_reader_tolerates_a_byte_order_mark(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = tmp_path / "articles.jsonl"
    dest.write_bytes(b"\xef\xbb\xbf" + sample_articles[0].model_dump_json().encode() + b"\n")
    assert [record.id for record in jsonl.read(dest)] == [sample_articles[0].id]


@pytest.mark.parametrize(
    ("second_line", "expected"),
    [
        (b"", "line 2"),
        (b"not json", "line 2"),
        (b'{"schema_version": "1.0"}', "line 2"),
    ],
)
def test_reader_names_the_bad_line(
    tmp_path: Path, sample_articles: list[Article], second_line: bytes, expected: str
) -> None:
    dest = tmp_path / "articles.jsonl"
    good = sample_articles[0].model_dump_json().encode()
    dest.write_bytes(good + b"\n" + second_line + b"\n" + good + b"\n")
    records = jsonl.read(dest)
    assert next(records).id == sample_articles[0].id
    with pytest.raises(ReadError) as raised:
        next(records)
    assert raised.value.location == expected
    assert raised.value.path == dest


def test_reader_reports_a_truncated_gzip_stream(tmp_path: Path, sample_articles: list[Article]) -> None:
    dest = tmp_path / "articles.jsonl.gz"
    jsonl.write(sample_articles, dest)
    dest.write_bytes(dest.read_bytes()[:-12])
    with pytest.raises(ReadError, match="gzip"):
        list(jsonl.read(dest))
