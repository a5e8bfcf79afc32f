"""Hugo content files: YAML (or TOML) front matter and a Markdown body (seed 004).

The front matter may come from any Hugo theme. Only article data is read:
``title``; ``date`` (then ``publishDate``, ``pubDate``, ``published``);
``summary``/``description``; ``categories``; ``tags``; ``authors``/``author``;
``lang``/``language`` (a list gives its first item); ``thumbnail``, ``images``,
``featured_image``, ``image``, ``cover`` (images); ``canonicalURL``/``url``/``link``
when absolute. Theme display keys (Mainroad's ``widgets``, ``sidebar``, ``toc``,
``menu``, ``pager``, ``comments``, ``authorbox``, ``mathjax``, ``lead``,
``translations``, ...) are not article data and are ignored.

The body is parsed once with markdown-it-py and its token stream is walked:
headings (ATX and setext), paragraphs, list items, block quotes, code, tables
and HTML blocks become blocks; inline markup is dropped and its text kept;
images become images with their alt text as caption. Emphasis follows the
CommonMark CJK-friendly amendments (see :mod:`._markdown`) so that
``**“当前需共同努力”**这一观点`` is emphasis rather than literal ``**``.

Boilerplate rules: a last paragraph that is nothing but one absolute link
(``[wallstreetcn](https://wallstreetcn.com/articles/3740987)``) is the
canonical URL, not text; a block whose first line is a risk-disclaimer
heading (``风险提示及免责条款``) is cut with everything after it.

Front matter is found and read by :mod:`._front_matter` (safe YAML with
budgets, or TOML).

Dates: a date with an offset keeps it. A local time takes the zone of the
publisher in :data:`~._publishers.PUBLISHERS` (found by the canonical URL's
domain); for an unknown publisher UTC is assumed and the record is flagged
``published-zone-unknown``. A date alone is read as local midnight and flagged
``published-date-only``. An unparseable date (``2025-02-31``, year 0) or one
outside the plausible range does not reject the article: the date is dropped
and the record is flagged ``published-at-unparseable`` or
``published-at-implausible``, because the text is still worth keeping.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from articlekit.dates import Instant, is_plausible, localize, parse_iso, parse_rfc822
from articlekit.errors import ConversionError
from articlekit.schema import Article
from articlekit.text import normalize_inline

from ._front_matter import as_list, find_front_matter, first_string, read_front_matter, scalar_text, strings
from ._markdown import Piece, parse_markdown
from ._publishers import UNKNOWN_PUBLISHER_ZONE, Publisher, publisher_of
from .base import Draft, Source, absolute_http_url, build_article

FORMAT = "hugo-markdown"

DISCLAIMER_MARKERS = ("风险提示及免责条款", "免责声明")
"""A block whose first line is one of these starts the disclaimer footer, cut with everything after it.

A bare ``风险提示`` is not a marker: research notes end with a real "risks" section under that name.
"""

_DATE_KEYS = ("date", "publishdate", "pubdate", "published")
_SUMMARY_KEYS = ("summary", "description")
_AUTHOR_KEYS = ("authors", "author")
_LANGUAGE_KEYS = ("lang", "language", "languagecode")
_IMAGE_KEYS = ("thumbnail", "featured_image", "featuredimage", "image", "images", "cover", "feature")
_URL_KEYS = ("canonicalurl", "canonical", "url", "link")

_NEWLINES = re.compile(r"\r\n?")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SNIFF_TITLE = {
    "---": re.compile(r"^title[ \t]*:", re.MULTILINE),
    "+++": re.compile(r"^title[ \t]*=", re.MULTILINE),
}
# Files of the rss-markdown family may carry front matter above their own header (\uff1a: fullwidth colon).
_RSS_HEADER = re.compile(r"\s*(?:<!--\s*\d+\s*-->|(?:日期\s*[:\uff1a][^\n]*\n)?\[[^\n]*\]\([^\n]*\)\n-{3,}[ \t]*\n)")
_SNIFF_CHARS = 4096


def sniff(source: Source) -> float:
    """Score how likely ``source`` is a Hugo content file, looking at its first few KB only.

    Returns:
        0.95 for front matter with a title key and a closing fence, less when
        either is missing or the body starts like an rss-markdown archive, 0
        without front matter.
    """
    head = _NEWLINES.sub("\n", source.text[:_SNIFF_CHARS])
    found = find_front_matter(head)
    if found is None:
        return 0.0
    has_title = _SNIFF_TITLE[found.fence].search(found.text)
    if found.body_start is None:
        return 0.6 if has_title else 0.3
    body = head[found.body_start :]
    if _RSS_HEADER.match(body):
        return 0.3
    if not body.strip():
        return 0.6 if has_title else 0.3
    return 0.95 if has_title else 0.65


def convert(source: Source) -> Iterator[Article]:
    """Convert one Hugo content file into its article.

    Args:
        source: The decoded file.

    Yields:
        The one article of the file.

    Raises:
        ConversionError: ``bad-header`` without front matter; ``bad-front-matter``
            when it is unterminated, too large, unsafe, malformed or not a
            mapping; ``no-title``, ``no-body`` or ``invalid-record``.
    """
    text = _NEWLINES.sub("\n", source.text)
    found = read_front_matter(text, source.path)
    if found is None:
        raise ConversionError("bad-header", f"{source.path}: no front matter (a first line of --- or +++)")
    meta, body_start = found
    pieces, canonical_url = _cut_boilerplate(parse_markdown(text[body_start:]))
    url = canonical_url or _front_matter_url(meta)
    publisher = publisher_of(url)
    flags: list[str] = []
    images: list[tuple[str | None, str | None]] = [(image, None) for image in _front_matter_images(meta)]
    images.extend(image for piece in pieces for image in piece.images)
    draft = Draft(
        format=FORMAT,
        title=scalar_text(meta.get("title")) or "",
        blocks=[(piece.kind, piece.text) for piece in pieces if piece.text.strip()],
        url=url,
        source_name=publisher.name if publisher else None,
        published=_published(meta, publisher, flags),
        authors=_author_names(meta),
        summary=first_string(meta, *_SUMMARY_KEYS),
        categories=strings(meta.get("categories")),
        tags=strings(meta.get("tags")),
        images=_merge_images(images),
        links=[link for piece in pieces for link in piece.links],
        flags=flags,
        declared_language=first_string(meta, *_LANGUAGE_KEYS),
    )
    yield build_article(draft, source)


def _cut_boilerplate(pieces: list[Piece]) -> tuple[list[Piece], str | None]:
    """Cut the disclaimer footer and take the canonical link out of the body.

    Returns:
        The pieces to keep, and the canonical URL: the target of the last
        lone-link paragraph of the footer, or else of the body's last block.
    """
    cut = next((index for index, piece in enumerate(pieces) if _is_disclaimer(piece)), len(pieces))
    body, footer = pieces[:cut], pieces[cut:]
    for piece in reversed(footer):
        url = absolute_http_url(piece.lone_link) if piece.kind == "paragraph" else None
        if url:
            return body, url
    while body and not body[-1].text.strip() and not body[-1].images:
        body.pop()
    if body and body[-1].kind == "paragraph" and (url := absolute_http_url(body[-1].lone_link)):
        return body[:-1], url
    return body, None


def _is_disclaimer(piece: Piece) -> bool:
    first_line = normalize_inline(piece.first_line).strip(" :\uff1a*#")  # \uff1a: fullwidth colon
    return first_line in DISCLAIMER_MARKERS


def _author_names(meta: dict[str, Any]) -> list[str]:
    """Authors as strings, lists of strings, or mappings with a ``name`` (as several themes write them)."""
    names: list[str] = []
    for key in _AUTHOR_KEYS:
        for item in as_list(meta.get(key)):
            if isinstance(item, dict):
                item = item.get("name")
            text = scalar_text(item)
            if text:
                names.append(text)
    return names


def _front_matter_images(meta: dict[str, Any]) -> list[str]:
    urls: list[str] = []
    for key in _IMAGE_KEYS:
        for item in as_list(meta.get(key)):
            if isinstance(item, dict):  # e.g. PaperMod's cover: {image: ..., alt: ...}
                item = item.get("image") or item.get("src") or item.get("url")
            if isinstance(item, str) and item.strip():
                urls.append(item.strip())
    return urls


def _merge_images(images: list[tuple[str | None, str | None]]) -> list[tuple[str | None, str | None]]:
    """Keep each image URL once (a thumbnail is often also the first body image), with the first caption."""
    merged: dict[str, tuple[str | None, str | None]] = {}
    for position, (url, caption) in enumerate(images):
        key = url if url is not None else f"\x00{position}"
        known = merged.get(key)
        if known is None or (known[1] is None and caption):
            merged[key] = (url, caption)
    return list(merged.values())


def _front_matter_url(meta: dict[str, Any]) -> str | None:
    """An absolute URL from the front matter; Hugo's relative ``url``/``slug`` cannot give one alone."""
    for key in _URL_KEYS:
        url = absolute_http_url(first_string(meta, key))
        if url:
            return url
    return None


def _published(meta: dict[str, Any], publisher: Publisher | None, flags: list[str]) -> Instant | None:
    """The publication instant from the first date key present; appends flags explaining what was assumed."""
    raw = next((meta[key] for key in _DATE_KEYS if meta.get(key) not in (None, "")), None)
    if raw is None:
        return None
    zone = publisher.zone if publisher else UNKNOWN_PUBLISHER_ZONE
    instant: Instant | None = None
    if isinstance(raw, datetime):
        instant = Instant(raw, offset_assumed=False) if raw.tzinfo else localize(raw, zone)
    elif isinstance(raw, date):
        instant = localize(datetime(raw.year, raw.month, raw.day), zone)
        flags.append("published-date-only")
    elif isinstance(raw, str):
        instant = parse_iso(raw, zone)
        if instant is None:
            parsed = parse_rfc822(raw)
            instant = Instant(parsed, offset_assumed=False) if parsed else None
        elif _DATE_ONLY.fullmatch(raw.strip()):
            flags.append("published-date-only")
    if instant is None:
        flags.append("published-at-unparseable")
        return None
    # Checked here, not only in build_article: an instant near year 1 or 9999 overflows when shifted.
    if not is_plausible(instant.value):
        flags.append("published-at-implausible")
        return None
    if instant.offset_assumed and publisher is None:
        flags.append("published-zone-unknown")
    return instant
