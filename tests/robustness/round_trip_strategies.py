"""Hypothesis strategies for the round trip: records each source format can carry, full of traps.

The traps: CJK punctuation next to bold runs, lines that look like date lines
or boilerplate markers (whole lines and inside sentences), HTML and Markdown
special characters, Traditional and Simplified text, invisible and combining
characters, and any other Unicode text but line breaks and controls.
"""

from __future__ import annotations

import string
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from renderers import (
    SHANGHAI,
    Block,
    DateStyle,
    Image,
    Line,
    Record,
    Segment,
    Style,
    daydaynews_carries,
    hugo_carries,
    line_text,
    rss_carries,
    selfmedia_adapt,
    selfmedia_carries,
)

from articlekit.converters.base import BlockKind
from articlekit.text import normalize_inline

KNOWN_PUBLISHERS = {
    "rfi.fr": "Europe/Paris",
    "voachinese.com": "America/New_York",
    "cna.com.tw": "Asia/Taipei",
    "zaobao.com.sg": "Asia/Singapore",
    "wallstreetcn.com": "Asia/Shanghai",
}
"""Publishers whose zone the converters know (a subset of converters/_publishers.py, restated on purpose)."""

_SIMPLIFIED = "这国说们经为发时过还进对应关东来个样后会乌克兰泽连斯基总统协议经济体台湾"
_TRADITIONAL = "這國說們經為發時過還進對應關東來個樣後會烏克蘭澤連斯基總統協議經濟體臺灣"
_CJK_PUNCTUATION = "，。！？：；、“”‘’「」『』（）《》【】…—·～　"  # noqa: RUF001 - full-width forms are the point
_INLINE_TRAPS = (
    "“当前需共同努力”",
    "「戰略性失敗」",
    "《明斯克协议》",
    "（本文依据了路透社的报道。）",
    "2025年02月10日11:20:38",
    "2025-04-19 10:12:48",
    "Sat, 08 Feb 2025 08:38:35 GMT",
    "28/01/2022 - 14:56",
    "<!--1739003943000-->",
    "日期：2025-02-08",
    "0 阅读:0",
    "感谢大家的关注",
    "分類資訊推薦",
    "风险提示及免责条款",
    "版权所有",
    "© 2025",
    "Array",
    "相关新闻：",
    "&amp;",
    "&lt;p&gt;",
    "&#x4e2d;",
    "&nbsp;",
    "&copy",
    "<b>",
    "</p>",
    "<br>",
    "<!--",
    "-->",
    "]](",
    "**",
    "*",
    "__",
    "`",
    "\\",
    "{{< figure >}}",
    "---",
    "# ",
    "> ",
    "1. ",
    "- ",
    "|",
    "\u200b",
    "\ufeff",
    "\u00a0",
    "e\u0301",
    "\u0301",
    "😀",
)
_LINE_TRAPS = (
    "2025年02月10日11:20:38 國際 7927",
    "张麻子脸上 2025-04-19 10:12:48",
    "Sat, 08 Feb 2025 08:38:35 GMT",
    "28/01/2022 - 14:56",
    "2025-02-08T08:38:35Z",
    "发布时间：2025年2月8日 16:38",
    "<!--1739003943000-->",
    "------",
    "---",
    "[标题](https://example.com/a)",
    "0 阅读:0",
    "感谢大家的关注",
    "國際分類資訊推薦",
    "标题 - 天天要聞(图说)",
    "风险提示及免责条款",
    "市场有风险，投资需谨慎。",
    "Array",
    "分享",
    "相关新闻",
    "© 2025 VOA",
    "本文版权所有，未经授权不得转载。",
    "他说，版权所有者应当获得补偿。",
    "All rights reserved by nobody, he joked.",
    "Copyright law is not the point here.",
    "not share-worthy",
    "**",
    "* * *",
    "===",
    "1.",
    "#",
)
_PRINTABLE = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))
_FRAGMENTS = st.one_of(
    st.text(st.sampled_from(_SIMPLIFIED + _CJK_PUNCTUATION), min_size=1, max_size=12),
    st.text(st.sampled_from(_TRADITIONAL + _CJK_PUNCTUATION), min_size=1, max_size=12),
    st.sampled_from(_INLINE_TRAPS),
    st.text(st.sampled_from(string.ascii_letters + string.digits + string.punctuation + " "), min_size=1, max_size=10),
    st.text(_PRINTABLE, min_size=1, max_size=8),
)


# Strategies are built once, at import: building them inside a draw costs Hypothesis a validation each
# time, which was most of the generation time.
_ONE_IN_EIGHT = st.integers(0, 7)
_ONE_IN_FIVE = st.integers(0, 4)
_BOOLEANS = st.booleans()
_FRAGMENT_LISTS = st.lists(_FRAGMENTS, min_size=1, max_size=4)
_LINE_TRAP = st.sampled_from(_LINE_TRAPS)
_FILLER = st.text(st.sampled_from(_SIMPLIFIED), min_size=1, max_size=4)
_LINE_COUNTS = st.sampled_from((1, 1, 2, 3))


@st.composite
def _lines(draw: st.DrawFn, emphasis: bool) -> Line:
    if draw(_ONE_IN_EIGHT) == 0:
        return (Segment(draw(_LINE_TRAP)),)
    strong = emphasis and draw(_BOOLEANS)
    segments: list[Segment] = []
    for fragment in draw(_FRAGMENT_LISTS):
        # A bold run is written tight (Markdown's "** x**" opens nothing), so its text is trimmed.
        text = normalize_inline(fragment) if strong else fragment
        if text:
            if segments and segments[-1].strong == strong:
                segments[-1] = Segment(segments[-1].text + text, strong)
            else:
                segments.append(Segment(text, strong))
        strong = emphasis and not strong
    line = tuple(segments)
    if not normalize_inline(line_text(line)):
        line = (*line, Segment(draw(_FILLER)))
    return line


@cache
def lines(*, emphasis: bool) -> st.SearchStrategy[Line]:
    """One line of body text: a whole-line trap, or fragments alternating plain and (if ``emphasis``) bold."""
    return _lines(emphasis)


@cache
def single_lines() -> st.SearchStrategy[str]:
    """A normalised non-empty one-line value (title, author, category, caption)."""
    return lines(emphasis=False).map(lambda line: normalize_inline(line_text(line))).filter(bool)


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


@cache
def value_lists(max_size: int) -> st.SearchStrategy[tuple[str, ...]]:
    """Unique normalised values, for authors, categories and tags."""
    return st.lists(single_lines(), max_size=max_size).map(_unique)


@st.composite
def _blocks(
    draw: st.DrawFn, kinds: st.SearchStrategy[BlockKind], line: st.SearchStrategy[Line], multiline: bool
) -> Block:
    kind = draw(kinds)
    count = draw(_LINE_COUNTS) if multiline and kind != "heading" else 1
    return Block(kind, tuple(draw(line) for _ in range(count)))


@cache
def blocks(kinds: tuple[BlockKind, ...], *, emphasis: bool, multiline: bool) -> st.SearchStrategy[Block]:
    """A body block of one of ``kinds``; headings are one line, other blocks may span up to three."""
    return _blocks(st.sampled_from(kinds), lines(emphasis=emphasis), multiline)


_LABEL = st.text(st.sampled_from(string.ascii_lowercase + string.digits), min_size=1, max_size=8)
_UNKNOWN_HOSTS = st.lists(_LABEL, min_size=1, max_size=3).map(lambda labels: ".".join(labels) + ".example")
_PATH_SEGMENT = st.text(
    st.sampled_from(string.ascii_letters + string.digits + "-._~%!$'()*+,=@" + _SIMPLIFIED + _TRADITIONAL),
    min_size=1,
    max_size=12,
)
_PATHS = st.lists(_PATH_SEGMENT, max_size=4).map("/".join)
_QUERIES = st.one_of(
    st.just(""),
    st.lists(st.tuples(_LABEL, _PATH_SEGMENT), min_size=1, max_size=3).map(
        lambda pairs: "?" + "&".join(f"{key}={value}" for key, value in pairs)
    ),
)
_SCHEMES = st.sampled_from(["http", "https"])


@cache
def urls(hosts: st.SearchStrategy[str] = _UNKNOWN_HOSTS) -> st.SearchStrategy[str]:
    """Absolute http(s) URLs with non-ASCII paths, quotes, parentheses and ``&`` in queries.

    The default hosts end in ``.example``, a domain no publisher table knows. No ``;`` in
    paths and no empty ``?`` or ``#``: URL resolution drops those, which is no loss.
    """
    return st.builds(
        lambda scheme, host, path, query: f"{scheme}://{host}/{path}{query}", _SCHEMES, hosts, _PATHS, _QUERIES
    )


_PUBLISHER_URLS = st.one_of(
    *(
        st.tuples(urls(st.sampled_from([domain, "www." + domain, "m." + domain])), st.just(zone))
        for domain, zone in sorted(KNOWN_PUBLISHERS.items())
    )
)


def publisher_urls() -> st.SearchStrategy[tuple[str, str]]:
    """(URL on a known publisher's site, that publisher's zone)."""
    return _PUBLISHER_URLS


_LOCAL_TIMES = st.datetimes(min_value=datetime(1990, 1, 2), max_value=datetime(2099, 12, 30)).map(
    lambda moment: moment.replace(microsecond=0)
)
_OFFSETS = st.sampled_from([0, 60, 480, 330, 345, -300, -210, 840, -720, 525]).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


def _unique_images(body: list[Block | Image]) -> tuple[Block | Image, ...]:
    """Each image URL once: a repeated image URL is one image to the converters that merge them."""
    seen: set[str] = set()
    unique = []
    for item in body:
        if isinstance(item, Image) and item.url is not None:
            if item.url in seen:
                continue
            seen.add(item.url)
        unique.append(item)
    return tuple(unique)


@cache
def _body(
    kinds: tuple[BlockKind, ...], *, emphasis: bool, multiline: bool, images: st.SearchStrategy[Image] | None
) -> st.SearchStrategy[tuple[Block | Image, ...]]:
    """A body: blocks of ``kinds`` and images, at least one block."""
    block = blocks(kinds, emphasis=emphasis, multiline=multiline)
    items: st.SearchStrategy[Block | Image] = block if images is None else st.one_of(block, images)
    return st.tuples(block, st.lists(items, max_size=5), _BOOLEANS).map(
        lambda parts: _unique_images([*parts[1], parts[0]] if parts[2] else [parts[0], *parts[1]])
    )


_CAPTIONS = st.none() | single_lines()
_RSS_IMAGES = st.one_of(
    st.builds(Image, url=urls(), caption=_CAPTIONS), st.builds(Image, url=st.none(), caption=single_lines())
)
_HUGO_IMAGES = st.builds(Image, url=urls(), caption=_CAPTIONS)
_CAPTION_ONLY_IMAGES = st.builds(Image, url=st.none(), caption=single_lines())
_ALL_KINDS: tuple[BlockKind, ...] = ("paragraph", "heading", "list_item", "quote")


def styles() -> st.SearchStrategy[Style]:
    """Line endings and the format's equivalent spellings (see :class:`renderers.Style`)."""
    return _STYLES


_STYLES = st.builds(Style, newline=st.sampled_from(["\n", "\r\n", "\r"]), variant=st.integers(0, 31))


# --- per format -------------------------------------------------------------------------------------------

_RSS_DATE_STYLES: st.SearchStrategy[DateStyle] = st.sampled_from(
    ["rfc822", "iso", "byline", "time-element", "local-day-first", "local-labelled"]
)
_RETRIEVAL_TIMES = st.datetimes(min_value=datetime(1990, 2, 1), max_value=datetime(2099, 12, 1), timezones=st.just(UTC))
_MILLISECONDS = st.integers(0, 999)
_AGES = st.timedeltas(timedelta(0), timedelta(days=30))
_ITEM_COUNTS = st.sampled_from((1, 1, 2, 3))
_HAN_NAMES = st.text(st.sampled_from("张王李赵刘陈杨黄周吴麻子脸上明华伟芳"), min_size=2, max_size=4)
_LATIN_NAMES = st.lists(
    st.text(st.sampled_from(string.ascii_lowercase), min_size=1, max_size=8).map(str.capitalize),
    min_size=1,
    max_size=3,
).map(" ".join)
# Names a byline can list: Han names, or capitalised Latin words (no separators, no "and").
_BYLINE_AUTHORS = st.lists(st.one_of(_HAN_NAMES, _LATIN_NAMES), min_size=1, max_size=3).map(_unique)
_RSS_BODIES = _body(_ALL_KINDS, emphasis=True, multiline=True, images=_RSS_IMAGES)


@st.composite
def _rss_record(draw: st.DrawFn) -> Record:
    style = draw(_RSS_DATE_STYLES)
    retrieved: datetime | None = draw(_RETRIEVAL_TIMES).replace(microsecond=draw(_MILLISECONDS) * 1000)
    assert retrieved is not None
    published = (retrieved - draw(_AGES)).replace(microsecond=0)
    if draw(_ONE_IN_FIVE) == 0:
        retrieved = None  # a "日期：" header line instead of the epoch one
    zone = None
    if style.startswith("local"):
        url, zone = draw(_PUBLISHER_URLS)
        published = published.astimezone(ZoneInfo(zone)).replace(tzinfo=None, second=0)
    else:
        url = draw(urls())
        published = published.astimezone(draw(_OFFSETS))
    return Record(
        title=draw(single_lines()),
        body=draw(_RSS_BODIES),
        url=url,
        published=published,
        zone=zone,
        date_style=style,
        retrieved=retrieved,
        authors=draw(_BYLINE_AUTHORS if style == "byline" else value_lists(3)),
        categories=draw(value_lists(3)),
        tags=draw(value_lists(3)),
        bold_headings=draw(_BOOLEANS),
    )


def _share_front_matter(records: list[Record]) -> list[Record]:
    """Later items of a file get the first item's front matter lists (a byline still names its own authors)."""
    first = records[0]
    shared_authors = first.authors if first.date_style != "byline" else ()
    return [first] + [
        replace(
            record,
            authors=record.authors if record.date_style == "byline" else shared_authors,
            categories=first.categories,
            tags=first.tags,
        )
        for record in records[1:]
    ]


def rss_records() -> st.SearchStrategy[list[Record]]:
    """One to three items of an RSS-markdown file that the format can hold (see :func:`renderers.rss_carries`)."""
    return _RSS_RECORDS


_RSS_RECORDS = (
    st.lists(_rss_record(), min_size=1, max_size=3)
    .map(_share_front_matter)
    .filter(lambda records: all(rss_carries(record) for record in records))
)

_HUGO_DATE_STYLES: st.SearchStrategy[DateStyle] = st.sampled_from(
    ["none", "yaml-string", "yaml-timestamp", "date-only", "local"]
)
_MICROSECONDS = st.integers(0, 999_999)
_OPTIONAL_URLS = st.none() | urls()
_HUGO_BODIES = _body(_ALL_KINDS, emphasis=True, multiline=True, images=_HUGO_IMAGES)


@st.composite
def _hugo_record(draw: st.DrawFn) -> Record:
    style = draw(_HUGO_DATE_STYLES)
    known = draw(_BOOLEANS)
    url: str | None
    zone: str | None = None
    if known:
        url, zone = draw(_PUBLISHER_URLS)
    else:
        url = draw(_OPTIONAL_URLS)
    flags: tuple[str, ...] = ()
    published: datetime | None = None
    if style in ("yaml-string", "yaml-timestamp"):
        published = draw(_LOCAL_TIMES).replace(microsecond=draw(_MICROSECONDS), tzinfo=draw(_OFFSETS))
        zone = None
    elif style in ("date-only", "local"):
        published = draw(_LOCAL_TIMES)
        if style == "date-only":
            published = published.replace(hour=0, minute=0, second=0)
            flags += ("published-date-only",)
        if not known:
            zone = "UTC"
            flags += ("published-zone-unknown",)
    return Record(
        title=draw(single_lines()),
        body=draw(_HUGO_BODIES),
        url=url,
        published=published,
        zone=zone,
        date_style=style,
        authors=draw(value_lists(3)),
        categories=draw(value_lists(3)),
        tags=draw(value_lists(3)),
        flags=flags,
    )


def hugo_records() -> st.SearchStrategy[Record]:
    """A Hugo file's record; the date in any of the ways front matter writes one."""
    return _HUGO_RECORDS


def hugo_carried_records() -> st.SearchStrategy[Record]:
    """Hugo records the format can hold (see :func:`renderers.hugo_carries`)."""
    return _HUGO_CARRIED


_HUGO_RECORDS = _hugo_record()
_HUGO_CARRIED = _HUGO_RECORDS.filter(hugo_carries)
_SECONDS = st.sampled_from([0, 7, 59])
_AT_MOST_ONE = st.lists(single_lines(), max_size=1).map(tuple)


def daydaynews_records() -> st.SearchStrategy[Record]:
    """A 天天要聞 scrape's record: paragraphs, caption-only images, one category or none."""
    return _DAYDAYNEWS_RECORDS


def daydaynews_carried_records() -> st.SearchStrategy[Record]:
    """Scrape records the format can hold (see :func:`renderers.daydaynews_carries`)."""
    return _DAYDAYNEWS_CARRIED


_DAYDAYNEWS_RECORDS = st.builds(
    Record,
    title=single_lines(),
    body=_body(("paragraph",), emphasis=False, multiline=True, images=_CAPTION_ONLY_IMAGES),
    published=_LOCAL_TIMES,
    zone=st.just(SHANGHAI),
    date_style=st.just("plain"),
    categories=_AT_MOST_ONE,
)
_DAYDAYNEWS_CARRIED = _DAYDAYNEWS_RECORDS.filter(daydaynews_carries)


def selfmedia_records() -> st.SearchStrategy[Record]:
    """A self-media scrape's record: paragraphs and subheadings, one author or none."""
    return _SELFMEDIA_RECORDS


def selfmedia_carried_records() -> st.SearchStrategy[Record]:
    """Scrape records the format can hold (see :func:`renderers.selfmedia_carries`)."""
    return _SELFMEDIA_CARRIED


_SELFMEDIA_RECORDS = st.builds(
    Record,
    title=single_lines(),
    body=_body(("paragraph", "heading"), emphasis=False, multiline=True, images=None),
    published=st.builds(lambda moment, second: moment.replace(second=second), _LOCAL_TIMES, _SECONDS),
    zone=st.just(SHANGHAI),
    date_style=st.just("plain"),
    authors=_AT_MOST_ONE,
).map(selfmedia_adapt)
_SELFMEDIA_CARRIED = _SELFMEDIA_RECORDS.filter(selfmedia_carries)
