"""The checks every test folder shares, written once: the published-schema validator, the model's verdict and
the golden comparison. The seeds' folder is in ``paths.py``."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import settings
from paths import SEEDS
from pydantic import ValidationError

from articlekit.schema import Article, published_schema

SCHEMA_VALIDATOR = jsonschema.Draft202012Validator(
    published_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
"""The published JSON Schema with its formats really checked (``date-time`` offsets included)."""

SharedBuild = Callable[[str, Callable[[Path], Path]], Path]
"""The ``build_once`` fixture (tests/conftest.py): ``build_once(name, build) -> what build(folder) returned``."""


def schema_errors(record: Any) -> list[str]:
    """The published schema's complaints about a record (an Article or its JSON form), as messages."""
    if isinstance(record, Article):
        record = record.model_dump(mode="json")
    return [error.message for error in SCHEMA_VALIDATOR.iter_errors(record)]


def schema_accepts(record: Any) -> bool:
    """Whether the published schema accepts a record in its JSON form."""
    return bool(SCHEMA_VALIDATOR.is_valid(record))


def model_accepts(record: Any) -> bool:
    """Whether the model accepts a record (its JSON form or Python values)."""
    try:
        Article.model_validate(record)
    except ValidationError:
        return False
    return True


def slow_examples(quick: int) -> int:
    """Examples for a slow property: at most ``quick`` under the quick ``dev`` profile, the profile's count else.

    The quick profile keeps a run within minutes; the thorough ``ci`` profile (one Python in CI) still draws
    its full count.
    """
    loaded = settings.default
    assert loaded is not None
    if os.environ.get("HYPOTHESIS_PROFILE", "dev") == "dev":
        return min(quick, loaded.max_examples)
    return loaded.max_examples


def golden_path(seed: str | Path) -> Path:
    """The reviewed golden record of a seed, given as its name without suffix or as the seed file."""
    name = seed.stem if isinstance(seed, Path) else seed
    return SEEDS / f"{name}.expected.json"


def golden_text(article: Article) -> str:
    """A record as its golden file holds it: UTF-8 JSON, two-space indent, a final line end."""
    return json.dumps(article.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def assert_matches_golden(articles: Article | list[Article], seed: str | Path) -> None:
    """A seed's one record is, byte for byte, its reviewed ``seeds/<name>.expected.json``."""
    records = [articles] if isinstance(articles, Article) else list(articles)
    assert [golden_text(article) for article in records] == [golden_path(seed).read_text(encoding="utf-8")]
