"""The convert pipeline: discover → read → decode → detect → convert → write.

Every input ends as its articles or a :class:`Reject` with a stable code
(:func:`process` and :func:`convert_source` return both as one :class:`Outcome`).
Nothing is dropped silently, and nothing a source contains can crash the run.

``convert`` does not hold a source's articles in an Outcome: they go to the writers as the
converter yields them (the first ``_HOLD_ARTICLES`` are held until the source ends, so that a
source failing early still gives none), and each article is serialised once, for the JSONL
writer and the journal alike. A feed or dump of 100,000 items is never held whole.
"""

from __future__ import annotations

import errno
import hashlib
import json
import multiprocessing
import os
import re
import stat
import sys
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, replace
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from articlekit import __version__, _process_guard
from articlekit.converters import ItemRejected, ItemsSkipped, Source, detect, options_for
from articlekit.converters.registry import converters
from articlekit.converters.warc import is_warc
from articlekit.decode import DEFAULT_MAX_BYTES, decode, gunzip
from articlekit.dedup import NearDuplicateIndex
from articlekit.discover import Input, open_without_waiting
from articlekit.errors import ConversionError
from articlekit.exporters import EXPORTERS, Writer, exporter_by_name
from articlekit.exporters._base import TEMPORARY_SUFFIX, move_into_place, remove_path, temporary_sibling
from articlekit.exporters.jsonl import JsonlWriter
from articlekit.journal import (
    MANIFEST_NAME,
    Entry,
    Journal,
    Previous,
    load_previous,
    replay_committed,
    set_aside,
)
from articlekit.schema import Article
from articlekit.schema.outputs import ConvertSummary, FormatCount

FieldMap = tuple[tuple[str, str], ...]
"""``--field-map`` as ``(field, key)`` pairs: a tuple, so that it pickles to worker processes."""
_GZIP_MAGIC = b"\x1f\x8b"
_WARC_HEAD_BYTES = 4096
"""Bytes read to tell a WARC file (then streamed by its converter) from a source read whole."""


@dataclass(frozen=True, slots=True)
class Reject:
    """A source, or one item of a many-item source, that gave no article, and why.

    Attributes:
        path: The source's path as shown to the user.
        format: The format that was tried, or None when none was.
        code: A stable code from :data:`articlekit.errors.REJECT_CODES`.
        message: What was wrong, for a human.
        position: For an item of a feed, dump, digest or WARC file: its 1-based position there; else None.
        item: What names that item in the source (guid, id, WARC-Record-ID), when something does.
    """

    path: str
    format: str | None
    code: str
    message: str
    position: int | None = None
    item: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The reject as one line of ``rejects.jsonl`` holds it (what ``dataclasses.asdict`` gives, cheaper)."""
        return {
            "path": self.path,
            "format": self.format,
            "code": self.code,
            "message": self.message,
            "position": self.position,
            "item": self.item,
        }


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input: its articles (and the items that gave none), or a reject."""

    path: str
    format: str | None
    articles: tuple[Article, ...] = ()
    reject: Reject | None = None
    item_rejects: tuple[Reject, ...] = ()
    fingerprint: Fingerprint | None = None
    location: str | None = None
    items_skipped: tuple[tuple[str, int], ...] = ()


def bundled_seeds() -> Path:
    """Return the folder of sample sources shipped with articlekit."""
    return Path(str(resources.files("articlekit.seeds")))


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What identifies a source file's content for ``--resume``: size, modification time, SHA-256.

    The hash is over the bytes as read (at most the size limit plus one byte), so
    it costs no second read of the file.
    """

    size: int
    mtime_ns: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        """The fingerprint as the manifest holds it."""
        return {"size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.sha256}


def _read_raw(item: Input, max_bytes: int, stdin: BinaryIO | None) -> tuple[bytes, Fingerprint | None]:
    try:
        if item.location is None:
            stream = stdin if stdin is not None else sys.stdin.buffer
            return stream.read(max_bytes + 1), None
        # A FIFO in an input folder that no process writes to would otherwise hang the run.
        with open_without_waiting(item.location) as handle:
            status = os.fstat(handle.fileno())
            data = handle.read(_WARC_HEAD_BYTES)
            if stat.S_ISREG(status.st_mode) and is_warc(data):
                # A WARC file is streamed by its converter from disk (any size): only its head is kept here,
                # and the fingerprint hashes the whole file a block at a time.
                digest = hashlib.sha256(data)
                while block := handle.read(1 << 20):
                    digest.update(block)
                return data, Fingerprint(status.st_size, status.st_mtime_ns, digest.hexdigest())
            if stat.S_ISREG(status.st_mode):
                # Read again from the start in one call: joining the head to the rest would hold the
                # file twice at the peak (the size limit's memory test measures exactly that).
                handle.seek(0)
                data = handle.read(max_bytes + 1)
            else:  # a pipe or a device cannot seek back
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as error:
        raise ConversionError("unreadable", f"cannot read: {error.strerror or error}") from error
    return data, Fingerprint(status.st_size, status.st_mtime_ns, hashlib.sha256(data).hexdigest())


def fingerprint_of(item: Input, max_bytes: int = DEFAULT_MAX_BYTES) -> Fingerprint | None:
    """Return the current fingerprint of a file input; None for standard input or an unreadable file."""
    if item.location is None:
        return None
    try:
        return _read_raw(item, max_bytes, None)[1]
    except ConversionError:
        return None


def _decode_raw(item: Input, data: bytes, max_bytes: int) -> Source:
    if is_warc(data):  # a web archive stays as it is: the warc converter reads its records and their payloads
        if item.location is not None and len(data) <= _WARC_HEAD_BYTES and os.path.isfile(item.location):
            # _read_raw kept only the head: the converter streams the file (its records have their own limit).
            return Source(path=item.path, data=data, text="", encoding="binary", location=str(item.location))
        if len(data) <= max_bytes:
            return Source(path=item.path, data=data, text="", encoding="binary")
    if len(data) > max_bytes:
        raise ConversionError("too-large", f"larger than the limit of {max_bytes} bytes (see --max-bytes)")
    if data.startswith(_GZIP_MAGIC):
        data = gunzip(data, max_bytes)
    decoded = decode(data)
    return Source(path=item.path, data=data, text=decoded.text, encoding=decoded.encoding)


def read_source(item: Input, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None) -> Source:
    """Read and decode one input into a Source.

    Raises:
        ConversionError: ``unreadable``, ``too-large``, ``empty``, ``binary`` or ``undecodable``.
    """
    data, _ = _read_raw(item, max_bytes, stdin)
    return _decode_raw(item, data, max_bytes)


class _Streamed:
    """One input whose results are read as the converter makes them, so a large source is never held.

    Iterating :attr:`results` gives its articles and its items' Rejects in source order; once it
    is exhausted, :attr:`reject` is the source's own Reject (None when it gave an article) and
    :attr:`crashed` says the converter failed with a bug (its item rejects then do not count).
    """

    __slots__ = ("crashed", "fingerprint", "format", "items_skipped", "location", "path", "reject", "results")

    def __init__(self, path: str, location: str | None = None, fingerprint: Fingerprint | None = None) -> None:
        self.path = path
        self.location = location
        self.fingerprint = fingerprint
        self.format: str | None = None
        self.reject: Reject | None = None
        self.crashed = False
        self.items_skipped: list[tuple[str, int]] = []  # records a many-item source held but no article came from
        self.results: Iterator[Article | Reject] = iter(())

    @classmethod
    def of(cls, outcome: Outcome) -> _Streamed:
        """The results of an outcome converted elsewhere (a worker process), in the same shape."""
        streamed = cls(outcome.path, outcome.location, outcome.fingerprint)
        streamed.format, streamed.reject = outcome.format, outcome.reject
        streamed.items_skipped = list(outcome.items_skipped)
        streamed.results = iter((*outcome.item_rejects, *outcome.articles))
        return streamed

    def collect(self) -> Outcome:
        """Read every result into one Outcome (what :func:`convert_source` and :func:`process` return)."""
        articles: list[Article] = []
        item_rejects: list[Reject] = []
        for result in self.results:
            if isinstance(result, Reject):
                item_rejects.append(result)
            else:
                articles.append(result)
        if self.reject is not None:
            kept = () if self.crashed else tuple(item_rejects)
            return Outcome(
                self.path, self.format, reject=self.reject, item_rejects=kept, fingerprint=self.fingerprint,
                location=self.location, items_skipped=tuple(self.items_skipped),
            )  # fmt: skip
        return Outcome(
            self.path, self.format, articles=tuple(articles), item_rejects=tuple(item_rejects),
            fingerprint=self.fingerprint, location=self.location, items_skipped=tuple(self.items_skipped),
        )  # fmt: skip


def _convert_stream(
    source: Source, name: str | None, field_map: FieldMap, state: _Streamed
) -> Iterator[Article | Reject]:
    """Yield the articles and item Rejects of ``source``; set ``state.format``, ``.reject``, ``.crashed``."""
    articles = 0
    first_item: Reject | None = None
    item_rejects = 0
    try:
        if name is None:
            name = detect(source, field_map=field_map).format
            if name is None:
                raise ConversionError("unknown-format", "no converter recognises this source (see `articlekit detect`)")
        state.format = name
        converter = converters()[name]  # the entry points are read on first use, not when this module is imported
        for result in converter.convert(source, **options_for(converter, field_map=field_map)):
            if isinstance(result, ItemRejected):
                reject = Reject(source.path, name, result.code, result.message, result.position, result.item)
                item_rejects += 1
                first_item = first_item or reject
                yield reject
            elif isinstance(result, ItemsSkipped):
                state.items_skipped.append((result.reason, result.count))
            else:
                articles += 1
                yield result
        if not articles:
            if first_item is not None:
                raise ConversionError(
                    first_item.code,
                    f"none of its {item_rejects} items gave an article; item {first_item.position}: "
                    f"{first_item.message}",
                )
            raise ConversionError("no-body", "the source holds no article")
    except ConversionError as error:
        state.format = name
        state.reject = Reject(source.path, name, error.code, error.message)
    except (Exception, RecursionError) as error:  # noqa: BLE001 - one bad file must not end a batch
        message = f"{type(error).__name__}: {error}"[:500]
        state.format = name
        state.reject = Reject(source.path, name, "converter-crash", message)
        state.crashed = True


def convert_source(source: Source, format: str | None = None, *, field_map: FieldMap = ()) -> Outcome:
    """Convert one decoded source with the forced ``format`` or the detected one.

    Never raises: a ConversionError becomes a Reject with its code, and any other
    exception (a converter bug) a Reject with code ``converter-crash``. ``field_map``
    reaches the converters that take it (``json-items``), in detection too.
    """
    state = _Streamed(source.path)
    state.results = _convert_stream(source, format, field_map, state)
    return state.collect()


def _stream_input(
    item: Input,
    format: str | None,
    max_bytes: int,
    stdin: BinaryIO | None,
    field_map: FieldMap,
) -> _Streamed:
    """Read and decode one input now; its conversion runs as :attr:`_Streamed.results` is read."""
    try:
        data, fingerprint = _read_raw(item, max_bytes, stdin)
    except ConversionError as error:
        state = _Streamed(item.path)
        state.reject = Reject(item.path, None, error.code, error.message)
        return state
    state = _Streamed(item.path, _location(item), fingerprint)
    try:
        source = _decode_raw(item, data, max_bytes)
    except ConversionError as error:
        state.reject = Reject(item.path, None, error.code, error.message)
        return state
    del data  # the source holds the bytes it needs; a large input is not kept twice
    state.results = _convert_stream(source, format, field_map, state)
    return state


def process(
    item: Input,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    field_map: FieldMap = (),
) -> Outcome:
    """Read, decode and convert one input; every failure becomes a Reject."""
    return _stream_input(item, format, max_bytes, stdin, field_map).collect()


def process_bytes(
    path: str,
    data: bytes,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    field_map: FieldMap = (),
) -> Outcome:
    """Decode and convert one source whose bytes are already read (by Spark, Ray, a caller); never raises.

    The same steps as :func:`process` after its read: the size limit, gzip,
    decoding, detection and conversion, so an engine that reads the bytes
    itself gives the same outcome as a local run.
    """
    item = Input(path, None)
    try:
        source = _decode_raw(item, data, max_bytes)
    except ConversionError as error:
        return Outcome(path, None, reject=Reject(path, None, error.code, error.message))
    return convert_source(source, format, field_map=field_map)


def _location(item: Input) -> str | None:
    return None if item.location is None else str(item.location)


class Summary(ConvertSummary):
    """Counts for one convert run; ``inputs == converted + rejected`` always holds.

    Its keys are those of :class:`articlekit.schema.outputs.ConvertSummary`, the
    one place a key of ``summary.json`` is defined.
    ``duplicates`` counts articles dropped because an earlier source gave the same id;
    a source all of whose articles were duplicates counts as rejected (code ``duplicate``).
    ``items_rejected`` counts the items of feeds, dumps, digests and WARC files
    that gave no article (the rest of their source still converts).
    ``rejects_by_code`` counts the lines of ``rejects.jsonl`` by code.
    """

    articlekit_version: str = __version__

    def count(self, entry: Entry) -> None:
        """Count one finished input."""
        self.inputs += 1
        self.duplicates += entry.duplicates
        for reject in entry.rejects:
            self.rejects_by_code[reject["code"]] = self.rejects_by_code.get(reject["code"], 0) + 1
            self.near_duplicates += reject["code"] == "near-duplicate"
            if reject.get("position") is not None:
                self.items_rejected += 1
        for reason, count in entry.items_skipped.items():
            self.items_skipped[reason] = self.items_skipped.get(reason, 0) + count
        if not entry.converted:
            self.rejected += 1
            return
        self.converted += 1
        self.articles += entry.articles
        counts = self.formats.setdefault(entry.format or "?", FormatCount(sources=0, articles=0))
        counts.sources += 1
        counts.articles += entry.articles

    def to_json(self) -> str:
        """The summary as written to ``summary.json`` (keys in the model's order, codes and formats sorted)."""
        data = self.model_dump(mode="json")
        data["rejects_by_code"] = dict(sorted(self.rejects_by_code.items()))
        data["items_skipped"] = dict(sorted(self.items_skipped.items()))
        data["formats"] = dict(sorted(data["formats"].items()))
        data["elapsed_seconds"] = round(self.elapsed_seconds, 3)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class ConvertOptions:
    """How ``convert`` runs and writes. Every field has the CLI's default."""

    formats: tuple[str, ...] = ("jsonl", "parquet", "csv")
    format: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    partition_by: str | None = None
    spreadsheet_safe: bool = False
    jobs: int = 1
    resume: bool = False
    field_map: FieldMap = ()
    """``(field, key)`` pairs of ``--field-map`` for JSON dumps (see ``json_items.parse_field_map``)."""
    dedup: str | None = None
    """``near`` drops near-duplicate articles (see :mod:`articlekit.dedup`); None keeps them."""
    near_threshold: float = 0.8
    fold_script: bool = False


def _writer_options(name: str, options: ConvertOptions) -> dict[str, Any]:
    if name == "parquet" and options.partition_by:
        return {"partition_by": options.partition_by}
    if name == "csv" and options.spreadsheet_safe:
        return {"spreadsheet_safe": True}
    return {}


def run_convert(
    inputs: Iterable[Input],
    out_dir: Path,
    options: ConvertOptions = ConvertOptions(),
    *,
    progress: Callable[[Summary], None] | None = None,
    stdin: BinaryIO | None = None,
    stop: Callable[[], bool] | None = None,
    outcomes: Iterable[Outcome] | None = None,
    on_kept: Callable[[str, str], None] | None = None,
    before_summary: Callable[[Summary], None] | None = None,
) -> Summary:
    """Convert every input and write the outputs, rejects.jsonl and summary.json into ``out_dir``.

    Outputs appear only complete: each is written to a temporary path and
    renamed into place when the run ends; an exception leaves none behind.

    Args:
        inputs: What to convert, e.g. from :func:`articlekit.discover.discover`.
        out_dir: The output folder (created if missing).
        options: Formats and limits.
        progress: Called after each input with the running summary.
        stdin: Standard input's byte stream, for the ``-`` source.
        stop: Asked after each finished input; when it returns True the run
            commits its journal, removes its temporary outputs and raises
            :class:`ConvertInterrupted` (a signal handler sets what it reads).
        outcomes: Outcomes already converted elsewhere (Spark, Ray: see
            :mod:`articlekit.batch`), in input order; when given, ``inputs`` is
            not read, and duplicates, counts and writing are done here as for a
            local run. Not with ``resume``.
        on_kept: Called with the input's path and the article's id for every
            article written (not a duplicate), in output order: an engine that
            writes an output itself (Ray's Parquet) learns from it which to write.
        before_summary: Called once every input is finished and the outputs are
            complete, before ``summary.json`` is written: such an engine writes
            its output there and adds it to ``summary.outputs``. If it raises,
            the run's outputs are removed, as for any failure.

    Returns:
        The run's summary.

    Raises:
        OutputError: The output folder cannot be created or written (a file is
            in the way, permission denied, read-only file system, disk full).
        ConvertInterrupted: ``stop`` asked the run to stop.
    """
    if outcomes is not None and options.resume:
        raise ValueError("a run fed with converted outcomes cannot be resumed")
    try:
        return _run_convert(inputs, out_dir, options, progress, stdin, stop, outcomes, on_kept, before_summary)
    except OSError as error:
        # Reading a source never raises (it becomes a reject): an OSError here is about the output.
        raise OutputError(_describe_output_error(error, out_dir)) from error


class OutputError(Exception):
    """The output folder cannot be created or written; the message names the path and the cause."""


class ConvertInterrupted(Exception):
    """A run stopped on request after committing its journal; ``--resume`` continues it.

    Attributes:
        done: Inputs finished (and journaled) before the stop, replayed ones included.
        total: All inputs, when they had all been listed by then; else None.
    """

    def __init__(self, done: int, total: int | None) -> None:
        super().__init__(f"interrupted after {done} of {total if total is not None else 'an unknown number of'} inputs")
        self.done = done
        self.total = total


def _describe_output_error(error: OSError, out_dir: Path) -> str:
    path = error.filename
    if path is None or Path(path).name.endswith(TEMPORARY_SUFFIX):
        path = out_dir  # a temporary's random name would tell the user nothing
    cause = error.strerror or str(error)
    if isinstance(error, FileExistsError | NotADirectoryError):
        cause = f"{cause} (a file is in the way of the output folder {out_dir})"
    elif error.errno == errno.ENOSPC:
        cause = f"{cause}; free some space and run again with --resume to keep what was done"
    return f"cannot write {path}: {cause}"


def _remove_leftovers(out_dir: Path) -> None:
    """Remove the temporary outputs a killed run (SIGKILL, power cut) could not remove itself.

    Only names this pipeline itself gives its temporaries (``.articles.jsonl.1a2b3c4d.tmp``,
    ``.rejects.jsonl.….tmp``, a replaced folder's ``.….old``) are touched; the journal is kept for --resume.
    """
    names = "|".join(re.escape(name) for name in (*_OUTPUT_NAMES, "rejects.jsonl", "summary.json"))
    leftover = re.compile(rf"\.(?:{names})\.[0-9a-f]{{8}}\.(?:tmp|old)")
    with os.scandir(out_dir) as entries:
        for entry in entries:
            if leftover.fullmatch(entry.name):
                remove_path(Path(entry.path))


_OUTPUT_NAMES = tuple(exporter.DEFAULT_NAME for exporter in EXPORTERS.values())


class _Counted:
    """Passes inputs through, counting them; one item ahead, so it knows the total as the last is handed out."""

    def __init__(self, inputs: Iterable[Input], skip: set[str]) -> None:
        self._inputs, self._skip = inputs, skip
        self.count = 0
        self.exhausted = False

    def __iter__(self) -> Iterator[Input]:
        remaining = (item for item in self._inputs if item.path not in self._skip)
        current = next(remaining, None)
        while current is not None:
            following = next(remaining, None)
            self.count += 1
            self.exhausted = following is None
            yield current
            current = following


def _run_convert(
    inputs: Iterable[Input],
    out_dir: Path,
    options: ConvertOptions,
    progress: Callable[[Summary], None] | None,
    stdin: BinaryIO | None,
    stop: Callable[[], bool] | None,
    converted: Iterable[Outcome] | None = None,
    on_kept: Callable[[str, str], None] | None = None,
    before_summary: Callable[[Summary], None] | None = None,
) -> Summary:
    started = time.perf_counter()
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"cannot write {out_dir}: it is a file, not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out_dir)
    previous = set_aside(load_previous(out_dir), out_dir) if options.resume else None
    summary = Summary()
    with ExitStack() as stack:
        writers = []
        for name in options.formats:
            exporter = exporter_by_name(name)
            destination = out_dir / exporter.DEFAULT_NAME
            writers.append(stack.enter_context(exporter.open_writer(destination, **_writer_options(name, options))))
            summary.outputs[name] = destination.name
        rejects = stack.enter_context(_atomic_text(out_dir / "rejects.jsonl"))
        journal = Journal(out_dir)
        stack.callback(journal.close)  # on failure the committed journal stays for --resume
        # Ids only, 16 bytes each: keeping the first source's path too made memory grow with every input.
        output = _Output(writers, rejects, journal, summary, _near_index(options), on_kept)
        done: set[str] = set()
        if previous is not None:
            for entry, articles in _replay(previous, options.max_bytes):
                output.replay(entry, articles)
                done.add(entry.path)
                if progress is not None:
                    progress(summary)
                if stop is not None and stop():
                    journal.commit()  # the replayed journal stays too: the next --resume starts from it
                    raise ConvertInterrupted(summary.inputs, None)
            journal.commit()
            replay_committed(out_dir)
        counted = _Counted(inputs, done)
        produced = (
            _outcomes(counted, options, stdin)
            if converted is None
            else (_Streamed.of(outcome) for outcome in _passed(converted, counted))  # an engine converted them
        )
        streams = stack.enter_context(closing(produced))
        for streamed in streams:
            output.finish(streamed)
            if progress is not None:
                progress(summary)
            if stop is not None and stop():
                # Every finished input is committed; the writers' temporary files go as the stack unwinds.
                journal.commit()
                raise ConvertInterrupted(summary.inputs, len(done) + counted.count if counted.exhausted else None)
        if before_summary is not None:
            before_summary(summary)
        summary.outputs["rejects"] = "rejects.jsonl"
        summary.outputs["summary"] = "summary.json"
        summary.outputs["manifest"] = MANIFEST_NAME
        journal.commit()
    journal.finish(out_dir)
    summary.elapsed_seconds = time.perf_counter() - started
    with _atomic_text(out_dir / "summary.json") as summary_file:
        summary_file.write(summary.to_json())
    return summary


_HOLD_ARTICLES = 1000
"""Articles of one source held back until the source ends; past this many they are written as they come."""


class _Output:
    """Where finished inputs go: the writers, rejects.jsonl, the journal and the summary, in input order.

    Each article is serialised once, by ``model_dump_json``: that line goes to the JSONL writer and to
    the journal alike. The record was validated by the converter's ``build_article``, which is the one
    place a record is checked against the contract (see tests/test_pipeline.py).
    """

    def __init__(
        self,
        writers: list[Writer],
        rejects: TextIO,
        journal: Journal,
        summary: Summary,
        near: NearDuplicateIndex | None,
        on_kept: Callable[[str, str], None] | None = None,
    ) -> None:
        self._lines = [writer for writer in writers if isinstance(writer, JsonlWriter)]
        self._objects = [writer for writer in writers if not isinstance(writer, JsonlWriter)]
        self._rejects = rejects
        self._journal = journal
        self._summary = summary
        self._near = near
        self._on_kept = on_kept
        # Ids only, 16 bytes each: keeping the first source's path too made memory grow with every input.
        self._first_seen: set[bytes] = set()

    def _write(self, article: Article) -> None:
        line = article.model_dump_json()
        for writer in self._lines:
            writer.write_json(line)
        for other in self._objects:
            other.write(article)
        self._journal.add_article(line)

    def _close(self, entry: Entry) -> None:
        self._summary.count(entry)
        for reject in entry.rejects:
            self._rejects.write(json.dumps(reject, ensure_ascii=False) + "\n")
        self._journal.add_entry(entry)

    def replay(self, entry: Entry, articles: Iterable[Article]) -> None:
        """Write one input of an earlier run again, as it was journaled."""
        for article in articles:
            if self._near is not None:
                self._near.keep(article.id, article.text)
            self._first_seen.add(bytes.fromhex(article.id))
            self._write(article)
            if self._on_kept is not None:
                self._on_kept(entry.path, article.id)
        self._close(entry)

    def finish(self, streamed: _Streamed) -> None:
        """Write one input's articles as they come, drop duplicates, then count and journal it.

        The articles of a source are held (up to :data:`_HOLD_ARTICLES`) until it ends, so a source
        that fails gives none, as ever. Past that many they stream through the writers; a failure
        after that keeps what was written and adds the source's Reject to its entry.
        """
        held: list[Article] = []
        streaming = False
        item_rejects: list[Reject] = []
        duplicates: list[Reject] = []
        near_duplicates: list[Reject] = []
        kept = 0

        def take(article: Article) -> None:
            nonlocal kept
            key = bytes.fromhex(article.id)
            if key in self._first_seen:
                # The same story scraped twice has one id: the first in input order is kept, whatever --jobs is.
                message = f"article {article.id} was already converted from an earlier source in this run"
                duplicates.append(Reject(streamed.path, streamed.format, "duplicate", message))
                return
            self._first_seen.add(key)
            if self._near is not None:
                found = self._near.check(article.id, article.text)
                if found is not None:
                    near_duplicates.append(
                        Reject(streamed.path, streamed.format, "near-duplicate", found.message(), item=article.id)
                    )
                    return
            kept += 1
            self._write(article)
            if self._on_kept is not None:
                self._on_kept(streamed.path, article.id)

        for result in streamed.results:
            if isinstance(result, Reject):
                item_rejects.append(result)
            elif streaming:
                take(result)
            else:
                held.append(result)
                if len(held) >= _HOLD_ARTICLES:
                    streaming = True
                    for article in held:
                        take(article)
                    held.clear()
        reject = streamed.reject
        if reject is None:
            for article in held:
                take(article)
        elif streaming:
            message = f"stopped after {kept + len(duplicates) + len(near_duplicates)} articles: {reject.message}"
            reject = replace(reject, message=message)
        elif streamed.crashed:
            item_rejects = []  # a converter bug: what it said about single items is not to be trusted
        dropped = duplicates + near_duplicates
        if reject is None and not kept:
            reject = dropped[0]  # every article was a duplicate: the source is rejected with the first as reason
        ending: list[Reject | None] = (
            [*dropped, reject] if streaming and streamed.reject is not None else [*dropped] or [reject]
        )
        fingerprint = streamed.fingerprint
        entry = Entry(
            path=streamed.path,
            location=streamed.location,
            fingerprint=None if fingerprint is None else fingerprint.to_dict(),
            format=streamed.format,
            articles=kept,
            converted=kept > 0,
            rejects=[item.to_dict() for item in (*item_rejects, *ending) if item is not None],
            duplicates=len(duplicates),
            items_skipped=_skipped_counts(streamed.items_skipped),
        )
        self._close(entry)


def _skipped_counts(skipped: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Skipped records by reason, summed (a converter may report one reason in several steps)."""
    counts: dict[str, int] = {}
    for reason, count in skipped:
        counts[reason] = counts.get(reason, 0) + count
    return counts


def _replay(previous: Previous, max_bytes: int) -> Iterator[tuple[Entry, Iterator[Article]]]:
    """Yield the earlier run's inputs whose files are unchanged, with their articles as a stream.

    An input whose file changed, vanished or came from standard input is not
    replayed (its articles are skipped) and so is converted again.
    """
    stream = previous.articles()
    for entry in previous.entries:
        articles = islice(stream, entry.articles)
        if entry.fingerprint is not None and entry.location is not None:
            current = fingerprint_of(Input(entry.path, Path(entry.location)), max_bytes)
            if current is not None and current.to_dict() == entry.fingerprint:
                yield entry, articles
        for _ in articles:  # what was not replayed (or not read) is skipped
            pass


def _near_index(options: ConvertOptions) -> NearDuplicateIndex | None:
    if options.dedup is None:
        return None
    if options.dedup != "near":
        raise ValueError(f"unknown dedup mode {options.dedup!r}; the one mode is 'near'")
    return NearDuplicateIndex(options.near_threshold, fold_script=options.fold_script)


@contextmanager
def _atomic_text(dest: Path) -> Iterator[TextIO]:
    """Open a UTF-8 text file that appears at ``dest`` only if the block completes."""
    temporary = temporary_sibling(dest)
    try:
        with temporary.open("w", encoding="utf-8", newline="\n") as handle:
            yield handle
        move_into_place(temporary, dest)
    except BaseException:
        remove_path(temporary)
        raise


def _passed(outcomes: Iterable[Outcome], counted: _Counted) -> Generator[Outcome, None, None]:
    """Outcomes converted by an engine, counted as inputs (an engine's run is never resumed)."""
    counted.exhausted = False
    for outcome in outcomes:
        counted.count += 1
        yield outcome
    counted.exhausted = True


def _outcomes(
    inputs: Iterable[Input], options: ConvertOptions, stdin: BinaryIO | None
) -> Generator[_Streamed, None, None]:
    """Yield one result stream per input, in input order, whatever ``options.jobs`` is."""
    if options.jobs <= 1:
        for item in inputs:
            yield _stream_input(item, options.format, options.max_bytes, stdin, options.field_map)
        return
    context = multiprocessing.get_context("forkserver")  # fork is unsafe once pyarrow has started threads
    # The guard module makes the forkserver die with this process; see articlekit._process_guard.
    os.environ[_process_guard.PARENT_VARIABLE] = str(os.getpid())
    context.set_forkserver_preload(["articlekit._process_guard", "articlekit.pipeline"])
    pool = ProcessPoolExecutor(max_workers=options.jobs, mp_context=context, initializer=_process_guard.guard_worker)
    try:
        # A bounded window of chunks in flight: results are yielded in order and
        # no more than jobs × _WINDOW chunks are ever held, however many inputs.
        window: deque[Future[list[Outcome]] | list[Outcome] | Input] = deque()
        for chunk in _chunks(inputs, _CHUNK):
            if any(item.location is None for item in chunk):  # standard input is only readable here
                window.append(
                    [
                        process(
                            item,
                            format=options.format,
                            max_bytes=options.max_bytes,
                            stdin=stdin,
                            field_map=options.field_map,
                        )
                        for item in chunk
                    ]
                )
            else:
                # A large file (a feed of many items) is converted here, streaming, when its turn comes:
                # a worker would hand all its articles over at once.
                small: list[Input] = []
                for item in chunk:
                    if _is_large(item):
                        if small:
                            window.append(_submit(pool, small, options))
                            small = []
                        window.append(item)
                    else:
                        small.append(item)
                if small:
                    window.append(_submit(pool, small, options))
            while len(window) >= options.jobs * _WINDOW:
                yield from _streams(window.popleft(), options)
        while window:
            yield from _streams(window.popleft(), options)
    except BaseException:  # an interruption, or the consumer closed us: do not wait for chunks in flight
        _end_pool(pool)
        raise
    pool.shutdown()


def _end_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: cancel what is queued and kill the workers (they ignore SIGINT and SIGTERM)."""
    # The executor has no public way to end running tasks; its table of worker processes is the only handle.
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.kill()
    for worker in workers:
        worker.join()
    # Not shutdown(wait=True): a worker killed while writing its result leaves half a message in the
    # result pipe, and the executor's manager thread then waits for the rest forever (seen on 3.13).
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(timeout=_MANAGER_GRACE_SECONDS)


_MANAGER_GRACE_SECONDS = 2.0
"""How long an interrupted run waits for the pool's manager thread before it leaves it behind."""


_CHUNK = 32
"""Inputs per task sent to a worker: large enough to amortise the hand-over, small enough to balance."""
_WINDOW = 4
"""Chunks in flight per worker."""


def _chunks(inputs: Iterable[Input], size: int) -> Iterator[list[Input]]:
    chunk: list[Input] = []
    for item in inputs:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _process_chunk(chunk: list[Input], format: str | None, max_bytes: int, field_map: FieldMap = ()) -> list[Outcome]:
    return [process(item, format=format, max_bytes=max_bytes, field_map=field_map) for item in chunk]


_LARGE_BYTES = 2 * 1024 * 1024
"""Files at least this large are converted in the main process with ``--jobs`` > 1, streaming their articles."""


def _is_large(item: Input) -> bool:
    try:
        return item.location is not None and item.location.stat().st_size >= _LARGE_BYTES
    except OSError:  # unreadable: a worker reports it like any other
        return False


def _submit(pool: ProcessPoolExecutor, chunk: list[Input], options: ConvertOptions) -> Future[list[Outcome]]:
    return pool.submit(_process_chunk, chunk, options.format, options.max_bytes, options.field_map)


def _streams(entry: Future[list[Outcome]] | list[Outcome] | Input, options: ConvertOptions) -> Iterator[_Streamed]:
    if isinstance(entry, Input):
        yield _stream_input(entry, options.format, options.max_bytes, None, options.field_map)
        return
    outcomes = entry if isinstance(entry, list) else entry.result()
    yield from map(_Streamed.of, outcomes)


def usable_cores() -> int:
    """The number of cores this process may run on (the default for ``--jobs``)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
