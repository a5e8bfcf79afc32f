"""Turning a source file's bytes into text: gzip, size limits, binary sniffing, charsets."""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass

from charset_normalizer import from_bytes

from articlekit.errors import ConversionError

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
"""Sources (after gunzip) larger than this are rejected with ``too-large``; ``--max-bytes`` changes it."""

_BINARY_SIGNATURES = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",  # zip, docx, xlsx
    b"\x7fELF",
    b"RIFF",
    b"\x00\x00\x01\x00",  # ICO
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What a news scrape is realistically encoded in when it is not UTF-8. Asking
# charset-normalizer to choose among these (rather than every codec it knows)
# keeps it from "detecting" exotic single-byte codecs on short Chinese texts.
_CANDIDATES = ["gb18030", "big5", "big5hkscs", "utf_16", "shift_jis", "euc_kr", "cp1252"]
# Windows' supersets of Shift_JIS and EUC-KR, in which Japanese and Korean sites really write (NEC and IBM
# symbols such as ① and ㈱; UHC hangul such as 똠): tried only when no strict candidate fits, so that they
# never outbid the codecs above on text those read.
_SUPERSET_CANDIDATES = ["cp932", "cp949"]
# Cyrillic codecs, tried last: no candidate above reads Russian, Ukrainian or Bulgarian text written in them, and
# trying them only when nothing else fits cannot change how any other file reads.
_CYRILLIC_CANDIDATES = ["cp1251", "koi8_r"]
# The encoding a document names for itself in its first bytes: an XML declaration or an HTML meta charset.
_DECLARED_CHARSET = re.compile(
    rb"""<\?xml\s[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']"""
    rb"""|<meta\s[^>]{0,300}?charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""",
    re.IGNORECASE,
)
_DECLARATION_WINDOW = 4096
# The codec families a declaration may choose (Python's own names after codecs.lookup); anything else a document
# names (unicode_escape, rot13, punycode, an unknown label) is no text encoding of the web and is not taken.
_DECLARABLE = re.compile(
    r"(?:cp\d{3,4}|iso8859-\d{1,2}|ascii|koi8-[ru]|mac-[a-z]+|gb2312|gbk|gb18030|big5(?:hkscs)?"
    r"|shift_jis(?:_2004|x0213)?|euc_[a-z_0-9]+|iso2022_[a-z_0-9]+|tis-620)"
)
CHARSET_ALIASES: dict[str, str] = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "chinese": "gb18030",
    "big5": "big5hkscs", "x-x-big5": "big5hkscs", "iso-8859-1": "cp1252", "latin1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "shift-jis": "shift_jis", "x-sjis": "cp932", "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949", "unicode": "utf-16", "utf8": "utf-8",
}  # fmt: skip
"""Charset labels read as browsers read them (WHATWG Encoding: the label names a superset)."""

_ENCODING_NAMES = {"utf_8": "utf-8", "utf-8-sig": "utf-8", "utf_16": "utf-16", "utf_32": "utf-32"}


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text and the encoding it was decoded with (a provenance-ready name such as ``gb18030``)."""

    text: str
    encoding: str


def gunzip(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Decompress gzip ``data``, refusing output over ``max_bytes`` (so a gzip bomb costs nothing).

    Raises:
        ConversionError: ``too-large`` past the limit, ``undecodable`` for a corrupt or truncated stream.
    """
    inflater = zlib.decompressobj(wbits=47)  # 32 + 15: gzip or zlib header, maximum window
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise ConversionError("undecodable", f"corrupt gzip data: {error}") from error
    if len(out) > max_bytes:
        raise ConversionError("too-large", f"decompresses to more than {max_bytes} bytes")
    if not inflater.eof:
        raise ConversionError("undecodable", "truncated gzip data")
    return out


def decode(data: bytes) -> Decoded:
    """Decode a source's bytes: BOM first, then strict UTF-8, then charset detection.

    Raises:
        ConversionError: ``empty``, ``binary`` or ``undecodable``.
    """
    if not data.strip():
        raise ConversionError("empty", "the file is empty" if not data else "the file holds only whitespace")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec), codec)
            except UnicodeDecodeError as error:
                raise ConversionError("undecodable", f"invalid {codec} after its byte-order mark: {error}") from error
    if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:8192]:
        raise ConversionError("binary", "binary data (NUL bytes or a file signature), not text")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":
            # A file cut inside its last character: UTF-8 up to the cut. Charset
            # detection would instead read the whole file as some other codec.
            return _checked(data[: error.start].decode("utf-8"), "utf-8")
    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        best = from_bytes(data, cp_isolation=_SUPERSET_CANDIDATES).best()
    if best is None:
        # Nothing above fits: the document's own declaration (a Russian feed in windows-1251 says so in its
        # first line), then the Cyrillic codecs for text that declares nothing.
        declared = _declared_codec(data)
        if declared is not None:
            try:
                return _checked(data.decode(declared), declared)
            except UnicodeDecodeError:
                pass
        best = from_bytes(data, cp_isolation=_CYRILLIC_CANDIDATES).best()
    if best is None:
        raise ConversionError("undecodable", "not valid UTF-8 and no supported encoding fits the bytes")
    return _checked(str(best), best.encoding)


def _declared_codec(data: bytes) -> str | None:
    """The codec an XML declaration or HTML meta charset in the first bytes names, when it is one of the web's."""
    found = _DECLARED_CHARSET.search(data[:_DECLARATION_WINDOW])
    if found is None:
        return None
    codec = codec_for_label((found.group(1) or found.group(2)).decode("ascii"))
    return codec if codec is not None and _DECLARABLE.fullmatch(codec) else None


def codec_for_label(label: str | None) -> str | None:
    """Python's name for a charset label (:data:`CHARSET_ALIASES` first), or None when no codec answers to it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _checked(text: str, codec: str) -> Decoded:
    if not text.strip():
        raise ConversionError("empty", "the file holds only whitespace")
    name = _ENCODING_NAMES.get(codec, codec).replace("_", "-").lower()
    return Decoded(text, name)
