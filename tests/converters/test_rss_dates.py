from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from articlekit.converters._rss_dates import (
    INVALID_DATE,
    parse_date_line,
    parse_day,
    published_from_front_matter,
)
from articlekit.dates import Instant


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Sat, 08 Feb 2025 08:38:35 GMT", "2025-02-08T08:38:35+00:00"),
        ("2025-02-08T16:38:35+08:00", "2025-02-08T16:38:35+08:00"),
        ("2025-02-08 16:38", "2025-02-08T16:38:00+08:00"),
        ("08/02/2025 - 16:38", "2025-02-08T16:38:00+08:00"),
        ("08-02-2025 16:38", "2025-02-08T16:38:00+08:00"),  # day first with dashes (a Portuguese news dump)
        ("08.02.2025 16:38:05", "2025-02-08T16:38:05+08:00"),  # day first with dots (German, Russian)
        ("Sáb, 08 Fev 2025 16:38:35 -0300", "2025-02-08T16:38:35-03:00"),  # Portuguese names
        ("2025/02/08 16:38", "2025-02-08T16:38:00+08:00"),
        ("2025年2月8日 16:38", "2025-02-08T16:38:00+08:00"),
        # The clock written with characters, as Japanese and Chinese pages print it.
        ("2025年2月8日 16時38分", "2025-02-08T16:38:00+08:00"),
        ("2025年02月08日 16时38分", "2025-02-08T16:38:00+08:00"),
        ("2025年2月8日 16时38分05秒", "2025-02-08T16:38:05+08:00"),
        ("更新时间：2025-02-08 16:38:05", "2025-02-08T16:38:05+08:00"),
        ("Published: 2025-02-08T08:38:35Z", "2025-02-08T08:38:35+00:00"),
        # Clocks as programs print them: Go's time.Time.String() (the numeric offset wins over the name,
        # the monotonic reading is dropped), Ruby's Time#to_s in UTC, a zone name after ISO.
        ("2025-02-08 16:38:35 +0800 CST", "2025-02-08T16:38:35+08:00"),
        ("2025-02-08 08:38:35.123456789 +0000 UTC m=+0.003100201", "2025-02-08T08:38:35.123456+00:00"),
        ("2025-02-08 08:38:35 UTC", "2025-02-08T08:38:35+00:00"),
        ("2025-02-08T09:38:35 CET", "2025-02-08T09:38:35+01:00"),
        ("2025-02-08 16:38:35 CST", "2025-02-08T16:38:35+08:00"),  # CST in the zone given (Taipei's): China's
        # The month's name written out, as pages show dates: English, other languages, a 12-hour clock, a zone.
        ("Feb 8, 2025 4:38 PM", "2025-02-08T16:38:00+08:00"),
        ("Saturday, February 8, 2025 at 8:38 am EST", "2025-02-08T08:38:00-05:00"),
        ("Sept. 8, 2025, 9:41 a.m.", "2025-09-08T09:41:00+08:00"),
        ("8 février 2025 16:38", "2025-02-08T16:38:00+08:00"),
        # Year first, unpadded or with dots, as Chinese and Korean sites print it.
        ("2025-2-8 9:05", "2025-02-08T09:05:00+08:00"),
        ("2025.02.08 16:38", "2025-02-08T16:38:00+08:00"),
        ("2025/2/8 16:38:05", "2025-02-08T16:38:05+08:00"),
    ],
)
def test_parse_date_line(line: str, expected: str) -> None:
    found = parse_date_line(line, "Asia/Taipei")
    assert isinstance(found, Instant)
    assert found.value.isoformat() == expected


@pytest.mark.parametrize(
    "line",
    # A day and clock without the year is no date line: nothing says which year it is.
    [
        "乌克兰总统今天发表讲话",
        "2025",
        "Call 08/02/2025 now",
        "",
        "1" * 300,
        "2月8日 16時38分",
        "2025年2月8日 16時38分後",
    ],
)
def test_parse_date_line_refuses_other_text(line: str) -> None:
    assert parse_date_line(line, "UTC") is None


@pytest.mark.parametrize(
    "line",
    [
        "31/02/2025 - 10:00",
        "31-02-2025 10:00",
        "2025-02-31 10:00",
        "2025年2月8日 25:00",
        "31 Feb 2025 10:00",
        "2025-02-31 10:00:00 UTC",
        "2025-02-31 10:00:00 +0800 CST",
    ],
)
def test_impossible_date_is_told_from_no_date(line: str) -> None:
    assert parse_date_line(line, "UTC") is INVALID_DATE


@pytest.mark.parametrize(
    "line", ["May 8, 2025", "Thursday, May 8, 2025", "8 May 2025", "8th of May 2025", "8. Mai 2025", "mai 8, 2025"]
)
def test_a_named_day_is_local_midnight(line: str) -> None:
    found = parse_day(line, "Europe/Paris")
    assert isinstance(found, Instant)
    assert found.value.isoformat() == "2025-05-08T00:00:00+02:00"
    assert found.offset_assumed is True
    assert parse_date_line(line, "Europe/Paris") is None  # a day is no date line: its callers flag it


@pytest.mark.parametrize("line", ["2025/5/8", "2025.05.08", "2025-5-8", "2025年5月8日", "2025 年 5 月 8 日"])
def test_a_numeric_day_is_local_midnight(line: str) -> None:
    found = parse_day(line, "Europe/Paris")
    assert isinstance(found, Instant)
    assert found.value.isoformat() == "2025-05-08T00:00:00+02:00"
    assert parse_day("2025/2/30", "UTC") is INVALID_DATE


@pytest.mark.parametrize("line", ["Issue 8, 2025", "May 8", "May 8, 2025 12:00", "Chapter 12 2025"])
def test_a_named_day_needs_a_month_name_and_no_clock(line: str) -> None:
    assert parse_day(line, "UTC") is None


def test_an_impossible_named_day_is_told_from_no_date() -> None:
    assert parse_day("February 30, 2025", "UTC") is INVALID_DATE
    assert parse_date_line("February 30, 2025 10:00", "UTC") is INVALID_DATE


def test_local_time_takes_the_zone_given() -> None:
    found = parse_date_line("15/07/2023 - 09:30", "Europe/Paris")
    assert isinstance(found, Instant)
    assert found.offset_assumed is True
    assert found.value.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2025, 2, 8, 10, 0), ("2025-02-08T10:00:00+01:00", True)),
        (datetime(2025, 2, 8, 10, 0, tzinfo=UTC), ("2025-02-08T10:00:00+00:00", False)),
        ("2025-02-08 10:00", ("2025-02-08T10:00:00+01:00", True)),
    ],
)
def test_front_matter_date(value: object, expected: tuple[str, bool]) -> None:
    found = published_from_front_matter(value, "Europe/Paris")
    assert isinstance(found, Instant)
    assert (found.value.isoformat(), found.offset_assumed) == expected


@pytest.mark.parametrize("value", [date(2025, 2, 8), 20250208, None, ["2025-02-08 10:00"]])
def test_front_matter_value_that_is_no_instant(value: object) -> None:
    assert published_from_front_matter(value, "UTC") is None
