from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from converter_checks import assert_matches_golden, assert_valid, check_contract, scrapes, seed_source
from hypothesis import given
from hypothesis import strategies as st

from articlekit.converters import daydaynews_text
from articlekit.converters.base import Source
from articlekit.errors import ConversionError
from articlekit.schema import Article

SEED = "001_1e12915c2adf12bb"
DATE_LINE = "2025年02月10日11:20:38 國際 7927"


def page(*lines: str, newline: str = "\n") -> Source:
    """A scrape whose lines are given one by one (use "" for a blank line)."""
    return Source.from_text(newline.join(lines), path="page.txt")


def convert_one(source: Source) -> Article:
    [article] = list(daydaynews_text.convert(source))
    return article


@pytest.fixture(scope="module")
def seed_article() -> Article:
    return convert_one(seed_source(SEED))


# --- the seed -------------------------------------------------------------------------------------


def test_seed_header(seed_article: Article) -> None:
    assert seed_article.title == "俄副外長放風,美國要主動邁出改善美俄關係第一步"
    assert seed_article.published_at == datetime(2025, 2, 10, 11, 20, 38, tzinfo=timezone(timedelta(hours=8)))
    assert seed_article.model_dump(mode="json")["published_at"] == "2025-02-10T11:20:38+08:00"
    assert seed_article.published_offset_assumed is True
    assert seed_article.categories == ["國際"]
    assert seed_article.language == "zh-Hant"
    assert seed_article.source.name == "天天要聞"
    assert seed_article.source.domain is None
    assert seed_article.url is None
    assert seed_article.flags == []


def test_seed_images(seed_article: Article) -> None:
    assert [(image.url, image.caption) for image in seed_article.images] == [
        (None, "俄高官放風,普京在等特朗普主動"),
        (None, "俄副外長里亞布科夫"),
        (None, "美俄遲遲沒有最高交流"),
        (None, "澤連斯基政府準備用資源換安全"),
    ]


def test_seed_text(seed_article: Article) -> None:
    text = seed_article.text
    for removed in ("天天要聞", "分類資訊推薦", "中國家庭60%", "7927"):
        assert removed not in text
    assert text.endswith("恐怕有點過於樂觀了。")
    assert text.startswith("美俄遲遲沒有最高接觸,")
    assert len(seed_article.blocks) == 16
    assert {block.kind for block in seed_article.blocks} == {"paragraph"}


def test_seed_view_count_is_not_stored(seed_article: Article) -> None:
    assert "7927" not in json.dumps(seed_article.model_dump(mode="json"), ensure_ascii=False)


def test_seed_matches_golden_file(seed_article: Article) -> None:
    assert_matches_golden(seed_article, SEED)


def test_seed_is_valid(seed_article: Article) -> None:
    assert_valid(seed_article)


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("000_924425bcc6410fb0", 0.0),
        ("001_1e12915c2adf12bb", 1.0),
        ("002_79b54386e2c3b414", 0.0),
        ("003_422941471d0b9345", 0.0),
        ("004_14e5ebb0833022ae", 0.0),
    ],
)
def test_sniff_on_seeds(seed: str, expected: float) -> None:
    assert daydaynews_text.sniff(seed_source(seed)) == expected


# --- sniffing ---------------------------------------------------------------------------------------


def test_sniff_date_line_without_site_name() -> None:
    assert daydaynews_text.sniff(page("標題", "", DATE_LINE, "", "正文。")) == 0.85


@pytest.mark.parametrize("title", ["[快訊] 標題", "#熱點# 標題", "<<標題>>"])
def test_sniff_titles_that_start_with_brackets(title: str) -> None:
    assert daydaynews_text.sniff(page(title, DATE_LINE, "正文。")) == 0.85


def test_sniff_crlf_seed_scores_like_the_seed() -> None:
    text = seed_source(SEED).text.replace("\n", "\r\n")
    assert daydaynews_text.sniff(Source.from_text(text)) == 1.0


def test_sniff_date_line_not_after_title_scores_low() -> None:
    assert daydaynews_text.sniff(page(DATE_LINE, "", "正文。")) == 0.3


@pytest.mark.parametrize(
    "text",
    [
        "",
        "just some prose\n\nwith paragraphs.",
        "標題\n\n张麻子脸上 2025-04-19 10:12:48\n\n正文。",
        "---\ntitle: x\n---\n" + DATE_LINE,
        "<!--1739003943000-->\n[標題](https://example.com/a)\n------\n",
        "x" * 1_000_000,
    ],
)
def test_sniff_rejects_other_text(text: str) -> None:
    assert daydaynews_text.sniff(Source.from_text(text)) == 0.0


# --- header -----------------------------------------------------------------------------------------


def test_date_line_without_views_or_category() -> None:
    article = convert_one(page("標題", "2025年2月3日9:05", "正文。"))
    assert article.published_at == datetime(2025, 2, 3, 9, 5, tzinfo=timezone(timedelta(hours=8)))
    assert article.categories == []


def test_date_line_with_category_and_no_views() -> None:
    assert convert_one(page("標題", "2025年02月10日11:20:38 財經", "", "正文。")).categories == ["財經"]


def test_impossible_date_keeps_the_record_with_a_flag() -> None:
    article = convert_one(page("標題", "", "2025年02月31日11:20:38 國際 12", "", "正文。"))
    assert article.published_at is None
    assert article.published_offset_assumed is False
    assert article.flags == ["published-at-unparseable"]
    assert article.categories == ["國際"]


def test_implausible_year_is_flagged() -> None:
    article = convert_one(page("標題", "1801年02月10日11:20:38 國際 12", "正文。"))
    assert article.published_at is None
    assert article.flags == ["published-at-implausible"]


def test_no_date_line_is_bad_header() -> None:
    with pytest.raises(ConversionError) as caught:
        convert_one(page("標題", "", "正文第一段。", "", "正文第二段。"))
    assert caught.value.code == "bad-header"
    assert "page.txt: line 3:" in caught.value.message


def test_only_a_title_is_no_body() -> None:
    with pytest.raises(ConversionError) as caught:
        convert_one(page("標題", ""))
    assert caught.value.code == "no-body"


def test_title_and_date_line_only_is_no_body() -> None:
    with pytest.raises(ConversionError) as caught:
        convert_one(page("標題", "", DATE_LINE))
    assert caught.value.code == "no-body"


@pytest.mark.parametrize("text", ["", "  \n\r\n\t\n", "\ufeff"])
def test_empty_source(text: str) -> None:
    with pytest.raises(ConversionError) as caught:
        convert_one(Source.from_text(text))
    assert caught.value.code == "empty"


# --- body rules ---------------------------------------------------------------------------------


def test_image_caption_lines_with_another_title() -> None:
    article = convert_one(
        page(
            "本文標題",
            DATE_LINE,
            "",
            "第一段。",
            "",
            "另一篇文章的標題 - 天天要聞(圖說一)",
            "",
            "第二段。",
            "舊標題 - 天天要聞（全形括號圖說）",
            "第二段的第二行。",
        )
    )
    assert [image.caption for image in article.images] == ["圖說一", "全形括號圖說"]
    assert [block.text for block in article.blocks] == ["第一段。", "第二段。\n第二段的第二行。"]


def test_image_line_without_caption_leaves_the_text_and_records_nothing() -> None:
    article = convert_one(page("標題", DATE_LINE, "", "第一段。", "", "標題 - 天天要聞", "", "第二段。"))
    assert article.images == []
    assert article.text == "第一段。\n\n第二段。"


def test_caption_keeps_inner_parentheses() -> None:
    article = convert_one(page("標題", DATE_LINE, "", "標題 - 天天要聞(普京(左)與特朗普)", "", "正文。"))
    assert [image.caption for image in article.images] == ["普京(左)與特朗普"]


@pytest.mark.parametrize(
    "line",
    [
        "- 天天要聞(沒有標題)",
        "標題 - 天天要聞(沒有右括號",
        "標題 - 天天要聞報道(不是圖說)",
        "標題 - 天天要聞 ()",
    ],
)
def test_lines_that_almost_look_like_alt_text_are_text(line: str) -> None:
    article = convert_one(page("標題", DATE_LINE, "", line))
    assert article.images == []
    assert article.text == line


def test_site_name_inside_a_sentence_is_text() -> None:
    article = convert_one(page("標題", DATE_LINE, "", "本文轉載自天天要聞(網站),特此說明。"))
    assert article.images == []
    assert article.text == "本文轉載自天天要聞(網站),特此說明。"


@pytest.mark.parametrize("marker", ["財經分類資訊推薦", "分類資訊推薦", "社會 分類資訊推薦", "財经分类资讯推荐"])
def test_recommendation_block_is_cut_whatever_the_category(marker: str) -> None:
    article = convert_one(
        page("標題", DATE_LINE, "", "正文結尾。", "", marker, "", "別的文章 - 天天要聞", "", "別的文章的摘要。")
    )
    assert article.text == "正文結尾。"
    assert article.images == []


def test_recommendation_marker_inside_a_paragraph_cuts_from_its_line() -> None:
    article = convert_one(page("標題", DATE_LINE, "", "正文結尾。", "國際分類資訊推薦", "別的文章。"))
    assert article.text == "正文結尾。"


def test_recommendation_words_inside_a_sentence_are_text() -> None:
    text = "編輯說:本站的國際分類資訊推薦功能已上線,歡迎試用。"
    assert convert_one(page("標題", DATE_LINE, "", text)).text == text


def test_only_recommendations_is_no_body() -> None:
    with pytest.raises(ConversionError) as caught:
        convert_one(page("標題", DATE_LINE, "", "國際分類資訊推薦", "", "別的文章。"))
    assert caught.value.code == "no-body"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_endings_read_like_lf(newline: str) -> None:
    lines = ("標題", "", DATE_LINE, "", "第一段,", "第一段續。", "", "標題 - 天天要聞(圖說)", "", "第二段。")
    converted = convert_one(page(*lines, newline=newline)).model_dump()
    expected = convert_one(page(*lines)).model_dump()
    converted.pop("provenance")
    expected.pop("provenance")
    assert converted == expected
    assert "\r" not in converted["text"]
    assert converted["text"] == "第一段,\n第一段續。\n\n第二段。"


def test_huge_line_with_many_site_names_converts() -> None:
    # Guards against a caption pattern that backtracks quadratically on hostile lines.
    line = "某標題 - 天天要聞(" * 200_000
    article = convert_one(page("標題", DATE_LINE, "", line))
    assert article.text == line.strip()
    assert article.images == []


# --- robustness ---------------------------------------------------------------------------------

MARKER_LINES = [
    DATE_LINE,
    "2025年02月31日11:20:38 國際 1",
    "0000年01月01日00:00:00",
    "9999年12月31日23:59:59 國際",
    "標題 - 天天要聞(圖說)",
    "標題 - 天天要聞()",
    " - 天天要聞(",
    "國際分類資訊推薦",
]


@given(st.text())
def test_arbitrary_text_gives_articles_or_conversion_errors(text: str) -> None:
    check_contract(daydaynews_text, text)


@given(scrapes(MARKER_LINES))
def test_scrape_shaped_text_gives_articles_or_conversion_errors(text: str) -> None:
    check_contract(daydaynews_text, text)
