"""``netnews``: Usenet news articles (RFC 5536), one per file, or many in an rnews batch.

Shape of a source::

    Path: news.example.net!not-for-mail
    From: Ines Keller <ines.keller@example.net>
    Newsgroups: example.news.europe,example.news.transport
    Subject: Barges move again on the Rhine after weeks of low water
    Date: Tue, 14 Oct 2025 09:30:00 +0200
    Message-ID: <rhine-20251014@example.net>
    Organization: Example Wire
    Keywords: Rhine, shipping, drought
    Summary: Water at Kaub rose above 80 cm overnight.
    Archived-At: <https://news.example.net/2025/10/14/rhine>

    <body: paragraphs hard-wrapped at about 72 columns, separated by blank lines;
    lines starting with ">" quote another article>

    --
    <signature>

A news server exchanges articles in rnews batches: each article follows a line
``#! rnews <length>``, and one file holds many.

Rules, in order:

- A source starting with ``#! rnews`` is a batch, split at those lines; each
  article is converted alone, and one that fails is a per-item reject (its
  Message-ID names it) while the others still convert. A batch without an
  article is ``no-items``.
- Headers are read by the standard library's email parser (its ``compat32``
  policy: the newer header registry raises on odd values such as an empty
  ``Message-ID: <``), which unfolds long header lines; ``=?UTF-8?B?...?=`` words
  are decoded, and a header whose words cannot be is kept as written. An article without
  ``From``, ``Newsgroups`` and ``Subject`` is ``bad-header``.
- ``Subject`` is the title; ``From``'s display name the author (a bare address
  names nobody); ``Newsgroups`` the categories; ``Keywords`` the tags;
  ``Summary`` the summary; ``Organization`` the source's name; ``Archived-At``
  (RFC 5064) the URL; ``Content-Language`` the declared language.
- ``Date`` is RFC 5322 with an offset. The zone ``-0000`` says the offset is
  unknown: the time is taken as UTC, flagged ``published-zone-unknown``. A Date
  that cannot be read is flagged ``published-at-unparseable``.
- The body is the first text/plain part; a quoted-printable or base64 one is
  decoded in its declared charset (UTF-8 when unknown), bytes that are not in it
  replaced. The
  signature (from a line ``-- `` on) is cut. Paragraphs are separated by blank
  lines and unwrapped; a paragraph whose every line starts with ``>`` is a quote.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterator
from datetime import UTC
from email import policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from email.parser import Parser

from articlekit.converters import Draft, ItemRejected, Source, build_article, convert_items
from articlekit.converters.base import BlockKind
from articlekit.dates import Instant
from articlekit.errors import ConversionError
from articlekit.schema import Article

FORMAT = "netnews"
"""The format's name; the entry point in pyproject.toml has the same name."""
DESCRIPTION = "Usenet news articles (RFC 5536), one per file or many in an rnews batch"
"""One line for ``articlekit formats``."""
READS = ("text",)
"""The kinds of files it reads."""

REQUIRED_HEADERS = ("from", "newsgroups", "subject")
"""The headers every news article has (RFC 5536 section 3.1), lower case."""
IDENTIFYING_HEADERS = ("message-id", "date", "path")
"""Headers of which a news article has at least one besides the required ones; e-mail rarely has Path."""
HEADER_WINDOW = 60
"""Sniff reads at most this many lines of the header block."""

_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):[ \t]")
_BATCH_LINE = re.compile(r"^#! rnews [0-9]+[ \t]*\r?$", re.MULTILINE)
_SIGNATURE = re.compile(r"^-- ?$")
_PARSER = Parser(policy=policy.compat32)


def _header_names(text: str) -> set[str]:
    """The lower-case names of the header block at the top of ``text`` (empty when it does not start with one)."""
    names: set[str] = set()
    for number, line in enumerate(text.splitlines()[:HEADER_WINDOW]):
        if not line.strip():
            break
        match = _HEADER_LINE.match(line)
        if match:
            names.add(match[1].lower())
        elif number == 0 or line[0] not in " \t":  # neither a header nor its folded continuation
            return set()
    return names


def sniff(source: Source) -> float:
    """Score ``source`` from its first header block: every required header and one identifying header claim it.

    An e-mail (From and Subject, no Newsgroups) scores 0.3: shown as a runner-up by ``articlekit detect``,
    too little to claim the source.
    """
    text = source.text.lstrip("\ufeff")
    if _BATCH_LINE.match(text):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    names = _header_names(text)
    if all(name in names for name in REQUIRED_HEADERS) and any(name in names for name in IDENTIFYING_HEADERS):
        return 0.95
    if "from" in names and "subject" in names:
        return 0.3
    return 0.0


def _header(message: Message, name: str) -> str:
    """A header's text: encoded words decoded (kept as written when they cannot be), whitespace collapsed."""
    raw = message.get(name)
    if raw is None:
        return ""
    try:
        text = str(make_header(decode_header(str(raw))))
    except (HeaderParseError, LookupError, UnicodeError, ValueError):  # an unknown charset, bytes not in it
        text = str(raw)
    return " ".join(text.split())


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _published(message: Message, flags: list[str]) -> Instant | None:
    value = _header(message, "Date")
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError):  # no date at all, a day or an offset that does not exist
        flags.append("published-at-unparseable")
        return None
    if parsed.tzinfo is None:  # "-0000": the sender did not know its offset
        flags.append("published-zone-unknown")
        return Instant(parsed.replace(tzinfo=UTC), offset_assumed=True)
    return Instant(parsed, offset_assumed=False)


def _body_text(message: Message) -> str:
    part = next((part for part in message.walk() if part.get_content_type() == "text/plain"), None)
    payload = part.get_payload() if part is not None else None
    if part is None or not isinstance(payload, str):
        return ""
    if part.get("Content-Transfer-Encoding", "").strip().lower() not in ("quoted-printable", "base64"):
        return payload  # already text: the pipeline decoded the file's bytes
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    try:
        return data.decode(part.get_content_charset() or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", errors="replace")


def _blocks(body: str) -> list[tuple[BlockKind, str]]:
    lines = body.splitlines()
    cut = next((number for number, line in enumerate(lines) if _SIGNATURE.match(line)), len(lines))
    blocks: list[tuple[BlockKind, str]] = []
    for paragraph in re.split(r"\n[ \t]*\n", "\n".join(lines[:cut])):
        kept = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if not kept:
            continue
        if all(line.startswith(">") for line in kept):
            blocks.append(("quote", " ".join(line.lstrip("> ") for line in kept)))
        else:
            blocks.append(("paragraph", " ".join(kept)))
    return blocks


def _convert_article(message: Message, source: Source) -> Article:
    missing = [name for name in REQUIRED_HEADERS if not _header(message, name)]
    if missing:
        raise ConversionError("bad-header", f"the article has no {', '.join(missing)} header")
    flags: list[str] = []
    display_name, _address = email.utils.parseaddr(_header(message, "From"))
    draft = Draft(
        format=FORMAT,
        title=_header(message, "Subject"),
        blocks=_blocks(_body_text(message)),
        url=_header(message, "Archived-At").strip("<>") or None,
        source_name=_header(message, "Organization") or None,
        published=_published(message, flags),
        authors=[display_name] if display_name else [],
        summary=_header(message, "Summary") or None,
        categories=_split(_header(message, "Newsgroups")),
        tags=_split(_header(message, "Keywords")),
        flags=flags,
        declared_language=_header(message, "Content-Language") or None,
    )
    return build_article(draft, source)


def _batch(text: str) -> list[Message]:
    parts = _BATCH_LINE.split(text)
    return [_PARSER.parsestr(part.lstrip("\r\n")) for part in parts[1:] if part.strip()]


def convert(source: Source) -> Iterator[Article | ItemRejected]:
    """Convert one news article, or every article of an rnews batch.

    Args:
        source: The decoded source.

    Yields:
        The article; for a batch, each article or an ItemRejected for one that gave none.

    Raises:
        ConversionError: ``no-items`` (a batch without articles), ``bad-header``, ``no-title``, ``no-body``
            or ``invalid-record`` (a single article that gave none).
    """
    text = source.text.lstrip("\ufeff")
    if _BATCH_LINE.match(text):
        messages = _batch(text)
        if not messages:
            raise ConversionError("no-items", "the rnews batch holds no article")
        yield from convert_items(
            messages,
            lambda message: _convert_article(message, source),
            name_of=lambda message: _header(message, "Message-ID") or None,
        )
        return
    yield _convert_article(_PARSER.parsestr(text), source)
