"""The convert pipeline: discover → read → decode → detect → convert → write.

Every input ends as exactly one :class:`Outcome`: its articles, or a
:class:`Reject` with a stable code. Nothing is dropped silently, and nothing a
source contains can crash the run.
"""

from __future__ import annotations

import errno
import hashlib
import json
import multiprocessing
import os
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, closing, contextmanager
from dataclasses import asdict, dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from articlekit import __version__, _process_guard
from articlekit.converters import CONVERTERS, ItemRejected, Source, detect, options_for
from articlekit.converters.warc import is_warc
from articlekit.decode import DEFAULT_MAX_BYTES, decode, gunzip
from articlekit.dedup import NearDuplicateIndex
from articlekit.discover import Input, open_without_waiting
from articlekit.errors import ConversionError
from articlekit.exporters import EXPORTERS, Writer, exporter_by_name
from articlekit.exporters._base import TEMPORARY_SUFFIX, move_into_place, remove_path, temporary_sibling
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


def _read_raw(item: Input, max_bytes: int, stdin: BinaryIO | None) -> tuple[bytes, Fingerprint | None]:
    try:
        if item.location is None:
            stream = stdin if stdin is not None else sys.stdin.buffer
            return stream.read(max_bytes + 1), None
        # A FIFO in an input folder that no process writes to would otherwise hang the run.
        with open_without_waiting(item.location) as handle:
            status = os.fstat(handle.fileno())
            data = handle.read(max_bytes + 1)
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
    if len(data) > max_bytes:
        raise ConversionError("too-large", f"larger than the limit of {max_bytes} bytes (see --max-bytes)")
    if is_warc(data):  # a web archive stays as it is: the warc converter reads its records and their payloads
        return Source(path=item.path, data=data, text="", encoding="binary")
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


def convert_source(source: Source, format: str | None = None, *, field_map: FieldMap = ()) -> Outcome:
    """Convert one decoded source with the forced ``format`` or the detected one.

    Never raises: a ConversionError becomes a Reject with its code, and any other
    exception (a converter bug) a Reject with code ``converter-crash``. ``field_map``
    reaches the converters that take it (``json-items``), in detection too.
    """
    name = format
    articles: list[Article] = []
    item_rejects: list[Reject] = []
    try:
        if name is None:
            name = detect(source, field_map=field_map).format
            if name is None:
                raise ConversionError("unknown-format", "no converter recognises this source (see `articlekit detect`)")
        converter = CONVERTERS[name]
        for result in converter.convert(source, **options_for(converter, field_map=field_map)):
            if isinstance(result, ItemRejected):
                item_rejects.append(
                    Reject(source.path, name, result.code, result.message, result.position, result.item)
                )
            else:
                articles.append(result)
        if not articles:
            if item_rejects:
                first = item_rejects[0]
                raise ConversionError(
                    first.code,
                    f"none of its {len(item_rejects)} items gave an article; item {first.position}: {first.message}",
                )
            raise ConversionError("no-body", "the source holds no article")
    except ConversionError as error:
        reject = Reject(source.path, name, error.code, error.message)
        return Outcome(source.path, name, reject=reject, item_rejects=tuple(item_rejects))
    except (Exception, RecursionError) as error:  # noqa: BLE001 - one bad file must not end a batch
        message = f"{type(error).__name__}: {error}"[:500]
        return Outcome(source.path, name, reject=Reject(source.path, name, "converter-crash", message))
    return Outcome(source.path, name, articles=tuple(articles), item_rejects=tuple(item_rejects))


def process(
    item: Input,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    field_map: FieldMap = (),
) -> Outcome:
    """Read, decode and convert one input; every failure becomes a Reject."""
    try:
        data, fingerprint = _read_raw(item, max_bytes, stdin)
    except ConversionError as error:
        return Outcome(item.path, None, reject=Reject(item.path, None, error.code, error.message))
    try:
        source = _decode_raw(item, data, max_bytes)
    except ConversionError as error:
        reject = Reject(item.path, None, error.code, error.message)
        return Outcome(item.path, None, reject=reject, fingerprint=fingerprint, location=_location(item))
    return replace(
        convert_source(source, format, field_map=field_map), fingerprint=fingerprint, location=_location(item)
    )


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
        return _run_convert(inputs, out_dir, options, progress, stdin, stop, outcomes)
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
        first_seen: set[bytes] = set()
        done: set[str] = set()
        near = _near_index(options)
        if previous is not None:
            for entry, articles in _replay(previous, options.max_bytes):
                if near is not None:
                    for article in articles:
                        near.keep(article.id, article.text)
                _finish(entry, articles, writers, rejects, journal, summary, first_seen)
                done.add(entry.path)
                if progress is not None:
                    progress(summary)
                if stop is not None and stop():
                    journal.commit()  # the replayed journal stays too: the next --resume starts from it
                    raise ConvertInterrupted(summary.inputs, None)
            journal.commit()
            replay_committed(out_dir)
        counted = _Counted(inputs, done)
        produced = _outcomes(counted, options, stdin) if converted is None else _passed(converted, counted)
        outcomes = stack.enter_context(closing(produced))
        for outcome in outcomes:
            outcome, duplicates = _drop_duplicates(outcome, first_seen)
            if near is not None:
                outcome, near_duplicates = _drop_near_duplicates(outcome, near)
                duplicates = duplicates + near_duplicates if duplicates else near_duplicates
            entry = Entry(
                path=outcome.path,
                location=outcome.location,
                fingerprint=None if outcome.fingerprint is None else asdict(outcome.fingerprint),
                format=outcome.format,
                articles=len(outcome.articles),
                converted=outcome.reject is None,
                rejects=[
                    asdict(reject)
                    for reject in (*outcome.item_rejects, *(duplicates or ([outcome.reject] if outcome.reject else [])))
                ],
                duplicates=sum(reject.code == "duplicate" for reject in duplicates),
            )
            _finish(entry, outcome.articles, writers, rejects, journal, summary, first_seen)
            if progress is not None:
                progress(summary)
            if stop is not None and stop():
                # Every finished input is committed; the writers' temporary files go as the stack unwinds.
                journal.commit()
                raise ConvertInterrupted(summary.inputs, len(done) + counted.count if counted.exhausted else None)
        summary.outputs["rejects"] = "rejects.jsonl"
        summary.outputs["summary"] = "summary.json"
        summary.outputs["manifest"] = MANIFEST_NAME
        journal.commit()
    journal.finish(out_dir)
    summary.elapsed_seconds = time.perf_counter() - started
    with _atomic_text(out_dir / "summary.json") as summary_file:
        summary_file.write(summary.to_json())
    return summary


def _finish(
    entry: Entry,
    articles: tuple[Article, ...],
    writers: list[Writer],
    rejects: TextIO,
    journal: Journal,
    summary: Summary,
    first_seen: set[bytes],
) -> None:
    """Count, write and journal one finished input (fresh or replayed)."""
    summary.count(entry)
    for reject in entry.rejects:
        rejects.write(json.dumps(reject, ensure_ascii=False) + "\n")
    for article in articles:
        first_seen.add(bytes.fromhex(article.id))
        for writer in writers:
            writer.write(article)
    journal.record(entry, articles)


def _replay(previous: Previous, max_bytes: int) -> Iterator[tuple[Entry, tuple[Article, ...]]]:
    """Yield the earlier run's inputs whose files are unchanged, with their articles.

    An input whose file changed, vanished or came from standard input is not
    replayed (its articles are skipped) and so is converted again.
    """
    stream = previous.articles()
    for entry in previous.entries:
        articles = tuple(next(stream) for _ in range(entry.articles))
        if entry.fingerprint is None or entry.location is None:
            continue
        current = fingerprint_of(Input(entry.path, Path(entry.location)), max_bytes)
        if current is not None and asdict(current) == entry.fingerprint:
            yield entry, articles


def _drop_duplicates(outcome: Outcome, first_seen: set[bytes]) -> tuple[Outcome, list[Reject]]:
    """Keep only articles whose id was not produced earlier in the run; each dropped one becomes a Reject.

    The same story scraped twice (or the same file in two encodings) has one id;
    a dataset keyed by id must hold it once. The first in input order is kept,
    so the result does not depend on ``--jobs``.
    """
    kept: list[Article] = []
    duplicates: list[Reject] = []
    for article in outcome.articles:
        key = bytes.fromhex(article.id)
        if key in first_seen:
            duplicates.append(
                Reject(
                    outcome.path,
                    outcome.format,
                    "duplicate",
                    f"article {article.id} was already converted from an earlier source in this run",
                )
            )
        else:
            first_seen.add(key)
            kept.append(article)
    if not duplicates:
        return outcome, []
    if kept:
        return replace(outcome, articles=tuple(kept)), duplicates
    # Every article was a duplicate: the source is rejected, with the first of them as its reason.
    return replace(outcome, articles=(), reject=duplicates[0]), duplicates


def _near_index(options: ConvertOptions) -> NearDuplicateIndex | None:
    if options.dedup is None:
        return None
    if options.dedup != "near":
        raise ValueError(f"unknown dedup mode {options.dedup!r}; the one mode is 'near'")
    return NearDuplicateIndex(options.near_threshold, fold_script=options.fold_script)


def _drop_near_duplicates(outcome: Outcome, index: NearDuplicateIndex) -> tuple[Outcome, list[Reject]]:
    """Keep only articles that are no near-duplicate of one kept earlier in the run; the rest become Rejects.

    Called after :func:`_drop_duplicates`, in input order in the parent process,
    so the kept article of every group is the first, whatever ``--jobs`` is.
    """
    kept: list[Article] = []
    dropped: list[Reject] = []
    for article in outcome.articles:
        found = index.check(article.id, article.text)
        if found is None:
            kept.append(article)
        else:
            dropped.append(Reject(outcome.path, outcome.format, "near-duplicate", found.message(), item=article.id))
    if not dropped:
        return outcome, []
    if kept:
        return replace(outcome, articles=tuple(kept)), dropped
    return replace(outcome, articles=(), reject=dropped[0]), dropped


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
) -> Generator[Outcome, None, None]:
    """Yield one outcome per input, in input order, whatever ``options.jobs`` is."""
    if options.jobs <= 1:
        for item in inputs:
            yield process(
                item, format=options.format, max_bytes=options.max_bytes, stdin=stdin, field_map=options.field_map
            )
        return
    context = multiprocessing.get_context("forkserver")  # fork is unsafe once pyarrow has started threads
    # The guard module makes the forkserver die with this process; see articlekit._process_guard.
    os.environ[_process_guard.PARENT_VARIABLE] = str(os.getpid())
    context.set_forkserver_preload(["articlekit._process_guard", "articlekit.pipeline"])
    pool = ProcessPoolExecutor(max_workers=options.jobs, mp_context=context, initializer=_process_guard.guard_worker)
    try:
        # A bounded window of chunks in flight: results are yielded in order and
        # no more than jobs × _WINDOW chunks are ever held, however many inputs.
        window: deque[Future[list[Outcome]] | list[Outcome]] = deque()
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
                window.append(pool.submit(_process_chunk, chunk, options.format, options.max_bytes, options.field_map))
            while len(window) >= options.jobs * _WINDOW:
                yield from _result(window.popleft())
        while window:
            yield from _result(window.popleft())
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


def _result(entry: Future[list[Outcome]] | list[Outcome]) -> list[Outcome]:
    return entry if isinstance(entry, list) else entry.result()


def usable_cores() -> int:
    """The number of cores this process may run on (the default for ``--jobs``)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
