from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from articlekit.converters.base import FLAGS, Draft, Source, build_article
from articlekit.dates import Instant, from_epoch_millis


def draft(**fields: Any) -> Draft:
    return Draft(format="test", title="标题", blocks=[("paragraph", "正文。")], **fields)


def test_flag_codes_are_stable_lower_case_codes_with_a_meaning() -> None:
    assert sorted(FLAGS) == [
        "published-at-from-retrieval",
        "published-at-implausible",
        "published-at-unparseable",
        "published-date-only",
        "published-zone-unknown",
        "retrieved-at-implausible",
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
