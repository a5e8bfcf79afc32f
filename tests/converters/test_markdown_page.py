"""markdown-page: hand-checked goldens of real Markdown article pages, and the page rules on small cases."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from converter_checks import assert_valid
from hypothesis import given
from hypothesis import strategies as st

from articlekit.converters import detect, markdown_page
from articlekit.converters.base import Source
from articlekit.errors import REJECT_CODES, ConversionError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "markdown-page"
_LOCAL_MIDNIGHT = ["published-zone-unknown", "published-date-only"]


def _convert(text: str, path: str = "<text>"):
    (article,) = markdown_page.convert(Source.from_text(text, path))
    assert_valid(article)
    return article


@pytest.mark.parametrize(
    ("name", "title", "published", "count", "first", "last"),
    [
        (
            "verge3d-cn-verge3d-3-0-for-maya-released.md",
            "Verge3D for Maya 正式版发布",
            datetime(2020, 3, 12, tzinfo=UTC),
            24,
            "Verge3D for Maya正式发布了！这是我们又一个新的里程碑！",
            "Verge3D for Maya的发行版中，都有什么内容？",
        ),
        (
            "verge3d-cn-verge3d-3-1-1-released.md",
            "Verge3D 3.1.1 发布",
            datetime(2020, 5, 6, tzinfo=UTC),
            19,
            "此次更新修复了Verge3D 3.1 for Blender/3ds Max/Maya版中发现的一些错误。",
            "修复了3ds Max导出的材质值不正确的问题。",
        ),
        (
            "verge3d-cn-verge3d-3-7-1-maintenance-update.md",
            "Verge3D 3.7.1维护更新",
            datetime(2021, 6, 22, tzinfo=UTC),
            12,
            "这次Verge3D for Blender, 3ds Max和Maya的维护更新修复了在3.7版中发现的几个问题",
            "如果你受到上述问题的影响，或者想使用介绍中的改进功能，"
            "请用Verge3D 3.7.1升级您的应用。一如既往，在这里下载最新版。",
        ),
    ],
)
def test_real_pages(name, title, published, count, first, last):
    article = _convert((FIXTURES / name).read_text(encoding="utf-8"), name)
    assert article.title == title
    assert article.url is None
    assert article.authors == []
    assert article.published_at == published
    assert article.flags == _LOCAL_MIDNIGHT
    assert len(article.blocks) == count
    assert article.blocks[0].text.startswith(first)
    assert article.blocks[-1].text == last


WIKI_PAGE = """[← 返回首页](../index.md)

## 人工智能周报 :rocket:

2025-04-19 10:30 · 作者：张三

本周[[zh:人工智能]]领域有新进展 :smile:，[[en:Large language model|大模型]]继续发展。

### 细节

第二段文字。

[上一篇](2025-04-12.md) | [下一篇](2025-04-26.md)
"""


def test_wiki_markup_emoji_navigation_and_byline():
    article = _convert(WIKI_PAGE)
    assert article.title == "人工智能周报 🚀"
    assert article.authors == ["张三"]
    assert article.published_at is not None
    assert article.published_at.isoformat() == "2025-04-19T10:30:00+00:00"
    assert [(block.kind, block.text) for block in article.blocks] == [
        ("paragraph", "本周人工智能领域有新进展 😄，大模型继续发展。"),
        ("heading", "细节"),
        ("paragraph", "第二段文字。"),
    ]
    assert detect(Source.from_text(WIKI_PAGE)).format == "markdown-page"


def test_a_page_is_not_claimed_by_the_plain_text_converters():
    scores = dict(detect(Source.from_text("# 标题\n2025-04-19 10:12:48\n\n正文。\n")).scores)
    assert scores["selfmedia-text"] == 0.0
    assert scores["daydaynews-text"] == 0.0
    assert scores["markdown-page"] == 0.8


def test_front_matter_is_not_a_plain_page():
    with pytest.raises(ConversionError) as error:
        list(markdown_page.convert(Source.from_text("---\ntitle: x\n---\n# T\n2025-01-01\n\nText.\n")))
    assert error.value.code == "bad-header"


def test_a_page_without_text_is_no_body():
    with pytest.raises(ConversionError) as error:
        list(markdown_page.convert(Source.from_text("## Title\n\n2025-01-01\n\n[返回目录](index.md)\n")))
    assert error.value.code == "no-body"


_MARKDOWN_PIECES = st.sampled_from(
    [
        "# ", "## ", "### ", "- ", "> ", "---", "作者：", "2025-04-19 10:00", "April 19, 2025", "[返回](index.md)",
        "[[en:Term]]", ":rocket:", "**", "<div>", "\n", "\n\n", " ", "标题", "text", "by Jane Doe", "|",
    ]
)  # fmt: skip


@given(st.lists(st.one_of(_MARKDOWN_PIECES, st.text(max_size=8)), max_size=60).map("".join))
def test_any_markdown_gives_one_valid_record_or_a_conversion_error(text):
    source = Source.from_text(text)
    assert 0.0 <= markdown_page.sniff(source) <= 1.0
    try:
        (article,) = markdown_page.convert(source)
    except ConversionError as error:
        code: str | None = error.code
    else:
        code = None
    if code is not None:
        assert code in REJECT_CODES
        return
    assert_valid(article)
    assert not article.title.startswith(("#", "<"))
