"""What ``articlekit validate`` reports: problems, their locations, and the table of stable codes."""

from __future__ import annotations

import json
import reprlib
from dataclasses import dataclass
from typing import Any, NamedTuple

Path = tuple[str | int, ...]
"""Keys and indices leading to a value in a record."""

PROBLEM_CODES: dict[str, str] = {
    # The input as a whole.
    "unreadable": "the input could not be read (missing, permission denied, not a regular file); exit 2",
    "unknown-format": "the input's format could not be told from its name or content; pass --format; exit 2",
    "empty-file": "the file holds no bytes or only whitespace (a Parquet folder: no .parquet file)",
    "utf8-bom": "the file starts with a UTF-8 byte order mark, which JSON forbids",
    "truncated-gzip": "the gzip stream ends before its end-of-stream marker (the file was cut short)",
    "corrupt-gzip": "the gzip stream is damaged (bad header, bad data or CRC mismatch)",
    "corrupt-parquet": "the Parquet file or one of its row groups cannot be read (truncated or corrupt)",
    "parquet-schema": "a Parquet column is missing, of the wrong type, or not part of the contract (once per column)",
    "csv-descriptor": "datapackage.json is missing, not JSON, or does not describe the bundle articlekit writes",
    "csv-header": "a CSV file's header row differs from the columns its Table Schema lists",
    "csv-type": "a CSV cell is not of its column's type (boolean, position), a row has the wrong number of cells, "
    "or the CSV is malformed",
    "csv-primary-key": "a CSV row repeats or leaves empty its primary key, or a position breaks the 0, 1, 2… order",
    "csv-foreign-key": "a CSV child row names an article not in articles.csv, or comes out of its order",
    "unsafe-path": "a resource path in datapackage.json leaves the bundle folder (absolute, '..', URL, link)",
    # One line or row as text.
    "not-utf8": "the line (or CSV row) is not valid UTF-8",
    "not-json": "the line (or JSON file) is not JSON: blank, cut short, NaN, a lone surrogate, extra data",
    "line-too-long": "a JSON Lines line is longer than 32 MiB; it is skipped without being read into memory",
    "not-an-object": "the JSON value is not an object (a record must be a JSON object)",
    # A record against the JSON Schema, by keyword.
    "missing-field": "a required field is missing",
    "unexpected-field": "a field the contract does not define is present",
    "wrong-type": "a value has the wrong JSON type (e.g. a number where a string or null is expected)",
    "wrong-value": "a value is not one of the allowed constants (enum, const)",
    "pattern-mismatch": "a string does not match its pattern (trimmed, single line, URL, hex id, date-time, ...)",
    "bad-format": "a string is not a valid instance of its format (date-time per RFC 3339)",
    "too-short": "a list has fewer items than allowed (blocks must not be empty)",
    "too-long": "a string or list is longer than allowed",
    "duplicate-item": "a list that must hold unique items repeats one",
    "no-alternative": "a value matches none of the alternatives (an image needs a url or a caption)",
    "schema-violation": "any other JSON Schema violation (a keyword articlekit's schema does not use today)",
    # A record against the rules the JSON Schema cannot express (articlekit.schema.SEMANTIC_RULES).
    "not-nfc": "a string is not in Unicode normalisation form C",
    "text-mismatch": "text is not exactly the blocks' texts joined by a blank line",
    "id-mismatch": "id is not make_article_id(url, format, title, published_at)",
    "duplicate-id": "the record's id was already used by an earlier record in the inputs given",
    # The validator itself.
    "validator-crash": "validate failed unexpectedly on this input (a bug, please report it); exit 2",
}
"""Every code ``articlekit validate`` reports, with what it means. Codes never change meaning."""

USAGE_CODES = frozenset({"unreadable", "unknown-format", "validator-crash"})
"""Codes that make the exit status 2: an input (or the rest of it) could not be validated at all."""


class Verified(NamedTuple):
    """A record a reader already found to meet the whole contract (duplicate ids aside), by its id."""

    id: str


VALUE_LIMIT = 80
"""Most characters of an offending value shown in a report."""


@dataclass(frozen=True, slots=True)
class Location:
    """Where in a file a problem is; the fields that apply to the file's format are set.

    Attributes:
        line: JSONL or JSON line number, from 1.
        row_group: Parquet row group, from 0.
        row: Parquet row within its row group (from 0), or CSV row number
            (the header is row 1, so the first data row is row 2).
        column: CSV column name.
    """

    line: int | None = None
    row_group: int | None = None
    row: int | None = None
    column: str | None = None

    def as_dict(self) -> dict[str, int | str]:
        """Return the fields that are set, for JSON output."""
        found: dict[str, int | str] = {}
        for name in ("line", "row_group", "row", "column"):
            value = getattr(self, name)
            if value is not None:
                found[name] = value
        return found

    def describe(self) -> str:
        """Return the location for a human, e.g. ``line 17`` or ``row group 0, row 3``."""
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row_group is not None:
            parts.append(f"row group {self.row_group}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts) or "file"


FILE = Location()
"""The location of a problem with a file as a whole."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input.

    Attributes:
        file: The file (for a CSV bundle, the CSV file or datapackage.json) as given or found.
        location: Where in the file.
        pointer: JSON Pointer (RFC 6901) of the field in the record, ``""`` for the whole record
            or when no field applies.
        code: A stable code from :data:`PROBLEM_CODES`.
        message: What is wrong, for a human.
        value: The offending value as JSON text, truncated to :data:`VALUE_LIMIT` characters;
            None when there is no single value to show (a missing field, a file-level problem).
    """

    file: str
    location: Location
    pointer: str
    code: str
    message: str
    value: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the problem as a JSON-ready dict (the shape of ``--output json`` and ``jsonl``)."""
        return {
            "file": self.file,
            "location": self.location.as_dict(),
            "pointer": self.pointer,
            "code": self.code,
            "message": self.message,
            "value": self.value,
        }


def render_value(value: Any, limit: int = VALUE_LIMIT) -> str:
    """Return ``value`` as JSON text (non-ASCII kept), cut to ``limit`` characters with an ellipsis."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except (ValueError, RecursionError):  # circular or deeply nested: show the start of its repr
        text = reprlib.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_bytes(data: bytes, limit: int = VALUE_LIMIT) -> str:
    """Return raw bytes of a line that is not JSON: as text when it decodes, else as a bytes literal."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = repr(data[: limit * 4])
    text = text.rstrip("\r\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_pointer(path: tuple[str | int, ...] | list[str | int]) -> str:
    """Return the RFC 6901 JSON Pointer of a path of keys and indices (``""`` for the root)."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


@dataclass(frozen=True, slots=True)
class RecordProblem:
    """One problem with a record, before it is placed in a file.

    Attributes:
        path: Keys and indices of the field (empty for the whole record).
        code: A stable code (see ``articlekit.validation.PROBLEM_CODES``).
        message: What is wrong.
        value: The offending value as truncated JSON text, or None.
    """

    path: Path
    code: str
    message: str
    value: str | None

    @property
    def pointer(self) -> str:
        """The JSON Pointer of :attr:`path`."""
        return json_pointer(self.path)
