"""Text normalisation and script detection shared by every converter."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import opencc

# C0/C1 controls other than tab, newline and carriage return, lone surrogates
# (they cannot be written as UTF-8), and invisible characters that only ever
# appear in scrapes as junk. ZWJ/ZWNJ are kept: they shape emoji and Indic text.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff\ud800-\udfff]")
_WHITESPACE = re.compile(r"\s+")


def normalize_inline(value: str) -> str:
    """Return ``value`` on one line: NFC, invisible characters dropped, whitespace runs as one space, trimmed.

    Idempotent: ``normalize_inline(normalize_inline(x)) == normalize_inline(x)``.
    """
    value = _INVISIBLE.sub("", value)
    value = _WHITESPACE.sub(" ", value).strip()
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
        return sum(1 for a, b in zip(text, converted, strict=True) if a != b)
    return len(set(text) - set(converted))


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def detect_chinese_script(text: str) -> str | None:
    """Tell Simplified from Traditional Chinese by the characters the text uses.

    Uses OpenCC's conversion tables: characters that the Simplified→Traditional
    table would change are Simplified forms, and vice versa.

    Returns:
        ``"zh-Hans"`` or ``"zh-Hant"``; ``"zh"`` when the text is Chinese but
        uses only characters common to both; None when it holds no Han text.
    """
    if not _HAN.search(text):
        return None
    simplified = _changed_characters(text, "s2t")
    traditional = _changed_characters(text, "t2s")
    if simplified > traditional:
        return "zh-Hans"
    if traditional > simplified:
        return "zh-Hant"
    return "zh"


# Region tags sources declare for Chinese; the record carries the script subtag instead.
_CHINESE_REGION_TAGS = {
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-my": "zh-Hans",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
}
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def detect_language(text: str, declared: str | None = None) -> str:
    """Return the BCP 47 tag of ``text``.

    Chinese script is told from the text itself, whatever the source declared;
    a declared tag is kept for text that is not Chinese, with ``_`` read as ``-``,
    the primary subtag lower-cased, and a Chinese region tag given as its script
    (``zh-CN`` as ``zh-Hans``, ``zh-TW`` and ``zh-HK`` as ``zh-Hant``).

    Args:
        text: The article's body text.
        declared: A tag the source declared (e.g. front matter ``lang``), if any.

    Returns:
        A BCP 47 tag such as ``zh-Hans``; ``und`` when nothing tells.
    """
    script = detect_chinese_script(text)
    if script is not None:
        return script
    if declared:
        tag = normalize_inline(declared).replace("_", "-")
        if _LANGUAGE_TAG.fullmatch(tag):
            primary, *rest = tag.split("-")
            return _CHINESE_REGION_TAGS.get(tag.lower(), "-".join([primary.lower(), *rest]))
    return "und"
