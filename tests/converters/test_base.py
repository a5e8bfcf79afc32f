from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from articlekit.converters.base import FLAGS, Draft, Source, build_article, strip_tracking
from articlekit.dates import Instant, from_epoch_millis


def draft(**fields: Any) -> Draft:
    return Draft(format="test", title="标题", blocks=[("paragraph", "正文。")], **fields)


def test_flag_codes_are_stable_lower_case_codes_with_a_meaning() -> None:
    assert sorted(FLAGS) == [
        "body-from-title",
        "encoding-misdeclared",
        "feed-xml-recovered",
        "language-declared-mismatch",
        "published-at-from-retrieval",
        "published-at-from-updated",
        "published-at-from-url",
        "published-at-implausible",
        "published-at-unparseable",
        "published-date-only",
        "published-zone-unknown",
        "retrieved-at-implausible",
        "title-from-body",
    ]
    for code, meaning in FLAGS.items():
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", code)
        assert meaning.strip()


@pytest.mark.parametrize("flag", ["published-at-invalid", "zone-assumed-utc", "Published-Zone-Unknown"])
def test_a_flag_outside_the_vocabulary_is_a_programming_error(flag: str) -> None:
    with pytest.raises(ValueError, match="unknown flags"):
        build_article(draft(flags=[flag]), Source.from_text("x"))


def test_known_flags_are_kept_once_in_order() -> None:
    flags = ["published-zone-unknown", "published-date-only", "published-zone-unknown"]
    article = build_article(draft(flags=flags), Source.from_text("x"))
    assert article.flags == ["published-zone-unknown", "published-date-only"]


def test_build_article_flags_what_it_drops() -> None:
    retrieved = from_epoch_millis(1739003943000)
    published = Instant(datetime(2031, 1, 1, tzinfo=UTC), offset_assumed=False)  # after the retrieval
    article = build_article(draft(retrieved_at=retrieved, published=published), Source.from_text("x"))
    assert article.published_at is None
    assert article.flags == ["published-at-implausible"]
    old = from_epoch_millis(1739003943)  # seconds read as milliseconds: January 1970
    article = build_article(draft(retrieved_at=old), Source.from_text("x"))
    assert (article.retrieved_at, article.flags) == (None, ["retrieved-at-implausible"])


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"),
        ("https://example.com/a?id=7&utm_campaign=x&p=2", "https://example.com/a?id=7&p=2"),
        ("https://example.com/a?fbclid=abc", "https://example.com/a"),
        ("https://mp.weixin.qq.com/s?__biz=MzA&mid=2&idx=1&sn=9f&from=timeline&isappinstalled=0",
         "https://mp.weixin.qq.com/s?__biz=MzA&mid=2&idx=1&sn=9f"),
        ("https://example.com/a?id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?q=a%20b&utm_source=x#top", "https://example.com/a?q=a+b#top"),
        ("https://example.com/a", "https://example.com/a"),
    ],
)  # fmt: skip
def test_strip_tracking_removes_only_click_trackers(url: str, expected: str) -> None:
    assert strip_tracking(url) == expected


def test_build_article_strips_tracking_parameters_from_the_canonical_url() -> None:
    draft = Draft(
        format="test", title="T", blocks=[("paragraph", "Body.")], url="https://example.com/a?utm_source=rss&id=3"
    )
    article = build_article(draft, Source.from_text("x"))
    assert article.url == "https://example.com/a?id=3"


def test_from_is_a_tracking_parameter_on_wechat_only() -> None:
    assert strip_tracking("https://example.com/list?from=2024&to=2025") == "https://example.com/list?from=2024&to=2025"


def test_an_absolute_image_url_is_kept_as_written_beside_a_base() -> None:
    article = build_article(draft(url="https://example.com/a", images=[("https://0.0/;", None)]), Source.from_text("x"))
    assert [image.url for image in article.images] == ["https://0.0/;"]
