"""Shared helpers of the validate tests: seed records, re-deriving text and id, writing files."""

from __future__ import annotations

import copy
import gzip
import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from paths import SEEDS

from articlekit.schema import BLOCK_SEPARATOR, make_article_id, published_schema


@cache
def _seed(name: str) -> dict[str, Any]:
    path = next(SEEDS.glob(f"{name}_*.expected.json"))
    record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return record


def record_with_url() -> dict[str, Any]:
    """A valid record whose id derives from its url (seed 000), as a fresh copy."""
    return copy.deepcopy(_seed("000"))


def record_without_url() -> dict[str, Any]:
    """A valid record without url, whose id derives from format, title and published_at (seed 001)."""
    record = copy.deepcopy(_seed("001"))
    assert record["url"] is None
    return record


@cache
def _timestamp_pattern() -> re.Pattern[str]:
    option = next(o for o in published_schema()["properties"]["published_at"]["anyOf"] if "pattern" in o)
    return re.compile(option["pattern"])


def rederive(record: Any) -> Any:
    """Recompute text and id from a (possibly mutated) record wherever their inputs are usable.

    Written independently of the validator so that tests do not check it against itself.
    """
    if not isinstance(record, dict):
        return record
    blocks = record.get("blocks")
    if isinstance(blocks, list) and all(isinstance(b, dict) and isinstance(b.get("text"), str) for b in blocks):
        record["text"] = BLOCK_SEPARATOR.join(block["text"] for block in blocks)
    url = record.get("url", ...)
    if isinstance(url, str):
        record["id"] = make_article_id(url, format="", title="", published_at=None)
    elif url is None:
        title, provenance, when = record.get("title"), record.get("provenance"), record.get("published_at", ...)
        if not (isinstance(title, str) and isinstance(provenance, dict) and isinstance(provenance.get("format"), str)):
            return record
        if when is None:
            published = None
        elif isinstance(when, str) and _timestamp_pattern().match(when):
            try:
                published = datetime.fromisoformat(when.upper())
            except ValueError:
                return record
        else:
            return record
        record["id"] = make_article_id(None, format=provenance["format"], title=title, published_at=published)
    return record


def json_line(record: Any) -> bytes:
    """One JSONL line holding ``record``, UTF-8, non-ASCII unescaped."""
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def write_jsonl(path: Path, records: list[Any], *, compress: bool = False) -> Path:
    """Write records one per line (gzip-compressed when asked)."""
    data = b"".join(json_line(record) for record in records)
    path.write_bytes(gzip.compress(data, mtime=0) if compress else data)
    return path


def outcome(problems: list[Any]) -> list[tuple[str, str, dict[str, Any], str]]:
    """(file name, code, location, pointer) of each problem, for exact comparisons."""
    return [(Path(p.file).name, p.code, p.location.as_dict(), p.pointer) for p in problems]
