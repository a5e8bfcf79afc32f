"""Parquet: an explicit Arrow schema derived from the model, zstd, streaming row groups.

The Arrow schema is built from the model's JSON Schema (see :func:`arrow_schema`),
never inferred from the data, so every file has the same column types whatever
its first rows hold: strings, booleans, ``timestamp[us, tz=UTC]`` for instants
(microseconds because Spark reads those by default and the model keeps no
finer precision), lists, and structs for the nested records.

**Offsets.** A Parquet/Arrow timestamp with a time zone stores the UTC instant
and one zone for the whole column, so the offset a source gave
(``2025-02-08T16:38:35+08:00``) cannot live in the timestamp itself. Each
instant column is therefore followed by ``<name>_offset_minutes`` (int16, the
offset east of UTC in minutes; the model only allows whole minutes within
±23:59), and the reader re-applies it: a record comes back with ``+08:00``,
not converted to ``Z``. Tools that only want the instant ignore the column.

Files carry key-value metadata ``articlekit.schema_version`` and
``articlekit.json_schema`` (the published JSON Schema's text). Records are
buffered into row groups of at most :data:`DEFAULT_ROW_GROUP_SIZE` rows and
:data:`DEFAULT_ROW_GROUP_BYTES` bytes of Arrow data and written as they fill,
so memory does not grow with the number of records, nor with their size.

With ``partition_by`` the output is a Hive-partitioned dataset folder
(``published_year=2025/published_month=02/part-00000.parquet`` or
``source_domain=voachinese.com/...``): partitions are computed from the UTC
instant, and records without a value go to ``__HIVE_DEFAULT_PARTITION__``,
which Hive, Spark, DuckDB and pyarrow read as null. Every file holds every
column, so each one is a complete dataset on its own.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from datetime import UTC
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import ValidationError

from articlekit.schema import SCHEMA_VERSION, Article, published_schema_text

from ._arrow import OFFSET_SUFFIX, arrow_schema, instant_fields, record_batch, restore_instants
from ._base import AtomicWriter, ReadError, describe_validation_error, write_all

NAME = "parquet"
"""Registry name of the format."""
EXTENSIONS = (".parquet",)
"""File (or dataset folder) name endings that select this format."""
DEFAULT_NAME = "articles.parquet"
"""File or dataset folder name inside an output folder."""

DEFAULT_ROW_GROUP_SIZE = 10_000
"""Most records per row group."""
DEFAULT_ROW_GROUP_BYTES = 32 * 2**20
"""Most bytes of Arrow data (``RecordBatch.nbytes``) per row group: a row group is written when it holds
:data:`DEFAULT_ROW_GROUP_SIZE` records or this many bytes, whichever comes first. The bytes bound keeps
memory flat whatever the size of the records, and keeps a row group small enough that the columns just
converted are still in the CPU cache when pyarrow encodes and compresses them: news-sized records (about
9 KiB of Arrow data each) make row groups of about 3,600 records, 20 MiB on disk, which the benchmark
writes about 15% faster, with 60 MiB less peak memory, than 10,000-record row groups (90 MiB of Arrow
data, far more than a typical 32 MiB last-level cache)."""
HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"
"""Partition value for records without the partition field, as Hive and Spark spell null."""
PartitionKey = Literal["year", "month", "source"]
PARTITION_KEYS: tuple[PartitionKey, ...] = ("year", "month", "source")
"""The values ``partition_by`` accepts."""
METADATA_SCHEMA_VERSION = "articlekit.schema_version"
METADATA_JSON_SCHEMA = "articlekit.json_schema"

DICTIONARY_COLUMNS = (
    "schema_version",
    "source.name",
    "source.domain",
    "language",
    "categories.list.element",
    "tags.list.element",
    "blocks.list.element.kind",
    "flags.list.element",
    "provenance.format",
    "provenance.encoding",
    "provenance.converter_version",
)
"""Columns with few distinct values, the only ones dictionary-encoded. pyarrow's default tries a
dictionary on every column; on body text, URLs and hashes that is work thrown away (on the benchmark's
records: about 10% of the write time, and a file 0.7% larger)."""

_DEFAULT_MAX_OPEN_FILES = 64
_BATCH_ROWS = 512
"""Records converted to Arrow at a time. Smaller batches reach records while they are still in the CPU
cache after their producer made them: on the benchmark, 512 writes about a fifth faster than 1,024 (and
5-10% faster than 256, where the per-batch work starts to show)."""
_BATCH_CHARS = 2**21
"""Characters of ``text`` after which buffered records are converted early: the body text and the
blocks (the same text again) make most of a record's bytes, so this bounds the Arrow data of one batch
of very long records to about 12 MiB."""
_READ_BATCH_ROWS = 1024


def render_arrow_schema() -> str:
    """Return the exact text of the checked-in ``article.arrow-schema.txt``."""
    return str(arrow_schema().to_string(show_schema_metadata=False)) + "\n"


def file_metadata() -> dict[str, str]:
    """Return the key-value metadata every Parquet file carries."""
    return {METADATA_SCHEMA_VERSION: SCHEMA_VERSION, METADATA_JSON_SCHEMA: published_schema_text()}


@cache
def _schema_with_metadata() -> pa.Schema:
    return arrow_schema().with_metadata(file_metadata())


class _Sink:
    """One Parquet file being written: the buffered row group and the pyarrow writer.

    Records are converted to Arrow every :data:`_BATCH_ROWS` rows (or
    :data:`_BATCH_CHARS` characters of text), so the buffer holds compact Arrow
    data rather than Python objects; a flush writes all buffered batches as one
    row group.
    """

    def __init__(self, path: Path, options: dict[str, Any]) -> None:
        self.path = path
        self.rows = 0
        """Records buffered and not yet written."""
        self.nbytes = 0
        """Bytes of Arrow data converted and not yet written (records waiting for conversion not counted)."""
        self._options = options
        self._unconverted: list[Article] = []
        self._unconverted_chars = 0
        self._unconverted_estimate = 0
        self._batches: list[pa.RecordBatch] = []
        self._writer: pq.ParquetWriter | None = None

    def open(self) -> pq.ParquetWriter:
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, _schema_with_metadata(), **self._options)
        return self._writer

    @property
    def buffered_bytes(self) -> int:
        """Bytes of Arrow data buffered: exact for converted records, a generous estimate for the rest.

        A record not yet converted counts its text twice (the text and its
        blocks' texts) at the most bytes per character its characters can
        take, so the estimate reaches the limit no later than the exact
        figure does; the writer then converts (:meth:`exact_bytes`) to decide.
        """
        return self.nbytes + self._unconverted_estimate

    def exact_bytes(self) -> int:
        """Convert any waiting records and return the exact bytes of Arrow data buffered."""
        if self._unconverted:
            self._convert()
        return self.nbytes

    def add(self, record: Article) -> None:
        self._unconverted.append(record)
        self.rows += 1
        self._unconverted_chars += len(record.text)
        # str.isascii is O(1) in CPython (the string's kind says it); other text takes up to 3 bytes a character.
        self._unconverted_estimate += len(record.text) * (2 if record.text.isascii() else 6)
        if len(self._unconverted) >= _BATCH_ROWS or self._unconverted_chars >= _BATCH_CHARS:
            self._convert()

    def _convert(self) -> None:
        batch = record_batch(self._unconverted, _schema_with_metadata())
        self._batches.append(batch)
        self.nbytes += batch.nbytes
        self._unconverted, self._unconverted_chars, self._unconverted_estimate = [], 0, 0

    def flush(self) -> None:
        if self._unconverted:
            self._convert()
        if self.rows:
            table = pa.Table.from_batches(self._batches, schema=_schema_with_metadata())
            self.open().write_table(table, row_group_size=self.rows)
            self._batches = []
            self.rows = self.nbytes = 0

    def close(self) -> None:
        self.flush()
        self.open().close()  # a file with no rows still carries the schema

    def discard(self) -> None:
        self._batches, self._unconverted = [], []
        self._unconverted_chars = self._unconverted_estimate = 0
        self.rows = self.nbytes = 0
        if self._writer is not None:
            with contextlib.suppress(OSError, pa.ArrowException):  # the output is being dropped anyway
                self._writer.close()


def _writer_options(compression: str, compression_level: int | None) -> dict[str, Any]:
    return {
        "compression": compression,
        "compression_level": compression_level,
        "use_dictionary": list(DICTIONARY_COLUMNS),
    }


def _check_record(record: object) -> None:
    if not isinstance(record, Article):
        raise TypeError(f"expected an Article, got {type(record).__name__}")


class ParquetFileWriter(AtomicWriter):
    """Streams records into one Parquet file, a row group at a time, atomically.

    Args:
        dest: The output file.
        row_group_size: Most records per row group (and the most held in memory).
        row_group_bytes: Most bytes of Arrow data per row group (see :data:`DEFAULT_ROW_GROUP_BYTES`).
        compression: Parquet codec; zstd by default.
        compression_level: Codec level; None for the codec's default.
    """

    def __init__(
        self,
        dest: Path,
        *,
        row_group_size: int = DEFAULT_ROW_GROUP_SIZE,
        row_group_bytes: int = DEFAULT_ROW_GROUP_BYTES,
        compression: str = "zstd",
        compression_level: int | None = None,
    ) -> None:
        if row_group_size < 1 or row_group_bytes < 1:
            raise ValueError("row_group_size and row_group_bytes must be at least 1")
        super().__init__(dest)
        self._row_group_size = row_group_size
        self._row_group_bytes = row_group_bytes
        self._sink = _Sink(self.temporary, _writer_options(compression, compression_level))
        try:
            self._sink.open()  # creates the file now: an unwritable destination fails here, not at the end
        except BaseException:
            self.abort()
            raise

    def write(self, record: Article) -> None:
        """Buffer one record; a full buffer is written as a row group."""
        self._check_open()
        _check_record(record)
        sink = self._sink
        sink.add(record)
        self.count += 1
        if sink.rows >= self._row_group_size or (
            # Only when the estimate reaches the limit is the exact figure worth converting early for.
            sink.buffered_bytes >= self._row_group_bytes and sink.exact_bytes() >= self._row_group_bytes
        ):
            sink.flush()

    def _finish(self) -> None:
        self._sink.close()

    def _discard(self) -> None:
        self._sink.discard()


class ParquetDatasetWriter(AtomicWriter):
    """Streams records into a Hive-partitioned dataset folder, atomically.

    Rows are buffered per partition; at most ``row_group_size`` rows and
    ``row_group_bytes`` bytes of Arrow data are held in all, the largest buffer
    being written out when the total reaches either. At
    most ``max_open_files`` files are open at once: when a new partition needs
    one, the least recently used file is finished and that partition continues
    in a new ``part-NNNNN.parquet``.

    Args:
        dest: The dataset folder.
        partition_by: ``year`` or ``month`` (of ``published_at`` in UTC) or
            ``source`` (``source.domain``).
        row_group_size: Records per row group at most.
        row_group_bytes: Bytes of Arrow data per row group at most.
        compression: Parquet codec; zstd by default.
        compression_level: Codec level; None for the codec's default.
        max_open_files: Most partition files open at the same time.
    """

    def __init__(
        self,
        dest: Path,
        *,
        partition_by: PartitionKey,
        row_group_size: int = DEFAULT_ROW_GROUP_SIZE,
        row_group_bytes: int = DEFAULT_ROW_GROUP_BYTES,
        compression: str = "zstd",
        compression_level: int | None = None,
        max_open_files: int = _DEFAULT_MAX_OPEN_FILES,
    ) -> None:
        check_partition_key(partition_by)
        if row_group_size < 1 or row_group_bytes < 1 or max_open_files < 1:
            raise ValueError("row_group_size, row_group_bytes and max_open_files must be at least 1")
        super().__init__(dest)
        self.partition_by = partition_by
        self._row_group_size = row_group_size
        self._row_group_bytes = row_group_bytes
        self._options = _writer_options(compression, compression_level)
        self._max_open_files = max_open_files
        self._sinks: OrderedDict[str, _Sink] = OrderedDict()  # least recently used first
        self._parts: dict[str, int] = {}
        self._buffered = 0
        self._buffered_bytes = 0
        self.temporary.mkdir()

    def _partition(self, record: Article) -> str:
        return "/".join(f"{name}={value}" for name, value in partition_values(record, self.partition_by))

    def _sink_for(self, partition: str) -> _Sink:
        sink = self._sinks.get(partition)
        if sink is not None:
            self._sinks.move_to_end(partition)
            return sink
        if len(self._sinks) >= self._max_open_files:
            _, evicted = self._sinks.popitem(last=False)
            self._buffered -= evicted.rows
            self._buffered_bytes -= evicted.buffered_bytes
            evicted.close()
        part = self._parts.get(partition, 0)
        self._parts[partition] = part + 1
        folder = self.temporary / partition
        folder.mkdir(parents=True, exist_ok=True)
        sink = _Sink(folder / f"part-{part:05d}.parquet", self._options)
        self._sinks[partition] = sink
        return sink

    def write(self, record: Article) -> None:
        """Buffer one record in its partition; full buffers are written as row groups."""
        self._check_open()
        _check_record(record)
        sink = self._sink_for(self._partition(record))
        buffered = sink.buffered_bytes
        sink.add(record)
        self.count += 1
        self._buffered += 1
        self._buffered_bytes += sink.buffered_bytes - buffered
        if self._buffered_bytes >= self._row_group_bytes:  # partly estimated: make it exact before acting on it
            self._buffered_bytes = sum(candidate.exact_bytes() for candidate in self._sinks.values())
        if self._buffered >= self._row_group_size or self._buffered_bytes >= self._row_group_bytes:
            largest = max(self._sinks.values(), key=lambda candidate: (candidate.buffered_bytes, candidate.rows))
            self._buffered -= largest.rows
            self._buffered_bytes -= largest.buffered_bytes
            largest.flush()

    def _finish(self) -> None:
        while self._sinks:
            _, sink = self._sinks.popitem(last=False)
            sink.close()
        self._buffered = self._buffered_bytes = 0

    def _discard(self) -> None:
        for sink in self._sinks.values():
            sink.discard()
        self._sinks.clear()


def check_partition_key(partition_by: str | None) -> PartitionKey | None:
    """Return ``partition_by`` as a :data:`PartitionKey` (None stays None).

    Raises:
        ValueError: It is not one of :data:`PARTITION_KEYS`.
    """
    if partition_by is None:
        return None
    for key in PARTITION_KEYS:
        if partition_by == key:
            return key
    raise ValueError(f"partition_by must be one of {', '.join(PARTITION_KEYS)}, not {partition_by!r}")


def partition_values(record: Article, partition_by: PartitionKey) -> tuple[tuple[str, str], ...]:
    """Return the Hive partition ``(name, value)`` pairs of ``record``, outermost first.

    ``year`` and ``month`` are those of ``published_at`` in UTC, ``source`` is ``source.domain``;
    a record without the value goes to :data:`HIVE_NULL`.
    """
    if partition_by == "source":
        values: tuple[str, ...] = (record.source.domain or HIVE_NULL,)
    elif record.published_at is None:
        values = (HIVE_NULL, HIVE_NULL)
    else:
        instant = record.published_at.astimezone(UTC)
        values = (f"{instant.year:04d}", f"{instant.month:02d}")
    return tuple(zip(_PARTITION_COLUMNS[partition_by], values, strict=False))  # year: the first of the two


_PARTITION_COLUMNS: dict[PartitionKey, tuple[str, ...]] = {
    "year": ("published_year",),
    "month": ("published_year", "published_month"),
    "source": ("source_domain",),
}


def partition_columns(partition_by: PartitionKey) -> tuple[str, ...]:
    """Return the names of the Hive partition folders ``partition_by`` writes, outermost first."""
    return _PARTITION_COLUMNS[partition_by]


def record_table(records: list[Article], partition_by: PartitionKey | None = None) -> pa.Table:
    """Return ``records`` as a table of the file schema (with its metadata), for a writer other than this module's.

    With ``partition_by`` the table also has the partition columns (:func:`partition_columns`, strings),
    for a writer that turns them into Hive folders and leaves them out of the files (Ray's
    ``write_parquet(partition_cols=...)``), so that each file holds exactly the columns this module writes.
    """
    table = pa.Table.from_batches([record_batch(records, _schema_with_metadata())], schema=_schema_with_metadata())
    if partition_by is None:
        return table
    values = [partition_values(record, partition_by) for record in records]
    for index, name in enumerate(partition_columns(partition_by)):
        table = table.append_column(name, pa.array([pairs[index][1] for pairs in values], type=pa.string()))
    return table


def default_writer_options() -> dict[str, Any]:
    """Return the ``pyarrow.parquet`` writer options of this module's files (zstd, dictionary columns)."""
    return _writer_options("zstd", None)


def write_empty(dest: Path) -> None:
    """Write a Parquet file with the file schema, its metadata and no rows."""
    pq.write_table(_schema_with_metadata().empty_table(), dest, **default_writer_options())


def open_writer(
    dest: Path,
    *,
    partition_by: PartitionKey | None = None,
    row_group_size: int = DEFAULT_ROW_GROUP_SIZE,
    row_group_bytes: int = DEFAULT_ROW_GROUP_BYTES,
    compression: str = "zstd",
    compression_level: int | None = None,
) -> ParquetFileWriter | ParquetDatasetWriter:
    """Open a Parquet writer on ``dest``: one file, or a dataset folder with ``partition_by``.

    Args:
        dest: The output file or dataset folder.
        partition_by: None for one file; ``year``, ``month`` or ``source`` for
            a Hive-partitioned dataset folder.
        row_group_size: Most records per row group.
        row_group_bytes: Most bytes of Arrow data per row group.
        compression: Parquet codec; zstd by default.
        compression_level: Codec level; None for the codec's default.

    Returns:
        A writer; use it as a context manager (commit on success, abort on error).
    """
    if partition_by is None:
        return ParquetFileWriter(
            dest,
            row_group_size=row_group_size,
            row_group_bytes=row_group_bytes,
            compression=compression,
            compression_level=compression_level,
        )
    return ParquetDatasetWriter(
        dest,
        partition_by=partition_by,
        row_group_size=row_group_size,
        row_group_bytes=row_group_bytes,
        compression=compression,
        compression_level=compression_level,
    )


def write(
    records: Iterable[Article],
    dest: Path,
    *,
    partition_by: PartitionKey | None = None,
    row_group_size: int = DEFAULT_ROW_GROUP_SIZE,
    row_group_bytes: int = DEFAULT_ROW_GROUP_BYTES,
    compression: str = "zstd",
    compression_level: int | None = None,
) -> int:
    """Write ``records`` to a Parquet file (or partitioned dataset folder) atomically.

    Args:
        records: The records, consumed once; at most a row group is held in memory.
        dest: The output file or dataset folder.
        partition_by: See :func:`open_writer`.
        row_group_size: Most records per row group.
        row_group_bytes: Most bytes of Arrow data per row group.
        compression: Parquet codec; zstd by default.
        compression_level: Codec level; None for the codec's default.

    Returns:
        The number of records written.
    """
    writer = open_writer(
        dest,
        partition_by=partition_by,
        row_group_size=row_group_size,
        row_group_bytes=row_group_bytes,
        compression=compression,
        compression_level=compression_level,
    )
    return write_all(writer, records)


def partitioning(path: Path) -> PartitionKey | None:
    """Return the ``partition_by`` a dataset folder was written with, or None for a file or flat folder.

    The key is read from the Hive folder names this module writes (``published_year=``,
    ``published_year=/published_month=``, ``source_domain=``), so a tool that rewrites a
    dataset (``articlekit dedup``) can write it back partitioned the same way.
    """
    path = Path(path)
    if not path.is_dir():
        return None
    for file in dataset_files(path):
        parts = file.relative_to(path).parts[:-1]
        names = tuple(part.split("=", 1)[0] for part in parts if "=" in part)
        return next((key for key, columns in _PARTITION_COLUMNS.items() if columns == names), None)
    return None


def dataset_files(folder: Path) -> list[Path]:
    """Return the Parquet files of a dataset folder in a stable order.

    Files and folders whose name starts with ``.`` or ``_`` (temporary output,
    Spark's ``_SUCCESS`` and ``_temporary``) are skipped.
    """
    found = []
    for path in folder.rglob("*.parquet"):
        parts = path.relative_to(folder).parts
        if path.is_file() and not any(part.startswith((".", "_")) for part in parts):
            found.append(parts)
    return [folder.joinpath(*parts) for parts in sorted(found)]


def read(path: Path) -> Iterator[Article]:
    """Stream the records of a Parquet file or a (partitioned) dataset folder, each validated.

    Instants get back the offset kept in their ``<name>_offset_minutes``
    column (UTC when a file has no such column). A dataset yields its files in
    :func:`dataset_files` order, each in row order.

    Args:
        path: A ``.parquet`` file or a folder of them.

    Yields:
        The records.

    Raises:
        ReadError: The file is not readable Parquet, or a row is not a valid
            record; the location is ``row group G, row R`` (both from 0).
    """
    path = Path(path)
    files = dataset_files(path) if path.is_dir() else [path]
    for file in files:
        yield from _read_file(file)


def _read_file(path: Path) -> Iterator[Article]:
    try:
        parquet = pq.ParquetFile(path)
        names = set(parquet.schema_arrow.names)
    except (OSError, pa.ArrowException) as error:
        raise ReadError(path, "file", f"not a readable Parquet file: {error}") from error
    instants = tuple(name for name in instant_fields() if name in names)
    has_offsets = all(name + OFFSET_SUFFIX in names for name in instants)
    for group in range(parquet.num_row_groups):
        try:
            table = parquet.read_row_group(group)
        except (OSError, pa.ArrowException) as error:
            raise ReadError(path, f"row group {group}", f"unreadable: {error}") from error
        index = 0
        for batch in table.to_batches(max_chunksize=_READ_BATCH_ROWS):
            for row in batch.to_pylist():
                try:
                    restore_instants(row, instants, has_offsets)
                    record = Article.model_validate(row)
                except ValidationError as error:
                    message = describe_validation_error(error)
                    raise ReadError(path, f"row group {group}, row {index}", message) from error
                except (ValueError, OverflowError) as error:
                    raise ReadError(path, f"row group {group}, row {index}", str(error)) from error
                yield record
                index += 1
