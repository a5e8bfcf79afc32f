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
    english_date,
    from_epoch_millis,
    is_plausible,
    localize,
    normalize_zone_suffix,
    parse_iso,
    parse_rfc822,
    parse_rfc822_zoned,
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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Seg, 24 Set 2018 19:42:40 -0300", "24 Sep 2018 19:42:40 -0300"),  # Portuguese (UOL)
        ("mer. 16 nov. 2022 00:38:15 +0100", "16 Nov 2022 00:38:15 +0100"),  # French, abbreviations with dots
        ("Di, 24. Okt 2023 10:00:00 +0200", "24 Oct 2023 10:00:00 +0200"),  # German, "24." day
        ("jeu., 7 juil. 2022 08:15:00 +0200", "7 Jul 2022 08:15:00 +0200"),  # "juil" is July, not June
        ("jeu., 7 juillet 2022 08:15:00 +0200", "7 Jul 2022 08:15:00 +0200"),  # the whole name, by its first four
        ("vie, 3 dic 2021 09:00:00 +0100", "3 Dec 2021 09:00:00 +0100"),  # Spanish
        ("lun, 5 mag 2025 10:00:00 +0200", "5 May 2025 10:00:00 +0200"),  # Italian
        ("Sat, Dec 16 2023 02:02:33 PM", "Sat, Dec 16 2023 14:02:33"),  # a 12-hour clock (NBC New York)
        ("Sat, 16 Dec 2023 12:05:00 AM -0500", "16 Dec 2023 00:05:00 -0500"),  # 12 AM is midnight
        ("Sat, 16 Dec 2023 12:05 p.m. -0500", "16 Dec 2023 12:05 -0500"),
        ("2025-02-08T08:38:35Z", "2025-02-08T08:38:35Z"),  # not RFC 822: untouched
        ("Sat, 08 Feb 2025 08:38:35 GMT", "08 Feb 2025 08:38:35 GMT"),
        # The ctime order: Java's Date.toString(), Twitter's created_at, asctime without a zone.
        ("Sat Feb 08 16:38:35 CST 2025", "08 Feb 2025 16:38:35 CST"),
        ("Wed Oct 10 20:19:24 +0000 2018", "10 Oct 2018 20:19:24 +0000"),
        ("Sat Feb  8 16:38:35 2025", "8 Feb 2025 16:38:35"),
    ],
)
def test_english_date_rewrites_other_languages_months_and_twelve_hour_clocks(value: str, expected: str) -> None:
    assert english_date(value) == expected


def test_rfc822_dates_in_other_languages_give_the_written_instant() -> None:
    assert parse_rfc822("Seg, 24 Set 2018 19:42:40 -0300") == datetime(
        2018, 9, 24, 19, 42, 40, tzinfo=timezone(timedelta(hours=-3))
    )
    assert parse_rfc822_zoned("mar., 22 mars 2022 14:05:00 CET") == Instant(
        datetime(2022, 3, 22, 14, 5, tzinfo=timezone(timedelta(hours=1))), offset_assumed=False
    )
    assert parse_rfc822("Sat, 16 Dec 2023 02:02:33 PM -0500") == datetime(
        2023, 12, 16, 14, 2, 33, tzinfo=timezone(timedelta(hours=-5))
    )
    assert parse_rfc822("Seg, 24 Xyz 2018 19:42:40 -0300") is None  # no month of any language


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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sat, 08 Feb 2025 16:38:35 GMT+08:00", "Sat, 08 Feb 2025 16:38:35 +0800"),
        ("Sat, 08 Feb 2025 16:38:35 UTC+8", "Sat, 08 Feb 2025 16:38:35 +0800"),
        ("Sat, 08 Feb 2025 16:38:35 GMT-0530", "Sat, 08 Feb 2025 16:38:35 -0530"),
        ("2025-02-08 16:38 (GMT+08:00)", "2025-02-08 16:38 +0800"),  # in brackets, as Windows names its zones
        ("Sat, 08 Feb 2025 16:38:35 +08", "Sat, 08 Feb 2025 16:38:35 +0800"),
        ("2025-02-08T16:38:35+08:00[Asia/Shanghai]", "2025-02-08T16:38:35+08:00"),
        ("2025-02-08T08:38:35Z[UTC]", "2025-02-08T08:38:35Z"),
        # RFC 3339 allows lower-case "t" and "z"; fromisoformat reads only upper case.
        ("2025-02-08t08:38:35z", "2025-02-08T08:38:35Z"),
        ("2025-02-08t08:38:35.5+08:00", "2025-02-08T08:38:35.5+08:00"),
        ("2025-02-08T08:38:35z", "2025-02-08T08:38:35Z"),  # one letter in lower case, the other not
        ("2025-02-08 08:38:35.5z", "2025-02-08 08:38:35.5Z"),
        # Left as written: zones the readers know already, and text that ends in no zone at all.
        ("Sat, 08 Feb 2025 16:38:35 +0800", "Sat, 08 Feb 2025 16:38:35 +0800"),
        ("Sat, 08 Feb 2025 16:38:35 GMT", "Sat, 08 Feb 2025 16:38:35 GMT"),
        ("Sat, 08 Feb 2025 08:38:35 +0000 (UTC)", "Sat, 08 Feb 2025 08:38:35 +0000 (UTC)"),
        ("Chapter 12 - 08", "Chapter 12 - 08"),
    ],
)
def test_normalize_zone_suffix_writes_the_numeric_offset(value: str, expected: str) -> None:
    assert normalize_zone_suffix(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # US generic names follow daylight saving time: Eastern is -04:00 in May and -05:00 in January.
        ("Tue, 21 May 2024 12:00:00 ET", "2024-05-21T12:00:00-04:00"),
        ("Sun, 21 Jan 2024 12:00:00 ET", "2024-01-21T12:00:00-05:00"),
        ("Tue, 21 May 2024 12:00:00 PT", "2024-05-21T12:00:00-07:00"),
        ("Tue, 21 May 2024 12:00:00 BRT", "2024-05-21T12:00:00-03:00"),
        ("Tue, 21 May 2024 12:00:00 ART", "2024-05-21T12:00:00-03:00"),
        ("Tue, 21 May 2024 12:00:00 SAST", "2024-05-21T12:00:00+02:00"),
        ("Tue, 21 May 2024 12:00:00 NPT", "2024-05-21T12:00:00+05:45"),
    ],
)
def test_zone_names_of_more_regions(value: str, expected: str) -> None:
    found = parse_rfc822_zoned(value)
    assert found is not None
    assert (found.value, found.value.utcoffset(), found.offset_assumed) == (
        datetime.fromisoformat(expected),
        datetime.fromisoformat(expected).utcoffset(),
        False,
    )


def test_an_offset_of_hours_alone_is_hours_not_minutes() -> None:
    # email.utils reads "+08" as +00:08; the zoned reader gives the eight hours the feed meant.
    found = parse_rfc822_zoned("Sat, 08 Feb 2025 16:38:35 +08")
    assert found == Instant(datetime(2025, 2, 8, 16, 38, 35, tzinfo=timezone(timedelta(hours=8))), False)
    assert found.value.utcoffset() == timedelta(hours=8)
