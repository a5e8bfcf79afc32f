"""The Python API: everything the ``articlekit`` command does, as typed functions.

The command line is a thin layer over these functions: ``articlekit convert``
calls :func:`convert`, ``articlekit detect`` calls :func:`detect`, and the
same validate engine answers :func:`validate` and ``articlekit validate``. All
of them are importable from the package itself (``articlekit.convert``); the
package loads this module, and the heavy libraries it needs, on first use.

Example:
    Convert one of the bundled sample sources, tell its format, and write a
    whole run exactly as ``articlekit convert`` would:

    >>> import tempfile
    >>> import articlekit
    >>> from articlekit.pipeline import bundled_seeds
    >>> seed = bundled_seeds() / "002_79b54386e2c3b414.txt"
    >>> articlekit.detect(seed).format
    'selfmedia-text'
    >>> [article] = articlekit.convert_file(seed)
    >>> article.provenance.format, article.language
    ('selfmedia-text', 'zh-Hans')
    >>> with tempfile.TemporaryDirectory() as out:
    ...     summary = articlekit.convert([seed], out, to=["jsonl"], jobs=1)
    ...     [record.id for record in articlekit.read(f"{out}/articles.jsonl")] == [article.id]
    True
    >>> summary.converted, summary.rejected
    (1, 0)
"""

from __future__ import annotations

import io
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from articlekit.errors import ConversionError

if TYPE_CHECKING:
    from articlekit.pipeline import Outcome, Reject, Summary
    from articlekit.schema import Article

# The validate engine: this block is the one place this module names its module.
if TYPE_CHECKING:
    from articlekit.validation import ValidationReport
_VALIDATE_ENGINE = "articlekit.validation"

__all__ = [
    "DEFAULT_OUTPUTS",
    "Detected",
    "NoInputError",
    "SourceRejected",
    "convert",
    "convert_bytes",
    "convert_file",
    "detect",
    "read",
    "validate",
]

DEFAULT_OUTPUTS: tuple[str, ...] = ("jsonl", "parquet", "csv")
"""The outputs :func:`convert` writes unless told otherwise (``articlekit convert --to``'s default)."""

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
"""Sources larger than this (after gunzip) are rejected ``too-large`` (``articlekit.decode.DEFAULT_MAX_BYTES``)."""

FieldMapLike = Mapping[str, str] | Iterable[tuple[str, str]] | str
"""``--field-map`` in any of its spellings: ``{"title": "headline"}``, ``[("title", "headline")]``,
``"title=headline,…"`` or ``"@map.json"``."""


class NoInputError(Exception):
    """The sources named hold no file (or none matching ``glob``): nothing to convert.

    The command line exits 1 with this message.
    """

    def __init__(self, sources: Sequence[str], glob: str | None) -> None:
        named = ", ".join(sources)
        if glob is not None:
            super().__init__(f"no input matched: no file under {named} matches --glob {glob!r}")
        else:
            super().__init__(f"no input matched: {named} holds no file")


class SourceRejected(ConversionError):
    """A source gave no article, or (with ``strict``) some of its items gave none.

    A :class:`~articlekit.errors.ConversionError`, so ``code`` and ``message`` are
    the stable reject code and its explanation. For a many-item source (a feed, a
    JSON dump, a digest, a WARC file) it also carries what became of every item.

    Attributes:
        path: The source, as named in the records' provenance.
        rejects: Every item that gave no article, in source order (empty for a
            source rejected as a whole before its items were read).
        articles: The articles its other items gave (empty when the whole source was rejected).
    """

    def __init__(
        self, code: str, message: str, *, path: str, rejects: Sequence[Reject] = (), articles: Sequence[Article] = ()
    ) -> None:
        super().__init__(code, message)
        self.path = path
        self.rejects: tuple[Reject, ...] = tuple(rejects)
        self.articles: tuple[Article, ...] = tuple(articles)


@dataclass(frozen=True, slots=True)
class Detected:
    """What :func:`detect` found.

    Attributes:
        format: The detected source format, or None when no converter claims it
            (or it could not be read).
        reason: Why, in one line: the best score and the runner-up, or the reject code and message.
        scores: ``(format, score)`` for every converter, best first; empty when the source could not be read.
        code: The reject code when the source could not be read or decoded
            (``unreadable``, ``empty``, ``binary``, ``undecodable``, ``too-large``), else None.
    """

    format: str | None
    reason: str
    scores: tuple[tuple[str, float], ...] = ()
    code: str | None = None


def convert(
    sources: Sequence[str | os.PathLike[str]] | None,
    output_dir: str | os.PathLike[str] = "out",
    *,
    to: Sequence[str] = DEFAULT_OUTPUTS,
    glob: str | None = None,
    format: str | None = None,
    partition_by: Literal["year", "month", "source"] | None = None,
    spreadsheet_safe: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int | None = None,
    resume: bool = False,
    field_map: FieldMapLike = (),
    dedup: Literal["near"] | None = None,
    near_threshold: float = 0.8,
    fold_script: bool = False,
    progress: Callable[[Summary], None] | None = None,
    stop: Callable[[], bool] | None = None,
    stdin: BinaryIO | None = None,
) -> Summary:
    """Convert sources and write the outputs, ``rejects.jsonl`` and ``summary.json``, as ``articlekit convert`` does.

    Every keyword is an option of ``articlekit convert`` with the same default;
    the files written are byte for byte the command's (``summary.json``'s
    ``elapsed_seconds`` aside). Sources are sorted first, as the command does,
    so the output does not depend on the order they are named in.

    Args:
        sources: Files, folders (walked recursively), ``.gz`` files, or ``-`` for
            ``stdin``. None converts the sample sources bundled with articlekit.
        output_dir: The output folder (created if missing).
        to: The outputs to write, among ``jsonl``, ``parquet`` and ``csv``.
        glob: Only files under folders whose name matches this pattern (for the
            bundled seeds the default is ``*.txt``).
        format: Force this source format instead of detecting it.
        partition_by: Write Parquet as a Hive-partitioned folder split by publication year, month or source domain.
        spreadsheet_safe: In the CSV bundle, neutralise cells a spreadsheet would run as a formula.
        max_bytes: Reject sources larger than this, after gunzip, with code ``too-large``.
        jobs: Worker processes; the output is identical for any value. None uses every usable core.
        resume: Continue an interrupted (or extend a finished) run in ``output_dir``.
        field_map: For JSON dumps, read a field from other keys (see :data:`FieldMapLike`).
        dedup: ``near`` also drops articles whose text nearly duplicates one converted earlier.
        near_threshold: Estimated Jaccard similarity from which an article is a near-duplicate.
        fold_script: Fold Traditional Chinese into Simplified before comparing for ``dedup``.
        progress: Called after each input with the running summary.
        stop: Asked after each input; returning True stops the run cleanly (see ``ConvertInterrupted``).
        stdin: The byte stream the source ``-`` reads; ``sys.stdin.buffer`` when None.

    Returns:
        The run's summary, as written to ``summary.json``.

    Raises:
        ValueError: ``sources`` is empty, or an option is out of range or names an unknown format.
        articlekit.discover.MissingSourceError: A named source does not exist.
        NoInputError: The sources hold no file (matching ``glob``).
        articlekit.journal.ResumeError: ``resume`` found a journal it cannot continue.
        articlekit.pipeline.OutputError: ``output_dir`` cannot be created or written.
        articlekit.pipeline.ConvertInterrupted: ``stop`` asked the run to stop; ``resume`` continues it.
    """
    from articlekit.discover import MissingSourceError, discover
    from articlekit.pipeline import ConvertOptions, bundled_seeds, run_convert, usable_cores

    options = ConvertOptions(
        formats=_output_names(to),
        format=_source_format(format),
        max_bytes=_at_least_one("max_bytes", max_bytes),
        partition_by=_one_of("partition_by", partition_by, ("year", "month", "source")),
        spreadsheet_safe=spreadsheet_safe,
        jobs=usable_cores() if jobs is None else _at_least_one("jobs", jobs),
        resume=resume,
        field_map=_field_pairs(field_map),
        dedup=_one_of("dedup", dedup, ("near",)),
        near_threshold=_threshold(near_threshold),
        fold_script=fold_script,
    )
    if sources is None:
        seeds = str(bundled_seeds())
        named, found = ["the bundled seeds"], discover([seeds], glob or "*.txt", labels={seeds: "seeds"})
    else:
        named = [os.fspath(source) for source in sources]
        if not named:
            raise ValueError("no source given: name at least one, or pass None to convert the bundled seeds")
        missing = [source for source in named if source != "-" and not os.path.lexists(source)]
        if missing:
            raise MissingSourceError(f"no such file or folder: {', '.join(missing)}")
        # Sorted, so that the output does not depend on the order sources were named in.
        found = discover(sorted(named), glob)
    first = next(found, None)
    if first is None:
        raise NoInputError(named, glob)
    inputs = itertools.chain([first], found)
    return run_convert(inputs, Path(output_dir), options, progress=progress, stdin=stdin, stop=stop)


def convert_file(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    strict: bool = True,
    field_map: FieldMapLike = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Article]:
    """Convert one source file (``.gz`` too) into its articles, writing nothing.

    Args:
        path: The source file; its path as given goes into the records' provenance.
        format: Force this source format instead of detecting it.
        strict: What to do when some items of a many-item source (a feed, a JSON
            dump, a digest, a WARC file) give no article while others do. True
            (the default) raises :class:`SourceRejected` carrying both the
            rejects and the articles, so nothing is lost unnoticed; False returns
            the articles and leaves the rejected items out.
        field_map: For JSON dumps, read a field from other keys (see :data:`FieldMapLike`).
        max_bytes: Reject sources larger than this, after gunzip, with code ``too-large``.

    Returns:
        The articles, in source order. Unlike ``convert``, articles with the same
        id are all returned: dropping duplicates is a property of a run.

    Raises:
        SourceRejected: A :class:`~articlekit.errors.ConversionError` with the
            stable reject code (``unreadable`` for a missing file, ``unknown-format``,
            ``no-title``, …) when the source gives no article, or (``strict``) when
            one of its items gives none.
        ValueError: ``format`` is unknown or an option out of range.
    """
    from articlekit.discover import Input
    from articlekit.pipeline import process

    label = os.fspath(path)
    item = Input(label, Path(label))
    outcome = process(
        item,
        format=_source_format(format),
        max_bytes=_at_least_one("max_bytes", max_bytes),
        field_map=_field_pairs(field_map),
    )
    return _articles_of(outcome, strict)


def convert_bytes(
    data: bytes,
    *,
    path: str = "-",
    format: str | None = None,
    strict: bool = True,
    field_map: FieldMapLike = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Article]:
    """Convert one source held in memory (gzip-compressed too), as :func:`convert_file` converts a file.

    Args:
        data: The source's bytes, in any supported encoding.
        path: What the records' provenance names as the source's path (``-``, as for standard input, by default).
        format: Force this source format instead of detecting it.
        strict: As for :func:`convert_file`.
        field_map: For JSON dumps, read a field from other keys (see :data:`FieldMapLike`).
        max_bytes: Reject sources larger than this, after gunzip, with code ``too-large``.

    Returns:
        The articles, in source order.

    Raises:
        SourceRejected: As for :func:`convert_file` (``empty``, ``binary``, ``undecodable``, …).
        ValueError: ``format`` is unknown or an option out of range.
    """
    from articlekit.discover import Input
    from articlekit.pipeline import process

    outcome = process(
        Input(path, None),
        format=_source_format(format),
        max_bytes=_at_least_one("max_bytes", max_bytes),
        stdin=io.BytesIO(data),
        field_map=_field_pairs(field_map),
    )
    return _articles_of(outcome, strict)


def detect(
    source: str | os.PathLike[str] | bytes,
    *,
    path: str | None = None,
    field_map: FieldMapLike = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Detected:
    """Tell which source format a file or some bytes are, and why.

    Args:
        source: A file (``.gz`` too), or the source's bytes.
        path: The name the sniffers see (some look at the file name's suffix);
            the file's path, or ``-`` for bytes, by default.
        field_map: For JSON dumps, the keys ``convert`` would be told to read (see :data:`FieldMapLike`).
        max_bytes: Sources larger than this are not read (``code == "too-large"``).

    Returns:
        The format (None when no converter claims the source), the reason, every
        converter's score, and the reject code when the source could not be read.
    """
    from articlekit.converters import detect as score
    from articlekit.discover import Input
    from articlekit.pipeline import read_source

    if isinstance(source, bytes):
        item, stream = Input(path or "-", None), io.BytesIO(source)
    else:
        location = Path(source)
        item, stream = Input(path or os.fspath(source), location), None
    try:
        decoded = read_source(item, max_bytes=_at_least_one("max_bytes", max_bytes), stdin=stream)
    except ConversionError as error:
        return Detected(None, f"({error.code}: {error.message})", code=error.code)
    detection = score(decoded, field_map=_field_pairs(field_map))
    best, best_score = detection.scores[0]
    if best_score == 0.0:  # naming an arbitrary "best" of all-zero scores would mislead
        return Detected(detection.format, "no converter scored above 0.00", detection.scores)
    runner = detection.runner_up
    runner_text = f"{runner[0]} {runner[1]:.2f}" if runner else "none"
    return Detected(detection.format, f"{best} {best_score:.2f}, runner-up {runner_text}", detection.scores)


def validate(
    paths: Iterable[str | os.PathLike[str]],
    *,
    format: Literal["jsonl", "json", "parquet", "csv"] | None = None,
    engine: Literal["fast", "reference"] = "fast",
    max_errors: int | None = None,
    jobs: int = 1,
) -> ValidationReport:
    """Check files against the article contract and collect every problem: ``articlekit validate`` in Python.

    Args:
        paths: JSONL (``.jsonl``, ``.ndjson``, gzip-compressed too), JSON
            (an array of records, or one), Parquet files and Hive-partitioned
            Parquet folders, CSV bundles (a folder holding ``datapackage.json``, or that file).
        format: Read every input as this format instead of detecting it.
        engine: ``fast`` (jsonschema-rs) or ``reference`` (python-jsonschema); both report the same problems.
        max_errors: Stop once this many problems were found.
        jobs: Worker processes; a large JSON Lines file is split at line ends, Parquet by row groups.
            The report is the same for any number.

    Returns:
        The report: ``report.valid``, ``report.problems`` (each with its file,
        location, JSON Pointer, code, message and value), per-file counts, and
        ``report.exit_code``, what the command exits with.
    """
    # Imported here, not with this module: the engine loads jsonschema and the record model.
    report: ValidationReport = import_module(_VALIDATE_ENGINE).validate(
        paths, format=format, engine=engine, max_errors=max_errors, jobs=jobs
    )
    return report


def read(path: str | os.PathLike[str], format: str | None = None) -> Iterator[Article]:
    """Stream validated records back from a JSONL, Parquet or CSV-bundle output.

    The same function as :func:`articlekit.reading.read`.

    Args:
        path: A ``.jsonl`` / ``.jsonl.gz`` file, a ``.parquet`` file or dataset
            folder, or a CSV bundle folder (or its ``datapackage.json``).
        format: ``jsonl``, ``parquet`` or ``csv`` to skip detection.

    Returns:
        An iterator over the records; nothing is read before the first ``next``.

    Raises:
        articlekit.exporters.UnknownFormatError: The format cannot be told.
        articlekit.exporters.ReadError: While iterating, when the content is not valid records.
    """
    from articlekit.reading import read as read_output

    return read_output(os.fspath(path), format)


# --- helpers ------------------------------------------------------------------------------------------


def _articles_of(outcome: Outcome, strict: bool) -> list[Article]:
    if outcome.reject is not None:
        reject = outcome.reject
        raise SourceRejected(reject.code, reject.message, path=outcome.path, rejects=outcome.item_rejects)
    if strict and outcome.item_rejects:
        first = outcome.item_rejects[0]
        total = len(outcome.item_rejects) + len(outcome.articles)
        raise SourceRejected(
            first.code,
            f"{len(outcome.item_rejects)} of its {total} items gave no article; item {first.position}: {first.message}",
            path=outcome.path,
            rejects=outcome.item_rejects,
            articles=outcome.articles,
        )
    return list(outcome.articles)


def _output_names(to: Sequence[str] | str) -> tuple[str, ...]:
    from articlekit.exporters import EXPORTERS

    names = tuple(dict.fromkeys([to] if isinstance(to, str) else to))
    unknown = [name for name in names if name not in EXPORTERS]
    if not names or unknown:
        raise ValueError(f"unknown output format {', '.join(unknown) or repr(to)}; choose from {', '.join(EXPORTERS)}")
    return names


def _source_format(format: str | None) -> str | None:
    if format is None:
        return None
    from articlekit.converters import CONVERTERS

    if format not in CONVERTERS:
        raise ValueError(f"unknown source format {format!r}; choose from {', '.join(sorted(CONVERTERS))}")
    return format


def _field_pairs(field_map: FieldMapLike) -> tuple[tuple[str, str], ...]:
    if isinstance(field_map, str):
        from articlekit.converters.json_items import parse_field_map

        return parse_field_map(field_map)
    pairs = field_map.items() if isinstance(field_map, Mapping) else field_map
    return tuple((str(field), str(key)) for field, key in pairs)


def _at_least_one(name: str, value: int) -> int:
    if value < 1:
        raise ValueError(f"{name} must be at least 1, not {value}")
    return value


def _one_of(name: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    if value is not None and value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)} or None, not {value!r}")
    return value


def _threshold(value: float) -> float:
    if not 0.0 < value <= 1.0:
        raise ValueError(f"near_threshold must be above 0 and at most 1, not {value}")
    return value
