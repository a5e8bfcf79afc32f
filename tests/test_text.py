"""articlekit.text: normalisation, display width, Chinese script and language tags, with exact values."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from articlekit.text import (
    _EAST_ASIAN,
    _HAN_RUN,
    _HANGUL,
    _KANA,
    _NOT_LETTER,
    TEXT_SAMPLE,
    _changed_by_character,
    _changed_characters,
    _clear_winner,
    _count_bits,
    _letter_classes,
    _script_classes,
    detect_chinese_script,
    detect_language,
    display_width,
    normalize_block,
    normalize_inline,
    text_sample,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  a \t b\n c  ", "a b c"),
        ("e\u0301t\u00e9", "\u00e9t\u00e9"),  # decomposed é composed
        ("a\u200bb\u2060c\ufeffd", "abcd"),  # zero-width space, word joiner, BOM dropped
        ("a\x00b\x08c\x0bd\x0ce\x1ff\x7fg\x9fh", "abcdefgh"),  # C0 and C1 controls dropped
        ("a\ud800b", "ab"),  # a lone surrogate cannot be written as UTF-8
        ("a\u200db\u200cc", "a\u200db\u200cc"),  # ZWJ and ZWNJ kept: they shape emoji and Indic text
        ("\u3000标题\u3000", "标题"),  # ideographic space is whitespace
        ("a\u00a0b", "a b"),
        ("\t\n", ""),
    ],
)
def test_normalize_inline(value: str, expected: str) -> None:
    assert normalize_inline(value) == expected


def test_normalize_inline_drops_controls_before_joining_whitespace() -> None:
    # A control between two spaces vanishes, and the spaces around it become one.
    assert normalize_inline("a \x00 b") == "a b"
    assert normalize_inline("\x00 a") == "a"


@st.composite
def non_nfc_texts(draw: st.DrawFn) -> str:
    """Text holding at least one letter decomposed into a base and a combining mark that NFC composes again."""
    letter = draw(st.sampled_from("áéíóúàèñçüÅǎ"))
    before = draw(st.text(max_size=10))
    after = draw(st.text(max_size=10))
    return before + unicodedata.normalize("NFD", letter) + after


@given(non_nfc_texts())
def test_normalize_inline_returns_nfc_of_non_nfc_text(value: str) -> None:
    assert not unicodedata.is_normalized("NFC", value)  # the strategy draws what the test is about
    normalized = normalize_inline(value)
    assert unicodedata.is_normalized("NFC", normalized)
    assert normalize_inline(normalized) == normalized
    assert "\n" not in normalized
    assert normalized == normalized.strip()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  第一行 \n\n\n  第二  行\r\n\t\n", "第一行\n第二 行"),
        ("one", "one"),
        ("\n \n", ""),
        ("a\u2028b", "a\nb"),  # a Unicode line separator ends a line too
    ],
)
def test_normalize_block_keeps_single_line_breaks(value: str, expected: str) -> None:
    assert normalize_block(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", 0), ("abc", 3), ("中文", 4), ("\uff21\uff22", 4), ("a中b", 4), ("ｱ", 1), ("é", 1)],
)
def test_display_width_counts_wide_and_full_width_characters_twice(text: str, expected: int) -> None:
    assert display_width(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("这是简体中文的文章，讨论经济发展与国际关系。" * 3, "zh-Hans"),
        ("這是繁體中文的文章，討論經濟發展與國際關係。" * 3, "zh-Hant"),
        ("中文", "zh"),  # characters common to both scripts
        ("no Han text at all", None),
        ("", None),
    ],
)
def test_detect_chinese_script(text: str, expected: str | None) -> None:
    assert detect_chinese_script(text) == expected


def test_a_close_count_is_settled_by_the_phrase_tables() -> None:
    # 后 alone is a Simplified form (Traditional 後), but in 皇后 it is the same in both scripts.
    assert detect_chinese_script("皇后") == "zh"
    assert detect_chinese_script("后来") == "zh-Hans"
    assert detect_chinese_script("後來") == "zh-Hant"


def test_the_script_is_decided_over_the_whole_text() -> None:
    # 1,000 Simplified then 4,000 Traditional characters: the first 2,000 would tie; five windows of 400
    # across the text read 400 Simplified and 1,600 Traditional characters.
    assert TEXT_SAMPLE == 2000
    assert detect_chinese_script("这" * 1000 + "這" * 4000) == "zh-Hant"
    assert detect_chinese_script("這" * 1000 + "这" * 4000) == "zh-Hans"


def test_text_sample_reads_equal_windows_from_start_to_end() -> None:
    assert text_sample("ab中") == "ab中"
    assert text_sample("x" * 2000) == "x" * 2000
    text = "a" * 1000 + "b" * 1000 + "c" * 1000
    assert text_sample(text, 300, 3) == "a" * 100 + "\n" + "b" * 100 + "\n" + "c" * 100


def test_a_long_text_without_han_is_no_chinese() -> None:
    assert detect_chinese_script("x" * (TEXT_SAMPLE + 1)) is None
    assert detect_chinese_script("x" * TEXT_SAMPLE + "中") == "zh"


@pytest.mark.parametrize(
    ("text", "declared", "expected"),
    [
        ("这是简体中文的文章，讨论经济发展。", "en", "zh-Hans"),  # the text wins over the declaration
        ("這是繁體中文的文章，討論經濟發展。", "zh-CN", "zh-Hant"),
        ("An English text.", "en", "en"),
        ("An English text.", "EN_us", "en"),  # too short to tell: the declared tag's primary subtag
        ("An English text.", "En-GB", "en"),
        ("Some text.", "zh-CN", "zh-Hans"),
        ("Some text.", "zh_tw", "zh-Hant"),
        ("Some text.", "zh-HK", "zh-Hant"),
        ("Some text.", "zh-mo", "zh-Hant"),
        ("Some text.", "zh-SG", "zh-Hans"),
        ("Some text.", "zh-MY", "zh-Hans"),
        ("Some text.", " fr ", "fr"),
        ("Some text.", "english language", "und"),
        ("Some text.", "e", "und"),
        ("Some text.", "", "und"),
        ("Some text.", None, "und"),
    ],
)
def test_detect_language(text: str, declared: str | None, expected: str) -> None:
    assert detect_language(text, declared) == expected


@pytest.mark.parametrize(
    ("simplified", "traditional", "clear"),
    [(10, 0, True), (9, 0, False), (0, 10, True), (30, 10, True), (29, 10, False), (5, 5, False), (0, 0, False)],
)
def test_a_clear_winner_leads_by_twice_the_other_plus_ten(simplified: int, traditional: int, clear: bool) -> None:
    assert _clear_winner(simplified, traditional) is clear


def test_changed_characters_counts_positions_when_the_length_is_kept() -> None:
    assert _changed_characters("后后来", "s2t") == 3  # 後後來: each changed position counts, repeats too
    assert _changed_characters("後來", "s2t") == 0
    assert _changed_characters("後後來", "t2s") == 3


# Any code point: Han, kana, Hangul, the listed punctuation, astral characters and lone surrogates.
_ANY_CHARACTERS = st.text(
    st.one_of(
        st.characters(min_codepoint=0x3000, max_codepoint=0xD7AF),
        st.characters(codec=None, categories=None),
        st.sampled_from("\ud800\udfff\U00020000\U0001f600 ，。!a1"),
    ),
    max_size=80,
)


@given(_ANY_CHARACTERS)
@example("漢字と仮名、한글。ABC 123 \U0001f600\ud800")
def test_counting_by_class_table_counts_what_the_patterns_match(text: str) -> None:
    """The per-code-point tables are read off the patterns: counting through them is counting the matches."""
    assert _count_bits(_letter_classes(), text, 4) == [
        sum(map(len, pattern.findall(text))) for pattern in (_NOT_LETTER, _EAST_ASIAN, _KANA, _HANGUL)
    ]
    assert _count_bits(_script_classes(), text, 3) == [
        sum(map(len, pattern.findall(text)))
        for pattern in (_HAN_RUN, _changed_by_character("s2t"), _changed_by_character("t2s"))
    ]


def test_each_class_table_bit_marks_exactly_the_characters_its_pattern_matches() -> None:
    """Every code point of the BMP, one by one; past the BMP, one shared entry that no pattern marks.

    The tables are built afresh (``__wrapped__``, past the cache): a change to how they are built must show
    even in a process that built and cached them before.
    """
    tables = {
        (_NOT_LETTER, _EAST_ASIAN, _KANA, _HANGUL): _letter_classes.__wrapped__(),
        (_HAN_RUN, _changed_by_character("s2t"), _changed_by_character("t2s")): _script_classes.__wrapped__(),
    }
    for patterns, table in tables.items():
        assert (len(table), int(table[0x10000])) == (0x10001, 0)
        for bit, pattern in enumerate(patterns):
            marked = [code for code in range(0x10000) if table[code] >> bit & 1]
            assert marked == [code for code in range(0x10000) if pattern.fullmatch(chr(code))], pattern.pattern[:40]
