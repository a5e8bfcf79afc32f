"""markdown-digest: hand-checked goldens of real digests, per-item rejects, and render -> convert round trips."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from converter_checks import assert_valid
from hypothesis import given
from hypothesis import strategies as st

from articlekit.converters import detect, markdown_digest
from articlekit.converters.base import ItemRejected, Source
from articlekit.errors import ConversionError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "markdown-digest"


def _convert(name: str) -> list:
    data = (FIXTURES / name).read_bytes()
    return list(markdown_digest.convert(Source(path=name, data=data, text=data.decode("utf-8"))))


def test_brickea_digest_gives_one_article_per_item_with_its_own_time_and_url():
    articles = _convert("brickea-news-collector-2026-03-04.md")
    assert len(articles) == 3
    first, _, last = articles
    for article in articles:
        assert_valid(article)
    assert first.title == "Why AI startups are selling the same equity at two different prices"
    assert first.url == (
        "https://techcrunch.com/2026/03/03/why-ai-startups-are-selling-the-same-equity-at-two-different-prices/"
    )
    assert first.published_at == datetime(2026, 3, 4, 0, 31, 25, tzinfo=UTC)
    assert first.authors == []
    assert len(first.blocks) == 4
    assert first.blocks[0].kind == "quote"
    assert first.blocks[0].text.startswith("Some AI founders are using a novel valuation mechanism")
    assert first.blocks[-1].text == "一些人工智能创始人正在使用一种新颖的估值机制来制造独角兽地位。"
    assert last.title == "Alibaba\u2019s Qwen tech lead steps down after major AI push"
    assert last.published_at == datetime(2026, 3, 3, 23, 16, 36, tzinfo=UTC)
    assert not any(article.title.startswith(("#", "<")) for article in articles)


def test_kingoahuy_digest_reads_source_lines_and_skips_the_digest_sections():
    articles = _convert("kingoahuy-daily-news-2026-06-06.md")
    assert [article.title for article in articles] == [
        "Here comes new Siri again",
        "Trump to meet AI leaders to discuss US investment in their companies",
        "Meta made its own AI-generated clickbait news feed",
        "US stocks slump as fears over Big Tech shake Wall Street",
        "Wolfe Research Says AI Investment and Wealth Gains Continue to Support U.S. Growth",
    ]
    first, last = articles[0], articles[-1]
    assert first.url == "https://www.theverge.com/tech/944245/apple-wwdc-2026-ai-siri-gemini"
    assert first.source.name == "The Verge"
    assert first.published_at is None
    assert first.authors == []
    assert len(first.blocks) == 2
    assert first.blocks[0].text.startswith("事实：苹果将在周一WWDC上")
    assert first.blocks[-1].text == "影响：苹果AI战略的再次展示可能影响其智能助手市场竞争力，以及其开发者生态。"
    assert last.url == "https://finance.yahoo.com/economy/articles/wolfe-research-says-ai-investment-145028020.html"
    assert last.source.name == "Yahoo Finance"
    assert len(last.blocks) == 3
    assert last.blocks[-1].text == "相关板块：美股 / AI"
    # The digest's own title, summary and closing observation are no articles.
    assert all("今日观察" not in article.text and "今日重点" not in article.title for article in articles)


def test_jobcher_digest_takes_url_and_author_lines():
    articles = _convert("jobcher-github-trending-2026-08-22.md")
    assert [(a.title, a.url, a.authors) for a in articles] == [
        ("mattpocock/skills", "https://github.com/mattpocock/skills", ["mattpocock"]),
        (
            "mahlernim/google-timeline-visualizer",
            "https://github.com/mahlernim/google-timeline-visualizer",
            ["mahlernim"],
        ),
        ("harry0703/MoneyPrinterTurbo", "https://github.com/harry0703/MoneyPrinterTurbo", ["harry0703"]),
    ]
    assert [len(a.blocks) for a in articles] == [1, 1, 1]
    assert articles[0].blocks[0].text == "简介: 真正工程师的技能。直接从我的特工目录中。"


def test_items_without_text_are_per_item_rejects_with_their_positions():
    results = _convert("reigadegr-daily-news-2026-02-10.md")
    assert [(r.position, r.code) for r in results if isinstance(r, ItemRejected)] == [
        (1, "no-body"), (2, "no-body"), (3, "no-body"), (4, "no-body"), (5, "no-body"),
    ]  # fmt: skip
    assert results[3].item == "Русский язык"


def test_link_list_digest_reads_bare_addresses_and_rejects_items_without_text():
    # neruthes/webdigest: "#### title" then bare address lines (the article, then its discussion thread).
    # Items that are only a title and addresses are no articles: each is a per-item no-body reject.
    source = Source.from_text((FIXTURES / "neruthes-webdigest-2023-04-14.md").read_text(encoding="utf-8"))
    assert detect(source).format == "markdown-digest"
    results = _convert("neruthes-webdigest-2023-04-14.md")
    assert [(r.position, r.code, r.item) for r in results if isinstance(r, ItemRejected)] == [
        (1, "no-body", "Elixir and Rust is a good mix"),
        (2, "no-body", "Surpassing 10Gb/S over Tailscale"),
        (3, "no-body", "AMD Details openSIL For Advancing Open-Source System Firmware"),
        (5, "no-body", "亚马逊参与生成式 AI 竞赛"),
    ]
    articles = [r for r in results if not isinstance(r, ItemRejected)]
    for article in articles:
        assert_valid(article)
    assert [(a.title, a.url, len(a.blocks)) for a in articles] == [
        ("microsoft/DeepSpeed", "https://github.com/microsoft/DeepSpeed", 1),
        (
            "Mother of young boy who shot teacher arrested in Virginia",
            "https://apnews.com/article/9f1a885a6a74bc92f48771b54e77d192",
            1,
        ),
        (
            "'Water was red': Hawaii surfer recalls costly shark attack",
            "https://apnews.com/article/596de17e7c47096275749a663896b99e",
            1,
        ),
    ]
    assert all(a.published_at is None and a.authors == [] for a in articles)
    assert articles[0].blocks[0].text == (
        "DeepSpeed is a deep learning optimization library that makes distributed training and inference"
        " easy, efficient, and effective.\nLanguage: Python\nStars: 15432\nForks: 1770"
    )
    assert articles[1].blocks[0].text.startswith("FILE - Police look on as students return")
    assert articles[2].blocks[0].text.endswith("losing his right foot. (Kamu Morita...")
    # The digest's own lines (other formats, "Web Digest 2023-04-14", section names) are no items.
    assert not any("Web Digest" in a.title or "Other formats" in a.text for a in articles)


def test_workdocyeye_digest_reads_metadata_lines_written_under_one_another():
    # Each item is one Markdown paragraph: "**来源**: X | **时间**: T", "**摘要**: text", "**原文**: [查看详情](url)".
    articles = _convert("workdocyeye-tech-news-2025-05-31.md")
    for article in articles:
        assert_valid(article)
    assert [(a.title, a.url, a.source.name, a.published_at) for a in articles] == [
        (
            "Unity 游戏回顾：2025 年 5 月",
            "https://unity.com/blog/games-made-with-unity-may-2025-releases",
            "Unity Blog",
            datetime(2025, 6, 1, 0, 0, tzinfo=UTC),
        ),
        (
            "这款搭载Google电视技术的超紧凑投影仪现已降至历史最低价",
            "https://www.androidpolice.com/nebula-capsule-3-380-may-deal/",
            "Android Police",
            datetime(2025, 5, 31, 0, 48, tzinfo=UTC),
        ),
        (
            "Pixel Weather 更新采用全屏设计优化地图界面",
            "https://9to5google.com/2025/05/30/pixel-weather-map-update/",
            "9to5Google",
            datetime(2025, 5, 30, 23, 46, tzinfo=UTC),
        ),
    ]
    assert all(a.authors == [] and a.flags == ["published-zone-unknown"] for a in articles)
    assert [[block.text for block in a.blocks] for a in articles[1:]] == [
        ["摘要: 时尚精致，动力强劲，夏日绝配"],
        ["摘要: Google本周为Pixel天气应用推送了小更新，主要优化了手机端地图视图以实现更沉浸的全屏体验。 更多内容…"],
    ]
    assert articles[0].blocks[0].text.startswith("摘要: 五月涌现了一批采用Unity制作的精品游戏")
    # The digest's own overview list and its generated-by footer are no items.
    assert not any("资讯总数" in a.text or "自动生成" in a.text for a in articles)


def test_original_title_lines_of_translated_items_are_no_text():
    # Each item: "## 1. 译名", "**原文标题**: the English title", "**原文链接**: [url](url)", the summary, a rule.
    articles = _convert("amutu-hacker-news-summary-2026-08-22.md")
    assert [(article.title, article.url) for article in articles] == [
        ("Kobo现在可以运行应用了", "https://bandarlabs.github.io/Cobalt/"),
        ("重罪基准", "https://www.felonybench.com/"),
    ]
    for article in articles:
        assert_valid(article)
        assert [block.kind for block in article.blocks] == ["paragraph"]
        assert article.published_at is None  # the digest's date is the day it was made, not the item's
    assert articles[0].blocks[0].text.startswith("Cobalt是一个面向Kobo电子阅读器的开源应用平台")
    assert articles[0].blocks[0].text.endswith("项目与Rakuten Kobo无关联，安装无任何保证。")


def test_metadata_lines_around_the_text_of_one_paragraph_are_read_apart_from_it():
    text = (
        "# Digest\n\n"
        "## 1. One\n来源：甲 | 时间：2025-04-19 10:00\n第一条的正文。\n原文：https://a.example.com/1\n\n"
        "## 2. Two\n> 来源：乙\n> 时间：2025-04-20\n> 第二条的正文。\n"
    )
    first, second = list(markdown_digest.convert(Source.from_text(text)))
    assert (first.source.name, first.url, first.published_at, [b.text for b in first.blocks]) == (
        "甲",
        "https://a.example.com/1",
        datetime(2025, 4, 19, 10, 0, tzinfo=UTC),
        ["第一条的正文。"],
    )
    assert (second.source.name, second.published_at, [(b.kind, b.text) for b in second.blocks]) == (
        "乙",
        datetime(2025, 4, 20, tzinfo=UTC),
        [("quote", "第二条的正文。")],
    )


def test_a_metadata_looking_line_amid_an_items_text_stays_text():
    text = (
        "# Digest\n\n## 1. One\n来源：甲\n\nA library.\nLanguage: Python\nStars: 10\n\n## 2. Two\n来源：乙\n\nMore.\n"
    )
    first, _ = list(markdown_digest.convert(Source.from_text(text)))
    assert [block.text for block in first.blocks] == ["A library. Language: Python Stars: 10"]
    assert first.language == "en"


def test_second_bare_address_is_a_link_not_the_url():
    text = (
        "# Digest\n\n## First item\n\nhttps://a.example.com/1\n\nhttps://talk.example.com/1\n\nText one.\n\n"
        "## Second item\n\nhttps://a.example.com/2\n\nText two.\n"
    )
    first, second = list(markdown_digest.convert(Source.from_text(text)))
    assert (first.url, [link.url for link in first.links], [b.text for b in first.blocks]) == (
        "https://a.example.com/1",
        ["https://talk.example.com/1"],
        ["Text one."],
    )
    assert (second.url, [b.text for b in second.blocks]) == ("https://a.example.com/2", ["Text two."])


def test_a_bare_address_deep_in_a_section_is_no_item_evidence():
    text = "# Notes\n\n## One\n\nSome text.\n\nhttps://a.example.com/1\n\n## Two\n\nMore text.\n\nhttps://a.example.com/2\n"
    assert markdown_digest.sniff(Source.from_text(text)) == 0.0


def test_a_digest_is_not_claimed_by_selfmedia_text():
    text = (
        "# 每日新闻 2025-04-19\n2025-04-19 10:00\n\n"
        "## 1. 标题一\n来源：新华社\n\n正文一。\n\n## 2. 标题二\n来源：新华社\n\n正文二。\n"
    )
    assert detect(Source.from_text(text)).format == "markdown-digest"


def test_one_heading_is_no_digest():
    with pytest.raises(ConversionError) as error:
        list(markdown_digest.convert(Source.from_text("# Title\n\nSource: x\n\nText.\n")))
    assert error.value.code == "bad-header"


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz新闻报道中国市场", min_size=2, max_size=12)


@st.composite
def digest_items(draw: st.DrawFn) -> list[dict[str, object]]:
    """Items of a digest: title, url, time and paragraphs."""
    count = draw(st.integers(min_value=2, max_value=6))
    items = []
    for index in range(count):
        words = draw(st.lists(_WORD, min_size=2, max_size=5))
        paragraphs = draw(st.lists(st.lists(_WORD, min_size=3, max_size=8).map(" ".join), min_size=1, max_size=3))
        when = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1))).replace(
            microsecond=0, tzinfo=UTC
        )
        items.append(
            {
                "title": " ".join(words),
                "url": f"https://news.example.org/{index}/{draw(st.integers(0, 10**6))}",
                "time": when,
                "paragraphs": [paragraph + "。" for paragraph in paragraphs],
            }
        )
    return items


def _render(items: list[dict[str, object]], separator: str) -> str:
    parts = ["# 每日新闻摘要", "", f"归档日期：2025-04-19 · 共 {len(items)} 条", ""]
    for number, item in enumerate(items, start=1):
        parts += [f"## {number}. {item['title']}", "", f"来源：示例 | 时间：{item['time'].isoformat()}"]  # type: ignore[attr-defined]
        parts += ["", f"原文：{item['url']}", ""]
        for paragraph in item["paragraphs"]:  # type: ignore[attr-defined]
            parts += [paragraph, ""]
        parts += [separator, ""] if separator else []
    return "\n".join(parts)


@given(digest_items(), st.sampled_from(["---", "***", ""]))
def test_rendered_digests_convert_back_to_their_items(items, separator):
    source = Source.from_text(_render(items, separator))
    assert markdown_digest.sniff(source) >= 0.5
    articles = list(markdown_digest.convert(source))
    assert len(articles) == len(items)
    for article, item in zip(articles, items, strict=True):
        assert article.title == item["title"]
        assert article.url == item["url"]
        assert article.published_at == item["time"]
        assert [block.text for block in article.blocks] == item["paragraphs"]


_MARKDOWN_PIECES = st.sampled_from(
    [
        "# ", "## ", "### ", "1. ", "- ", "> ", "---", "来源：", "时间：", "Source: ", "Date: ", "原文：",
        "[阅读全文](", "https://example.org/a", ")", "2025-04-19 10:00", "2025年4月19日", "[[zh:词]]", ":smile:",
        "**", "<p>", "</p>", "\n", "\n\n", " ", "标题", "text", "`", "|",
    ]
)  # fmt: skip


@given(st.lists(st.one_of(_MARKDOWN_PIECES, st.text(max_size=8)), max_size=60).map("".join))
def test_any_markdown_gives_valid_records_rejects_or_a_conversion_error(text):
    source = Source.from_text(text)
    assert 0.0 <= markdown_digest.sniff(source) <= 1.0
    try:
        results = list(markdown_digest.convert(source))
    except ConversionError as error:
        code: str | None = error.code
    else:
        code = None
    if code is not None:
        assert code in ("empty", "bad-header")
        return
    assert len(results) >= 2
    for result in results:
        if isinstance(result, ItemRejected):
            assert result.position >= 1
        else:
            assert_valid(result)


def test_the_pipeline_keeps_good_items_and_reports_the_bad_one_with_its_position():
    from articlekit.pipeline import convert_source

    text = (
        "# 每日新闻 · 2025-04-19\n\n共 2 条\n\n"
        "## 1. 有正文的新闻\n\n来源：新华社 | 时间：2025-04-19 10:00\n\n原文：https://www.news.cn/a.html\n\n正文一。\n\n---\n\n"
        "## 2. 只有链接的新闻\n\n来源：新华社\n\n[阅读全文](https://www.news.cn/b.html)\n"
    )
    source = Source.from_text(text, path="digest.md")
    outcome = convert_source(source, detect(source).format)
    assert outcome.reject is None
    (article,) = outcome.articles
    assert (article.title, article.url, article.published_at.isoformat()) == (
        "有正文的新闻",
        "https://www.news.cn/a.html",
        "2025-04-19T10:00:00+00:00",
    )
    assert article.flags == ["published-zone-unknown"]  # news.cn is no known publisher: its local time taken as UTC
    assert [(r.path, r.code, r.position, r.item) for r in outcome.item_rejects] == [
        ("digest.md", "no-body", 2, "只有链接的新闻")
    ]


def test_numbered_paragraph_weekly_gives_one_article_per_linked_item():
    source = Source.from_text((FIXTURES / "ruanyf-weekly-issue-186.md").read_text(encoding="utf-8"))
    assert detect(source).format == "markdown-digest"
    articles = list(markdown_digest.convert(source))
    assert [(article.title, article.url) for article in articles] == [
        (
            "小行星碰撞实验",
            "https://www.cnbc.com/2021/11/23/spacex-launching-nasa-dart-spacecraft-to-crash-into-an-asteroid.html",
        ),
        ("DNA 存储", "http://news.xhby.net/index/202112/t20211201_7332191.shtml"),
        ("阿斯麦光刻机", "https://archive.md/TchSb"),
        ("“元宇宙” 网站", None),
    ]
    assert [block.text for block in articles[1].blocks] == [
        "东南大学团队成功将校训“止于至善”，写入一段 DNA，然后又从 DNA 上读取出来，实现了 DNA 存储技术的新突破。"
    ]
    assert [image.url for image in articles[0].images] == [
        "https://cdn.beekka.com/blogimg/asset/202111/bg2021113008.jpg"
    ]
    # The cover, the quotes (a bare "1、" is no title), the history links and the footer are the issue's own.
    assert all("微世纪" not in article.text and "每周五" not in article.text for article in articles)


def test_numbered_bold_paragraphs_with_metadata_lines_are_items():
    text = (
        "# Weekly news, 2024-05-03\n\n"
        "1. **Rust 1.78 released**\n\nSource: Rust Blog | Date: 2024-05-02\n\nVersion 1.78 brings new diagnostics.\n\n"
        "2. **Python 3.13 beta**\n\nSource: python.org | Date: 2024-05-08\n\nThe first beta is out.\n\n"
        "3. **Go 1.22.3**\n\nSource: go.dev | Date: 2024-05-07\n\nA point release with security fixes.\n"
    )
    source = Source.from_text(text)
    assert markdown_digest.sniff(source) == 0.9
    articles = list(markdown_digest.convert(source))
    assert [(article.title, article.source.name, article.published_at) for article in articles] == [
        ("Rust 1.78 released", "Rust Blog", datetime(2024, 5, 2, tzinfo=UTC)),
        ("Python 3.13 beta", "python.org", datetime(2024, 5, 8, tzinfo=UTC)),
        ("Go 1.22.3", "go.dev", datetime(2024, 5, 7, tzinfo=UTC)),
    ]
    assert articles[2].text == "A point release with security fixes."


def test_list_items_of_a_linked_title_and_text_are_items():
    text = (
        "# This week\n\n"
        "1. [Rust 1.78 released](https://blog.rust-lang.org/2024/05/02/Rust-1.78.0.html)\n\n"
        "   Version 1.78 brings new diagnostics.\n\n"
        "2. [Python 3.13 beta](https://www.python.org/downloads/release/python-3130b1/)\n\n"
        "   The first beta is out.\n\n"
        "3. [Go 1.22.3](https://go.dev/doc/devel/release)\n\n   A point release with security fixes.\n"
    )
    source = Source.from_text(text)
    assert detect(source).format == "markdown-digest"
    articles = list(markdown_digest.convert(source))
    assert [(article.title, article.url, article.text) for article in articles] == [
        (
            "Rust 1.78 released",
            "https://blog.rust-lang.org/2024/05/02/Rust-1.78.0.html",
            "Version 1.78 brings new diagnostics.",
        ),
        ("Python 3.13 beta", "https://www.python.org/downloads/release/python-3130b1/", "The first beta is out."),
        ("Go 1.22.3", "https://go.dev/doc/devel/release", "A point release with security fixes."),
    ]


_NOT_DIGESTS = {
    # a list of links, tight or with one-line descriptions: no item has text of its own
    "link list": "# Awesome\n\n1. [Rust](https://www.rust-lang.org/)\n2. [Python](https://www.python.org/)\n"
    "3. [Go](https://go.dev/)\n\n- [Rust](https://www.rust-lang.org/) - a language.\n"
    "- [Go](https://go.dev/) - another one.\n",
    # an article that numbers its points in bold
    "numbered points": "# 如何写好周报\n\n1、**背景**\n\n很多团队要求写周报。\n\n"
    "2、**方法**\n\n先列出本周完成的事情。\n\n3、**总结**\n\n周报贵在坚持。\n",
}


@pytest.mark.parametrize("text", _NOT_DIGESTS.values(), ids=_NOT_DIGESTS.keys())
def test_numbered_links_and_points_without_item_evidence_are_no_digest(text):
    source = Source.from_text(text)
    assert markdown_digest.sniff(source) == 0.0
    with pytest.raises(ConversionError) as error:
        list(markdown_digest.convert(source))
    assert error.value.code == "bad-header"


def test_numbered_link_paragraphs_without_text_are_not_sniffed_as_a_digest():
    source = Source.from_text(
        "# Links\n\n1、[Rust](https://www.rust-lang.org/)\n\n2、[Python](https://www.python.org/)\n\n"
        "3、[Go](https://go.dev/)\n"
    )
    assert markdown_digest.sniff(source) == 0.0
    assert detect(source).format is None
