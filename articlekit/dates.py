"""Date parsing with explicit time zones, shared by every converter."""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=UTC)
"""Dates before this are not trusted as publication or retrieval times of web news."""
LATEST_PLAUSIBLE = datetime(2100, 1, 1, tzinfo=UTC)
"""Dates from here on are not trusted when nothing closer bounds them.

Never "now": output must not depend on the clock.
"""
FUTURE_TOLERANCE = timedelta(days=2)
"""How far past the source's retrieval time a publication date may lie."""


@dataclass(frozen=True, slots=True)
class Instant:
    """A parsed time and whether its offset was assumed rather than given."""

    value: datetime
    offset_assumed: bool


def localize(naive: datetime, zone: str) -> Instant:
    """Attach the source's documented time zone to a naive local time.

    Args:
        naive: A local time without offset.
        zone: An IANA zone name such as ``Asia/Shanghai``.

    Returns:
        The instant, marked as having an assumed offset.
    """
    return Instant(naive.replace(tzinfo=ZoneInfo(zone)), offset_assumed=True)


# The year as written after "08 Feb" (or "Feb 08,"), to check what email.utils made of it.
_RFC822_YEAR = re.compile(r"\b\d{1,2}\s+[A-Za-z]{3,}\.?,?\s+(\d+)\b|\b[A-Za-z]{3,}\.?\s+\d{1,2},?\s+(\d+)\b")


LOCAL_MONTHS: dict[str, int] = {
    # English, then the abbreviations (and word starts) Portuguese, Spanish, Italian, French, German and
    # Dutch feeds print where RFC 822 wants English. A name is looked up whole, then by its first four
    # and three letters: "setembro" is "set", "juillet" is "juil" ("jui" alone would be June or July).
    "jan": 1, "ene": 1, "gen": 1, "feb": 2, "fev": 2, "fév": 2, "févr": 2, "fevr": 2,
    "mar": 3, "mär": 3, "mrz": 3, "maa": 3, "apr": 4, "abr": 4, "avr": 4,
    "may": 5, "mai": 5, "mag": 5, "mei": 5, "jun": 6, "giu": 6, "juin": 6, "jul": 7, "lug": 7, "juil": 7,
    "aug": 8, "ago": 8, "aoû": 8, "aou": 8, "sep": 9, "set": 9, "oct": 10, "okt": 10, "ott": 10, "out": 10,
    "nov": 11, "dec": 12, "dez": 12, "dic": 12, "déc": 12,
}  # fmt: skip
"""Month names read in RFC 822-shaped dates, lower case, by the keys :func:`english_date` tries."""

# "Seg, 24 Set 2018 19:42:40 -0300", "mer. 16 nov. 2022 …", "24. Okt 2023 …": weekday, day, month word, year.
_LOCAL_RFC822 = re.compile(r"^\s*(?:[^\W\d_]+\.?,?\s+)?(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})(?=\s|$)")
# "02:02:33 PM", "2:02 p.m.": a 12-hour clock.
_TWELVE_HOUR = re.compile(r"\b(\d{1,2})(:\d{2}(?::\d{2})?)\s*([AaPp])\.?[Mm]\.?(?=\s|$)")


def month_number(word: str) -> int | None:
    """The month (1 to 12) a month name or abbreviation of :data:`LOCAL_MONTHS` names; None for other words.

    The word is looked up whole, then by its first four and three letters (``juillet`` by ``juil``).
    """
    word = word.lower()
    for key in (word, word[:4], word[:3]):
        if key in LOCAL_MONTHS:
            return LOCAL_MONTHS[key]
    return None


def _english_month(word: str) -> str | None:
    number = month_number(word)
    return None if number is None else _MONTH_NAMES[number - 1].capitalize()


def _twenty_four_hour(match: re.Match[str]) -> str:
    hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
    return f"{hour:02d}{match.group(2)}"


# The C library's ctime/asctime order, which Java's Date.toString() and Twitter's API print with a zone before
# the year: "Tue May 21 12:00:00 CST 2024", "Wed Oct 10 20:19:24 +0000 2018", "Tue May 21 12:00:00 2024".
_CTIME = re.compile(
    r"\s*[A-Za-z]{3},?\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}:\d{2}(?::\d{2})?)\s+(?:([A-Za-z]{1,5}|[+-]\d{4})\s+)?(\d{4})\s*"
)


def english_date(value: str) -> str:
    """Rewrite an RFC 822-shaped date in the English and 24-hour form email.utils reads.

    ``Seg, 24 Set 2018 19:42:40 -0300`` (Portuguese) becomes ``24 Sep 2018 19:42:40 -0300`` (the weekday,
    which nothing checks, is dropped) and ``Sat, Dec 16 2023 02:02:33 PM`` gets ``14:02:33``; the ctime
    order of Java's ``Date.toString()`` (``Tue May 21 12:00:00 CST 2024``) becomes
    ``21 May 2024 12:00:00 CST``, so that its zone name is read as RFC 822's are. Any other text is returned
    as it is.
    """
    ctime = _CTIME.fullmatch(value)
    if ctime is not None:
        month, day, clock, zone, year = ctime.groups()
        return f"{day} {month} {year} {clock}" + (f" {zone}" if zone else "")
    match = _LOCAL_RFC822.match(value)
    if match is not None:
        month = _english_month(match.group(2))
        if month is not None:
            value = f"{match.group(1)} {month} {match.group(3)}{value[match.end() :]}"
    if _TWELVE_HOUR.search(value):
        value = _TWELVE_HOUR.sub(_twenty_four_hour, value)
    return value


def parse_rfc822(value: str) -> datetime | None:
    """Parse an RFC 822/2822 date such as ``Sat, 08 Feb 2025 08:38:35 GMT``; None if it is not one.

    Month names of other languages and a 12-hour clock are read too (see :func:`english_date`).
    """
    value = english_date(value)
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:  # "-0000" means "offset unknown" in RFC 2822
        return None
    # email.utils reads every year below 100 as 19xx/20xx, a written "0025" too: that is no date of 2025.
    written = _RFC822_YEAR.search(value)
    if written is not None and len(year := written.group(1) or written.group(2)) > 2 and int(year) != parsed.year:
        return None
    return parsed


def parse_iso(value: str, zone: str) -> Instant | None:
    """Parse an ISO 8601 date-time; a value without offset is taken in ``zone``.

    Returns:
        The instant, or None when ``value`` is not ISO 8601.
    """
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return localize(parsed, zone)
    return Instant(parsed, offset_assumed=False)


def from_epoch_millis(millis: int) -> datetime | None:
    """Convert milliseconds since the Unix epoch to a UTC datetime; None when out of range."""
    try:
        return datetime.fromtimestamp(millis / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


EPOCH_MILLIS_FROM = 100_000_000_000
"""Epoch numbers from here on are milliseconds: as seconds they would fall after the year 5000,
as milliseconds this is 1973. Likewise ×1,000 again for microseconds and for nanoseconds."""


def from_epoch_number(value: float) -> datetime | None:
    """Convert a Unix epoch number to a UTC datetime, telling its unit by its magnitude.

    Seconds below :data:`EPOCH_MILLIS_FROM`, then milliseconds, microseconds and
    nanoseconds, each up to 1,000 times the previous bound: a news date from 1973
    to 5138 reads the same in every unit.

    Args:
        value: Seconds, milliseconds, microseconds or nanoseconds since 1970-01-01T00:00:00Z.

    Returns:
        The instant in UTC; None when it is not a finite number or out of datetime's range.
    """
    if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite: no time at all
        return None
    try:
        seconds = float(value)
    except OverflowError:  # an integer beyond any float
        return None
    for _ in range(3):
        if abs(seconds) < EPOCH_MILLIS_FROM:
            break
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def is_plausible(value: datetime, *, latest: datetime | None = None) -> bool:
    """Whether ``value`` can be a real publication or retrieval time of web news.

    Args:
        value: An aware datetime.
        latest: The newest acceptable time, usually the retrieval time; a
            tolerance of two days is added. :data:`LATEST_PLAUSIBLE` when None.
    """
    ceiling = LATEST_PLAUSIBLE if latest is None else latest + FUTURE_TOLERANCE
    return EARLIEST_PLAUSIBLE <= value <= ceiling


RFC822_ZONE_HOURS: dict[str, tuple[float, ...]] = {
    # RFC 822's own names first: email.utils knows these (CST among them, as US Central).
    "UT": (0,), "UTC": (0,), "GMT": (0,), "Z": (0,),
    "EST": (-5,), "EDT": (-4,), "MST": (-7,), "MDT": (-6,), "PST": (-8,), "PDT": (-7,), "CDT": (-5,),
    # CST is RFC 822's US Central, but China Standard Time in feeds from China and Taiwan (and Cuba's
    # zone too): every reading is listed, RFC 822's first; the publisher's zone picks among them.
    "CST": (-6, 8, -5),
    # IST: India first (the most common in feeds), then Irish Summer and Israel.
    "IST": (5.5, 1, 2),
    # Names feeds use that RFC 822 lacks (email.utils reads them as "no zone").
    "AST": (-4,), "ADT": (-3,), "AKST": (-9,), "AKDT": (-8,), "HST": (-10,), "NST": (-3.5,), "NDT": (-2.5,),
    "BST": (1,), "WET": (0,), "WEST": (1,), "CET": (1,), "CEST": (2,), "MET": (1,), "MEST": (2,),
    "EET": (2,), "EEST": (3,), "MSK": (3,), "JST": (9,), "KST": (9,), "HKT": (8,), "SGT": (8,),
    "PHT": (8,), "WIB": (7,), "ICT": (7,), "AWST": (8,), "ACST": (9.5,), "ACDT": (10.5,),
    "AEST": (10,), "AEDT": (11,), "NZST": (12,), "NZDT": (13,),
    # South America, Africa and South Asia, as their newsrooms' feeds write them.
    "BRT": (-3,), "BRST": (-2,), "ART": (-3,), "UYT": (-3,), "CLT": (-4,), "CLST": (-3,), "COT": (-5,),
    "PET": (-5,), "VET": (-4,), "WAT": (1,), "CAT": (2,), "SAST": (2,), "EAT": (3,), "PKT": (5,),
    "NPT": (5.75,), "MYT": (8,), "WITA": (8,), "WIT": (9,),
}  # fmt: skip
"""Zone abbreviations read in RFC 822 dates, with their UTC offsets in hours; ambiguous ones list every reading."""

RFC822_ZONE_REGIONS: dict[str, str] = {
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles",
}  # fmt: skip
"""US generic zone names (no "standard" or "daylight"): the offset is the region's on that day, DST included."""

_RFC822_COMMON = re.compile(
    r"(?:[A-Za-z]{3},?\s*)?(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3})\s+(?P<year>\d{4})\s+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*"
    r"(?P<zone>(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2}))"
)
# JavaScript's Date.toString(), which some feed generators print: "Sat Feb 08 2025 08:38:35 GMT+0800 (CST)".
_JAVASCRIPT_DATE = re.compile(
    r"[A-Za-z]{3},? (?P<month>[A-Za-z]{3}) (?P<day>\d{1,2}),? (?P<year>\d{4}) (?P<clock>\d{1,2}:\d{2}(?::\d{2})?) "
    r"(?:GMT|UTC)(?P<zone>[+-]\d{4})(?: \([^()]*\))?"
)
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_RFC822_NAMED_ZONE = re.compile(r"^(.*\d{1,2}:\d{2}(?::\d{2})?)\s*\(?([A-Za-z]{1,5})\)?\s*$")


# A trailing zone written as an offset from GMT/UTC ("GMT+08:00" from Java's SimpleDateFormat, "UTC+8"), an
# offset of hours alone ("+08", which email.utils reads as eight minutes), a zone id in brackets after an offset
# (Java's ZonedDateTime: "…+08:00[Asia/Shanghai]").
_GMT_PLUS = re.compile(r"\s*\(?\b(?:GMT|UTC|UT)\s*([+-])(\d{1,2})(?::?(\d{2}))?\)?\s*$", re.IGNORECASE)
_HOURS_ONLY = re.compile(r"(\d:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*([+-])(\d{2})\s*$")
_BRACKETED_ZONE_ID = re.compile(r"(?<=[0-9Z])\[[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*\]\s*$")


# RFC 3339 lets "T" and "Z" be lower case, each on its own ("2024-05-21T12:00:00z"); Python's fromisoformat
# reads neither. A space for the "T" is ISO 8601's other spelling and takes a lower-case "z" too.
_LOWER_CASE_ISO = re.compile(r"\d{4}-\d{2}-\d{2}[tT ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[zZ]|[+-]\d{2}(?::?\d{2})?)?")


def normalize_zone_suffix(value: str) -> str:
    """Write a date's trailing zone as the numeric offset RFC 822 and ISO 8601 readers know.

    ``… GMT+08:00``, ``… UTC+8`` and ``… GMT+0800`` end in `` +0800``; ``… 12:00:00 +08`` in `` +0800`` (an
    offset of hours alone); ``…+08:00[Asia/Shanghai]`` loses its bracketed zone id. An ISO 8601 date-time
    written in lower case, wholly or in part (``2024-05-21t12:00:00z``, ``2024-05-21T12:00:00z``, which RFC
    3339 §5.6 allows), gets upper-case ``T`` and ``Z``. Other text is returned as is.
    """
    value = value.strip()
    if _LOWER_CASE_ISO.fullmatch(value):
        value = value.upper()
    if "[" in value:
        value = _BRACKETED_ZONE_ID.sub("", value)
    if not value or not (value[-1].isdigit() or value[-1] == ")"):
        return value
    gmt = _GMT_PLUS.search(value)
    if gmt is not None:
        sign, hours, minutes = gmt.groups()
        return f"{value[: gmt.start()]} {sign}{int(hours):02d}{minutes or '00'}"
    hours_only = _HOURS_ONLY.search(value)
    if hours_only is not None:
        clock, sign, hours = hours_only.groups()
        return f"{value[: hours_only.start()]}{clock} {sign}{hours}00"
    return value


def parse_rfc822_zoned(value: str, zone_hint: str | None = None) -> Instant | None:
    """Parse an RFC 822 date whose zone may be a name RFC 822 does not list (``CET``, ``JST``, ``HKT``).

    A US generic name (``ET``, ``PT``: :data:`RFC822_ZONE_REGIONS`) takes the region's offset on that day.

    An offset written with a colon (``+08:00``), as hours alone (``+08``) or after GMT/UTC (``GMT+08:00``,
    ``UTC+8``, see :func:`normalize_zone_suffix`) and JavaScript's ``Date`` string
    (``Sat Feb 08 2025 08:38:35 GMT+0800 (China Standard Time)``) are read too.

    An ambiguous name (``CST``, ``IST``) takes the reading that matches the
    offset of ``zone_hint`` at that time (``CST`` from a Shanghai publisher is
    +08:00); without a match it takes the first reading (RFC 822's US Central
    for ``CST``) and the offset counts as assumed. A numeric offset or an
    unambiguous name is given, not assumed. ``-0000`` ("offset unknown" in RFC
    2822) and a missing zone give None, so that the caller applies the
    publisher's zone.

    Args:
        value: The date, such as ``Sat, 08 Feb 2025 16:38:35 CST``.
        zone_hint: The publisher's IANA zone, if known.

    Returns:
        The instant, or None when ``value`` is not an RFC 822 date with a zone.
    """
    value = english_date(value)
    javascript = _JAVASCRIPT_DATE.fullmatch(value.strip())
    if javascript is None:
        value = normalize_zone_suffix(value)
    if javascript is not None:
        value = "{day} {month} {year} {clock} {zone}".format(**javascript.groupdict())
    fast = _RFC822_COMMON.fullmatch(value.strip())
    if fast is not None and fast.group("sign") and fast.group("zone") != "-0000":
        # The common shape with a numeric offset, read without email.utils (a feed holds thousands).
        day, month, year, hour, minute, second, sign, hours, minutes = fast.group(
            "day", "month", "year", "hour", "minute", "second", "sign", "hours", "minutes"
        )
        shift = timedelta(hours=int(hours), minutes=int(minutes)) * (-1 if sign == "-" else 1)
        try:
            moment = datetime(
                int(year), _MONTHS[month.lower()], int(day), int(hour), int(minute), int(second or 0),
                tzinfo=timezone(shift),
            )  # fmt: skip
        except (ValueError, KeyError):
            return None
        return Instant(moment, offset_assumed=False)
    match = _RFC822_NAMED_ZONE.match(value.strip())
    if match is not None and match.group(2).upper() in RFC822_ZONE_REGIONS:
        naive = parse_rfc822(match.group(1) + " +0000")
        if naive is None:
            return None
        region = ZoneInfo(RFC822_ZONE_REGIONS[match.group(2).upper()])
        in_region = naive.replace(tzinfo=None).replace(tzinfo=region)
        return Instant(in_region.replace(tzinfo=timezone(in_region.utcoffset() or timedelta(0))), offset_assumed=False)
    if match is None or match.group(2).upper() not in RFC822_ZONE_HOURS:
        parsed = parse_rfc822(value)
        return None if parsed is None else Instant(parsed, offset_assumed=False)
    clock, name = match.group(1), match.group(2).upper()
    readings = RFC822_ZONE_HOURS[name]
    naive = parse_rfc822(clock + " +0000")
    if naive is None:
        return None
    hours, assumed = readings[0], len(readings) > 1
    if assumed and zone_hint:
        try:
            local = naive.replace(tzinfo=None).replace(tzinfo=ZoneInfo(zone_hint)).utcoffset()
        except (KeyError, ValueError):  # an unknown zone name: no hint
            local = None
        if local is not None and local.total_seconds() / 3600 in readings:
            hours, assumed = local.total_seconds() / 3600, False
    offset = timezone(timedelta(hours=hours))
    return Instant(naive.replace(tzinfo=offset), offset_assumed=assumed)
