"""``validate --jobs N``: a large file checked in parts by worker processes, reported as one process would.

A plain JSON Lines file is cut into byte ranges that start and end at line
ends; a Parquet file into runs of row groups. Each worker checks its part
with the same loop a single process runs (:func:`.checking.check_source`) and
hands back its problems, its counts, and the ids it saw with their places,
packed. The parent takes the parts' results in file order, shifts line
numbers by the lines of the parts before, and keeps the ids in the one
:class:`.checking.SeenIds` of the run, so repeats are found across parts and
files exactly as without ``--jobs``: the output is byte-identical for any N.

What is not split: gzip-compressed files (a gzip stream cannot be entered in
the middle), JSON arrays, CSV bundles, pipes, files too small to be worth a
worker's start, and every file of a run with ``--max-errors`` (where to stop
depends on the order in which problems are counted, which parts would blur).
"""

from __future__ import annotations

import multiprocessing
import os
from array import array
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise
from pathlib import Path

from articlekit import _process_guard

from .checking import FileReport, JsonSource, SeenIds, Source, check_source
from .jsonl import GZIP_MAGIC, Span
from .problems import FILE, Problem
from .records import Engine, RecordChecker

MIN_PART_BYTES = 16 << 20
"""A JSON Lines file is split only into parts of at least this many bytes (a worker's start costs ~0.2 s)."""
MIN_PART_ROWS = 20_000
"""A Parquet file is split only into parts of at least this many rows."""


@dataclass(frozen=True)
class Part:
    """One part of a file, for a worker: bytes ``[start, end)`` of JSON Lines, or row groups of Parquet."""

    format: str
    path: str
    file: str
    engine: Engine
    start: int
    end: int


@dataclass
class PartResult:
    """What a worker hands back for its part (see :func:`check_part`)."""

    problems: list[Problem]
    lines: int
    content: bool
    records: int
    invalid_records: int
    ids: bytes
    keys: array[int]
    invalid: bytes


@dataclass
class _NeverStops:
    stopped_early: bool = field(default=False)


@cache
def _checker(engine: Engine) -> RecordChecker:
    return RecordChecker(engine)


def check_part(part: Part) -> PartResult:
    """Check one part in a worker; its line numbers and keys count from its own start.

    Args:
        part: The part.

    Returns:
        Its problems in order, its counts, and every id it saw with its key.
    """
    span: Span | None = None
    source: Source
    if part.format == "jsonl":
        span = Span(part.start, part.end)
        source = JsonSource(Path(part.path), part.file, "jsonl", span)
    else:
        from .parquet import ParquetSource

        source = ParquetSource(
            Path(part.path), part.file, fast=part.engine == "fast", row_groups=range(part.start, part.end)
        )
    report = FileReport(part.file, part.format)
    seen = SeenIds()
    problems = list(check_source(_NeverStops(), 0, source, report, _checker(part.engine), seen))
    ids, keys, invalid = seen.packed()
    return PartResult(
        problems,
        span.lines if span is not None else 0,
        span.content if span is not None else True,
        report.records,
        report.invalid_records,
        ids,
        keys,
        invalid,
    )


def _line_ends(path: Path, size: int, parts: int) -> list[int]:
    """Byte offsets cutting the file into about ``parts`` ranges, each just past a line end."""
    cuts = [0]
    with open(path, "rb") as stream:
        for number in range(1, parts):
            target = max(size * number // parts, cuts[-1])
            stream.seek(target)
            stream.readline()  # to just past the line end at or after the target
            position = stream.tell()
            if cuts[-1] < position < size:
                cuts.append(position)
    cuts.append(size)
    return cuts


class Workers:
    """The worker processes of one run with ``--jobs``, started when the first file is split.

    Args:
        jobs: How many worker processes.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def plan(self, source: Source, engine: Engine) -> list[Part]:
        """The parts to check ``source`` in, or none when it is better read whole in this process."""
        path = getattr(source, "path", None)
        if not isinstance(path, Path) or self.jobs < 2:
            return []
        try:
            if source.format == "jsonl" and path.is_file():
                size = path.stat().st_size
                count = min(self.jobs, size // MIN_PART_BYTES)
                with open(path, "rb") as stream:
                    compressed = stream.read(2) == GZIP_MAGIC
                if count < 2 or compressed:
                    return []
                cuts = _line_ends(path, size, count)
            elif source.format == "parquet" and path.is_file():
                import pyarrow.parquet as pq

                metadata = pq.ParquetFile(path).metadata
                groups = metadata.num_row_groups
                count = min(self.jobs, groups, metadata.num_rows // MIN_PART_ROWS)
                if count < 2:
                    return []
                cuts = [groups * number // count for number in range(count + 1)]
            else:
                return []
        except (OSError, ValueError):  # unreadable or corrupt: the whole-file reader reports it
            return []
        return [Part(source.format, str(path), source.file, engine, start, end) for start, end in pairwise(cuts)]

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")  # fork is unsafe once pyarrow has started threads
            # The guard module makes the forkserver die with this process; see articlekit._process_guard.
            os.environ[_process_guard.PARENT_VARIABLE] = str(os.getpid())
            context.set_forkserver_preload(["articlekit._process_guard", "articlekit.validation.parallel"])
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=context, initializer=_process_guard.guard_worker
            )
        return self._pool

    def check(self, index: int, parts: list[Part], report: FileReport, seen: SeenIds) -> Iterator[Problem]:
        """Check a file's parts in the workers; yield its problems in file order, as one process would.

        Args:
            index: The file's index among the run's files.
            parts: Its parts, from :meth:`plan`.
            report: The file's summary, filled in.
            seen: The run's ids; each part's are added in file order.
        """
        pool = self._started()
        futures: list[Future[PartResult]] = [pool.submit(check_part, part) for part in parts]
        shift = 0
        content = False
        held: list[Problem] = []  # blank lines of parts with no content yet: problems only if the file has some
        for part, future in zip(parts, futures, strict=True):
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001 - a worker that died is a problem of the file, never a traceback
                message = f"{type(error).__name__}: {error}; the rest of the file was not checked"
                yield Problem(part.file, FILE, "", "validator-crash", message)
                return
            problems = result.problems
            if part.format == "jsonl":
                problems = [_shifted(problem, shift) for problem in problems]
                keys = array("Q", [key + shift for key in result.keys]) if shift else result.keys
                shift += result.lines
            else:
                keys = result.keys
            report.records += result.records
            report.invalid_records += result.invalid_records
            seen.add_packed(result.ids, index, keys, result.invalid)
            if not result.content and not content:
                held.extend(problems)
                continue
            content = True
            yield from held
            held.clear()
            yield from problems
        if not content:
            message = "the file holds no records (no bytes, or only whitespace)"
            yield Problem(parts[0].file, FILE, "", "empty-file", message)

    def close(self, *, now: bool = False) -> None:
        """Stop the workers: after their work, or ``now`` (an interruption) without waiting."""
        if self._pool is None:
            return
        if now:
            from articlekit.pipeline import _end_pool  # the one way the project stops a pool at once

            _end_pool(self._pool)
        else:
            self._pool.shutdown()
        self._pool = None


def _shifted(problem: Problem, lines: int) -> Problem:
    line = problem.location.line
    if not lines or line is None:
        return problem
    return replace(problem, location=replace(problem.location, line=line + lines))
