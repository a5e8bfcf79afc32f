"""Date parsing with explicit time zones, shared by every converter."""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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


def parse_rfc822(value: str) -> datetime | None:
    """Parse an RFC 822/2822 date such as ``Sat, 08 Feb 2025 08:38:35 GMT``; None if it is not one."""
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
