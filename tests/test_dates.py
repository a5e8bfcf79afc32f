"""articlekit.dates: exact instants, the plausibility window and what is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from articlekit.dates import (
    EARLIEST_PLAUSIBLE,
    FUTURE_TOLERANCE,
    LATEST_PLAUSIBLE,
    Instant,
    from_epoch_millis,
    is_plausible,
    localize,
    parse_iso,
    parse_rfc822,
)

PLUS_8 = timezone(timedelta(hours=8))


def test_the_plausibility_constants() -> None:
    assert datetime(1990, 1, 1, tzinfo=UTC) == EARLIEST_PLAUSIBLE
    assert datetime(2100, 1, 1, tzinfo=UTC) == LATEST_PLAUSIBLE
    assert timedelta(days=2) == FUTURE_TOLERANCE


def test_localize_attaches_the_zone_and_marks_the_offset_assumed() -> None:
    instant = localize(datetime(2025, 2, 8, 16, 38), "Asia/Shanghai")
    assert instant == Instant(datetime(2025, 2, 8, 16, 38, tzinfo=ZoneInfo("Asia/Shanghai")), offset_assumed=True)
    assert instant.value.utcoffset() == timedelta(hours=8)
    assert instant.value.astimezone(UTC) == datetime(2025, 2, 8, 8, 38, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sat, 08 Feb 2025 08:38:35 GMT", datetime(2025, 2, 8, 8, 38, 35, tzinfo=UTC)),
        ("  Sat, 08 Feb 2025 08:38:35 +0800\n", datetime(2025, 2, 8, 8, 38, 35, tzinfo=timezone(timedelta(hours=8)))),
        ("08 Feb 2025 08:38:35 -0500", datetime(2025, 2, 8, 8, 38, 35, tzinfo=timezone(timedelta(hours=-5)))),
        ("Sat, 08 Feb 25 08:38:35 GMT", datetime(2025, 2, 8, 8, 38, 35, tzinfo=UTC)),  # two digits: 20xx
        ("Feb 08, 2025 08:38:35 GMT", datetime(2025, 2, 8, 8, 38, 35, tzinfo=UTC)),
    ],
)
def test_parse_rfc822_gives_the_exact_instant(value: str, expected: datetime) -> None:
    parsed = parse_rfc822(value)
    assert parsed == expected
    assert parsed is not None
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "value",
    [
        "",
        "yesterday",
        "2025-02-08T08:38:35Z",  # ISO is not RFC 822
        "Sat, 08 Feb 2025 08:38:35 -0000",  # "-0000": offset unknown
        "Sat, 08 Feb 2025 08:38:35",  # no zone at all
        "Sat, 08 Feb 0025 08:38:35 GMT",  # email.utils would read the year as 2025
        "Feb 08, 0025 08:38:35 GMT",
        "Sat, 08 Feb 099 08:38:35 GMT",  # three digits: 99, which email.utils would read as 1999
        "Sat, 32 Feb 2025 08:38:35 GMT",
    ],
)
def test_parse_rfc822_refuses_what_is_no_dated_instant(value: str) -> None:
    assert parse_rfc822(value) is None


def test_parse_rfc822_an_overflowing_year_is_none() -> None:
    assert parse_rfc822("Sat, 08 Feb 99999999999999999999 08:38:35 GMT") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-08T08:38:35+08:00", Instant(datetime(2025, 2, 8, 8, 38, 35, tzinfo=PLUS_8), False)),
        ("2025-02-08T08:38:35Z", Instant(datetime(2025, 2, 8, 8, 38, 35, tzinfo=UTC), False)),
        (" 2025-02-08 08:38 ", Instant(datetime(2025, 2, 8, 8, 38, tzinfo=ZoneInfo("Europe/Paris")), True)),
        ("2025-02-08", Instant(datetime(2025, 2, 8, tzinfo=ZoneInfo("Europe/Paris")), True)),
    ],
)  # fmt: skip
def test_parse_iso_reads_the_offset_or_assumes_the_zone(value: str, expected: Instant) -> None:
    parsed = parse_iso(value, "Europe/Paris")
    assert parsed == expected
    assert parsed is not None
    assert parsed.value.utcoffset() == expected.value.utcoffset()


@pytest.mark.parametrize("value", ["", "08/02/2025", "2025-13-01", "Sat, 08 Feb 2025 08:38:35 GMT"])
def test_parse_iso_refuses_other_text(value: str) -> None:
    assert parse_iso(value, "UTC") is None


@pytest.mark.parametrize(
    ("millis", "expected"),
    [
        (0, datetime(1970, 1, 1, tzinfo=UTC)),
        (1739003943000, datetime(2025, 2, 8, 8, 39, 3, tzinfo=UTC)),
        (1739003943123, datetime(2025, 2, 8, 8, 39, 3, 123000, tzinfo=UTC)),
        (-1000, datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)),
    ],
)
def test_from_epoch_millis_is_exact(millis: int, expected: datetime) -> None:
    converted = from_epoch_millis(millis)
    assert converted == expected
    assert converted is not None
    assert converted.tzinfo is UTC


@pytest.mark.parametrize("millis", [10**20, -(10**20), 2**63])
def test_from_epoch_millis_out_of_range_is_none(millis: int) -> None:
    assert from_epoch_millis(millis) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (EARLIEST_PLAUSIBLE, True),
        (EARLIEST_PLAUSIBLE - timedelta(microseconds=1), False),
        (LATEST_PLAUSIBLE, True),
        (LATEST_PLAUSIBLE + timedelta(microseconds=1), False),
        (datetime(2025, 2, 8, tzinfo=UTC), True),
    ],
)
def test_is_plausible_without_a_bound_is_the_fixed_window(value: datetime, expected: bool) -> None:
    assert is_plausible(value) is expected


def test_is_plausible_with_a_retrieval_time_allows_two_days_past_it() -> None:
    retrieved = datetime(2025, 2, 8, tzinfo=UTC)
    assert is_plausible(retrieved + timedelta(days=2), latest=retrieved) is True
    assert is_plausible(retrieved + timedelta(days=2, microseconds=1), latest=retrieved) is False
    assert is_plausible(datetime(2099, 1, 1, tzinfo=UTC), latest=retrieved) is False
    assert is_plausible(EARLIEST_PLAUSIBLE - timedelta(microseconds=1), latest=retrieved) is False
    assert is_plausible(EARLIEST_PLAUSIBLE, latest=retrieved) is True
