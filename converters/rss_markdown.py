"""Converter for RSS items archived as Markdown (seeds 000 and 003).

The format, as many outlets' archives write it (VOA, RFI, DW, BBC, NYT, RFA,
Reuters, 联合早报, 中央社 …)::

    ---                       optional front matter (YAML, or TOML within +++; see :mod:`._front_matter`)
    title: …
    ---
    <!--1739003943000-->      retrieval time in epoch milliseconds (or a ``日期：…`` line instead)
    [title](url)
    ------
    <div><i>Sat, 08 Feb 2025 08:38:35 GMT</i></div><p>the item's HTML body …</p>

A file may hold several items, each starting with its own header.

Dates. The body's date line is looked for among its first blocks (the shapes
are listed in :mod:`._rss_dates`). A time without offset is the outlet's local
time: the zone comes from :data:`~._publishers.PUBLISHERS` by the URL's domain,
and the record says the offset was assumed (UTC for unknown outlets, flagged
``published-zone-unknown``). Without a body date, the front matter's ``date``,
then a ``日期：`` header line, then the epoch header give the publication time;
the epoch header only with the flag ``published-at-from-retrieval``.
``retrieved_at`` is always the epoch header.

Headings. ``h1`` to ``h6`` are headings. A paragraph whose visible text is all
bold (``<p><strong>…</strong></p>``) is a subheading when it is short (at most
:data:`HEADING_MAX_WIDTH` columns, CJK characters counting two) and does not end
with sentence punctuation; otherwise it is a paragraph, such as a bold lead.

Boilerplate cut: ads, share widgets, self-promotion and related boxes (by
class/id/``data-`` attributes, see :mod:`._html_blocks`), blocks that are only a
stray token (``Array``, ``undefined`` …) or an ad/share label, related-content
labels and the link-only blocks after them, lists whose items are all links,
copyright lines, empty elements.

Images: ``<img>`` in reading order, tracking pixels skipped, the original URL
taken from behind an image proxy (``images.weserv.nl?url=…``). Links inside kept
blocks are kept (share buttons and in-page anchors are not).

Flags this converter sets (see :data:`~.base.FLAGS`): ``published-at-from-retrieval``,
``published-zone-unknown``, ``published-at-unparseable`` (a date line that names an
impossible date, such as 31 February), ``published-at-implausible`` (before 1990 or
after the retrieval time), ``retrieved-at-implausible`` (an epoch header too large
for a date; one in seconds rather than milliseconds is flagged by :func:`build_article`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from articlekit.dates import Instant, from_epoch_millis, is_plausible
from articlekit.errors import ConversionError
from articlekit.schema import Article
from articlekit.text import display_width, normalize_block

from ._front_matter import find_front_matter, first_string, read_front_matter, strings
from ._html_blocks import RawBlock, read_html_blocks
from ._publishers import UNKNOWN_PUBLISHER_ZONE, publisher_of
from ._rss_dates import (
    SENTENCE_END,
    Dating,
    InvalidDate,
    date_from_block,
    parse_date_line,
    published_from_front_matter,
)
from .base import BlockKind, Draft, Source, build_article

FORMAT = "rss-markdown"
DESCRIPTION = "RSS items archived as Markdown: an epoch line, a title link, then the item's HTML"
"""One line for ``articlekit formats``."""
READS = ("markdown", "html")
"""The kinds of files it reads."""

HEADING_MAX_WIDTH = 80
"""Widest all-bold paragraph taken as a subheading, in columns (a CJK character is two)."""
_SNIFF_WINDOW = 8192
_HEADER_LINE_LIMIT = 64 * 1024
_DATE_LINE_BLOCKS = 3  # a date line is looked for among this many leading blocks

_EPOCH_LINE = re.compile(r"<!--\s*(\d{1,20})\s*-->")
_DATE_HEADER = re.compile(r"日期\s*[:：]\s*(\S.*)")
_DASHES = re.compile(r"-{3,}")
_NEXT_HEADER = re.compile(
    r"^(?:<!--\s*\d{1,20}\s*-->|日期\s*[:：][^\n]*)[ \t]*\r?\n\[[^\n]*\]\([^\n]*\)[ \t]*\r?\n-{3,}[ \t]*\r?$",
    re.MULTILINE,
)
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
_SURROGATES = re.compile("[\ud800-\udfff]")

# A closing quotation mark or bracket may follow a sentence's end (RUF001 waived: the curly quote is meant).
_CLOSING_MARKS = "”’」』）)】》\"'"  # noqa: RUF001
_JUNK_BLOCKS = frozenset(
    (
        "array", "undefined", "null", "nan", "[object object]", "none",
        "广告", "廣告", "advertisement", "continue reading the main story",
        "继续阅读主要故事", "繼續閱讀主要故事",
        "分享", "分享到", "分享至", "share", "share this", "share this article", "返回顶部", "back to top",
    )
)  # fmt: skip
_RELATED_LABEL = re.compile(
    r"^(?:相关新闻|相關新聞|相关阅读|相關閱讀|延伸阅读|延伸閱讀|推荐阅读|推薦閱讀|更多阅读|更多閱讀|相关报道|相關報導|"
    r"相關報道|相关文章|相關文章|另见|另見|related(?: stories| articles| news| coverage| content)?|read more|"
    r"more on this story|see also)\s*[:：]?$",
    re.IGNORECASE,
)
# A copyright line starts with the sign or word, carries the 版权所有 notice, or ends with the reservation.
# 版权所有者/版权所有权 (copyright holder/ownership) and a reservation mid-sentence are text, not a notice.
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|版[权權]所有(?![者人权權])|all rights reserved\W*$", re.IGNORECASE)


@dataclass
class _Header:
    """What the header lines hold; ``body_start`` is None unless title and dashes were both found."""

    epoch: int | None = None
    date_line: str | None = None
    title: str | None = None
    url: str | None = None
    body_start: int | None = None


@dataclass
class _Item:
    header: _Header
    body: str


def _lines(text: str, start: int) -> Iterator[tuple[str, int, int]]:
    """Yield ``(line, start, end)`` from ``start`` on; stop at a line longer than any header line can be."""
    position = start
    while position < len(text):
        end = text.find("\n", position, position + _HEADER_LINE_LIMIT)
        if end < 0:
            if len(text) - position > _HEADER_LINE_LIMIT:
                return
            end = len(text)
        yield text[position:end].rstrip("\r"), position, min(end + 1, len(text))
        position = end + 1


def _title_link(line: str) -> tuple[str, str] | None:
    """Split a ``[title](url)`` line; None when the line is not one."""
    line = line.strip()
    split = line.rfind("](")
    if not line.startswith("[") or not line.endswith(")") or split < 0:
        return None
    inner = line[split + 2 : -1].strip()
    if inner.startswith("<") and ">" in inner:
        url = inner[1 : inner.index(">")]
    else:
        url = inner.split()[0] if inner else ""
    title = _MARKDOWN_ESCAPE.sub(r"\1", line[1:split])
    return html.unescape(title), html.unescape(url)


def _read_header(text: str, start: int) -> _Header:
    """Read the header lines from ``start``: epoch/``日期`` lines, ``[title](url)``, dashes."""
    header = _Header()
    for line, _, end in _lines(text, start):
        stripped = line.strip()
        if not stripped:
            continue
        if header.title is None:
            epoch = _EPOCH_LINE.fullmatch(stripped)
            dated = _DATE_HEADER.fullmatch(stripped)
            if epoch and header.epoch is None:
                header.epoch = int(epoch.group(1))
            elif dated and header.date_line is None:
                header.date_line = dated.group(1).strip()
            else:
                found = _title_link(stripped)
                if found is None:
                    return header
                header.title, header.url = found
            continue
        if _DASHES.fullmatch(stripped):
            header.body_start = end
        return header
    return header


def _is_subheading(text: str) -> bool:
    """Whether an all-bold paragraph is a subheading: short, one line, no sentence-final punctuation."""
    if "\n" in text or len(text) > HEADING_MAX_WIDTH or display_width(text) > HEADING_MAX_WIDTH:
        return False
    last = text.rstrip(_CLOSING_MARKS)[-1:]
    return bool(last) and last not in SENTENCE_END


def _body_blocks(
    raws: list[RawBlock], zone: str, dating: Dating
) -> tuple[list[tuple[BlockKind, str]], list[tuple[str, str]]]:
    """Judge the raw blocks: date lines, junk, related links, subheadings; return blocks and links."""
    link_only_lists = {raw.list_id for raw in raws if raw.list_id is not None}
    for raw in raws:
        if raw.list_id in link_only_lists and not raw.all_links:
            link_only_lists.discard(raw.list_id)
    blocks: list[tuple[BlockKind, str]] = []
    links: list[tuple[str, str]] = []
    after_related_label = False
    for raw in raws:
        text = normalize_block(raw.text)
        if not text and not raw.times:
            continue
        if raw.list_id in link_only_lists:
            continue
        if (
            dating.published is None
            and "published-at-unparseable" not in dating.flags
            and len(blocks) < _DATE_LINE_BLOCKS
            and raw.kind == "paragraph"
            and date_from_block(raw, text, zone, dating)
        ):
            continue
        if not text:
            continue
        folded = text.casefold().rstrip(":：")
        if folded in _JUNK_BLOCKS or (len(text) <= 200 and _COPYRIGHT.search(text)):
            continue
        if _RELATED_LABEL.match(text):
            after_related_label = True
            continue
        if after_related_label and raw.all_links:
            continue
        after_related_label = False
        kind: BlockKind = raw.kind
        if kind == "paragraph" and raw.all_bold and _is_subheading(text):
            kind = "heading"
        blocks.append((kind, text))
        links.extend(raw.links)
    return blocks, links


def _convert_item(item: _Item, front: dict[str, Any], source: Source) -> Article:
    header = item.header
    url = header.url or first_string(front, "url", "link", "canonical_url", "canonicalurl")
    publisher = publisher_of(url)
    zone = publisher.zone if publisher else UNKNOWN_PUBLISHER_ZONE
    flags: list[str] = []

    header_date: Instant | None = None
    if header.date_line is not None:
        found = parse_date_line(header.date_line, zone)
        if not isinstance(found, Instant):
            raise ConversionError("bad-date", f"{source.path}: cannot read the date header {header.date_line!r}")
        header_date = found
    retrieved = from_epoch_millis(header.epoch) if header.epoch is not None else None
    if header.epoch is not None and retrieved is None:
        flags.append("retrieved-at-implausible")

    raw = read_html_blocks(item.body)
    dating = Dating()
    blocks, links = _body_blocks(raw.blocks, zone, dating)
    flags.extend(dating.flags)

    published = dating.published
    if published is None:
        found = published_from_front_matter(front.get("date") or front.get("published") or front.get("pubdate"), zone)
        if isinstance(found, InvalidDate):
            flags.append("published-at-unparseable")
        published = found if isinstance(found, Instant) else header_date
    retrieved_trusted = retrieved is not None and is_plausible(retrieved)
    if published is not None and not is_plausible(published.value, latest=retrieved if retrieved_trusted else None):
        flags.append("published-at-implausible")
        published = None
    if published is None and retrieved is not None and retrieved_trusted:
        published = Instant(retrieved, offset_assumed=False)
        flags.append("published-at-from-retrieval")
    if published is not None and published.offset_assumed and publisher is None:
        flags.append("published-zone-unknown")

    draft = Draft(
        format=FORMAT,
        title=header.title or first_string(front, "title") or "",
        blocks=blocks,
        url=url,
        source_name=first_string(front, "source", "publisher") or (publisher.name if publisher else None),
        published=published,
        retrieved_at=retrieved,
        authors=dating.authors or strings(front.get("authors") or front.get("author")),
        summary=first_string(front, "summary", "description"),
        categories=strings(front.get("categories") or front.get("category")),
        tags=strings(front.get("tags") or front.get("keywords")),
        images=raw.images,
        links=links,
        flags=flags,
        declared_language=first_string(front, "lang", "language"),
    )
    return build_article(draft, source)


def _split_items(text: str, start: int, source: Source) -> list[_Item]:
    """Cut the text into items, each a header and the body up to the next header."""
    items: list[_Item] = []
    while True:
        header = _read_header(text, start)
        if header.body_start is None:
            if items:  # the rest cannot be an item: it belongs to the previous body
                break
            raise ConversionError(
                "bad-header", f"{source.path}: no '[title](url)' line followed by a '------' line at the top"
            )
        following = _NEXT_HEADER.search(text, header.body_start)
        end = following.start() if following else len(text)
        items.append(_Item(header, text[header.body_start : end]))
        if following is None:
            break
        start = end
    return items


def _lf_lines(text: str) -> str:
    """CRLF and lone CR (old Mac exports) as LF: the header and item splitting read LF-ended lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def convert(source: Source) -> Iterator[Article]:
    """Convert an RSS-markdown archive file into its articles.

    Args:
        source: The decoded source.

    Yields:
        One article per item (usually one); all are built before the first is yielded.

    Raises:
        ConversionError: ``bad-header``, ``bad-front-matter``, ``bad-date``, ``no-title``, ``no-body``,
            ``invalid-record``.
    """
    text = _SURROGATES.sub("\ufffd", _lf_lines(source.text).removeprefix("\ufeff"))
    front, start = read_front_matter(text, source.path) or ({}, 0)
    items = _split_items(text, start, source)
    try:
        articles = [_convert_item(item, front, source) for item in items]
    except RecursionError as error:  # the walk is iterative; this guards library code below it
        raise ConversionError("no-body", f"{source.path}: body too deeply nested to read") from error
    yield from articles


def sniff(source: Source) -> float:
    """Score how surely ``source`` is an RSS-markdown archive, from its first few KB.

    Returns:
        0.95 for an epoch (or ``日期：``) line, ``[title](url)`` and a dashes line; 0.7 without the
        first line; 0.5 for the first line and a title link without dashes; 0.3 for an epoch line
        alone; 0.0 otherwise.
    """
    head = _lf_lines(source.text[:_SNIFF_WINDOW]).removeprefix("\ufeff")
    found = find_front_matter(head)
    start = 0
    if found is not None:
        if found.body_start is None:
            return 0.0  # unclosed front matter: conversion would fail
        start = found.body_start
    header = _read_header(head, start)
    first_line = header.epoch is not None or header.date_line is not None
    if header.body_start is not None:
        return 0.95 if first_line else 0.7
    if first_line and header.title is not None:
        return 0.5
    if header.epoch is not None:
        return 0.3
    return 0.0
