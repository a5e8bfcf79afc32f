"""articlekit: scraped news articles in, one strict article record out.

The record model lives in :mod:`articlekit.schema`, one converter per source
format in :mod:`articlekit.converters`, one exporter per output format in
:mod:`articlekit.exporters`; ``articlekit.cli`` is the command line.
"""

__version__ = "0.1.0"

from articlekit.schema import SCHEMA_VERSION, Article, make_article_id

__all__ = ["SCHEMA_VERSION", "Article", "__version__", "make_article_id"]
