"""Broken files, each with the exact problems (file, code, location, pointer) validate must report."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from validate_helpers import json_line, outcome, record_with_url, record_without_url, rederive

from articlekit.validation import PROBLEM_CODES, validate
from articlekit.validation.jsonl import MAX_LINE_BYTES

Expected = list[tuple[str, str, dict[str, Any], str]]
Case = Callable[[Path], tuple[list[Path], Expected]]

GOOD = json_line(record_with_url())
OTHER = json_line(rederive({**record_with_url(), "url": "https://example.com/other"}))


_URLS = iter(range(1_000_000))


def _mutated(change: Callable[[dict[str, Any]], Any], *, url: bool = True, derive: bool = True) -> bytes:
    """A record (with a url of its own, so no id repeats) changed by ``change``, text and id re-derived."""
    record = record_with_url() if url else record_without_url()
    if url:
        record["url"] = f"https://example.com/{next(_URLS)}"
    rederive(record)
    change(record)
    return json_line(rederive(record) if derive else record)


def _jsonl(name: str, *lines: bytes) -> Case:
    def make(folder: Path) -> tuple[list[Path], Expected]:
        path = folder / name
        path.write_bytes(b"".join(lines))
        return [path], []

    return make


CASES: dict[str, tuple[Case, Expected, dict[str, Any]]] = {}


def case(name: str, make: Case, *expected: tuple[str, str, dict[str, Any], str], **options: Any) -> None:
    """Add a case: ``make`` writes the files (and may return the expected problems when they depend on
    the bytes it wrote); ``options`` go to ``validate``."""
    CASES[name] = (make, list(expected), options)


# --- the bytes of JSON Lines files ---------------------------------------------------------------
case("not-json", _jsonl("a.jsonl", GOOD, b'{"title": \n'), ("a.jsonl", "not-json", {"line": 2}, ""))
case("blank-line", _jsonl("a.jsonl", GOOD, b"\n", OTHER), ("a.jsonl", "not-json", {"line": 2}, ""))
case("crlf-blank-line", _jsonl("a.jsonl", GOOD, b"\r\n", OTHER), ("a.jsonl", "not-json", {"line": 2}, ""))
case("array-line", _jsonl("a.jsonl", GOOD, OTHER, b"[1, 2]\n"), ("a.jsonl", "not-an-object", {"line": 3}, ""))
case("string-line", _jsonl("a.jsonl", b'"a record"\n'), ("a.jsonl", "not-an-object", {"line": 1}, ""))
case("null-line", _jsonl("a.ndjson", b"null\n", GOOD), ("a.ndjson", "not-an-object", {"line": 1}, ""))
case("not-utf8", _jsonl("a.jsonl", GOOD, b'{"title": "\xff"}\n'), ("a.jsonl", "not-utf8", {"line": 2}, ""))
case("nan", _jsonl("a.jsonl", b'{"title": NaN}\n'), ("a.jsonl", "not-json", {"line": 1}, ""))
case("bom", _jsonl("a.jsonl", b"\xef\xbb\xbf" + GOOD, OTHER), ("a.jsonl", "utf8-bom", {"line": 1}, ""))
case("empty-file", _jsonl("a.jsonl"), ("a.jsonl", "empty-file", {}, ""))
case("whitespace-only", _jsonl("a.jsonl", b"\n  \n\t\n"), ("a.jsonl", "empty-file", {}, ""))


def _gzip_cut(folder: Path) -> tuple[list[Path], Expected]:
    data = gzip.compress(GOOD + OTHER + GOOD.replace(b"voachinese", b"voa"), mtime=0)
    path = folder / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) - 40])
    return [path], []


def _gzip_damaged(folder: Path) -> tuple[list[Path], Expected]:
    data = bytearray(gzip.compress(GOOD, mtime=0))
    data[-8] ^= 0xFF  # the CRC-32 in the trailer
    path = folder / "crc.jsonl.gz"
    path.write_bytes(bytes(data))
    return [path], []


def _gzip_long_line(folder: Path) -> tuple[list[Path], Expected]:
    path = folder / "long.jsonl.gz"
    path.write_bytes(gzip.compress(GOOD + b'{"title": "' + b"x" * MAX_LINE_BYTES + b'"}\n' + OTHER, mtime=0))
    return [path], []


case("line-too-long", _gzip_long_line, ("long.jsonl.gz", "line-too-long", {"line": 2}, ""))
case("truncated-gzip", _gzip_cut, ("cut.jsonl.gz", "truncated-gzip", {"line": 3}, ""))
case("corrupt-gzip", _gzip_damaged, ("crc.jsonl.gz", "corrupt-gzip", {"line": 2}, ""))  # found at the end

# --- records against the JSON Schema --------------------------------------------------------------
case(
    "missing-field",
    _jsonl("a.jsonl", GOOD, _mutated(lambda r: r.pop("title"))),
    ("a.jsonl", "missing-field", {"line": 2}, "/title"),
)
case(
    "missing-nested-field",
    _jsonl("a.jsonl", _mutated(lambda r: r["blocks"][2].pop("kind"))),
    ("a.jsonl", "missing-field", {"line": 1}, "/blocks/2/kind"),
)
case(
    "unexpected-field",
    _jsonl("a.jsonl", _mutated(lambda r: r.update(body="x"))),
    ("a.jsonl", "unexpected-field", {"line": 1}, "/body"),
)
case(
    "unexpected-field-escaped",
    _jsonl("a.jsonl", _mutated(lambda r: r["source"].update({"a/b~c": 1}))),
    ("a.jsonl", "unexpected-field", {"line": 1}, "/source/a~1b~0c"),
)
case(
    "wrong-type",
    _jsonl("a.jsonl", _mutated(lambda r: r.update(published_offset_assumed="no"))),
    ("a.jsonl", "wrong-type", {"line": 1}, "/published_offset_assumed"),
)
case(
    "wrong-type-nullable",
    _jsonl("a.jsonl", _mutated(lambda r: r.update(url=42))),
    ("a.jsonl", "wrong-type", {"line": 1}, "/url"),
)
case(
    "wrong-value-enum",
    _jsonl("a.jsonl", _mutated(lambda r: r["blocks"][1].update(kind="para"))),
    ("a.jsonl", "wrong-value", {"line": 1}, "/blocks/1/kind"),
)
case(
    "wrong-value-if-then",
    _jsonl("a.jsonl", _mutated(lambda r: r.update(published_at=None, published_offset_assumed=True))),
    ("a.jsonl", "wrong-value", {"line": 1}, "/published_offset_assumed"),
)
case(
    "naive-datetime",
    _jsonl("a.jsonl", GOOD, OTHER, _mutated(lambda r: r.update(published_at="2025-02-08T08:38:35"))),
    ("a.jsonl", "pattern-mismatch", {"line": 3}, "/published_at"),
)
case(
    "bad-format",
    _jsonl("a.jsonl", _mutated(lambda r: r.update(retrieved_at="2025-02-30T08:38:35Z"))),
    ("a.jsonl", "bad-format", {"line": 1}, "/retrieved_at"),
)
case(
    "untrimmed-ecma-non-space",
    _jsonl("a.jsonl", _mutated(lambda r: r.update(title=r["title"] + "\x1f"))),
    ("a.jsonl", "pattern-mismatch", {"line": 1}, "/title"),
)
case(
    "trailing-newline",
    _jsonl("a.jsonl", _mutated(lambda r: r["links"].append({"url": "https://example.com/\n", "text": "x"}))),
    ("a.jsonl", "pattern-mismatch", {"line": 1}, "/links/0/url"),
)
case(
    "too-short",
    _jsonl("a.jsonl", _mutated(lambda r: r.update(blocks=[]))),
    ("a.jsonl", "too-short", {"line": 1}, "/blocks"),
    ("a.jsonl", "pattern-mismatch", {"line": 1}, "/text"),
)
case(
    "too-long",
    _jsonl("a.jsonl", _mutated(lambda r: r.update(url="https://example.com/" + "x" * 9000))),
    ("a.jsonl", "too-long", {"line": 1}, "/url"),
)
case(
    "duplicate-item",
    _jsonl("a.jsonl", _mutated(lambda r: r.update(tags=["乌克兰", "乌克兰"]))),
    ("a.jsonl", "duplicate-item", {"line": 1}, "/tags"),
)
case(
    "no-alternative",
    _jsonl("a.jsonl", _mutated(lambda r: r["images"].append({"url": None, "caption": None}))),
    ("a.jsonl", "no-alternative", {"line": 1}, "/images/1"),
)

# --- records against the rules the schema cannot express ------------------------------------------
case(
    "not-nfc",
    _jsonl("a.jsonl", _mutated(lambda r: r.update(authors=["Jose\u0301"]))),
    ("a.jsonl", "not-nfc", {"line": 1}, "/authors/0"),
)
case(
    "text-mismatch",
    _jsonl("a.jsonl", _mutated(lambda r: r.update(text=r["text"] + "。"), derive=False)),
    ("a.jsonl", "text-mismatch", {"line": 1}, "/text"),
)
case(
    "id-mismatch",
    _jsonl("a.jsonl", GOOD, _mutated(lambda r: r.update(id="0" * 32), derive=False)),
    ("a.jsonl", "id-mismatch", {"line": 2}, "/id"),
)
case(
    "id-mismatch-without-url",
    _jsonl("a.jsonl", _mutated(lambda r: r.update(title="另一个标题"), url=False, derive=False)),
    ("a.jsonl", "id-mismatch", {"line": 1}, "/id"),
)
case("duplicate-id", _jsonl("a.jsonl", GOOD, OTHER, GOOD), ("a.jsonl", "duplicate-id", {"line": 3}, "/id"))


def _two_files(folder: Path) -> tuple[list[Path], Expected]:
    (folder / "a.jsonl").write_bytes(GOOD)
    first = json.dumps(json.loads(OTHER), indent=1)
    text = "[\n" + first + ",\n" + json.dumps(json.loads(GOOD), indent=1) + "\n]\n"
    (folder / "b.json").write_text(text, encoding="utf-8")
    second_starts = 2 + first.count("\n") + 1  # "[" on line 1, the first element from line 2
    return [folder / "a.jsonl", folder / "b.json"], [("b.json", "duplicate-id", {"line": second_starts}, "/id")]


case("duplicate-id-across-files", _two_files)


# --- JSON files -----------------------------------------------------------------------------------
def _json(name: str, text: str | bytes) -> Case:
    def make(folder: Path) -> tuple[list[Path], Expected]:
        path = folder / name
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return [path], []

    return make


RECORD = GOOD.decode().strip()
case("json-trailing-comma", _json("a.json", f"[\n{RECORD},\n]\n"), ("a.json", "not-json", {"line": 3}, ""))
case("json-unclosed", _json("a.json", f"[\n{RECORD},\n{OTHER.decode()}"), ("a.json", "not-json", {"line": 4}, ""))
case("json-syntax", _json("a.json", f'[\n{RECORD},\n{{"title": tru}}\n]'), ("a.json", "not-json", {"line": 3}, ""))
case(
    "json-element-not-object",
    _json("a.json", f'[\n{RECORD},\n  "x"\n]'),
    ("a.json", "not-an-object", {"line": 3}, ""),
)
case(
    "json-missing-field",
    _json("a.json", "[\n" + json.dumps({**record_with_url(), "title": None}, indent=2) + "\n]"),
    ("a.json", "wrong-type", {"line": 2}, "/title"),
)
case("json-bom", _json("a.json", b"\xef\xbb\xbf[" + GOOD + b"]"), ("a.json", "utf8-bom", {"line": 1}, ""))
case("json-empty", _json("a.json", "  \n"), ("a.json", "empty-file", {}, ""))
case("json-infinity", _json("a.json", '[{"x": Infinity}]'), ("a.json", "not-json", {"line": 1}, ""))
case("json-lone-surrogate", _json("a.json", '[{"title": "\\ud800"}]'), ("a.json", "not-json", {"line": 1}, ""))
case("json-lines-named-json", _json("a.json", GOOD + OTHER), ("a.json", "not-json", {"line": 2}, ""))
case("json-not-utf8", _json("a.json", b"[\n" + GOOD + b',\n{"t": "\xfe"}]'), ("a.json", "not-utf8", {"line": 4}, ""))


# --- inputs that cannot be validated at all (exit 2) ----------------------------------------------
def _missing(folder: Path) -> tuple[list[Path], Expected]:
    return [folder / "nope.jsonl"], []


def _folder_as_jsonl(folder: Path) -> tuple[list[Path], Expected]:
    (folder / "dir.jsonl").mkdir()
    return [folder / "dir.jsonl"], []


case("missing-file", _missing, ("nope.jsonl", "unreadable", {}, ""))
case("folder-named-jsonl", _folder_as_jsonl, ("dir.jsonl", "unknown-format", {}, ""))
case("folder-read-as-jsonl", _folder_as_jsonl, ("dir.jsonl", "unreadable", {}, ""), format="jsonl")
case("unknown-format", _json("notes.txt", "hello"), ("notes.txt", "unknown-format", {}, ""))


@pytest.mark.parametrize("name", list(CASES))
def test_broken_file_reports_exactly(name, tmp_path):
    make, expected, options = CASES[name]
    paths, written = make(tmp_path)
    expected = written or expected
    report = validate(paths, **options)
    assert outcome(report.problems) == expected
    assert report.exit_code == (2 if expected[0][1] in ("unreadable", "unknown-format") else 1)


def test_the_table_is_large_and_covers_every_code_of_the_formats_it_holds():
    assert len(CASES) == 51
    covered = {code for _, expected, _ in CASES.values() for _, code, _, _ in expected}
    not_json_formats = {
        "corrupt-parquet",
        "parquet-schema",
        "csv-descriptor",
        "csv-header",
        "csv-type",
        "csv-primary-key",
        "csv-foreign-key",
        "unsafe-path",
        "schema-violation",  # no keyword of today's schema leads there
        "validator-crash",  # a bug, by definition not craftable
    }
    assert set(PROBLEM_CODES) - not_json_formats - covered == set()
