"""The Article record contract (installed as ``articlekit.schema``)."""

from .contract import (
    generate_json_schema,
    published_schema,
    published_schema_path,
    published_schema_text,
    render_json_schema,
)
from .model import (
    BLOCK_SEPARATOR,
    DOMAIN_PATTERN,
    MAX_URL_CHARS,
    SCHEMA_ID,
    SCHEMA_VERSION,
    SEMANTIC_RULES,
    Article,
    Block,
    Image,
    Link,
    Provenance,
    Source,
    make_article_id,
)

__all__ = [
    "BLOCK_SEPARATOR",
    "DOMAIN_PATTERN",
    "MAX_URL_CHARS",
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "SEMANTIC_RULES",
    "Article",
    "Block",
    "Image",
    "Link",
    "Provenance",
    "Source",
    "generate_json_schema",
    "make_article_id",
    "published_schema",
    "published_schema_path",
    "published_schema_text",
    "render_json_schema",
]
