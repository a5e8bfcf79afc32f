"""Front-matter Markdown from any static-site generator or archiver (seed 004).

Jekyll, Hugo, Hexo, Gatsby and GitHub-Pages mirrors of WeChat and opinion
sites all write the same shape::

    ---                                  YAML front matter (or TOML between +++ lines)
    title: 标题
    date: 2025-02-13 07:56:15            any key spelling of :data:`KEYS`
    from: https://mp.weixin.qq.com/s/…
    tags: [a, b]                         or "a, b"
    ---
    > 原文链接：https://…                optional metadata lines at the top
    > 作者：张三

    # 标题                               a first heading repeating the title
    Markdown body, raw HTML inside it, or a whole WordPress <article> pasted as HTML
    {{< figure src="a.jpg" caption="…" >}}   Hugo shortcodes, Liquid/Hexo tags

The rules, in the order the code applies them:

1. Front matter is found and read by :mod:`._front_matter` (safe YAML with
   budgets, or TOML; keys case-insensitive). Every key is read through
   :data:`KEYS`, the one table of spellings, at the top level and then in the
   tables of :data:`NESTED_TABLES` (Zola's ``[taxonomies]``); theme display keys (``layout``,
   ``widgets``, ``toc`` …) are ignored. Lists or comma-separated strings both
   give tags, categories and authors; a nested list (Hexo's category path
   ``[技术, 博客]``) gives each of its names. A Jekyll post (:func:`_is_jekyll_post`)
   reads a ``tags`` or ``categories`` string without commas as Jekyll does, a
   space-separated list (``categories: news tech``). Without a title key, the body's first
   heading gives the title (archivers and Gatsby sites write it there).
2. Metadata lines at the top of the body (``> 原文链接：…``, ``> 作者：…``,
   ``> 来源：…``, ``Source: …``; quoted or not) are read by
   :data:`METADATA_LABELS`: they fill the url, authors, publisher and date
   when the front matter does not, and are not text. They are read from the
   Markdown lines, before rendering joins a quote's lines into one paragraph.
3. Hugo ``figure`` shortcodes, Hexo/Octopress ``img``/``asset_img`` tags and
   Jekyll themes' figure includes (:data:`INCLUDED_FIGURES`) become HTML figures,
   ``link`` shortcodes links; other shortcodes, Liquid tag lines and Liquid
   ``{{ site.* }}`` outputs are dropped. Emoji shortcodes (``:tada:``) become the
   emoji the generators render (unknown ones stay as written).
4. The body is rendered by comrak (:mod:`._commonmark`) and read by the one
   HTML walker (:mod:`._html_blocks`), which also cuts site chrome and related
   sections and handles literal ``**`` markers.
5. Leading blocks that are metadata lines (an HTML body's ``<blockquote>``),
   headings that repeat the title, and date lines among the first blocks
   are not text; a date line may carry a byline (``February 24, 2026 by Jane
   Doe``), whose names are the authors when the front matter names none.
6. A block whose first line is a disclaimer marker (:data:`DISCLAIMER_MARKERS`)
   is cut with everything after it; the footer's last lone absolute link, or
   else a last paragraph that is one absolute link, is the canonical URL.
7. A body left with nothing, or with links and images only, is ``no-body``.
8. Detection (:func:`sniff`) parses the front matter (conversion reuses that
   parse) and judges its keys: a title whose only company is a page template
   (``layout: default``, :data:`PAGE_LAYOUTS`), with no key of a post (date,
   author, summary, tags, categories, canonical or original URL, image) and no
   date in the file name or permalink, is a site page (a docs index, a digest's
   wrapper), not an article, so another converter or ``unknown-format`` takes
   it. Front matter that cannot be parsed but has a title line is still
   claimed, so that it is rejected as ``bad-front-matter``.

URL: the body's canonical final link first, then ``canonical``-type keys,
then the original article's address (``from``, ``original``, ``source`` …, as
mirrors write it), then ``url``/``link``/``permalink``, then metadata lines;
only an absolute http(s) URL counts (a site-relative permalink names no
site). Relative image and link paths resolve against the page's own address
(final link, canonical or url keys) only: a mirror's paths do not exist on
the original's site, so without an own address they are dropped.

Dates: the first key of ``published`` in :data:`KEYS` holding a date, text or
a Unix epoch number (WeChat archivers' ``publish_time``, an instant in UTC)
(``lastmod`` last; ``published: true`` is a flag); else a ``发布时间：`` line;
else a ``YYYY-MM-DD-`` file name (Jekyll, Hexo) or a ``/YYYY/MM/DD/`` permalink
(Zola's ``path``), as a date only. ISO 8601, RFC 822, the numeric and Chinese
shapes of date lines and English month names (``Jul 08 2022``) are read. A date with an offset keeps it; a WordPress
export's local time with its ``*_gmt`` twin (``created`` and ``created_gmt``)
gets the offset the two differ by. A local time takes the zone of the publisher in
:data:`~._publishers.PUBLISHERS` (found by the URL's domain); for an unknown
publisher UTC is assumed and the record is flagged ``published-zone-unknown``.
A date alone is local midnight, flagged ``published-date-only``. An
unparseable or implausible date is dropped with ``published-at-unparseable``
or ``published-at-implausible``: the text is still worth keeping.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Any

from articlekit.dates import Instant, from_epoch_number, is_plausible, localize, parse_iso, parse_rfc822
from articlekit.errors import ConversionError
from articlekit.schema import Article
from articlekit.text import normalize_inline

from ._chrome import BYLINE
from ._commonmark import render_markdown
from ._front_matter import (
    KEY_VALUE_HEADER,
    as_list,
    find_front_matter,
    load_front_matter,
    read_front_matter,
    scalar_text,
)
from ._html_blocks import RawBlock, RawBody, read_html_blocks
from ._markdown_articles import emojize_shortcodes, find_date
from ._markdown_articles import parse_date as parse_written_date
from ._publishers import UNKNOWN_PUBLISHER_ZONE, Publisher, publisher_of
from ._rss_dates import parse_date_line
from ._site_syntax import fenced_parts, strip_site_syntax
from .base import Draft, Source, absolute_http_url, build_article, strip_paired_tags

FORMAT = "hugo-markdown"
DESCRIPTION = "Markdown with YAML or TOML front matter from any static-site generator or archiver"
"""One line for ``articlekit formats``."""
READS = ("markdown",)
"""The kinds of files it reads."""

KEYS: dict[str, tuple[str, ...]] = {
    # headline: schema.org's name for an article's title, kept as the title key by news and TIL sites
    "title": ("title", "post_title", "headline"),
    "published": (
        "date", "published", "publishdate", "publish_date", "pubdate", "pub_date", "published_at",
        "publishedat", "post_date", "publish_time", "publishtime", "created", "created_at", "createdat", "create_time",
        "lastmod", "updated", "updated_at", "modified",  # Qiita CLI files hold only updated_at
    ),
    "authors": ("authors", "author", "byline", "creator", "writer", "by"),  # by: the Go blog and its translations
    "canonical": ("canonical", "canonicalurl", "canonical_url", "canonicallink"),
    "original": (
        "from", "original", "original_url", "originalurl", "original_link", "origin", "origin_url",
        "source", "source_url", "sourceurl", "source_link", "reprint", "via",
    ),
    "url": ("url", "link", "permalink", "path"),  # Zola writes the permalink as path
    "publisher": ("publisher", "source", "source_name", "site_name", "account", "mp_name", "media"),
    "tags": ("tags", "keywords", "tag", "topics"),  # Zenn writes its tags as topics
    "categories": ("categories", "category"),
    "summary": ("summary", "description", "excerpt", "post_excerpt", "abstract"),
    "language": ("lang", "language", "languagecode", "locale"),
    "images": (
        "thumbnail", "featured_image", "featuredimage", "featured-img", "image", "images", "cover",
        "cover_image", "coverimage", "feature", "banner", "og_image",
    ),
}  # fmt: skip
"""Front-matter key spellings (lower case) for each article field, in order of preference."""

NESTED_TABLES = ("taxonomies", "extra", "params")
"""Tables whose keys a generator reads as the post's own, after the top-level keys.

Zola files tags and categories under ``[taxonomies]`` and a theme's keys (author, image) under
``[extra]``; Hugo themes read ``[params]`` the same way. A key at the top level wins.
"""

METADATA_LABELS: dict[str, tuple[str, ...]] = {
    "url": (
        "原文链接", "原文鏈接", "原文連結", "原文地址", "原文网址", "原文網址", "本文链接", "本文鏈接", "原文", "链接",
        "鏈接", "原链接", "original", "original link", "original url", "source link", "link",
    ),
    "authors": ("作者", "原创作者", "原作者", "文", "撰文", "author", "authors", "by"),
    "published": (
        "发布时间", "發佈時間", "發布時間", "发表时间", "發表時間", "发布日期", "發佈日期", "date", "published",
    ),
    "publisher": (
        "来源", "來源", "公众号", "公眾號", "微信公众号", "出处", "出處", "转自", "轉自", "转载自", "轉載自", "source",
        "from", "via",
    ),
}  # fmt: skip
"""Labels of the metadata lines at the top of a body (``> 作者：张三``), for each field they fill."""

PAGE_LAYOUTS = frozenset(
    (
        "default", "page", "home", "index", "archive", "archives", "list", "docs", "doc", "landing", "about",
        "search", "tags", "categories", "404", "redirect",
    )
)  # fmt: skip
"""``layout`` (Jekyll) or ``type`` (Hugo) values that name a site page's template, not a post's."""

INLINE_TAG_TEXT: dict[str, str] = {
    "button": "second", "btn": "second",  # NexT, Butterfly: {% button url, text[, icon] %}
    "span": "second", "p": "second",  # Butterfly: {% span red, text %}
    "label": "after-at",  # NexT: {% label primary@text %}
    "kbd": "all", "u": "all", "emp": "all", "wavy": "all", "del": "all", "psw": "all", "sup": "all", "sub": "all",
    # Hexo core: {% post_link slug [title] [escape] %} and {% asset_link file [title] [escape] %} show their title.
    "post_link": "title", "asset_link": "title",
}  # fmt: skip
"""Hexo inline tags whose words show text, and which words: the tag's place in the line keeps that text.

A line holding nothing but such a tag keeps its text too.

Any other tag amid a line (``{% post_url … %}``, ``{% link … %}``, ``{% if … %}``) shows nothing and is dropped.
"""

INCLUDED_FIGURES = ("figure", "image")
"""Names of the Jekyll theme includes that show an image (al-folio's ``figure.liquid``, Minimal Mistakes'
``figure``): ``{% include figure… path=… %}`` becomes a figure, any other include shows nothing."""

DISCLAIMER_MARKERS = ("风险提示及免责条款", "免责声明")
"""A block whose first line is one of these starts the disclaimer footer, cut with everything after it.

A bare ``风险提示`` is not a marker: research notes end with a real "risks" section under that name.
"""

_NEWLINES = re.compile(r"\r\n?")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
# A date in a Jekyll post's file name (2019-12-24-title.md) or a permalink (/2019/05/15/title.html).
# Jekyll reads one-digit months and days too (2023-6-4-title.md, as Chirpy sites name posts).
_PATH_DATE = re.compile(r"(?:^|[/\\])((?:19|20)\d{2})[-/](\d{1,2})[-/](\d{1,2})[-/]")
_LIST_SEPARATOR = re.compile(r"\s*[,，、;；]\s*")
_PATH_PARTS = re.compile(r"[/\\]")
# A Jekyll post's file name: Jekyll reads no post without this date prefix (Hexo's default is the bare title).
_JEKYLL_POST_NAME = re.compile(r"^(?:19|20)\d{2}-\d{1,2}-\d{1,2}-[^/\\]+\.(?:md|markdown|mkd|mkdn|mdown|html)$")
# Keys of Hugo (draft, lastmod, aliases) and Hexo (updated) that no Jekyll post needs: their files are not Jekyll's.
_NOT_JEKYLL_KEYS = frozenset(("draft", "lastmod", "aliases", "updated"))
# Keys whose string value Jekyll splits on whitespace; the singular `category` and `tag` stay whole.
_JEKYLL_SPACE_LISTS = frozenset(("tags", "categories"))
_NAME_SEPARATOR = re.compile(r"\s*(?:[、;；/\uff0f&]|\band\b)\s*")  # \uff0f: fullwidth solidus
_LABEL = "|".join(
    re.escape(label) for labels in METADATA_LABELS.values() for label in sorted(labels, key=len, reverse=True)
)
_METADATA_LINE = re.compile(
    rf"^(?:>\s*)*[*_]*\s*({_LABEL})\s*[*_]*\s*[:：丨|]\s*[*_]*\s*(\S.*?)[*_]*\s*$", re.IGNORECASE
)
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_BARE_URL = re.compile(r"https?://[^\s<>\"'）)]+", re.IGNORECASE)
_QUOTE_ONLY = re.compile(r"^>[\s>]*$")
_RULE_LINE = re.compile(r"^(?:[-*_][ \t]*){3,}$")
_ATX_HEADING = re.compile(r"^#{1,6}[ \t]+\S")
_METADATA_LINES_MAX = 8
_DATED_BYLINE_MAX = 160  # longest leading line read as a date and byline; longer ones are text
_DATED_BYLINE_NAMES_MAX = 80
_DATED_BYLINE_PUNCTUATION = " \t·•|,，-–—"  # noqa: RUF001
_LEADING_BLOCKS = 3  # date-only lines and a repeated title are looked for among this many first blocks
# A Hugo shortcode alone on its line, e.g. {{< figure src="a.jpg" caption="..." >}} or {{% /note %}},
# or a Liquid / Hexo tag alone on its line ({% raw %}, {% asset_img a.png 标题 %}).
_SHORTCODE = re.compile(r"\{\{[<%][ \t]*(/?)[ \t]*([\w./-]+)([^\n]*?)[ \t]*[>%]\}\}")
# The tag's words hold no "%}": "{% raw %}text{% endraw %}" on one line is text between two tags, not one tag.
_LIQUID_LINE = re.compile(r"^[ \t]*\{%-?[ \t]*(\w+)((?:[^%\n]|%(?!\}))*?)-?%\}[ \t]*$", re.MULTILINE)
# Liquid's escape: what stands between the markers is text as written, the markers themselves never are.
_LIQUID_RAW = re.compile(r"\{%-?[ \t]*raw[ \t]*-?%\}(.*?)\{%-?[ \t]*endraw[ \t]*-?%\}", re.DOTALL)
_LIQUID_RAW_MARK = re.compile(r"\{%-?[ \t]*(?:end)?raw[ \t]*-?%\}")
_HELD = re.compile("\ue000(\\d+)\ue001")  # a raw region's place while the tags around it are read
# A Liquid / Hexo tag amid a line's text ({% button /url, New project %}, {% kbd Ctrl %}, {% post_url x %}).
_LIQUID_INLINE = re.compile(r"\{%-?[ \t]*(\w+)((?:[^%\n]|%(?!\}))*?)-?%\}")
_TAG_WORDS = re.compile(r"\"[^\"]*\"|'[^']*'|\S+")  # a tag's words, a quoted title as one
_LIQUID_OUTPUT = re.compile(r"\{\{-?[ \t]*(?:site|page)\.[\w.]*[ \t]*(?:\|[^}\n]*)?-?\}\}")
_JEKYLL_OUTPUT = re.compile(r"\{\{-?[^{}\n]*-?\}\}")  # any Liquid output on one line
_SHORTCODE_ARGUMENT = re.compile(r"""(\w+)[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'>%]+))""")
_TITLE_NOISE = re.compile(r"[\s\W_]+")
_SNIFF_CHARS = 4096
# Fields of KEYS whose keys mark a post rather than a site page (a bare title and layout could be either).
_ARTICLE_FIELDS = ("published", "authors", "summary", "tags", "categories", "canonical", "original", "images")
_SNIFF_HEADING = re.compile(r"\s*#[ \t]+\S")
_SNIFF_TITLE = {
    "---": re.compile(r"^(?:(?:post_)?title|headline)[ \t]*:[ \t]*\S", re.MULTILINE | re.IGNORECASE),
    "+++": re.compile(r"^(?:(?:post_)?title|headline)[ \t]*=[ \t]*\S", re.MULTILINE | re.IGNORECASE),
    KEY_VALUE_HEADER: re.compile(r"^(?:(?:post_)?title|headline)[ \t]*:[ \t]*\S", re.MULTILINE | re.IGNORECASE),
}
_MAPPING_LINE = {
    "---": re.compile(r"^[\w\"'.-][^:\n]*:(?:[ \t]|$)", re.MULTILINE),
    "+++": re.compile(r"^(?:[\w\"'.-][^=\n]*=|\[)", re.MULTILINE),
    KEY_VALUE_HEADER: re.compile(r"^[\w-]+[ \t]*:", re.MULTILINE),
}
# Files of the rss-markdown family may carry front matter above their own header.
_RSS_HEADER = re.compile(r"\s*(?:<!--\s*\d+\s*-->|(?:日期\s*[:：][^\n]*\n)?\[[^\n]*\]\([^\n]*\)\n-{3,}[ \t]*\n)")
# A "body" that is itself YAML (a multi-document config file) is no article.
_YAML_LINE = re.compile(r"^[ \t]*(?:-[ \t]|[\w.-]+[ \t]*:(?:[ \t]|$)|#)")


def sniff(source: Source) -> float:
    """Score how likely ``source`` is front-matter Markdown, looking at its first few KB only.

    The front matter is parsed here (once: conversion reuses the parse) and judged on its keys.

    Returns:
        0.95 for front matter with a title (or with an article key of
        :data:`KEYS` and a body opening with a ``#`` heading) and a body after
        it; 0.6 for front matter that cannot be read but looks like an
        article's (a title line), or is no mapping at all (a list, a scalar):
        conversion then reports ``bad-front-matter``, which says more than
        ``unknown-format``; 0.4 for a title without a body; 0.3 for a site page
        (rule 8), a body that starts like an rss-markdown archive or is itself
        YAML, or a mapping with no title; 0 without front matter.
    """
    head = _NEWLINES.sub("\n", source.text[:_SNIFF_CHARS])
    found = find_front_matter(head)
    if found is None:
        return 0.0
    title_line = _SNIFF_TITLE[found.fence].search(found.text) is not None
    if found.body_start is None:
        return 0.6 if title_line else 0.0
    try:
        meta = _with_nested_tables(load_front_matter(found.fence, found.text, source.path))
    except ConversionError:
        if title_line or (found.text.strip() and not _MAPPING_LINE[found.fence].search(found.text)):
            return 0.6  # front matter, but broken: ours to reject with its reason
        return 0.3
    has_title = any(scalar_text(meta.get(key)) for key in KEYS["title"])
    has_article_key = any(key in meta for field in _ARTICLE_FIELDS for key in KEYS[field])
    if not has_title and has_article_key and _SNIFF_HEADING.match(head, found.body_start):
        has_title = True  # the title is the body's first heading, as archivers and Gatsby sites write it
    if not has_title:
        return 0.3  # conversion would fail with no-title: not ours to claim
    if not has_article_key and _is_site_page(meta, source.path):
        return 0.3
    body = head[found.body_start :]
    if _RSS_HEADER.match(body):
        return 0.3
    lines = [line for line in body.split("\n") if line.strip()]
    if not lines:
        return 0.4
    if all(_YAML_LINE.match(line) for line in lines):
        return 0.3
    return 0.95


def _is_site_page(meta: dict[str, Any], path: str) -> bool:
    """Rule 8: a page template (:data:`PAGE_LAYOUTS`) with no date in the file name or permalink."""
    layout = scalar_text(meta.get("layout")) or scalar_text(meta.get("type"))
    if layout is None or layout.casefold() not in PAGE_LAYOUTS:
        return False
    places = [path, *(text for value in _values(meta, "url") if (text := scalar_text(value)))]
    return not any(_PATH_DATE.search(place) for place in places)


def convert(source: Source) -> Iterator[Article]:
    """Convert one front-matter Markdown file into its article.

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
    meta, body_start = _with_nested_tables(found[0]), found[1]
    # A list is no title (which item would it be?); without a title key, the first heading gives it.
    title = next((value for key in KEYS["title"] if (value := scalar_text(meta.get(key)))), None)
    if title is not None and "<" in title:
        # Jekyll themes print a title unescaped (al-folio's "<span style=…>Test Post:</span> …"): a reader sees
        # the words. Only tags the title both opens and closes are read as markup; a lone "<b>" or "Vec<String>"
        # may be the title's own words, as Hugo, which escapes titles, shows them.
        title = normalize_inline(strip_paired_tags(title)) or None
    lines_meta, markdown = _leading_metadata(text[body_start:])
    jekyll = _is_jekyll_post(meta, source.path, text.lstrip("\ufeff \t\n").startswith("+++"))
    markdown = emojize_shortcodes(_expand_shortcodes(strip_site_syntax(markdown), jekyll))
    raw = read_html_blocks(render_markdown(markdown), markdown=True)
    if title is None and not any(key in meta for key in KEYS["title"]):
        title = _heading_title(raw)
    blocks, images, footer_url = _judge_blocks(raw, title or "", lines_meta)
    if blocks and all(block.all_links for block in blocks):
        raise ConversionError("no-body", f"{source.path}: the body holds only links")

    # The page's own address resolves the copy's relative paths; the original's address, where a mirror
    # names one, is the article's canonical url but cannot resolve the mirror's paths.
    own_url = footer_url or _front_matter_url(meta, ("canonical", "url"))
    url = (
        footer_url
        or _front_matter_url(meta, ("canonical", "original", "url"))
        or _first_url(lines_meta.get("url", []))
        or _first_url(lines_meta.get("publisher", []))  # 来源：<the original's address>
    )
    images = [(absolute_http_url(image, own_url), caption) for image, caption in images]
    links = [
        (absolute, label)
        for href, label in (link for block in blocks for link in block.links)
        if (absolute := absolute_http_url(href, own_url))
    ]
    publisher = publisher_of(url)
    flags: list[str] = []
    front_images: list[tuple[str | None, str | None]] = [(image, None) for image in _front_matter_images(meta)]
    draft = Draft(
        format=FORMAT,
        title=title or "",
        blocks=[(block.kind, block.text) for block in blocks],
        url=url,
        source_name=_publisher_name(meta, lines_meta) or (publisher.name if publisher else None),
        published=_published(meta, lines_meta, source.path, publisher, flags),
        authors=_author_names(meta) or _split_names(lines_meta.get("authors", [])),
        summary=_first_text(meta, "summary"),
        categories=_texts(meta, "categories", jekyll),
        tags=_texts(meta, "tags", jekyll),
        images=_merge_images(front_images + images),
        links=links,
        flags=flags,
        declared_language=_first_text(meta, "language"),
    )
    yield build_article(draft, source)


# --- body ---------------------------------------------------------------------------------------


def _leading_metadata(markdown: str) -> tuple[dict[str, list[str]], str]:
    """Take the metadata lines (``> 作者：张三``) off the top of a Markdown body.

    The lines are read before rendering, where each is still a line (rendered,
    a quote's lines would run together). A first ``#`` heading and ``---`` rules
    among them are passed over and kept.

    Returns:
        The values found under each field of :data:`METADATA_LABELS`, and the body without those lines.
    """
    found: dict[str, list[str]] = {}
    taken: list[tuple[int, int]] = []
    position = 0
    headings = 0
    while position < len(markdown) and len(taken) < _METADATA_LINES_MAX:
        end = markdown.find("\n", position)
        end = len(markdown) if end < 0 else end
        line = markdown[position:end].strip()
        if line and not _QUOTE_ONLY.match(line) and not _RULE_LINE.match(line):
            match = _METADATA_LINE.match(line)
            if match is not None:
                found.setdefault(_label_field(match.group(1)), []).append(match.group(2))
                taken.append((position, end + 1))
            elif _ATX_HEADING.match(line) and headings == 0 and not taken:
                headings += 1
            else:
                break
        position = end + 1
    if not taken:
        return found, markdown
    parts, start = [], 0
    for line_start, line_end in taken:
        parts.append(markdown[start:line_start])
        start = line_end
    parts.append(markdown[start:])
    return found, "".join(parts)


def _heading_title(raw: RawBody) -> str | None:
    """The text of a heading among the first blocks, for front matter without a title key (Gatsby, archivers)."""
    for block in raw.blocks[:_LEADING_BLOCKS]:
        if block.kind == "heading":
            return normalize_inline(block.text) or None
    return None


def _label_field(label: str) -> str:
    folded = label.casefold()
    return next(field for field, labels in METADATA_LABELS.items() if folded in (item.casefold() for item in labels))


def _first_url(values: list[str]) -> str | None:
    """The first absolute URL in metadata values: a Markdown link's target, ``<url>`` or a bare URL."""
    for value in values:
        for match in _MARKDOWN_LINK.finditer(value):
            if url := absolute_http_url(match.group(2)):
                return url
        bare = _BARE_URL.search(value)
        if bare and (url := absolute_http_url(bare.group().rstrip(".,;。，；"))):
            return url
    return None


def _plain_value(value: str) -> str:
    """A metadata value as text: Markdown links as their label, no URLs."""
    value = _MARKDOWN_LINK.sub(lambda match: match.group(1), value)
    return _BARE_URL.sub("", value).strip(" *_")


def _split_names(values: list[str]) -> list[str]:
    """Names of a metadata line: split on 、 ; / & only (a comma often precedes an affiliation).

    A part that carries its own label (``陈天 / 后期编辑：张汉东``) names someone else's role and is left out.
    """
    names = (name.strip() for value in values for name in _NAME_SEPARATOR.split(_plain_value(value)))
    return [name for name in names if name and ":" not in name and "：" not in name]


def _expand_shortcodes(markdown: str, jekyll: bool = False) -> str:
    """Hugo ``figure`` shortcodes and Hexo image tags as HTML figures; other tag lines dropped.

    Text between Liquid's ``{% raw %}`` and ``{% endraw %}`` is kept as written, and so are Liquid tags
    and outputs in fenced code, as Hexo shows them, except in a Jekyll post, whose code Liquid runs over. In a
    Jekyll post
    (``jekyll``) every ``{{ … }}`` outside that is a Liquid output, which the page never shows as
    written (``{{ fig_img | markdownify }}`` after a ``{% capture %}``): it goes, as ``{{ site.* }}``
    outputs go everywhere.
    """
    held: list[str] = []
    if "{%" in markdown and "raw" in markdown:

        def hold(match: re.Match[str]) -> str:
            held.append(match.group(1))
            return f"\ue000{len(held) - 1}\ue001"

        markdown = _LIQUID_RAW_MARK.sub("", _LIQUID_RAW.sub(hold, markdown))
    if "{{" in markdown:
        markdown = _SHORTCODE.sub(_hugo_shortcode, markdown)
    if "{%" in markdown or "{{" in markdown:
        if jekyll:  # Jekyll runs Liquid over fenced code too
            markdown = _expand_liquid(markdown, jekyll)
        else:  # Hexo shows fenced code as written, tags and all (a post documenting its tag plugins)
            markdown = "".join(text if code else _expand_liquid(text, jekyll) for code, text in fenced_parts(markdown))
    if held:
        # A number past the list is the source's own text (private-use characters), left as it is.
        markdown = _HELD.sub(
            lambda found: held[n] if (n := int(found.group(1))) < len(held) else found.group(0), markdown
        )
    return markdown


def _expand_liquid(markdown: str, jekyll: bool) -> str:
    """Liquid and Hexo tags as figures, fences or their text; outputs dropped (see :func:`_expand_shortcodes`)."""
    if "{%" in markdown:
        markdown = _LIQUID_LINE.sub(_liquid_tag, markdown)
    if "{%" in markdown:
        markdown = _LIQUID_INLINE.sub(_inline_liquid_tag, markdown)
    if "{{" in markdown:  # {{ site.url }}, {{ site.baseurl }}: the site's own address, unknown here
        markdown = (_JEKYLL_OUTPUT if jekyll else _LIQUID_OUTPUT).sub("", markdown)
    return markdown


def _figure_html(source: str, caption: str) -> str:
    if not source and not caption:
        return ""
    image = f'<img src="{html.escape(source)}" alt="">' if source else ""
    label = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f"<figure>{image}{label}</figure>"


def _hugo_shortcode(match: re.Match[str]) -> str:
    """``figure`` as a figure, ``link`` (FixIt, LoveIt) as a link; others vanish, their inner text kept."""
    closing, name, arguments = match.group(1), match.group(2).lower(), match.group(3)
    if closing:
        return ""
    values = {
        found.group(1).lower(): found.group(2) or found.group(3) or found.group(4) or ""
        for found in _SHORTCODE_ARGUMENT.finditer(arguments)
    }
    if name == "figure":
        caption = values.get("caption") or values.get("alt") or values.get("title") or ""
        return _figure_html(values.get("src", ""), caption)
    if name == "link" and (href := values.get("href") or values.get("url")):
        label = values.get("content") or values.get("title") or href
        return f'<a href="{html.escape(href)}">{html.escape(label)}</a>'
    return ""


def _liquid_tag(match: re.Match[str]) -> str:
    """Image tags as figures, code tags as fences; other tag lines dropped.

    ``{% img [class] url [w h] [title] %}`` and ``{% asset_img file [title] %}`` are figures;
    Jekyll's ``{% highlight ruby %}`` and Hexo's ``{% codeblock [title] [lang:ruby] %}`` open a
    fenced code block and their ``end`` tags close it, so the code keeps its lines.
    """
    name, words = match.group(1).lower(), match.group(2).split()
    if name in INLINE_TAG_TEXT:  # a text-showing tag alone on its line still shows its text
        return _inline_liquid_tag(match)
    if name == "include":
        return _included_figure(match.group(2))
    if name == "highlight":
        return "```" + (words[0] if words and words[0].isidentifier() else "")
    if name == "codeblock":
        language = next((word[5:] for word in words if word.startswith("lang:")), "")
        return "```" + (language if language.isidentifier() else "")
    if name in ("endhighlight", "endcodeblock"):
        return "```"
    if name == "img":
        words = [word for word in words if not word.isdigit()]
        source = next((word for word in words if "/" in word or "." in word), "")
        caption = " ".join(words[words.index(source) + 1 :]) if source else ""
        return _figure_html(source, caption.strip("\"'"))
    if name == "asset_img" and words:
        return _figure_html(words[0], " ".join(words[1:]).strip("\"'"))
    return ""


def _included_figure(arguments: str, inline: bool = False) -> str:
    """A Jekyll theme's figure include as a figure; any other include shows nothing here.

    al-folio writes ``{% include figure.liquid path="assets/img/a.jpg" title="…" %}``, Minimal Mistakes
    ``{% include figure image_path="/assets/a.jpg" alt="…" caption="…" %}``.
    """
    words = arguments.split(None, 1)
    if not words or not words[0].lower().startswith(INCLUDED_FIGURES):
        return ""
    values = {
        found.group(1).lower(): found.group(2) or found.group(3) or found.group(4) or ""
        for found in _SHORTCODE_ARGUMENT.finditer(words[1] if len(words) > 1 else "")
    }
    source = next((values[key] for key in ("path", "image_path", "src", "url") if values.get(key)), "")
    if source and not re.match(r"(?:[a-z][a-z0-9+.-]*:|/)", source, re.IGNORECASE):
        source = "/" + source  # both themes pass the path through relative_url: it is site-root-relative
    caption = next((values[key] for key in ("caption", "alt", "title") if values.get(key)), "")
    if inline:  # amid a line's text a figure would split the paragraph; the image stands where it was
        return f'<img src="{html.escape(source)}" alt="{html.escape(caption)}">' if source else ""
    return _figure_html(source, caption)


def _inline_liquid_tag(match: re.Match[str]) -> str:
    """The text an inline tag shows (:data:`INLINE_TAG_TEXT`), a figure include's figure, or nothing."""
    if match.group(1).lower() == "include":
        return _included_figure(match.group(2), inline=True)
    rule, words = INLINE_TAG_TEXT.get(match.group(1).lower()), match.group(2).strip()
    if rule == "second":
        parts = [part.strip() for part in words.split(",")]
        return parts[1] if len(parts) > 1 else ""
    if rule == "after-at":
        return words.partition("@")[2].strip()
    if rule == "title":  # the words after the slug, without quotes or the escape flag
        title = _TAG_WORDS.findall(words)[1:]
        if title and title[-1].lower() in ("true", "false"):
            title.pop()
        return " ".join(word.strip("\"'") for word in title)
    return words if rule == "all" else ""


def _judge_blocks(
    raw: RawBody, title: str, lines_meta: dict[str, list[str]]
) -> tuple[list[RawBlock], list[tuple[str | None, str | None]], str | None]:
    """Apply rules 5 and 6: leading metadata, repeated title, date lines, disclaimer footer, final link.

    Returns:
        The blocks to keep, the images before the footer, and the canonical URL the footer names.
    """
    blocks = raw.blocks
    keep = [True] * len(blocks)
    title_key = _TITLE_NOISE.sub("", normalize_inline(title)).casefold()
    index = 0
    while index < len(blocks) and index < _LEADING_BLOCKS + 2:
        block = blocks[index]
        flat = normalize_inline(block.text)
        repeats_title = title_key and _TITLE_NOISE.sub("", flat).casefold() == title_key
        # The title once more, as the page showed it (a scraped WeChat page shows it twice, its cover between),
        # metadata lines, or a date line.
        if not (
            (block.kind == "heading" and repeats_title)
            or _metadata_block(block, lines_meta)
            or (block.kind == "paragraph" and isinstance(parse_date_line(flat, "UTC"), Instant))
            or (block.kind == "paragraph" and _dated_byline(flat, lines_meta))
        ):
            break
        keep[index] = False
        index += 1
    cut = next((index for index, block in enumerate(blocks) if _is_disclaimer(block)), len(blocks))
    footer_url = None
    for block in reversed(blocks[cut:]):
        if block.kind == "paragraph" and (footer_url := absolute_http_url(_lone_link(block))):
            break
    kept = [block for index, block in enumerate(blocks[:cut]) if keep[index]]
    if footer_url is None and kept and kept[-1].kind == "paragraph":
        footer_url = absolute_http_url(_lone_link(kept[-1]))
        if footer_url:
            kept.pop()
    images = [image for image, before in zip(raw.images, raw.image_blocks, strict=True) if before <= cut]
    return kept, images, footer_url


def _dated_byline(text: str, found: dict[str, list[str]]) -> bool:
    """Whether a leading line is a written date, alone or with a byline (``February 24, 2026 by Jane Doe``).

    Blog themes print the post's date and author above its text; the byline's names are recorded
    in ``found`` as a metadata line's would be (the front matter's authors, if any, win).
    """
    if len(text) > _DATED_BYLINE_MAX:
        return False
    date = find_date(text)
    if date is None or text[: date.start()].strip(_DATED_BYLINE_PUNCTUATION):
        return False
    rest = text[date.end() :].strip(_DATED_BYLINE_PUNCTUATION)
    if not rest:
        return True
    byline = BYLINE.match(rest)
    if byline is None or len(byline["names"]) > _DATED_BYLINE_NAMES_MAX:
        return False
    found.setdefault("authors", []).append(byline["names"])
    return True


def _metadata_block(block: RawBlock, found: dict[str, list[str]]) -> bool:
    """Whether a leading block is made of metadata lines only (an HTML body's quote); records their values."""
    if block.kind not in ("quote", "paragraph"):
        return False
    lines = [line.strip() for line in block.text.split("\n") if line.strip()]
    matches = [_METADATA_LINE.match(line) for line in lines]
    if not lines or len(lines) > _METADATA_LINES_MAX or not all(matches):
        return False
    links = iter(block.links)
    for match in matches:
        assert match is not None
        field = _label_field(match.group(1))
        value = match.group(2)
        if field == "url" and not _BARE_URL.search(value):
            value = next((href for href, _ in links), value)
        found.setdefault(field, []).append(value)
    return True


def _lone_link(block: RawBlock) -> str | None:
    """The target when the block is nothing but one link."""
    if block.all_links and len(block.links) == 1 and block.links[0][1].strip() == block.text.strip():
        return block.links[0][0]
    return None


def _is_disclaimer(block: RawBlock) -> bool:
    # The common case, without normalising every block's first line: no marker's first character at all
    # (the whole marker could be split by an invisible character that normalising drops).
    if not any(marker[0] in block.text for marker in DISCLAIMER_MARKERS):
        return False
    first_line = normalize_inline(block.text.split("\n", 1)[0]).strip(" :\uff1a*#")  # \uff1a: fullwidth colon
    return any(first_line.startswith(marker) for marker in DISCLAIMER_MARKERS)


def _merge_images(images: list[tuple[str | None, str | None]]) -> list[tuple[str | None, str | None]]:
    """Keep each image URL once (a thumbnail is often also the first body image), with the first caption."""
    merged: dict[str, tuple[str | None, str | None]] = {}
    for position, (url, caption) in enumerate(images):
        key = url if url is not None else f"\x00{position}"
        known = merged.get(key)
        if known is None or (known[1] is None and caption):
            merged[key] = (url, caption)
    return list(merged.values())


# --- front matter -------------------------------------------------------------------------------


def _with_nested_tables(meta: dict[str, Any]) -> dict[str, Any]:
    """The front matter with the keys of its :data:`NESTED_TABLES` added where the top level lacks them."""
    if not any(isinstance(meta.get(table), dict) for table in NESTED_TABLES):
        return meta
    merged = dict(meta)
    for table in NESTED_TABLES:
        nested = meta.get(table)
        if isinstance(nested, dict):
            for key, value in nested.items():
                if isinstance(key, str):
                    merged.setdefault(key.lower(), value)
    return merged


def _values(meta: dict[str, Any], field: str) -> Iterator[Any]:
    for key in KEYS[field]:
        yield from as_list(meta.get(key))


def _first_text(meta: dict[str, Any], field: str) -> str | None:
    return next((text for value in _values(meta, field) if (text := scalar_text(value))), None)


def _flat_items(value: object) -> Iterator[Any]:
    """A list's items, a nested list's items in its place: Hexo writes a category path as ``[技术, 博客]``."""
    for item in as_list(value):
        if isinstance(item, list):
            yield from item
        else:
            yield item


def _texts(meta: dict[str, Any], field: str, jekyll: bool = False) -> list[str]:
    """Strings under the first key of ``field`` present; a comma-separated string is a list.

    In a Jekyll post a ``tags`` or ``categories`` string without commas is a space-separated list, as Jekyll
    reads it (``categories: news tech`` files the post under two categories).
    """
    for key in KEYS[field]:
        items = [text for value in _flat_items(meta.get(key)) if (text := scalar_text(value))]
        if len(items) == 1 and isinstance(meta.get(key), str):
            items = [item for item in _LIST_SEPARATOR.split(items[0]) if item]
            if jekyll and len(items) == 1 and key in _JEKYLL_SPACE_LISTS:
                items = items[0].split()
        if items:
            return items
    return []


def _is_jekyll_post(meta: dict[str, Any], path: str, toml: bool) -> bool:
    """Whether the file is clearly a Jekyll post, whose list strings Jekyll splits on spaces.

    Jekyll reads a post only from a ``YYYY-MM-DD-title`` file with YAML front matter. Hexo, Hugo and
    Docusaurus accept such names too, so the name alone is not enough: the post must also sit in a
    ``_posts`` folder that is not Hexo's ``source/_posts``, or carry Jekyll's ``layout`` key, and hold
    none of the keys that only Hugo or Hexo posts carry.
    """
    parts = [part for part in _PATH_PARTS.split(path) if part]
    if toml or not parts or not _JEKYLL_POST_NAME.search(parts[-1]) or not _NOT_JEKYLL_KEYS.isdisjoint(meta):
        return False
    in_posts = any(part == "_posts" and parts[:index][-1:] != ["source"] for index, part in enumerate(parts[:-1]))
    return in_posts or "layout" in meta


def _author_names(meta: dict[str, Any]) -> list[str]:
    """Authors as strings, comma-separated strings, lists, or mappings with a ``name`` (as themes write them)."""
    names: list[str] = []
    for key in KEYS["authors"]:
        value = meta.get(key)
        for item in as_list(value):
            if isinstance(item, dict):  # {name: …} in themes, {display_name: …, login: …} in WordPress exports
                item = item.get("name") or item.get("display_name")
            text = scalar_text(item)
            if text:
                names.extend(_LIST_SEPARATOR.split(text) if isinstance(value, str) else [text])
        if names:
            return names
    return names


def _front_matter_images(meta: dict[str, Any]) -> list[str]:
    urls: list[str] = []
    for item in _values(meta, "images"):
        if isinstance(item, dict):  # e.g. PaperMod's cover: {image: ..., alt: ...}
            item = item.get("image") or item.get("src") or item.get("url")
        if isinstance(item, str) and item.strip():
            urls.append(item.strip())
    return urls


def _front_matter_url(meta: dict[str, Any], fields: tuple[str, ...]) -> str | None:
    """The first absolute URL under the keys of ``fields`` (of :data:`KEYS`), in that order."""
    for field in fields:
        for value in _values(meta, field):
            url = absolute_http_url(scalar_text(value))
            if url:
                return url
    return None


def _publisher_name(meta: dict[str, Any], lines_meta: dict[str, list[str]]) -> str | None:
    """A publisher named in words (``source: 新华社``), never a URL."""
    candidates = [scalar_text(value) for value in _values(meta, "publisher")]
    candidates.extend(_plain_value(value) for value in lines_meta.get("publisher", []))
    return next((name for name in candidates if name and not _BARE_URL.search(name) and len(name) <= 60), None)


def _is_date_value(value: object) -> bool:
    """Whether a front-matter value can be a date (``published: true`` is a flag, not a date)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, date | int | float) or (isinstance(value, str) and bool(value.strip()))


def _local_with_gmt_offset(local: object, gmt: object) -> Instant | None:
    """A WordPress export's local time with the offset its ``*_gmt`` twin tells (``date`` and ``date_gmt``)."""
    if not isinstance(gmt, datetime | str) or not isinstance(local, datetime | str):
        return None
    local_time = local if isinstance(local, datetime) else parse_iso(local, "UTC") or parse_date_line(local, "UTC")
    gmt_time = gmt if isinstance(gmt, datetime) else parse_iso(gmt, "UTC") or parse_date_line(gmt, "UTC")
    if isinstance(local_time, Instant):
        local_time = local_time.value if local_time.offset_assumed else None
    if isinstance(gmt_time, Instant):
        gmt_time = gmt_time.value if gmt_time.offset_assumed else None
    if not isinstance(local_time, datetime) or not isinstance(gmt_time, datetime):
        return None  # unreadable, or an impossible date
    if local_time.utcoffset() or gmt_time.utcoffset():
        return None
    offset = local_time.replace(tzinfo=None) - gmt_time.replace(tzinfo=None)
    if abs(offset) > timedelta(hours=14) or offset % timedelta(minutes=15):
        return None
    aware = local_time.replace(tzinfo=timezone(offset))
    return Instant(aware, offset_assumed=False) if is_plausible(aware) else None


def _month_name_date(raw: str, zone: str, flags: list[str]) -> Instant | None:
    """A date written with an English month name, a local time in ``zone``.

    Astro's blog template writes ``pubDate: 'Jul 08 2022'``; others ``July 8, 2022 10:30``.
    Appends ``published-date-only`` for a date without a clock.
    """
    dated = parse_written_date(raw, None)
    if dated.instant is None:
        return None
    if "published-date-only" in dated.flags:
        flags.append("published-date-only")
    if not dated.instant.offset_assumed:
        return dated.instant
    return localize(dated.instant.value.replace(tzinfo=None), zone)


def _published(
    meta: dict[str, Any], lines_meta: dict[str, list[str]], path: str, publisher: Publisher | None, flags: list[str]
) -> Instant | None:
    """The publication instant from the first date key, a ``发布时间：`` line, or a Jekyll file name; appends flags."""
    key, raw = next(((key, value) for key in KEYS["published"] if _is_date_value(value := meta.get(key))), (None, None))
    if key is not None and (from_gmt := _local_with_gmt_offset(raw, meta.get(key + "_gmt"))) is not None:
        return from_gmt
    if raw is None and lines_meta.get("published"):
        raw = _plain_value(lines_meta["published"][0])
    if raw is None:
        places = [path, *(text for value in _values(meta, "url") if (text := scalar_text(value)))]
        named = next((found for place in places if (found := _PATH_DATE.search(place))), None)
        if named is None:
            return None
        year, month, day = named.groups()
        raw = f"{year}-{int(month):02d}-{int(day):02d}"
    zone = publisher.zone if publisher else UNKNOWN_PUBLISHER_ZONE
    instant: Instant | None = None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        moment = from_epoch_number(raw)  # WeChat archivers' publish_time: an instant, no zone to guess
        instant = Instant(moment, offset_assumed=False) if moment else None
    elif isinstance(raw, datetime):
        instant = Instant(raw, offset_assumed=False) if raw.tzinfo else localize(raw, zone)
    elif isinstance(raw, date):
        instant = localize(datetime(raw.year, raw.month, raw.day), zone)
        flags.append("published-date-only")
    elif isinstance(raw, str):
        instant = parse_iso(raw, zone)
        if instant is None:
            parsed = parse_rfc822(raw)
            instant = Instant(parsed, offset_assumed=False) if parsed else None
        if instant is None:
            line = parse_date_line(raw, zone)  # 2019/05/10 10:00, 2019年5月10日 10:00 …
            instant = line if isinstance(line, Instant) else None
            if instant is None:
                instant = _month_name_date(raw, zone, flags)
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
