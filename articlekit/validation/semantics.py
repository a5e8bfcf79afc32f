"""The rules the JSON Schema cannot express (``articlekit.schema.SEMANTIC_RULES``), on parsed records.

:func:`semantic_problems` reports on a record of any shape; :func:`semantics_hold`
is the hot path for records already known to pass the JSON Schema.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from functools import cache
from typing import Any

from articlekit.schema import BLOCK_SEPARATOR, make_article_id, published_schema

from .problems import Path, RecordProblem, render_value

_is_normalized = unicodedata.is_normalized
_HEX_ID = re.compile(r"[0-9a-f]{32}")


def _non_nfc(record: Any) -> list[RecordProblem]:
    """A not-nfc problem for every string value, walking without recursion (values may nest deeply)."""
    found: list[RecordProblem] = []
    pending: list[tuple[Path, Any]] = [((), record)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            if not _is_normalized("NFC", value):
                normalised = render_value(unicodedata.normalize("NFC", value), 40)
                message = f"is not in Unicode NFC; normalised it would be {normalised}"
                found.append(RecordProblem(path, "not-nfc", message, render_value(value)))
        elif isinstance(value, dict):
            pending.extend(((*path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            pending.extend(((*path, index), item) for index, item in reversed(list(enumerate(value))))
    return found


@cache
def _timestamp_pattern() -> re.Pattern[str] | None:
    for option in published_schema()["properties"].get("published_at", {}).get("anyOf", []):
        if "pattern" in option:
            return re.compile(option["pattern"])
    return None  # pragma: no cover - the contract always has one


UNDERIVABLE = ""
"""What :func:`_expected_id` returns when well-formed fields still give no id (never a valid id)."""


def _expected_id(record: dict[str, Any]) -> str | None:
    """The id the record should have.

    Returns:
        The id; None when a field it derives from is itself broken (its own
        problem is reported); :data:`UNDERIVABLE` when the fields are well
        formed yet give no id (a published_at that leaves the datetime range
        once converted to UTC, a lone surrogate in the url).
    """
    url = record.get("url", ...)
    if isinstance(url, str):
        try:
            return make_article_id(url, format="", title="", published_at=None)
        except UnicodeEncodeError:
            return UNDERIVABLE
    if url is not None:
        return None
    provenance, title, when = record.get("provenance"), record.get("title"), record.get("published_at", ...)
    if not isinstance(provenance, dict) or not isinstance(provenance.get("format"), str):
        return None
    if not isinstance(title, str):
        return None
    published: datetime | None = None
    if isinstance(when, str):
        pattern = _timestamp_pattern()
        if pattern is None or not pattern.match(when):
            return None
        try:
            published = datetime.fromisoformat(when.upper())
        except ValueError:  # e.g. 31 April: the format check reports it
            return None
    elif when is not None:
        return None
    try:
        return make_article_id(None, format=provenance["format"], title=title, published_at=published)
    except (UnicodeEncodeError, OverflowError):
        return UNDERIVABLE


def semantic_problems(record: Any) -> list[RecordProblem]:
    """Check the rules the JSON Schema cannot express, on a record of any shape.

    Args:
        record: A parsed JSON value.

    Returns:
        ``not-nfc`` for every string not in NFC, ``text-mismatch`` and
        ``id-mismatch`` where the fields they derive from are usable.
    """
    found = _non_nfc(record)
    if not isinstance(record, dict):
        return found
    text, blocks = record.get("text"), record.get("blocks")
    if (
        isinstance(text, str)
        and isinstance(blocks, list)
        and all(isinstance(block, dict) and isinstance(block.get("text"), str) for block in blocks)
    ):
        joined = BLOCK_SEPARATOR.join(block["text"] for block in blocks)
        if text != joined:
            at = next((i for i, (a, b) in enumerate(zip(text, joined, strict=False)) if a != b), None)
            at = min(len(text), len(joined)) if at is None else at
            message = f"must equal the blocks' texts joined by a blank line; they differ from character {at}"
            found.append(RecordProblem(("text",), "text-mismatch", message, render_value(text)))
    given = record.get("id")
    if isinstance(given, str) and _HEX_ID.fullmatch(given):  # a malformed id has its pattern problem
        expected = _expected_id(record)
        basis = "the url" if isinstance(record.get("url"), str) else "format, title and published_at"
        if expected == UNDERIVABLE:
            message = f"cannot be derived from {basis} (a date out of range in UTC, or unencodable text)"
            found.append(RecordProblem(("id",), "id-mismatch", message, render_value(given)))
        elif expected is not None and given != expected:
            message = f"must be {expected}, derived from {basis}"
            found.append(RecordProblem(("id",), "id-mismatch", message, render_value(given)))
    return found


def semantics_hold(record: dict[str, Any]) -> bool:
    """The semantic rules, on a record already known to pass the JSON Schema; the hot path."""
    text = record["text"]
    if text != BLOCK_SEPARATOR.join([block["text"] for block in record["blocks"]]):
        return False
    # Every string but the blocks' (text holds them) is gathered and checked in one call: "\n"
    # neither composes nor reorders with its neighbours, so the joined text is NFC exactly when
    # every piece is.
    strings = [text]
    pending = [value for key, value in record.items() if key != "blocks" and key != "text"]
    while pending:
        value = pending.pop()
        kind = type(value)
        if kind is str:
            strings.append(value)
        elif kind is dict:
            pending.extend(value.values())
        elif kind is list:
            pending.extend(value)
    if not _is_normalized("NFC", "\n".join(strings)):
        return False
    return bool(record["id"] == _expected_id(record))
