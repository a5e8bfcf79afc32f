"""Test-only Hypothesis strategies.

The record strategy users may import lives in :mod:`articlekit.testing`; this
module holds what only articlekit's own tests need, chiefly a strategy that
draws documents from a JSON Schema. It reads the *published* schema, not the
model, so "the schema accepts it ⇒ the model accepts it" is tested against an
independent generator. (hypothesis-jsonschema would do this, but its last
release no longer works with current Hypothesis.)
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone
from typing import Any

import jsonschema
from hypothesis import assume
from hypothesis import strategies as st

from articlekit.converters._chrome import (
    CHROME_LINES,
    CLOSING_BLOCKS,
    CLOSING_CALL_MAX,
    CLOSING_CALLS,
    COMMENT_HEADINGS,
    DANGLING_LABEL_MAX,
    DANGLING_LABELS,
    RELATED_LABELS,
)
from articlekit.schema import BLOCK_SEPARATOR, Article, make_article_id
from articlekit.testing import articles, urls

_FORMAT_CHECKER = jsonschema.Draft202012Validator.FORMAT_CHECKER


def from_json_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Draw instances of the subset of JSON Schema the article schema uses.

    Keywords the generator cannot aim at (an object's ``anyOf``/``if``/``then``,
    formats) are honoured by filtering with the real validator, so every value
    drawn is valid against ``schema``.
    """
    validator = jsonschema.Draft202012Validator(schema, format_checker=_FORMAT_CHECKER)
    return _node(schema, schema).filter(validator.is_valid)


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        node = {**root["$defs"][name], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _node(node: dict[str, Any], root: dict[str, Any]) -> st.SearchStrategy[Any]:
    node = _resolve(node, root)
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "anyOf" in node and "type" not in node:
        return st.one_of([_node(option, root) for option in node["anyOf"]])
    kind = node.get("type")
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "string" and node.get("format") == "date-time":
        # Drawing from the pattern would give mostly impossible days (2025-00-47);
        # draw real instants and write them in the pattern's several spellings.
        return st.builds(
            _rfc3339,
            st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
            st.integers(-(23 * 60 + 59), 23 * 60 + 59),
            st.booleans(),
            st.booleans(),
        )
    if kind == "string":
        strategy = st.from_regex(node["pattern"], fullmatch=True) if "pattern" in node else st.text()
        if "maxLength" in node:
            strategy = strategy.filter(lambda value, limit=node["maxLength"]: len(value) <= limit)
        return strategy
    if kind == "array":
        return st.lists(
            _node(node["items"], root),
            min_size=node.get("minItems", 0),
            max_size=max(node.get("minItems", 0), 3),
            unique=node.get("uniqueItems", False),
        )
    if kind == "object":
        properties = {name: _node(sub, root) for name, sub in node["properties"].items()}
        required = set(node.get("required", ()))
        return st.fixed_dictionaries(
            {name: value for name, value in properties.items() if name in required},
            optional={name: value for name, value in properties.items() if name not in required},
        )
    raise NotImplementedError(f"schema node not supported by the test generator: {node}")


def _rfc3339(moment: datetime, offset_minutes: int, zulu: bool, lower: bool) -> str:
    text = moment.isoformat()
    if zulu:
        text += "Z"
    else:
        sign = "+" if offset_minutes >= 0 else "-"
        text += f"{sign}{abs(offset_minutes) // 60:02d}:{abs(offset_minutes) % 60:02d}"
    return text.lower() if lower else text


def to_nfc(value: Any) -> Any:
    """Return ``value`` with every string (keys included) in Unicode NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [to_nfc(item) for item in value]
    if isinstance(value, dict):
        return {to_nfc(key): to_nfc(item) for key, item in value.items()}
    return value


def satisfy_semantic_rules(record: dict[str, Any]) -> dict[str, Any]:
    """Make a schema-valid record meet the rules JSON Schema cannot express.

    NFC strings, ``text`` joined from the blocks and ``id`` derived from the
    record (see ``articlekit.schema.SEMANTIC_RULES``).
    """
    record = to_nfc(record)
    record["text"] = BLOCK_SEPARATOR.join(block["text"] for block in record["blocks"])
    record["id"] = make_article_id(
        record["url"],
        format=record["provenance"]["format"],
        title=record["title"],
        published_at=_parse(record["published_at"]),
    )
    return record


def _parse(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value.upper())


_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(article: Article) -> bool:
    return not _XML_UNSAFE.search(article.model_dump_json())


@st.composite
def feed_articles(draw: st.DrawFn) -> Article:
    """Articles a feed can carry: a url, a plausible publication time (to the second, any whole-minute
    offset) and no character XML 1.0 forbids (its control characters, U+FFFE and U+FFFF)."""
    offset = timezone(timedelta(minutes=draw(st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59))))
    moment = draw(st.datetimes(min_value=datetime(1991, 1, 1), max_value=datetime(2098, 12, 31)))
    article = draw(articles(url=draw(urls()), published_at=moment.replace(microsecond=0, tzinfo=offset)))
    assume(_xml_safe(article) and walker_keeps(article))
    return article


_MARKER_RUN = re.compile(r"\*\*|__")


def walker_keeps(article: Article) -> bool:
    """Whether the one HTML walker gives this article's blocks back as they are.

    It cuts site chrome (``5 min read``, ``分类：…``), related-content labels and comment
    headings, and removes literal ``**``/``__`` markers (tested in the walker's own tests);
    round trips through an HTML body draw articles without them.
    """
    for block in article.blocks:
        flat = " ".join(block.text.split())
        if _MARKER_RUN.search(block.text) or CHROME_LINES.match(flat) or RELATED_LABELS.match(flat):
            return False
        if COMMENT_HEADINGS.match(flat):
            return False
    return not walker_cuts_closing_blocks([(block.kind, block.text) for block in article.blocks])


def walker_cuts_closing_blocks(blocks: list[tuple[str, str]]) -> bool:
    """Whether the walker cuts one of a body's closing blocks, given as (kind, text) in reading order.

    A closing call to action among the last few blocks (``Subscribe to get these updates``) and a credit
    label left last with nothing after it (``Photos:``) are chrome there and text elsewhere (see
    ``converters/_chrome.py``), so round trips leave them out of the closing blocks they draw.
    """
    flats = [(kind, " ".join(text.split())) for kind, text in blocks]
    if any(
        kind != "heading" and len(flat) <= CLOSING_CALL_MAX and CLOSING_CALLS.match(flat)
        for kind, flat in flats[-CLOSING_BLOCKS:]
    ):
        return True
    return bool(flats) and len(flats[-1][1]) <= DANGLING_LABEL_MAX and DANGLING_LABELS.match(flats[-1][1]) is not None
