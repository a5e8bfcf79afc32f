"""The model and the published JSON Schema: generated, checked in, and in agreement."""

from __future__ import annotations

import copy
import hashlib
import json
import re
import time
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import jsonschema
import pytest
from checks import SCHEMA_VALIDATOR, model_accepts, schema_accepts
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from pydantic_core import PydanticCustomError
from strategies import from_json_schema, satisfy_semantic_rules

from articlekit.schema import (
    SCHEMA_ID,
    Article,
    make_article_id,
    model,
    published_schema,
    published_schema_text,
    render_json_schema,
)
from articlekit.schema.model import Block, Source
from articlekit.testing import article_dicts

# --- the checked-in contract -------------------------------------------------------------


def test_checked_in_schema_matches_the_model():
    assert published_schema_text() == render_json_schema(), (
        "schema/article.schema.json drifted from the model: run `nox -s schema`"
    )


def test_schema_is_draft_2020_12_with_id():
    schema = published_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    jsonschema.Draft202012Validator.check_schema(schema)


def _objects(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "object":
            found.append(node)
        for value in node.values():
            found.extend(_objects(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_objects(value))
    return found


def test_every_object_forbids_extra_keys_and_every_property_is_described():
    objects = _objects(published_schema())
    assert len(objects) == 6  # Article, Source, Block, Image, Link, Provenance
    for node in objects:
        assert node["additionalProperties"] is False, node["title"]
        assert node["description"], node["title"]
        for name, prop in node["properties"].items():
            assert prop.get("description"), f"{node['title']}.{name} has no description"


def test_schema_field_order_is_the_record_key_order():
    record = json.loads(next(iter(_seed_like_records())).model_dump_json())
    assert list(record) == list(published_schema()["properties"])


# --- agreement, property-tested ----------------------------------------------------------


@given(article_dicts())
def test_records_from_the_model_strategy_pass_the_json_schema(record):
    errors = [error.message for error in SCHEMA_VALIDATOR.iter_errors(record)]
    assert errors == []
    assert model_accepts(record)


@given(from_json_schema(published_schema()))
def test_records_the_json_schema_accepts_are_accepted_by_the_model(record):
    # JSON Schema cannot say "NFC", "text = joined blocks" or "id derived from
    # the record"; make the drawn record meet those, then both must agree.
    repaired = satisfy_semantic_rules(record)
    assert model_accepts(repaired) == schema_accepts(repaired)


# --- rejections: each a named test, each checked on both sides ----------------------------


def assert_both_reject(record: dict[str, Any]) -> None:
    assert not schema_accepts(record), "the JSON Schema accepted it"
    assert not model_accepts(record), "the model accepted it"


@given(article_dicts())
def test_dropped_key_is_rejected(record):
    for key in list(record):
        broken = copy.deepcopy(record)
        del broken[key]
        assert_both_reject(broken)


@given(article_dicts())
def test_added_key_is_rejected(record):
    broken = {**record, "extra": "x"}
    assert_both_reject(broken)
    nested = copy.deepcopy(record)
    nested["blocks"][0]["style"] = "bold"
    assert_both_reject(nested)


WRONG_TYPES = st.sampled_from(
    [
        ("title", 7),
        ("authors", "a single string"),
        ("published_offset_assumed", "false"),
        ("published_offset_assumed", 0),
        ("blocks", {"kind": "paragraph", "text": "x"}),
        ("source", None),
        ("published_at", 1739003943),
        ("schema_version", 1.0),
        ("images", [{"url": 5, "caption": "x"}]),
    ]
)


@given(record=article_dicts(), case=WRONG_TYPES)
def test_wrong_type_is_rejected(record, case):
    field, value = case
    assert_both_reject({**record, field: value})


@given(record=article_dicts(), title=st.sampled_from(["", " ", "  padded  ", "two\nlines", "\u3000", "tail\n"]))
def test_empty_or_untrimmed_title_is_rejected(record, title):
    assert_both_reject({**record, "title": title})


# Characters the patterns' \\s and str.isspace() must agree on, beside any others: ASCII and Unicode spaces, the
# information separators \\x1c-\\x1f (whitespace to Python, not to every regex engine), NEL, the line and paragraph
# separators, and look-alikes that are not whitespace (zero-width space, BOM).
_EDGE_CHARACTERS = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u200b\u3000\ufeffa中"


@given(st.text(alphabet=st.sampled_from(_EDGE_CHARACTERS) | st.characters(), max_size=6))
def test_text_and_line_checks_accept_exactly_what_their_patterns_match(value: str) -> None:
    # The model checks these two patterns in Python (schema/model.py says why); it must agree with the patterns
    # the JSON Schema publishes on every string.
    value = unicodedata.normalize("NFC", value)
    for check, pattern in ((model._require_trimmed, model._TRIMMED), (model._require_single_line, model._SINGLE_LINE)):
        assert _outcome(check, value) == (
            "accepted"
            if re.search(pattern, value)
            else f"string_pattern_mismatch: String should match pattern '{pattern}'"
        ), (pattern, value)


def _outcome(check: Any, value: str) -> str:
    try:
        check(value)
    except PydanticCustomError as error:
        return f"{error.type}: {error.message()}"
    return "accepted"


@pytest.mark.parametrize(
    ("model_class", "data", "pattern"),
    [
        (Block, {"kind": "paragraph", "text": "tail\n"}, model._TRIMMED),
        (Block, {"kind": "paragraph", "text": "\u3000lead"}, model._TRIMMED),
        (Source, {"name": "two\nlines", "domain": None}, model._SINGLE_LINE),
    ],
)
def test_a_pattern_mismatch_reads_as_pydantics_own(model_class: Any, data: dict[str, Any], pattern: str) -> None:
    # Rejects and conversion errors quote the validation error's type and message: both stay what they were.
    with pytest.raises(ValidationError) as raised:
        model_class.model_validate(data)
    (error,) = raised.value.errors()
    assert (error["type"], error["msg"]) == ("string_pattern_mismatch", f"String should match pattern '{pattern}'")


BAD_DATETIMES = st.sampled_from(
    [
        "2025-02-08T08:38:35",
        "2025-02-08 08:38:35Z",
        "2025-02-08",
        "2025-02-08T08:38Z",
        "0000-01-01T00:00:00Z",
        "2025-02-30T00:00:00Z",
        "2025-02-08T08:38:60Z",
        "2025-02-08T08:38:35.1234567Z",
    ]
)


@given(record=article_dicts(published_at=datetime(2025, 2, 8, 8, 38, 35, tzinfo=UTC)), value=BAD_DATETIMES)
def test_naive_or_malformed_datetime_is_rejected(record, value):
    assert_both_reject({**record, "published_at": value})
    assert_both_reject({**record, "retrieved_at": value})


BAD_IDS = st.sampled_from(["", "ABCDEF0123456789ABCDEF0123456789", "abc", "0" * 33, "0" * 31 + "g", "0" * 32 + "\n"])


@given(record=article_dicts(), value=BAD_IDS)
def test_bad_id_is_rejected(record, value):
    assert_both_reject({**record, "id": value})


def test_naive_datetime_object_is_rejected_by_the_model():
    record = next(iter(_seed_like_records())).model_dump()
    record["published_at"] = datetime(2025, 2, 8, 8, 38, 35)
    assert not model_accepts(record)


# --- rules only the model can check --------------------------------------------------------


def test_text_must_equal_joined_blocks():
    record = next(iter(_seed_like_records())).model_dump(mode="json")
    record["text"] = record["text"] + " extra"
    assert schema_accepts(record)
    with pytest.raises(ValidationError, match="text-mismatch"):
        Article.model_validate(record)


def test_id_must_be_derived_from_the_record():
    record = next(iter(_seed_like_records())).model_dump(mode="json")
    record["id"] = "0" * 32
    assert schema_accepts(record)
    with pytest.raises(ValidationError, match="id-mismatch"):
        Article.model_validate(record)


@pytest.mark.parametrize(
    "published_at",
    [
        "0001-01-01T00:30:00+01:00",  # in UTC, 30 minutes before year 1
        "9999-12-31T23:30:00-01:00",  # in UTC, past year 9999
    ],
)
def test_an_id_that_cannot_be_derived_is_an_id_mismatch_not_a_crash(published_at):
    record = next(iter(_seed_like_records())).model_dump(mode="json")
    record.update(url=None, published_at=published_at, published_offset_assumed=False)
    record["source"]["domain"] = None
    with pytest.raises(ValidationError, match=r"id cannot be derived from the record .*\[id-mismatch\]"):
        Article.model_validate(record)


def test_strings_must_be_nfc():
    record = next(iter(_seed_like_records())).model_dump(mode="json")
    record["authors"] = ["Cafe\u0301"]
    with pytest.raises(ValidationError, match="not-nfc"):
        Article.model_validate(record)


def test_duplicate_authors_are_rejected():
    record = next(iter(_seed_like_records())).model_dump(mode="json")
    record["authors"] = ["张三", "张三"]
    assert_both_reject(record)


def test_image_needs_url_or_caption():
    record = next(iter(_seed_like_records())).model_dump(mode="json")
    record["images"] = [{"url": None, "caption": None}]
    assert_both_reject(record)


def test_assumed_offset_needs_a_published_time():
    record = next(iter(_seed_like_records())).model_dump(mode="json")
    record["published_at"] = None
    record["published_offset_assumed"] = False
    # The id follows the record (no URL: format, title and the now missing time), so that only the rule can fail.
    record["id"] = make_article_id(
        record["url"], format=record["provenance"]["format"], title=record["title"], published_at=None
    )
    assert schema_accepts(record)
    assert model_accepts(record)
    record["published_offset_assumed"] = True
    assert_both_reject(record)
    with pytest.raises(ValidationError, match="published_offset_assumed must be false when published_at is null"):
        Article.model_validate(record)


# --- the id helper -------------------------------------------------------------------------


def test_id_is_sha256_of_the_url():
    url = "https://www.voachinese.com/a/x/7967634.html"
    assert (
        make_article_id(url, format="rss-markdown", title="t", published_at=None)
        == (hashlib.sha256(url.encode()).hexdigest()[:32])
    )


def test_id_without_url_uses_format_title_and_utc_time():
    when = datetime(2025, 2, 10, 11, 20, 38, tzinfo=timezone(timedelta(hours=8)))
    same_instant = when.astimezone(UTC)
    first = make_article_id(None, format="daydaynews-text", title="標題", published_at=when)
    assert first == make_article_id(None, format="daydaynews-text", title="標題", published_at=same_instant)
    assert first != make_article_id(None, format="selfmedia-text", title="標題", published_at=when)
    assert first != make_article_id(None, format="daydaynews-text", title="標題", published_at=None)


def test_offset_survives_json_round_trip():
    article = next(iter(_seed_like_records()))
    again = Article.model_validate_json(article.model_dump_json())
    assert again.published_at is not None
    assert again.published_at.utcoffset() == timedelta(hours=8)
    assert again.model_dump_json() == article.model_dump_json()


def _seed_like_records() -> list[Article]:
    published = datetime(2025, 2, 10, 11, 20, 38, tzinfo=timezone(timedelta(hours=8)))
    record = {
        "schema_version": "1.0",
        "id": make_article_id(None, format="daydaynews-text", title="俄副外長放風", published_at=published),
        "url": None,
        "source": {"name": "天天要聞", "domain": None},
        "title": "俄副外長放風",
        "authors": [],
        "published_at": published,
        "published_offset_assumed": True,
        "retrieved_at": None,
        "language": "zh-Hant",
        "summary": None,
        "categories": ["國際"],
        "tags": [],
        "blocks": [
            {"kind": "paragraph", "text": "美俄遲遲沒有最高接觸"},
            {"kind": "heading", "text": "小標"},
        ],
        "text": "美俄遲遲沒有最高接觸\n\n小標",
        "images": [{"url": None, "caption": "俄副外長里亞布科夫"}],
        "links": [],
        "flags": [],
        "provenance": {
            "format": "daydaynews-text",
            "path": "seeds/001.txt",
            "sha256": "0" * 64,
            "encoding": "utf-8",
            "converter_version": "0.1.0",
        },
    }
    return [Article.model_validate(record)]


# --- the model's own messages and the id, exactly --------------------------------------------------


@pytest.mark.parametrize(
    ("published_at", "message"),
    [
        ("2025-02-08 08:38:35+08:00", "must be an RFC 3339 date-time with an offset, e.g. 2025-02-08T08:38:35Z"),
        (datetime(2025, 2, 8, 8, 38, 35), "must carry a UTC offset"),
        (datetime(2025, 2, 8, tzinfo=timezone(timedelta(seconds=30))), "offset must be whole minutes within ±23:59"),
    ],
)
def test_a_bad_timestamp_is_refused_with_its_reason(published_at: Any, message: str) -> None:
    record = next(iter(_seed_like_records())).model_dump()
    record["published_at"] = published_at
    with pytest.raises(ValidationError) as refused:
        Article.model_validate(record)
    assert [error["msg"] for error in refused.value.errors()] == [f"Value error, {message}"]


_LAST_OFFSET = timezone(timedelta(hours=23, minutes=59))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-08t08:38:35z", datetime(2025, 2, 8, 8, 38, 35, tzinfo=UTC)),  # lower-case t and z are RFC 3339
        ("2025-02-08T08:38:35.5+23:59", datetime(2025, 2, 8, 8, 38, 35, 500000, tzinfo=_LAST_OFFSET)),
        ("2025-02-08T08:38:35-00:00", datetime(2025, 2, 8, 8, 38, 35, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_rfc3339_timestamps_are_read_exactly(value: str, expected: datetime) -> None:
    record = next(iter(_seed_like_records())).model_dump(mode="json")
    record["published_at"] = value
    record["id"] = make_article_id(None, format="daydaynews-text", title=record["title"], published_at=expected)
    article = Article.model_validate(record)
    assert article.published_at == expected
    assert article.published_at is not None
    assert article.published_at.utcoffset() == expected.utcoffset()


def test_year_0001_is_the_first_year_a_timestamp_may_carry() -> None:
    # The pattern refuses year 0000 only (a datetime cannot hold it); the first year a datetime holds is accepted
    # by the schema and the model alike.
    first = datetime(1, 1, 1, tzinfo=UTC)
    record = next(iter(_seed_like_records())).model_dump(mode="json")
    record["published_at"] = "0001-01-01T00:00:00Z"
    record["id"] = make_article_id(None, format="daydaynews-text", title=record["title"], published_at=first)
    assert schema_accepts(record)
    assert Article.model_validate(record).published_at == first
    record["published_at"] = "0000-12-31T00:00:00Z"
    assert_both_reject(record)


def test_timestamps_are_written_with_z_for_utc_and_fractions_only_when_present() -> None:
    record = next(iter(_seed_like_records())).model_dump()
    for when, text in [
        (datetime(2025, 2, 8, 8, 38, 35, tzinfo=UTC), "2025-02-08T08:38:35Z"),
        (datetime(2025, 2, 8, 8, 38, 35, 120000, tzinfo=UTC), "2025-02-08T08:38:35.120000Z"),
        (datetime(2025, 2, 8, 8, 38, 35, tzinfo=timezone(timedelta(hours=-5))), "2025-02-08T08:38:35-05:00"),
    ]:
        record["published_at"] = when
        record["id"] = make_article_id(None, format="daydaynews-text", title=record["title"], published_at=when)
        assert Article.model_validate(record).model_dump(mode="json")["published_at"] == text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("authors", ["Cafe\u0301"], "Value error, must be in Unicode NFC [not-nfc]"),
        ("tags", ["甲", "甲"], "Value error, items must be unique"),
    ],
)
def test_model_rules_are_refused_with_their_messages(field: str, value: list[str], message: str) -> None:
    record = next(iter(_seed_like_records())).model_dump(mode="json")
    record[field] = value
    with pytest.raises(ValidationError) as refused:
        Article.model_validate(record)
    assert [error["msg"] for error in refused.value.errors()] == [message]


def test_id_values_are_exact() -> None:
    when = datetime(2025, 2, 10, 11, 20, 38, tzinfo=timezone(timedelta(hours=8)))
    key = "daydaynews-text\x1f標題\x1f2025-02-10T03:20:38Z"
    assert (
        make_article_id(None, format="daydaynews-text", title="標題", published_at=when)
        == (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32])
    )
    undated = "daydaynews-text\x1f標題\x1f"
    assert (
        make_article_id(None, format="daydaynews-text", title="標題", published_at=None)
        == (hashlib.sha256(undated.encode("utf-8")).hexdigest()[:32])
    )
    url = "https://example.com/中文"
    assert (
        make_article_id(url, format="f", title="t", published_at=when)
        == (hashlib.sha256(url.encode("utf-8")).hexdigest()[:32])
    )


def test_id_does_not_depend_on_the_machines_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    # The key holds the UTC time: a conversion to the local zone instead would pass on a UTC machine only.
    when = datetime(2025, 2, 10, 11, 20, 38, tzinfo=timezone(timedelta(hours=8)))
    key = "daydaynews-text\x1f標題\x1f2025-02-10T03:20:38Z"
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert (
            make_article_id(None, format="daydaynews-text", title="標題", published_at=when)
            == (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32])
        )
    finally:
        monkeypatch.undo()
        time.tzset()
