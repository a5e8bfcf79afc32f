"""Render -> convert: every converter gives back what a generated record put into its source format.

A test-only renderer (renderers.py) writes a record as an RSS-markdown file, a
天天要聞 scrape, a self-media scrape or a Hugo file; the converter must recover
title, URL, dates (to the precision the format keeps), authors, categories,
tags, headings, paragraphs, list items, quotes and image captions exactly.
What a format cannot carry is excluded by its ``carries`` rule in renderers.py,
each with its reason.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from checks import schema_errors
from hypothesis import given, settings
from renderers import (
    Record,
    Style,
    render_daydaynews_text,
    render_hugo_markdown,
    render_rss_markdown,
    render_selfmedia_text,
)
from robustness_support import as_json, convert_bounded, robust_examples
from round_trip_strategies import (
    daydaynews_carried_records,
    hugo_carried_records,
    rss_records,
    selfmedia_carried_records,
    styles,
)

from articlekit.converters import daydaynews_text, hugo_markdown, rss_markdown, selfmedia_text
from articlekit.converters.base import Converter, Source, strip_tracking
from articlekit.schema import Article

EXAMPLES = robust_examples()


def _moment(value: datetime | None) -> tuple[datetime, timedelta | None] | None:
    """A time as (instant, offset): equal instants written with different offsets differ."""
    return None if value is None else (value, value.utcoffset())


def expected(record: Record) -> dict[str, Any]:
    """What the converter must give back for a record."""
    published = record.published_instant()
    return {
        "title": record.title,
        "url": strip_tracking(record.url) if record.url is not None else None,  # build_article drops tracking
        "published_at": _moment(published),
        "published_offset_assumed": record.published is not None and record.published.tzinfo is None,
        "retrieved_at": _moment(record.retrieved),
        "authors": list(record.authors),
        "categories": list(record.categories),
        "tags": list(record.tags),
        "blocks": [(block.kind, block.text) for block in record.blocks],
        "images": [(image.url, image.caption) for image in record.images],
        "flags": list(record.flags),
    }


def recovered(article: Article) -> dict[str, Any]:
    """The same fields, as the converter gave them."""
    return {
        "title": article.title,
        "url": article.url,
        "published_at": _moment(article.published_at),
        "published_offset_assumed": article.published_offset_assumed,
        "retrieved_at": _moment(article.retrieved_at),
        "authors": article.authors,
        "categories": article.categories,
        "tags": article.tags,
        "blocks": [(block.kind, block.text) for block in article.blocks],
        "images": [(image.url, image.caption) for image in article.images],
        "flags": article.flags,
    }


def convert(converter: Converter, text: str) -> list[Article]:
    """Convert rendered text; the records must pass the published schema and come out the same twice."""
    source = Source.from_text(text, path="rendered.txt")
    articles = convert_bounded(converter, source)
    assert isinstance(articles, list), f"rejected: {articles}\n--- source ---\n{text}"
    for article in articles:
        assert schema_errors(article) == []
    again = convert_bounded(converter, source)
    assert isinstance(again, list)
    assert as_json(again) == as_json(articles)
    return articles


@settings(max_examples=EXAMPLES)
@given(records=rss_records(), style=styles())
def test_rss_markdown_round_trip(records: list[Record], style: Style) -> None:
    articles = convert(rss_markdown, render_rss_markdown(records, style))
    assert [recovered(article) for article in articles] == [expected(record) for record in records]


@settings(max_examples=EXAMPLES)
@given(record=hugo_carried_records(), style=styles())
def test_hugo_markdown_round_trip(record: Record, style: Style) -> None:
    [article] = convert(hugo_markdown, render_hugo_markdown(record, style))
    assert recovered(article) == expected(record)


@settings(max_examples=EXAMPLES)
@given(record=daydaynews_carried_records(), style=styles())
def test_daydaynews_text_round_trip(record: Record, style: Style) -> None:
    [article] = convert(daydaynews_text, render_daydaynews_text(record, style))
    assert recovered(article) == expected(record)


@settings(max_examples=EXAMPLES)
@given(record=selfmedia_carried_records(), style=styles())
def test_selfmedia_text_round_trip(record: Record, style: Style) -> None:
    [article] = convert(selfmedia_text, render_selfmedia_text(record, style))
    assert recovered(article) == expected(record)
