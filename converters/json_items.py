r"""``json-items``: JSON Feed files and JSON dumps of scraped items, one article per item.

Shapes of a source (one family: a JSON Feed is a dump whose list sits under ``items``)::

    [ {item}, {item}, … ]                              a top-level list
    {"version": "https://jsonfeed.org/version/1.1",    JSON Feed 1.0/1.1, or any object that holds
     "title": …, "home_page_url": …,                   the list under a key of CONTAINER_KEYS
     "items": [ {item}, … ]}                           (data, articles, entries, results, posts, list, response …)
    {"data": {"list": [ {item}, … ]}}                  … or one level further down ({"response": {"results": …}})
    {"reports": [ {item}, … ]}                         … or under any key whose list holds article-like objects
    {item}\n{item}\n…                                   JSON Lines, one item per line
    {item}                                             a single item

    item: {"title": …, "url": …, "content_html": …, "date_published": …, "authors": [{"name": …}], …}

Rules, in the order the code applies them:

- Layout. A document whose first line is a whole JSON object followed by another
  line starting with ``{`` is JSON Lines: each non-blank line is an item, read on
  its own, so a cut or broken line is a per-item ``malformed-json`` reject and every
  other line still converts. Otherwise the text is one JSON document: a list is
  the items; an object is walked member by member: the first list (at most
  :data:`MAX_CONTAINER_DEPTH` objects down) under a key of :data:`CONTAINER_KEYS`
  one of whose first :data:`LEADING_ENTRIES` entries is article-like holds the items, else the first list of
  article-like objects under any key; sibling lists of items found the same way
  (a dump keyed by section: ``{"Mundo": […], "Nacional": […]}``) follow it, so no
  section is dropped; an object that is itself article-like is one
  item. Anything else (a config, a JSON Schema, a package.json, GeoJSON, a list of
  numbers) is ``unknown-format``. ``--field-map items=a.b`` names the list's path.
- Articlekit's own records (``schema_version`` and ``provenance`` keys) are
  rejected whole with ``articlekit-records``: such a file is checked with
  ``articlekit validate``, not converted again.
- Streaming. Items are decoded one at a time by the standard library's C decoder
  (``json.JSONDecoder.raw_decode``), never the whole document at once, so a dump of
  100,000 items holds one item in memory beside its text. An object's members
  other than the list (a feed's title, home page, language) are read first; the
  list is then read again item by item. A list cut off or broken mid-way gives
  its complete items and one ``malformed-json`` item reject naming the position
  where reading stopped. JSON nested deeper than Python's recursion limit is a
  ``malformed-json`` reject, never a crash.
- JSON leniency, as Python's ``json`` reads it: a key given twice keeps its
  **last** value (as JavaScript's ``JSON.parse`` does); ``NaN`` and ``Infinity``
  are read as numbers (an epoch of NaN is no date); a byte-order mark is ignored.
- Wrapped items. An item with no title or body that holds an object under a key of
  :data:`WRAPPER_KEYS` (Reddit's ``{"kind": "t3", "data": {…}}``, Elasticsearch's
  ``_source``, GraphQL's ``node``) is read as that object.
- Keys. Item keys are matched in :data:`ITEM_KEYS`, case, ``_``, ``-`` and spaces
  ignored (``publishedAt`` is ``published_at``); the first spelling present with a
  usable value wins. A value may be a string, an object with ``rendered``,
  ``html``, ``value``, ``text`` or ``name`` (WordPress REST, Atom-in-JSON), or a list.
  ``--field-map field=key`` puts a key (or a dotted path such as ``user.name``) before
  the table's spellings for that field; the table holds such paths too (``fields.body``,
  ``byline.original``: news APIs that nest the body or the byline).
- Item rejects (the rest of the source converts): an item that is not an object
  (``not-an-item``); an item with neither title nor body (``no-title``, the message
  lists the keys it has, to help write a field map).
- Title and body. The body is the first of the body keys present: HTML (a tag, or
  escaped tags such as ``&lt;p&gt;``, or escaped twice) goes through the one HTML block walker; plain
  text becomes paragraphs at blank lines (lines at single newlines when there is no
  blank line). NewsAPI's ``[+1477 chars]`` cut marker is dropped. The summary is the
  first summary key that did not give the body. An item with a title but no body
  gets one block repeating the title (flag ``body-from-title``); a body without title
  gets its first sentence as title (flag ``title-from-body``).
- url. The first url key (from a list of links, the alternate one: never the list joined); relative
  urls are resolved against the feed's home page;
  an ``id`` that is an absolute http(s) URL stands in when no url key is there.
  Tracking parameters are removed by :func:`~.base.build_article`.
- published_at. ``date_gmt`` (WordPress: UTC without offset) first, then the
  instant keys, then the update keys with the flag ``published-at-from-updated``.
  MongoDB's Extended JSON (``{"$date": …}``, as mongoexport writes dates) is read inside.
  Digits that spell a date, ``YYYYMMDD[hhmm[ss]]`` (GDELT, many APIs), are that local time; any other
  number, or string of digits, is a Unix epoch in seconds, milliseconds,
  microseconds or nanoseconds, told apart by magnitude (:func:`~articlekit.dates.from_epoch_number`);
  strings are ISO 8601, RFC 822 (zone names and JavaScript's ``Date`` string read as xml-feed reads
  them, :func:`~articlekit.dates.parse_rfc822_zoned`; Java's ``GMT+08:00``, ``+08`` and ``[Asia/Shanghai]``
  after the clock are numeric offsets) or the date-line shapes of :mod:`._rss_dates`. A time without
  offset is the publisher's local time (:mod:`._publishers`), in a dump declaring Chinese, Japanese or
  Korean that country's, else UTC with the flag
  ``published-zone-unknown``; a date alone (``2024-05-21``, ``May 21, 2024``) is local midnight
  (``published-date-only``);
  a date-shaped string naming no real date is ``published-at-unparseable``.
- authors: WordPress's ``_embedded.author`` first; a string (split by :func:`~.base.split_names`:
  at " and ", ``&``, ``、``, ``;``, and at commas only between full names, so ``Smith, John`` is one person;
  a leading "By" dropped), an object's ``name`` (or ``display_name``, ``screen_name``, ``nickname``,
  ``username``), or a list of either; a bare number (a user id) is no name; the feed's authors when the
  item names none.
- images: the image keys (a URL, an object with ``url``/``src``, or a list), then the
  body's ``<img>``. tags and categories: WordPress's embedded terms (``_embedded["wp:term"]``, by
  taxonomy), else lists (of strings or of objects with a ``name``; numbers are term ids and dropped)
  or strings split at commas. source: a string or an object's ``name`` (a `` - Publisher`` suffix
  naming it leaves the title),
  else the feed's title (entities resolved). language: the item's, else the feed's, passed to the
  script check as the declared language.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from typing import Any

from articlekit.dates import Instant, from_epoch_number, localize, normalize_zone_suffix, parse_rfc822_zoned
from articlekit.errors import ConversionError
from articlekit.schema import Article
from articlekit.text import normalize_block, normalize_inline

from ._html_blocks import read_html_blocks
from ._publishers import UNKNOWN_PUBLISHER_ZONE, publisher_of, zone_of_language
from ._rss_dates import InvalidDate, parse_date_line, parse_day
from .base import (
    BlockKind,
    Draft,
    ItemRejected,
    Source,
    absolute_http_url,
    build_article,
    convert_items,
    split_names,
    strip_paired_tags,
    strip_source_suffix,
)

FORMAT = "json-items"
"""The format's registry name."""
DESCRIPTION = "JSON Feed files and JSON or JSON Lines dumps of scraped items, one article per item"
"""One line for ``articlekit formats``."""
READS = ("json",)
"""The kinds of files it reads."""

OPTIONS = frozenset({"field_map"})
"""Keyword options ``sniff`` and ``convert`` take besides the source (see ``converters.options_for``)."""

ITEM_KEYS: dict[str, tuple[str, ...]] = {
    # News APIs' own spellings: The Guardian's webTitle/webUrl/webPublicationDate and its "fields" object (the
    # body and trail text asked for with show-fields), The New York Times' published_date and byline.original,
    # Sina's intro, media_name, and its 7x24 feed's rich_text and docurl.
    "title": ("title", "headline", "heading", "subject", "web_title"),
    "url": ("url", "link", "permalink", "canonical_url", "share_url", "external_url", "href", "web_url", "docurl"),
    "body": (
        "content_html", "content", "body", "body_html", "article_body", "fields.body", "description",
        "content_text", "text", "rich_text", "fields.body_text", "story_text", "selftext_html", "selftext", "summary",
        "desc", "excerpt", "abstract", "digest", "intro", "fields.trail_text",
    ),
    "summary": (
        "summary", "description", "excerpt", "desc", "abstract", "digest", "intro", "subtitle", "lead",
        "fields.trail_text",
    ),
    "published_utc": ("date_gmt", "published_gmt", "pub_date_gmt"),
    "published": (
        "date_published", "pub_date", "published", "published_at", "published_date", "publish_time", "publish_date",
        "publication_date", "web_publication_date", "pubtime", "date", "time", "created_at", "created_at_i",
        "created_utc", "ctime", "created", "create_time", "created_date", "timestamp", "datetime",
        "seendate",  # GDELT's DOC API: when GDELT saw the article, the only date it gives
    ),
    "updated": (
        "updated", "date_modified", "modified", "updated_at", "updated_date", "modified_gmt", "update_time", "mtime",
        "last_modified",
    ),
    # WordPress REST (?_embed) names the author under _embedded.author; its "author" is the user's number.
    "authors": (
        "_embedded.author", "authors", "author", "byline.original", "byline", "fields.byline", "creator", "by",
        "author_name", "writer",
    ),
    "images": (
        "image", "images", "thumbnail", "cover", "banner_image", "url_to_image", "image_url", "thumbnail_url",
        "cover_image", "cover_url", "pic", "img", "featured_image", "fields.thumbnail", "social_image",
        "_embedded.wp:featuredmedia",
    ),
    "tags": ("tags", "tag", "keywords", "hashtags"),
    "categories": ("categories", "category", "section", "section_name", "channel"),
    "source": ("source", "site", "publisher", "media", "source_name", "site_name", "media_name"),
    "language": ("language", "lang"),
    "id": ("id", "guid", "uuid", "item_id", "_id", "object_id", "name"),
}  # fmt: skip
"""The family's key spellings, field by field, most telling first. The one table to edit to add a spelling."""

FEED_KEYS: dict[str, tuple[str, ...]] = {
    "version": ("version",),
    "name": ("title", "site_name", "site_title", "sitename", "name"),
    "home": ("home_page_url", "site_url", "home_url", "homepage", "link", "url"),
    "language": ("language", "lang"),
    "authors": ("authors", "author"),
}
"""Keys of the object around the items (a JSON Feed's top level): what every item inherits."""

CONTAINER_KEYS: tuple[str, ...] = (
    "items", "data", "articles", "entries", "results", "posts", "list", "news", "stories", "hits", "docs",
    "records", "rows", "feed", "children", "response",  # Guardian {"response": {"results"}}, Solr/NYT "docs"
    "result",  # Sina's {"result": {"status": …, "data": [...]}} and {"result": {"data": {"feed": {"list": …}}}}
)  # fmt: skip
"""Keys under which dumps keep their list of items (searched first, at most MAX_CONTAINER_DEPTH levels down)."""

WRAPPER_KEYS: tuple[str, ...] = ("data", "_source", "node", "item", "story", "post", "article", "attributes")
"""Keys of an item that wraps the real one (Reddit ``{"kind": "t3", "data": {…}}``, Elasticsearch ``_source``,
GraphQL ``node``): read when the item itself has no title or body."""

MAX_CONTAINER_DEPTH = 4
"""How many objects down the list of items is looked for: ``{"data": {"list": [...]}}`` is two, Sina's
``{"result": {"data": {"feed": {"list": [...]}}}}`` four. Only objects under container keys are walked."""

VALUE_KEYS: tuple[str, ...] = (
    "rendered", "html", "value", "text", "content", "name", "href", "url", "src", "$t", "main",
)  # fmt: skip
"""Keys of an object that stands for a string (``{"rendered": "…"}`` in WordPress REST, ``{"main": "…"}`` in
The New York Times' headline objects)."""

NAME_KEYS: tuple[str, ...] = ("name", "display_name", "screen_name", "nickname", "username", "login", "title", "term")
"""Keys that name a person, a tag or a source when the value is an object."""

IMAGE_URL_KEYS: tuple[str, ...] = ("url", "src", "href", "source_url", "link", "large", "original")
"""Keys that hold an image's URL when the image is an object."""

WORDPRESS_TAXONOMIES: dict[str, str] = {"category": "categories", "post_tag": "tags"}
"""WordPress taxonomies read from ``_embedded["wp:term"]`` and the record field each fills (the post's own
``categories`` and ``tags`` hold only term ids)."""

RECORD_MARKERS: tuple[str, str] = ("schema_version", "provenance")
"""Keys that, together, mark an articlekit record (this tool's own output)."""

JSON_FEED_VERSION = re.compile(r"https?://jsonfeed\.org/version/")
_NEWSAPI_CUT = re.compile(r"\s*(?:…|\.\.\.)?\s*\[\+\d+ chars\]\s*$")
# A whole tag, closed by ">": a title such as "<A 0" or "x < y and y <z" is text, not markup.
_HAS_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9-]*(?:[\s/][^<>]*)?>|/[a-zA-Z][a-zA-Z0-9-]*\s*>|!--)")
_TAG_NAMES = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[\s/][^<>]*)?>")
_EMPTY_ELEMENTS = frozenset(("br", "wbr", "img", "hr"))
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_ESCAPED_TAG = re.compile(r"&lt;/?[a-zA-Z]")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_LIST_SPLIT = re.compile(r"\s*[,，、;；|]\s*")
_DIGITS = re.compile(r"[+-]?\d{9,20}(?:\.\d+)?")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}|(?:199|20[0-9])[0-9][01][0-9][0-3][0-9]")
# Digits that spell a calendar date, YYYYMMDD[hhmm[ss]] (GDELT's SQLDATE and DATEADDED, many Chinese APIs'
# publish_time): read as an epoch they would fall in 1970-1977 or after 2286, no time a news item has.
_COMPACT_DATE = re.compile(r"((?:199|20[0-9])[0-9])([01][0-9])([0-3][0-9])(?:([0-2][0-9])([0-5][0-9])([0-5][0-9])?)?")
_SENTENCE = re.compile(r"^.+?[。！？!?.](?=\s|$)|^.+$", re.DOTALL)
_WHITESPACE = re.compile(r"[ \t\n\r]*")
TITLE_FROM_BODY_MAX = 120
"""Longest title taken from a body's first sentence, in characters (cut at a space when longer)."""
_DECODER = json.JSONDecoder()

FieldMap = tuple[tuple[str, str], ...]
"""``(field, key)`` pairs from ``--field-map``: each key is tried before the table's spellings of its field."""
FIELD_MAP_FIELDS: tuple[str, ...] = (*ITEM_KEYS, "items")
"""Names a field map may use: the fields of :data:`ITEM_KEYS`, and ``items`` for the list's path."""


def _normal(key: str) -> str:
    """A key as compared: lower case without ``_``, ``-`` and spaces (``publishedAt`` is ``published_at``).

    A leading ``_`` stays: it marks a system field (Algolia's ``_tags``, Elasticsearch's ``_id``), which only a
    spelling written with it (``_id``, ``_embedded.author``) names.
    """
    system = "_" if key.startswith("_") else ""
    return system + key.lower().replace("_", "").replace("-", "").replace(" ", "")


_NORMAL_ITEM_KEYS = {name: tuple(_normal(key) for key in keys) for name, keys in ITEM_KEYS.items()}
_NORMAL_FEED_KEYS = {name: tuple(_normal(key) for key in keys) for name, keys in FEED_KEYS.items()}
_NORMAL_CONTAINER_KEYS = frozenset(_normal(key) for key in CONTAINER_KEYS)
_NORMAL_WRAPPER_KEYS = tuple(_normal(key) for key in WRAPPER_KEYS)


def parse_field_map(text: str) -> FieldMap:
    """Read a ``--field-map`` value: ``field=key,field=key``, or ``@file`` naming a JSON object.

    The JSON object maps a field to a key or to a list of keys, e.g.
    ``{"title": "headline_text", "url": ["share", "link"], "items": "payload.list"}``.

    Args:
        text: The option's value.

    Returns:
        The ``(field, key)`` pairs in the order given.

    Raises:
        ValueError: An unknown field, a pair without ``=``, an empty key, or an unreadable file.
    """
    pairs: list[tuple[str, str]] = []
    if text.startswith("@"):
        try:
            with open(text[1:], encoding="utf-8") as handle:
                mapping = json.load(handle)
        except (OSError, ValueError, RecursionError) as error:
            raise ValueError(f"cannot read the field map file {text[1:]!r}: {error}") from None
        if not isinstance(mapping, dict):
            raise ValueError(f"the field map file {text[1:]!r} must hold a JSON object")
        for name, keys in mapping.items():
            for key in [keys] if isinstance(keys, str) else keys if isinstance(keys, list) else [None]:
                if not isinstance(key, str):
                    raise ValueError(f"field {name!r}: keys must be strings or lists of strings")
                pairs.append((name, key))
    else:
        for part in filter(None, (part.strip() for part in text.split(","))):
            name, equals, key = part.partition("=")
            if not equals:
                raise ValueError(f"{part!r} is not field=key")
            pairs.append((name.strip(), key.strip()))
    for name, key in pairs:
        if name not in FIELD_MAP_FIELDS:
            raise ValueError(f"unknown field {name!r}; choose from {', '.join(FIELD_MAP_FIELDS)}")
        if not key:
            raise ValueError(f"field {name!r}: empty key")
    return tuple(pairs)


@dataclass(frozen=True)
class _Keys:
    """The spellings in force for one conversion: the table, with a field map's keys in front."""

    fields: Mapping[str, tuple[str, ...]]
    items_path: tuple[str, ...] | None = None

    @classmethod
    def of(cls, field_map: FieldMap | None) -> _Keys:
        fields = {name: list(keys) for name, keys in _NORMAL_ITEM_KEYS.items()}
        items_path = None
        for name, key in reversed(field_map or ()):
            if name == "items":
                items_path = tuple(_normal(part) for part in key.split("."))
            else:
                fields[name].insert(0, key if "." in key else _normal(key))
        return cls({name: tuple(keys) for name, keys in fields.items()}, items_path)


@dataclass
class _Broken:
    """A place where reading the items stopped: a cut or invalid line or list entry."""

    message: str


@dataclass
class _Layout:
    """Where the items are and what the object around them says."""

    items: Iterator[Any]
    feed: dict[str, Any] = field(default_factory=dict)


def _skip(text: str, position: int) -> int:
    match = _WHITESPACE.match(text, position)
    return match.end() if match else position


def _decode(text: str, position: int) -> tuple[Any, int]:
    """Decode one JSON value at ``position``; ConversionError ``malformed-json`` when it cannot be."""
    try:
        return _DECODER.raw_decode(text, position)
    except json.JSONDecodeError as error:
        raise ConversionError("malformed-json", _where(error)) from None
    except RecursionError:
        raise ConversionError("malformed-json", "nested too deep to read") from None


def _where(error: json.JSONDecodeError) -> str:
    if error.pos >= len(error.doc.rstrip()) or error.msg.startswith("Unterminated string"):
        return f"the JSON text ends before it is complete (line {error.lineno}, column {error.colno})"
    return f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"


def _array_items(text: str, start: int) -> Iterator[Any]:
    """Yield the entries of the JSON list at ``start`` one at a time; a ``_Broken`` where reading stops."""
    position = _skip(text, start + 1)
    if text.startswith("]", position):
        return
    while True:
        try:
            value, position = _decode(text, position)
        except ConversionError as error:
            yield _Broken(f"{error.message}; the list cannot be read from this entry on")
            return
        yield value
        position = _skip(text, position)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
        elif text.startswith("]", position):
            return
        else:
            ending = "the JSON text ends" if position >= len(text) else "a stray character follows"
            yield _Broken(f"{ending} after this entry: the list is not closed; entries after it cannot be read")
            return


def _array_end(text: str, start: int) -> int:
    """Return the position after the JSON list at ``start``, decoding its entries one at a time."""
    position = _skip(text, start + 1)
    if text.startswith("]", position):
        return position + 1
    while True:
        _, position = _decode(text, position)
        position = _skip(text, position)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
        elif text.startswith("]", position):
            return position + 1
        else:
            raise ConversionError("malformed-json", "the list is not closed")


LEADING_ENTRIES = 3
"""How many entries of a list are looked at to tell a list of items: a hot list's pinned first entry or an
ad may have no url or date, and must not make the whole list no items."""


def _holds_items(text: str, start: int, keys: _Keys) -> bool:
    """Whether one of the first :data:`LEADING_ENTRIES` entries of the JSON list at ``start`` is article-like."""
    position = _skip(text, start + 1)
    for _ in range(LEADING_ENTRIES):
        if text.startswith("]", position):
            return False
        try:
            entry, position = _DECODER.raw_decode(text, position)
        except (ValueError, RecursionError):
            return False
        if _article_like(entry, keys):
            return True
        position = _skip(text, position)
        if not text.startswith(",", position):
            return False
        position = _skip(text, position + 1)
    return False


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, line)`` for the non-blank lines, without splitting the whole text at once."""
    position, number = 0, 0
    while position < len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        number += 1
        line = text[position:end].strip()
        if line:
            yield number, line
        position = end + 1


def _json_lines(text: str) -> Iterator[Any]:
    for number, line in _lines(text):
        try:
            yield json.loads(line)
        except json.JSONDecodeError as error:
            yield _Broken(f"line {number}: {_where(error).replace('line 1, ', '')}")
        except RecursionError:
            yield _Broken(f"line {number}: nested too deep to read")


def _lines_hold_items(text: str, keys: _Keys) -> bool:
    """Whether one of the first :data:`LEADING_ENTRIES` lines of JSON Lines is article-like.

    A first line may describe the export rather than hold an item.
    """
    for _, (_, line) in zip(range(LEADING_ENTRIES), _lines(text), strict=False):
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if _article_like(entry, keys):
            return True
    return False


def _is_json_lines(text: str, start: int) -> bool:
    """Whether the text from ``start`` is JSON Lines: a whole object on the first line and ``{`` on the next."""
    first_end = text.find("\n", start)
    if first_end < 0:
        return False
    following = _skip(text, first_end)
    if not text.startswith("{", following):
        return False
    first_line = text[start:first_end].rstrip()
    try:
        value, end = _DECODER.raw_decode(first_line)  # the first line only: never the whole document here
    except (ValueError, RecursionError):
        return False
    return isinstance(value, dict) and end == len(first_line)


def _lookup(item: Mapping[str, Any], normal: Mapping[str, Any], key: str) -> Any:
    """The value under ``key`` (a normalised key, or a dotted path into nested objects)."""
    if "." not in key:
        return normal.get(key)
    value: Any = item
    for part in key.split("."):
        if isinstance(value, dict):
            value = {_normal(name): entry for name, entry in value.items()}.get(_normal(part))
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def _normal_keys(item: Mapping[str, Any]) -> dict[str, Any]:
    normal: dict[str, Any] = {}
    for key, value in item.items():
        normal.setdefault(_normal(key), value)
    return normal


def _first(item: Mapping[str, Any], normal: Mapping[str, Any], keys: Iterable[str]) -> tuple[str, Any] | None:
    """The first ``(key, value)`` among ``keys`` whose value is not empty."""
    for key in keys:
        value = _lookup(item, normal, key)
        if value not in (None, "", [], {}):
            return key, value
    return None


def _string(value: Any) -> str | None:
    """A value as one string: a string, a number, an object's value key, a list's first string."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        normal = _normal_keys(value)
        for key in VALUE_KEYS:
            found = _string(normal.get(_normal(key)))
            if found:
                return found
        return None
    if isinstance(value, list):
        parts = [text for text in (_string(entry) for entry in value) if text]
        return "\n\n".join(parts) if parts else None
    return None


def _names(value: Any) -> list[str]:
    """Names from a string (split at commas and list marks), an object's name key, or a list of either.

    Only a lone string is split: the entries of a list are whole names already.
    """
    if isinstance(value, str):
        return [part for part in _LIST_SPLIT.split(value) if part.strip()]
    return _whole_names(value)


def _whole_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        normal = _normal_keys(value)
        for key in NAME_KEYS:
            name = normal.get(_normal(key))
            if isinstance(name, str) and name.strip():
                return [name]
        return []
    if isinstance(value, list):
        return [name for entry in value for name in _whole_names(entry)]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [str(value)]
    return []


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _authors(value: Any) -> list[str]:
    if isinstance(value, str):  # a byline: "By A, B and C"
        return split_names(value)
    # A JSON number is a user id (WordPress REST's "author": 3), no one's name.
    if _is_number(value):
        return []
    if isinstance(value, list):
        value = [entry for entry in value if not _is_number(entry)]
    return _whole_names(value)


def _terms(value: Any) -> list[str]:
    """Tags or categories: a string split at commas, names, or a list of either.

    JSON numbers are term ids (WordPress REST's ``"categories": [1]``) and name nothing.
    """
    if _is_number(value):
        return []
    if isinstance(value, list):
        value = [entry for entry in value if not _is_number(entry)]
    return _names(value)


def _embedded_terms(item: Mapping[str, Any]) -> dict[str, list[str]]:
    """WordPress REST's embedded terms (``?_embed``), by record field (:data:`WORDPRESS_TAXONOMIES`).

    They are lists of ``{"name": …, "taxonomy": …}`` objects under ``_embedded["wp:term"]``.
    """
    embedded = item.get("_embedded")
    groups = embedded.get("wp:term") if isinstance(embedded, dict) else None
    found: dict[str, list[str]] = {}
    for group in groups if isinstance(groups, list) else ():
        for term in group if isinstance(group, list) else ():
            if not isinstance(term, dict):
                continue
            field_name, name = WORDPRESS_TAXONOMIES.get(str(term.get("taxonomy"))), term.get("name")
            if field_name and isinstance(name, str) and name.strip():
                found.setdefault(field_name, []).append(_title_text(name))
    return found


def _image_urls(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        normal = _normal_keys(value)
        for key in IMAGE_URL_KEYS:
            found = normal.get(_normal(key))
            if isinstance(found, str) and found.strip():
                return [found]
        return []
    if isinstance(value, list):
        return [url for entry in value for url in _image_urls(entry)]
    return []


def _url_of(value: Any, base: str | None) -> str | None:
    """The item's URL: a string, an object's URL key, or the alternate link of a list.

    Atom-in-JSON writes ``[{"rel": "alternate", "href": …}, {"rel": "self", …}]``: the list's URLs are never joined.
    """
    if isinstance(value, list):
        entries = [entry for entry in value if entry not in (None, "", [], {})]
        alternate = [
            entry for entry in entries if not isinstance(entry, dict) or entry.get("rel") in (None, "alternate")
        ]
        for entry in alternate + [entry for entry in entries if entry not in alternate]:
            url = _url_of(entry, base)
            if url:
                return url
        return None
    return absolute_http_url(_string(value), base)


def _looks_like_html(text: str) -> bool:
    return bool(_HAS_TAG.search(text))


def _text_blocks(text: str) -> list[tuple[BlockKind, str]]:
    """Plain text as paragraphs: at blank lines, or at line breaks when there is no blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    return [("paragraph", part) for part in parts if part.strip()]


@dataclass
class _Body:
    blocks: list[tuple[BlockKind, str]] = field(default_factory=list)
    images: list[tuple[str | None, str | None]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


def _read_body(text: str, *, plain: bool) -> _Body:
    if "chars]" in text[-40:]:
        text = _NEWSAPI_CUT.sub("", text)
    # Escaped HTML, as some scrapers store it; escaped twice ("&amp;lt;p&amp;gt;", a feed's escaped
    # description escaped again) is unescaped twice.
    for _ in range(2):
        if plain or _looks_like_html(text) or not _ESCAPED_TAG.search(text.replace("&amp;", "&")):
            break
        text = html.unescape(text)
    if plain or not _looks_like_html(text):
        return _Body(_text_blocks(_unescaped(text) if "&" in text and not plain else text))
    raw = read_html_blocks(text)
    body = _Body(images=list(raw.images))
    for block in raw.blocks:
        if normalize_block(block.text):
            body.blocks.append((block.kind, block.text))
            body.links.extend(block.links)
    return body


def _unescaped(text: str) -> str:
    """``text`` with its entities resolved, and again if entities survive (``It&amp;#8217;s``: escaped twice)."""
    text = html.unescape(text)
    return html.unescape(text) if "&" in text and _ENTITY.search(text) else text


def _title_text(text: str) -> str:
    """A title as text: tags and entities (WordPress renders ``Cow &amp; Calf``) resolved.

    A title is read as HTML when its tags are markup: each one closed (``<em>…</em>``) or empty by nature
    (``<br>``). A tag it opens and never closes is what the title is about (``The <A> tag``, ``Why <div>
    soup hurts``): such a title is text, and only its paired inline tags go.
    """
    if _looks_like_html(text) and _all_tags_are_markup(text):
        text = " ".join(block.text for block in read_html_blocks(text).blocks)
    elif "<" in text:
        text = strip_paired_tags(text)
        if "&" in text and _ENTITY.search(text):
            text = _unescaped(text)
    elif "&" in text and _ENTITY.search(text):
        text = strip_paired_tags(_unescaped(text))  # "&lt;b&gt;Samsung&lt;/b&gt;": escaped markup
    return normalize_inline(text)


def _all_tags_are_markup(text: str) -> bool:
    """Whether every tag in ``text`` is closed, or a closing one, or of an element that has no content."""
    opened: set[str] = set()
    closed: set[str] = set()
    for slash, name in _TAG_NAMES.findall(text):
        name = name.lower()
        if name not in _EMPTY_ELEMENTS:
            (closed if slash else opened).add(name)
    return opened == closed


def _summary_text(text: str) -> str:
    if _looks_like_html(text):
        return "\n".join(block.text for block in read_html_blocks(text).blocks)
    return html.unescape(text) if "&" in text else text


def _compact_date(digits: str, zone: str) -> Instant | InvalidDate | None:
    """``20240521``, ``202405211230`` or ``20240521123005`` as a local time in ``zone``; None for other text."""
    match = _COMPACT_DATE.fullmatch(digits)
    if match is None or len(digits) == 10:
        return None
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        return localize(datetime(year, month, day, hour, minute, second), zone)
    except ValueError:
        return InvalidDate()


def _instant_from(value: Any, zone: str) -> Instant | InvalidDate | None:
    """An instant from an epoch number or a date string (None when the value is no date at all)."""
    if isinstance(value, dict) and len(value) == 1:
        # MongoDB's Extended JSON, as mongoexport writes every date: {"$date": "2024-05-21T12:00:00Z"},
        # {"$date": {"$numberLong": "1716292800000"}} (milliseconds).
        ((key, inner),) = value.items()
        if key == "$date":
            return _instant_from(inner, zone)
        if key == "$numberLong" and isinstance(inner, str) and inner.lstrip("-").isdigit():
            return _instant_from(int(inner), zone)
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and (compact := _compact_date(str(value), zone)) is not None:
        return compact
    if isinstance(value, int | float):
        moment = from_epoch_number(value)
        return InvalidDate() if moment is None else Instant(moment, offset_assumed=False)
    if not isinstance(value, str):
        return None
    text = normalize_zone_suffix(normalize_inline(value))  # "GMT+08:00", "+08", "…+08:00[Asia/Shanghai]"
    compact = _compact_date(text, zone)
    if compact is not None:
        return compact
    if _DIGITS.fullmatch(text):
        moment = from_epoch_number(float(text))
        return InvalidDate() if moment is None else Instant(moment, offset_assumed=False)
    if _DATE_ONLY.fullmatch(text):
        try:
            return localize(datetime.fromisoformat(text), zone)
        except ValueError:
            return InvalidDate()
    try:
        parsed = datetime.fromisoformat(text.replace(" ", "T", 1) if len(text) > 10 else text)
    except ValueError:
        parsed = None
    if parsed is not None:
        return localize(parsed, zone) if parsed.tzinfo is None else Instant(parsed, offset_assumed=False)
    # The zoned reader, as xml-feed uses it: dumps copy feed dates verbatim, so their zone names (CET, JST,
    # CST from a Chinese outlet), "+08:00" offsets and JavaScript's Date strings ("… GMT+0800 (中国标准时间)",
    # what a Node scraper stores) mean what they say; plain email.utils read them as local times of nowhere.
    zoned = parse_rfc822_zoned(text, zone)
    if zoned is not None:
        return zoned
    return parse_date_line(text, zone) or parse_day(text, zone)


@dataclass
class _Dating:
    published: Instant | None = None
    flags: list[str] = field(default_factory=list)


def _dating(item: Mapping[str, Any], normal: Mapping[str, Any], keys: _Keys, zone: str, known_zone: bool) -> _Dating:
    dating = _Dating()
    unparseable = False
    for group in ("published_utc", "published", "updated"):
        for key in keys.fields[group]:
            value = _lookup(item, normal, key)
            if value in (None, ""):
                continue
            found = _instant_from(value, "UTC" if group == "published_utc" else zone)
            if isinstance(found, InvalidDate):
                unparseable = True
                continue
            if found is None:
                continue
            if group == "published_utc":
                found = Instant(found.value, offset_assumed=False)
            dating.published = found
            if group == "updated":
                dating.flags.append("published-at-from-updated")
            text = value.strip() if isinstance(value, str) else str(value) if isinstance(value, int) else ""
            if _DATE_ONLY.fullmatch(text) or (text and isinstance(parse_day(text, zone), Instant)):
                dating.flags.append("published-date-only")
            if found.offset_assumed and not known_zone:
                dating.flags.append("published-zone-unknown")
            return dating
    if unparseable:
        dating.flags.append("published-at-unparseable")
    return dating


def _unwrap(item: dict[str, Any], keys: _Keys) -> dict[str, Any]:
    """The item itself, or the object it wraps (``{"kind": "t3", "data": {…}}``) when it has no title or body."""
    normal = _normal_keys(item)
    if _first(item, normal, keys.fields["title"]) or _first(item, normal, keys.fields["body"]):
        return item
    for key in _NORMAL_WRAPPER_KEYS:
        inner = normal.get(key)
        if isinstance(inner, dict):
            return inner
    return item


def _article_like(value: Any, keys: _Keys) -> bool:
    """Whether a JSON value is an item: an object with a title or a body, and a url, date or body beside it."""
    if not isinstance(value, dict):
        return False
    if _is_record(value):
        return True  # claimed, so that conversion rejects it with its own code
    value = _unwrap(value, keys)
    normal = _normal_keys(value)
    title = _first(value, normal, keys.fields["title"])
    body = _first(value, normal, keys.fields["body"])
    if title is not None and _string(title[1]) is None:
        title = None
    if body is not None and _string(body[1]) is None:
        body = None
    if title is None and body is None:
        return False
    others = ("url", "published", "published_utc", "updated", "body")
    return any(_first(value, normal, keys.fields[name]) is not None for name in others) or (
        title is not None and body is not None
    )


def _is_record(value: Any) -> bool:
    return isinstance(value, dict) and all(marker in value for marker in RECORD_MARKERS)


def _read_object(
    text: str, start: int, keys: _Keys, depth: int, path: tuple[str, ...], *, sniffing: bool = False
) -> _Found:
    """Walk the members of the object at ``start``: its other values, and where the list of items is.

    The list of items is skipped entry by entry (never held whole); other lists are read whole.
    A list of items that is cut off ends the walk: its complete entries are still read later.
    When ``sniffing``, the walk stops at the first list under a container key.
    """
    found = _Found()
    position = _skip(text, start + 1)
    if text.startswith("}", position):
        found.end = position + 1
        return found
    while True:
        if not text.startswith('"', position):
            raise ConversionError("malformed-json", "an object's key is not a string")
        key, position = _decode(text, position)
        position = _skip(text, position)
        if not text.startswith(":", position):
            raise ConversionError("malformed-json", f"no ':' after the key {key!r}")
        position = _skip(text, position + 1)
        normal_key = _normal(key)
        wanted = keys.items_path
        here = (*path, normal_key)
        if text.startswith("[", position):
            on_path = wanted is not None and here == wanted
            container = wanted is None and normal_key in _NORMAL_CONTAINER_KEYS
            feed_items = (
                depth == 1 and normal_key == "items" and JSON_FEED_VERSION.match(str(found.members.get("version")))
            )
            rank = 0 if on_path or container else 1
            is_items = on_path or feed_items or (wanted is None and _holds_items(text, position, keys))
            if is_items and found.rank is not None and rank == found.rank and not on_path and not feed_items:
                # A sibling list of items, as a dump keyed by section writes them ({"Mundo": […], "Nacional": […]}):
                # its items are read after the first list's, never dropped.
                found.more_starts.append(position)
                try:
                    position = _array_end(text, position)
                except ConversionError:
                    found.end, found.cut = len(text), True
                    return found
            elif is_items and (found.rank is None or rank < found.rank):
                found.list_start, found.rank, found.more_starts = position, rank, []
                if sniffing and rank == 0:
                    return found
                try:
                    position = _array_end(text, position)
                except ConversionError:
                    found.end, found.cut = len(text), True
                    return found
            else:
                value, position = _decode(text, position)
                found.members.setdefault(normal_key, value)
        elif (
            text.startswith("{", position)
            and depth < MAX_CONTAINER_DEPTH
            and (
                (wanted is not None and wanted[: len(here)] == here and len(here) < len(wanted))
                or (wanted is None and normal_key in _NORMAL_CONTAINER_KEYS)
            )
        ):
            inner = _read_object(text, position, keys, depth + 1, here, sniffing=sniffing)
            if inner.list_start is not None and (found.rank is None or (inner.rank or 0) < found.rank):
                found.list_start, found.rank, found.more_starts = inner.list_start, inner.rank, inner.more_starts
            if inner.cut or (sniffing and found.rank == 0):
                found.end, found.cut = inner.end, inner.cut
                return found
            position = inner.end
        else:
            value, position = _decode(text, position)
            found.members.setdefault(normal_key, value)
        position = _skip(text, position)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
        elif text.startswith("}", position):
            found.end = position + 1
            return found
        else:
            raise ConversionError("malformed-json", "the JSON text ends before the object is closed")


@dataclass
class _Found:
    members: dict[str, Any] = field(default_factory=dict)
    list_start: int | None = None
    more_starts: list[int] = field(default_factory=list)  # sibling lists of items, read after the first
    rank: int | None = None
    end: int = 0
    cut: bool = False


def _layout(text: str, keys: _Keys) -> _Layout | None:
    """Find where the items are; None when the text is not a list of items (``unknown-format``)."""
    start = _skip(text, 1 if text.startswith("\ufeff") else 0)
    if text.startswith("[", start):
        if not _holds_items(text, start, keys):
            return None
        return _Layout(_array_items(text, start))
    if not text.startswith("{", start):
        return None
    if _is_json_lines(text, start):
        return _Layout(_json_lines(text)) if _lines_hold_items(text, keys) else None
    found = _read_object(text, start, keys, 1, ())
    if not found.cut and _skip(text, found.end) < len(text):
        raise ConversionError("malformed-json", "more text follows the JSON value")
    if all(_normal(marker) in found.members for marker in RECORD_MARKERS):
        # One articlekit record (a golden file, a record saved alone): its lists (blocks, images) are no items.
        return _Layout(iter([_DECODER.raw_decode(text, start)[0]]))
    if found.list_start is not None:
        starts = [found.list_start, *found.more_starts]
        return _Layout(chain.from_iterable(_array_items(text, start) for start in starts), found.members)
    whole = found.members
    if _article_like(whole, keys) and keys.items_path is None and "version" not in whole:
        return _Layout(iter([_DECODER.raw_decode(text, start)[0]]))
    return None


def _feed(members: Mapping[str, Any]) -> dict[str, Any]:
    feed: dict[str, Any] = {}
    for name, spellings in _NORMAL_FEED_KEYS.items():
        for key in spellings:
            if members.get(key) not in (None, "", [], {}):
                feed[name] = members[key]
                break
    return feed


def _title_from_body(blocks: list[tuple[BlockKind, str]]) -> str:
    first = normalize_inline(blocks[0][1].split("\n", 1)[0])
    match = _SENTENCE.match(first)
    title = match.group(0) if match else first
    if len(title) > TITLE_FROM_BODY_MAX:
        cut = title.rfind(" ", 0, TITLE_FROM_BODY_MAX)
        title = title[: cut if cut > TITLE_FROM_BODY_MAX // 2 else TITLE_FROM_BODY_MAX].rstrip() + "…"
    return title


def _item_name(item: Any, keys: _Keys) -> str | None:
    if not isinstance(item, dict):
        return None
    found = _first(item, _normal_keys(item), keys.fields["id"]) or _first(item, _normal_keys(item), keys.fields["url"])
    name = _string(found[1]) if found else None
    return normalize_inline(name)[:200] if name else None


def _convert_item(item: Any, keys: _Keys, feed: Mapping[str, Any], source: Source) -> Article:
    if isinstance(item, _Broken):
        raise ConversionError("malformed-json", item.message)
    if not isinstance(item, dict):
        kind = "null" if item is None else type(item).__name__.replace("str", "string").replace("dict", "object")
        raise ConversionError("not-an-item", f"the item is a {kind}, not an object")
    if _is_record(item):
        raise ConversionError("articlekit-records", "an articlekit record, not a scraped item")
    item = _unwrap(item, keys)
    normal = _normal_keys(item)
    fields = keys.fields

    def first(name: str) -> tuple[str, Any] | None:
        return _first(item, normal, fields[name])

    title_found = first("title")
    title = _title_text(_string(title_found[1]) or "") if title_found else ""
    body = _Body()
    body_key = None
    for key in fields["body"]:
        value = _string(_lookup(item, normal, key))
        if value and value.strip():
            body = _read_body(value, plain=key == "contenttext")
            if body.blocks:
                body_key = key
                break
    flags: list[str] = []
    if not title and not body.blocks:
        raise ConversionError("no-title", f"no title and no body among its keys: {', '.join(sorted(item))[:300]}")
    if not body.blocks:
        body.blocks = [("paragraph", title)]
        flags.append("body-from-title")
    if not title:
        title = _title_from_body(body.blocks)
        flags.append("title-from-body")

    url_found = first("url")
    url = _url_of(url_found[1], feed.get("base")) if url_found else None
    if url is None:
        identifier = first("id")
        url = absolute_http_url(_string(identifier[1])) if identifier else None
    publisher = publisher_of(url)
    language_found = first("language")
    language = _string(language_found[1]) if language_found else _string(feed.get("language"))
    # As in xml-feed: a local time is the publisher's; in a dump that declares Chinese, Japanese or Korean,
    # that country's (CST too).
    language_zone = zone_of_language(language)
    zone = publisher.zone if publisher else (language_zone or UNKNOWN_PUBLISHER_ZONE)
    dating = _dating(item, normal, keys, zone, publisher is not None or language_zone is not None)
    flags.extend(dating.flags)

    summary = None
    for key in fields["summary"]:
        if key == body_key:
            continue
        value = _string(_lookup(item, normal, key))
        if value and value.strip():
            summary = _summary_text(value)
            break
    authors_found = first("authors")
    authors = _authors(authors_found[1]) if authors_found else _authors(feed.get("authors"))
    images_found = first("images")
    images: list[tuple[str | None, str | None]] = [
        (image, None) for image in (_image_urls(images_found[1]) if images_found else [])
    ]
    known = {image for image, _ in images}
    images.extend(image for image in body.images if image[0] not in known)
    source_found = first("source")
    source_names = _whole_names(source_found[1]) if source_found else []
    source_name = source_names[0] if source_names else _string(feed.get("name"))
    if source_name:  # WordPress's JSON Feed names itself "Blog &#8211; InfluxData"
        source_name = _title_text(source_name)
    if source_names:  # NewsAPI and Google News dumps: "Headline - Android Central" from Androidcentral.com
        title = strip_source_suffix(title, source_name) or title
    tags_found, categories_found = first("tags"), first("categories")
    terms = _embedded_terms(item)
    draft = Draft(
        format=FORMAT,
        title=title,
        blocks=body.blocks,
        url=url,
        source_name=source_name or (publisher.name if publisher else None),
        published=dating.published,
        authors=authors,
        summary=summary,
        categories=terms.get("categories") or (_terms(categories_found[1]) if categories_found else []),
        tags=terms.get("tags") or (_terms(tags_found[1]) if tags_found else []),
        images=images,
        links=body.links,
        flags=flags,
        declared_language=language,
    )
    return build_article(draft, source)


def sniff(source: Source, field_map: FieldMap | None = None) -> float:
    """Score ``source`` as a JSON Feed or a JSON dump of items.

    Returns:
        0.95 for a JSON Feed, 0.9 for a list under a known container key, a top-level list of
        items, JSON Lines of items, or articlekit records (so that they are rejected with their
        own code); 0.7 for a list of items under another key; 0.6 for a single item object;
        0.0 for text that is not JSON or JSON that holds no items.
    """
    text = source.text
    start = _skip(text, 1 if text.startswith("\ufeff") else 0)
    if not text.startswith(("[", "{"), start):
        return 0.0
    keys = _Keys.of(field_map)
    try:
        if text.startswith("[", start):
            return 0.9 if _holds_items(text, start, keys) else 0.0
        if _is_json_lines(text, start):
            return 0.9 if _lines_hold_items(text, keys) else 0.0
        found = _read_object(text, start, keys, 1, (), sniffing=True)
    except (ConversionError, RecursionError, ValueError):
        return 0.0
    if found.list_start is not None:
        if isinstance(found.members.get("version"), str) and JSON_FEED_VERSION.match(found.members["version"]):
            return 0.95
        return 0.9 if found.rank == 0 else 0.7
    if _article_like(found.members, keys) and "version" not in found.members:
        return 0.6
    return 0.0


def convert(source: Source, field_map: FieldMap | None = None) -> Iterator[Article | ItemRejected]:
    """Convert a JSON Feed or a JSON dump into one article per item.

    Args:
        source: The decoded source.
        field_map: ``(field, key)`` pairs from ``--field-map``, tried before the table's spellings.

    Yields:
        Each item's Article, or an ItemRejected (``not-an-item``, ``no-title``, ``malformed-json``,
        ``invalid-record`` …) naming the item's position and id.

    Raises:
        ConversionError: ``unknown-format`` (JSON that holds no items), ``malformed-json`` (the
            document cannot be read before its items), ``articlekit-records``.
    """
    keys = _Keys.of(field_map)
    try:
        layout = _layout(source.text, keys)
    except ConversionError as error:
        raise ConversionError(error.code, f"{source.path}: {error.message}") from None
    if layout is None:
        raise ConversionError(
            "unknown-format",
            f"{source.path}: JSON that holds no list of items (no title or body keys found); "
            "see --field-map to name the keys",
        )
    items = _peek_records(layout.items, source)
    feed = _feed(layout.feed)
    feed["base"] = absolute_http_url(_string(feed.get("home")))  # once per source, not per item

    def convert_item(item: Any) -> Article:
        try:
            return _convert_item(item, keys, feed, source)
        except RecursionError:  # values are read recursively; the decoder lets ~1,000 levels through
            raise ConversionError("malformed-json", "the item is nested too deep to read") from None

    yield from convert_items(items, convert_item, name_of=lambda item: _item_name(item, keys))


def _peek_records(items: Iterator[Any], source: Source) -> Iterator[Any]:
    """Pass the items through, but reject the whole source when its first item is an articlekit record."""
    first = next(items, _NOTHING)
    if _is_record(first):
        raise ConversionError(
            "articlekit-records",
            f"{source.path} already holds articlekit records (schema_version and provenance keys): "
            "check it with `articlekit validate` instead of converting it",
        )
    if first is not _NOTHING:
        yield first
    yield from items


_NOTHING = object()
