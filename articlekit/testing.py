"""Hypothesis strategies for Article records, for articlekit's tests and for yours.

Install the ``testing`` extra (``pip install articlekit[testing]``) and use them
in your own property tests::

    from hypothesis import given
    from articlekit.testing import articles

    @given(articles())
    def test_my_pipeline_keeps_titles(article):
        assert my_pipeline(article).title == article.title

Every record drawn is valid: it passes the model and the published JSON Schema.
Strings reach into every Unicode plane and often hold the characters that
break exporters (quotes, commas, newlines, a leading ``=``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("articlekit.testing needs Hypothesis: pip install 'articlekit[testing]'") from error

from articlekit import __version__
from articlekit.schema import BLOCK_SEPARATOR, SCHEMA_VERSION, Article, make_article_id
from articlekit.text import normalize_block, normalize_inline

__all__ = ["article_dicts", "articles", "block_texts", "lines", "timestamps", "urls"]

# Fragments that have broken CSV, JSON and spreadsheet writers before.
_TRAPS = [
    "=SUM(A1:A9)",
    "+1",
    "-2",
    "@cmd",
    "a,b",
    '"quoted"',
    "it's",
    "\\",
    "\u2028",
    "\r\n",
    "\n",
    "新聞",
    "😀",
]
_CHARACTERS = st.characters(codec="utf-8")  # no surrogates: they cannot be encoded as UTF-8
_RAW_TEXT = st.lists(st.one_of(st.text(_CHARACTERS, max_size=40), st.sampled_from(_TRAPS)), max_size=6).map("".join)


def lines() -> st.SearchStrategy[str]:
    """Non-empty, trimmed, NFC, single-line strings."""
    return _RAW_TEXT.map(normalize_inline).filter(bool)


def block_texts() -> st.SearchStrategy[str]:
    """Non-empty, trimmed, NFC strings that may span lines (never a blank line)."""
    return _RAW_TEXT.map(normalize_block).filter(bool)


def _long_block_texts() -> st.SearchStrategy[str]:
    return st.one_of(block_texts(), block_texts().map(lambda text: " ".join([text] * 2000)))


_LABEL = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
# Public names only: converters drop a URL on a local network's name or on an address (``x.local``, ``10.0.0.1``).
_DOMAINS = (
    st.lists(_LABEL, min_size=2, max_size=4)
    .filter(lambda labels: labels[-1] not in ("localhost", "local", "internal", "invalid", "arpa"))
    .filter(lambda labels: not labels[-1].isdigit())
    .map(".".join)
)
_NOT_IN_URLS: tuple[Literal["Zs", "Zl", "Zp", "Cc"], ...] = (
    "Zs",
    "Zl",
    "Zp",
    "Cc",
)  # whitespace and controls
_URL_PATH = st.text(st.characters(codec="utf-8", exclude_categories=_NOT_IN_URLS), max_size=30).map(
    lambda path: normalize_inline(path).replace(" ", "")
)


def urls() -> st.SearchStrategy[str]:
    """Absolute http(s) URLs, some with non-ASCII paths, quotes and commas."""
    return st.builds(
        lambda scheme, host, path: f"{scheme}://{host}/{path}",
        st.sampled_from(["http", "https"]),
        _DOMAINS,
        _URL_PATH,
    )


_OFFSETS = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


def timestamps() -> st.SearchStrategy[datetime]:
    """Aware datetimes from year 1 to 9999 with any whole-minute offset (UTC often)."""
    return st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.one_of(st.just(UTC), _OFFSETS),
    )


_CODES = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)


@st.composite
def articles(draw: st.DrawFn, /, **overrides: Any) -> Article:
    """Draw a valid Article.

    Args:
        draw: Supplied by Hypothesis.
        **overrides: Field values to use instead of drawn ones (``id`` and
            ``text`` are still derived so the record stays valid).

    Returns:
        An Article that passes the model and the published JSON Schema.
    """
    fields: dict[str, Any] = {
        "url": draw(st.none() | urls()),
        "source": {"name": draw(st.none() | lines()), "domain": draw(st.none() | _DOMAINS)},
        "title": draw(lines()),
        "authors": draw(st.lists(lines(), max_size=3, unique=True)),
        "published_at": draw(st.none() | timestamps()),
        "retrieved_at": draw(st.none() | timestamps()),
        "language": draw(st.sampled_from(["zh-Hans", "zh-Hant", "zh", "en", "fr-CA", "und"])),
        "summary": draw(st.none() | block_texts()),
        "categories": draw(st.lists(lines(), max_size=3, unique=True)),
        "tags": draw(st.lists(lines(), max_size=3, unique=True)),
        "blocks": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "kind": st.sampled_from(["paragraph", "heading", "list_item", "quote"]),
                        "text": _long_block_texts(),
                    }
                ),
                min_size=1,
                max_size=5,
            )
        ),
        "images": draw(
            st.lists(
                st.one_of(
                    st.fixed_dictionaries({"url": urls(), "caption": st.none() | block_texts()}),
                    st.fixed_dictionaries({"url": st.none(), "caption": block_texts()}),
                ),
                max_size=3,
            )
        ),
        "links": draw(st.lists(st.fixed_dictionaries({"url": urls(), "text": block_texts()}), max_size=3)),
        "flags": draw(st.lists(_CODES, max_size=3, unique=True)),
        "provenance": {
            "format": draw(_CODES),
            "path": draw(lines()),
            "sha256": draw(st.from_regex(r"[0-9a-f]{64}", fullmatch=True)),
            "encoding": draw(st.sampled_from(["utf-8", "gb18030", "big5", "utf-16"])),
            "converter_version": __version__,
        },
    }
    fields.update(overrides)
    fields["published_offset_assumed"] = overrides.get(
        "published_offset_assumed", fields["published_at"] is not None and draw(st.booleans())
    )
    fields["schema_version"] = SCHEMA_VERSION
    fields["text"] = BLOCK_SEPARATOR.join(block["text"] for block in fields["blocks"])
    fields["id"] = make_article_id(
        fields["url"],
        format=fields["provenance"]["format"],
        title=fields["title"],
        published_at=fields["published_at"],
    )
    return Article.model_validate(fields)


def article_dicts(**overrides: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Valid records as JSON-ready dicts (what ``Article.model_dump(mode="json")`` gives)."""
    return articles(**overrides).map(lambda article: article.model_dump(mode="json"))
