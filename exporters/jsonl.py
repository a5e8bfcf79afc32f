r"""JSON Lines: one record per line, UTF-8, keys in schema order; ``.jsonl.gz`` is gzip-compressed.

Each line is exactly ``Article.model_dump_json()``: non-ASCII text is written
as UTF-8, not escaped (Chinese text escaped as ``\\uXXXX`` is 1.8 times larger
and unreadable). JSON escapes every control character inside strings, so a
record never spans lines; U+2028 and U+2029 stay literal, which is why the
reader splits on ``\\n`` bytes only (``str.splitlines`` would split on them).

Gzip output is byte-identical across runs: the header carries neither a
modification time nor a file name.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import zlib
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

from pydantic import ValidationError

from articlekit.schema import Article

from ._base import AtomicWriter, ReadError, describe_validation_error, write_all

NAME = "jsonl"
"""Registry name of the format."""
EXTENSIONS = (".jsonl", ".jsonl.gz")
"""File name endings that select this format."""
DEFAULT_NAME = "articles.jsonl"
"""File name inside an output folder."""

_GZIP_MAGIC = b"\x1f\x8b"
_BOM = b"\xef\xbb\xbf"
_GZIP_LEVEL = 6  # zlib's default: within a few percent of level 9's size at a third of its time


class JsonlWriter(AtomicWriter):
    """Streams records to a ``.jsonl`` or ``.jsonl.gz`` file, atomically.

    Args:
        dest: The output file; gzip-compressed when its name ends in ``.gz``.
        compress: Force gzip on or off instead of deciding by the name.
    """

    def __init__(self, dest: Path, *, compress: bool | None = None) -> None:
        super().__init__(dest)
        self.compressed = self.dest.name.endswith(".gz") if compress is None else compress
        self._raw: io.BufferedIOBase = open(self.temporary, "xb")  # noqa: SIM115 - closed by commit/abort
        self._stream: io.BufferedIOBase = self._raw
        if self.compressed:
            # filename="" keeps the random temporary name out of the header; mtime=0 keeps the clock out.
            self._stream = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, compresslevel=_GZIP_LEVEL, mtime=0)

    def write(self, record: Article) -> None:
        """Append one record as one line."""
        self._check_open()
        self.write_json(record.model_dump_json())

    def write_json(self, line: str) -> None:
        """Append one record already serialised as ``record.model_dump_json()`` (the pipeline serialises once).

        Args:
            line: Exactly ``Article.model_dump_json()`` of a valid record, without the newline.
        """
        self._check_open()
        self._stream.write(line.encode("utf-8") + b"\n")
        self.count += 1

    def _finish(self) -> None:
        self._stream.close()  # writes the gzip trailer; leaves the raw file open
        self._raw.close()

    def _discard(self) -> None:
        for stream in (self._stream, self._raw):
            with contextlib.suppress(OSError, ValueError):  # already broken: nothing left to save
                stream.close()


def open_writer(dest: Path, *, compress: bool | None = None) -> JsonlWriter:
    """Open a JSONL writer on ``dest`` (see :class:`JsonlWriter`); use it as a context manager."""
    return JsonlWriter(dest, compress=compress)


def write(records: Iterable[Article], dest: Path, *, compress: bool | None = None) -> int:
    """Write ``records`` to ``dest`` atomically.

    Args:
        records: The records, consumed once, never held in memory together.
        dest: The output file; gzip-compressed when its name ends in ``.gz``.
        compress: Force gzip on or off instead of deciding by the name.

    Returns:
        The number of records written.
    """
    return write_all(open_writer(dest, compress=compress), records)


def read(path: Path) -> Iterator[Article]:
    """Stream the records of a ``.jsonl`` or ``.jsonl.gz`` file, each validated.

    Gzip is recognised by its magic bytes, whatever the name. A UTF-8 byte
    order mark at the start is tolerated.

    Args:
        path: The file.

    Yields:
        Each line's record, in file order.

    Raises:
        ReadError: A line is not a valid record (blank lines included), or
            the gzip stream is corrupt or truncated; the location is
            ``line N``, counted from 1.
    """
    path = Path(path)
    with ExitStack() as stack:
        raw = stack.enter_context(open(path, "rb"))
        stream: io.BufferedIOBase = raw
        if raw.peek(2)[:2] == _GZIP_MAGIC:
            stream = stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))
        lines = iter(stream)
        number = 0
        while True:
            number += 1
            try:
                line = next(lines)
            except StopIteration:
                return
            except (EOFError, OSError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
                raise ReadError(path, f"line {number}", f"corrupt or truncated gzip stream: {error}") from error
            if number == 1:
                line = line.removeprefix(_BOM)
            try:
                yield Article.model_validate_json(line)
            except ValidationError as error:
                raise ReadError(path, f"line {number}", describe_validation_error(error)) from error
