"""Reading Parquet files for ``articlekit validate``: the Arrow schema by column, then rows as JSON records.

The file's Arrow schema is compared with the contract's
(``arrow_schema()`` of the Parquet exporter) before any row is read: a
column that is missing, has another type, or is not part of the contract is
reported once, as ``parquet-schema`` with the column's path, and the rows'
problems at that field are not reported again. Columns with the wrong type are
not read at all (their values could be anything); extra columns neither.

Rows are then read a row group at a time, in batches, and turned into the
record's JSON form: an instant and its ``<name>_offset_minutes`` column become
one RFC 3339 string with the offset, exactly as the JSONL exporter writes it.
Type equivalences a partner's tool may produce are accepted: ``large_string``
or ``string_view`` for ``string``, ``large_list`` for ``list``, dictionary
encoding of any of them. Nullability is not compared: a null where the
contract wants a value is reported row by row by the JSON Schema.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

# The Parquet exporter's own schema helpers; exporters/parquet.py uses them without re-exporting them
# (no __all__), so mypy --strict only accepts them from the module that defines them.
from articlekit.exporters._arrow import OFFSET_SUFFIX, arrow_schema, instant_fields

from .columns import batch_verdict
from .dependencies import readable_columns
from .jsonl import Item
from .problems import FILE, Location, Problem, RecordProblem, Verified

_BATCH_ROWS = 1024
_FAST_BATCH_ROWS = 2048  # judged by column: larger batches spread each compute call's fixed cost further
_ROW_BITS = 32  # a record's key packs its row group above its row
_ROW_MASK = (1 << _ROW_BITS) - 1
_EPOCH = datetime(1970, 1, 1)
_WILDCARD = "*"  # any list index, in a column path


def _normalised(arrow_type: pa.DataType) -> pa.DataType:
    """The type with the variants that mean the same to a reader folded in."""
    if pa.types.is_dictionary(arrow_type):
        return _normalised(arrow_type.value_type)
    if pa.types.is_large_string(arrow_type) or pa.types.is_string_view(arrow_type):
        return pa.string()
    if pa.types.is_large_list(arrow_type) or pa.types.is_list_view(arrow_type):
        return pa.list_(arrow_type.value_field)
    return arrow_type


def _compare(expected: pa.DataType, found: pa.DataType, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    """Yield (column path, what is wrong) for every difference between two types, deepest first found."""
    found = _normalised(found)
    if pa.types.is_struct(expected) and pa.types.is_struct(found):
        names = [expected.field(index).name for index in range(expected.num_fields)]
        present = {found.field(index).name: found.field(index).type for index in range(found.num_fields)}
        for name in names:
            member = expected.field(name).type
            if name not in present:
                yield (*path, name), f"missing; expected {member}"
            else:
                yield from _compare(member, present[name], (*path, name))
        for name in present:
            if name not in names:
                yield (*path, name), f"is not part of the article contract ({present[name]})"
        return
    if pa.types.is_list(expected) and pa.types.is_list(found):
        yield from _compare(expected.value_type, found.value_type, (*path, _WILDCARD))
        return
    if expected != found:
        yield path, f"has type {found}; expected {expected}"


def _column_name(path: tuple[str, ...]) -> str:
    return ".".join("element" if part == _WILDCARD else part for part in path)


class ParquetSource:
    """One Parquet file, for the validation runner.

    Args:
        path: The file.
        file: How the file is named in problems.
    """

    format = "parquet"

    def __init__(self, path: Path, file: str, *, fast: bool = True, row_groups: range | None = None) -> None:
        self.path = path
        self.file = file
        self.fast = fast
        """Whether batches may be judged column by column (:mod:`articlekit.validation.columns`)."""
        self.row_groups = row_groups
        """Read only these row groups (a part of the file, ``validate --jobs``); the file's own problems
        (its schema) are then reported only by the part that starts at row group 0."""
        self._suppressed: list[tuple[str, ...]] = []

    def locate(self, key: int, path: tuple[str | int, ...]) -> tuple[str, Location]:
        """Row group and row (both from 0) of the record ``key``."""
        return self.file, Location(row_group=key >> _ROW_BITS, row=key & _ROW_MASK)

    def suppressed(self, problem: RecordProblem) -> bool:
        """Whether the problem's field belongs to a column already reported as wrong."""
        path = problem.path
        for column in self._suppressed:
            if len(path) >= len(column) and all(
                want == got or (want == _WILDCARD and isinstance(got, int))
                for want, got in zip(column, path, strict=False)
            ):
                return True
        return False

    def items(self) -> Iterator[Item]:
        """The schema's problems, then ``(key, record)`` for every row and any unreadable row group."""
        if self.path.stat().st_size == 0:
            yield Problem(self.file, FILE, "", "empty-file", "the file holds no bytes")
            return
        try:
            reader = pq.ParquetFile(self.path, pre_buffer=True)
            found = reader.schema_arrow
        except (OSError, pa.ArrowException) as error:
            message = f"not a readable Parquet file (truncated or corrupt): {error}"
            yield Problem(self.file, FILE, "", "corrupt-parquet", message)
            return
        try:
            groups = range(reader.num_row_groups) if self.row_groups is None else self.row_groups
            if groups.start == 0:
                columns = yield from self._check_schema(found)
            else:  # another part reports the schema's problems; this one only needs the columns to read
                schema_check = self._check_schema(found)
                while True:
                    try:
                        next(schema_check)
                    except StopIteration as done:
                        columns = done.value
                        break
            instants = [name for name in instant_fields() if name in columns]
            # Only a file whose schema is the contract's, every column included, can be judged by column.
            verdict = batch_verdict() if self.fast and not self._suppressed else None
            for group in groups:
                row = 0
                try:
                    # Batch by batch within the row group: memory holds one batch of Python records.
                    batches = reader.iter_batches(
                        batch_size=_FAST_BATCH_ROWS if verdict else _BATCH_ROWS,
                        row_groups=[group],
                        columns=columns,
                        use_threads=False,
                    )
                    for batch in batches:
                        base = group << _ROW_BITS
                        ids = None if verdict is None else verdict(batch)
                        if ids is not None:
                            for index, record_id in enumerate(ids, row):
                                yield base | index, Verified(record_id)
                            row += len(ids)
                            continue
                        for start in range(0, batch.num_rows, _BATCH_ROWS):
                            records = _records(batch.slice(start, _BATCH_ROWS), instants)
                            for index, record in enumerate(records, row):
                                yield base | index, record
                            row += len(records)
                except (OSError, pa.ArrowException, UnicodeDecodeError) as error:
                    where = Location(row_group=group, row=row)
                    message = f"row group {group} cannot be read from row {row} on (truncated or corrupt): {error}"
                    yield Problem(self.file, where, "", "corrupt-parquet", message)
        finally:
            reader.close()

    def _check_schema(self, found: pa.Schema) -> Generator[Item, None, list[str]]:
        """Report the file's columns that differ from the contract; return the columns to read."""
        expected = arrow_schema()
        present = {field.name: field.type for field in found}
        columns: list[str] = []
        for field in expected:
            problems = (
                [((field.name,), f"missing; expected {field.type}")]
                if field.name not in present
                else list(_compare(field.type, present[field.name], (field.name,)))
            )
            for path, what in problems:
                message = f"column {_column_name(path)} {what}"
                fields = (*_record_path(path[0]), *(part for part in path[1:] if part != _WILDCARD))
                pointer = "/" + "/".join(fields)
                yield Problem(self.file, Location(column=_column_name(path)), pointer, "parquet-schema", message)
            if problems:
                self._suppressed.append(_record_path(field.name))
            else:
                columns.append(field.name)
        for name, arrow_type in present.items():
            if expected.get_field_index(name) < 0:
                message = f"column {name} is not part of the article contract ({arrow_type})"
                yield Problem(self.file, Location(column=name), f"/{name}", "parquet-schema", message)
        # An offset column without its instant is no field of the record: reading it would report it again.
        return readable_columns(columns, {field.name for field in expected} - set(columns))


def _record_path(column: str) -> tuple[str, ...]:
    """The record field a top-level column stands for (an offset column stands for its instant)."""
    return (column.removesuffix(OFFSET_SUFFIX),)


def _records(batch: pa.RecordBatch, instants: list[str]) -> list[dict[str, Any]]:
    """The batch's rows in the record's JSON form."""
    names = batch.schema.names
    offsets = {name + OFFSET_SUFFIX for name in instants}
    kept: list[str] = []
    values: list[list[Any]] = []
    for name, column in zip(names, batch.columns, strict=True):
        if name in offsets:
            continue
        kept.append(name)
        if name in instants:
            micros = column.cast(pa.int64()).to_pylist()
            offset_name = name + OFFSET_SUFFIX
            minutes = batch.column(offset_name).to_pylist() if offset_name in names else [0] * len(micros)
            values.append(list(map(_rfc3339, micros, minutes)))
        else:
            values.append(column.to_pylist())
    return [dict(zip(kept, row, strict=True)) for row in zip(*values, strict=True)]


def _rfc3339(micros: int | None, minutes: int | None) -> str | None:
    """An instant in microseconds since the epoch, at ``minutes`` east of UTC, as the JSONL exporter writes it.

    A missing offset gives a date-time without one, and an offset out of
    range gives one the pattern refuses: both are reported as the instant's
    own problem rather than hidden.
    """
    if micros is None:
        return None
    try:
        local = _EPOCH + timedelta(microseconds=micros + (minutes or 0) * 60_000_000)
    except OverflowError:
        return f"{micros} µs since 1970 at {minutes} minutes east of UTC (out of range)"
    text = local.isoformat()
    if minutes is None:
        return text
    if minutes == 0:
        return text + "Z"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}:{rest:02d}"
