"""What the Markdown article families share: metadata lines, dates, navigation links, wiki markup, sections.

``markdown-digest`` (many articles in one file) and ``markdown-page`` (one
article page) both render Markdown with :func:`._commonmark.render_markdown`,
cut the rendered HTML into top-level :class:`Node` objects at headings and
rules, and read each article's body with the one block walker
(:func:`._html_blocks.read_html_blocks`). The walker's blocks carry no heading
level and no trace of ``<hr>``, which is what tells articles apart, so the
cutting happens here, on the rendered HTML's top level, before the walk.

Metadata lines are ``label: value`` lines (half- or full-width colon, any
leading emoji or bullet) whose label is in :data:`METADATA_LABELS`, one table
for both families; several may share a line, split at ``|``, ``｜`` or ``·``.
Written one under the other, they are one Markdown paragraph:
:func:`prepare_markdown` parts them from the text lines they open or close.
A source value that ends with its date (``新智元，2026年1月26日``) gives the time too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

import emoji
from dateutil import parser as date_parser
from lxml import etree

from articlekit.dates import Instant, localize, parse_rfc822
from articlekit.text import normalize_inline

from ._commonmark import render_markdown
from ._html_blocks import RawBlock
from ._publishers import UNKNOWN_PUBLISHER_ZONE, publisher_of
from ._site_syntax import strip_site_syntax
from .base import Draft, absolute_http_url

# Lower-case label -> field. The table a newcomer edits to add a spelling.
METADATA_LABELS: dict[str, str] = {
    **dict.fromkeys(
        ("来源", "來源", "出处", "出處", "媒体", "媒體", "source", "from", "via", "publisher", "outlet", "信息来源",
         "新闻来源", "新聞來源"),
        "source",
    ),
    **dict.fromkeys(
        ("时间", "時間", "日期", "发布时间", "發布時間", "發佈時間", "发布日期", "發布日期", "发表时间", "發表時間",
         "发布于", "發布於", "更新时间", "time", "date", "published", "published at", "published on", "pub date",
         "pubdate", "posted", "posted on", "datetime"),
        "time",
    ),
    **dict.fromkeys(
        ("分类", "分類", "类别", "類別", "栏目", "欄目", "板块", "版块", "category", "categories", "section", "topic"),
        "category",
    ),
    **dict.fromkeys(("标签", "標籤", "关键词", "關鍵詞", "关键字", "tags", "tag", "keywords"), "tags"),
    **dict.fromkeys(("语言", "語言", "language", "lang"), "language"),
    **dict.fromkeys(
        ("原文", "原文链接", "原文鏈接", "原文連結", "原文地址", "原始链接", "链接", "鏈接", "連結", "网址", "網址",
         "文章链接", "文章網址", "url", "link", "original", "original url", "original link", "source url",
         "source link", "canonical"),
        "url",
    ),
    **dict.fromkeys(
        ("本文链接", "本文鏈接", "本文連結", "本文地址", "本文永久链接", "本文永久鏈接", "永久链接", "永久鏈接",
         "译文链接", "譯文鏈接", "译文地址", "譯文地址", "permalink"),
        "permalink",
    ),
    **dict.fromkeys(
        ("作者", "记者", "記者", "撰文", "原文作者", "原作者", "author", "authors", "by", "byline", "writer",
         "original author"),
        "author",
    ),
    **dict.fromkeys(
        ("译者", "譯者", "翻译", "翻譯", "校对", "校對", "校对者", "校對者", "审校", "審校", "编辑", "編輯", "责任编辑",
         "責任編輯", "译文出自", "譯文出自", "translator", "translated by", "proofreader", "editor"),
        "contributor",
    ),
    **dict.fromkeys(
        ("原文标题", "原文標題", "原标题", "原標題", "英文标题", "英文標題", "original title"), "original_title"
    ),
}  # fmt: skip
"""Metadata line labels (lower case, without the colon) and the field each fills.

``url`` is where the article came from (for a translation, the original); ``permalink`` is
this text's own address and wins over it. ``contributor`` lines (translators, proofreaders,
editors) are metadata that fills nothing: an author is who wrote the article. ``original_title``
lines (a translated item's title as the original wrote it) fill nothing either: the record's title
is the one the text is written under.
"""

HEADER_KNOWN_LINES = 2
"""Known metadata lines a header block needs before lines with labels of its own count as header too."""

READ_MORE_LABELS = frozenset(
    (
        "阅读全文", "閱讀全文", "阅读原文", "閱讀原文", "查看原文", "原文链接", "原文連結", "查看全文", "全文", "详情",
        "詳情", "查看详情", "点击查看", "read more", "read full article", "read the full article", "full article",
        "continue reading", "read article", "read the article", "original article", "source", "link", "more",
        "view article", "read on", "read full story",
    )
)  # fmt: skip
"""Texts of a link that stands alone for the article's address (``[阅读全文](url)``), lower case."""

NAVIGATION_WORDS = (
    "返回", "首页", "首頁", "目录", "目錄", "索引", "上一篇", "下一篇", "上一页", "下一頁", "下一页", "上一頁",
    "上一章", "下一章", "回到顶部", "回到頂部", "back", "home", "index", "previous", "next", "prev", "top", "contents",
    "table of contents", "up",
)  # fmt: skip
"""Words of navigation links (back to an index, previous/next page) that are never article text."""

_LABEL_LINE = re.compile(r"^[^\w]*?(?P<label>[^\W\d_][\w .]{0,20}?)\s*[:：]\s*(?P<value>.*)$")
_PAIR_SEPARATOR = re.compile(r"\s+[|｜·•]\s+|\s{3,}")
_LEADING_SYMBOLS = re.compile(r"^[^\w]+")
_TRAILING_SYMBOLS = re.compile(r"[^\w)）]+$")
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'）)]+")
_WIKI_LINK = re.compile(r"\[\[(?:[a-z]{2,3}(?:-[A-Za-z]{2,4})?:)?([^\[\]|\n]{1,200}?)(?:\|([^\[\]\n]{1,200}?))?\]\]")
_SHORTCODE = re.compile(r":[a-z0-9_+-]{1,40}:")
_NAME_SEPARATOR = re.compile(r"\s*(?:[、,，;；/／&]|\band\b|\bund\b)\s*")  # noqa: RUF001
_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# A raw Markdown line that looks like "label: value" (any emphasis or bullet around the label); its label is looked up.
_RAW_LABEL = re.compile(r"[^\w\n]{0,12}(?P<label>[^\W\d_][\w .]{0,20}?)[^\w\n]{0,4}[:：]\s*\S")
_QUOTE_PREFIX = re.compile(r"(?: {0,3}>[ \t]?)*")
_FENCE_LINE = re.compile(r" {0,3}(?:```|~~~)")
# Lines that are no paragraph text: headings, list items, tables, raw HTML, rules, setext underlines, indented code.
_NOT_PARAGRAPH_LINE = re.compile(
    r"\s*$| {0,3}(?:#{1,6}(?:[ \t]|$)|[-*+][ \t]|\d{1,9}[.)][ \t]|[|<]|(?:[-=*_][ \t]*){3,}$)|\t| {4}"
)
_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
# After the name of a source, the date it was published: "新智元，2026年1月26日 北京", "Reuters, 2024-05-01".
_SOURCE_DATE_SEPARATOR = re.compile(r"(?:[，,、·|/]|\s-)\s*$")
_SOURCE_DATE_LEFTOVER = 10
_NOT_LETTERS = re.compile(r"[\W_]+")

# Where a date sits in a line: numeric, Chinese, English month names, RFC 822.
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:\s*[ap]\.?m\.?)?"
_ZONE = r"(?:\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2})(?![\w]))?"
_DATE_IN_TEXT = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?\d{1,2}\s+" + _MONTHS + r",?\s+\d{4}(?:,?\s+(?:at\s+)?"
    + _CLOCK + r")?" + _ZONE
    + r"|" + _MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}(?:,?\s+(?:at\s+)?" + _CLOCK + r")?" + _ZONE
    + r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:(?:t|\s+|\s*,\s*)" + _CLOCK + r")?" + _ZONE
    + r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*(?:[(（]?(?:星期|週|周)[一二三四五六日天][)）]?)?\s*"
    r"\d{1,2}\s*[:：时時]\s*\d{2}(?:\s*[:：分]\s*\d{2})?)?",
    re.IGNORECASE,
)  # fmt: skip
_CHINESE_DATE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\D*?(\d{1,2})\s*[:：时時]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?)?"
)
_HAS_CLOCK = re.compile(r"\d{1,2}\s*[:：时時]\s*\d{2}")


def prepare_markdown(text: str, own_labels: bool = False) -> str:
    """Turn wiki-style links into their text and emoji shortcodes into emoji, before rendering.

    ``[[zh:人工智能]]`` becomes ``人工智能``; ``[[Page|label]]`` becomes ``label``;
    ``:smile:`` becomes 😄 (shortcodes the ``emoji`` library does not know stay as written);
    generator syntax (MDX statements, ``:::`` fences, TOC markers, kramdown attribute lists) goes
    (:func:`._site_syntax.strip_site_syntax`).

    With ``own_labels`` (an article page, whose header may carry an archive's own labels), ``label: value``
    lines right after :data:`HEADER_KNOWN_LINES` metadata lines stay with them (see :func:`header_pairs`).
    """
    text = strip_site_syntax(text)
    text = _WIKI_LINK.sub(lambda match: match.group(2) or match.group(1), text)
    return _separate_metadata_lines(emojize_shortcodes(text), own_labels)


def emojize_shortcodes(text: str) -> str:
    """Emoji shortcodes (``:tada:``) as the emoji GitHub, Hugo, Jekyll and MkDocs render; unknown ones stay."""
    if _SHORTCODE.search(text):
        return emoji.emojize(text, language="alias")
    return text


def is_metadata_line(line: str) -> bool:
    """Whether a raw Markdown line is a metadata line: a ``label: value`` line whose label is in the table."""
    if ":" not in line and "：" not in line:
        return False
    match = _RAW_LABEL.match(line)
    return match is not None and match["label"].strip().lower() in METADATA_LABELS


def _separate_metadata_lines(text: str, own_labels: bool = False) -> str:
    """Keep metadata lines apart from the text lines they share a paragraph with.

    Lines written one under the other (``**来源**: X`` / ``**摘要**: …`` / ``**原文**: [link](…)``)
    are one paragraph in Markdown, whose soft line breaks the walker reads as spaces: the
    metadata would swallow the text after it. In a paragraph (inside block quotes too) that
    opens or ends with metadata lines, those lines are joined by hard line breaks (one
    block, one line each) and a paragraph break parts them from the other lines. A
    metadata-looking line amid text (``Language: Python`` between a description and its
    star count) stays text. Code blocks, lists, tables and setext headings are left as they are.
    """
    if ":" not in text and "：" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    run: list[tuple[str, str, bool]] = []  # (quote prefix, line, is metadata) of the paragraph being read
    fence = False

    def flush(following: str | None) -> None:
        setext = following is not None and bool(_SETEXT_UNDERLINE.match(following[len(run[-1][0]) :]))
        metas = [meta for _, _, meta in run]
        lead = metas.index(False) if False in metas else len(metas)
        if own_labels and lead >= HEADER_KNOWN_LINES:
            # The archive's own labels after known ones (翻译模型：…) belong to the same header.
            while lead < len(run) and _RAW_LABEL.match(run[lead][1][len(run[lead][0]) :]):
                metas[lead] = True
                lead += 1
        trail = metas[::-1].index(False) if False in metas else len(metas)
        if len(run) < 2 or setext or not (lead or trail):
            out.extend(line for _, line, _ in run)
        else:
            kinds = [index < lead or index >= len(run) - trail for index in range(len(run))]
            for index, (prefix, line, _) in enumerate(run):
                if index and kinds[index] != kinds[index - 1]:
                    out.append(prefix.rstrip())
                elif index and kinds[index]:
                    out[-1] = out[-1].rstrip() + "  "
                out.append(line)
        run.clear()

    for line in lines:
        prefix = _QUOTE_PREFIX.match(line)[0]  # type: ignore[index]
        content = line[len(prefix) :]
        if _FENCE_LINE.match(content):
            fence = not fence
        paragraph = not fence and not _FENCE_LINE.match(content) and not _NOT_PARAGRAPH_LINE.match(content)
        if run and (not paragraph or prefix != run[-1][0]):
            flush(line)
        if paragraph:
            run.append((prefix, line, is_metadata_line(content)))
        else:
            out.append(line)
    if run:
        flush(None)
    return "\n".join(out)


@dataclass(frozen=True, slots=True)
class Node:
    """One top-level part of the rendered HTML.

    Attributes:
        level: 1 to 6 for a heading, 0 for a thematic break (``---``), -1 for anything else.
        content: The element, in the one parsed tree (the walker reads it with
            :func:`._html_blocks.read_html_elements`); or, for text before the first element, that text.
        text: A heading's text (whitespace collapsed); empty otherwise.
        links: A heading's ``(href, text)`` links.
    """

    level: int
    content: etree._Element | str
    text: str = ""
    links: tuple[tuple[str, str], ...] = ()

    @property
    def html(self) -> str:
        """The part as HTML, for a caller that needs markup (serialized on demand, never to be parsed again)."""
        if isinstance(self.content, str):
            return escape(self.content)
        markup: str = etree.tostring(self.content, encoding="unicode", method="html", with_tail=False)
        return markup


def render_nodes(markdown: str) -> list[Node]:
    """Render Markdown, parse the HTML once and cut it into its top-level parts.

    Args:
        markdown: The document (front matter, if any, removed by the caller).

    Returns:
        The top-level nodes in order.
    """
    rendered = render_markdown(markdown)
    if not rendered.strip():
        return []
    parser = etree.HTMLParser(encoding="utf-8", recover=True, huge_tree=True)
    root = etree.fromstring(f"<html><body>{rendered}</body></html>".encode("utf-8", "replace"), parser)
    body = root.find("body") if root is not None else None
    if body is None:
        return []
    nodes: list[Node] = []
    if body.text and body.text.strip():
        nodes.append(Node(-1, body.text))
    for element in body:
        if not isinstance(element.tag, str):
            continue
        level = _HEADING_TAGS.get(element.tag, 0 if element.tag == "hr" else -1)
        if level > 0:
            text = normalize_inline(" ".join(element.itertext()))
            links = tuple(
                (link.get("href") or "", normalize_inline(" ".join(link.itertext()))) for link in element.iter("a")
            )
            nodes.append(Node(level, element, text, links))
        else:
            nodes.append(Node(level, element))
    return nodes


def metadata_pairs(text: str) -> list[tuple[str, str]] | None:
    """Read a block's text as metadata lines; None unless every non-blank part is one.

    Args:
        text: A block's text, one metadata line per text line.

    Returns:
        ``(field, value)`` pairs, fields from :data:`METADATA_LABELS`.
    """
    pairs: list[tuple[str, str]] = []
    if len(text) > 600:
        return None
    for line in text.splitlines():
        for part in _PAIR_SEPARATOR.split(line.strip()):
            if not part.strip():
                continue
            match = _LABEL_LINE.match(part.strip())
            if match is None:
                return None
            label = normalize_inline(match["label"]).lower()
            field_name = METADATA_LABELS.get(label)
            value = normalize_inline(match["value"])
            if field_name is None or (not value and field_name not in ("url", "permalink")):
                return None
            if field_name in ("source", "category", "language", "author") and len(value) > 120:
                return None
            if field_name == "source":
                value, dated = _dated_source(value)
                if dated is not None:
                    pairs.append(("time", dated))
            pairs.append((field_name, value))
    return pairs or None


def header_pairs(text: str) -> list[tuple[str, str]] | None:
    """Read a header block whose lines are all ``label: value`` lines, some labels unknown to the table.

    Translation archives put their own labels among the known ones (``原文链接：…``, ``发布日期：…``,
    ``翻译模型：…``, ``评分：…``). Such a block is the page's header when at least
    :data:`HEADER_KNOWN_LINES` of its lines are metadata lines and they are no fewer than the others;
    the unknown lines fill nothing.

    Returns:
        The pairs of the known lines, or None when the block is not such a header.
    """
    pairs = metadata_pairs(text)
    if pairs is not None or len(text) > 1200:
        return pairs
    known: list[tuple[str, str]] = []
    known_lines = unknown_lines = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        found = metadata_pairs(line)
        if found is not None:
            known.extend(found)
            known_lines += 1
        elif _LABEL_LINE.match(line.strip()):
            unknown_lines += 1
        else:
            return None
    return known if known_lines >= HEADER_KNOWN_LINES and known_lines >= unknown_lines else None


def _dated_source(value: str) -> tuple[str, str | None]:
    """Split off the date a source value ends with: ``新智元，2026年1月26日 北京`` gives 新智元 and the date.

    The date must follow the name after a separator, and at most a few letters (a place) may follow it.
    """
    found = find_date(value)
    if found is None or not _SOURCE_DATE_SEPARATOR.search(value, 0, found.start()):
        return value, None
    if len(_NOT_LETTERS.sub("", value[found.end() :])) > _SOURCE_DATE_LEFTOVER:
        return value, None
    name = _SOURCE_DATE_SEPARATOR.sub("", value[: found.start()]).strip()
    if not name:
        return value, None
    return name, found.group(0)


def label_of(text: str) -> str | None:
    """The lower-case label of a ``label: value`` line (any leading emoji or bullet skipped); None if none."""
    match = _LABEL_LINE.match(text.strip()) if len(text) <= 600 else None
    return normalize_inline(match["label"]).lower() if match else None


def _bare(text: str) -> str:
    return _TRAILING_SYMBOLS.sub("", _LEADING_SYMBOLS.sub("", normalize_inline(text))).lower()


def read_more_url(raw: RawBlock) -> str | None:
    """The address of a block that is only a "read more" link (``[阅读全文](url)``); else None."""
    if len(raw.links) != 1:
        return None
    href, label = raw.links[0]
    if not raw.all_links and _LEADING_SYMBOLS.sub("", raw.text.replace(label, " ").strip()):
        return None  # words outside the link: a sentence that links, not a lone link
    if _bare(label) in READ_MORE_LABELS or _bare(raw.text) in READ_MORE_LABELS:
        return href
    return None


def _is_navigation_label(label: str) -> bool:
    bare = _bare(label)
    return bare in NAVIGATION_WORDS or any(
        bare.startswith(word) and len(bare) <= len(word) + 24 for word in NAVIGATION_WORDS if not word.isascii()
    )


def is_navigation(raw: RawBlock) -> bool:
    """Whether a block is only navigation links: back to an index, previous/next, or links between pages.

    A block qualifies when every visible character is link text and every link
    either carries a navigation word (:data:`NAVIGATION_WORDS`) or points to
    another local page (a relative ``.md``/``.html`` path or a bare ``/``) rather than a source.
    """
    if not raw.links:
        return False
    if not raw.all_links:
        # "← 返回目录 | 下一篇 →": separators and arrows between the links are allowed.
        rest = raw.text
        for _, label in raw.links:
            rest = rest.replace(label, " ")
        if _LEADING_SYMBOLS.sub("", rest.strip()):
            return False
    for href, label in raw.links:
        local = not href.lower().startswith(("http:", "https:", "//"))
        if not (_is_navigation_label(label) or (local and not href.startswith("#"))):
            return False
    return True


def split_names(value: str) -> list[str]:
    """Author or tag names from a metadata value: split at commas, 、, slashes, ``and``."""
    return [name for name in (normalize_inline(part) for part in _NAME_SEPARATOR.split(value)) if name]


def url_in(value: str) -> str | None:
    """The first http(s) address written in ``value``, if any."""
    match = _URL_IN_TEXT.search(value)
    return match.group(0).rstrip(".,;，。；") if match else None


def find_date(text: str) -> re.Match[str] | None:
    """Where a date (with or without time) is written in ``text``; None if nowhere."""
    if len(text) > 400:
        return None
    return _DATE_IN_TEXT.search(text)


@dataclass
class Dated:
    """A parsed publication time and the flags its reading calls for."""

    instant: Instant | None = None
    flags: list[str] = field(default_factory=list)


def parse_date(value: str, url: str | None) -> Dated:
    """Parse a written date in the publisher's zone (by ``url``), UTC when the publisher is unknown.

    A date with an offset keeps it; a local time takes the zone of the
    publisher in :mod:`._publishers` (else UTC, flagged ``published-zone-unknown``);
    a date alone is local midnight, flagged ``published-date-only``; a date
    that names no real day is dropped, flagged ``published-at-unparseable``.

    Args:
        value: The metadata value or line holding the date.
        url: The article's address, which names the publisher.

    Returns:
        The instant (or None) and the flags.
    """
    found = find_date(value)
    if found is None:
        return Dated(None, ["published-at-unparseable"])
    written = found.group(0)
    publisher = publisher_of(url)
    zone = publisher.zone if publisher else UNKNOWN_PUBLISHER_ZONE
    flags = [] if publisher else ["published-zone-unknown"]
    aware = parse_rfc822(written) if "," in written or " " in written else None
    if aware is not None:
        return Dated(Instant(aware, offset_assumed=False), [])
    naive_or_aware = _parse_written(written)
    if naive_or_aware is None:
        return Dated(None, ["published-at-unparseable"])
    if naive_or_aware.tzinfo is not None:
        return Dated(Instant(naive_or_aware, offset_assumed=False), [])
    if not _HAS_CLOCK.search(written):
        flags.append("published-date-only")
    return Dated(localize(naive_or_aware, zone), flags)


def _parse_written(written: str) -> datetime | None:
    chinese = _CHINESE_DATE.search(written)
    try:
        if chinese:
            year, month, day, hour, minute, second = (int(part or 0) for part in chinese.groups())
            return datetime(year, month, day, hour, minute, second)
        parsed: datetime = date_parser.parse(written.replace("年", "-").replace("/", "-"), default=datetime(2000, 1, 1))
        return parsed
    except (ValueError, OverflowError, date_parser.ParserError):
        return None


@dataclass
class ArticleFields:
    """What an article's metadata lines and links gave."""

    source: str | None = None
    time: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    url: str | None = None
    permalink: str | None = None
    authors: list[str] = field(default_factory=list)
    read_more: str | None = None

    def address(self) -> str | None:
        """The article's url: its own permalink when one is given and usable, else the url line's."""
        return first((absolute_http_url(self.permalink), absolute_http_url(self.url)))


def date_draft(draft: Draft, fields: ArticleFields, url: str | None) -> None:
    """Give ``draft`` the publication time of the fields' time line, with the flags its reading set."""
    if fields.time:
        dated = parse_date(fields.time, url)
        draft.published = dated.instant
        draft.flags.extend(dated.flags)


def fill_fields(fields: ArticleFields, pairs: list[tuple[str, str]], links: list[tuple[str, str]]) -> None:
    """Fill ``fields`` from metadata pairs; a field already filled keeps its first value."""
    for name, value in pairs:
        if name == "source":
            address = url_in(value)
            if address:
                fields.url = fields.url or address
                value = value.split(address)[0].rstrip(" :：-–—")  # noqa: RUF001
            elif links:  # "来源：[the original's title](its address)": the link is the original
                fields.url = fields.url or next((href for href, _ in links if absolute_http_url(href)), None)
            fields.source = fields.source or (value or None)
        elif name == "time":
            fields.time = fields.time or value
        elif name == "category":
            fields.categories.extend(split_names(value))
        elif name == "tags":
            fields.tags.extend(split_names(value))
        elif name == "language":
            fields.language = fields.language or value
        elif name in ("url", "permalink"):
            address = url_in(value) or next((href for href, _ in links if absolute_http_url(href)), None)
            if name == "url":
                fields.url = fields.url or address
            else:
                fields.permalink = fields.permalink or address
        elif name == "author":
            fields.authors.extend(split_names(value))


def first(values: Iterable[str | None]) -> str | None:
    """The first value that is not None or empty."""
    return next((value for value in values if value), None)
