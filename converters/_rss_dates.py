"""Date lines and bylines of the outlets whose RSS items the ``rss-markdown`` format archives.

A date line is looked for in the item body's first blocks, in any of these
shapes (an optional label such as ``发布时间：`` or ``Published:`` before it):
RFC 822 (``Sat, 08 Feb 2025 08:38:35 GMT``), ISO 8601 (``2025-02-08T08:38:35Z``,
``2025-02-08 16:38``), ``DD/MM/YYYY - HH:MM`` (day first, as RFI writes it; ``DD-MM-YYYY`` and
``DD.MM.YYYY`` likewise),
``YYYY/MM/DD HH:MM`` (``.`` or ``-`` between unpadded parts too), ``YYYY年M月D日 HH:MM``,
ISO followed by a zone name as programs print their clocks (Go's ``2025-02-08 16:38:35 +0800 CST``,
Ruby's ``2025-02-08 08:38:35 UTC``), the month's name written out with a clock
(``Feb 8, 2025 4:38 PM EST``, ``8 février 2025 16:38``); or as the last line of a short
``byline<br>date`` block (the byline gives the authors); or as a ``<time
datetime>`` element in a block that holds nothing else but labels and a byline
(a ``<time>`` inside a sentence is text). A time without offset is the outlet's
local time, in the zone the caller gives. A day without a clock (``May 8, 2025``,
``2025/5/8``, ``2025年5月8日``) is no date line; :func:`parse_day` reads it for the
callers that flag a date without time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from articlekit.dates import (
    Instant,
    english_date,
    localize,
    month_number,
    normalize_zone_suffix,
    parse_iso,
    parse_rfc822,
    parse_rfc822_zoned,
)
from articlekit.text import display_width, normalize_block, normalize_inline

from ._html_blocks import RawBlock

DATE_LINE_LIMIT = 200
"""Characters; longer blocks are never date lines (and stay cheap to look at)."""
SENTENCE_END = frozenset("。！？!?….；;：:，,")
"""Characters that end a sentence or clause: a line ending in one is neither a byline nor a subheading."""

_DATE_LABEL_WORDS = (
    r"(?:(?:发布|發佈|發布|更新|出版|刊登|最后更新|最後更新)?(?:时间|時間|日期)|"
    r"\b(?:published|updated|posted|last updated|date)\b(?:\s+on)?)\s*[:：]?\s*"
)
_DATE_LABEL = re.compile("^" + _DATE_LABEL_WORDS, re.IGNORECASE)
_ANY_DATE_LABEL = re.compile(_DATE_LABEL_WORDS, re.IGNORECASE)
# RUF001 is waived on the lines below: the dashes and full-width forms are what outlets write, not typos.
_DATELINE_SEPARATORS = " |·•-–—,，/"  # noqa: RUF001
_RFC822 = re.compile(
    r"(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+(?:[A-Za-z]{1,5}|[+-]\d{4}))?"
)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
# An ISO date-time followed by a zone name, as programs print their clocks: Go's time.Time.String()
# ("2024-05-21 12:00:00.5 +0800 CST m=+0.01"), Ruby's and Rails' Time#to_s in UTC ("2024-05-21 12:00:00 UTC").
_ISO_ZONE_NAME = re.compile(
    r"(?P<iso>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)\s*(?P<offset>[+-]\d{2}:?\d{2})?"
    r"\s+(?P<name>[A-Za-z]{1,5})(?:\s+m=[+-]\d+(?:\.\d+)?)?"
)
# A date written out with its month's name, as pages show it and scrapers store it: "May 21, 2024",
# "Tuesday, May 21, 2024 at 3:05 pm EDT", "21 May 2024", "21st of May 2024". The clock and zone are optional.
_NAMED_MONTH = re.compile(
    r"(?:[^\W\d_]+\.?,?\s+)?(?:(?P<month>[^\W\d_]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<month2>[^\W\d_]{3,9})\.?,?)\s+(?P<year>\d{4})"
    r"(?:\s*(?:,|\bat\b|[-|·•])?\s*(?P<clock>\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)"
    r"(?:\s+(?P<zone>[A-Za-z]{1,5}|[+-]\d{2}:?\d{2}))?)?",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*(?:[-–—,]|à|at)?\s*(\d{1,2})[:h](\d{2})(?::(\d{2}))?")  # noqa: RUF001
# Year first with any of the separators outlets use, parts unpadded ("2025/2/8 16:38", "2025.02.08 16:38",
# "2025-2-8 9:05", as Chinese and Korean sites print them); padded dashes are ISO and read before.
_YEAR_FIRST = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\.?(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?")
_YEAR_FIRST_DAY = re.compile(r"(\d{4})(?:[/.-](\d{1,2})[/.-](\d{1,2})\.?|\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)")
_CHINESE_DATE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:[(（]?(?:星期|週|周)[一二三四五六日天][)）]?)?\s*"
    # "13時16分" ends in the minutes' mark when no seconds follow.
    r"(\d{1,2})\s*[:：時时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2})\s*秒?|\s*分)?"
)
_BYLINE_PREFIX = re.compile(
    r"^(?:by|文|作者|记者|記者|撰文|撰稿|采访|採訪|编辑|編輯|责任编辑|責任編輯|特约记者|特約記者|本台记者|本台記者)"
    r"(?:\s*[:：/／|]\s*|\s+)",  # noqa: RUF001
    re.IGNORECASE,
)
_BYLINE_SUFFIX = re.compile(r"\s*\S{0,8}(?:报道|報導|報道|撰稿)$")
_NAME_SEPARATOR = re.compile(r"\s*(?:[、,，;；/／&|]|\band\b)\s*")  # noqa: RUF001


class InvalidDate:
    """A date line whose shape is a date but whose value is impossible (31 February)."""


INVALID_DATE = InvalidDate()
"""What :func:`parse_date_line` returns for a date line that names no real date-time."""


@dataclass
class Dating:
    """The publication time and byline found in the body, with flags about them."""

    published: Instant | None = None
    authors: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def _naive(year: str, month: str, day: str, hour: str, minute: str, second: str | None) -> datetime | None:
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None


def parse_date_line(text: str, zone: str) -> Instant | InvalidDate | None:
    """Parse a date line in any shape this format's outlets write.

    Args:
        text: The line, possibly with a label such as ``发布时间：``.
        zone: IANA zone for a time without offset.

    Returns:
        The instant; :data:`INVALID_DATE` when the line has a date's shape but an impossible value;
        None when it is not a date line.
    """
    if len(text) > DATE_LINE_LIMIT:
        return None
    text = english_date(_DATE_LABEL.sub("", normalize_inline(text), count=1))  # "Sáb, 08 Fev 2025 …"
    text = normalize_zone_suffix(text)  # "… GMT+08:00", "… +08", "…+08:00[Asia/Shanghai]"
    if _RFC822.fullmatch(text):
        aware = parse_rfc822(text)
        if aware is not None:
            return Instant(aware, offset_assumed=False)
        # No zone, "-0000" or a zone name email.utils does not know: a local time of the outlet.
        day, month, year, clock = text.split(",", 1)[-1].split()[:4]
        for layout in ("%d %b %Y %H:%M:%S", "%d %b %Y %H:%M"):
            try:
                return localize(datetime.strptime(f"{day} {month} {year} {clock}", layout), zone)
            except ValueError:
                continue
        return INVALID_DATE
    if _ISO.fullmatch(text):
        return parse_iso(text.replace(",", "."), zone) or INVALID_DATE
    named = _ISO_ZONE_NAME.fullmatch(text)
    if named is not None:
        return _iso_with_zone_name(named, zone)
    named = _NAMED_MONTH.fullmatch(text)
    if named is not None and named.group("clock"):
        return _named_month_date(named, zone)
    for pattern, order in ((_DAY_FIRST, (2, 1, 0)), (_YEAR_FIRST, (0, 1, 2)), (_CHINESE_DATE, (0, 1, 2))):
        match = pattern.fullmatch(text)
        if match:
            groups = match.groups()
            year, month, day = (groups[index] for index in order)
            naive = _naive(year, month, day, groups[3], groups[4], groups[5])
            return INVALID_DATE if naive is None else localize(naive, zone)
    return None


def _named_month_date(match: re.Match[str], zone: str) -> Instant | InvalidDate | None:
    month = month_number(match.group("month") or match.group("month2"))
    if month is None:
        return None  # "Issue 21, 2024": no month's name
    day, year = int(match.group("day") or match.group("day2")), int(match.group("year"))
    clock = match.group("clock")
    try:
        day_text = f"{datetime(year, month, day):%d %b %Y}"
    except ValueError:
        return INVALID_DATE
    if clock is None:
        return localize(datetime(year, month, day), zone)
    line = english_date(f"{day_text} {clock}")  # a 12-hour clock becomes 24-hour
    if match.group("zone"):
        zoned = parse_rfc822_zoned(f"{line} {match.group('zone')}", zone)
        if zoned is not None:
            return zoned
    for layout in ("%d %b %Y %H:%M:%S", "%d %b %Y %H:%M"):
        try:
            return localize(datetime.strptime(line, layout), zone)
        except ValueError:
            continue
    return INVALID_DATE


def parse_day(text: str, zone: str) -> Instant | InvalidDate | None:
    """A date without clock: ``May 21, 2024``, ``21 May 2024``, ``2024/5/21``, ``2024.05.21``, ``2024年5月21日``.

    Args:
        text: The value.
        zone: IANA zone of the midnight.

    Returns:
        The instant (the caller flags it as a date only); :data:`INVALID_DATE` for an impossible day; None
        for any other text.
    """
    if len(text) > DATE_LINE_LIMIT:
        return None
    text = normalize_inline(text)
    numeric = _YEAR_FIRST_DAY.fullmatch(text)
    if numeric is not None:
        year, month, day, chinese_month, chinese_day = numeric.groups()
        try:
            return localize(datetime(int(year), int(month or chinese_month), int(day or chinese_day)), zone)
        except ValueError:
            return INVALID_DATE
    named = _NAMED_MONTH.fullmatch(text)
    if named is None or named.group("clock"):
        return None
    return _named_month_date(named, zone)


def _iso_with_zone_name(match: re.Match[str], zone: str) -> Instant | InvalidDate | None:
    """Read ``2024-05-21 12:00:00 +0800 CST`` (the numeric offset wins) or ``2024-05-21 12:00:00 UTC``.

    A name alone is read as in RFC 822 dates (:func:`~articlekit.dates.parse_rfc822_zoned`: ``CST`` takes
    the reading that fits ``zone``); a name that table does not know leaves the line unread (None).
    """
    iso, offset, name = match.group("iso").replace(",", "."), match.group("offset"), match.group("name")
    if offset is not None:
        return parse_iso(iso + offset, zone) or INVALID_DATE
    try:
        naive = datetime.fromisoformat(iso)
    except ValueError:
        return INVALID_DATE
    return parse_rfc822_zoned(f"{naive:%d %b %Y %H:%M:%S} {name}", zone)


def published_from_front_matter(value: object, zone: str) -> Instant | InvalidDate | None:
    """A front matter date: a date line string (naive is local time of the outlet) or a datetime."""
    if isinstance(value, str):
        return parse_date_line(value, zone)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return localize(value, zone)
        return Instant(value, offset_assumed=False)
    return None  # a day without a time is not an instant; anything else is not a date


def _byline(lines: list[str]) -> list[str] | None:
    """Authors named by byline lines (``记者 张三``, ``By Jane Doe and John Roe``); None if not a byline."""
    names: list[str] = []
    for line in lines:
        line = _BYLINE_SUFFIX.sub("", _BYLINE_PREFIX.sub("", line, count=1))
        if display_width(line) > 60 or (line and line[-1] in SENTENCE_END):
            return None
        names.extend(name for name in _NAME_SEPARATOR.split(line) if name)
    return names if 0 < len(names) <= 6 else None


def date_from_block(raw: RawBlock, text: str, zone: str, dating: Dating) -> bool:
    """Take the publication time (and byline) from a leading date-line block into ``dating``.

    Args:
        raw: The block as read from the HTML.
        text: Its normalised text.
        zone: IANA zone for a time without offset.
        dating: Filled with what the block gives; a date line naming an impossible date
            adds the flag ``published-at-unparseable``.

    Returns:
        True when the block is a date line and is used up.
    """
    if len(text) > DATE_LINE_LIMIT:
        return False
    if raw.times:
        # A <time> element dates the article only when the block is a dateline: nothing but the time,
        # date labels and perhaps a byline. A <time> inside a sentence is just text.
        instants = (parse_date_line(value, zone) for value, _ in raw.times)
        found_time = next((found for found in instants if isinstance(found, Instant)), None)
        rest = text
        for _, shown in raw.times:
            rest = rest.replace(normalize_inline(shown), " ", 1) if shown else rest
        rest = normalize_block(_ANY_DATE_LABEL.sub(" ", rest)).strip(_DATELINE_SEPARATORS)
        authors = _byline(rest.splitlines()) if rest else []
        if found_time is not None and authors is not None:
            dating.published, dating.authors = found_time, authors
            return True
    lines = text.splitlines()
    found = parse_date_line(lines[-1], zone) if lines else None
    if found is None:
        return False
    authors = _byline(lines[:-1]) if len(lines) > 1 else []
    if authors is None:
        return False
    if isinstance(found, InvalidDate):
        dating.flags.append("published-at-unparseable")
    else:
        dating.published = found
    dating.authors = authors
    return True
