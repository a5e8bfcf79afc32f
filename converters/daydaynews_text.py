"""``daydaynews-text``: plain-text page scrapes of the 天天要聞 aggregator (Traditional Chinese).

Shape of a source::

    <title>

    2025年02月10日11:20:38 <category> <views>

    <body paragraphs, separated by blank lines>
    <any title> - 天天要聞(<caption>)       (an image's alt text)

    <category>分類資訊推薦                   (unrelated recommended articles follow)

Rules, in order:

- Line 1 is the title, the next non-blank line the date line. A missing or
  malformed date line is ``bad-header``; a title alone is ``no-body``; no text at
  all is ``empty``.
- The date line's time is local time without offset; the source zone is
  Asia/Shanghai (+08:00) and the record says the offset was assumed. A date line
  that has the right shape but names no calendar date (2025年02月31日, hour 24) is
  **not** a reject: the record is kept without ``published_at`` and carries the
  flag ``published-at-unparseable``, because the article itself is intact.
- The words between the time and the trailing number are the category; the
  trailing number is the page's view count, which is not article data and is dropped.
- A line ``<title> - 天天要聞(<caption>)`` is an image's alt text: it leaves the
  text and becomes an image with that caption and no URL (the scrape keeps no
  URL). The title in it may differ from the article's. A line ``<title> -
  天天要聞`` without caption is dropped: an image with neither URL nor caption
  cannot be recorded.
- The first line ``<category>分類資訊推薦`` (any category, or none) and
  everything after it are cut: they are other articles.
- The source name is 天天要聞; its domain is null because the scrape names none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from articlekit.schema import Article

from . import _plaintext
from ._plaintext import MARKER_LINE_LIMIT, Paragraph, match_marker
from .base import BlockKind, Draft, Source, build_article

FORMAT = "daydaynews-text"
"""The format's registry name."""
DESCRIPTION = "plain-text page scrapes of the 天天要聞 aggregator (Traditional Chinese)"
"""One line for ``articlekit formats``."""
READS = ("text",)
"""The kinds of files it reads."""

SOURCE_ZONE = "Asia/Shanghai"
"""Zone of the aggregator's local times (+08:00); its pages give no offset."""

SOURCE_NAME = "天天要聞"
"""Publisher name recorded in ``source.name``."""

_DATE_LINE = re.compile(
    r"(?P<year>[0-9]{4})年(?P<month>[0-9]{1,2})月(?P<day>[0-9]{1,2})日 ?"
    r"(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    r"(?: (?P<rest>.*))?"
)
_VIEWS = re.compile(r"[0-9][0-9,.]*[萬万kK]?")
# Both scripts: a Big5 page and a converted copy must read the same.
_SITE = r"天天要[聞闻]"
_SITE_NAME = re.compile(_SITE)
_ALT_SEPARATOR = re.compile(r" ?- ?" + _SITE)
# The page writes the caption's parentheses half- or full-width.
_CAPTION_OPEN, _CAPTION_CLOSE = "(（", ")）"
_RECOMMENDED = re.compile(r"(?:\S{1,20} ?)?(?:分類資訊推薦|分类资讯推荐)")


def sniff(source: Source) -> float:
    """Score ``source`` as a 天天要聞 scrape from its first lines only.

    The ``YYYY年MM月DD日HH:MM:SS`` line right after the title is the strong
    signal; the site's name near the top adds certainty. A date line elsewhere
    near the top scores 0.3: enough to show up as the runner-up in
    ``articlekit detect``, too little to claim the source.
    """
    lines = _plaintext.head_lines(source.text, 4)
    if not lines or _plaintext.looks_like_markup(lines[0]):
        return 0.0
    if len(lines) >= 2 and match_marker(_DATE_LINE, lines[1]) and not match_marker(_DATE_LINE, lines[0]):
        score = 0.85
        if _SITE_NAME.search(source.text, 0, _plaintext.SNIFF_WINDOW):
            score += 0.15
        return score
    if any(match_marker(_DATE_LINE, line) for line in lines):
        return 0.3
    return 0.0


def _category(date_line: re.Match[str]) -> str | None:
    """Return the category a date line names, without the trailing view count."""
    words = (date_line["rest"] or "").split(" ")
    if words and _VIEWS.fullmatch(words[-1]):
        words.pop()  # the view count: page furniture, not article data
    return " ".join(words).strip() or None


def _cut_recommended(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Drop the recommendation block: from its marker line to the end."""
    for index, paragraph in enumerate(paragraphs):
        for offset, line in enumerate(paragraph.lines):
            if match_marker(_RECOMMENDED, line):
                kept = paragraphs[:index]
                if offset:
                    kept.append(Paragraph(paragraph.line_number, paragraph.lines[:offset]))
                return kept
    return paragraphs


def _image_alt_text(line: str) -> tuple[bool, str | None]:
    """Tell whether ``line`` is an image's alt text ``<title> - 天天要聞(<caption>)``; return its caption.

    Searched once and checked at both ends instead of one backtracking pattern,
    so a hostile line full of separators costs linear time.
    """
    if len(line) > MARKER_LINE_LIMIT:
        return False, None
    separator = _ALT_SEPARATOR.search(line, 1)  # from 1: the title is never empty
    if separator is None:
        return False, None
    rest = line[separator.end() :]
    if not rest:
        return True, None
    if len(rest) >= 2 and rest[0] in _CAPTION_OPEN and rest[-1] in _CAPTION_CLOSE:
        return True, rest[1:-1]
    return False, None


def _take_images(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[str | None]]:
    """Remove image alt-text lines; return the remaining paragraphs and the captions found."""
    kept: list[Paragraph] = []
    captions: list[str | None] = []
    for paragraph in paragraphs:
        lines: list[str] = []
        for line in paragraph.lines:
            is_alt_text, caption = _image_alt_text(line)
            if is_alt_text:
                captions.append(caption)
            else:
                lines.append(line)
        if lines:
            kept.append(Paragraph(paragraph.line_number, tuple(lines)))
    return kept, captions


def convert(source: Source) -> Iterator[Article]:
    """Convert a 天天要聞 plain-text scrape into its one article.

    Args:
        source: The decoded source.

    Yields:
        The article.

    Raises:
        ConversionError: ``empty`` (no text), ``bad-header`` (no date line after
            the title), ``no-body`` (nothing left after the header and cuts), or
            ``invalid-record``.
    """
    page = _plaintext.read_page(
        source, _DATE_LINE, SOURCE_ZONE, "a date line such as '2025年02月10日11:20:38 國際 7927'"
    )
    category = _category(page.date_line)
    body, captions = _take_images(_cut_recommended(page.body))
    blocks: list[tuple[BlockKind, str]] = [("paragraph", paragraph.text) for paragraph in body]

    draft = Draft(
        format=FORMAT,
        title=page.title,
        blocks=blocks,
        source_name=SOURCE_NAME,
        published=page.published,
        categories=[category] if category else [],
        images=[(None, caption) for caption in captions if caption],
        flags=page.flags,
    )
    yield build_article(draft, source)
