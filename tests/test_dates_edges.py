"""articlekit.dates at its edges: epoch-unit bounds and the RFC 822 shapes read beside the common one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from articlekit.dates import Instant, from_epoch_number, parse_rfc822_zoned

PLUS_8 = timezone(timedelta(hours=8))
MINUS_6 = timezone(timedelta(hours=-6))


# --- from_epoch_number: the unit is told by the magnitude ---


def test_epoch_number_at_the_millisecond_bound_is_milliseconds() -> None:
    # The bound itself belongs to milliseconds; one less is still seconds.
    assert from_epoch_number(100_000_000_000) == datetime(1973, 3, 3, 9, 46, 40, tzinfo=UTC)
    assert from_epoch_number(99_999_999_999) == datetime(5138, 11, 16, 9, 46, 39, tzinfo=UTC)


def test_epoch_number_is_read_at_most_as_nanoseconds() -> None:
    # Nanoseconds are the last unit: 10**20 ns is year 5138, not divided once more into 1973.
    assert from_epoch_number(10**20) == datetime(5138, 11, 16, 9, 46, 40, tzinfo=UTC)


# --- parse_rfc822_zoned: numeric offsets ---


def test_rfc822_zoned_negative_offset_is_behind_utc_by_exactly_that_offset() -> None:
    # A "-" sign negates the offset once: -0530 is five and a half hours behind UTC.
    result = parse_rfc822_zoned("Sat, 08 Feb 2025 08:38:35 -0530")
    assert result == Instant(datetime(2025, 2, 8, 14, 8, 35, tzinfo=UTC), offset_assumed=False)
    assert result is not None
    assert result.value.utcoffset() == timedelta(hours=-5, minutes=-30)


def test_rfc822_zoned_without_seconds_is_on_the_minute() -> None:
    # Seconds are optional in RFC 822; when absent the time is at second 0.
    result = parse_rfc822_zoned("Sat, 08 Feb 2025 08:38 +0800")
    assert result == Instant(datetime(2025, 2, 8, 8, 38, 0, tzinfo=PLUS_8), offset_assumed=False)


def test_rfc822_zoned_falls_back_to_email_utils_with_a_given_offset() -> None:
    # A two-digit year is not the fast path's shape; email.utils reads it, and its offset is given.
    result = parse_rfc822_zoned("Sat, 08 Feb 25 08:38:35 +0800")
    assert result == Instant(datetime(2025, 2, 8, 8, 38, 35, tzinfo=PLUS_8), offset_assumed=False)
    assert result is not None
    assert result.offset_assumed is False
    assert result.value.utcoffset() == timedelta(hours=8)


# --- parse_rfc822_zoned: an ambiguous zone name and the publisher's zone ---


def test_rfc822_zoned_ambiguous_name_with_an_unknown_hint_takes_the_first_reading() -> None:
    # An unknown zone name is no hint: CST stays RFC 822's US Central, marked assumed.
    result = parse_rfc822_zoned("Sat, 08 Feb 2025 16:38:35 CST", zone_hint="Not/A_Zone")
    assert result == Instant(datetime(2025, 2, 8, 16, 38, 35, tzinfo=MINUS_6), offset_assumed=True)
    assert result is not None
    assert result.value.utcoffset() == timedelta(hours=-6)


def test_rfc822_zoned_ambiguous_name_ignores_a_hint_that_matches_no_reading() -> None:
    # Berlin is +01:00 in February, which CST never means: the first reading stays, assumed.
    result = parse_rfc822_zoned("Sat, 08 Feb 2025 16:38:35 CST", zone_hint="Europe/Berlin")
    assert result == Instant(datetime(2025, 2, 8, 16, 38, 35, tzinfo=MINUS_6), offset_assumed=True)
    assert result is not None
    assert result.value.utcoffset() == timedelta(hours=-6)
