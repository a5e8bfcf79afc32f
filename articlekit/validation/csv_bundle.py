"""Reading CSV bundles for ``articlekit validate``: the descriptor, the tables, then records.

A bundle is checked in three steps:

1. ``datapackage.json`` against the descriptor articlekit writes
   (:func:`articlekit.exporters.csv_bundle.datapackage_descriptor`): every
   resource present, at its path, with its fields, types and keys
   (``csv-descriptor``); a resource path that would leave the bundle folder
   (absolute, ``..``, a URL, or through a symbolic link) is refused and never
   opened (``unsafe-path``).
2. Each table's header row (``csv-header``); a table with a wrong header, or
   that cannot be used at all, is left out, and the record field it holds is
   not reported again record by record.
3. The records, streamed: each ``articles.csv`` row with its child rows, which
   must follow ``articles.csv`` order as the writer leaves them. Cells that do
   not read as their type (``csv-type``), repeated keys (``csv-primary-key``)
   and child rows whose article is not in ``articles.csv`` or out of order
   (``csv-foreign-key``) are reported where they are; each assembled record is
   then checked like any other, and its problems are placed at the CSV file,
   row and column that hold the field.

Only the article ids are held for the whole bundle (to tell a missing article
from one that comes later); everything else streams.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Generator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, TextIO

from articlekit.exporters import csv_bundle

from .jsonl import Item
from .problems import FILE, Location, Problem, RecordProblem, json_pointer, render_value

_TRUE, _FALSE = "true", "false"


def unsafe_reason(folder: Path, path: str) -> str | None:
    """Why a resource path would leave the bundle folder, or None when it stays inside.

    Args:
        folder: The bundle folder.
        path: The resource's ``path`` from the descriptor.
    """
    if "://" in path or path.startswith("//"):
        return "is a URL; a bundle's tables must be files inside its folder"
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute() or PureWindowsPath(path).drive:
        return "is absolute; it must be relative to the bundle folder"
    if ".." in PurePosixPath(path).parts or ".." in PureWindowsPath(path).parts:
        return "climbs out of the bundle folder with '..'"
    current = folder
    for part in PurePosixPath(path).parts:
        current = current / part
        if current.is_symlink():
            return f"goes through the symbolic link {current.relative_to(folder)}"
    try:
        inside = current.resolve().is_relative_to(folder.resolve())
    except OSError:  # pragma: no cover - a loop of links is caught above
        inside = False
    return None if inside else "resolves outside the bundle folder"


@dataclass
class _Table:
    """A table of the bundle as found: where it is, whether it can be read, its reader."""

    spec: csv_bundle.Table
    file: str
    path: Path | None
    rows: Iterator[tuple[int, list[str]]] = field(default_factory=lambda: iter(()))
    pending: tuple[int, list[str]] | None = None
    broken: Problem | None = None
    """Why the table could not be read to its end, once that happened."""


class CsvBundleSource:
    """One CSV bundle (a folder or its ``datapackage.json``), for the validation runner.

    Args:
        path: The bundle folder or its descriptor.
        file: How the input is named in problems.
    """

    format = "csv"

    def __init__(self, path: Path, file: str) -> None:
        given = Path(file)
        if path.is_dir():
            self.folder, self.file_folder = path, given
        else:
            self.folder, self.file_folder = path.parent, given.parent
        self.descriptor_path = self.folder / csv_bundle.DESCRIPTOR_NAME
        self.file = str(self.file_folder / csv_bundle.DESCRIPTOR_NAME)
        self._tables: dict[str, _Table] = {}
        self._left_out: set[str] = set()  # record fields whose table cannot be used
        self._current_rows: dict[str, list[int]] = {}
        self._current_bad: set[tuple[str | int, ...]] = set()
        specs = csv_bundle.tables()
        self._parent_spec = specs[0]
        self._child_specs = specs[1:]
        self._columns = {column.path: column.name for column in self._parent_spec.columns}
        self._id_index = self._parent_spec.header.index("id")

    # --- placing problems --------------------------------------------------------------------------

    def _table_file(self, name: str) -> str:
        table = self._tables.get(name)
        if table is not None:
            return table.file
        return str(self.file_folder / f"{name}.csv")

    def locate(self, key: int, path: tuple[str | int, ...]) -> tuple[str, Location]:
        """The CSV file, row and column holding the field at ``path`` of the record in row ``key``."""
        articles = self._table_file(csv_bundle.ARTICLES)
        if not path:
            return articles, Location(row=key)
        name = path[0]
        spec = next((spec for spec in self._child_specs if spec.field == name), None)
        if spec is None:
            column = self._columns.get(tuple(str(part) for part in path[:2])) or self._columns.get((str(name),))
            return articles, Location(row=key, column=column)
        rows = self._current_rows.get(str(name), [])
        if len(path) < 2 or not isinstance(path[1], int) or path[1] >= len(rows):
            return articles, Location(row=key)
        inner = tuple(str(part) for part in path[2:3])
        column = next((c.name for c in spec.columns if c.path == inner), None)
        if column is None and len(spec.columns) == 1:
            column = spec.columns[0].name
        return self._table_file(spec.name), Location(row=rows[path[1]], column=column)

    def suppressed(self, problem: RecordProblem) -> bool:
        """Whether the problem follows from a cell, row or table problem already reported."""
        path = problem.path
        if path and path[0] in self._left_out:
            return True
        if problem.code == "text-mismatch" and ("blocks",) in self._current_bad:
            return True  # a block row left out changes the joined text too
        return any(path[: len(bad)] == bad for bad in self._current_bad)

    # --- reading -----------------------------------------------------------------------------------

    def items(self) -> Iterator[Item]:
        """Descriptor and table problems, then ``(row, record)`` for every article with its problems."""
        descriptor = yield from self._read_descriptor()
        if descriptor is None:
            return
        csv_bundle.allow_long_fields()
        with ExitStack() as files:
            yield from self._open_tables(descriptor, files)
            parent = self._tables.get(csv_bundle.ARTICLES)
            if parent is None or parent.path is None:
                return
            order = yield from self._article_ids(parent, files)
            parent.rows = self._rows(parent, files)
            next(parent.rows, None)  # the header, checked when the table was opened
            yield from self._records(parent, order, descriptor)

    def _read_descriptor(self) -> Generator[Item, None, dict[str, Any] | None]:
        where = self.descriptor_path
        if where.exists() and not where.is_file():  # a FIFO would block the read below forever
            yield Problem(self.file, FILE, "", "csv-descriptor", "datapackage.json is not a regular file")
            return None
        try:
            text = where.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            yield Problem(self.file, FILE, "", "csv-descriptor", "the bundle has no datapackage.json")
            return None
        except (OSError, UnicodeDecodeError) as error:
            yield Problem(self.file, FILE, "", "csv-descriptor", f"datapackage.json cannot be read: {error}")
            return None
        try:
            descriptor = json.loads(text)
        except ValueError as error:
            yield Problem(self.file, FILE, "", "csv-descriptor", f"datapackage.json is not JSON: {error}")
            return None
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
            message = "datapackage.json must be an object with a list of resources"
            yield Problem(self.file, FILE, "/resources", "csv-descriptor", message)
            return None
        return descriptor

    def _open_tables(self, descriptor: dict[str, Any], files: ExitStack) -> Iterator[Item]:
        safe = bool(descriptor.get(csv_bundle.EXTENSION_KEY, {}).get("spreadsheet_safe", False))
        expected = {
            resource["name"]: resource
            for resource in csv_bundle.datapackage_descriptor(spreadsheet_safe=safe)["resources"]
        }
        given: dict[str, tuple[int, dict[str, Any]]] = {}
        for index, resource in enumerate(descriptor["resources"]):
            name = resource.get("name") if isinstance(resource, dict) else None
            if not isinstance(name, str) or name not in expected:
                message = f"resource {name!r} is not part of an articlekit bundle"
                yield Problem(self.file, FILE, f"/resources/{index}", "csv-descriptor", message, render_value(name))
            elif name in given:
                message = f"resource {name!r} is described twice"
                yield Problem(self.file, FILE, f"/resources/{index}/name", "csv-descriptor", message)
            else:
                given[name] = (index, resource)
        for spec in (self._parent_spec, *self._child_specs):
            table = _Table(spec, str(self.file_folder / spec.path), None)
            self._tables[spec.name] = table
            if spec.name not in given:
                message = f"resource {spec.name!r} ({spec.path}) is missing"
                yield Problem(self.file, FILE, "/resources", "csv-descriptor", message)
            else:
                index, resource = given[spec.name]
                table.path = yield from self._check_resource(index, resource, expected[spec.name], table)
            if table.path is not None:
                problem = self._check_header(table, files)
                if problem is not None:
                    yield problem
                    table.path = None
            if table.path is None and spec.field is not None:
                self._left_out.add(spec.field)

    def _check_resource(
        self, index: int, resource: dict[str, Any], expected: dict[str, Any], table: _Table
    ) -> Generator[Item, None, Path | None]:
        """Report how a resource differs from articlekit's; return the path to read it from, if any."""
        at = f"/resources/{index}"
        path = resource.get("path")
        if not isinstance(path, str) or not path:
            message = "path must be one relative file path (multi-part resources are not supported)"
            yield Problem(self.file, FILE, f"{at}/path", "csv-descriptor", message, render_value(path))
            return None
        reason = unsafe_reason(self.folder, path)
        if reason is not None:
            message = f"resource path {path!r} {reason}; it was not opened"
            yield Problem(self.file, FILE, f"{at}/path", "unsafe-path", message, render_value(path))
            return None
        if path != expected["path"]:
            message = f"resource {table.spec.name!r} is at {path!r}; articlekit bundles keep it at {expected['path']!r}"
            yield Problem(self.file, FILE, f"{at}/path", "csv-descriptor", message, render_value(path))
        table.file = str(self.file_folder / path)
        schema = resource.get("schema")
        wanted = expected["schema"]
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            yield Problem(self.file, FILE, f"{at}/schema", "csv-descriptor", "schema must hold a list of fields")
        else:
            fields = schema["fields"]
            names = [item.get("name") if isinstance(item, dict) else None for item in fields]
            wanted_names = [item["name"] for item in wanted["fields"]]
            if names != wanted_names:
                message = f"fields are {names}; expected {wanted_names}"
                yield Problem(self.file, FILE, f"{at}/schema/fields", "csv-descriptor", message)
            else:
                for position, (item, want) in enumerate(zip(fields, wanted["fields"], strict=True)):
                    if item.get("type") != want["type"]:
                        message = f"field {want['name']!r} has type {item.get('type')!r}; expected {want['type']!r}"
                        pointer = f"{at}/schema/fields/{position}/type"
                        yield Problem(self.file, FILE, pointer, "csv-descriptor", message)
            for key in ("primaryKey", "foreignKeys"):
                if schema.get(key) != wanted.get(key):
                    message = f"{key} is {schema.get(key)!r}; expected {wanted.get(key)!r}"
                    yield Problem(self.file, FILE, f"{at}/schema/{key}", "csv-descriptor", message)
        candidate = self.folder / path
        if not candidate.is_file():
            missing = "is not a regular file" if candidate.exists() else "does not exist in the bundle"
            message = f"resource {table.spec.name!r}: {path} {missing}"
            yield Problem(self.file, FILE, f"{at}/path", "csv-descriptor", message)
            return None
        return candidate

    def _rows(self, table: _Table, files: ExitStack) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) of a table, the header being row 1; bytes that are not UTF-8 end it."""
        assert table.path is not None
        # utf-8-sig: a byte order mark a spreadsheet adds on saving is not part of the header.
        stream: TextIO = files.enter_context(open(table.path, encoding="utf-8-sig", newline=""))  # noqa: SIM115
        reader = csv.reader(stream)
        number = 0
        try:
            for number, row in enumerate(reader, 1):
                yield number, row
        except UnicodeDecodeError as error:
            # The text layer decodes ahead of the CSV reader, so the row it was on says little: find the row
            # and column of the first bad byte from the bytes themselves.
            bad_row, cell = _where_utf8_breaks(table.path)
            column = table.spec.header[cell] if cell < len(table.spec.header) else None
            message = f"not valid UTF-8 ({error.reason}); the rest of the table was not read"
            raise _TableBroken(
                Problem(table.file, Location(row=bad_row, column=column), "", "not-utf8", message)
            ) from error
        except csv.Error as error:
            message = f"not readable as CSV: {error}"
            raise _TableBroken(Problem(table.file, Location(row=number + 1), "", "csv-type", message)) from error

    def _check_header(self, table: _Table, files: ExitStack) -> Problem | None:
        rows = self._rows(table, files)
        try:
            first = next(rows, None)
        except _TableBroken as broken:
            return broken.problem
        header = first[1] if first else None
        if header != table.spec.header:
            message = f"header is {header}; expected {table.spec.header}"
            return Problem(table.file, Location(row=1), "", "csv-header", message)
        table.rows = rows
        table.pending = self._next(table)
        return None

    def _next(self, table: _Table) -> tuple[int, list[str]] | None:
        try:
            return next(table.rows, None)
        except _TableBroken as broken:  # reported once the records are done: the rest of the table is lost
            table.rows = iter(())
            table.broken = broken.problem
            return None

    def _article_ids(self, parent: _Table, files: ExitStack) -> Generator[Item, None, dict[str, int]]:
        """First pass over articles.csv: each article's order, and repeated or empty ids reported."""
        order: dict[str, int] = {}
        rows = self._rows(parent, files)
        next(rows, None)
        try:
            for number, row in rows:
                article_id = row[self._id_index] if len(row) > self._id_index else ""
                if not article_id:
                    message = "the primary key id is empty"
                    yield Problem(parent.file, Location(row=number, column="id"), "/id", "csv-primary-key", message)
                elif article_id in order:
                    message = f"the primary key id {article_id!r} repeats an earlier row"
                    problem = Problem(parent.file, Location(row=number, column="id"), "/id", "csv-primary-key", message)
                    yield problem
                else:
                    order[article_id] = number
        except _TableBroken as broken:
            parent.broken = broken.problem
            yield broken.problem
        return order

    def _records(self, parent: _Table, order: dict[str, int], descriptor: dict[str, Any]) -> Iterator[Item]:
        unescape = bool(descriptor.get(csv_bundle.EXTENSION_KEY, {}).get("spreadsheet_safe", False))
        children = [self._tables[spec.name] for spec in self._child_specs if spec.field not in self._left_out]
        width = len(self._parent_spec.header)
        seen: set[str] = set()
        try:
            for number, row in parent.rows:
                self._current_rows = {}
                self._current_bad = set()
                article_id = row[self._id_index] if len(row) > self._id_index else ""
                if not article_id or article_id in seen:
                    continue  # reported by the first pass; its child rows cannot be told apart
                seen.add(article_id)
                complete = len(row) == width
                if not complete:
                    message = f"expected {width} cells, found {len(row)}; the row was not checked further"
                    yield Problem(parent.file, Location(row=number), "", "csv-type", message)
                record = {}
                if complete:
                    record = yield from self._build(parent, self._parent_spec.columns, row, number, unescape, ())
                for child in children:  # taken even for an incomplete row, so later rows stay aligned
                    name = child.spec.field
                    assert name is not None  # children are the list fields' tables
                    record[name] = yield from self._take(child, article_id, number, order, unescape)
                if complete:
                    yield number, record
        except _TableBroken as broken:
            if parent.broken is None:  # the first pass reported it already otherwise
                yield broken.problem
        for child in children:
            while child.pending is not None:
                yield self._orphan(child, child.pending, order)
                child.pending = self._next(child)
            if child.broken is not None:
                yield child.broken

    def _take(
        self, child: _Table, article_id: str, number: int, order: dict[str, int], unescape: bool
    ) -> Generator[Item, None, list[Any]]:
        """The child rows of one article, as the list field's items; reports the rows out of place."""
        assert child.spec.field is not None
        items: list[Any] = []
        rows: list[int] = []
        seen = 0  # rows of this article, including any left out, so positions stay comparable
        width = len(child.spec.header)
        while child.pending is not None:
            row_number, row = child.pending
            owner = row[0] if row else ""
            if owner != article_id:
                if order.get(owner, -1) > number:
                    break  # the rows of a later article
                yield self._orphan(child, child.pending, order)
                child.pending = self._next(child)
                continue
            child.pending = self._next(child)
            seen += 1
            if len(row) != width:
                message = f"expected {width} cells, found {len(row)}; the row was left out"
                yield Problem(child.file, Location(row=row_number), "", "csv-type", message)
                self._current_bad.add((child.spec.field,))
                continue
            position = row[1]
            if position != str(seen - 1):
                code = "csv-type" if not position.isdigit() else "csv-primary-key"
                what = "is not a whole number" if code == "csv-type" else f"should be {seen - 1}"
                message = f"position {position!r} {what}: positions count 0, 1, 2, ... in row order"
                yield Problem(child.file, Location(row=row_number, column="position"), "", code, message)
                self._current_bad.add((child.spec.field,))
            path = (child.spec.field, len(items))
            cells = row[2:]
            rows.append(row_number)
            if len(child.spec.columns) == 1 and not child.spec.columns[0].path:
                value = yield from self._cell(child, cells[0], child.spec.columns[0], row_number, path, unescape)
                items.append(value)
            else:
                items.append((yield from self._build(child, child.spec.columns, cells, row_number, unescape, path)))
        self._current_rows[child.spec.field] = rows
        return items

    def _orphan(self, child: _Table, pending: tuple[int, list[str]], order: dict[str, int]) -> Problem:
        row_number, row = pending
        owner = row[0] if row else ""
        why = "comes before that article's row order" if owner in order else "is not in articles.csv"
        message = f"article_id {owner!r} {why}; child rows must follow articles.csv order"
        location = Location(row=row_number, column="article_id")
        return Problem(child.file, location, "", "csv-foreign-key", message, render_value(owner))

    def _build(
        self,
        table: _Table,
        columns: tuple[csv_bundle.Column, ...],
        cells: list[str],
        row_number: int,
        unescape: bool,
        prefix: tuple[str | int, ...],
    ) -> Generator[Item, None, dict[str, Any]]:
        built: dict[str, Any] = {}
        for column, cell in zip(columns, cells, strict=True):
            target = built
            for key in column.path[:-1]:
                target = target.setdefault(key, {})
            path = (*prefix, *column.path)
            target[column.path[-1]] = yield from self._cell(table, cell, column, row_number, path, unescape)
        return built

    def _cell(
        self,
        table: _Table,
        cell: str,
        column: csv_bundle.Column,
        row_number: int,
        path: tuple[str | int, ...],
        unescape: bool,
    ) -> Generator[Item, None, Any]:
        """The JSON value of one cell; a cell that does not read as its type is reported here."""
        shape = column.shape
        if cell == "" and shape.nullable:
            return None
        if shape.kind == "boolean":
            if cell in (_TRUE, _FALSE):
                return cell == _TRUE
            message = f"{cell!r} is not a boolean; write true or false"
            pointer = json_pointer(path)
            location = Location(row=row_number, column=column.name)
            yield Problem(table.file, location, pointer, "csv-type", message, render_value(cell))
            self._current_bad.add(path)
            return cell
        if unescape and shape.kind == "string" and cell.startswith("'"):
            return cell[1:]
        return cell


def _where_utf8_breaks(path: Path) -> tuple[int, int]:
    """Row (from 1) and cell index (from 0) holding a CSV file's first byte that is not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    text: list[str] = []
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 16):
            try:
                text.append(decoder.decode(chunk))
            except UnicodeDecodeError as error:
                text.append(chunk[: error.start].decode("utf-8", errors="ignore"))
                break
    prefix = "".join(text).removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(prefix, newline="")))
    if not rows or prefix.endswith(("\n", "\r")):
        return len(rows) + 1, 0
    return len(rows), max(len(rows[-1]) - 1, 0)


class _TableBroken(Exception):
    """A table cannot be read further; carries the problem that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem
