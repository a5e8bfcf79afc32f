"""The validation run: find the files the inputs stand for, check every record, find repeated ids.

Every record is checked against the published JSON Schema
(``articlekit validate --schema`` prints where it lives) and against the rules
the JSON Schema cannot express: every string in Unicode NFC, ``text`` equal to
the blocks' texts joined by a blank line, ``id`` derived from the record, and
no id used twice across all the files given. Problems are data: each one names
its file, its place in the file, the JSON Pointer of the field, a stable code
(:data:`PROBLEM_CODES`), a message and the offending value.

Use it from Python::

    from articlekit.validation import validate

    report = validate(["partner.jsonl"])
    for problem in report.problems:
        print(problem.file, problem.location.describe(), problem.pointer, problem.code)

or iterate :meth:`Validation.problems` to stream them.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from articlekit.schema import published_schema_path
from articlekit.schema.outputs import REPORT_VERSION

from .checking import FileReport, JsonSource, SeenIds, Source, check_source, describe_os_error
from .jsonl import GZIP_MAGIC
from .problems import FILE, PROBLEM_CODES, USAGE_CODES, Location, Problem
from .records import ENGINES, Engine, RecordChecker

__all__ = [
    "ENGINES",
    "FORMATS",
    "PROBLEM_CODES",
    "FileReport",
    "Location",
    "Problem",
    "Validation",
    "ValidationReport",
    "detect_format",
    "validate",
]

Format = Literal["jsonl", "json", "parquet", "csv"]
FORMATS: tuple[Format, ...] = ("jsonl", "json", "parquet", "csv")
"""The input formats ``validate`` reads; ``--format`` takes one of them."""

_SUFFIXES: list[tuple[str, Format]] = [
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".json", "json"),
    (".json.gz", "json"),
    (".parquet", "parquet"),
    (".parq", "parquet"),
]
_DESCRIPTOR = "datapackage.json"
_PARQUET_MAGIC = b"PAR1"


def detect_format(path: Path) -> Format | None:
    """Tell an input's format from its name, else from its first bytes.

    Args:
        path: A file, a Hive-partitioned Parquet folder, a CSV bundle folder or
            its ``datapackage.json``.

    Returns:
        The format, or None when neither the name nor the content tells.
    """
    if path.is_dir():
        if (path / _DESCRIPTOR).is_file():
            return "csv"
        return "parquet" if any(path.rglob("*.parquet")) else None
    name = path.name.lower()
    if name == _DESCRIPTOR:
        return "csv"
    for suffix, format_ in _SUFFIXES:
        if name.endswith(suffix):
            return format_
    return _sniff(path)


def _special_kind(path: Path) -> str | None:
    """What a path is when it is neither a regular file nor a folder (a FIFO, a device, a socket), else None.

    Such a file cannot be sniffed (reading its first bytes would consume them)
    and Parquet and CSV readers need to seek, so only JSON Lines and JSON are
    read from one, and only with the format given by its name or ``--format``.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # left for the reader, which says why it cannot open it
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a regular file"


def _sniff(path: Path) -> Format | None:
    if _special_kind(path) is not None:
        return None
    try:
        with open(path, "rb") as stream:
            head = stream.read(4096)
    except OSError:
        return None
    if head.startswith(_PARQUET_MAGIC):
        return "parquet"
    if head.startswith(GZIP_MAGIC):
        import gzip
        import zlib

        try:
            with gzip.open(path, "rb") as stream:
                head = stream.read(4096)
        except (OSError, EOFError, zlib.error):
            return "jsonl"  # a damaged gzip stream: the JSON Lines reader reports it
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"["):
        return "json"
    if text.startswith(b"{"):
        return "jsonl"
    return None


# --- what a run reports -----------------------------------------------------------------------------


@dataclass
class ValidationReport:
    """The outcome of a whole run (see :func:`validate`).

    Attributes:
        files: One summary per file, in the order checked.
        problems: Every problem, in the order found.
        counts: Problems per code.
        stopped_early: True when ``max_errors`` was reached and the rest was not checked.
        max_errors: The limit the run had, if any.
        engine: The JSON Schema engine used.
    """

    files: list[FileReport]
    problems: list[Problem]
    counts: dict[str, int]
    stopped_early: bool
    max_errors: int | None
    engine: str

    @property
    def valid(self) -> bool:
        """True when no problem at all was found."""
        return not self.problems

    @property
    def exit_code(self) -> int:
        """0 valid, 1 problems found, 2 an input could not be read, its format told, or checked to its end."""
        return exit_code(self.counts)

    def as_dict(self) -> dict[str, Any]:
        """Return the report as one JSON-ready object (``--output json``; schema ``validate-report``)."""
        return {
            "report_version": REPORT_VERSION,
            "valid": self.valid,
            "schema": published_schema_path(),
            "engine": self.engine,
            "records": sum(report.records for report in self.files),
            "invalid_records": sum(report.invalid_records for report in self.files),
            "unchecked_records": sum(report.unchecked_records for report in self.files),
            "files": [report.as_dict() for report in self.files],
            "counts": dict(sorted(self.counts.items())),
            "stopped_early": self.stopped_early,
            "max_errors": self.max_errors,
            "problems": [problem.as_dict() for problem in self.problems],
        }


def exit_code(counts: dict[str, int]) -> int:
    """The exit status for problems counted by code: 0 none, 1 data problems, 2 unusable input."""
    if any(code in USAGE_CODES for code in counts):
        return 2
    return 1 if counts else 0


# --- inputs -----------------------------------------------------------------------------------------


def _sources(path: Path, file: str, format_: Format, engine: str) -> list[Source]:
    """The files an input stands for (a Parquet folder stands for each of its files)."""
    if format_ in ("jsonl", "json"):
        return [JsonSource(path, file, format_)]
    if format_ == "parquet":
        from articlekit.exporters.parquet import dataset_files

        from .parquet import ParquetSource

        fast = engine == "fast"
        if not path.is_dir():
            return [ParquetSource(path, file, fast=fast)]
        found = dataset_files(path)
        if not found:
            raise _NothingInside("the folder holds no Parquet files")
        return [ParquetSource(part, str(Path(file) / part.relative_to(path)), fast=fast) for part in found]
    from .csv_bundle import CsvBundleSource

    return [CsvBundleSource(path, file)]


def _not_a_bundle(path: Path) -> str | None:
    """Why ``path`` read as CSV is no bundle (no ``datapackage.json`` where one would be), else None."""
    if path.is_dir():
        if not (path / _DESCRIPTOR).exists():
            return f"not a CSV bundle: the folder holds no {_DESCRIPTOR}"
        return None
    if path.name != _DESCRIPTOR and not (path.parent / _DESCRIPTOR).exists():
        return (
            f"not a CSV bundle: no {_DESCRIPTOR} beside it; validate reads CSV as the bundle convert writes "
            f"(a folder holding {_DESCRIPTOR}, or that file)"
        )
    return None


class _NothingInside(Exception):
    pass


# --- duplicate ids ----------------------------------------------------------------------------------


# --- the run ----------------------------------------------------------------------------------------


@dataclass
class Validation:
    """One validation run over some inputs; iterate :meth:`problems` to run it.

    Args:
        inputs: Files and folders to check.
        format: Read every input as this format instead of detecting it.
        engine: ``fast`` (jsonschema-rs) or ``reference`` (python-jsonschema);
            both report the same problems.
        max_errors: Stop once this many problems were found.
        jobs: Worker processes for large JSON Lines and Parquet files (see
            :mod:`.parallel`); problems and counts are the same for any number.
            A run with ``max_errors`` reads every file in this process.
    """

    inputs: Sequence[str | os.PathLike[str]]
    format: Format | None = None
    engine: Engine = "fast"
    max_errors: int | None = None
    jobs: int = 1
    files: list[FileReport] = field(default_factory=list, init=False)
    """One summary per file, filled in as the run goes."""
    counts: Counter[str] = field(default_factory=Counter, init=False)
    """Problems per code so far."""
    stopped_early: bool = field(default=False, init=False)
    """Whether the run stopped at ``max_errors``."""
    file_count: int | None = field(default=None, init=False)
    """How many files the inputs stand for, once they have all been found."""
    unusable: list[Problem] = field(default_factory=list, init=False)
    """Problems that make the exit status 2 (an input that could not be read or told), as found."""

    def problems(self) -> Iterator[Problem]:
        """Check every input and yield each problem as it is found; duplicate ids come last."""
        checker = RecordChecker(self.engine)
        seen = SeenIds()
        sources: list[Source] = []
        reports: list[FileReport] = []
        for given in self.inputs:
            for problem in self._expand(Path(given), str(given), sources, reports):
                if self.stopped_early:
                    continue
                self._count(problem, None)
                yield problem
        self.file_count = len(sources)
        workers = None
        if self.jobs > 1 and self.max_errors is None:
            from .parallel import Workers

            workers = Workers(self.jobs)
        try:
            for index, source in enumerate(sources):
                report = reports[index]
                self.files.append(report)
                parts = workers.plan(source, self.engine) if workers is not None else []
                if workers is not None and parts:
                    found = workers.check(index, parts, report, seen)
                else:
                    found = check_source(self, index, source, report, checker, seen)
                for problem in found:
                    if self.stopped_early:
                        continue  # past the limit, the file is only read to count what was not checked
                    self._count(problem, report)
                    yield problem
        except BaseException:  # an interruption, or the consumer closed us: do not wait for parts in flight
            if workers is not None:
                workers.close(now=True)
            raise
        if workers is not None:
            workers.close()
        if self.stopped_early:
            return  # the ids of records not checked are unknown: repeats cannot be told
        for index, key, first_index, first_key, already_invalid in seen.repeats():
            source, first = sources[index], sources[first_index]
            file, location = source.locate(key, ("id",))
            first_file, first_location = first.locate(first_key, ("id",))
            where = first_location.describe() + ("" if first_file == file else f" of {first_file}")
            message = f"the id was already used at {where}"
            problem = Problem(file, location, "/id", "duplicate-id", message, None)
            if not already_invalid:  # a record with a repeated id is invalid: valid + invalid = records
                reports[index].invalid_records += 1
            self._count(problem, reports[index])
            yield problem
            if self.stopped_early:
                return

    def _count(self, problem: Problem, report: FileReport | None) -> None:
        if problem.code in USAGE_CODES:
            self.unusable.append(problem)
        self.counts[problem.code] += 1
        if report is not None:
            report.problems += 1
        if self.max_errors is not None and self.counts.total() >= self.max_errors:
            self.stopped_early = True

    def _expand(self, path: Path, given: str, sources: list[Source], reports: list[FileReport]) -> Iterator[Problem]:
        if not os.path.lexists(path):
            yield Problem(given, FILE, "", "unreadable", "no such file or folder")
            return
        special = _special_kind(path)
        format_ = self.format or detect_format(path)
        if special is not None and format_ not in ("jsonl", "json"):
            if format_ is None:
                message = f"{special}: its format cannot be sniffed without consuming it; pass --format jsonl|json"
                yield Problem(given, FILE, "", "unknown-format", message)
            else:
                message = f"{special}: only JSON Lines and JSON can be read from one; {format_} needs a regular file"
                yield Problem(given, FILE, "", "unreadable", message)
            return
        if format_ is None:
            message = "cannot tell the format from the name or the content; pass --format " + "|".join(FORMATS)
            yield Problem(given, FILE, "", "unknown-format", message)
            return
        if format_ == "csv" and (lone := _not_a_bundle(path)) is not None:
            yield Problem(given, FILE, "", "csv-descriptor", lone)  # under the name the user gave, not the descriptor
            return
        try:
            found = _sources(path, given, format_, self.engine)
        except _NothingInside as error:
            yield Problem(given, FILE, "", "empty-file", str(error))
            return
        except OSError as error:
            yield Problem(given, FILE, "", "unreadable", describe_os_error(error))
            return
        for source in found:
            sources.append(source)
            reports.append(FileReport(source.file, source.format))

    def report(self, problems: list[Problem]) -> ValidationReport:
        """Bundle the problems this run yielded with its summaries."""
        return ValidationReport(
            files=self.files,
            problems=problems,
            counts=dict(self.counts),
            stopped_early=self.stopped_early,
            max_errors=self.max_errors,
            engine=self.engine,
        )


def validate(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    format: Format | None = None,
    engine: Engine = "fast",
    max_errors: int | None = None,
    jobs: int = 1,
) -> ValidationReport:
    """Check files against the article contract and collect every problem.

    Args:
        inputs: JSONL (``.jsonl``, ``.ndjson``, also gzip-compressed), JSON
            (``.json``: an array of records or one record), Parquet files and
            Hive-partitioned Parquet folders, CSV bundles (a folder holding
            ``datapackage.json``, or that file).
        format: Read every input as this format instead of detecting it.
        engine: ``fast`` (jsonschema-rs) or ``reference`` (python-jsonschema).
        max_errors: Stop once this many problems were found.
        jobs: Worker processes for large JSON Lines and Parquet files; the
            report is the same for any number.

    Returns:
        The report; ``report.exit_code`` is what the command line exits with.
    """
    run = Validation(list(inputs), format=format, engine=engine, max_errors=max_errors, jobs=jobs)
    return run.report(list(run.problems()))
