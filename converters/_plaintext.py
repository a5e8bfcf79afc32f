"""Plain-text page scrapes: line and paragraph splitting shared by the plain-text converters.

The plain-text formats (``daydaynews-text``, ``selfmedia-text``) share one shape:
a title line, a date line, then paragraphs separated by blank lines. This module
turns text into normalised lines and paragraphs once, so each converter only
holds the rules of its own format.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from articlekit.dates import Instant, localize
from articlekit.errors import ConversionError
from articlekit.text import normalize_inline

from .base import Source

SNIFF_WINDOW = 4096
"""Characters of a source that sniffing looks at: detection must stay cheap on huge files."""

MARKER_LINE_LIMIT = 1000
"""Lines longer than this are never taken for a marker (caption, footer, heading, date line).

Markers are short; bounding the length keeps every pattern match linear on hostile input.
"""

# Any line ending: CRLF, lone CR (old Mac exports) and LF.
_LINE_BREAK = re.compile(r"\r\n?|\n")
# YAML/TOML front matter fences, an HTML tag or comment, a Markdown link or ATX heading ("# " with its space:
# "#熱點# 標題" is a title): other formats' first lines.
_MARKUP_START = re.compile(r"---|\+\+\+|<[!?/A-Za-z]|\[[^\]]*\]\(|#{1,6}[ \t]")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of non-blank lines between blank lines.

    Attributes:
        line_number: 1-based number of the paragraph's first line in the source, for messages.
        lines: The paragraph's lines, each already normalised inline (never empty).
    """

    line_number: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The lines joined by newlines, as a block's raw text."""
        return "\n".join(self.lines)


def split_lines(text: str) -> list[str]:
    """Split ``text`` on any line ending and normalise each line inline (blank lines become ``""``).

    Args:
        text: The decoded source; a leading byte-order mark is dropped by the normalisation.

    Returns:
        One string per source line, so indexes map back to line numbers.
    """
    return [normalize_inline(line) for line in _LINE_BREAK.split(text)]


def split_paragraphs(lines: Sequence[str], first_line_number: int = 1) -> list[Paragraph]:
    """Group normalised lines into paragraphs at blank lines.

    Args:
        lines: Lines from :func:`split_lines`.
        first_line_number: The source line number of ``lines[0]``.

    Returns:
        The paragraphs in order; blank lines themselves are dropped.
    """
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start = first_line_number
    for number, line in enumerate(lines, start=first_line_number):
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            paragraphs.append(Paragraph(start, tuple(current)))
            current = []
    if current:
        paragraphs.append(Paragraph(start, tuple(current)))
    return paragraphs


def take_lines(paragraphs: Sequence[Paragraph], count: int) -> tuple[list[tuple[int, str]], list[Paragraph]]:
    """Take the first ``count`` lines across paragraph boundaries.

    A header line may share a paragraph with the next one when a scrape lost a
    blank line; what is left of a partly taken paragraph stays a paragraph.

    Args:
        paragraphs: The document's paragraphs.
        count: How many lines to take.

    Returns:
        The lines taken with their source line numbers (fewer when the document
        is shorter), and the remaining paragraphs.
    """
    taken: list[tuple[int, str]] = []
    for index, paragraph in enumerate(paragraphs):
        room = count - len(taken)
        numbered = list(enumerate(paragraph.lines, start=paragraph.line_number))
        if room >= len(numbered):
            taken.extend(numbered)
            continue
        taken.extend(numbered[:room])
        rest = [Paragraph(paragraph.line_number + room, paragraph.lines[room:])]
        return taken, rest + list(paragraphs[index + 1 :])
    return taken, []


def head_lines(text: str, count: int) -> list[str]:
    """Return up to ``count`` non-blank normalised lines from the start of ``text``, for sniffing.

    Only the first :data:`SNIFF_WINDOW` characters are read, so a huge source or
    a single enormous line costs no more than a small one.
    """
    lines = (normalize_inline(line) for line in _LINE_BREAK.split(text[:SNIFF_WINDOW]))
    found: list[str] = []
    for line in lines:
        if line:
            found.append(line)
            if len(found) == count:
                break
    return found


def looks_like_markup(line: str) -> bool:
    """Whether a first line is markup (front matter, HTML/comment, Markdown link or heading) rather than a title.

    A Markdown heading (``# 标题``, ``## 1. 标题``) opens a Markdown page or digest,
    not a plain-text scrape. Titles such as ``[快訊] 標題`` or ``#熱點# 標題`` are not markup.
    """
    return bool(_MARKUP_START.match(line))


def local_instant(match: re.Match[str], zone: str) -> Instant | None:
    """Build the instant of a local date-time written without offset, in the source's zone.

    Args:
        match: A date-line match with the named groups ``year``, ``month``,
            ``day``, ``hour``, ``minute`` and ``second`` (``second`` may be unmatched).
        zone: The IANA zone the source's local times are in.

    Returns:
        The instant with ``offset_assumed`` set, or None when the fields are no
        calendar date-time (31 February, hour 24, year 0).
    """
    year, month, day, hour, minute, second = (
        int(match[name] or 0) for name in ("year", "month", "day", "hour", "minute", "second")
    )
    try:
        naive = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return localize(naive, zone)


def match_marker(pattern: re.Pattern[str], line: str) -> re.Match[str] | None:
    """Match a marker pattern against a whole line; None for a line longer than :data:`MARKER_LINE_LIMIT`."""
    if len(line) > MARKER_LINE_LIMIT:
        return None
    return pattern.fullmatch(line)


@dataclass(frozen=True, slots=True)
class Page:
    """A plain-text scrape read up to its body.

    Attributes:
        title: The first line.
        date_line: The match of the format's date-line pattern on the second line.
        published: The date line's instant, or None when it names no calendar date-time.
        body: The paragraphs after the date line.
    """

    title: str
    date_line: re.Match[str]
    published: Instant | None
    body: list[Paragraph]

    @property
    def flags(self) -> list[str]:
        """The record flags the header calls for: ``published-at-unparseable`` when the date was dropped."""
        return [] if self.published is not None else ["published-at-unparseable"]


def read_page(source: Source, date_line: re.Pattern[str], zone: str, expected: str) -> Page:
    """Split a plain-text scrape into title, date line and body paragraphs.

    Args:
        source: The decoded source.
        date_line: The format's date-line pattern, with the groups :func:`local_instant` reads.
        zone: The IANA zone of the source's local times.
        expected: What the date line looks like, for the ``bad-header`` message
            (e.g. ``an '<author> 2025-04-19 10:12:48' line``).

    Raises:
        ConversionError: ``empty`` (no text), ``no-body`` (only a title), ``bad-header``
            (the line after the title does not match ``date_line``).
    """
    paragraphs = split_paragraphs(split_lines(source.text))
    if not paragraphs:
        raise ConversionError("empty", f"{source.path}: the source holds no text")
    header, body = take_lines(paragraphs, 2)
    if len(header) < 2:
        raise ConversionError("no-body", f"{source.path}: only a title, no date line and no body")
    (_, title), (line_number, line) = header
    match = match_marker(date_line, line)
    if match is None:
        raise ConversionError(
            "bad-header",
            f"{source.path}: line {line_number}: the line after the title is not {expected}: {line[:80]!r}",
        )
    return Page(title, match, local_instant(match, zone), body)
