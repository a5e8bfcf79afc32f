from __future__ import annotations

import re

import pytest

from articlekit.converters import _plaintext
from articlekit.converters._plaintext import Paragraph
from articlekit.converters.base import Source
from articlekit.errors import ConversionError


def test_split_lines_handles_every_line_ending_and_normalises() -> None:
    text = "\ufeff標題 \r\n\r\n a\u3000 b\rc\n\n"
    assert _plaintext.split_lines(text) == ["標題", "", "a b", "c", "", ""]


def test_split_paragraphs_keeps_source_line_numbers() -> None:
    lines = ["", "一", "二", "", "", "三", ""]
    assert _plaintext.split_paragraphs(lines) == [Paragraph(2, ("一", "二")), Paragraph(6, ("三",))]


def test_take_lines_splits_a_paragraph_across_the_header() -> None:
    paragraphs = [Paragraph(1, ("標題", "日期", "正文一")), Paragraph(5, ("正文二",))]
    taken, rest = _plaintext.take_lines(paragraphs, 2)
    assert taken == [(1, "標題"), (2, "日期")]
    assert rest == [Paragraph(3, ("正文一",)), Paragraph(5, ("正文二",))]


def test_take_lines_on_a_short_document() -> None:
    assert _plaintext.take_lines([Paragraph(3, ("標題",))], 2) == ([(3, "標題")], [])


def test_head_lines_reads_only_the_window() -> None:
    text = "a\n\nb\n" + "x" * (_plaintext.SNIFF_WINDOW * 10) + "\nc"
    assert _plaintext.head_lines(text, 4) == ["a", "b", "x" * (_plaintext.SNIFF_WINDOW - 5)]


def test_looks_like_markup() -> None:
    assert _plaintext.looks_like_markup("---")
    assert _plaintext.looks_like_markup("<!--1739003943000-->")
    assert _plaintext.looks_like_markup("[標題](https://example.com/)")
    assert not _plaintext.looks_like_markup("[快訊] 標題")
    assert not _plaintext.looks_like_markup("#熱點# 標題")
    assert _plaintext.looks_like_markup("# 每日新闻 2025-04-19")  # a Markdown heading opens a page or digest
    assert _plaintext.looks_like_markup("## 1. 标题")
    assert not _plaintext.looks_like_markup("#1 热搜")


DATE = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}) "
    r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
)


def test_match_marker_refuses_overlong_lines() -> None:
    assert _plaintext.match_marker(DATE, "2025-02-08 10:00") is not None
    assert _plaintext.match_marker(re.compile("x+"), "x" * (_plaintext.MARKER_LINE_LIMIT + 1)) is None


def test_read_page() -> None:
    page = _plaintext.read_page(Source.from_text("標題\n2025-02-08 10:00\n\n正文。"), DATE, "Asia/Shanghai", "a date")
    assert (page.title, page.date_line[0], page.body) == (
        "標題",
        "2025-02-08 10:00",
        [Paragraph(4, ("正文。",))],
    )
    assert page.published is not None
    assert page.published.value.isoformat() == "2025-02-08T10:00:00+08:00"
    assert page.flags == []


def test_read_page_with_an_impossible_date_flags_it() -> None:
    page = _plaintext.read_page(Source.from_text("標題\n2025-02-31 10:00\n正文。"), DATE, "UTC", "a date")
    assert (page.published, page.flags) == (None, ["published-at-unparseable"])


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        (" \n\n", "empty", "p.txt: the source holds no text"),
        ("標題\n", "no-body", "p.txt: only a title, no date line and no body"),
        ("標題\n\n正文。", "bad-header", "p.txt: line 3: the line after the title is not a date: '正文。'"),
    ],
)
def test_read_page_rejects(text: str, code: str, message: str) -> None:
    with pytest.raises(ConversionError) as caught:
        _plaintext.read_page(Source.from_text(text, path="p.txt"), DATE, "UTC", "a date")
    assert (caught.value.code, caught.value.message) == (code, message)
