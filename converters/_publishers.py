"""Known publishers: the name and the time zone a source's domain tells.

One table for every converter. A converter looks a publisher up by the
article's URL; the name fills ``source.name`` when the source names none, and
the zone is that of the local times the publisher writes without an offset.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import domain_of


@dataclass(frozen=True, slots=True)
class Publisher:
    """What a publisher's domain tells: its name and the IANA zone of its local times."""

    name: str
    zone: str


PUBLISHERS: dict[str, Publisher] = {
    "voachinese.com": Publisher("美国之音", "America/New_York"),
    "voanews.com": Publisher("美国之音", "America/New_York"),
    "rfi.fr": Publisher("法国国际广播电台", "Europe/Paris"),
    "dw.com": Publisher("德国之声", "Europe/Berlin"),
    "bbc.com": Publisher("BBC", "Europe/London"),
    "bbc.co.uk": Publisher("BBC", "Europe/London"),
    "nytimes.com": Publisher("纽约时报中文网", "America/New_York"),
    "rfa.org": Publisher("自由亚洲电台", "America/New_York"),
    "reuters.com": Publisher("路透社", "UTC"),
    "zaobao.com": Publisher("联合早报", "Asia/Singapore"),
    "zaobao.com.sg": Publisher("联合早报", "Asia/Singapore"),
    "cna.com.tw": Publisher("中央社", "Asia/Taipei"),
    # 华尔街见闻, Shanghai: its archives give China Standard Time without an offset.
    "wallstreetcn.com": Publisher("华尔街见闻", "Asia/Shanghai"),
    # WeChat official accounts: mainland publishers writing China Standard Time; the account is named elsewhere.
    "mp.weixin.qq.com": Publisher("微信公众平台", "Asia/Shanghai"),
}
"""Known publishers by domain, lower case, without ``www.``; subdomains match too. Add one per new source."""

UNKNOWN_PUBLISHER_ZONE = "UTC"
"""Zone taken for local times of an unknown publisher; the record is flagged ``published-zone-unknown``."""


LANGUAGE_ZONES: dict[str, str] = {"zh": "Asia/Shanghai", "ja": "Asia/Tokyo", "ko": "Asia/Seoul"}
"""Primary language subtags whose writers share one UTC offset (China and Taiwan alike are +08:00): the zone
of local times, and of CST, in a feed or dump that declares the language and names no known publisher."""


def zone_of_language(language: str | None) -> str | None:
    """The zone :data:`LANGUAGE_ZONES` gives a declared language (``zh-CN``, ``ja``, ``ko_KR``); None for others."""
    primary = (language or "").strip().lower().replace("_", "-").partition("-")[0]
    return LANGUAGE_ZONES.get(primary)


def publisher_of_domain(domain: str | None) -> Publisher | None:
    """Return the publisher of ``domain`` or of the nearest parent domain listed; None when unknown.

    Args:
        domain: A host name such as ``www.rfi.fr`` or ``m.dw.com``; case, a leading
            ``www.`` and a trailing dot do not matter.
    """
    if not domain:
        return None
    domain = domain.lower().rstrip(".").removeprefix("www.")
    while domain:
        if domain in PUBLISHERS:
            return PUBLISHERS[domain]
        domain = domain.partition(".")[2]
    return None


def publisher_of(url: str | None) -> Publisher | None:
    """Return the publisher of the site ``url`` is on; None when unknown or when ``url`` names no host."""
    return publisher_of_domain(domain_of(url))
