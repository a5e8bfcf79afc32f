"""Convert on Ray Data: ``read_binary_files`` → ``map_batches`` → sort by input order → ``write_parquet``.

The workers read and convert through :func:`articlekit.batch.outcome_batch`,
the same code a local run uses, and the outcomes, sorted by the local run's
input order, are kept in Ray's object store. They stream to the driver, which
resolves duplicates (the first source in input order wins), counts, and writes
JSON Lines, the CSV bundle, ``rejects.jsonl`` and ``summary.json`` as
``--engine local`` does. The Parquet output is written by the workers with
``write_parquet`` from the same outcomes, keeping the articles the driver kept:
the contract's schema and metadata, Hive partitions with ``partition_by``. It
is a folder of part files, ``articles.parquet/``, also without ``partition_by``
(where a local run writes one file); :func:`articlekit.read`, ``articlekit
validate`` and every Parquet reader read it as one dataset.

This module is ``articlekit.ray``; the Ray library it uses is the top-level
``ray`` (imports are absolute, so the one never hides the other).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow as pa

from articlekit.batch import (
    DEFAULT_OPTIONS,
    OUTCOME_SCHEMA,
    BatchOptions,
    SourceRoots,
    outcome_batch,
    outcomes_in_order,
)
from articlekit.decode import DEFAULT_MAX_BYTES
from articlekit.engines import missing_extra
from articlekit.exporters import parquet
from articlekit.exporters._base import move_into_place, remove_path, temporary_sibling
from articlekit.pipeline import ConvertOptions, FieldMap, Outcome, Summary, run_convert


def init(options: Mapping[str, str] | None = None) -> None:
    """Connect to Ray (or start a local instance) from ``ray.*`` options: ``ray.address``, ``ray.num_cpus``.

    Does nothing when Ray is already initialised in this process.

    Raises:
        EngineUnavailable: ``ray[data]`` is missing.
    """
    try:
        import ray
        import ray.data  # the data extra, checked here rather than mid-run
    except ImportError as error:
        raise missing_extra("ray", error) from error
    # Ray Data logs every dataset's plan and progress at INFO; a convert run prints its own summary.
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    if ray.is_initialized():
        return
    settings = dict(options or {})
    address = settings.pop("ray.address", None)
    num_cpus = settings.pop("ray.num_cpus", None)
    if settings:
        raise ValueError(f"unknown Ray options: {', '.join(sorted(settings))} (known: ray.address, ray.num_cpus)")
    ray.init(
        address=address,
        num_cpus=int(num_cpus) if num_cpus is not None else None,
        include_dashboard=False,
        logging_level=logging.ERROR,
        log_to_driver=False,
    )


def _convert(batch: pa.Table, roots: SourceRoots, options: BatchOptions, source: int) -> pa.Table:
    converted = [
        outcome_batch(part, roots, options, source=source, content_column="bytes") for part in batch.to_batches()
    ]
    return pa.Table.from_batches(converted) if converted else pa.Table.from_batches([], schema=OUTCOME_SCHEMA)


def _raw_binary_files(location: str) -> Any:
    """``read_binary_files(location, include_paths=True)``, but a ``.gz`` file's bytes as they are on disk.

    Ray unpacks a file whose name ends in ``.gz`` while reading it; a local run unpacks it in
    :func:`articlekit.decode.gunzip`, within the size limit, and rejects a corrupt one as ``undecodable``
    (which would end Ray's whole read instead). So the reader is told that no file is compressed.
    """
    import ray.data

    try:
        from ray.data._internal.datasource.binary_datasource import BinaryDatasource
    except ImportError:  # a Ray that moved its reader: read as Ray does
        return ray.data.read_binary_files(location, include_paths=True)

    class RawBinaryDatasource(BinaryDatasource):  # type: ignore[misc,unused-ignore]  # Any without ray installed
        def resolve_compression(self, path: str, open_args: dict[str, Any]) -> None:
            return None

    return ray.data.read_datasource(RawBinaryDatasource(location, include_paths=True))


def _ordered(roots: SourceRoots, options: BatchOptions) -> Any:
    """The converted outcomes of every file under ``roots``, sorted by input order and kept in the object store.

    None when there are no SOURCEs. Kept (materialised) because they are read twice: by the driver and
    by the Parquet writers.
    """
    import ray.data

    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.execution_options.preserve_order = True  # part files named in input order
    datasets = [
        _raw_binary_files(location).map_batches(
            _convert, batch_format="pyarrow", fn_kwargs={"roots": roots, "options": options, "source": index}
        )
        for index, location in enumerate(roots.locations)
    ]
    if not datasets:
        return None
    converted = datasets[0].union(*datasets[1:]) if len(datasets) > 1 else datasets[0]
    return converted.sort("order").materialize()


def _stream(ordered: Any) -> Iterator[Outcome]:
    if ordered is None:
        return
    for batch in ordered.iter_batches(batch_format="pyarrow", batch_size=256):
        yield from outcomes_in_order(batch.to_batches())


def outcomes(roots: SourceRoots, options: BatchOptions = DEFAULT_OPTIONS) -> Iterator[Outcome]:
    """Convert the files under ``roots`` on Ray Data and yield their outcomes in the local run's input order."""
    yield from _stream(_ordered(roots, options))


def kept_rows(batch: pa.Table, kept: Mapping[str, str], partition_by: parquet.PartitionKey | None) -> pa.Table:
    """The articles of a batch of outcomes that the driver kept, as Parquet rows (with partition columns).

    ``kept`` maps each written article's id to the input that gave it; a later input with the same id,
    or the same id again within one input, was a duplicate.
    """
    articles = []
    for outcome in outcomes_in_order(batch.to_batches()):
        seen: set[str] = set()
        for article in outcome.articles:
            if kept.get(article.id) == outcome.path and article.id not in seen:
                seen.add(article.id)
                articles.append(article)
    return parquet.record_table(articles, partition_by)


def _write_parquet(ordered: Any, kept: Mapping[str, str], dest: Path, partition_by: str | None) -> None:
    """Write the kept articles of ``ordered`` with Ray's ``write_parquet`` into the dataset folder ``dest``.

    The folder is written under a temporary name and renamed into place, as every output of a run.
    """
    key = parquet.check_partition_key(partition_by)
    temporary = temporary_sibling(dest)
    try:
        rows = ordered.map_batches(kept_rows, batch_format="pyarrow", fn_kwargs={"kept": kept, "partition_by": key})
        columns = None if key is None else list(parquet.partition_columns(key))
        # Blocks are small: without partitions, a file per block would be tiny (with partitions, Ray 2.60
        # deprecates min_rows_per_file; a partition's rows of a block go to a file of their own).
        sizing = {} if columns else {"min_rows_per_file": parquet.DEFAULT_ROW_GROUP_SIZE}
        rows.write_parquet(str(temporary), partition_cols=columns, **sizing, **parquet.default_writer_options())
        temporary.mkdir(exist_ok=True)  # Ray writes no folder when no row was kept
        if key is None and not parquet.dataset_files(temporary):
            parquet.write_empty(temporary / "part-00000.parquet")  # as a local run's file: the schema, no rows
        move_into_place(temporary, dest)
    except BaseException:
        remove_path(temporary)
        raise


def convert(
    sources: Sequence[str],
    output_dir: str | Path,
    *,
    to: Sequence[str] = ("parquet", "jsonl"),
    partition_by: str | None = None,
    glob: str | None = None,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    field_map: FieldMap = (),
    labels: dict[str, str] | None = None,
    progress: Callable[[Summary], None] | None = None,
    options: Mapping[str, str] | None = None,
) -> Summary:
    """Convert ``sources`` on Ray Data and write the outputs of a local run into ``output_dir``.

    Args:
        sources: Files and folders every Ray worker can read.
        output_dir: The output folder on the driver (created if missing).
        to: The outputs among ``jsonl``, ``parquet``, ``csv``.
        partition_by: ``year``, ``month`` or ``source`` for a Hive-partitioned Parquet dataset.
        glob: Only files under folders whose name matches, as ``--glob``.
        format: Force this source format instead of detecting it.
        max_bytes: Reject larger sources with code ``too-large``.
        field_map: ``--field-map`` pairs for JSON dumps.
        labels: Display names for folders in ``sources`` (as :func:`articlekit.discover.discover` takes).
        progress: Called after each source with the running summary.
        options: ``ray.address`` / ``ray.num_cpus`` for :func:`init`, used when Ray is not initialised yet.

    Returns:
        The run's summary, also written to ``summary.json``.
    """
    init(options)
    roots = SourceRoots.local(sources, glob, labels)
    run_options = ConvertOptions(formats=tuple(to), format=format, max_bytes=max_bytes, partition_by=partition_by,
                                 field_map=field_map)  # fmt: skip
    return run(roots, output_dir, run_options, progress=progress)


def run(
    roots: SourceRoots,
    output_dir: str | Path,
    options: ConvertOptions,
    *,
    progress: Callable[[Summary], None] | None = None,
) -> Summary:
    """Convert the files under ``roots`` on Ray with every option of a local run (``options.jobs`` aside).

    Ray must be initialised (see :func:`init`).
    """
    out_dir = Path(output_dir)
    ordered = _ordered(roots, BatchOptions(options.format, options.max_bytes, options.field_map))
    if ordered is None or "parquet" not in options.formats:
        return run_convert((), out_dir, options, progress=progress, outcomes=_stream(ordered))
    kept: dict[str, str] = {}

    def remember(path: str, article_id: str) -> None:
        kept[article_id] = path

    def write_parquet(summary: Summary) -> None:
        _write_parquet(ordered, kept, out_dir / parquet.DEFAULT_NAME, options.partition_by)
        written = {**summary.outputs, parquet.NAME: parquet.DEFAULT_NAME}
        summary.outputs = {name: written[name] for name in options.formats}  # in the order a local run lists them

    on_driver = replace(options, formats=tuple(name for name in options.formats if name != parquet.NAME))
    return run_convert(
        (), out_dir, on_driver, progress=progress, outcomes=_stream(ordered), on_kept=remember,
        before_summary=write_parquet,
    )  # fmt: skip
