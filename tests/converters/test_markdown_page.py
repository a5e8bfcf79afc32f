"""markdown-page: hand-checked goldens of real Markdown article pages, and the page rules on small cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from converter_checks import assert_valid
from hypothesis import given
from hypothesis import strategies as st

from articlekit.converters import _markdown_articles as shared
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


_SHANGHAI = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("name", "title", "url", "source", "published", "flags", "authors", "count", "first", "last"),
    [
        (
            # maxzyma/articleread: a WeChat article archived under a quoted header (source + date, author, link).
            "maxzyma-articleread-ai-coding-vibe-to-sdd.md",
            "AI编码实践：从Vibe Coding到SDD",
            "https://mp.weixin.qq.com/s/W6-e-uSPcGCqQAXxx_PDgA",
            "微信公众号 阿里云开发者",
            datetime(2026, 1, 23, tzinfo=_SHANGHAI),
            ["published-date-only"],
            ["式遂"],
            8,
            "核心观点",
            "2024年初，团队开始探索AI编程工具，希望通过AI提升开发效率和代码质量。最初接触的是Aone Copilot"
            "（阿里内部AI工具）的代码智能补全功能，后来逐步尝试Agentic Coding、Rules约束、SDD"
            "（Specification Driven Development，规格驱动开发）等多种AI编程模式。"
            "本文将详细记录我们的探索历程、实践经验以及对AI编程未来的思考。",
        ),
        (
            # The source line carries the date and a place: "来源：新智元，2026年1月26日 北京".
            "maxzyma-articleread-clawdbot.md",
            "Clawdbot一夜爆红，首个0员工公司诞生！7×24h永不下班",
            "https://mp.weixin.qq.com/s/7GZxu1i4AGJ5S0uCkJyVig",
            "新智元",
            datetime(2026, 1, 26, tzinfo=_SHANGHAI),
            ["published-date-only"],
            [],
            7,
            "【新智元导读】 7×24h「全职AI员工」实火！退休码农造出神级Clawdbot，"
            "在硅谷红遍半边天，就连谷歌大佬也入局了。",
            "就连谷歌大佬Logan Kilpatrick也没忍住，跟风买了一台Mac mini。",
        ),
        (
            # 2003scape/rsc-news-archives: "# title" then "*Published Thursday, December 12, 2002*" on the next line.
            "rsc-news-archives-agility-skill-online.md",
            "Agility skill online",
            None,
            None,
            datetime(2002, 12, 12, tzinfo=UTC),
            _LOCAL_MIDNIGHT,
            [],
            2,
            "We've just added another massive members update. The long awaited agility skill is finally available. "
            "You can practice on two different training courses, or try the agility dungeon.",
            'We\'ve also added a new quest which uses the agility skill - called the "Grand tree quest". This is set '
            "in an enormous new area called the Gnome stronghold which also includes loads more besides the quest. "
            "Even more agility quests will of course be added in future updates.",
        ),
        (
            "rsc-news-archives-the-biggest-update-ever.md",
            "The biggest update ever...",
            None,
            None,
            datetime(2003, 2, 13, tzinfo=UTC),
            _LOCAL_MIDNIGHT,
            [],
            6,
            "We just wanted to let you know how things are going with the big 3-D update.",
            "Runescape will of course be the same game that you know and love- just with more features and things "
            "to do. Watch this space for some sneak previews!",
        ),
        (
            # microsoft/pxt's MakeCode blog: "**Posted on February 3, 2025 by [Thomas Ball](…)**" under the title.
            "makecode-blog-display-shield.md",
            "Display shield extension and simulator for the micro:bit",
            None,
            None,
            datetime(2025, 2, 3, tzinfo=UTC),
            _LOCAL_MIDNIGHT,
            ["Thomas Ball"],
            13,
            "Background",
            "Special thanks to Eric Anderson for his work on the simulator extension framework for MakeCode and for "
            "building the display shield simulator.",
        ),
        (
            "makecode-blog-csed-week-2020.md",
            "Fun MakeCode stuff for CS Education Week 2020",
            None,
            None,
            datetime(2020, 12, 4, tzinfo=UTC),
            _LOCAL_MIDNIGHT,
            ["Jaqster"],
            21,
            "Hooray!!! It\u2019s the end of 2020! And Computer Science Education Week is here!",
            "The MakeCode Team",
        ),
    ],
)
def test_real_pages_from_other_sites(name, title, url, source, published, flags, authors, count, first, last):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert detect(Source.from_text(text, name)).format == "markdown-page"
    article = _convert(text, name)
    assert article.title == title
    assert article.url == url
    assert article.source.name == source
    assert article.published_at == published
    assert article.published_at.utcoffset() == published.utcoffset()
    assert article.flags == flags
    assert article.authors == authors
    assert len(article.blocks) == count
    assert article.blocks[0].text == first
    assert article.blocks[-1].text == last
    assert not any(block.text.startswith(("Posted on", "来源", "> ", "*")) for block in article.blocks)


@pytest.mark.parametrize(
    ("name", "title", "url", "authors", "language", "count", "first", "last"),
    [
        (
            # xitu/gold-miner: the quoted header above the title names the original, its author, the
            # translators and this translation's own permanent link; two closing notes of the project.
            "gold-miner-apple-announces-wwdc-2021.md",
            "Apple WWDC 21 回归，6 月 7 日线上不见不散！",
            "https://github.com/xitu/gold-miner/blob/master/article/2021/apple-announces-june-7-start-date-for-wwdc-2021.md",
            ["Eli Blumenthal"],
            "zh-Hans",
            4,
            "Apple 的开发者大会来了！",
            "与此同时，一些项目可能还需要数年的时间，比如某些类型的头戴式耳机可能会在明年推出，"
            "并且苹果有可能会梳理其他的一些工作，以促进苹果生态开发者的 App 创意落地。",
        ),
        (
            # dawn-teams/translate: the same header with an empty 译文链接 and a rule before the title,
            # so the original's address is the url.
            "dawn-teams-translate-javascript-timers.md",
            "A tour of JavaScript timers on the web",
            "https://scotch.io/@alloys/how-to-build-an-rpc-based-api-with-nodejs",
            ["Nolan Lawson"],
            "en",
            14,
            "Pop quiz: what is the difference between these JavaScript timers?",
            "So that\u2019s my whirlwind tour of the various timer functions available in the browser, and how you "
            "might use them. I probably missed a few, because there are certainly some exotic ones out there "
            "(postMessage or lifecycle events, anyone?). But hopefully this at least provides a good overview of "
            "how I think about JavaScript timers on the web.",
        ),
    ],
)
def test_real_translated_pages_with_their_header_above_the_title(
    name, title, url, authors, language, count, first, last
):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert detect(Source.from_text(text, name)).format == "markdown-page"
    article = _convert(text, name)
    assert (article.title, article.url, article.authors, article.language) == (title, url, authors, language)
    assert (article.published_at, article.source.name, article.flags) == (None, None, [])
    assert len(article.blocks) == count
    assert article.blocks[0].text == first
    assert article.blocks[-1].text == last
    assert not any(("原文" in block.text or "译者" in block.text or "译文" in block.text) for block in article.blocks)


def test_a_translation_header_with_labels_of_its_own_under_the_title():
    # "> 原文标题/原文链接/原文作者/发布日期" lines, then the archive's own 翻译模型/评分/排版 lines, in one quote.
    name = "anthropic-translation-confidential-inference.md"
    article = _convert((FIXTURES / name).read_text(encoding="utf-8"), name)
    assert article.title == "经可信虚拟机实现的机密推理（中英对照）"
    assert article.url == "https://www.anthropic.com/research/confidential-inference-trusted-vms"
    assert article.published_at == datetime(2025, 6, 18, tzinfo=UTC)
    assert article.authors == ["Anthropic（与 Pattern Labs 合作发布报告）"]
    assert [(block.kind, block.text) for block in article.blocks][:2] == [
        (
            "paragraph",
            "Every day, millions of users entrust Claude with sensitive information—from proprietary code to "
            "confidential business strategies.",
        ),
        ("paragraph", "每天都有数百万用户把敏感信息托付给 Claude——从专有代码到机密的商业战略。"),
    ]
    assert len(article.blocks) == 5


def test_labels_of_its_own_need_two_known_lines_before_them():
    text = "# 标题\n\n> 发布日期：2025-06-18\n> 评分：五星\n\n正文第一段。\n"
    assert [block.text for block in _convert(text).blocks] == ["评分：五星", "正文第一段。"]


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "原文链接：https://a.example/c\n发布日期：2025-06-18\n翻译模型：GLM\n评分：5",
            [("url", "https://a.example/c"), ("time", "2025-06-18")],
        ),
        ("发布日期：2025-06-18\n翻译模型：GLM\n评分：5", None),  # fewer known lines than unknown ones
        ("原文链接：https://a.example/c\n发布日期：2025-06-18\n这是一句话。", None),  # a sentence is no label line
    ],
)
def test_header_pairs_take_known_lines_and_pass_over_labels_of_the_archives_own(text, pairs):
    assert shared.header_pairs(text) == pairs


def test_a_permalink_above_the_title_wins_over_the_original_address():
    text = (
        "> * 原文地址：[Original](https://news.example.com/a)\n> * 原文作者：Jane Doe\n"
        "> * 本文永久链接：https://translations.example.org/a.md\n> * 译者：李四\n\n# 标题\n\n正文。\n"
    )
    assert markdown_page.sniff(Source.from_text(text)) == 0.8
    article = _convert(text)
    assert (article.url, article.authors, [block.text for block in article.blocks]) == (
        "https://translations.example.org/a.md",
        ["Jane Doe"],
        ["正文。"],
    )


@pytest.mark.parametrize(
    "lead",
    [
        "> * 译者：李四\n> * 校对者：王五\n",  # contributors only: nothing says whose article or where from
        "> * 原文地址：https://news.example.com/a\n",  # one line is not a header
        "> * 原文地址：https://news.example.com/a\n> * 原文作者：Jane Doe\n\nA sentence above the title.\n",
    ],
)
def test_lines_above_the_title_head_the_page_only_as_a_metadata_header(lead):
    text = lead + "\n# 标题\n\n正文。\n"
    assert markdown_page.sniff(Source.from_text(text)) == 0.0


def test_a_header_of_contributors_alone_above_the_title_is_no_page():
    with pytest.raises(ConversionError) as caught:
        _convert("> * 译者：李四\n> * 校对者：王五\n\n# 标题\n\n正文。\n")
    assert caught.value.code == "bad-header"


def test_a_translation_note_is_chrome_but_a_sentence_about_translation_tools_is_text():
    text = (
        "> * 原文地址：https://news.example.com/a\n> * 原文作者：Jane Doe\n\n# 标题\n\n"
        "Google 翻译是一个翻译工具，每天有数亿人使用。\n\n"
        "> 如果发现译文存在错误或其他需要改进的地方，欢迎提交修改。\n\n"
        "> 某某翻译计划 是一个翻译优质技术文章的社区，想要查看更多优质译文请持续关注。\n"
    )
    assert [block.text for block in _convert(text).blocks] == ["Google 翻译是一个翻译工具，每天有数亿人使用。"]


def test_a_posted_on_byline_under_the_title_is_the_date_line_not_dropped_chrome():
    text = "# Release notes\n\n**Posted on March 24th, 2025 by [Jane Doe](https://example.org/jane)**\n\nText.\n"
    article = _convert(text)
    assert (article.published_at, article.authors, [b.text for b in article.blocks]) == (
        datetime(2025, 3, 24, tzinfo=UTC),
        ["Jane Doe"],
        ["Text."],
    )


def test_the_header_lines_may_share_one_quoted_paragraph_and_follow_a_cover_image():
    text = (
        "# 标题\n\n![封面](https://img.example.com/a.png)\n\n"
        "> 来源：某公众号，2025-04-19\n> 作者：张三\n> 原文链接：https://mp.weixin.qq.com/s/abc\n\n正文。\n"
    )
    assert markdown_page.sniff(Source.from_text(text)) == 0.8
    article = _convert(text)
    assert (article.source.name, article.authors, article.url, [b.text for b in article.blocks]) == (
        "某公众号",
        ["张三"],
        "https://mp.weixin.qq.com/s/abc",
        ["正文。"],
    )
    assert article.published_at == datetime(2025, 4, 19, tzinfo=_SHANGHAI)
    assert [image.url for image in article.images] == ["https://img.example.com/a.png"]


def test_a_source_line_whose_date_is_followed_by_a_sentence_keeps_its_text():
    text = "# 标题\n\n来源：甲社，2024-05-01 发布的第三版调查报告摘要\n\n2025-04-19\n\n正文。\n"
    article = _convert(text)
    assert article.source.name == "甲社，2024-05-01 发布的第三版调查报告摘要"
    assert article.published_at == datetime(2025, 4, 19, tzinfo=UTC)


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


def test_an_undated_note_under_a_title_is_no_article_page():
    # VitePress/VuePress notes and READMEs share this shape (a heading, then text): without a date line
    # or a metadata header nothing tells a note from a project's documentation, so neither is claimed.
    text = (
        "# VitePress 是什么？\n\nVitePress 是一个静态站点生成器，专为构建快速、以内容为中心的站点而设计。\n\n"
        "## 使用场景\n\n文档站点与博客。\n"
    )
    source = Source.from_text(text, path="docs/guide/what-is-vitepress.md")
    assert markdown_page.sniff(source) == 0.0
    assert detect(source).format is None


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
