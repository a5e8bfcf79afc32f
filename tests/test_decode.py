# ruff: noqa: RUF001  # Russian text quoted as published: Cyrillic letters look like Latin ones
"""Decoding source bytes: BOMs, charsets, gzip, binary and empty input."""

from __future__ import annotations

import codecs
import gzip
import zlib
from pathlib import Path

import pytest
from paths import SEEDS

from articlekit import convert_file
from articlekit.decode import _declared_codec, decode, gunzip
from articlekit.errors import ConversionError

SEED_001 = (SEEDS / "001_1e12915c2adf12bb.txt").read_text(encoding="utf-8")
SEED_002 = (SEEDS / "002_79b54386e2c3b414.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SEED_002.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SEED_002.encode("utf-8"), "utf-8"),
        (SEED_002.encode("gbk"), "gb18030"),
        (SEED_002.encode("gb2312"), "gb18030"),
        (SEED_002.encode("gb18030"), "gb18030"),
        (SEED_001[:2000].encode("big5"), "big5"),
        (SEED_001.encode("big5hkscs"), "big5hkscs"),
        (SEED_001.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + SEED_001.encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb2312", "gb18030", "big5", "big5hkscs", "utf16le-bom", "utf16be-bom"],
)
def test_decodes_to_the_original_text(data, encoding):
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert decoded.text.removeprefix("\ufeff") in (SEED_001, SEED_002, SEED_001[:2000])


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b" \n\t\r\n ", "empty"),
        ("\u3000\n".encode(), "empty"),
        (b"\x00" * 4096, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        (b"%PDF-1.7\n", "binary"),
        (codecs.BOM_UTF8 + b"\xff\xfe broken", "undecodable"),
    ],
    ids=["empty", "whitespace", "ideographic-space", "nul", "png", "pdf", "bad-after-bom"],
)
def test_bad_bytes_get_their_code(data, code):
    with pytest.raises(ConversionError) as error:
        decode(data)
    assert error.value.code == code


def test_truncated_utf8_still_decodes_the_rest():
    data = SEED_002.encode("utf-8")[:-1]  # cut inside the last character
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text == SEED_002[:-1]


def test_gunzip_round_trip_and_limits():
    data = SEED_002.encode("utf-8")
    assert gunzip(gzip.compress(data)) == data
    with pytest.raises(ConversionError) as too_large:
        gunzip(gzip.compress(b"a" * 10_000_000), max_bytes=1_000_000)
    assert too_large.value.code == "too-large"
    with pytest.raises(ConversionError) as truncated:
        gunzip(gzip.compress(data)[:-20])
    assert truncated.value.code == "undecodable"
    with pytest.raises(ConversionError) as corrupt:
        gunzip(b"\x1f\x8b\x08\x00" + b"garbage" * 10)
    assert corrupt.value.code == "undecodable"


def test_gzip_bomb_is_refused_without_inflating_it():
    bomb = zlib.compress(b"\0" * 200_000_000, 9)  # ~200 KB that inflates to 200 MB
    with pytest.raises(ConversionError) as error:
        gunzip(bomb, max_bytes=8 * 1024 * 1024)
    assert error.value.code == "too-large"


def test_shift_jis_with_nec_symbols_decodes_as_cp932():
    # Japanese sites write Shift_JIS with Windows' NEC and IBM extensions (①, ㈱), which strict Shift_JIS refuses.
    text = "<rss><channel><item><title>①番目の記事 ㈱テスト</title><description>本文です。①</description>"
    text += "</item></channel></rss>"
    decoded = decode(text.encode("cp932"))
    assert (decoded.text, decoded.encoding) == (text, "cp932")


# Real Russian news text (the first item of xakep.ru's feed, tests/fixtures/xml-feed/SOURCES.md).
RUSSIAN = (
    "Руководители разведки США шутят об убийстве Сноудена. Бывший директор АНБ, генерал Майкл Хэйден снова "
    "показал себя во всей красе. Задним числом вознаграждение получат все, кто присылал информацию о багах."
)
XAKEP_FEED = Path(__file__).parent / "fixtures" / "xml-feed" / "xakep-windows-1251.xml"


@pytest.mark.parametrize(
    ("declaration", "codec", "encoding"),
    [
        ('<?xml version="1.0" encoding="windows-1251"?>\n<rss><channel><title>', "cp1251", "cp1251"),
        ("<html><head><meta charset=koi8-r><title>", "koi8_r", "koi8-r"),
        (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-5"><p>',
            "iso8859_5",
            "iso8859-5",
        ),
    ],
)
def test_a_document_no_candidate_reads_is_read_in_the_encoding_it_declares(
    declaration: str, codec: str, encoding: str
) -> None:
    text = declaration + RUSSIAN
    decoded = decode(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, encoding)


@pytest.mark.parametrize(("codec", "encoding"), [("cp1251", "cp1251"), ("koi8_r", "koi8-r")])
def test_undeclared_cyrillic_text_is_told_after_every_other_candidate(codec: str, encoding: str) -> None:
    decoded = decode(RUSSIAN.encode(codec))
    assert (decoded.text, decoded.encoding) == (RUSSIAN, encoding)


@pytest.mark.parametrize(
    "declaration",
    [
        '<?xml version="1.0" encoding="unicode_escape"?>',  # a Python codec, no text encoding of the web
        '<?xml version="1.0" encoding="rot13"?>',
        '<?xml version="1.0" encoding="no-such-codec"?>',
        "<meta charset=utf-7>",
    ],
)
def test_a_declaration_naming_no_web_encoding_is_not_taken(declaration: str) -> None:
    assert _declared_codec(declaration.encode("ascii") + RUSSIAN.encode("cp1251")) is None


def test_a_windows_1251_feed_converts_through_the_pipeline() -> None:
    articles = list(convert_file(XAKEP_FEED))
    assert [article.title for article in articles] == [
        "Руководители разведки США шутят об убийстве Сноудена",
        "Yahoo повышает размер вознаграждений за баги с $12,50 до $15 000",
    ]
    assert {(article.language, article.provenance.encoding) for article in articles} == {("ru", "cp1251")}
