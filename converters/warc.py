"""``warc``: web archive files (``.warc``, ``.warc.gz``) whose HTML responses are article pages.

Shape of a source (ISO 28500; gzip per record in ``.warc.gz``)::

    WARC/1.0                                    WARC/1.1 too
    WARC-Type: response                         also warcinfo, request, metadata, revisit, resource …
    WARC-Target-URI: https://example.com/a.html
    WARC-Date: 2024-05-01T10:00:00Z
    WARC-Record-ID: <urn:uuid:…>
    Content-Length: 5120

    HTTP/1.1 200 OK
    Content-Type: text/html; charset=utf-8
    Content-Encoding: gzip                      chunked transfer and gzip/deflate/br content decoded
    <the page bytes>

Rules, in the order the code applies them:

- The file is streamed from disk (the pipeline hands a WARC file over by its location, see
  :func:`is_warc` and ``Source.location``; bytes given in memory are read the same way), one record
  at a time with warcio: memory holds one page payload at most, whatever the file's size.
- Each ``response`` record with an HTTP status 2xx and an HTML content type (or, without a content
  type, a payload that starts like HTML) is converted by :mod:`.html_page`; its payload is decoded
  from its transfer and content encodings, then from its charset (the HTTP ``Content-Type``
  charset outranks the page's ``<meta charset>``). ``url`` falls back to
  ``WARC-Target-URI``, ``retrieved_at`` is ``WARC-Date``, and ``provenance.path`` is
  ``<file>#offset=<byte offset of the record>``, so ``warcio extract <file> <offset>`` finds it again.
- Every other record (warcinfo, request, metadata, revisit, resource, non-HTML or non-2xx
  responses) is skipped and counted in :class:`WarcScan`, not rejected: a crawl holds far more of
  them than pages. The counts reach ``summary.json``'s ``items_skipped`` under the keys of
  :data:`SKIP_REASONS`.
- A record that cannot be read (a damaged header or gzip member, a payload past
  :data:`MAX_RECORD_BYTES`) or whose page gives no article is a per-item reject; after a damaged
  record, reading resumes at the next record start found further on. A file gzipped whole (one
  stream, not one member per record) is read through a streaming gunzip.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import logging
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

import brotli
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.exceptions import ArchiveLoadFailed

from articlekit.decode import DEFAULT_MAX_BYTES, decode
from articlekit.errors import ConversionError
from articlekit.schema import Article

from .base import ItemRejected, ItemsSkipped, Source
from .html_page import PageContext, convert_page

FORMAT = "warc"
"""The format's registry name."""
DESCRIPTION = "web archive files whose HTML responses are article pages, one article per page"
"""One line for ``articlekit formats``."""
READS = ("warc",)
"""The kinds of files it reads."""

MAX_RECORD_BYTES = DEFAULT_MAX_BYTES
"""Largest page payload read from one record; a larger one is a per-item ``too-large`` reject."""

SKIP_REASONS: dict[str, str] = {
    "warcinfo": "warc-warcinfo",
    "request": "warc-request",
    "metadata": "warc-metadata",
    "revisit": "warc-revisit",
    "resource": "warc-resource",
    "conversion": "warc-conversion",
    "continuation": "warc-continuation",
    "response:no-http": "warc-response-no-http",
    "response:status": "warc-response-not-2xx",
    "response:type": "warc-response-not-html",
}
"""The ``items_skipped`` key of ``summary.json`` for each kind of skipped record (others: :data:`OTHER_SKIP_REASON`)."""

OTHER_SKIP_REASON = "warc-other"
"""The ``items_skipped`` key for a skipped record of a type :data:`SKIP_REASONS` does not name."""

HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
"""HTTP content types taken as pages."""

_LOGGER = logging.getLogger(__name__)
_WARC_START = re.compile(rb"\A\s{0,8}WARC/1\.[01]\r?\n")
_GZIP_MEMBER = b"\x1f\x8b\x08"
_GARBLED_HEADER = re.compile(r"[\x00-\x20\x7f-\x9f\ufffd]")
"""A character no WARC-Type or WARC-Target-URI holds: a record that has one was read from damaged bytes."""
_RECORD_START = re.compile(rb"(?:\r\n|\n)(WARC/1\.[01]\r?\n)")
_GZIP_MEMBER_START = re.compile(re.escape(_GZIP_MEMBER))
_SEARCH_BLOCK = 1 << 20
_SEARCH_OVERLAP = 16
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
_HTML_START = re.compile(rb"\A\s{0,512}(?:<!doctype\s+html|<html[\s>]|<head[\s>])", re.IGNORECASE)


class _BrotliDecompressor:
    """A ``Content-Encoding: br`` decompressor in the shape warcio asks for (``decompress``, ``unused_data``).

    warcio 1.7 sets an attribute on ``brotli.Decompressor``, which brotli 1.2 no longer allows (an
    AttributeError on every br payload); this one also stops at :data:`MAX_RECORD_BYTES` of output, so a
    brotli bomb costs nothing.
    """

    unused_data = None

    def __init__(self) -> None:
        self._inner = brotli.Decompressor()

    def decompress(self, data: bytes) -> bytes:
        out: bytes = self._inner.process(data, output_buffer_limit=MAX_RECORD_BYTES + 1)
        if not self._inner.can_accept_more_data():
            raise ValueError(f"brotli payload inflates past {MAX_RECORD_BYTES} bytes")
        return out

    def flush(self) -> bytes:
        return b""


BufferedReader.DECOMPRESSORS["br"] = _BrotliDecompressor


def is_warc(data: bytes) -> bool:
    """Whether ``data`` is a WARC file: ``WARC/1.x`` at the start, or a gzip member that starts so.

    The pipeline asks this of a file's first bytes before it reads the rest: a WARC file is not read
    into memory but handed over by its location (``Source.location``), gzip members, binary payloads
    and all, and only this converter reads it, one record at a time.
    """
    if _WARC_START.match(data[:64]):
        return True
    if not data.startswith(_GZIP_MEMBER):
        return False
    try:
        head = zlib.decompressobj(wbits=31).decompress(data[:4096], 64)
    except zlib.error:
        return False
    return bool(_WARC_START.match(head))


def sniff(source: Source) -> float:
    """1.0 for a WARC file (see :func:`is_warc`), else 0.0."""
    return 1.0 if is_warc(source.data[:4096]) else 0.0


@dataclass
class WarcScan:
    """What a WARC file held: records read, pages converted or rejected, records skipped by type."""

    records: int = 0
    pages: int = 0
    skipped: dict[str, int] | None = None
    damaged: int = 0

    def skip(self, why: str) -> None:
        """Count one skipped record under ``why`` (``request``, ``response:image/jpeg``, ``response:404`` …)."""
        if self.skipped is None:
            self.skipped = {}
        self.skipped[why] = self.skipped.get(why, 0) + 1

    def by_reason(self) -> dict[str, int]:
        """The skipped records under the ``summary.json`` keys of :data:`SKIP_REASONS`."""
        counts: dict[str, int] = {}
        for why, count in (self.skipped or {}).items():
            kind, _, detail = why.partition(":")
            if kind == "response" and detail != "no-http":
                detail = "status" if detail[:1].isdigit() or detail == "no-status" else "type"
            reason = SKIP_REASONS.get(f"{kind}:{detail}" if detail else kind, OTHER_SKIP_REASON)
            counts[reason] = counts.get(reason, 0) + count
        return counts

    @property
    def skipped_total(self) -> int:
        """Records skipped, all kinds together."""
        return sum((self.skipped or {}).values())


@dataclass(frozen=True, slots=True)
class _Page:
    offset: int
    record_id: str | None
    target: str | None
    date: datetime | None
    payload: bytes | None
    problem: ConversionError | None = None
    charset: str | None = None


def convert(source: Source) -> Iterator[Article | ItemRejected | ItemsSkipped]:
    """Convert every HTML response record of a WARC file.

    Yields:
        One Article per article page, one ItemRejected per page record that gives none (positions
        count page records, 1-based), then one ItemsSkipped per reason records were skipped for
        (see :data:`SKIP_REASONS`).

    Raises:
        ConversionError: ``no-body`` when the file holds no HTML response record at all (the message
            counts what it held instead), ``unreadable`` when the file cannot be opened.
    """
    scan = WarcScan()
    with _open(source) as stream:
        for position, page in enumerate(_pages(stream, source.path, scan), start=1):
            scan.pages += 1
            try:
                if page.problem is not None:
                    raise page.problem
                yield _convert_record(source, page)
            except ConversionError as error:
                yield ItemRejected(position, error.code, error.message, page.record_id or f"offset={page.offset}")
    _LOGGER.info(
        "%s: %d records, %d page records, %d skipped %s, %d damaged",
        source.path,
        scan.records,
        scan.pages,
        scan.skipped_total,
        scan.skipped or {},
        scan.damaged,
    )
    for reason, count in sorted(scan.by_reason().items()):
        yield ItemsSkipped(reason, count)
    if scan.pages == 0:
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted((scan.skipped or {}).items())) or "nothing"
        raise ConversionError("no-body", f"{source.path}: no HTML response record among {scan.records} ({kinds})")


def scan_warc(source: Source) -> WarcScan:
    """Count a WARC file's records (pages, skipped by kind, damaged) without converting any page."""
    scan = WarcScan()
    with _open(source) as stream:
        for _ in _pages(stream, source.path, scan):
            scan.pages += 1
    return scan


@contextlib.contextmanager
def _open(source: Source) -> Iterator[BinaryIO]:
    """The WARC as a seekable stream: the file itself when the source names one, else its bytes."""
    if source.location is None:
        yield io.BytesIO(source.data)
        return
    try:
        handle = open(source.location, "rb")  # noqa: SIM115 - closed below, after the generator's last record
    except OSError as error:
        raise ConversionError("unreadable", f"{source.path}: cannot read: {error.strerror or error}") from error
    with handle:
        yield handle


def _convert_record(source: Source, page: _Page) -> Article:
    payload = page.payload or b""
    path = f"{source.path}#offset={page.offset}"
    decoded = decode(payload)
    record_source = Source(path=path, data=payload, text=decoded.text, encoding=decoded.encoding)
    return convert_page(record_source, PageContext(url=page.target, retrieved_at=page.date, http_charset=page.charset))


def _pages(stream: BinaryIO, path: str, scan: WarcScan) -> Iterator[_Page]:
    """Every page record of the stream; a damaged stretch gives one page with its problem, then reading resumes.

    Records are read one at a time from the stream (warcio reads a skipped record's content through in
    small blocks), so memory holds one page payload at most, whatever the file's size.
    """
    stream.seek(0)
    gzipped = stream.read(len(_GZIP_MEMBER)) == _GZIP_MEMBER
    start = 0
    while True:
        stream.seek(start)
        iterator = ArchiveIterator(stream, arc2warc=True)
        records = iter(iterator)
        offset = start  # where the last good record began
        try:
            while True:
                # warcio writes its warnings (a Content-Length that does not fit) to stderr: they are kept
                # out of the user's terminal, the record is judged by what can be read from it.
                with contextlib.redirect_stderr(io.StringIO()):
                    record = next(records, None)
                    if record is None:
                        return
                    _check_headers(record)
                    scan.records += 1
                    # warcio knows a record's offset only once its content was read: _page_of reads it first.
                    page = _page_of(record, functools.partial(_record_offset, iterator, start), scan)
                    offset = start + iterator.get_record_offset()
                if page is not None:
                    yield page
        except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError, IndexError) as error:
            # warcio's offset is where the record it failed on began (or the last good one, before any read).
            offset = max(offset, start + int(getattr(iterator, "offset", 0) or 0))
            if start == 0 and offset == 0 and scan.records <= 1 and "non-chunked gzip" in str(error):
                # The whole file is one gzip stream (``gzip file.warc``), not one member per record:
                # read through gzip's own streaming decompressor (offsets are then into the inflated file).
                scan.records = 0
                scan.skipped = None
                stream.seek(0)
                with gzip.GzipFile(fileobj=stream, mode="rb") as inflated:
                    yield from _pages(inflated, path, scan)  # type: ignore[arg-type]
                return
            scan.damaged += 1
            reason = " ".join(str(error).split())[:200]
            problem = ConversionError("undecodable", f"{path}: damaged WARC record at offset {offset}: {reason}")
            yield _Page(offset, f"offset={offset}", None, None, None, problem)
            resume = _next_record_start(stream, offset + 1, gzipped)
            if resume is None or resume <= start:
                return
            start = resume


def _check_headers(record: Any) -> None:
    """Refuse a record whose header fields hold bytes no WARC writer writes.

    When a gzip member cannot be inflated, warcio goes on reading the raw bytes as if they were
    uncompressed and may hand back a "record" parsed from compressed data; reading on from there would
    lose the good records after it. Raising here makes it a damaged record, and reading resumes at the
    next member.
    """
    headers = record.rec_headers
    for name in ("WARC-Type", "WARC-Target-URI"):
        value = headers.get_header(name)
        if value is not None and _GARBLED_HEADER.search(value):
            raise ValueError(f"garbled {name} header: the record's bytes are damaged")


def _record_offset(iterator: ArchiveIterator, start: int) -> int:
    return start + int(iterator.get_record_offset())


def _next_record_start(stream: BinaryIO, after: int, gzipped: bool) -> int | None:
    """Where the next record begins after a damaged one: a gzip member header or a ``WARC/1.x`` line.

    The stream is searched a block at a time, so a long damaged stretch costs no memory.
    """
    pattern = _GZIP_MEMBER_START if gzipped else _RECORD_START
    group = 0 if gzipped else 1
    try:
        stream.seek(after)
        position, carried = after, b""
        while block := stream.read(_SEARCH_BLOCK):
            window = carried + block
            match = pattern.search(window)
            if match:
                return position - len(carried) + match.start(group)
            carried = window[-_SEARCH_OVERLAP:]
            position += len(block)
    except (OSError, EOFError, zlib.error):
        return None
    return None


def _page_of(record: Any, offset_of: Callable[[], int], scan: WarcScan) -> _Page | None:
    """The page a record holds, or None (counted as skipped) when it holds none."""
    kind = record.rec_type
    if kind != "response":
        scan.skip(str(kind))
        return None
    headers = record.rec_headers
    http = record.http_headers
    if http is None:
        scan.skip("response:no-http")
        return None
    status = (http.get_statuscode() or "").strip()
    if not status.startswith("2"):
        scan.skip(f"response:{status or 'no-status'}")
        return None
    content_type_header = http.get_header("Content-Type") or ""
    content_type = content_type_header.split(";")[0].strip().lower()
    charset = _HTTP_CHARSET.search(content_type_header)
    if content_type and content_type not in HTML_CONTENT_TYPES:
        scan.skip(f"response:{content_type}")
        return None
    record_id = headers.get_header("WARC-Record-ID")
    target = headers.get_header("WARC-Target-URI")
    date = _warc_date(headers.get_header("WARC-Date"))
    try:
        payload = record.content_stream().read(MAX_RECORD_BYTES + 1)
    except (zlib.error, OSError, ValueError, EOFError) as error:
        offset = offset_of()
        problem = ConversionError(
            "undecodable", f"record at offset {offset}: its HTTP payload cannot be decoded: {error}"
        )
        return _Page(offset, record_id, target, date, None, problem)
    offset = offset_of()
    if len(payload) > MAX_RECORD_BYTES:
        problem = ConversionError("too-large", f"record at offset {offset}: page larger than {MAX_RECORD_BYTES} bytes")
        return _Page(offset, record_id, target, date, None, problem)
    if not content_type and not _HTML_START.match(payload[:1024]):
        scan.skip("response:not-html")
        return None
    return _Page(offset, record_id, target, date, payload, charset=charset.group(1) if charset else None)


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
