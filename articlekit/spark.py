"""Convert on Apache Spark: ``binaryFile`` → ``mapInArrow`` → sort by input order → the local writers.

The executors read and convert (the costly part) through
:func:`articlekit.batch.outcome_batch`, the same code a local run uses. The
outcomes are sorted by the local run's input order and streamed to the driver
(``toLocalIterator``), which resolves duplicates (the first source in input
order wins), counts, and writes JSONL, Parquet (the contract's Arrow schema
and metadata, Hive partitions with ``partition_by``), the CSV bundle,
``rejects.jsonl`` and ``summary.json`` exactly as ``--engine local`` does.

The SOURCEs must be paths every executor can read (a local path in local
mode; a shared mount on a cluster). Spark's file listing skips names that
start with ``.`` or ``_``, which a local run would convert.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
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
from articlekit.engines import EngineUnavailable, check_java, missing_extra
from articlekit.pipeline import ConvertOptions, FieldMap, Outcome, Summary, run_convert

FILES_PER_SORTED_PARTITION = 256
"""Files per partition of the sorted outcomes that stream to the driver (each is pickled whole in the JVM)."""

_SPARK_SCHEMA = "order string, outcome binary"
""":data:`articlekit.batch.OUTCOME_SCHEMA` in Spark's DDL."""


def session(options: Mapping[str, str] | None = None) -> Any:
    """Start (or reuse) a Spark session from ``spark.*`` options, e.g. ``{"spark.master": "local[2]"}``.

    Raises:
        EngineUnavailable: pyspark or Java is missing.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise missing_extra("spark", error) from error
    check_java()
    settings = dict(options or {})
    builder = SparkSession.builder.appName(settings.pop("spark.app.name", "articlekit"))
    builder = builder.master(settings.pop("spark.master", "local[*]"))
    # Workers run this interpreter (where articlekit is installed), not whichever python3 is first on PATH
    # (pyspark reads the variable when the context starts; spark-submit and a cluster's own setting win)...
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # ...and never import a source folder named articlekit from the current directory instead of the package.
    settings.setdefault("spark.executorEnv.PYTHONSAFEPATH", "1")
    settings.setdefault("spark.ui.showConsoleProgress", "false")
    for key, value in sorted(settings.items()):
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except RuntimeError as error:  # pyspark's PySparkRuntimeError: the JVM did not start (e.g. a Java too old)
        raise EngineUnavailable(f"Spark could not start: {str(error).splitlines()[0]}") from error
    spark.sparkContext.setLogLevel(settings.get("spark.log.level", "ERROR"))
    return spark


def _convert_partition(
    batches: Iterator[pa.RecordBatch], roots: SourceRoots, options: BatchOptions
) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        yield outcome_batch(batch, roots, options)


def outcomes(spark: Any, roots: SourceRoots, options: BatchOptions = DEFAULT_OPTIONS) -> Iterator[Outcome]:
    """Convert the files under ``roots`` on Spark and yield their outcomes in the local run's input order."""
    from pyspark.sql import functions

    frames = []
    for index, location in enumerate(roots.locations):
        reader = spark.read.format("binaryFile")
        if roots.folders[index]:
            reader = reader.option("recursiveFileLookup", "true")
        files = reader.load(location)
        frames.append(files.select(functions.lit(index).alias("source"), "path", "content"))
        frames.append(_empty_files(spark, files, index))
    if not frames:
        return
    files = functools.reduce(lambda left, right: left.unionByName(right), frames)
    converted = files.mapInArrow(functools.partial(_convert_partition, roots=roots, options=options), _SPARK_SCHEMA)
    # toLocalIterator pickles a whole partition in the JVM. A plain orderBy lets adaptive execution merge the
    # sorted partitions up to 64 MB each, which at 20,000 files ran the default 1 GB heap out of memory: range
    # partitions of a fixed number of files each keep every partition small (a count of the listing reads no
    # file's content).
    partitions = max(1, -(-files.select("path").count() // FILES_PER_SORTED_PARTITION))
    ordered = converted.repartitionByRange(partitions, "order").sortWithinPartitions("order")
    for row in ordered.toLocalIterator(prefetchPartitions=True):
        batch = pa.RecordBatch.from_arrays(
            [pa.array([row["order"]]), pa.array([bytes(row["outcome"])], type=pa.binary())], schema=OUTCOME_SCHEMA
        )
        yield from outcomes_in_order([batch])


def _empty_files(spark: Any, files: Any, index: int) -> Any:
    """The files of SOURCE ``index`` that Spark's listing holds but its scan drops: those of zero bytes.

    A local run rejects them as ``empty``, so they are added back with empty content. Paths are compared
    without their scheme's slashes and percent escapes: the listing spells ``file:///a b``, the scan ``file:/a%20b``.
    """
    from pyspark.sql import functions

    def key(column: str) -> Any:
        return functions.try_url_decode(functions.regexp_replace(functions.col(column), "^file:/+", "/"))

    listed = spark.createDataFrame([(uri,) for uri in files.inputFiles()], "listed string")
    scanned = files.select(functions.col("path").alias("scanned"))
    missing = listed.join(scanned, key("listed") == key("scanned"), "left_anti")
    return missing.select(
        functions.lit(index).alias("source"),
        functions.col("listed").alias("path"),
        functions.lit(b"").cast("binary").alias("content"),
    )


def convert(
    spark: Any,
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
) -> Summary:
    """Convert ``sources`` on Spark and write the outputs of a local run into ``output_dir``.

    Args:
        spark: A ``pyspark.sql.SparkSession`` (see :func:`session`).
        sources: Files and folders every executor can read.
        output_dir: The output folder on the driver (created if missing).
        to: The outputs among ``jsonl``, ``parquet``, ``csv``.
        partition_by: ``year``, ``month`` or ``source`` for a Hive-partitioned Parquet dataset.
        glob: Only files under folders whose name matches, as ``--glob``.
        format: Force this source format instead of detecting it.
        max_bytes: Reject larger sources with code ``too-large``.
        field_map: ``--field-map`` pairs for JSON dumps.
        labels: Display names for folders in ``sources`` (as :func:`articlekit.discover.discover` takes).
        progress: Called after each source with the running summary.

    Returns:
        The run's summary, also written to ``summary.json``.
    """
    roots = SourceRoots.local(sources, glob, labels)
    options = ConvertOptions(formats=tuple(to), format=format, max_bytes=max_bytes, partition_by=partition_by,
                             field_map=field_map)  # fmt: skip
    return run(spark, roots, output_dir, options, progress=progress)


def run(
    spark: Any,
    roots: SourceRoots,
    output_dir: str | Path,
    options: ConvertOptions,
    *,
    progress: Callable[[Summary], None] | None = None,
) -> Summary:
    """Convert the files under ``roots`` on Spark with every option of a local run (``options.jobs`` aside)."""
    converted = outcomes(spark, roots, BatchOptions(options.format, options.max_bytes, options.field_map))
    return run_convert((), Path(output_dir), options, progress=progress, outcomes=converted)
