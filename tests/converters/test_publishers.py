from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from articlekit.converters._publishers import PUBLISHERS, Publisher, publisher_of, publisher_of_domain


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.voachinese.com/a/x.html", Publisher("美国之音", "America/New_York")),
        ("https://WWW.RFI.FR/cn/x", Publisher("法国国际广播电台", "Europe/Paris")),
        ("https://m.cna.com.tw/news/1.aspx", Publisher("中央社", "Asia/Taipei")),  # a subdomain
        ("https://www.zaobao.com.sg/news/1", Publisher("联合早报", "Asia/Singapore")),
        ("https://wallstreetcn.com/articles/3740987", Publisher("华尔街见闻", "Asia/Shanghai")),
    ],
)
def test_publisher_of_url(url: str, expected: Publisher) -> None:
    assert publisher_of(url) == expected


@pytest.mark.parametrize(
    "url", [None, "", "https://news.example.org/a", "https://notrfi.fr/x", "rfi.fr/cn/x", "/a/1.html"]
)
def test_unknown_or_hostless_url(url: str | None) -> None:
    assert publisher_of(url) is None


@pytest.mark.parametrize(
    ("domain", "name"),
    [
        ("rfi.fr", "法国国际广播电台"),
        ("www.dw.com", "德国之声"),
        ("News.BBC.co.uk.", "BBC"),
        ("example.com", None),
    ],
)
def test_publisher_of_domain(domain: str, name: str | None) -> None:
    found = publisher_of_domain(domain)
    assert (found.name if found else None) == name


def test_every_zone_is_a_real_iana_zone() -> None:
    for domain, publisher in PUBLISHERS.items():
        assert domain == domain.lower().removeprefix("www.")
        assert ZoneInfo(publisher.zone).key == publisher.zone
