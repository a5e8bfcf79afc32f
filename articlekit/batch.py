"""The batch core every engine calls: Arrow batches of ``(path, content)`` in, articles and rejects out.

A local run, Spark (``binaryFile`` + ``mapInArrow``) and Ray Data
(``read_binary_files`` + ``map_batches``) all convert a source through
:func:`articlekit.pipeline.process_bytes`: the same size limit, gzip layer,
charset decoding, detection, converters and flags. Nothing here depends on the
worker it runs on, so the same batch gives the same result anywhere.

Two shapes of result:

- :func:`convert_batch` gives the articles in the Parquet Arrow schema
  (:func:`articlekit.exporters.parquet` ``arrow_schema``, with its metadata)
  and the rejects in :data:`REJECT_SCHEMA`, for a caller that wants Arrow.
- :func:`outcome_batch` gives one row per source: its place in the run's input
  order and its whole outcome, for the engines. They sort these rows by that
  place and hand them, in order, to the local pipeline's writing loop
  (:func:`articlekit.pipeline.run_convert` with ``outcomes=``), which resolves
  duplicates (the first in input order wins), counts and writes exactly as a
  local run does.

**Input order.** A local run walks each SOURCE (sorted, as the CLI names them)
folder by folder: a folder's files in name order first, then its subfolders in
name order. :class:`SourceRoots` turns an engine's file URI back into the path
a local run shows (``label/relative/path``) and into a string key whose plain
sort (by code point, which is also UTF-8 byte order, as Spark and Arrow sort)
is exactly that walk order.
"""

from __future__ import annotations

import fnmatch
import os
import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote

import pyarrow as pa

from articlekit.decode import DEFAULT_MAX_BYTES
from articlekit.exporters._arrow import arrow_schema, record_batch
from articlekit.exporters.parquet import file_metadata
from articlekit.pipeline import FieldMap, Outcome, Reject, process_bytes
from articlekit.schema import Article

INPUT_SCHEMA = pa.schema([pa.field("path", pa.string(), nullable=False), pa.field("content", pa.binary())])
"""What :func:`convert_batch` takes: the path shown in records and rejects, and the file's bytes."""

REJECT_SCHEMA = pa.schema(
    [
        pa.field("path", pa.string(), nullable=False),
        pa.field("format", pa.string()),
        pa.field("code", pa.string(), nullable=False),
        pa.field("message", pa.string(), nullable=False),
        pa.field("position", pa.int64()),
        pa.field("item", pa.string()),
    ]
)
"""The rejects' columns: the keys of a ``rejects.jsonl`` line, in the same order."""

OUTCOME_SCHEMA = pa.schema(
    [pa.field("order", pa.string(), nullable=False), pa.field("outcome", pa.binary(), nullable=False)]
)
"""What :func:`outcome_batch` gives: a sort key for input order and the pickled :class:`Outcome`."""


@cache
def article_schema() -> pa.Schema:
    """The Parquet output's Arrow schema with its key-value metadata (schema version, JSON Schema)."""
    return arrow_schema().with_metadata(file_metadata())


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What changes a conversion: a forced format, the size limit, the JSON dumps' field map."""

    format: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    field_map: FieldMap = ()


DEFAULT_OPTIONS = BatchOptions()
"""The CLI's defaults: detect the format, the default size limit, no field map."""


@dataclass(frozen=True, slots=True)
class ConvertedBatch:
    """The result of :func:`convert_batch`.

    Attributes:
        articles: Every article, in input order, in :func:`article_schema`.
        rejects: Every reject (whole sources and single items), in input order, in :data:`REJECT_SCHEMA`.
    """

    articles: pa.RecordBatch
    rejects: pa.RecordBatch


def _column(batch: pa.RecordBatch, name: str) -> list[object]:
    return list(batch.column(batch.schema.get_field_index(name)).to_pylist())


def _outcomes(paths: Sequence[str], contents: Sequence[bytes | None], options: BatchOptions) -> Iterator[Outcome]:
    for path, content in zip(paths, contents, strict=True):
        yield process_bytes(
            path, content or b"", format=options.format, max_bytes=options.max_bytes, field_map=options.field_map
        )


def rejects_of(outcome: Outcome) -> tuple[Reject, ...]:
    """The rejects a local run writes for an outcome before duplicates are resolved: items, then the source."""
    return (*outcome.item_rejects, *([outcome.reject] if outcome.reject is not None else []))


def reject_batch(rejects: Iterable[Reject]) -> pa.RecordBatch:
    """Rejects as one record batch of :data:`REJECT_SCHEMA`."""
    rows = list(rejects)
    columns = [[getattr(reject, name) for reject in rows] for name in REJECT_SCHEMA.names]
    return pa.RecordBatch.from_arrays(
        [pa.array(values, type=field.type) for values, field in zip(columns, REJECT_SCHEMA, strict=True)],
        schema=REJECT_SCHEMA,
    )


def convert_batch(batch: pa.RecordBatch, options: BatchOptions = DEFAULT_OPTIONS) -> ConvertedBatch:
    """Convert a batch of sources into articles (Parquet Arrow schema) and rejects.

    Duplicates are a property of the whole dataset, not of a batch: two
    sources here that give the same article id both keep it. The engines
    resolve duplicates after sorting every outcome into input order (see the
    module docstring).

    Args:
        batch: Columns ``path`` (string: the path to show) and ``content`` (binary: the file's bytes).
        options: A forced format, the size limit, the field map; the CLI's defaults otherwise.

    Returns:
        The articles and the rejects, both in input order.

    Raises:
        KeyError: The batch has no ``path`` or ``content`` column.
    """
    paths = [str(path) for path in _column(batch, "path")]
    contents = [content if isinstance(content, bytes) else None for content in _column(batch, "content")]
    articles: list[Article] = []
    rejects: list[Reject] = []
    for outcome in _outcomes(paths, contents, options):
        articles.extend(outcome.articles)
        rejects.extend(rejects_of(outcome))
    return ConvertedBatch(record_batch(articles, article_schema()), reject_batch(rejects))


@dataclass(frozen=True, slots=True)
class SourceRoots:
    """The SOURCEs of a run, in input order, for turning an engine's file URIs back into local paths and order.

    Attributes:
        labels: Each SOURCE as a local run shows it (a folder's files appear as ``label/relative``).
        locations: Each SOURCE as the engine names it: an absolute local path or a URI (``hdfs://…``).
        folders: Whether each SOURCE is a folder.
        glob: Only files under folders whose name (or, with a ``/``, relative path) matches; None for all.
    """

    labels: tuple[str, ...]
    locations: tuple[str, ...]
    folders: tuple[bool, ...]
    glob: str | None = None

    @classmethod
    def local(
        cls, sources: Sequence[str], glob: str | None = None, labels: dict[str, str] | None = None
    ) -> SourceRoots:
        """Roots for SOURCEs on the local (or a shared) file system, sorted as the CLI sorts them."""
        ordered = sorted(sources)
        return cls(
            labels=tuple((labels or {}).get(source, source) for source in ordered),
            locations=tuple(os.path.abspath(source) for source in ordered),
            folders=tuple(os.path.isdir(source) for source in ordered),
            glob=glob,
        )

    def place(self, index: int, uri: str) -> tuple[str, str] | None:
        """The path a local run shows for file ``uri`` read from SOURCE ``index``, and its order key.

        Returns:
            ``(path, order)``, or None when ``glob`` leaves the file out.
        """
        location = _local_path(uri) if not _has_scheme(self.locations[index]) else uri
        root = self.locations[index].rstrip("/")
        if not self.folders[index]:
            return self.labels[index], f"{index:08d}"
        if not location.startswith(root + "/"):
            raise ValueError(f"{uri} is not under the source folder {self.locations[index]}")
        relative = location[len(root) + 1 :]
        parts = relative.split("/")
        if self.glob is not None and not fnmatch.fnmatch(relative if "/" in self.glob else parts[-1], self.glob):
            return None
        # Folders in the key as \x01name\x00, the file as \x00name: at any level a folder's own files sort
        # before its subfolders, and names compare as Python's sorted() compares them (os.walk's order here).
        walk = "".join(f"\x01{part}\x00" for part in parts[:-1]) + f"\x00{parts[-1]}"
        return f"{self.labels[index].rstrip('/')}/{relative}", f"{index:08d}{walk}"


def _has_scheme(location: str) -> bool:
    return "://" in location


def _local_path(uri: str) -> str:
    """``file:/a/b%20c`` (Spark) or ``file:///a/b`` or ``/a/b`` (Ray) as the local path ``/a/b c``."""
    if uri.startswith("file:"):
        path = uri[len("file:") :]
        if path.startswith("//"):
            path = path[2:]
        return unquote(path)
    return uri


def outcome_batch(
    batch: pa.RecordBatch,
    roots: SourceRoots,
    options: BatchOptions = DEFAULT_OPTIONS,
    *,
    source: int | None = None,
    path_column: str = "path",
    content_column: str = "content",
    source_column: str = "source",
) -> pa.RecordBatch:
    """Convert an engine's batch of files into one :data:`OUTCOME_SCHEMA` row per source kept by the glob.

    Args:
        batch: The file URIs, their bytes and the index of the SOURCE each was read from.
        roots: The run's SOURCEs.
        options: A forced format, the size limit, the field map.
        source: The index of the SOURCE every file was read from; None to read it from ``source_column``.
        path_column: The name of the URI column (Spark's and Ray's is ``path``).
        content_column: The name of the bytes column (``content`` in Spark, ``bytes`` in Ray).
        source_column: The name of the SOURCE index column the engine adapter added.

    Returns:
        The order keys and the pickled outcomes.
    """
    uris = _column(batch, path_column)
    indexes = [source] * len(uris) if source is not None else _column(batch, source_column)
    placed = [
        (place, content)
        for index, uri, content in zip(indexes, uris, _column(batch, content_column), strict=True)
        if (place := roots.place(int(str(index)), str(uri))) is not None
    ]
    paths = [path for (path, _), _ in placed]
    contents = [content if isinstance(content, bytes) else None for _, content in placed]
    orders = [order for (_, order), _ in placed]
    converted = _outcomes(paths, contents, options)
    pickled = [pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL) for outcome in converted]
    return pa.RecordBatch.from_arrays(
        [pa.array(orders, type=pa.string()), pa.array(pickled, type=pa.binary())], schema=OUTCOME_SCHEMA
    )


def outcomes_in_order(batches: Iterable[pa.RecordBatch]) -> Iterator[Outcome]:
    """Unpickle the outcomes of :data:`OUTCOME_SCHEMA` batches that an engine already sorted by ``order``."""
    for batch in batches:
        for data in batch.column(1).to_pylist():
            outcome = pickle.loads(data)  # written by this run's own workers, never read from a file
            if not isinstance(outcome, Outcome):
                raise TypeError(f"expected an Outcome, got {type(outcome).__name__}")
            yield outcome
