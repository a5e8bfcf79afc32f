"""Reading JSON Lines (plain or gzip) and JSON files for ``articlekit validate``, as a stream.

A reader yields, in file order, either a :class:`Problem` about the file's
bytes (a line that is not JSON, a byte order mark, a cut gzip stream) or a
``(line, value)`` pair for each parsed value, which the caller checks as a
record. Memory stays flat: JSON Lines are read a line at a time, and a JSON
array is decoded an element at a time from a bounded window of text.
"""

from __future__ import annotations

import codecs
import gzip
import json
import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import orjson

from articlekit.discover import open_without_waiting

from .problems import FILE, Location, Problem, render_bytes

Item = Problem | tuple[int, Any]
"""What a reader yields: a problem with the file, or (line number, parsed value)."""

GZIP_MAGIC = b"\x1f\x8b"
_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 18  # the JSON reader decodes and holds a few of these at a time
_MAX_VALUE_CHARS = 256 << 20  # one JSON value larger than this is refused rather than held in memory
MAX_LINE_BYTES = 32 << 20
"""A JSON Lines line longer than this is reported (``line-too-long``) and skipped, never held in memory
whole: a gzip bomb of one endless line would otherwise cost memory in proportion to its length. A record
from ``articlekit convert`` of the largest source it accepts (8 MiB) stays well below it."""
_LINE_CHUNK = 1 << 20  # JSON Lines are read this many bytes at most at a time; longer lines are joined
_WHITESPACE = " \t\r\n"
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abAB]")


def open_maybe_gzip(path: Path, stack: ExitStack) -> tuple[IO[bytes], bool]:
    """Open ``path`` for binary reading, through gzip when its first bytes are gzip's magic number."""
    # A FIFO without a writer reads as empty. A buffer of a whole read (rather than 8 KiB) lets readline
    # take a news-sized line in one piece: validation runs about a tenth faster.
    raw = stack.enter_context(open_without_waiting(path, buffer_size=_LINE_CHUNK))
    if raw.peek(2)[:2] == GZIP_MAGIC:
        return cast(IO[bytes], stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))), True
    return raw, False


def _bom_problem(file: str) -> Problem:
    message = "the file starts with a UTF-8 byte order mark; JSON text must not (RFC 8259 §8.1)"
    return Problem(file, Location(line=1), "", "utf8-bom", message, None)


def _gzip_problem(file: str, line: int, error: Exception) -> Problem:
    if isinstance(error, EOFError):
        message = f"the gzip stream ends in or before line {line}: the file was cut short ({error})"
        return Problem(file, Location(line=line), "", "truncated-gzip", message, None)
    return Problem(file, Location(line=line), "", "corrupt-gzip", f"the gzip stream is damaged: {error}", None)


def _line_problem(file: str, number: int, line: bytes | bytearray, error: orjson.JSONDecodeError) -> Problem:
    location = Location(line=number)
    line = bytes(line)  # a long line arrives as the bytearray it was read into; show it as bytes
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as bad:
        message = f"not valid UTF-8: byte {line[bad.start]:#04x} at byte {bad.start + 1} of the line"
        return Problem(file, location, "", "not-utf8", message, render_bytes(line))
    message = f"not JSON: {error.msg} (column {error.colno})"
    return Problem(file, location, "", "not-json", message, render_bytes(line))


@dataclass
class Span:
    """A part of a plain JSON Lines file, from one line start to another (``validate --jobs``).

    Attributes:
        start: Byte offset of the part's first line.
        end: Byte offset just past its last line end (or the file's end).
        lines: Filled in by the reader: lines read, numbered from 1 within the part.
        content: Filled in by the reader: whether any line held more than whitespace.
    """

    start: int
    end: int
    lines: int = 0
    content: bool = False


def read_jsonl(path: Path, file: str, span: Span | None = None) -> Iterator[Item]:
    """Stream the values of a JSON Lines file, plain or gzip-compressed (recognised by content).

    Args:
        path: The file.
        file: How the file is named in problems.
        span: Read only this part of a plain file; its lines are numbered from 1
            (the caller shifts them), its blank lines are always reported, and an
            empty part is no ``empty-file``: the caller judges the whole file.

    Yields:
        Problems with the file's bytes, and ``(line, value)`` for every line
        that parses. Blank lines are problems, except that a file with no
        content at all gives one ``empty-file`` problem instead.
    """
    loads = orjson.loads
    decode_error = orjson.JSONDecodeError
    with ExitStack() as stack:
        if span is None:
            stream, compressed = open_maybe_gzip(path, stack)
            left = -1  # no limit
        else:
            raw = stack.enter_context(open(path, "rb", buffering=_LINE_CHUNK))
            raw.seek(span.start)
            stream, compressed, left = raw, False, span.end - span.start
        number = 0
        blank: list[int] = []  # blank lines are only problems once the file turns out to have content
        content = False
        readline = stream.readline
        try:
            while left and (chunk := readline(_LINE_CHUNK)):
                number += 1
                left -= len(chunk)
                line: bytes | bytearray = chunk
                if not chunk.endswith(b"\n"):  # a line longer than one read, or the last line
                    try:
                        line, size = _rest_of_line(chunk, readline)
                    except (EOFError, OSError, zlib.error):
                        number -= 1  # the stream broke inside this line, not after it
                        raise
                    if span is not None:
                        left = span.end - stream.tell()
                    if size > MAX_LINE_BYTES:
                        content = True
                        yield from _blank_problems(file, blank)
                        yield _long_line_problem(file, number, size)
                        continue
                if number == 1 and (span is None or span.start == 0) and line.startswith(_BOM):
                    yield _bom_problem(file)
                    line = line[len(_BOM) :]
                try:
                    value = loads(line)
                except decode_error as error:
                    if not line.strip():
                        blank.append(number)
                        continue
                    yield from _blank_problems(file, blank)
                    content = True
                    yield _line_problem(file, number, line, error)
                    continue
                if blank:
                    yield from _blank_problems(file, blank)
                content = True
                yield number, value
        except (EOFError, OSError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
            if not compressed:
                raise
            yield _gzip_problem(file, number + 1, error)
            return
        if span is not None:
            span.lines, span.content = number, content
        elif not content:
            yield _empty_problem(file)
            return
        yield from _blank_problems(file, blank)


def _rest_of_line(start: bytes, readline: Callable[[int], bytes]) -> tuple[bytes | bytearray, int]:
    """Read the rest of a line that ``start`` began; return it and its length before its line end.

    A line longer than :data:`MAX_LINE_BYTES` is read past, not kept: the
    line returned is then empty. The line grows in place in a bytearray
    (which orjson parses as it is), so a long line is held once, not once
    per chunk and again when joined.
    """
    line = bytearray(start)
    while len(line) <= MAX_LINE_BYTES and (chunk := readline(_LINE_CHUNK)):
        line += chunk
        if chunk.endswith(b"\n"):
            return line, len(line) - 1
    if len(line) <= MAX_LINE_BYTES:  # the file ended without a line end
        return line, len(line)
    size = len(line)
    del line
    while chunk := readline(_LINE_CHUNK):
        if chunk.endswith(b"\n"):
            return b"", size + len(chunk) - 1
        size += len(chunk)
    return b"", size


def _long_line_problem(file: str, number: int, size: int) -> Problem:
    message = f"the line is {size} bytes long, over the limit of {MAX_LINE_BYTES}; it was skipped unread"
    return Problem(file, Location(line=number), "", "line-too-long", message, None)


def _empty_problem(file: str) -> Problem:
    return Problem(file, FILE, "", "empty-file", "the file holds no records (no bytes, or only whitespace)")


def _blank_problems(file: str, blank: list[int]) -> Iterator[Problem]:
    for number in blank:
        message = "blank line: every line must hold one JSON value"
        yield Problem(file, Location(line=number), "", "not-json", message, None)
    blank.clear()


class _Stop(Exception):
    """The rest of a JSON file cannot be read; carries the problem that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_NOT_WHITESPACE = re.compile(r"[^ \t\r\n]")


class _Window:
    """Decoded text over a byte stream, read a chunk at a time, forgetting what was consumed."""

    def __init__(self, stream: IO[bytes], file: str) -> None:
        self._stream = stream
        self._file = file
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self._json = json.JSONDecoder(parse_constant=_refuse_constant)
        self.text = ""
        self.pos = 0
        self.eof = False
        self._counted = 0  # text[:_counted] has been counted into _line
        self._line = 1

    def line_at(self, index: int) -> int:
        """Line number (from 1) of ``text[index]``; counting moves forward only, so this stays linear."""
        if index < self._counted:
            return self._line - self.text.count("\n", index, self._counted)
        self._line += self.text.count("\n", self._counted, index)
        self._counted = index
        return self._line

    def _more(self) -> bool:
        if self.eof:
            return False
        chunk = self._stream.read(_CHUNK)
        try:
            self.text += self._decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            line = self.line_at(len(self.text)) + chunk[: error.start].count(b"\n")
            message = (
                f"not valid UTF-8: byte {chunk[error.start]:#04x}"
                if error.start < len(chunk)
                else ("not valid UTF-8: the file ends inside a character")
            )
            raise _Stop(Problem(self._file, Location(line=line), "", "not-utf8", message, None)) from error
        self.eof = not chunk
        return bool(chunk)

    def compact(self) -> None:
        """Drop consumed text once it is large, so memory does not grow with the file."""
        if self.pos > _CHUNK:
            self.line_at(self.pos)
            self.text = self.text[self.pos :]
            self._counted -= self.pos
            self.pos = 0

    def next_char(self) -> str | None:
        """Skip whitespace; return the next character without consuming it, or None at the end."""
        while True:
            found = _NOT_WHITESPACE.search(self.text, self.pos)
            if found:
                self.pos = found.start()
                return self.text[self.pos]
            self.pos = len(self.text)
            if not self._more():
                return None

    def fail(self, index: int, message: str) -> _Stop:
        """A not-json problem at ``text[index]``, to raise."""
        line = self.line_at(index)
        column = index - self.text.rfind("\n", 0, index)
        excerpt = self.text[index : index + 40].split("\n", 1)[0]
        return _Stop(Problem(self._file, Location(line=line), "", "not-json", f"{message} (column {column})", excerpt))

    def value(self) -> Any:
        """Decode the JSON value at the current position and consume it."""
        while True:
            try:
                value, end = self._json.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as error:
                if len(self.text) - self.pos > _MAX_VALUE_CHARS:
                    raise self.fail(self.pos, f"a value longer than {_MAX_VALUE_CHARS} characters") from None
                if self._more():
                    continue
                raise self.fail(error.pos, f"not JSON: {error.msg}") from None
            except ValueError as error:  # NaN, Infinity
                raise self.fail(self.pos, f"not JSON: {error}") from None
            except RecursionError:
                raise self.fail(self.pos, "a value nested too deeply to read") from None
            if end == len(self.text) and self._more():
                continue  # a number or literal may go on in the next chunk
            break
        if _SURROGATE_ESCAPE.search(self.text, self.pos, end) and _has_lone_surrogate(value):
            raise self.fail(self.pos, "not JSON: a \\u escape leaves a lone surrogate, which is not Unicode text")
        self.pos = end
        return value


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(key) or _has_lone_surrogate(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


def read_json(path: Path, file: str) -> Iterator[Item]:
    """Stream the records of a JSON file: one array of records, or a single record object.

    The array is decoded an element at a time, so memory does not grow with
    the number of records. A syntax error ends the file's reading (there is
    no telling where the next element starts).

    Args:
        path: The file, plain or gzip-compressed (recognised by content).
        file: How the file is named in problems.

    Yields:
        Problems with the file's bytes, and ``(line, value)`` for every
        element, ``line`` being where the element starts.
    """
    with ExitStack() as stack:
        stream, compressed = open_maybe_gzip(path, stack)
        window = _Window(stream, file)
        try:
            yield from _json_items(window, file)
        except _Stop as stop:
            yield stop.problem
        except (EOFError, OSError, zlib.error) as error:
            if not compressed:
                raise
            yield _gzip_problem(file, window.line_at(len(window.text)), error)


def _json_items(window: _Window, file: str) -> Iterator[Item]:
    first = window.next_char()
    if first == "\ufeff":
        yield _bom_problem(file)
        window.pos += 1
        first = window.next_char()
    if first is None:
        yield _empty_problem(file)
        return
    if first != "[":
        line = window.line_at(window.pos)
        yield line, window.value()
        if window.next_char() is not None:
            hint = "; for one record per line, name the file .jsonl or pass --format jsonl"
            raise window.fail(window.pos, "extra data after the JSON value" + hint)
        return
    window.pos += 1
    if window.next_char() == "]":
        window.pos += 1
    else:
        while True:
            line = window.line_at(window.pos)
            yield line, window.value()
            window.compact()
            separator = window.next_char()
            if separator == ",":
                window.pos += 1
                if window.next_char() == "]":
                    raise window.fail(window.pos, "not JSON: a trailing comma before ']'")
                continue
            if separator == "]":
                window.pos += 1
                break
            if separator is None:
                raise window.fail(window.pos, "not JSON: the file ends before the array is closed with ']'")
            raise window.fail(window.pos, "not JSON: expected ',' or ']' after an array element")
    if window.next_char() is not None:
        raise window.fail(window.pos, "not JSON: extra data after the array")
