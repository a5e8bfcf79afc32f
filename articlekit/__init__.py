"""articlekit: scraped news articles in, one strict article record out.

The record model lives in :mod:`articlekit.schema`, one converter per source
format in :mod:`articlekit.converters`, one exporter per output format in
:mod:`articlekit.exporters`; ``articlekit.cli`` is the command line, and
``articlekit.read(path)`` streams records back from any output format.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

from articlekit.schema import SCHEMA_VERSION, Article, make_article_id

__all__ = ["SCHEMA_VERSION", "Article", "__version__", "make_article_id", "read"]


def __getattr__(name: str) -> Any:
    # ``read`` pulls in pyarrow; import it on first use, not with the package.
    if name == "read":
        from articlekit.reading import read

        return read
    raise AttributeError(f"module 'articlekit' has no attribute {name!r}")
