r"""CSV bundle: a folder of CSV tables and a Frictionless ``datapackage.json`` describing them.

Layout (all derived from the model, see :func:`tables`):

- ``articles.csv``: one row per article, the scalar fields; the nested
  ``source`` and ``provenance`` are flattened to ``source_name``,
  ``provenance_format`` and so on. ``id`` is the primary key.
- one child table per list field (``authors.csv``, ``categories.csv``,
  ``tags.csv``, ``blocks.csv``, ``images.csv``, ``links.csv``, ``flags.csv``):
  ``article_id`` and ``position`` (from 0, in list order) are the primary key,
  ``article_id`` is a foreign key to ``articles.id``, then the item's value
  (``author``, ``tag``, …) or its members (``kind``, ``text``, …).
- ``datapackage.json``: a Frictionless Data Package whose Table Schemas (types,
  required/pattern/enum/maxLength constraints, primary and foreign keys) come
  from the model; ``frictionless validate datapackage.json`` checks a bundle.

Encoding rules, chosen so that every record survives write → read exactly:

- UTF-8 without a byte order mark, a header row, RFC 4180 quoting (Python's
  ``csv`` module: fields holding a comma, a quote or a line break are quoted,
  quotes doubled) and ``\\r\\n`` between rows, as RFC 4180 says. Line breaks
  inside cells are kept as they are (``\\n`` stays ``\\n``).
- An empty cell is null. Every string the contract allows is non-empty (all
  are trimmed and at least one character long), so no value is lost.
- Booleans are ``true`` and ``false``; instants are RFC 3339 with the offset
  the record carries (``2025-02-08T16:38:35+08:00``), exactly as in JSONL.
- Child rows are written in article order. The reader relies on that (it
  streams all tables side by side) and on article ids being unique, which the
  writer enforces: a repeated id would make child rows ambiguous.
- ``spreadsheet_safe=True`` prefixes ``'`` to every text cell that starts with
  ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or ``'`` itself, so that
  a spreadsheet shows the text instead of running a formula. The descriptor
  records it (``x-articlekit.spreadsheet_safe``) and the reader removes the
  prefix again. By default every value is written exactly.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from articlekit.schema import SCHEMA_ID, SCHEMA_VERSION, Article

from ._base import AtomicWriter, ReadError, describe_validation_error, write_all
from ._shape import Shape, article_shape, singular

NAME = "csv"
"""Registry name of the format."""
EXTENSIONS: tuple[str, ...] = ()
"""The bundle is a folder: it is recognised by its ``datapackage.json``, not by a file name ending."""
DEFAULT_NAME = "articles.csv"
"""Bundle folder name inside an output folder."""
DESCRIPTOR_NAME = "datapackage.json"
"""File name of the Data Package descriptor inside the bundle."""
ARTICLES = "articles"
"""Resource name of the parent table."""
LINE_TERMINATOR = "\r\n"
"""Row separator, as RFC 4180 prescribes."""
SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")
"""Cell starts that spreadsheet-safe mode neutralises (``'`` too, so that the reader can undo it)."""
EXTENSION_KEY = "x-articlekit"
"""Descriptor property holding articlekit's own settings."""

_TRUE, _FALSE = "true", "false"


@dataclass(frozen=True, slots=True)
class Column:
    """One CSV column: its header name, the value's shape, and where the value lives.

    Attributes:
        name: The header name, e.g. ``source_domain``.
        shape: The shape of the value (string, boolean or datetime).
        path: Attribute names leading to the value from the record (for
            ``articles.csv``) or from the list item (for a child table); empty
            when the item itself is the value.
    """

    name: str
    shape: Shape
    path: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """One CSV table of the bundle.

    Attributes:
        name: Resource name, e.g. ``blocks``; the file is ``<name>.csv``.
        field: The record's list field the table holds, or None for ``articles``.
        columns: The value columns (child tables also start with ``article_id`` and ``position``).
    """

    name: str
    field: str | None
    columns: tuple[Column, ...]

    @property
    def path(self) -> str:
        """The table's file name inside the bundle."""
        return f"{self.name}.csv"

    @property
    def header(self) -> list[str]:
        """The header row."""
        keys = [] if self.field is None else ["article_id", "position"]
        return keys + [column.name for column in self.columns]


def _flatten(shape: Shape, prefix: str, path: tuple[str, ...], where: str) -> list[Column]:
    if shape.kind in ("string", "boolean", "datetime"):
        return [Column(prefix, shape, path)]
    if shape.kind == "list":
        raise NotImplementedError(f"{where}: lists inside lists or structs have no CSV mapping")
    if shape.nullable:
        raise NotImplementedError(f"{where}: a nullable struct cannot be flattened unambiguously")
    columns = []
    for name, member in shape.fields:
        columns += _flatten(member, f"{prefix}_{name}" if prefix else name, (*path, name), f"{where}.{name}")
    return columns


@cache
def tables() -> tuple[Table, ...]:
    """Return the bundle's tables, derived from the model: ``articles`` first, then one per list field."""
    parent: list[Column] = []
    children: list[Table] = []
    for name, shape in article_shape().fields:
        if shape.kind == "list":
            assert shape.item is not None
            prefix = singular(name) if shape.item.kind != "struct" else ""
            children.append(Table(name, name, tuple(_flatten(shape.item, prefix, (), name))))
        else:
            parent += _flatten(shape, name, (name,), name)
    return (Table(ARTICLES, None, tuple(parent)), *children)


def _field_descriptor(column: Column) -> dict[str, Any]:
    shape = column.shape
    field: dict[str, Any] = {"name": column.name, "type": shape.kind}
    if shape.description:
        field["description"] = shape.description
    if shape.kind == "boolean":
        field["trueValues"] = [_TRUE]
        field["falseValues"] = [_FALSE]
    constraints: dict[str, Any] = {"required": not shape.nullable}
    if shape.enum is not None:
        constraints["enum"] = list(shape.enum)
    if shape.pattern is not None:
        constraints["pattern"] = shape.pattern
    if shape.max_length is not None:
        constraints["maxLength"] = shape.max_length
    field["constraints"] = constraints
    return field


def datapackage_descriptor(*, spreadsheet_safe: bool = False) -> dict[str, Any]:
    """Return the bundle's Frictionless Data Package descriptor, derived from the model.

    Args:
        spreadsheet_safe: Whether the bundle's text cells carry the ``'`` prefix.

    Returns:
        The descriptor as a JSON-ready dict.
    """
    id_column = next(column for column in tables()[0].columns if column.name == "id")
    resources = []
    for table in tables():
        fields = [_field_descriptor(column) for column in table.columns]
        schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
        if table.field is None:
            schema["primaryKey"] = ["id"]
        else:
            article_id = {
                **_field_descriptor(id_column),
                "name": "article_id",
                "description": "The article's id.",
            }
            position = {
                "name": "position",
                "type": "integer",
                "description": f"Position in the article's {table.field} list, from 0.",
                "constraints": {"required": True, "minimum": 0},
            }
            schema["fields"] = [article_id, position, *fields]
            schema["primaryKey"] = ["article_id", "position"]
            schema["foreignKeys"] = [{"fields": ["article_id"], "reference": {"resource": ARTICLES, "fields": ["id"]}}]
        resources.append(
            {
                "name": table.name,
                "path": table.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {
                    "delimiter": ",",
                    "lineTerminator": LINE_TERMINATOR,
                    "quoteChar": '"',
                    "doubleQuote": True,
                    "header": True,
                },
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "articlekit-articles",
        "title": "Articles in articlekit's record contract",
        EXTENSION_KEY: {
            "schema_version": SCHEMA_VERSION,
            "json_schema": SCHEMA_ID,
            "spreadsheet_safe": spreadsheet_safe,
        },
        "resources": resources,
    }


def render_datapackage_descriptor(*, spreadsheet_safe: bool = False) -> str:
    """Return the descriptor as the exact text written to ``datapackage.json``."""
    descriptor = datapackage_descriptor(spreadsheet_safe=spreadsheet_safe)
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any, column: Column, spreadsheet_safe: bool) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return _TRUE if value else _FALSE
    text = str(value)
    if spreadsheet_safe and column.shape.kind == "string" and text.startswith(SPREADSHEET_TRIGGERS):
        return "'" + text
    return text


def _lookup(value: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


class CsvBundleWriter(AtomicWriter):
    """Streams records into a CSV bundle folder, atomically.

    Args:
        dest: The bundle folder.
        spreadsheet_safe: Prefix ``'`` to text cells a spreadsheet would run
            as a formula (see the module documentation).

    Raises:
        ValueError: From :meth:`write`, when an article id repeats.
    """

    def __init__(self, dest: Path, *, spreadsheet_safe: bool = False) -> None:
        super().__init__(dest)
        self.spreadsheet_safe = spreadsheet_safe
        # About 80 bytes per article: the price of refusing ids that would make child rows ambiguous.
        self._ids: set[bytes] = set()
        self._files = ExitStack()
        self._writers: list[tuple[Table, Any]] = []
        self.temporary.mkdir()
        try:
            for table in tables():
                path = self.temporary / table.path
                stream: TextIO = self._files.enter_context(path.open("x", encoding="utf-8", newline=""))
                writer = csv.writer(stream, lineterminator=LINE_TERMINATOR)
                writer.writerow(table.header)
                self._writers.append((table, writer))
        except BaseException:
            self.abort()
            raise

    def write(self, record: Article) -> None:
        """Append one record: its row in ``articles.csv`` and its rows in the child tables."""
        self._check_open()
        key = bytes.fromhex(record.id)
        if key in self._ids:
            raise ValueError(f"duplicate article id {record.id}: a CSV bundle keys its child tables by id")
        self._ids.add(key)
        data = record.model_dump(mode="json")  # instants as RFC 3339 text with their offset
        safe = self.spreadsheet_safe
        for table, writer in self._writers:
            if table.field is None:
                writer.writerow([_cell(_lookup(data, column.path), column, safe) for column in table.columns])
                continue
            for position, item in enumerate(data[table.field]):
                cells = [_cell(_lookup(item, column.path), column, safe) for column in table.columns]
                writer.writerow([record.id, str(position), *cells])
        self.count += 1

    def _finish(self) -> None:
        self._files.close()
        descriptor = render_datapackage_descriptor(spreadsheet_safe=self.spreadsheet_safe)
        (self.temporary / DESCRIPTOR_NAME).write_text(descriptor, encoding="utf-8")

    def _discard(self) -> None:
        self._files.close()


def open_writer(dest: Path, *, spreadsheet_safe: bool = False) -> CsvBundleWriter:
    """Open a CSV bundle writer on the folder ``dest`` (see :class:`CsvBundleWriter`)."""
    return CsvBundleWriter(dest, spreadsheet_safe=spreadsheet_safe)


def write(records: Iterable[Article], dest: Path, *, spreadsheet_safe: bool = False) -> int:
    """Write ``records`` as a CSV bundle folder at ``dest``, atomically.

    Args:
        records: The records, consumed once, never held in memory together.
        dest: The bundle folder.
        spreadsheet_safe: Neutralise cells a spreadsheet would run as a formula.

    Returns:
        The number of records written.
    """
    return write_all(open_writer(dest, spreadsheet_safe=spreadsheet_safe), records)


def _locate(path: Path) -> tuple[Path, Path]:
    """Return the bundle folder and the descriptor for a bundle folder or a descriptor file."""
    path = Path(path)
    if path.is_dir():
        return path, path / DESCRIPTOR_NAME
    return path.parent, path


def allow_long_fields() -> None:
    """Raise the csv module's process-wide field size limit so article texts fit."""
    # Article texts are far longer than the csv module's default 128 KiB field limit. The limit is
    # process-wide; raising it only ever lets more through.
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(max(csv.field_size_limit(), limit))
            return
        except OverflowError:  # platforms whose C long is 32 bits
            limit //= 2


class _ChildRows:
    """Streams one child table, handing out the rows of one article at a time."""

    def __init__(self, table: Table, stream: TextIO, folder: Path, unescape: bool) -> None:
        assert table.field is not None
        self.table = table
        self.field: str = table.field
        self.file = folder / table.path
        self._rows = _csv_rows(stream, self.file)
        self._unescape = unescape
        self.row_number = 1
        self._width = len(table.header)
        _check_header(self.file, next(self._rows, None), table.header)
        self._next = self._advance()

    def _advance(self) -> list[str] | None:
        row = next(self._rows, None)
        if row is not None:
            self.row_number += 1
        return row

    def take(self, article_id: str) -> list[Any]:
        items: list[Any] = []
        while self._next is not None and self._next[0] == article_id:
            row = self._next
            if len(row) != self._width:
                raise ReadError(self.file, f"row {self.row_number}", f"expected {self._width} cells, found {len(row)}")
            if row[1] != str(len(items)):
                raise ReadError(self.file, f"row {self.row_number}", f"position {row[1]!r}, expected {len(items)}")
            items.append(_build(self.table.columns, row[2:], self._unescape))
            self._next = self._advance()
        return items

    def check_exhausted(self) -> None:
        if self._next is not None:
            raise ReadError(
                self.file,
                f"row {self.row_number}",
                f"article_id {self._next[0]!r} is not in articles.csv, or its rows are out of article order",
            )


def _csv_rows(stream: TextIO, file: Path) -> Iterator[list[str]]:
    reader = csv.reader(stream)
    try:
        yield from reader
    except (csv.Error, UnicodeDecodeError) as error:
        raise ReadError(file, f"line {reader.line_num + 1}", f"not readable as UTF-8 CSV: {error}") from error


def _check_header(file: Path, header: list[str] | None, expected: list[str]) -> None:
    if header != expected:
        raise ReadError(file, "row 1", f"header is {header}, expected {expected}")


def _value(cell: str, column: Column, unescape: bool) -> Any:
    if cell == "" and column.shape.nullable:
        return None
    if column.shape.kind == "boolean":
        return {_TRUE: True, _FALSE: False}.get(cell, cell)  # anything else is left for the model to refuse
    if unescape and column.shape.kind == "string" and cell.startswith("'"):
        return cell[1:]
    return cell


def _build(columns: tuple[Column, ...], cells: list[str], unescape: bool) -> Any:
    if len(columns) == 1 and not columns[0].path:
        return _value(cells[0], columns[0], unescape)
    built: dict[str, Any] = {}
    for column, cell in zip(columns, cells, strict=True):
        target = built
        for key in column.path[:-1]:
            target = target.setdefault(key, {})
        target[column.path[-1]] = _value(cell, column, unescape)
    return built


def read(path: Path) -> Iterator[Article]:
    """Stream the records of a CSV bundle, each validated.

    The tables are read under the names :func:`tables` gives; the descriptor
    is read for its ``x-articlekit.spreadsheet_safe`` setting only (checking a
    descriptor is ``articlekit validate``'s job). A byte order mark at the
    start of a table, as spreadsheets add on saving, is ignored.

    Args:
        path: The bundle folder or its ``datapackage.json``.

    Yields:
        The records, in ``articles.csv`` order.

    Raises:
        ReadError: The descriptor or a table is missing or malformed, a child
            row has no article (or is out of order), an id repeats, or a record
            is invalid; the location names the table's file and row (the
            header is row 1).
    """
    folder, descriptor_path = _locate(path)
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        unescape = bool(descriptor.get(EXTENSION_KEY, {}).get("spreadsheet_safe", False))
    except (OSError, ValueError, AttributeError) as error:
        raise ReadError(descriptor_path, "file", f"not a readable Data Package descriptor: {error}") from error
    allow_long_fields()
    parent, *child_tables = tables()
    with ExitStack() as files:

        def open_table(table: Table) -> TextIO:
            try:
                # utf-8-sig: a byte order mark that a spreadsheet added on saving is not part of the header
                return files.enter_context(open(folder / table.path, encoding="utf-8-sig", newline=""))
            except OSError as error:
                raise ReadError(folder / table.path, "file", f"cannot open: {error}") from error

        articles_file = folder / parent.path
        rows = _csv_rows(open_table(parent), articles_file)
        children = [_ChildRows(table, open_table(table), folder, unescape) for table in child_tables]
        _check_header(articles_file, next(rows, None), parent.header)
        width = len(parent.header)
        seen: set[str] = set()
        for number, row in enumerate(rows, start=2):
            location = f"row {number}"
            if len(row) != width:
                raise ReadError(articles_file, location, f"expected {width} cells, found {len(row)}")
            data = _build(parent.columns, row, unescape)
            article_id = data["id"]
            if article_id in seen:
                raise ReadError(articles_file, location, f"duplicate article id {article_id!r}")
            seen.add(article_id)
            for child in children:
                data[child.field] = child.take(article_id)
            try:
                yield Article.model_validate(data)
            except ValidationError as error:
                raise ReadError(articles_file, location, describe_validation_error(error)) from error
        for child in children:
            child.check_exhausted()
