from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
from converter_checks import SEEDS, assert_matches_golden, assert_valid, check_contract, seed_source
from hypothesis import given
from hypothesis import strategies as st

from articlekit.converters import _front_matter, hugo_markdown
from articlekit.converters.base import Source
from articlekit.errors import ConversionError
from articlekit.schema import Article

SEED = "004_14e5ebb0833022ae"
CST = timezone(timedelta(hours=8))
# A minimal valid head: a known publisher (via the final link) keeps the date tests free of zone flags.
FRONT = '---\ntitle: "标题"\ndate: "2025-02-13 07:56:15"\n---\n'
SITE_LINK = "\n\n[wallstreetcn](https://wallstreetcn.com/articles/1)\n"


def convert_text(text: str) -> Article:
    [article] = list(hugo_markdown.convert(Source.from_text(text, path="post.md")))
    assert_valid(article)
    return article


def body(markdown: str, front: str = FRONT) -> Article:
    return convert_text(front + "\n" + markdown)


def blocks(article: Article) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in article.blocks]


def reject_code(text: str) -> str:
    with pytest.raises(ConversionError) as caught:
        list(hugo_markdown.convert(Source.from_text(text, path="post.md")))
    return caught.value.code


@pytest.fixture(scope="module")
def seed_article() -> Article:
    [article] = list(hugo_markdown.convert(seed_source(SEED)))
    return article


# --- the seed -------------------------------------------------------------------------------------


def test_seed_metadata(seed_article: Article) -> None:
    assert seed_article.url == "https://wallstreetcn.com/articles/3740987"
    assert seed_article.title == "特朗普与俄乌总统通电话 除了“停战、互访、还钱” 还谈了一个重大问题"
    assert seed_article.published_at == datetime(2025, 2, 13, 7, 56, 15, tzinfo=CST)
    assert seed_article.model_dump(mode="json")["published_at"] == "2025-02-13T07:56:15+08:00"
    assert seed_article.published_offset_assumed is True
    assert seed_article.categories == ["wallstreetcn"]
    assert seed_article.tags == ["wallstreetcn"]
    assert seed_article.summary is not None
    assert seed_article.summary.startswith("美国东部时间2月12日")
    assert seed_article.language == "zh-Hans"
    assert (seed_article.source.name, seed_article.source.domain) == ("华尔街见闻", "wallstreetcn.com")
    assert seed_article.authors == []
    assert seed_article.retrieved_at is None
    assert seed_article.flags == []


def test_seed_headings_and_list_items(seed_article: Article) -> None:
    headings = [text for kind, text in blocks(seed_article) if kind == "heading"]
    assert headings == [
        "特朗普与普京通话 双方希望结束俄乌冲突并互访",
        "特朗普与泽连斯基通电话 讨论实现和平可能性",
        "美防长称乌恢复边界 加入北约都不现实",
    ]
    items = [text for kind, text in blocks(seed_article) if kind == "list_item"]
    assert items == [
        "乌克兰恢复到2014年前的边界不现实；",
        "乌克兰在与俄罗斯和谈后加入北约不现实；",
        "乌克兰的持久和平必须得到安全保障，但欧洲和非欧洲国家军队被部署到乌克兰不能算作是北约的任务，不受北约集体防御条款保护；",
        "美军不会被部署到乌克兰。",
    ]
    assert {kind for kind, _ in blocks(seed_article)} == {"paragraph", "heading", "list_item"}
    assert len(seed_article.blocks) == 22


def test_seed_emphasis_markers_are_gone(seed_article: Article) -> None:
    assert "*" not in seed_article.text
    assert "_" not in seed_article.text
    assert "普京赞同特朗普关于“当前需共同努力”这一观点" in seed_article.text


def test_seed_emphasis_next_to_cjk_punctuation_is_not_text(seed_article: Article) -> None:
    # The trap: plain CommonMark leaves 8 literal ** in this seed, next to CJK quotation marks.
    markdown = seed_source(SEED).text.split("---\n", 2)[2]
    assert "关于**“当前需共同努力”**这一观点" in markdown
    assert "**" not in seed_article.text
    assert "普京赞同特朗普关于“当前需共同努力”这一观点" in seed_article.text


def test_seed_footer_and_final_link_are_not_text(seed_article: Article) -> None:
    assert "风险提示" not in seed_article.text
    assert "市场有风险" not in seed_article.text
    assert "wallstreetcn" not in seed_article.text
    assert seed_article.blocks[0].text.startswith("美国东部时间2月12日，美国总统特朗普")
    assert seed_article.blocks[-1].text == (
        "本文来源：央视新闻，原文标题：《特朗普与俄乌总统通电话 除了“停战、互访、还钱” 还谈了一个重大问题》"
    )


def test_seed_links_and_images(seed_article: Article) -> None:
    assert [link.text for link in seed_article.links] == ["央视新闻"]
    assert seed_article.links[0].url.startswith("https://content-static.cctvnews.cctv.com/snow-book/index.html?")
    assert seed_article.links[0].url in seed_source(SEED).text  # kept exactly as written
    assert [(image.url, image.caption) for image in seed_article.images] == [
        ("https://wpimg-wscn.awtmt.com/7aae9f9a-96a7-4b64-a6f5-14503bee1707.jpeg", None)
    ]


def test_seed_matches_golden_file(seed_article: Article) -> None:
    assert_matches_golden(seed_article, SEED)


def test_seed_is_valid(seed_article: Article) -> None:
    assert_valid(seed_article)


def test_seed_conversion_is_deterministic(seed_article: Article) -> None:
    [again] = list(hugo_markdown.convert(seed_source(SEED)))
    assert again == seed_article


# --- sniff ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", sorted(path.stem for path in SEEDS.glob("*.txt")))
def test_sniff_on_seeds(seed: str) -> None:
    score = hugo_markdown.sniff(seed_source(seed))
    assert score >= 0.9 if seed == SEED else score == 0.0


def test_sniff_toml_front_matter() -> None:
    assert hugo_markdown.sniff(Source.from_text('+++\ntitle = "T"\n+++\n\nbody\n')) >= 0.9


def test_sniff_rss_markdown_with_front_matter_is_not_claimed() -> None:
    text = '---\ntitle: "T"\n---\n<!--1739003943000-->\n[T](https://example.com/a)\n------\n\n<p>x</p>\n'
    assert hugo_markdown.sniff(Source.from_text(text)) < 0.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("just some text\n---\ntitle: x\n---\n", 0.0),
        ("", 0.0),
        # Without a title conversion can only fail: not claimed (it used to be claimed, then rejected no-title).
        ("---\nauthor: x\n---\n\nbody\n", 0.3),
        ("---\ntitle: x\n" + "k: v\n" * 2000, 0.6),  # fence not closed within the sniffed head
        ("---\n- a list\n---\n\nbody\n", 0.6),  # broken front matter: claimed, rejected bad-front-matter
        ("---\ntitle: x\n---\n\n", 0.4),  # no body: nothing to convert
        ("---\ntitle: x\n---\nname: CI\non: [push]\njobs:\n  - build\n", 0.3),  # multi-document YAML
        ("---\ntitle:\n---\n\nbody\n", 0.3),  # an empty title is no title
    ],
)
def test_sniff_scores(text: str, expected: float) -> None:
    assert hugo_markdown.sniff(Source.from_text(text)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("front", "path", "expected"),
    [
        ("layout: default\ntitle: 新闻雷达\n", "index.md", 0.3),  # a docs index: a page template, nothing more
        ("layout: page\ntitle: About\n", "about.md", 0.3),
        ("type: list\ntitle: Posts\n", "_index.md", 0.3),  # Hugo's section page
        ("layout: default\ntitle: T\n", "_posts/2019-12-24-t.md", 0.95),  # Jekyll dates posts in the name
        ("layout: default\ntitle: T\npermalink: /2019/12/24/t/\n", "t.md", 0.95),
        ("layout: default\ntitle: T\ndate: 2019-12-24\n", "t.md", 0.95),
        ("layout: page\ntitle: T\nauthor: 张三\n", "t.md", 0.95),
        ("layout: default\ntitle: T\ntags: [a]\n", "t.md", 0.95),
        ("layout: post\ntitle: T\n", "t.md", 0.95),  # a post's template
        ("title: T\n", "t.md", 0.95),  # no template named: an article until shown otherwise
        # Broken front matter that looks like an article's is still claimed, to be rejected bad-front-matter.
        ("layout: default\ntitle: T\nx: !!python/name:os.system\n", "t.md", 0.6),
        ("layout: default\ntitle: T\nx: " + "[" * 40 + "]" * 40 + "\n", "t.md", 0.6),
        ("layout: default\nx: [unclosed\n", "t.md", 0.3),  # broken, and nothing says article
    ],
)
def test_sniff_reads_the_front_matter_keys(front: str, path: str, expected: float) -> None:
    assert hugo_markdown.sniff(Source.from_text(f"---\n{front}---\n\n正文。\n", path)) == pytest.approx(expected)


def test_sniff_and_convert_parse_the_front_matter_once() -> None:
    source = Source.from_text(FRONT.replace("title:", "toc: false\ntitle:") + "\n正文。" + SITE_LINK, "once.md")
    _front_matter._load_once.cache_clear()
    assert hugo_markdown.sniff(source) >= 0.9
    list(hugo_markdown.convert(source))
    info = _front_matter._load_once.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_sniff_looks_only_at_the_head() -> None:
    head = FRONT + "\nbody\n"
    assert hugo_markdown.sniff(Source.from_text(head + "x" * 10_000)) == hugo_markdown.sniff(
        Source.from_text(head + "x" * 10_000 + "\n<!--123-->\n---\n\x00")
    )


# --- headings, lists, quotes, inline markup -------------------------------------------------------


def test_setext_and_atx_headings() -> None:
    article = body("# 一\n\n二\n===\n\n正文。\n\n三\n---\n\n### 四 ###\n\n结尾。" + SITE_LINK)
    assert blocks(article) == [
        ("heading", "一"),
        ("heading", "二"),
        ("paragraph", "正文。"),
        ("heading", "三"),
        ("heading", "四"),
        ("paragraph", "结尾。"),
    ]


def test_lists_keep_reading_order() -> None:
    article = body("* 甲\n  * 甲一\n* **乙**\n\n1. 丙\n2. 丁\n\n段落。")
    assert blocks(article) == [
        ("list_item", "甲"),
        ("list_item", "甲一"),
        ("list_item", "乙"),
        ("list_item", "丙"),
        ("list_item", "丁"),
        ("paragraph", "段落。"),
    ]


def test_loose_list_item_with_two_paragraphs_is_one_block() -> None:
    article = body("- first line\n\n  second paragraph\n- next\n")
    assert blocks(article) == [("list_item", "first line\nsecond paragraph"), ("list_item", "next")]


def test_blockquote_paragraphs_are_quotes() -> None:
    article = body("> 引文一\n>\n> 引文二\n> - 条目\n\n正文。")
    assert blocks(article) == [
        ("quote", "引文一"),
        ("quote", "引文二"),
        ("list_item", "条目"),
        ("paragraph", "正文。"),
    ]


def test_cjk_emphasis_next_to_punctuation() -> None:
    article = body("普京赞同特朗普关于**“当前需共同努力”**这一观点。**特朗普说。**普京同意。")
    assert article.text == "普京赞同特朗普关于“当前需共同努力”这一观点。特朗普说。普京同意。"


def test_latin_emphasis_and_stray_markers() -> None:
    article = body("This is *em*, **strong** and _under_.\n\n**Note:**This was bold.\n\nOdd **marker here.")
    assert [text for _, text in blocks(article)] == [
        "This is em, strong and under.",
        "Note:This was bold.",
        "Odd marker here.",
    ]


def test_literal_single_stars_and_underscores_are_kept() -> None:
    article = body("5 * 3 = 15, a*b, snake_case_name, 2 ** 10 and `**kwargs` stay.\n\n注*：数据来源。")
    assert [text for _, text in blocks(article)] == [
        "5 * 3 = 15, a*b, snake_case_name, 2 ** 10 and **kwargs stay.",
        "注*：数据来源。",
    ]


def test_inline_links_code_and_breaks() -> None:
    article = body("见[新华社](https://news.cn/a)报道，`代码`与~~删除~~。\n第二行\\\n硬换行\nsoft break")
    assert blocks(article) == [("paragraph", "见新华社报道，代码与删除。第二行\n硬换行 soft break")]
    assert [(link.url, link.text) for link in article.links] == [("https://news.cn/a", "新华社")]


def test_code_block_and_table_and_html_block() -> None:
    article = body(
        "```\nprint(1)\n```\n\n| 名称 | 值 |\n|---|---|\n| 甲 | 1 |\n\n"
        '<div><p>HTML 段落</p><img src="https://img.example/h.png" alt="图注"></div>\n\n<!--more-->\n'
    )
    assert blocks(article) == [
        ("paragraph", "print(1)"),
        ("paragraph", "名称 | 值"),
        ("paragraph", "甲 | 1"),
        ("paragraph", "HTML 段落"),
    ]
    assert [(image.url, image.caption) for image in article.images] == [("https://img.example/h.png", "图注")]


def test_hugo_figure_shortcode_becomes_an_image() -> None:
    article = body('正文。\n\n{{< figure src="/img/a.jpg" caption="现场[图]" >}}\n{{< tweet 123 >}}' + SITE_LINK)
    assert blocks(article) == [("paragraph", "正文。")]
    assert [(image.url, image.caption) for image in article.images] == [
        ("https://wallstreetcn.com/img/a.jpg", "现场[图]")
    ]


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("{% highlight ruby linenos %}", "{% endhighlight %}"),
        ("{% codeblock demo.rb lang:ruby %}", "{% endcodeblock %}"),
    ],
)
def test_liquid_code_tags_keep_the_code_as_lines(opening: str, closing: str) -> None:
    article = body(f"正文。\n\n{opening}\ndef hi\n  puts 1\nend\n{closing}\n\n结尾。" + SITE_LINK)
    assert blocks(article) == [("paragraph", "正文。"), ("paragraph", "def hi\nputs 1\nend"), ("paragraph", "结尾。")]


def test_liquid_raw_markers_go_and_the_text_between_them_stays() -> None:
    article = body(
        "正文。\n\n{% raw %}模板写作 {{ page.title }} 即可{% endraw %}\n\n{% include note.html %}" + SITE_LINK
    )
    assert blocks(article) == [("paragraph", "正文。"), ("paragraph", "模板写作 {{ page.title }} 即可")]


def test_inline_hexo_and_liquid_tags_keep_only_the_text_they_show() -> None:
    article = body(
        "点击{% button #, New project %}后，按 {% kbd Ctrl %} + {% kbd P %}。\n\n"
        "状态：{% label primary@进行中 %}，见[上一篇]({% post_url 2021-01-01-intro %}){% if x %}。" + SITE_LINK
    )
    assert blocks(article) == [
        ("paragraph", "点击New project后，按 Ctrl + P。"),
        ("paragraph", "状态：进行中，见上一篇。"),
    ]


def test_private_use_characters_in_the_text_survive_the_raw_markers() -> None:
    article = body("正文 \ue0007\ue001 在此。\n\n{% raw %}{{ x }}{% endraw %}" + SITE_LINK)
    assert blocks(article) == [("paragraph", "正文 \ue0007\ue001 在此。"), ("paragraph", "{{ x }}")]


# --- boilerplate: disclaimer and canonical link ---------------------------------------------------


def test_disclaimer_and_everything_after_it_is_cut() -> None:
    article = body(
        "正文。\n\n风险提示及免责条款\n市场有风险，投资需谨慎。\n\n更多推荐。\n\n![广告](https://ad.example/x.png)"
    )
    assert blocks(article) == [("paragraph", "正文。")]
    assert article.images == []


def test_disclaimer_words_inside_a_paragraph_are_text() -> None:
    article = body("文章提到风险提示及免责条款的变化。\n\n第二段。")
    assert [text for _, text in blocks(article)] == ["文章提到风险提示及免责条款的变化。", "第二段。"]


def test_disclaimer_as_a_heading_is_cut() -> None:
    article = body("正文。\n\n## 风险提示及免责条款\n\n市场有风险。")
    assert blocks(article) == [("paragraph", "正文。")]


def test_final_link_is_the_canonical_url() -> None:
    article = body("正文见[来源](https://source.example/1)。\n\n[site](https://example.com/posts/7)\n")
    assert article.url == "https://example.com/posts/7"
    assert article.source.domain == "example.com"
    assert blocks(article) == [("paragraph", "正文见来源。")]
    assert [link.url for link in article.links] == ["https://source.example/1"]


def test_final_link_after_the_disclaimer_is_the_canonical_url() -> None:
    article = body("正文。\n\n风险提示及免责条款\n市场有风险。\n\n[wallstreetcn](https://wallstreetcn.com/articles/9)")
    assert article.url == "https://wallstreetcn.com/articles/9"
    assert blocks(article) == [("paragraph", "正文。")]


def test_lone_link_amid_the_body_and_relative_final_link_are_text() -> None:
    article = body("[第一](https://a.example/1)\n\n正文。\n\n[相对](/posts/2)")
    assert article.url is None
    assert [text for _, text in blocks(article)] == ["第一", "正文。", "相对"]


def test_final_linked_image_is_not_the_canonical_url() -> None:
    article = body("正文。\n\n[![广告](https://img.example/ad.png)](https://ad.example/click)")
    assert article.url is None
    assert [(image.url, image.caption) for image in article.images] == [("https://img.example/ad.png", "广告")]


def test_front_matter_url_when_the_body_has_no_final_link() -> None:
    article = body("正文。", front='---\ntitle: T\nurl: "https://example.org/p/1"\nslug: p1\n---\n')
    assert article.url == "https://example.org/p/1"
    relative = body("正文。", front="---\ntitle: T\nurl: /p/1/\n---\n")
    assert relative.url is None


# --- front matter keys ----------------------------------------------------------------------------


def test_display_keys_are_ignored() -> None:
    display = (
        "widgets: [search, recent]\nsidebar: right\ntoc: true\nmenu: main\npager: true\ncomments: false\n"
        "authorbox: true\nmathjax: true\nlead: 导语\ntranslations: [en]\nweight: 3\ndraft: false\n"
    )
    plain = body("正文。")
    themed = body("正文。", front=FRONT.replace("---\n", "---\n" + display, 1))
    assert plain.model_dump(exclude={"provenance"}) == themed.model_dump(exclude={"provenance"})


def test_any_theme_keys() -> None:
    front = (
        "---\nTitle: 标题\npublishDate: 2025-03-01T10:00:00+01:00\ndescription: 摘要。\n"
        "authors: [{name: 张三}, 李四]\ncategories: 财经\ntags: [a, 2025, true]\n"
        "language: [en-GB, fr]\nfeatured_image: https://img.example/f.jpg\n---\n"
    )
    article = body("Body text.", front=front)
    assert article.title == "标题"
    assert article.model_dump(mode="json")["published_at"] == "2025-03-01T10:00:00+01:00"
    assert article.published_offset_assumed is False
    assert (article.summary, article.authors) == ("摘要。", ["张三", "李四"])
    assert (article.categories, article.tags) == (["财经"], ["a", "2025"])
    assert article.language == "en"  # the declared tag, as its primary subtag: the body is too short to tell
    assert [image.url for image in article.images] == ["https://img.example/f.jpg"]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("lang: [zh-CN]", "This body is English.", "zh-Hans"),
        ("lang: zh-TW", "This body is English.", "zh-Hant"),
        ("lang: [fr, en]", "Le texte.", "fr"),
        ("lang: zh-CN", "这是简体中文。", "zh-Hans"),
        ("lang: zh-CN", "這是繁體中文的內容。", "zh-Hant"),  # the text decides the script
    ],
)
def test_declared_language(lang: str, text: str, expected: str) -> None:
    assert body(text, front=f"---\ntitle: T\n{lang}\n---\n").language == expected


def test_thumbnail_and_body_images() -> None:
    front = '---\ntitle: T\nthumbnail: "https://img.example/t.jpg"\nimages: [/rel.png]\n---\n'
    article = body(
        '![封面说明](https://img.example/t.jpg)\n\n正文![插图](https://img.example/b.png "标题")。\n\n![](x.png)',
        front=front,
    )
    assert [(image.url, image.caption) for image in article.images] == [
        ("https://img.example/t.jpg", "封面说明"),  # the thumbnail, captioned by the body's copy of it
        ("https://img.example/b.png", "插图"),
    ]
    assert blocks(article) == [("paragraph", "正文。")]


def test_toml_front_matter() -> None:
    article = convert_text('+++\ntitle = "标题"\ndate = 2025-02-13T07:56:15+08:00\ntags = ["x"]\n+++\n\n正文。\n')
    assert (article.title, article.tags) == ("标题", ["x"])
    assert article.published_at == datetime(2025, 2, 13, 7, 56, 15, tzinfo=CST)
    assert article.published_offset_assumed is False


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ['"2025-02-13 07:56:15"', "2025-02-13 07:56:15", "2025-02-13T07:56:15"])
def test_local_dates_take_the_publishers_zone(value: str) -> None:
    article = body("正文。" + SITE_LINK, front=f"---\ntitle: T\ndate: {value}\n---\n")
    assert article.published_at == datetime(2025, 2, 13, 7, 56, 15, tzinfo=CST)
    assert article.published_offset_assumed is True
    assert article.flags == []


def test_unknown_publisher_assumes_utc_with_a_flag() -> None:
    article = body("正文。")
    assert article.model_dump(mode="json")["published_at"] == "2025-02-13T07:56:15Z"
    assert article.published_offset_assumed is True
    assert article.flags == ["published-zone-unknown"]


def test_offset_given_is_kept() -> None:
    article = body("正文。", front="---\ntitle: T\ndate: 2025-02-13T07:56:15-05:00\n---\n")
    assert article.model_dump(mode="json")["published_at"] == "2025-02-13T07:56:15-05:00"
    assert (article.published_offset_assumed, article.flags) == (False, [])


@pytest.mark.parametrize("value", ["2025-02-13", '"2025-02-13"'])
def test_date_only_is_local_midnight_with_a_flag(value: str) -> None:
    article = body("正文。" + SITE_LINK, front=f"---\ntitle: T\ndate: {value}\n---\n")
    assert article.published_at == datetime(2025, 2, 13, tzinfo=CST)
    assert article.flags == ["published-date-only"]


@pytest.mark.parametrize(
    ("key", "value", "expected", "flags"),
    [
        ("pubDate", "'Jul 08 2022'", datetime(2022, 7, 8, tzinfo=CST), ["published-date-only"]),
        ("date", "July 8, 2022 10:30", datetime(2022, 7, 8, 10, 30, tzinfo=CST), []),
        ("published", "8 July 2022", datetime(2022, 7, 8, tzinfo=CST), ["published-date-only"]),
        (
            "date",
            '"Fri, 08 Jul 2022 10:30:00 +0100"',
            datetime(2022, 7, 8, 10, 30, tzinfo=timezone(timedelta(hours=1))),
            [],
        ),
    ],
)
def test_dates_with_english_month_names_are_read(key: str, value: str, expected: datetime, flags: list[str]) -> None:
    article = body("正文。" + SITE_LINK, front=f"---\ntitle: T\n{key}: {value}\n---\n")
    assert (article.published_at, article.flags) == (expected, flags)
    assert article.published_at.utcoffset() == expected.utcoffset()


def test_hexo_category_paths_are_flattened_in_order() -> None:
    front = "---\ntitle: T\ndate: 2019-05-15 20:31:12\ncategories:\n- [技术, 博客]\n- 工具\ntags:\n  - Hexo\n---\n"
    article = body("正文。" + SITE_LINK, front=front)
    assert (article.categories, article.tags) == (["技术", "博客", "工具"], ["Hexo"])


@pytest.mark.parametrize(
    ("value", "flag"),
    [
        ("2025-02-31", "published-at-unparseable"),
        ('"2025-02-31 10:00:00"', "published-at-unparseable"),
        ("0000-01-01", "published-at-unparseable"),
        ("!!timestamp nonsense", "published-at-unparseable"),
        ("yesterday", "published-at-unparseable"),
        ("0001-01-01T00:00:00+05:00", "published-at-implausible"),
        ("9999-12-31T23:59:59-10:00", "published-at-implausible"),
        ("1900-01-01", "published-at-implausible"),
    ],
)
def test_absurd_dates_are_dropped_with_a_flag(value: str, flag: str) -> None:
    article = body("正文。", front=f"---\ntitle: T\ndate: {value}\n---\n")
    assert (article.published_at, article.published_offset_assumed) == (None, False)
    assert flag in article.flags


# --- rejects --------------------------------------------------------------------------------------
# The front matter loader's budgets (aliases, nesting, size, unsafe tags) are tested in test_front_matter.py.


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("---\n- a\n- b\n---\n\nbody\n", "bad-front-matter"),
        ("---\njust a scalar\n---\n\nbody\n", "bad-front-matter"),
        ("---\n42\n---\n\nbody\n", "bad-front-matter"),
        ("---\ntitle: T\n\nbody without a closing fence\n", "bad-front-matter"),
        ("---\ntitle: T\n" + "key: value\n" * 8_000 + "---\n\nbody\n", "bad-front-matter"),
        ("---\ntitle: [unclosed\n---\n\nbody\n", "bad-front-matter"),
        ("---\ntitle: T\nx: " + "[" * 60_000 + "\n---\n\nbody\n", "bad-front-matter"),  # would crash libyaml
        ("---\ntitle: T\nx: !!bool maybe\n---\n\nbody\n", "bad-front-matter"),
        ("---\ntitle: T\nx: !!int ''\n---\n\nbody\n", "bad-front-matter"),
        ("---\ntitle: *undefined\n---\n\nbody\n", "bad-front-matter"),
        ('+++\ntitle = "T\n+++\n\nbody\n', "bad-front-matter"),
        ("+++\ntitle = 'T'\nx = " + "[" * 5_000 + "\n+++\n\nbody\n", "bad-front-matter"),
        ("no front matter at all\n", "bad-header"),
        ("", "bad-header"),
        (FRONT, "no-body"),
        (FRONT + "\n\n   \n<!--more-->\n", "no-body"),
        (FRONT + "\n风险提示及免责条款\n市场有风险。\n\n[site](https://example.com/a)\n", "no-body"),
        ("---\n---\n\nbody\n", "no-title"),
        ("---\ntitle: [a, b]\n---\n\nbody\n", "no-title"),
        ("---\ntitle: ''\n---\n\nbody\n", "no-title"),
    ],
)
def test_rejects(text: str, code: str) -> None:
    assert reject_code(text) == code


# --- robustness -----------------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_read_like_lf(newline: str) -> None:
    text = FRONT + "\n标题\n===\n\n正文。\n\n- 项\n"
    assert blocks(convert_text(text.replace("\n", newline))) == blocks(convert_text(text))


def test_bom_and_leading_blank_lines() -> None:
    assert convert_text("\ufeff\n\n" + FRONT + "\n正文。").title == "标题"


def test_huge_lines_convert() -> None:
    article = body("甲" * 300_000 + "\n\n" + "**乙**" * 20_000)
    assert len(article.blocks) == 2
    assert article.blocks[1].text == "乙" * 20_000


@given(st.text())
def test_arbitrary_text_gives_articles_or_conversion_errors(text: str) -> None:
    check_contract(hugo_markdown, text)


@given(st.text())
def test_arbitrary_body_after_valid_front_matter(text: str) -> None:
    check_contract(hugo_markdown, FRONT + text)


MARKDOWNISH = st.text(alphabet="*_-#>![]()`~<>|=+.\\ \n\t中文，。“”《》ab1", max_size=200)


@given(MARKDOWNISH)
def test_markdown_shaped_body_after_valid_front_matter(text: str) -> None:
    check_contract(hugo_markdown, FRONT + text + SITE_LINK)


@given(st.text(alphabet=":-[]{}&*!|>'\"#%@`, \n\tabc1", max_size=200))
def test_arbitrary_front_matter(text: str) -> None:
    check_contract(hugo_markdown, f"---\ntitle: T\n{text}\n---\n\nbody\n")


CJK_WORDS = st.text(alphabet="中文强调当前需共同努力，。、“”《》（）！？ab1", min_size=1, max_size=8)


@given(CJK_WORDS, CJK_WORDS, CJK_WORDS)
def test_double_star_emphasis_never_survives_between_words(before: str, inside: str, after: str) -> None:
    article = body(f"{before}**{inside}**{after}")
    assert article.text == before + inside + after


STARRY = st.text(alphabet="**ab中文，。“” \n", max_size=80)
STAR_RUNS = re.compile(r"\*{2,}")


def _is_mask_or_spaced(text: str, start: int, end: int) -> bool:
    before, after = text[start - 1 : start], text[end : end + 1]
    if before in ("", " ", "\n") and after in ("", " ", "\n"):
        return True  # "a ** b": literal in CommonMark
    # A mask after a name or inside a number (王**, 王**。, 138****1234) is the writer's text (issue 11).
    return before.isalnum() and (not after.isalnum() or (before.isdigit() and after.isdigit()))


@given(STARRY)
def test_double_stars_survive_only_between_spaces_or_as_masks(text: str) -> None:
    # Any other ** is markup, paired or stray, and leaves the text.
    try:
        article = body("正文。\n\n" + text)
    except ConversionError as error:
        code = error.code
    else:
        code = None
    assert code is None, code  # the body always holds 正文。
    for block in article.blocks:
        for run in STAR_RUNS.finditer(block.text):
            assert _is_mask_or_spaced(block.text, run.start(), run.end()), block.text


def test_a_translators_mark_makes_a_front_matter_name_no_author():
    text = "---\ntitle: 译文\nauthor: [Paul Graham, 张三（译）]\n---\n\n正文第一段。\n"
    [article] = list(hugo_markdown.convert(Source.from_text(text, path="post.md")))
    assert article.authors == ["Paul Graham"]


def test_a_headline_key_is_the_title_when_there_is_no_title_key():
    text = "---\nheadline: 'Coloring the file list [ls]'\ndate: 2016-05-10\ncategory: bash\n---\n\nAdd color to ls.\n"
    assert hugo_markdown.sniff(Source.from_text(text, path="post.md")) == 0.95
    assert convert_text(text).title == "Coloring the file list [ls]"


def test_a_title_key_wins_over_a_headline_kicker():
    text = "---\nheadline: Context-Aware Styling\ntitle: Semantic Colors and Styles\ndate: 2023-02-09\n---\n\nText.\n"
    assert convert_text(text).title == "Semantic Colors and Styles"


def test_a_pelican_post_reads_its_key_value_header():
    # The header of rust-lang/this-week-in-rust's content/2026-08-19-this-week-in-rust.md (Pelican).
    text = (
        "Title: This Week in Rust 665\nNumber: 665\nDate: 2026-08-19\nCategory: This Week in Rust\n\n"
        "Hello and welcome to another issue of *This Week in Rust*!\n\n## Updates from Rust Community\n\nNews.\n"
    )
    source = Source.from_text(text, path="content/2026-08-19-this-week-in-rust.md")
    assert hugo_markdown.sniff(source) == 0.95
    article = convert_text(text)
    assert (article.title, article.published_at, article.categories) == (
        "This Week in Rust 665",
        datetime(2026, 8, 19, tzinfo=UTC),
        ["This Week in Rust"],
    )
    assert [block.text for block in article.blocks] == [
        "Hello and welcome to another issue of This Week in Rust!",
        "Updates from Rust Community",
        "News.",
    ]


def test_a_pelican_header_gives_comma_separated_tags_and_authors():
    text = "Title: Notes\nAuthors: Ann Lee, Bo Chen\nDate: 2019-10-24 12:32\nTags: markdown, pygments\n\nBody.\n"
    article = convert_text(text)
    assert (article.authors, article.tags) == (["Ann Lee", "Bo Chen"], ["markdown", "pygments"])


def test_a_closing_discussion_link_is_neither_text_nor_the_articles_address():
    text = (
        "---\ntitle: Issue 665\ndate: 2026-08-19\n---\n\nNews of the week.\n\n"
        "<small>[Discuss on r/rust](https://www.reddit.com/r/rust/comments/1vt8nni/this_week_in_rust_665/)</small>\n"
    )
    article = convert_text(text)
    assert (article.url, article.text) == (None, "News of the week.")


def test_a_leading_date_and_byline_line_is_no_text():
    # react.dev's blog opens every post body with this line (src/content/blog/2026/02/24/the-react-foundation.md).
    text = (
        "---\ntitle: The React Foundation\nauthor: Matt Carroll\ndate: 2026/02/24\n---\n\n"
        "February 24, 2026 by [Matt Carroll](https://x.com/mattcarrollcode)\n\n---\n\n"
        "The React Foundation has launched.\n"
    )
    article = convert_text(text)
    assert (article.authors, article.text) == (["Matt Carroll"], "The React Foundation has launched.")


def test_a_leading_date_and_byline_names_the_authors_the_front_matter_does_not():
    text = "---\ntitle: Notes\ndate: 2026-02-24\n---\n\n24 February 2026 · by Ann Lee\n\nFirst paragraph.\n"
    article = convert_text(text)
    assert (article.authors, article.text) == (["Ann Lee"], "First paragraph.")


def test_a_leading_sentence_that_starts_with_a_date_stays_text():
    text = "---\ntitle: Notes\ndate: 2026-02-24\n---\n\nFebruary 24, 2026 was the day by which we shipped.\n"
    assert convert_text(text).text == "February 24, 2026 was the day by which we shipped."


def test_a_by_key_names_the_authors():
    # golang/website _content/blog/wire.md writes its authors under by:, as the Go blog's translations do.
    text = (
        "---\ntitle: Wire\ndate: 2018-10-09\nby:\n- Robert van Gent\nsummary: DI for Go.\n---\n\n## Overview\n\nText.\n"
    )
    assert convert_text(text).authors == ["Robert van Gent"]


def test_emoji_shortcodes_become_emoji_and_unknown_ones_stay():
    # squidfunk/mkdocs-material docs/blog/posts/the-past-present-and-future.md ends with this line.
    text = "---\ntitle: The past\ndate: 2021-12-27\n---\n\nHappy new year! :tada:\n\nAt 10:30:00 see :not_an_emoji:.\n"
    assert [block.text for block in convert_text(text).blocks] == [
        "Happy new year! 🎉",
        "At 10:30:00 see :not_an_emoji:.",
    ]
