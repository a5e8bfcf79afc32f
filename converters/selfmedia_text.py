"""``selfmedia-text``: plain-text scrapes of a self-media (自媒体) platform article page.

Shape of a source::

    <title>

    <author> 2025-04-19 10:12:48

    <body paragraphs and bare-line subheadings, separated by blank lines>

    0 阅读:0                  (footer: read counter, author card, thanks)
    <author>

    <author>

    感谢大家的关注

Rules, in order:

- The first non-blank line is the title, the next the ``<author> YYYY-MM-DD
  HH:MM[:SS]`` line (the author may be missing). A missing or malformed date
  line is ``bad-header``; a title alone is ``no-body``; no text at all is ``empty``.
- The time is local time without offset; the source zone is Asia/Shanghai
  (+08:00) and the record says the offset was assumed. A date line of the right
  shape that names no calendar date (2025-02-31, hour 24) is **not** a reject:
  the record is kept without ``published_at`` and carries the flag
  ``published-at-unparseable``, because the article itself is intact.
- Footer: the last read-counter line (``N 阅读:N``, counts such as ``1.2万``
  allowed) among the last :data:`FOOTER_WINDOW` lines and everything after it
  are cut; then trailing lines that repeat the author's name or thank the reader
  (``感谢大家的关注`` and the like) are cut too, so a footer missing its counter
  is still removed. Marker lines are whole lines: the same words inside a
  sentence are text.
- Subheadings are bare lines. A paragraph is a **heading** when all of these hold:
  it is a single line; it has at most :data:`HEADING_MAX_CHARS` characters; it
  contains a letter (Han or other script), so a lone number or dash is not one;
  it does not end with sentence punctuation or a closing quote
  (see :data:`SENTENCE_END`), so a short sentence such as ``他说不干了。`` stays a
  paragraph; and it is not the last paragraph, because a heading introduces text.
  Every other paragraph is a paragraph.
- The platform's name is not in the scrape: ``source.name`` and
  ``source.domain`` are null; the author goes to ``authors``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from articlekit.schema import Article

from . import _plaintext
from ._plaintext import Paragraph, match_marker
from .base import BlockKind, Draft, Source, build_article

FORMAT = "selfmedia-text"
"""The format's registry name."""
DESCRIPTION = "plain-text scrapes of a self-media (自媒体) platform article page"
"""One line for ``articlekit formats``."""
READS = ("text",)
"""The kinds of files it reads."""

SOURCE_ZONE = "Asia/Shanghai"
"""Zone of the platform's local times (+08:00); its pages give no offset."""

HEADING_MAX_CHARS = 40
"""Longest bare line taken for a subheading; the seed's are 19 to 22 characters."""

# Full-width punctuation and curly quotes are the point here, not look-alike typos.
SENTENCE_END = frozenset("。．.！!？?…;；:：,，、\"'”’」』")  # noqa: RUF001
"""Characters that end a sentence (or a clause or a quotation): a line ending in one is not a heading."""

FOOTER_WINDOW = 8
"""The read counter is looked for among this many last lines only: a counter-like line amid the body
is text, and the footer never runs longer on this platform."""

_DATE_LINE = re.compile(
    r"(?:(?P<author>\S.*?) )?"
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2}) "
    r"(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
)
_COUNT = r"[0-9][0-9,.]*[万萬千wWkK]?"
# The colon comes half- or full-width.
_READ_COUNTER = re.compile(_COUNT + r" ?(?:阅读|閱讀)[:：] ?" + _COUNT)
_THANKS = re.compile(
    r"(?:感谢|感謝|谢谢|謝謝)(?:大家|各位|您|你们|你們|你)?的?(?:关注|關注|阅读|閱讀|支持|观看|觀看).{0,20}"
)
_LETTER = re.compile(r"[^\W\d_]")


def sniff(source: Source) -> float:
    """Score ``source`` as a self-media scrape from its first lines only.

    The ``<author> YYYY-MM-DD HH:MM:SS`` line right after the title is the
    strong signal (a bare date without author a weaker one). A date line
    elsewhere near the top scores 0.3: enough to show up as the runner-up in
    ``articlekit detect``, too little to claim the source.
    """
    lines = _plaintext.head_lines(source.text, 4)
    if not lines or _plaintext.looks_like_markup(lines[0]):
        return 0.0
    if len(lines) >= 2 and not match_marker(_DATE_LINE, lines[0]):
        match = match_marker(_DATE_LINE, lines[1])
        if match:
            return 0.9 if match["author"] else 0.6
    if any(match_marker(_DATE_LINE, line) for line in lines):
        return 0.3
    return 0.0


def _is_footer_line(line: str, author: str | None) -> bool:
    return line == author or bool(match_marker(_THANKS, line) or match_marker(_READ_COUNTER, line))


def _cut_footer(paragraphs: list[Paragraph], author: str | None) -> list[Paragraph]:
    """Cut the platform footer; see the module docstring for the rule."""
    lines = [(index, offset, line) for index, p in enumerate(paragraphs) for offset, line in enumerate(p.lines)]
    end = len(lines)
    for position in range(len(lines) - 1, max(len(lines) - FOOTER_WINDOW, 0) - 1, -1):
        line = lines[position][2]
        if match_marker(_READ_COUNTER, line):
            end = position
            break
    while end and _is_footer_line(lines[end - 1][2], author):
        end -= 1
    if end == len(lines):
        return paragraphs
    if end == 0:
        return []
    index, offset, _ = lines[end - 1]
    last = paragraphs[index]
    return [*paragraphs[:index], Paragraph(last.line_number, last.lines[: offset + 1])]


def is_heading(paragraph: Paragraph, *, is_last: bool) -> bool:
    """Whether a body paragraph is a bare-line subheading (the rule is in the module docstring).

    Args:
        paragraph: A body paragraph.
        is_last: Whether it is the body's last paragraph.
    """
    if is_last or len(paragraph.lines) != 1:
        return False
    line = paragraph.lines[0]
    return len(line) <= HEADING_MAX_CHARS and line[-1] not in SENTENCE_END and bool(_LETTER.search(line))


def convert(source: Source) -> Iterator[Article]:
    """Convert a self-media plain-text scrape into its one article.

    Args:
        source: The decoded source.

    Yields:
        The article.

    Raises:
        ConversionError: ``empty`` (no text), ``bad-header`` (no date line after
            the title), ``no-body`` (nothing left after the header and footer),
            or ``invalid-record``.
    """
    page = _plaintext.read_page(source, _DATE_LINE, SOURCE_ZONE, "an '<author> 2025-04-19 10:12:48' line")
    author = page.date_line["author"]

    body = _cut_footer(page.body, author)
    blocks: list[tuple[BlockKind, str]] = [
        ("heading" if is_heading(paragraph, is_last=index == len(body) - 1) else "paragraph", paragraph.text)
        for index, paragraph in enumerate(body)
    ]
    draft = Draft(
        format=FORMAT,
        title=page.title,
        blocks=blocks,
        published=page.published,
        authors=[author] if author else [],
        flags=page.flags,
    )
    yield build_article(draft, source)
