"""Test-only renderers: write a generated record in each converter's own source format.

The round-trip property (test_round_trip.py) renders a :class:`Record`, converts
the text with the format's converter and expects the record back. A format that
cannot carry something says so here, in its ``carries`` rule, with the reason;
the strategy then only draws records the format can hold.

Records are generated already normalised where the format stores a value as is
(title, authors, captions); block lines are raw segments, so whitespace runs,
invisible characters and combining marks reach the converter's normaliser.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from itertools import pairwise
from typing import Literal
from zoneinfo import ZoneInfo

import yaml
from strategies import walker_cuts_closing_blocks

from articlekit.converters._chrome import CHROME_LINES, COMMENT_HEADINGS, RELATED_LABELS
from articlekit.converters._html_blocks import _SHARE_LINK
from articlekit.converters._rss_dates import parse_date_line
from articlekit.converters.base import BlockKind
from articlekit.converters.hugo_markdown import METADATA_LABELS, _dated_byline
from articlekit.dates import Instant
from articlekit.text import display_width, normalize_block

SHANGHAI = "Asia/Shanghai"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Segment:
    """A run of a line's text; ``strong`` runs are rendered bold where the format has bold."""

    text: str
    strong: bool = False


Line = tuple[Segment, ...]


def line_text(line: Line) -> str:
    """A line's raw text, as the segments hold it."""
    return "".join(segment.text for segment in line)


@dataclass(frozen=True)
class Block:
    """A body block: its kind and its lines (each non-empty once normalised)."""

    kind: BlockKind
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        """The block text a record must hold: the lines normalised, joined by newlines."""
        return normalize_block("\n".join(line_text(line) for line in self.lines))


@dataclass(frozen=True)
class Image:
    """An image in the body: a URL, a caption, or both."""

    url: str | None
    caption: str | None


DateStyle = Literal[
    "none",
    "rfc822",
    "iso",
    "byline",
    "time-element",
    "local-day-first",
    "local-labelled",
    "yaml-string",
    "yaml-timestamp",
    "date-only",
    "local",
    "plain",
]


@dataclass(frozen=True)
class Record:
    """A generated article as a source would hold it.

    ``published`` is aware, or naive for a local time written without offset in
    the source's zone (``zone``); ``date_style`` says how the renderer writes it.
    """

    title: str
    body: tuple[Block | Image, ...]
    url: str | None = None
    published: datetime | None = None
    zone: str | None = None
    date_style: DateStyle = "none"
    retrieved: datetime | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    bold_headings: bool = False
    flags: tuple[str, ...] = field(default=())

    @property
    def blocks(self) -> list[Block]:
        """The body's blocks, in order."""
        return [item for item in self.body if isinstance(item, Block)]

    @property
    def images(self) -> list[Image]:
        """The body's images, in order."""
        return [item for item in self.body if isinstance(item, Image)]

    def published_instant(self) -> datetime | None:
        """The publication time the record must carry: a naive local time in ``zone``, as the source means it."""
        if self.published is None or self.published.tzinfo is not None:
            return self.published
        assert self.zone is not None
        return self.published.replace(tzinfo=ZoneInfo(self.zone))


@dataclass(frozen=True)
class Style:
    """How a renderer spells what it writes, where a format allows several equivalent spellings.

    Attributes:
        newline: The line ending of the whole file (LF, CRLF or CR).
        variant: Picks among a format's spellings: HTML on one line or many (rss-markdown); ATX or
            setext headings, ``-``/``*``/``1.`` lists, ``**`` or ``__`` bold, YAML or TOML front
            matter (hugo-markdown); a space after 日, the view count's spelling (daydaynews-text);
            seconds written or not when zero (selfmedia-text).
    """

    newline: str = "\n"
    variant: int = 0

    def bit(self, index: int) -> bool:
        """Whether the variant's bit ``index`` is set."""
        return bool(self.variant >> index & 1)

    def lines(self, text: str) -> str:
        """``text`` with its line endings in this style."""
        return text.replace("\n", self.newline)


# --- rss-markdown -----------------------------------------------------------------------------------------

# What the converter cuts as boilerplate wherever it stands (see rss_markdown's module docstring): a block
# that is exactly one of these cannot be article text in this format.
_RSS_JUNK = frozenset(
    (
        "array", "undefined", "null", "nan", "[object object]", "none", "广告", "廣告", "advertisement",
        "continue reading the main story", "继续阅读主要故事", "繼續閱讀主要故事", "分享", "分享到", "分享至",
        "share", "share this", "share this article", "返回顶部", "back to top",
    )
)  # fmt: skip
_RSS_RELATED = re.compile(
    r"^(?:相关新闻|相關新聞|相关阅读|相關閱讀|延伸阅读|延伸閱讀|推荐阅读|推薦閱讀|更多阅读|更多閱讀|相关报道|相關報導|"
    r"相關報道|相关文章|相關文章|另见|另見|related(?: stories| articles| news| coverage| content)?|read more|"
    r"more on this story|see also)\s*[:：]?$",
    re.IGNORECASE,
)
# A copyright line (short blocks only): starts with the sign or word, carries the 版权所有 notice (not
# 版权所有者, a copyright holder), or ends with the reservation.
_RSS_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b)|版[权權]所有(?![者人权權])|all rights reserved\W*$", re.IGNORECASE
)
_SENTENCE_END = frozenset("。！？!?….；;：:，,")
_CLOSING_MARKS = "”’」』）)】》\"'"  # noqa: RUF001 - the curly quote is meant
_MARKDOWN_TITLE_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>])")


def rss_is_subheading(text: str) -> bool:
    """Whether an all-bold paragraph reads as a subheading: short, one line, no sentence end."""
    if "\n" in text or display_width(text) > 80:
        return False
    last = text.rstrip(_CLOSING_MARKS)[-1:]
    return bool(last) and last not in _SENTENCE_END


_MARKER_RUNS = re.compile(r"\*\*|__")


def rss_carries(record: Record) -> bool:
    """What an rss-markdown item cannot hold.

    - A block that is exactly a stray token or widget label (``Array``, ``分享``), a related-content
      label, or a short copyright line (``© 2025 VOA``, ``Copyright …``, ``本文版权所有，未经授权不得转载``):
      the converter cuts these as boilerplate wherever they stand.
    - A byline wider than 60 columns: a longer line above the date is a sentence, not a byline.
    - Text with ``**``/``__`` runs, a chrome line, a related label or a comment heading: the one walker
      turns literal markers into emphasis and cuts site chrome (see ``converters/_chrome.py``).
    """
    if record.date_style == "byline" and display_width("、".join(record.authors)) > 60:
        return False
    for block in record.blocks:
        text = block.text
        flat = " ".join(text.split())
        if _MARKER_RUNS.search(text) or CHROME_LINES.match(flat) or RELATED_LABELS.match(flat):
            return False
        if COMMENT_HEADINGS.match(flat):
            return False
        if text.casefold().rstrip(":：") in _RSS_JUNK or _RSS_RELATED.match(text):
            return False
        if len(text) <= 200 and _RSS_COPYRIGHT.search(text):
            return False
    return not walker_cuts_closing_blocks([(block.kind, block.text) for block in record.blocks])


def _html_text(line: Line, bold: bool) -> str:
    parts = []
    for segment in line:
        escaped = html.escape(segment.text, quote=False)
        parts.append(f"<strong>{escaped}</strong>" if bold and segment.strong else escaped)
    return "".join(parts)


def _html_lines(block: Block) -> str:
    # Bold only where some text stays plain: an all-bold paragraph is the format's subheading.
    plain_text = any(segment.text.strip() and not segment.strong for line in block.lines for segment in line)
    return "<br>".join(_html_text(line, plain_text) for line in block.lines)


def _html_image(image: Image, style: int) -> str:
    if image.url is None:
        return f"<figure><figcaption>{html.escape(image.caption or '')}</figcaption></figure>"
    source = html.escape(image.url)
    if image.caption is None:
        return f'<img src="{source}">'
    caption = html.escape(image.caption)
    if style == 0:
        return f'<img src="{source}"><div><small style="color: #999;">{caption}</small></div>'
    if style == 1:
        return f'<figure><img src="{source}"><figcaption>{caption}</figcaption></figure>'
    return f'<img src="{source}" alt="{caption}">'


def _rss_date(record: Record) -> str:
    published = record.published
    if published is None:
        return ""
    style = record.date_style
    if style == "rfc822":
        return f"<div><i>{format_datetime(published)}</i></div>"
    if style == "iso":
        return f"<p>{published.isoformat()}</p>"
    if style == "byline":
        return f"<p>记者 {html.escape('、'.join(record.authors))}<br>{published.isoformat()}</p>"
    if style == "time-element":
        return f'<p>发布时间：<time datetime="{published.isoformat()}">昨天</time></p>'
    if style == "local-day-first":
        return f"<div>{published:%d/%m/%Y - %H:%M}</div>"
    if style == "local-labelled":
        return f"<p>发布时间：{published:%Y-%m-%d %H:%M}</p>"
    raise ValueError(f"rss-markdown writes no {style} date")


def _rss_body(record: Record, separator: str) -> str:
    parts = [_rss_date(record)]
    in_list = False
    for position, item in enumerate(record.body):
        is_item = isinstance(item, Block) and item.kind == "list_item"
        if in_list and not is_item:
            parts.append("</ul>")
        elif is_item and not in_list:
            parts.append("<ul>")
        in_list = is_item
        if isinstance(item, Image):
            parts.append(_html_image(item, position % 3))
        elif item.kind == "heading":
            text = _html_lines(item)
            if record.bold_headings and rss_is_subheading(item.text):
                parts.append(f"<p><strong>{text}</strong></p>")
            else:
                parts.append(f"<h2>{text}</h2>")
        elif item.kind == "list_item":
            parts.append(f"<li>{_html_lines(item)}</li>")
        elif item.kind == "quote":
            parts.append(f"<blockquote><p>{_html_lines(item)}</p></blockquote>")
        else:
            parts.append(f"<p>{_html_lines(item)}</p><p> </p>")
    if in_list:
        parts.append("</ul>")
    return separator.join(parts)


def render_rss_markdown(records: list[Record], style: Style = Style()) -> str:
    """An RSS-markdown archive file holding ``records`` (front matter from the first record's lists).

    An item without retrieval time gets a ``日期：`` header line (its publication time) instead of the
    epoch header.
    """
    first = records[0]
    # A byline gives the authors itself; the front matter then names none.
    authors = [] if first.date_style == "byline" else list(first.authors)
    front = {"authors": authors, "categories": list(first.categories), "tags": list(first.tags)}
    out = []
    if any(front.values()):
        out.append("---\n" + _yaml(front) + "---\n")
    for record in records:
        assert record.url is not None
        if record.retrieved is not None:
            first_line = f"<!--{(record.retrieved - _EPOCH) // timedelta(milliseconds=1)}-->"
        else:
            assert record.published is not None
            first_line = f"日期：{record.published.isoformat()}"
        title = _MARKDOWN_TITLE_SPECIALS.sub(r"\\\1", html.escape(record.title, quote=False))
        body = _rss_body(record, "\n" if style.bit(0) else "")
        out.append(f"{first_line}\n[{title}]({html.escape(record.url)})\n------\n\n{body}\n\n")
    return style.lines("".join(out))


def _yaml(data: Mapping[str, object]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=float("inf"))


# --- hugo-markdown ----------------------------------------------------------------------------------------

_ASCII_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_SPACES = re.compile(r"\s+")
DISCLAIMER_MARKERS = ("风险提示及免责条款", "免责声明")


# Literal marker runs, shortcodes and Liquid tags: the walker and the converter read them as markup.
_HUGO_MARKUP = re.compile(r"\*\*|__|\{\{|\{%")
_TITLE_NOISE = re.compile(r"[\s\W_]+")
_HUGO_LEADING_BLOCKS = 5
METADATA_LINE = re.compile(
    "^[>*_\\s]*(?:"
    + "|".join(re.escape(label) for labels in METADATA_LABELS.values() for label in labels)
    + ")"
    + r"[*_\s]*[:：丨|]",
    re.IGNORECASE,
)


def hugo_carries(record: Record) -> bool:
    """What a front-matter Markdown file cannot hold.

    - A block whose first line starts with a disclaimer heading (``风险提示及免责条款``): the converter
      cuts the disclaimer footer from there on.
    - Text with ``**``/``__`` runs, ``{{``/``{%``: literal emphasis markers, shortcodes and Liquid tags.
    - A chrome line (``5 min read``, ``分类：…``), a related-content label (``相关文章``) or a comment
      heading (``评论``): the walker cuts site chrome (see ``converters/_chrome.py``).
    - Among the first blocks, a heading that repeats the title, a date line (alone, or with a byline or
      punctuation), or a metadata line (``作者：…``, ``来源：…``): they are the page's furniture, not the
      article's text.
    - A closing call to action among the last blocks, or a credit label left last (``Photos:``).
    - A canonical URL that looks like a share link (``?share=``, ``sharer``).
    """
    if record.url is not None and _SHARE_LINK.search(record.url):
        return False  # the final canonical link would look like a share button, which the walker skips
    blocks = record.blocks
    title_key = _TITLE_NOISE.sub("", record.title).casefold()
    for position, block in enumerate(blocks):
        text = block.text
        first_line = text.split("\n", 1)[0].strip(" :\uff1a*#")
        if first_line.startswith(DISCLAIMER_MARKERS) or _HUGO_MARKUP.search(text):
            return False
        # Bold written as __…__ around an escaped _ or * makes a marker run CommonMark cannot pair.
        if any(
            segment.strong and ("_" in segment.text or "*" in segment.text) for line in block.lines for segment in line
        ):
            return False
        # So does an escaped _ or * right beside bold ("\\____·__东"): the markers merge into one run.
        for line in block.lines:
            for left, right in pairwise(line):
                if left.strong != right.strong and (
                    left.text.endswith(("_", "*")) or right.text.startswith(("_", "*"))
                ):
                    return False
        flat = " ".join(text.split())
        if CHROME_LINES.match(flat) or RELATED_LABELS.match(flat) or COMMENT_HEADINGS.match(flat):
            return False
        if position < _HUGO_LEADING_BLOCKS:
            if block.kind == "heading" and _TITLE_NOISE.sub("", flat).casefold() == title_key:
                return False
            if any(METADATA_LINE.match(line.strip()) for line in text.split("\n")):
                return False
            if isinstance(parse_date_line(flat, "UTC"), Instant):
                return False
            if block.kind == "paragraph" and _dated_byline(flat, {}):
                return False  # a date line, with a byline or punctuation at most ("May 1, 2025 ·")
    return not walker_cuts_closing_blocks([(block.kind, block.text) for block in record.blocks])


def _markdown_escape(text: str) -> str:
    """Text as literal Markdown: every ASCII punctuation character backslash-escaped, whitespace runs as one."""
    return _ASCII_PUNCTUATION.sub(r"\\\1", _SPACES.sub(" ", text))


def _markdown_line(line: Line, bold: str) -> str:
    parts = []
    for segment in line:
        escaped = _markdown_escape(segment.text)
        parts.append(f"{bold}{escaped}{bold}" if segment.strong else escaped)
    return "".join(parts).strip(" ")


def _markdown_destination(url: str) -> str:
    return "<" + re.sub(r"([\\<>&])", r"\\\1", url) + ">"


def _hugo_block(item: Block | Image, style: Style) -> str:
    if isinstance(item, Image):
        assert item.url is not None
        return f"![{_markdown_escape(item.caption or '')}]({_markdown_destination(item.url)})"
    lines = [_markdown_line(line, "__" if style.bit(2) else "**") for line in item.lines]
    if item.kind == "heading":
        # Setext, as seed 004 writes its headings; not over a pipe, where GFM would see a one-column table.
        if style.bit(0) and "|" not in lines[0]:
            return lines[0] + "\n" + "-" * max(3, len(lines[0]))
        return "## " + " ".join(lines)
    if item.kind == "list_item":
        marker = ("- ", "* ", "1. ", "+ ")[style.variant >> 3 & 3]
        return marker + ("\\\n" + " " * len(marker)).join(lines)
    if item.kind == "quote":
        return "> " + "\\\n> ".join(lines)
    return "\\\n".join(lines)


def _hugo_date(record: Record, toml: bool) -> object:
    published = record.published
    if published is None:
        return None
    if record.date_style == "yaml-timestamp":
        return published
    if record.date_style == "date-only":
        return published.date() if toml else f"{published:%Y-%m-%d}"
    if record.date_style == "local":
        return f"{published:%Y-%m-%d %H:%M:%S}"
    return published.isoformat()


def render_hugo_markdown(record: Record, style: Style = Style()) -> str:
    """A Hugo content file: front matter (Mainroad keys), a Markdown body, the canonical link last."""
    toml = style.bit(1)
    front: dict[str, object] = {"title": record.title}
    date = _hugo_date(record, toml)
    if date is not None:
        front["date"] = date
    front.update({"categories": list(record.categories), "tags": list(record.tags)})
    if record.authors:
        front["authors"] = list(record.authors)
    front.update({"toc": False, "sidebar": "right", "widgets": ["search", "recent"]})
    body = [_hugo_block(item, style) for item in record.body]
    if record.url is not None:
        body.append(f"[wallstreetcn]({_markdown_destination(record.url)})")
    head = "+++\n" + _toml(front) + "+++\n" if toml else "---\n" + _yaml(front) + "---\n"
    return style.lines(head + "\n" + "\n\n".join(body) + "\n")


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"no TOML spelling for {value!r}")


def _toml(data: dict[str, object]) -> str:
    return "".join(f"{key} = {_toml_value(value)}\n" for key, value in data.items())


# --- daydaynews-text --------------------------------------------------------------------------------------

_DAYDAYNEWS_ALT = re.compile(r"-\s?天天要[聞闻]")
_DAYDAYNEWS_RECOMMENDED = re.compile(r"(?:分類資訊推薦|分类资讯推荐)$")


def daydaynews_carries(record: Record) -> bool:
    """What a 天天要聞 scrape cannot hold.

    - A line with ``- 天天要聞`` in it, in the title or the body: the page writes image alt texts as
      ``<title> - 天天要聞(<caption>)`` lines, so such a line is taken for an image.
    - A line ending in ``分類資訊推薦``: the page's recommendation block starts there and is cut.
    """
    lines = [record.title] + [line for block in record.blocks for line in block.text.split("\n")]
    return not any(_DAYDAYNEWS_ALT.search(line) or _DAYDAYNEWS_RECOMMENDED.search(line) for line in lines)


def render_daydaynews_text(record: Record, style: Style = Style()) -> str:
    """A 天天要聞 page scrape: title, date line with category and views, paragraphs, alt-text lines."""
    assert record.published is not None
    assert record.published.tzinfo is None
    when = f"{record.published:%Y年%m月%d日}" + (" " if style.bit(0) else "") + f"{record.published:%H:%M:%S}"
    views = "1.2萬" if style.bit(1) else "7927"
    date_line = " ".join([when, *record.categories, views])
    body = []
    for item in record.body:
        if isinstance(item, Image):
            body.append(f"{record.title} - 天天要聞({item.caption})")
        else:
            body.append("\n".join(line_text(line) for line in item.lines))
    text = "\n\n".join([record.title, date_line, *body]) + "\n\n國際分類資訊推薦\n\n另一篇文章的標題\n"
    return style.lines(text)


# --- selfmedia-text ---------------------------------------------------------------------------------------

SELFMEDIA_SENTENCE_END = frozenset("。．.！!？?…;；:：,，、\"'”’」』")  # noqa: RUF001
_LETTER = re.compile(r"[^\W\d_]")
_READ_COUNTER = re.compile(r"[0-9][0-9,.]*[万萬千wWkK]? ?(?:阅读|閱讀)[:：] ?[0-9][0-9,.]*[万萬千wWkK]?")
_THANKS = re.compile(
    r"(?:感谢|感謝|谢谢|謝謝)(?:大家|各位|您|你们|你們|你)?的?(?:关注|關注|阅读|閱讀|支持|观看|觀看).{0,20}"
)


def selfmedia_heading(block: Block, *, is_last: bool) -> bool:
    """Whether the platform's layout makes a block a subheading: one short line with a letter, no sentence end."""
    text = block.text
    return (
        not is_last
        and "\n" not in text
        and len(text) <= 40
        and text[-1] not in SELFMEDIA_SENTENCE_END
        and bool(_LETTER.search(text))
    )


def selfmedia_adapt(record: Record) -> Record:
    """Make the block kinds what the layout says they are.

    A bare line is the platform's only way of writing a subheading, so a short
    one-line paragraph without sentence end cannot be told from one: such a
    paragraph gets a full stop, and a drawn heading that the layout cannot show
    as one becomes a paragraph.
    """
    blocks = record.blocks
    adapted: list[Block | Image] = []
    for index, block in enumerate(blocks):
        is_last = index == len(blocks) - 1
        if block.kind == "heading" and selfmedia_heading(block, is_last=is_last):
            adapted.append(block)
            continue
        kind: BlockKind = "paragraph"
        if selfmedia_heading(block, is_last=is_last):
            adapted.append(Block(kind, (*block.lines[:-1], (*block.lines[-1], Segment("。")))))
        else:
            adapted.append(Block(kind, block.lines))
    return Record(
        title=record.title,
        body=tuple(adapted),
        published=record.published,
        zone=record.zone,
        date_style=record.date_style,
        authors=record.authors,
    )


def selfmedia_carries(record: Record) -> bool:
    """What a self-media scrape cannot hold.

    - A last body line that repeats the author, thanks the reader or is a read counter: the footer
      is cut from the end up to its first line that is none of these.
    """
    last_line = record.blocks[-1].text.split("\n")[-1]
    author = record.authors[0] if record.authors else None
    return not (last_line == author or _THANKS.fullmatch(last_line) or _READ_COUNTER.fullmatch(last_line))


def render_selfmedia_text(record: Record, style: Style = Style()) -> str:
    """A self-media scrape: title, ``<author> <date>`` line, paragraphs and bare-line headings, footer."""
    published = record.published
    assert published is not None
    assert published.tzinfo is None
    clock = "%H:%M" if style.bit(0) and published.second == 0 else "%H:%M:%S"
    date_line = " ".join([*record.authors, published.strftime("%Y-%m-%d " + clock)])
    body = ["\n".join(line_text(line) for line in block.lines) for block in record.blocks]
    author = record.authors[0] if record.authors else "作者"
    footer = ["0 阅读:0", author, author, "感谢大家的关注"]
    text = "\n\n".join([record.title, date_line, *body, "\n".join(footer[:2]), *footer[2:]]) + "\n"
    return style.lines(text)
