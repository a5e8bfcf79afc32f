from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from converter_checks import assert_matches_golden, assert_valid, check_contract, scrapes, seed_source
from hypothesis import given
from hypothesis import strategies as st

from articlekit.converters import selfmedia_text
from articlekit.converters._plaintext import Paragraph
from articlekit.converters.base import Source
from articlekit.errors import ConversionError
from articlekit.schema import Article

SEED = "002_79b54386e2c3b414"
DATE_LINE = "张麻子脸上 2025-04-19 10:12:48"
BODY = "正文第一段。"


def page(*lines: str, newline: str = "\n") -> Source:
    """A scrape whose lines are given one by one (use "" for a blank line)."""
    return Source.from_text(newline.join(lines), path="page.txt")


def convert_one(source: Source) -> Article:
    [article] = list(selfmedia_text.convert(source))
    return article


def kinds_and_texts(article: Article) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in article.blocks]


@pytest.fixture(scope="module")
def seed_article() -> Article:
    return convert_one(seed_source(SEED))


# --- the seed -------------------------------------------------------------------------------------


def test_seed_header(seed_article: Article) -> None:
    assert seed_article.title == "刚刚传来消息,特朗普在这件大事上被狠狠挫败,准备放弃了"
    assert seed_article.authors == ["张麻子脸上"]
    assert seed_article.published_at == datetime(2025, 4, 19, 10, 12, 48, tzinfo=timezone(timedelta(hours=8)))
    assert seed_article.model_dump(mode="json")["published_at"] == "2025-04-19T10:12:48+08:00"
    assert seed_article.published_offset_assumed is True
    assert seed_article.language == "zh-Hans"
    assert (seed_article.source.name, seed_article.source.domain, seed_article.url) == (None, None, None)
    assert seed_article.flags == []


def test_seed_headings(seed_article: Article) -> None:
    headings = [block.text for block in seed_article.blocks if block.kind == "heading"]
    assert headings == [
        "不干了!特朗普感受到了深深的挫败,准备放弃",
        "协议已谈妥!乌克兰的矿产,美国是吃定了",
        "再泼冷水!俄罗斯亮明态度,目前实现停火不现实",
    ]
    assert [index for index, block in enumerate(seed_article.blocks) if block.kind == "heading"] == [
        3,
        14,
        22,
    ]
    assert len(seed_article.blocks) == 31


def test_seed_footer_is_cut(seed_article: Article) -> None:
    text = seed_article.text
    assert "阅读:0" not in text
    assert "感谢大家的关注" not in text
    assert "张麻子脸上" not in text
    assert text.endswith("对全面停火抱有期望 “简直是不切实际的” 。")


def test_seed_matches_golden_file(seed_article: Article) -> None:
    assert_matches_golden(seed_article, SEED)


def test_seed_is_valid(seed_article: Article) -> None:
    assert_valid(seed_article)


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("000_924425bcc6410fb0", 0.0),
        ("001_1e12915c2adf12bb", 0.0),
        ("002_79b54386e2c3b414", 0.9),
        ("003_422941471d0b9345", 0.0),
        ("004_14e5ebb0833022ae", 0.0),
    ],
)
def test_sniff_on_seeds(seed: str, expected: float) -> None:
    assert selfmedia_text.sniff(seed_source(seed)) == expected


# --- sniffing ---------------------------------------------------------------------------------------


def test_sniff_date_without_author_scores_lower() -> None:
    assert selfmedia_text.sniff(page("标题", "", "2025-04-19 10:12:48", "", BODY)) == 0.6


def test_sniff_date_line_not_after_title_scores_low() -> None:
    assert selfmedia_text.sniff(page(DATE_LINE, "", BODY)) == 0.3


@pytest.mark.parametrize(
    "text",
    [
        "",
        "just some prose\n\nwith paragraphs.",
        "標題\n\n2025年02月10日11:20:38 國際 7927\n\n正文。",
        '---\ntitle: "x"\ndate: 2025-02-13 07:56:15\n---\n',
        "<!--1739003943000-->\n[标题](https://example.com/a)\n------\n",
        "x" * 1_000_000,
    ],
)
def test_sniff_rejects_other_text(text: str) -> None:
    assert selfmedia_text.sniff(Source.from_text(text)) == 0.0


# --- header -----------------------------------------------------------------------------------------


def test_date_line_without_author_or_seconds() -> None:
    article = convert_one(page("标题", "2025-4-9 08:05", "", BODY))
    assert article.authors == []
    assert article.published_at == datetime(2025, 4, 9, 8, 5, tzinfo=timezone(timedelta(hours=8)))


def test_author_with_spaces() -> None:
    assert convert_one(page("标题", "Li Lei 2025-04-19 10:12:48", "", BODY)).authors == ["Li Lei"]


def test_impossible_date_keeps_the_record_with_a_flag() -> None:
    article = convert_one(page("标题", "作者 2025-02-31 10:12:48", "", BODY))
    assert article.published_at is None
    assert article.published_offset_assumed is False
    assert article.flags == ["published-at-unparseable"]
    assert article.authors == ["作者"]


def test_no_date_line_is_bad_header() -> None:
    with pytest.raises(ConversionError) as caught:
        convert_one(page("标题", "", BODY, "", "正文第二段。"))
    assert caught.value.code == "bad-header"
    assert "page.txt: line 3:" in caught.value.message


def test_only_a_title_is_no_body() -> None:
    with pytest.raises(ConversionError) as caught:
        convert_one(page("标题"))
    assert caught.value.code == "no-body"


def test_only_header_and_footer_is_no_body() -> None:
    with pytest.raises(ConversionError) as caught:
        convert_one(page("标题", DATE_LINE, "", "0 阅读:0", "张麻子脸上", "", "感谢大家的关注"))
    assert caught.value.code == "no-body"


@pytest.mark.parametrize("text", ["", " \r\n \n", "\u3000"])
def test_empty_source(text: str) -> None:
    with pytest.raises(ConversionError) as caught:
        convert_one(Source.from_text(text))
    assert caught.value.code == "empty"


# --- footer ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "footer",
    [
        ["0 阅读:0", "张麻子脸上", "", "张麻子脸上", "", "感谢大家的关注"],
        ["1.2万阅读：3456"],
        ["12 阅读:7", "", "相关推荐", "", "别的文章标题"],  # after the counter everything is page furniture
        ["张麻子脸上", "", "感谢大家的关注!"],  # no counter: trailing author and thanks lines still go
        ["感谢您的阅读"],
        ["谢谢大家的支持,我们下期再见"],
    ],
)
def test_footer_variants_are_cut(footer: list[str]) -> None:
    article = convert_one(page("标题", DATE_LINE, "", BODY, "", "正文结尾。", "", *footer))
    assert article.text == f"{BODY}\n\n正文结尾。"


def test_footer_counter_in_the_last_paragraph_keeps_the_lines_before_it() -> None:
    article = convert_one(page("标题", DATE_LINE, "", BODY, "正文结尾。", "3 阅读:9", "张麻子脸上"))
    assert article.text == f"{BODY}\n正文结尾。"


def test_read_counter_amid_the_body_is_text() -> None:
    body = [f"第{number}段。" for number in range(selfmedia_text.FOOTER_WINDOW)]
    article = convert_one(page("标题", DATE_LINE, "", "开头。", "0 阅读:0", *body, "", "0 阅读:0", "张麻子脸上"))
    assert article.text == "\n".join(["开头。", "0 阅读:0", *body])


def test_footer_words_inside_a_sentence_are_text() -> None:
    text = "他说:感谢大家的关注,但 0 阅读:0 这样的数字不会出现在正文里。"
    assert convert_one(page("标题", DATE_LINE, "", text)).text == text


def test_author_name_inside_the_body_is_kept() -> None:
    article = convert_one(page("标题", DATE_LINE, "", "张麻子脸上", "", "正文结尾。"))
    assert kinds_and_texts(article) == [("heading", "张麻子脸上"), ("paragraph", "正文结尾。")]


# --- headings -------------------------------------------------------------------------------------


def paragraph(*lines: str) -> Paragraph:
    return Paragraph(1, lines)


@pytest.mark.parametrize(
    ("lines", "is_last", "expected"),
    [
        (("不干了!特朗普感受到了深深的挫败,准备放弃",), False, True),
        (("一" * selfmedia_text.HEADING_MAX_CHARS,), False, True),
        (("一" * (selfmedia_text.HEADING_MAX_CHARS + 1),), False, False),
        (("他说不干了。",), False, False),  # a short sentence is not a heading
        (("他说不干了!",), False, False),
        (("真的不干了吗?",), False, False),
        (("他说:",), False, False),
        (("他说:“不干了”",), False, False),  # ends with a closing quote: speech
        (("第一,",), False, False),
        (("2025",), False, False),  # no letter
        (("——",), False, False),
        (("小标题", "第二行"), False, False),  # two lines: a paragraph
        (("小标题",), True, False),  # the last paragraph introduces nothing
        (("Chapter 2 The deal",), False, True),
    ],
)
def test_heading_rule(lines: tuple[str, ...], is_last: bool, expected: bool) -> None:
    assert selfmedia_text.is_heading(paragraph(*lines), is_last=is_last) is expected


def test_headings_in_a_converted_page() -> None:
    article = convert_one(
        page(
            "标题",
            DATE_LINE,
            "",
            "导语。",
            "",
            "小标题一",
            "",
            "一段话。",
            "",
            "短句也是句子。",
            "",
            "结尾没有标点",
        )
    )
    assert kinds_and_texts(article) == [
        ("paragraph", "导语。"),
        ("heading", "小标题一"),
        ("paragraph", "一段话。"),
        ("paragraph", "短句也是句子。"),
        ("paragraph", "结尾没有标点"),
    ]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_endings_read_like_lf(newline: str) -> None:
    lines = (
        "标题",
        "",
        DATE_LINE,
        "",
        "导语,",
        "导语续。",
        "",
        "小标题",
        "",
        "正文。",
        "",
        "0 阅读:0",
        "张麻子脸上",
    )
    converted = convert_one(page(*lines, newline=newline)).model_dump()
    expected = convert_one(page(*lines)).model_dump()
    converted.pop("provenance")
    expected.pop("provenance")
    assert converted == expected
    assert [(block["kind"], block["text"]) for block in converted["blocks"]] == [
        ("paragraph", "导语,\n导语续。"),
        ("heading", "小标题"),
        ("paragraph", "正文。"),
    ]


def test_huge_lines_convert() -> None:
    line = "张麻子脸上 2025-04-19 10:12:48 " * 50_000
    article = convert_one(page("标题", DATE_LINE, "", line, "", "1 阅读:1 " * 50_000))
    assert [block.kind for block in article.blocks] == ["paragraph", "paragraph"]


# --- robustness ---------------------------------------------------------------------------------

MARKER_LINES = [
    DATE_LINE,
    "2025-02-31 10:12:48",
    "作者 0000-01-01 00:00:00",
    "作者 9999-12-31 23:59:59",
    "0 阅读:0",
    "张麻子脸上",
    "感谢大家的关注",
    "小标题",
    "一句话。",
]


@given(st.text())
def test_arbitrary_text_gives_articles_or_conversion_errors(text: str) -> None:
    check_contract(selfmedia_text, text)


@given(scrapes(MARKER_LINES))
def test_scrape_shaped_text_gives_articles_or_conversion_errors(text: str) -> None:
    check_contract(selfmedia_text, text)
