"""articlekit: scraped news articles in, one strict article record out.

The Python API (:mod:`articlekit.api`) is importable from here:
``articlekit.convert``, ``convert_file``, ``convert_bytes``, ``detect``,
``validate`` and ``read``. The record model lives in :mod:`articlekit.schema`,
one converter per source format in :mod:`articlekit.converters`, one exporter
per output format in :mod:`articlekit.exporters`; ``articlekit.cli`` is the
command line.

Importing the package loads none of that: every name below is imported on
first use, so ``articlekit --help`` does not pay for pydantic, pyarrow or lxml.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from articlekit.api import (
        Detected,
        SourceRejected,
        convert,
        convert_bytes,
        convert_file,
        detect,
        read,
        validate,
    )
    from articlekit.errors import ConversionError
    from articlekit.pipeline import Summary
    from articlekit.schema import SCHEMA_VERSION, Article, make_article_id

_LAZY: dict[str, str] = {
    "SCHEMA_VERSION": "articlekit.schema",
    "Article": "articlekit.schema",
    "make_article_id": "articlekit.schema",
    "ConversionError": "articlekit.errors",
    "Summary": "articlekit.pipeline",
    "Detected": "articlekit.api",
    "SourceRejected": "articlekit.api",
    "convert": "articlekit.api",
    "convert_bytes": "articlekit.api",
    "convert_file": "articlekit.api",
    "detect": "articlekit.api",
    "read": "articlekit.api",
    "validate": "articlekit.api",
}
"""Public name -> the module it is imported from on first use."""

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "ConversionError",
    "Detected",
    "SourceRejected",
    "Summary",
    "__version__",
    "convert",
    "convert_bytes",
    "convert_file",
    "detect",
    "make_article_id",
    "read",
    "validate",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'articlekit' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
