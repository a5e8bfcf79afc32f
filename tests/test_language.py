"""Language of an article: identify_language, decide_language and the record they give (articlekit/text.py)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articlekit import text as text_module
from articlekit.converters.base import Draft, Source, build_article
from articlekit.pipeline import convert_source
from articlekit.schema.model import _LANGUAGE
from articlekit.text import (
    TEXT_SAMPLE,
    decide_language,
    detect_chinese_script,
    identify_language,
    normalize_declared_language,
    text_sample,
)

LANGUAGE_SET = Path(__file__).parent / "fixtures" / "language" / "articles.jsonl.gz"

ENGLISH_WITH_CHINESE_NAMES = (
    "Officials in Beijing said on Tuesday that the new rules would take effect next month. "
    "The minister, 王毅, told reporters that talks with the delegation led by 李强 had gone well, "
    "and that a statement from 新华社 would follow later in the week."
)
JAPANESE = (
    "東京都は3日、都内の公立学校で新しい給食の献立を試す取り組みを始めると発表した。"
    "地元の農家から仕入れた野菜を使い、子どもたちに季節の味を知ってもらうのがねらいだという。"
)
KOREAN = (
    "서울시는 3일 시내 버스 노선을 다음 달부터 새로 조정한다고 밝혔다. "
    "시는 출퇴근 시간의 혼잡을 줄이고 시민들의 이동 시간을 단축하기 위한 조치라고 설명했다."
)
FRENCH = (
    "Le gouvernement a présenté mardi un projet de loi sur la rénovation des logements anciens. "
    "Les propriétaires pourront recevoir une aide plus importante s'ils engagent les travaux avant la fin de l'année."
)
TRADITIONAL_WITH_SIMPLIFIED_QUOTE = (
    "行政院今天召開記者會，說明明年度的預算編列方向，並強調將持續投入長照與托育資源。"
    "記者會上，發言人引述一篇對岸媒體的報導：「两岸经济合作应当继续推进」，並表示政府會審慎評估。"
    "多位立委對此表達關切，認為相關政策應該更加透明，讓民眾了解資源的分配方式。"
)


def article(title: str, body: str, declared: str | None = None) -> Any:
    draft = Draft(format="test", title=title, blocks=[("paragraph", body)], declared_language=declared)
    return build_article(draft, Source.from_text(body))


def test_english_quoting_chinese_names_is_english() -> None:
    record = article("New rules from Beijing", ENGLISH_WITH_CHINESE_NAMES)
    assert (record.language, record.flags) == ("en", [])


def test_japanese_is_japanese_not_chinese() -> None:
    identified = identify_language(JAPANESE)
    assert identified is not None
    assert (identified.language, identified.score) == ("ja", 1.0)
    assert article("給食の新しい献立", JAPANESE).language == "ja"


def test_korean_is_told_by_hangul() -> None:
    assert article("버스 노선 조정", KOREAN).language == "ko"


def test_traditional_article_with_a_simplified_quote_is_traditional() -> None:
    assert article("行政院說明預算方向", TRADITIONAL_WITH_SIMPLIFIED_QUOTE).language == "zh-Hant"


def test_script_is_read_across_the_whole_text_not_its_start() -> None:
    # A long Simplified block first (more than 2,000 Han characters), then a longer Traditional article:
    # the old rule read only the first 2,000 Han characters and said zh-Hans.
    simplified = "这是简体中文的说明文字，内容与正文无关。" * 120  # 2,400 characters
    traditional = "這篇報導說明了颱風過後各地的災情與復原進度，讓讀者了解現況。" * 200  # 6,000 characters
    assert detect_chinese_script(simplified + traditional) == "zh-Hant"
    assert detect_chinese_script(simplified) == "zh-Hans"


@pytest.mark.parametrize(
    ("declared", "body", "expected", "flags"),
    [
        ("en", FRENCH, "fr", ["language-declared-mismatch"]),  # the text clearly says French
        ("zh-CN", ENGLISH_WITH_CHINESE_NAMES, "en", ["language-declared-mismatch"]),
        ("zh-CN", JAPANESE, "ja", ["language-declared-mismatch"]),  # kana: never labelled Chinese
        ("en-US", KOREAN, "ko", ["language-declared-mismatch"]),
        ("zh-CN", TRADITIONAL_WITH_SIMPLIFIED_QUOTE, "zh-Hant", []),  # same language: the characters give the script
        ("fr-FR", FRENCH, "fr", []),
        ("fr", "Oui.", "fr", []),  # too short to tell: the declared tag stands
        ("EN-us", "OK", "en", []),
        ("zh_TW", "12:30", "zh-Hant", []),
    ],
)
def test_declared_against_detected(declared: str, body: str, expected: str, flags: list[str]) -> None:
    record = article("T", body, declared)
    assert (record.language, record.flags) == (expected, flags)


def test_han_alone_never_overrules_a_declared_japanese() -> None:
    kanji_only = "東京都知事選挙結果速報開票率九十八%現職候補当選確実" * 3
    assert identify_language(kanji_only) is not None
    assert decide_language(kanji_only, "ja").language == "ja"
    assert decide_language(kanji_only).language.startswith("zh")


def test_identifier_below_the_overrule_bar_keeps_the_declared_tag() -> None:
    short_french = "Le président a parlé mardi soir devant les députés."  # enough to label, too short to overrule
    assert decide_language(short_french).language == "fr"
    assert decide_language(short_french, "de").language == "de"
    assert decide_language(short_french, "de").declared_mismatch is False


def test_lone_surrogates_never_reach_the_identifier() -> None:
    text = "Ceci est un texte en français, assez long pour que le modèle le reconnaisse \ud800 sans peine."
    assert decide_language(text).language == "fr"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Hello",
        "12:30 — 45%",
        "\ud800\udfff" * 40,
        "x = f(y) + 1;",
        "https://example.com/a/b?c=1",
        "标题",
        "OK 好的",
    ],
)
def test_too_short_or_no_letters_is_und(text: str) -> None:
    assert identify_language(text) is None
    assert decide_language(text).language == "und"


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("zh_CN", "zh-Hans"),
        ("zh-SG", "zh-Hans"),
        ("zh-Hans-CN", "zh-Hans"),
        ("ZH-tw", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-Hant", "zh-Hant"),
        ("zh", "zh"),
        ("EN-us", "en"),
        ("en_GB", "en"),
        ("pt-BR", "pt"),
        (" ja ", "ja"),
        ("und", None),
        ("english", None),
        ("x-klingon", None),
        ("", None),
        (None, None),
    ],
)
def test_declared_tags_are_normalised(declared: str | None, expected: str | None) -> None:
    assert normalize_declared_language(declared) == expected


def labelled_set() -> list[dict[str, str]]:
    with gzip.open(LANGUAGE_SET, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def label(text: str) -> str:
    identified = identify_language(text)
    return identified.language if identified else "und"


def test_no_japanese_text_of_the_labelled_set_is_labelled_chinese() -> None:
    japanese = [row for row in labelled_set() if row["language"] == "ja"]
    assert len(japanese) == 50
    labels = {label(row["text"]) for row in japanese}
    assert labels == {"ja"}


def test_labelled_set_accuracy_on_texts_of_200_characters() -> None:
    rows = [row for row in labelled_set() if len(row["text"]) >= 200]
    assert len(rows) == 540
    wrong = [row for row in rows if label(row["text"]) != row["language"]]
    assert len(wrong) / len(rows) <= 0.02, wrong[:5]


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("experiments/text/topic-news/topic-news-5903225.txt", "ja"),
        ("resources/CP_Vietnamese-UNC/corpus/CP_Vietnamese-UNC/news_business_001.txt", "vi"),
        ("test.csv#row1", "de"),
        ("data/ods/ria.csv.gz#row1", "ru"),
        ("not-to-release/sources/GUM_news_afghan.conllu", "en"),
        ("not-to-release/documents/CF0020.conllu", "pt"),
        ("zh_gsd-ud-test.conllu#run1", "zh-Hant"),
        ("zh_gsdsimp-ud-dev.conllu#run1", "zh-Hans"),
        ("ko_gsd-ud-test.conllu#run1", "ko"),
        ("fr_gsd-ud-test.conllu#run1", "fr"),
        ("es_gsd-ud-test.conllu#run1", "es"),
        ("ar_pud-ud-test.conllu#doc1", "ar"),
    ],
)
def test_hand_picked_labelled_texts(path: str, language: str) -> None:
    (row,) = [row for row in labelled_set() if row["path"] == path]
    assert row["language"] == language
    identified = identify_language(row["text"])
    assert identified is not None
    assert identified.language == language


# Characters that are no letters: digits, spaces, ASCII and CJK punctuation.
_NO_LETTERS = st.text(
    alphabet=st.sampled_from(list("0123456789 \n\t.,;:!?-()[]{}'\"/\\@#%&*+=<>|~`^_$，。、！？：；（）《》「」…"))
)


@st.composite
def declared_tags(draw: st.DrawFn) -> str | None:
    """A declared language as sources write it: well-formed tags, odd case, underscores, junk, or nothing."""
    return draw(
        st.none()
        | st.sampled_from(["zh-CN", "zh_TW", "EN-us", "ja", "ko-KR", "pt_BR", "und", "zh", "sr-Latn-RS"])
        | st.from_regex(r"[A-Za-z]{1,9}(?:[-_][A-Za-z0-9]{1,9}){0,2}", fullmatch=True)
        | st.text(max_size=12)
    )


@given(_NO_LETTERS)
def test_text_without_letters_is_und(text: str) -> None:
    assert identify_language(text) is None
    assert decide_language(text).language == "und"


# Any text a caller may pass, lone surrogates and NUL included.
_ANY_TEXT = st.lists(
    st.characters() | st.sampled_from(["\ud800", "\udfff", "\x00", "\n", "ソ", "한", "中"]), max_size=400
).map("".join)


@given(_ANY_TEXT, declared_tags())
def test_language_is_deterministic_and_matches_the_contract(text: str, declared: str | None) -> None:
    decision = decide_language(text, declared)
    assert decision == decide_language(text, declared)
    assert re.fullmatch(_LANGUAGE.removeprefix("^").removesuffix("$(?!\\n)"), decision.language)
    assert decision.language in ("und", "zh", "zh-Hans", "zh-Hant") or re.fullmatch("[a-z]{2,3}", decision.language)


@given(st.text(max_size=TEXT_SAMPLE * 3))
def test_sample_is_bounded_and_whole_when_short(text: str) -> None:
    sample = text_sample(text)
    if len(text) <= TEXT_SAMPLE:
        assert sample == text
    else:
        assert len(sample) <= TEXT_SAMPLE + 4  # the windows and the line breaks between them
        assert sample.startswith(text[:100])
        assert sample.endswith(text[-100:])


def test_mixed_text_takes_the_language_of_most_of_its_letters() -> None:
    chinese_quote = "王部长在会上表示，今年的经济增长目标是稳中求进，各地要抓好落实。"  # 32 Han characters
    english = ENGLISH_WITH_CHINESE_NAMES
    assert decide_language(english * 2 + chinese_quote).language == "en"  # Han are a minority of the letters
    assert decide_language(chinese_quote * 8 + "Reuters reported it.").language == "zh-Hans"
    french_with_english = FRENCH * 3 + "The minister declined to comment on the plan."
    assert decide_language(french_with_english).language == "fr"


def test_a_converter_flags_a_declared_language_the_text_contradicts() -> None:
    body = "\n\n".join([FRENCH, FRENCH.replace("mardi", "mercredi")])
    source = Source.from_text(f"---\ntitle: Rénovation\nlang: en-US\ndate: 2025-02-08\n---\n\n{body}\n", "post.md")
    (record,) = convert_source(source).articles
    assert record.language == "fr"
    assert "language-declared-mismatch" in record.flags
    agreeing = Source.from_text(f"---\ntitle: Rénovation\nlang: fr-FR\ndate: 2025-02-08\n---\n\n{body}\n", "post.md")
    (record,) = convert_source(agreeing).articles
    assert (record.language, "language-declared-mismatch" in record.flags) == ("fr", False)


def test_chinese_with_only_shared_characters_is_zh_unless_a_script_is_declared() -> None:
    shared = "大中小上下左右人口日月山水火木土石田力"  # the same in both scripts
    assert decide_language(shared).language == "zh"
    assert decide_language(shared, "zh-TW") == decide_language(shared, "zh-Hant")
    assert decide_language(shared, "zh-TW").language == "zh-Hant"  # nothing in the text says otherwise
    assert (decide_language(shared, "en").language, decide_language(shared, "en").declared_mismatch) == ("zh", True)


@pytest.mark.parametrize("declared", ["utf-8", "UTF-8", "gbk", "gb2312", "big5", "iso-8859-1", "koi8-r"])
def test_a_charset_name_declared_as_language_is_no_language(declared: str) -> None:
    assert normalize_declared_language(declared) is None


# --- the short first reading ------------------------------------------------------------------------


def test_the_short_first_reading_labels_the_set_as_the_full_sample_does(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [row for row in labelled_set() if row["language"] not in ("zh-Hans", "zh-Hant", "ja", "ko")]
    quick = [identify_language(row["text"]) for row in rows]
    monkeypatch.setattr(text_module, "QUICK_SAMPLE", 0)
    full = [identify_language(row["text"]) for row in rows]
    assert [found.language if found else "und" for found in quick] == [row["language"] for row in rows]
    assert [found.language if found else "und" for found in full] == [row["language"] for row in rows]


def test_the_short_first_reading_takes_whole_words_from_both_ends() -> None:
    text = "alpha beta gamma delta " * 10 + "omega"
    assert text_module._word_windows(text, 20) == "alpha beta\nomega"  # a cut word is left out
    assert text_module._word_windows(text, 22) == "alpha beta gamma\ndelta omega"  # a word begun is finished
    assert text_module._word_windows("short text", 60) == "short text"


def test_an_unsure_short_reading_falls_back_to_the_full_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    samples: list[str] = []
    real = text_module._predict

    def record(sample: str, east_asian: int) -> tuple[str, float]:
        samples.append(sample)
        label, score = real(sample, east_asian)
        return label, score if len(samples) > 1 else 0.1  # the first reading is made unsure

    monkeypatch.setattr(text_module, "_predict", record)
    identified = identify_language(ENGLISH_WITH_CHINESE_NAMES * 3)
    assert identified is not None
    assert identified.language == "en"
    assert len(samples) == 2
    assert len(samples[1]) > len(samples[0])
