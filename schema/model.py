"""The Article record: the one source of truth for every schema articlekit publishes.

The JSON Schema (``schema/article.schema.json``), the Arrow schema of the Parquet
output and the Table Schemas of the CSV bundle are all derived from these models.

Everything the JSON Schema can say is said through field types, patterns and
``json_schema_extra``, so that the model and the schema accept exactly the same
documents. The few rules JSON Schema cannot express (strings in Unicode NFC,
``text`` equal to the joined blocks, ``id`` derived from the record) are checked
by the model alone and listed in :data:`SEMANTIC_RULES`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)
from pydantic.config import JsonDict
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = "1.0"
"""The version of the record contract this module describes."""

SCHEMA_ID = "https://articlekit.dev/schema/article/1.0/article.schema.json"
"""The ``$id`` of the published JSON Schema."""

BLOCK_SEPARATOR = "\n\n"
"""``Article.text`` is exactly the blocks' texts joined by this separator."""

MAX_URL_CHARS = 8192
"""The longest URL a record holds (its own, an image's, a link's); converters drop longer ones."""

SEMANTIC_RULES = {
    "not-nfc": "every string is in Unicode normalisation form C",
    "text-mismatch": "text equals the blocks' texts joined by a blank line",
    "id-mismatch": "id is make_article_id(url, format, title, published_at)",
}
"""Rules the model checks that JSON Schema cannot express, by stable code."""

# Patterns are written for Python's ``re`` (the engine the reference validator,
# python-jsonschema, uses) and the model is told to use the same engine, so
# both sides agree on what ``\s`` means. ``$`` alone would also match before a
# final newline in Python, so every pattern ends with a lookahead that also
# means "end of string" in ECMA-262 regexes.
_END = r"$(?!\n)"
_TRIMMED = r"^\S(?:[\s\S]*\S)?" + _END
_SINGLE_LINE = r"^\S(?:[^\r\n]*\S)?" + _END
_HTTP_URL = r"^https?://[^\s/?#]+[^\s]*" + _END
_HEX32 = r"^[0-9a-f]{32}" + _END
_HEX64 = r"^[0-9a-f]{64}" + _END
_DOMAIN = r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?" + _END
DOMAIN_PATTERN = _DOMAIN
"""The pattern ``source.domain`` must match (converters test a host against it before filling the field)."""
_LANGUAGE = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*" + _END  # "und" when undetermined
_FORMAT_NAME = r"^[a-z][a-z0-9-]*" + _END
_FLAG = r"^[a-z][a-z0-9-]*" + _END
# RFC 3339 with a mandatory offset. Narrower than the ``date-time`` format in
# two ways, so that every accepted value is a Python datetime that round-trips:
# no year 0000 and no leap second 60, at most microsecond precision.
_RFC3339 = (
    r"^(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt]"
    r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
    r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])" + _END
)
_RFC3339_RE = re.compile(_RFC3339)


def _parse_timestamp(value: Any) -> Any:
    """Accept an aware datetime or an RFC 3339 string; refuse everything else.

    pydantic's own datetime parsing is laxer than RFC 3339 (it takes Unix
    numbers, a space separator, missing seconds), which would let the model
    accept what the JSON Schema rejects.
    """
    if isinstance(value, str):
        if not _RFC3339_RE.match(value):
            raise ValueError("must be an RFC 3339 date-time with an offset, e.g. 2025-02-08T08:38:35Z")
        value = datetime.fromisoformat(value.upper())
    if isinstance(value, datetime):
        offset = value.utcoffset()
        if offset is None:
            raise ValueError("must carry a UTC offset")
        if offset % timedelta(minutes=1) or abs(offset) >= timedelta(hours=24):
            raise ValueError("offset must be whole minutes within ±23:59")
        if value.year == 0:  # pragma: no cover - datetime cannot hold year 0
            raise ValueError("year 0000 is not allowed")
    return value


Timestamp = Annotated[
    datetime,
    BeforeValidator(_parse_timestamp),
    PlainSerializer(lambda value: _format_timestamp(value), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": _RFC3339}),
]
"""An instant with the offset the source gave, serialised as RFC 3339."""


def _format_timestamp(value: datetime) -> str:
    """RFC 3339 with ``Z`` for UTC and fractional seconds only when present."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _require_nfc(value: str) -> str:
    if not unicodedata.is_normalized("NFC", value):
        raise ValueError("must be in Unicode NFC [not-nfc]")
    return value


def _require_unique(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("items must be unique")
    return values


def _require_trimmed(value: str) -> str:
    r"""What ``_TRIMMED`` says, then NFC: ``\S`` in a ``str`` pattern is exactly ``not str.isspace()``."""
    if not value or value[0].isspace() or value[-1].isspace():
        raise PydanticCustomError(
            "string_pattern_mismatch", "String should match pattern '{pattern}'", {"pattern": _TRIMMED}
        )
    return _require_nfc(value)


def _require_single_line(value: str) -> str:
    """What ``_SINGLE_LINE`` says, then NFC."""
    if not value or value[0].isspace() or value[-1].isspace() or "\n" in value or "\r" in value:
        raise PydanticCustomError(
            "string_pattern_mismatch", "String should match pattern '{pattern}'", {"pattern": _SINGLE_LINE}
        )
    return _require_nfc(value)


# The pattern is checked in Python, not by pydantic's python-re engine: for a record of 22 blocks that engine's
# checks took more than half of the whole validation (70 of 130 µs). The JSON Schema still carries the pattern, and
# tests hold the two checks to the same answers (tests/test_schema.py).
Text = Annotated[str, AfterValidator(_require_trimmed), Field(json_schema_extra={"pattern": _TRIMMED})]
"""Non-empty, trimmed, NFC text; may span lines."""
Line = Annotated[str, AfterValidator(_require_single_line), Field(json_schema_extra={"pattern": _SINGLE_LINE})]
"""Non-empty, trimmed, NFC text on a single line."""
HttpUrl = Annotated[str, Field(pattern=_HTTP_URL, max_length=MAX_URL_CHARS), AfterValidator(_require_nfc)]
"""An absolute http(s) URL, kept exactly as the source wrote it."""
UniqueLines = Annotated[
    list[Line],
    AfterValidator(_require_unique),
    Field(json_schema_extra={"uniqueItems": True}),
]


class _Strict(BaseModel):
    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        regex_engine="python-re",
        use_attribute_docstrings=True,
    )


class Source(_Strict):
    """The publisher of the article."""

    name: Line | None
    """Publisher name as readers know it, e.g. 美国之音; null when unknown."""
    domain: Annotated[str, Field(pattern=_DOMAIN, max_length=253)] | None
    """Lower-case host name of the publisher without ``www.``, e.g. voachinese.com; null when unknown."""


class Block(_Strict):
    """One unit of the body, in reading order."""

    kind: Literal["paragraph", "heading", "list_item", "quote"]
    """What the block is in the body's structure."""
    text: Text
    """The block's text, inline markup removed."""


class Image(_Strict):
    """An image of the article; at least one of url and caption is set."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"properties": {"url": {"type": "string"}}},
                {"properties": {"caption": {"type": "string"}}},
            ]
        }
    )

    url: HttpUrl | None
    """Where the original image lives (behind any image proxy); null when only a caption is known."""
    caption: Text | None
    """The caption or alt text; null when the source gave none."""

    @model_validator(mode="after")
    def _url_or_caption(self) -> Self:
        if self.url is None and self.caption is None:
            raise ValueError("an image needs a url or a caption")
        return self


class Link(_Strict):
    """A link kept from the body, such as a source or an attribution."""

    url: HttpUrl
    """The link target."""
    text: Text
    """The link's visible text."""


class Provenance(_Strict):
    """Where the record came from and what made it."""

    format: Annotated[str, Field(pattern=_FORMAT_NAME)]
    """Name of the source format and converter, e.g. rss-markdown."""
    path: Line
    """Path of the source file as it was given to the converter."""
    sha256: Annotated[str, Field(pattern=_HEX64)]
    """SHA-256 of the source file's bytes, lower-case hex."""
    encoding: Annotated[str, Field(pattern=_FORMAT_NAME)]
    """Character encoding the source bytes were decoded with, e.g. utf-8, gb18030, big5."""
    converter_version: Line
    """Version of articlekit that converted the source."""


_TIME_RULE: JsonDict = {
    "if": {"properties": {"published_at": {"type": "null"}}},
    "then": {"properties": {"published_offset_assumed": {"const": False}}},
}


class Article(_Strict):
    """One news article in articlekit's record contract, version 1."""

    model_config = ConfigDict(json_schema_extra=_TIME_RULE)

    schema_version: Literal["1.0"]
    """Version of the record contract; always 1.0."""
    id: Annotated[str, Field(pattern=_HEX32)]
    """Stable id: first 32 hex digits of SHA-256 of the url (else of format, title and published_at)."""
    url: HttpUrl | None
    """Canonical article URL; null when the source gave none."""
    source: Source
    """The publisher."""
    title: Line
    """Headline, whitespace-normalised, on one line."""
    authors: UniqueLines
    """Authors in byline order, without duplicates."""
    published_at: Timestamp | None
    """When the article was published, with the offset the source gave or assumed; null when unknown."""
    published_offset_assumed: bool
    """True when the source gave a local time without offset and the converter assumed the source's zone."""
    retrieved_at: Timestamp | None
    """When the article was fetched, e.g. from an archive's epoch header; null when unknown."""
    language: Annotated[str, Field(pattern=_LANGUAGE)]
    """BCP 47 tag of the article's language, e.g. zh-Hans, zh-Hant, en, ja; und when it cannot be told."""
    summary: Text | None
    """Standfirst or summary given by the source; null when none."""
    categories: UniqueLines
    """Sections or categories the source filed the article under."""
    tags: UniqueLines
    """Keywords or tags the source gave."""
    blocks: Annotated[list[Block], Field(min_length=1)]
    """The body in reading order, boilerplate removed."""
    text: Text
    """The blocks' texts joined by a blank line."""
    images: list[Image]
    """Images in reading order."""
    links: list[Link]
    """Links kept from the body."""
    flags: Annotated[
        list[Annotated[str, Field(pattern=_FLAG)]],
        AfterValidator(_require_unique),
        Field(json_schema_extra={"uniqueItems": True}),
    ]
    """Stable codes noting how a value was derived, e.g. published-at-from-retrieval (docs: Codes and flags)."""
    provenance: Provenance
    """Where the record came from."""

    @model_validator(mode="after")
    def _semantic_rules(self) -> Self:
        joined = BLOCK_SEPARATOR.join(block.text for block in self.blocks)
        if self.text != joined:
            raise ValueError("text must equal the blocks' texts joined by a blank line [text-mismatch]")
        if self.published_at is None and self.published_offset_assumed:
            raise ValueError("published_offset_assumed must be false when published_at is null")
        try:
            expected = make_article_id(
                self.url, format=self.provenance.format, title=self.title, published_at=self.published_at
            )
        except OverflowError:  # 0001-01-01T00:30+01:00 is in year 0 in UTC; validate reports it so too
            raise ValueError(
                "id cannot be derived from the record (a date out of range in UTC) [id-mismatch]"
            ) from None
        if self.id != expected:
            raise ValueError(f"id must be {expected}, derived from the record [id-mismatch]")
        return self


def make_article_id(url: str | None, *, format: str, title: str, published_at: datetime | None) -> str:
    """Return the stable 32-hex-digit id of an article.

    Args:
        url: The canonical URL; when given, the id depends on it alone.
        format: The source format name, used only when ``url`` is None.
        title: The normalised title, used only when ``url`` is None.
        published_at: The publication instant, used only when ``url`` is None.

    Returns:
        The first 32 lower-case hex digits of SHA-256 over the URL, or over
        format, title and the UTC publication time separated by U+001F.
    """
    if url is not None:
        key = url
    else:
        when = "" if published_at is None else _format_timestamp(published_at.astimezone(UTC))
        key = "\x1f".join((format, title, when))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
