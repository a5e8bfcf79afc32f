"""Checking the records of one file: the loop both a whole run and a worker of ``--jobs`` go through.

A file is a :class:`Source`: its reader yields problems with the file and
``(key, record)`` pairs, the key locating the record (a line, or a row group
and row). :func:`check_source` checks each record with the engine, places its
problems, counts it in the file's :class:`FileReport`, and notes its id in a
:class:`SeenIds` for the duplicate check done once every file is read.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .jsonl import Item, Span, read_json, read_jsonl
from .problems import FILE, Location, Problem, RecordProblem, Verified
from .records import RecordChecker

_HEX_ID = re.compile(r"[0-9a-f]{32}")
_DICT_LIMIT = 200_000  # up to this many ids, a dict finds repeats without importing pyarrow


class Run(Protocol):
    """What :func:`check_source` asks of the run it belongs to."""

    stopped_early: bool


@dataclass
class FileReport:
    """What was found in one file.

    Attributes:
        file: The file as named in problems.
        format: The format it was read as.
        records: Values checked as records (lines or elements that parsed, rows).
        invalid_records: Checked records with at least one problem (a repeated id is one).
        problems: Problems reported in this file, of any kind.
        unchecked_records: Records read past without checking once ``max_errors`` stopped the run.
    """

    file: str
    format: str
    records: int = 0
    invalid_records: int = 0
    problems: int = 0
    unchecked_records: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Return the summary as a JSON-ready dict."""
        return {
            "file": self.file,
            "format": self.format,
            "records": self.records,
            "invalid_records": self.invalid_records,
            "problems": self.problems,
            "unchecked_records": self.unchecked_records,
        }


class Source(Protocol):
    """One file as the runner sees it."""

    file: str
    format: str

    def items(self) -> Iterator[Item]:
        """Problems with the file, and ``(key, value)`` for each record, key locating it."""
        ...

    def locate(self, key: int, path: tuple[str | int, ...]) -> tuple[str, Location]:
        """The file and location of a field of the record ``key``."""
        ...

    def suppressed(self, problem: RecordProblem) -> bool:
        """Whether the record's problem follows from one already reported for the file or the row."""
        ...


class JsonSource:
    """A JSON Lines or JSON file, or one part of a JSON Lines file (``span``)."""

    def __init__(self, path: Path, file: str, format_: str, span: Span | None = None) -> None:
        self.path, self.file, self.format, self.span = path, file, format_, span

    def items(self) -> Iterator[Item]:
        """Problems with the file's bytes and ``(line, value)`` for each value."""
        if self.format == "jsonl":
            return read_jsonl(self.path, self.file, self.span)
        return read_json(self.path, self.file)

    def locate(self, key: int, path: tuple[str | int, ...]) -> tuple[str, Location]:
        """The line of the record ``key`` (its line number)."""
        return self.file, Location(line=key)

    def suppressed(self, problem: RecordProblem) -> bool:
        """Never: a JSON record's problems follow from nothing reported before them."""
        return False


class SeenIds:
    """Every valid-looking id with where it was, packed: 16 bytes of id and 12 of location per record.

    A dict from id to location would take some 130 bytes a record; a million
    records would then hold half the memory budget of a validation run.
    """

    def __init__(self) -> None:
        self._ids = bytearray()
        self._files = array("I")
        self._keys = array("Q")
        self._invalid = bytearray()  # 1 where the record already counts as invalid for another problem

    def add(self, record_id: str, file_index: int, key: int, invalid: bool = False) -> None:
        """Note a record's id (32 hex digits) and where it was."""
        self._ids += bytes.fromhex(record_id)
        self._files.append(file_index)
        self._keys.append(key)
        self._invalid.append(invalid)

    def packed(self) -> tuple[bytes, array[int], bytes]:
        """The ids, keys and invalid flags as they are held, to hand to another process."""
        return bytes(self._ids), self._keys, bytes(self._invalid)

    def add_packed(self, ids: bytes, file_index: int, keys: array[int], invalid: bytes) -> None:
        """Add ids another :class:`SeenIds` packed (:meth:`packed`), all of the file ``file_index``."""
        self._ids += ids
        self._files.extend(array("I", [file_index]) * len(keys))
        self._keys.extend(keys)
        self._invalid += invalid

    def duplicates(self) -> Iterator[tuple[int, int, int, int]]:
        """Yield ``(file, key, first_file, first_key)`` for every repeat, in reading order."""
        for file, key, first_file, first_key, _ in self.repeats():
            yield file, key, first_file, first_key

    def repeats(self) -> Iterator[tuple[int, int, int, int, bool]]:
        """Like :meth:`duplicates`, with whether the repeat already counts as invalid for another problem."""
        count = len(self._files)
        found = self._repeats_by_dict(count) if count <= _DICT_LIMIT else self._repeats_by_sorting(count)
        files, keys = self._files, self._keys
        for position, first in found:
            yield files[position], keys[position], files[first], keys[first], bool(self._invalid[position])

    def _repeats_by_dict(self, count: int) -> list[tuple[int, int]]:
        firsts: dict[bytes, int] = {}
        found = []
        ids = self._ids
        for position in range(count):
            first = firsts.setdefault(bytes(ids[16 * position : 16 * position + 16]), position)
            if first != position:
                found.append((position, first))
        return found

    def _repeats_by_sorting(self, count: int) -> list[tuple[int, int]]:
        # Sorting the packed ids in Arrow takes some 30 MB for a million records where a dict of
        # them would take over 100 MB.
        import pyarrow as pa
        import pyarrow.compute as pc

        ids = pa.FixedSizeBinaryArray.from_buffers(pa.binary(16), count, [None, pa.py_buffer(self._ids)])
        order = pc.sort_indices(ids)
        ordered = ids.take(order)
        repeats = pc.indices_nonzero(pc.equal(ordered.slice(1), ordered.slice(0, count - 1))).to_pylist()
        if not repeats:
            return []
        # Equal ids are consecutive in sorted order: each run of them holds a first use and its repeats.
        involved = sorted({position for index in repeats for position in (index, index + 1)})
        positions = dict(zip(involved, order.take(pa.array(involved)).to_pylist(), strict=True))
        found: list[tuple[int, int]] = []
        run: list[int] = []
        joined = set(repeats)  # sorted[i + 1] == sorted[i]
        for index in involved:
            if run and index - 1 not in joined:
                found.extend(_repeats_of(run, positions))
                run = []
            run.append(index)
        found.extend(_repeats_of(run, positions))
        return sorted(found)


def _repeats_of(run: list[int], positions: dict[int, int]) -> list[tuple[int, int]]:
    """(repeat, first use) for one run of sorted equal ids, by reading position."""
    ordered = sorted(positions[index] for index in run)
    return [(position, ordered[0]) for position in ordered[1:]]


def check_source(
    run: Run, index: int, source: Source, report: FileReport, checker: RecordChecker, seen: SeenIds
) -> Iterator[Problem]:
    """Check every record of one file; yield its problems in file order and note its ids in ``seen``.

    Args:
        run: Asked before each record whether the run stopped (``max_errors``); a record read
            after that is counted as unchecked.
        index: The file's index among the run's files, kept with each id.
        source: The file.
        report: The file's summary, filled in.
        checker: The record engine.
        seen: Where every well-formed id goes, with its place.

    Yields:
        Problems with the file and its records, placed.
    """
    is_valid = checker.is_valid
    add_id = seen.add
    records = 0
    try:
        for item in source.items():
            if type(item) is not tuple:
                yield item  # type: ignore[misc]
                continue
            if run.stopped_early:
                report.unchecked_records += 1
                continue
            key, value = item
            records += 1
            if type(value) is Verified:
                add_id(value.id, index, key)
                continue
            if is_valid(value):
                add_id(value["id"], index, key)
                continue
            found = [problem for problem in checker.problems(value) if not source.suppressed(problem)]
            if found:
                report.invalid_records += 1
            if type(value) is dict:
                record_id = value.get("id")
                if type(record_id) is str and _HEX_ID.fullmatch(record_id):
                    add_id(record_id, index, key, bool(found))
            for problem in found:
                yield place(source, key, problem)
    except OSError as error:
        yield Problem(source.file, FILE, "", "unreadable", describe_os_error(error))
    except Exception as error:  # noqa: BLE001 - never a traceback: a crash is a problem of the file
        message = f"{type(error).__name__}: {error}; the rest of the file was not checked"
        yield Problem(source.file, FILE, "", "validator-crash", message)
    finally:
        report.records = records


def place(source: Source, key: int, problem: RecordProblem) -> Problem:
    """A record's problem placed in its file."""
    file, location = source.locate(key, problem.path)
    return Problem(file, location, problem.pointer, problem.code, problem.message, problem.value)


def describe_os_error(error: OSError) -> str:
    """What an OS error says, for a problem's message."""
    return error.strerror or str(error)
