"""Hypothesis strategies for broken sources: arbitrary and structured bytes and text.

Arbitrary bytes and text alone rarely get past a converter's first check, so
most examples are built from what the formats are made of (their marker lines,
HTML and Markdown fragments, front matter, date lines, the seeds themselves)
and then broken: cut, spliced, re-encoded, gzipped, with mixed line endings.
"""

from __future__ import annotations

import gzip
from functools import cache

from hypothesis import strategies as st
from paths import SEEDS
from renderers import render_daydaynews_text, render_hugo_markdown, render_rss_markdown, render_selfmedia_text
from round_trip_strategies import daydaynews_records, hugo_records, rss_records, selfmedia_records, styles

# Pieces of every format, and of what breaks them. Each is a line or a fragment of one.
MARKERS = (
    # rss-markdown
    "<!--1739003943000-->",
    "<!--1739003943-->",
    "<!--99999999999999999999-->",
    "<!-- 0 -->",
    "日期：2025-02-08 16:38",
    "[寻求安全保证](https://www.voachinese.com/a/1.html)",
    "[t](<https://www.rfi.fr/cn/a b>)",
    "[\\[x\\]](https://example.com/(a))",
    "------",
    "<div><i>Sat, 08 Feb 2025 08:38:35 GMT</i></div>",
    "<div>28/01/2022 - 14:56</div>",
    "<div>31/02/2022 - 14:56</div>",
    "<p>记者 张三<br>2025-02-08 16:38</p>",
    "<p><time datetime='2025-02-30T10:00:00Z'>昨天</time></p>",
    "<p><strong>小标题</strong></p>",
    "<p> </p>",
    "Array",
    "<div class='ad share related'>广告</div>",
    "<img src='https://images.weserv.nl?url=ssl:a.com/x.jpg'><div><small>图说</small></div>",
    "<figure><figcaption>无图的说明</figcaption></figure>",
    "<ul><li><a href='https://a.com/1'>相关</a></li></ul>",
    "<div><div><div><p>深",
    "</p></div></div>",
    "<script>alert(1)</script>",
    "&amp;&lt;&#x4e2d;&#0;&#xD800;&bogus;",
    # daydaynews-text
    "2025年02月10日11:20:38 國際 7927",
    "2025年02月31日24:61:99 國際 1.2萬",
    "0000年00月00日00:00:00",
    "俄副外長放風 - 天天要聞(俄高官放風)",
    "標題 - 天天要聞",
    "國際分類資訊推薦",
    # selfmedia-text
    "张麻子脸上 2025-04-19 10:12:48",
    "2025-04-19 10:12",
    "9999-99-99 99:99:99",
    "0 阅读:0",
    "1.2万 閱讀：3",
    "感谢大家的关注",
    "不干了!特朗普感受到了深深的挫败",
    # hugo-markdown
    "---",
    "+++",
    "...",
    "title: 特朗普与俄乌总统通电话",
    'title = "x"',
    'date: "2025-02-13 07:56:15"',
    "date: 2025-02-31",
    "date: 0001-01-01T00:00:00Z",
    "categories: [a, b]",
    "tags:\n  - x",
    "lang: zh-CN",
    "a: &a [x, x]\nb: [*a, *a, *a]",
    "t: !!python/object/apply:os.system ['true']",
    "- a list",
    "just a scalar",
    "**“当前需共同努力”**这一观点",
    "特朗普与普京通话\n-------",
    "# 标题",
    "> 引用",
    "![图说](https://a.com/x.jpg)",
    '{{< figure src="a.jpg" caption="说明" >}}',
    "{{% /note %}}",
    "风险提示及免责条款",
    "[wallstreetcn](https://wallstreetcn.com/articles/3740987)",
    "```",
    "| a | b |\n|---|---|",
    # anything
    "",
    " ",
    "\t",
    "\ufeff",
    "\u2028",
    "\x00",
    "\x85",
    "\ud800",
    "\u200b",
    "e\u0301",
    "😀",
)
_NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])
_CODECS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030", "gbk", "big5", "cp1252"])


@cache
def seed_texts() -> tuple[str, ...]:
    """The seeds' texts, in name order."""
    return tuple(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))


def _lines() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(MARKERS), st.text(max_size=40))


@st.composite
def format_texts(draw: st.DrawFn) -> str:
    """Texts that look like a source of some format: marker lines and random lines, any line ending."""
    lines = draw(st.lists(_lines(), max_size=16))
    return draw(_NEWLINES).join(lines)


@st.composite
def broken(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> str:
    """A text with a few random edits: a cut, a spliced-in fragment, a dropped or doubled span."""
    text = draw(texts)
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 400)))
        edit = draw(st.sampled_from(["cut", "insert", "drop", "double", "newlines"]))
        if edit == "cut":
            text = text[:start]
        elif edit == "insert":
            text = text[:start] + draw(_lines()) + text[start:]
        elif edit == "drop":
            text = text[:start] + text[end:]
        elif edit == "double":
            text = text[:end] + text[start:end] + text[end:]
        else:
            text = text.replace("\n", draw(_NEWLINES))
    return text


def rendered_texts() -> st.SearchStrategy[str]:
    """Valid sources of every format, written by the round trip's renderers."""
    return st.one_of(
        st.builds(render_rss_markdown, rss_records(), styles()),
        st.builds(render_hugo_markdown, hugo_records(), styles()),
        st.builds(render_daydaynews_text, daydaynews_records(), styles()),
        st.builds(render_selfmedia_text, selfmedia_records(), styles()),
    )


def any_texts() -> st.SearchStrategy[str]:
    """Arbitrary text (lone surrogates included), format-like text, broken seeds and broken rendered sources."""
    return st.one_of(
        st.text(max_size=200),
        format_texts(),
        broken(st.sampled_from(seed_texts())),
        broken(rendered_texts()),
    )


@st.composite
def encoded(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> bytes:
    """A text encoded in a codec sources come in (characters it cannot hold replaced), maybe cut short."""
    data = draw(texts).encode(draw(_CODECS), "replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


@st.composite
def gzipped(draw: st.DrawFn, payloads: st.SearchStrategy[bytes]) -> bytes:
    """A gzip stream of a payload, sometimes truncated or with flipped bytes."""
    data = gzip.compress(draw(payloads), mtime=0)
    damage = draw(st.sampled_from(["none", "truncate", "flip"]))
    if damage == "truncate":
        data = data[: draw(st.integers(2, len(data)))]
    elif damage == "flip":
        position = draw(st.integers(2, len(data) - 1))
        data = data[:position] + bytes([data[position] ^ 0xFF]) + data[position + 1 :]
    return data


def any_bytes() -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, encoded (and broken) texts of every kind, and gzip streams of them."""
    plain = st.one_of(st.binary(max_size=300), encoded(any_texts()))
    return st.one_of(plain, gzipped(plain))
