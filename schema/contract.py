"""The published JSON Schema: generated from the model, checked in, loaded at run time."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from .model import SCHEMA_ID, SCHEMA_VERSION, Article

PUBLISHED_SCHEMA_FILE = "article.schema.json"
"""File name of the checked-in JSON Schema inside the ``articlekit.schema`` package."""


def generate_json_schema() -> dict[str, Any]:
    """Build the JSON Schema (draft 2020-12) of :class:`Article` from the model.

    Returns:
        The schema as a dict, with ``$schema``, ``$id`` and the contract version.
    """
    body = Article.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "x-articlekit-schema-version": SCHEMA_VERSION,
        **body,
    }


def render_json_schema() -> str:
    """Return the generated schema as the exact text of the checked-in file."""
    return json.dumps(generate_json_schema(), ensure_ascii=False, indent=2) + "\n"


def published_schema_text() -> str:
    """Return the text of the checked-in ``article.schema.json`` shipped with the package."""
    return resources.files(__package__).joinpath(PUBLISHED_SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def published_schema() -> dict[str, Any]:
    """Return the checked-in JSON Schema, parsed (cached; do not mutate)."""
    schema: dict[str, Any] = json.loads(published_schema_text())
    return schema


def published_schema_path() -> str:
    """Return where the checked-in schema lives on this machine."""
    return str(resources.files(__package__).joinpath(PUBLISHED_SCHEMA_FILE))
