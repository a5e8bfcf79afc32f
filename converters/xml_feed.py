"""``xml-feed``: RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 1.0 feeds give one article per item or entry.

Shape of a source (any extension or none; the pipeline has removed a gzip layer)::

    <?xml version="1.0" encoding="…"?>            optional; a BOM may come first
    <rss version="2.0">  |  <rdf:RDF xmlns="http://purl.org/rss/1.0/">  |  <feed xmlns="http://www.w3.org/2005/Atom">
      <channel> <title>feed title</title> <language>zh-cn</language> …     (RDF: channel, then the items beside it)
        <item> | <entry>                                   one per article
          title, link | atom:link rel=alternate | feedburner:origLink, guid | id,
          pubDate | dc:date | published, updated, author | dc:creator | author/name,
          category, dc:subject, description | summary, content:encoded | content,
          enclosure, media:content, media:thumbnail

Rules, in the order the code applies them:

- **Encoding.** A byte-order mark wins; then the XML declaration (after any blank lines a template printed
  before it, which are removed: libxml2 recovers from them by dropping every escaped ``<``), if the bytes
  decode in the codec it names (a declared single-byte codec over bytes that are
  valid multi-byte UTF-8 is taken as UTF-8; ISO-8859-1 over bytes in 0x80-0x9F is
  read as windows-1252, EUC-KR as cp949 and Shift_JIS as cp932, as browsers read them); then the
  pipeline's detection. A
  declaration the bytes contradict gives every record the flag
  ``encoding-misdeclared``. The parser is given UTF-8 with the encoding stated,
  so a declaration inside the bytes changes nothing.
- **Repairs before parsing**, because libxml2's recovery loses text around
  them: a bare ``&`` (``AT&T``, ``?a=1&b=2``) becomes ``&amp;``; an entity
  other than XML's five becomes the character HTML5 gives it (``&nbsp;``,
  ``&eacute;``) or, unknown, stays as literal text. So no entity a document
  declares is ever expanded (billion laughs, external entities), and the parser
  runs with ``resolve_entities=False`` and ``no_network=True`` besides.
- **Streaming.** lxml's pull parser reads the bytes in chunks and each item is
  converted as soon as its end tag is read, then cleared: memory holds one item,
  not the document. libxml2's default limits stay on (no ``huge_tree``): a
  document nested deeper than 256 elements or a text node over 10 MB stops the
  parse there.
- **Broken feeds.** The parser recovers (unclosed and mismatched tags, bad
  characters). An item whose lines held an error it recovered from carries the
  flag ``feed-xml-recovered``. An item still open when the bytes end (a cut file,
  or a parse that stopped) is a per-item ``truncated`` reject naming its
  position and guid; every complete item before it converts.
- **Items.** ``item`` and ``entry`` elements, at any depth (RSS 1.0 puts them
  beside the channel). Each item's direct children are read through
  :data:`FIELDS`, one table of the spellings the family uses.
- **title**: text with CDATA, entities and stray tags resolved (``<b>`` inside a
  title, or escaped twice, is text; tags escaped twice are dropped when opened and closed).
  An item without one takes the first line of its body, flagged ``title-from-body``.
- **url**: ``feedburner:origLink``; then ``link`` (for Atom the ``rel="alternate"``
  one, ``text/html`` first); then a ``guid`` that is a permalink (not
  ``isPermaLink="false"``) or an http(s) Atom ``id``; then RDF's ``rdf:about``.
  Relative URLs resolve against ``xml:base`` or the channel's link (itself resolved against the feed's
  ``rel="self"`` link when relative), else the self link. Tracking
  parameters are removed by ``build_article``.
- **published_at**: ``pubDate``, ``dc:date``, ``published`` (or an older spelling);
  else ``updated`` with the flag ``published-at-from-updated``. RFC 822 with
  named zones (see :func:`articlekit.dates.parse_rfc822_zoned`: ``CST`` is
  +08:00 for a publisher in China or Taiwan, or a Chinese-language feed, else
  RFC 822's US Central with the offset marked assumed), RFC 822 with other languages' day and month
  names (``Seg, 24 Set 2018``) or a 12-hour clock (``02:02:33 PM``), ISO 8601 and W3C-DTF; a zone after
  the clock as Java writes it (``GMT+08:00``, ``+08``, ``[Asia/Shanghai]``) is its numeric offset.
  A time without zone (or with ``-0000``) is the publisher's local time from
  :mod:`._publishers`; in a Chinese-, Japanese- or Korean-language feed that country's; else at the offset the
  channel writes its own dates in (``pubDate``, ``lastBuildDate``, ``updated``), all
  with the offset marked assumed; else UTC flagged ``published-zone-unknown``; a date
  without time (``2024-05-21``, ``May 21, 2024``) is local midnight flagged ``published-date-only``.
- **authors**: one per ``atom:author/name``; the names of each ``author`` or ``dc:creator``
  element (``mail@example.com (Name)`` gives Name; ``A and B``, ``A, B and C`` are several people,
  ``Smith, John`` one: :func:`~.base.split_names`); else a podcast's ``itunes:author``; Atom entries
  without one take the feed's authors.
- **categories** from ``category`` (text, or Atom's ``label``, else its ``term``); **tags** from
  ``dc:subject`` and comma-separated ``media:keywords``.
- **body**: ``content:encoded``, then Atom ``content``, then ``description`` /
  ``summary`` (the first that is not empty): HTML (escaped, CDATA or inline elements) or plain text (blank
  lines are paragraphs), read by the one HTML block walker. HTML escaped twice
  is unescaped once more (not where the body shows code in ``pre``/``code``,
  where ``<div>`` in the text is content). The ``description``
  is the **summary** (its tags dropped) when another element gave the body. Without any of those, a
  podcast's ``itunes:summary`` or Media RSS's ``media:description`` (also inside ``media:group``, as
  YouTube writes it) is the body. An item with a title
  and no body has its title as its one block, flagged ``body-from-title``; an
  item with neither is a ``no-title`` reject.
- **images**: enclosures and ``media:content`` that are images,
  ``media:thumbnail``, ``itunes:image``, then the body's ``<img>``; each URL once.
- **source.name**: the item's own ``source`` (RSS) or ``atom:source/title`` (an
  aggregator's entry; a `` - Publisher`` suffix naming it leaves the title), else the channel or feed
  title, else the publisher's
  name; **source.domain** is the host of the item's url.
- **language**: ``xml:lang`` of the item, else of its body element (Atom's ``content``), else of an ancestor,
  else the channel's
  ``language`` / ``dc:language``, passed as the declared language (the script of
  Chinese text is still told from the text).
- A document whose root is Atom's ``entry`` (an Atom Entry Document, RFC 4287 §4.1.2) is one item
  without a feed around it. A document whose root is not ``rss``, RSS 1.0's ``rdf:RDF``, Atom's ``feed``
  or Atom's ``entry`` is ``unknown-format``; a feed without items is ``no-items``.

Why lxml directly, not feedparser or fastfeedparser (``bench/bench_feeds.py``
measures all three on the same real items): feedparser's parse alone runs at
about the rate of this whole converter (records built and validated), rewrites
bodies with its own sanitiser and returns every entry at once; fastfeedparser
parses fast but builds the whole document's tree (``etree.fromstring``) and returns
the whole list, so a 100,000-item feed would be held in memory. Neither reports
which items a broken file cut off. lxml's pull parser streams, recovers, logs each
error with its line and never expands entities or touches the network; its parse
is a few per cent of the time an item costs here, most of which is the shared
record building and the block walk.
"""

from __future__ import annotations

import codecs
import html
import html.entities
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from lxml import etree

from articlekit.dates import Instant, english_date, localize, normalize_zone_suffix, parse_rfc822_zoned
from articlekit.errors import ConversionError
from articlekit.schema import Article

from ._html_blocks import read_html_blocks
from ._publishers import UNKNOWN_PUBLISHER_ZONE, Publisher, publisher_of, zone_of_language
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

FORMAT = "xml-feed"
"""The format's registry name: XML syndication feeds of every family (JSON Feed is another format)."""
DESCRIPTION = "RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 1.0 feeds, one article per item or entry"
"""One line for ``articlekit formats``."""
READS = ("xml",)
"""The kinds of files it reads."""

ATOM = "http://www.w3.org/2005/Atom"
RSS10 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

NAMESPACES: dict[str, str] = {
    "": "",
    RSS10: "",
    "http://my.netscape.com/rdf/simple/0.9/": "",  # RSS 0.90
    "http://backend.userland.com/rss2": "",  # RSS 2.0 as some Userland tools qualify it
    "http://backend.userland.com/rss": "",
    ATOM: "",
    "http://purl.org/atom/ns#": "",  # Atom 0.3
    RDF: "rdf:",
    "http://purl.org/dc/elements/1.1/": "dc:",
    "http://purl.org/dc/terms/": "dcterms:",
    "http://purl.org/rss/1.0/modules/content/": "content:",
    "http://search.yahoo.com/mrss/": "media:",
    "http://search.yahoo.com/mrss": "media:",
    "http://rssnamespace.org/feedburner/ext/1.0": "feedburner:",
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes:",
}
"""Namespace URI -> the prefix :data:`FIELDS` writes; RSS and Atom's own vocabularies read as one, unprefixed."""

FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "dc:title"),
    "link": ("feedburner:origLink", "link"),
    "guid": ("guid", "id"),
    "published": ("pubDate", "dc:date", "published", "issued", "created", "dcterms:issued", "dcterms:created"),
    "updated": ("updated", "modified", "dcterms:modified"),
    "authors": ("author", "dc:creator"),
    "podcast_authors": ("itunes:author",),  # a podcast episode's, read when the item names no one else
    "categories": ("category",),
    "tags": ("dc:subject", "media:keywords"),
    # A podcast episode may describe itself only in itunes:summary; a YouTube entry only in its media:group's
    # media:description (read there too, see _children): without them the title was the whole text.
    "body": (
        "content:encoded",
        "content",
        "description",
        "summary",
        "dc:description",
        "itunes:summary",
        "media:description",
    ),
    "summary": ("description", "summary", "dc:description"),
    "images": ("enclosure", "media:content", "media:thumbnail", "media:group", "itunes:image"),
    "source": ("source",),
}
"""Each record field and the item children that give it, in order of preference."""

CHANNEL_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "dc:title"),
    "link": ("link",),
    "language": ("language", "dc:language"),
    "authors": ("author",),  # Atom's feed-level authors, inherited by entries without one
    "dated": ("pubDate", "lastBuildDate", "dc:date", "updated"),  # their offset is the feed's own
}
"""The channel's (or Atom feed's) children read for every item."""

FEED_ROOTS = {"rss": "rss", "RDF": "rdf", "feed": "atom", "entry": "atom-entry"}
"""Root element local names that make a document a feed (an Atom Entry Document, RFC 4287 §4.1.2, is one entry)."""
_ITEM_TAGS = frozenset(("item", "entry"))
_CHANNEL_TAGS = frozenset(("channel", "feed"))

# The first element after the prolog (declaration, comments, PIs, a DOCTYPE with its internal subset).
_ROOT = re.compile(
    r"\A\ufeff?\s*(?:(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)\s*)*<([A-Za-z_][\w.-]*:)?([\w.-]+)([^>]*)>",
    re.DOTALL,
)
_RDF_FIRST_CHILD = re.compile(
    r"(?:\s|<!--.*?-->)*<(?:[A-Za-z_][\w.-]*:)?(?:channel|item|image|textinput)[\s>/]", re.DOTALL
)
_XML_DECLARATION = re.compile(rb"\A<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_DECLARATION_AFTER_SPACE = re.compile(rb"\s+<\?xml\s")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Declared names read as the superset codec the bytes are really written in (as the WHATWG Encoding standard
# reads them): Korean feeds declare EUC-KR over cp949 (UHC) hangul such as 똠, Japanese ones Shift_JIS over
# cp932's NEC and IBM characters (①, ㈱); strict EUC-KR or Shift_JIS fails on those bytes.
_CODEC_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs",
    "euc-kr": "cp949", "euc_kr": "cp949", "ks_c_5601-1987": "cp949", "ksc5601": "cp949", "korean": "cp949",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "windows-31j": "cp932",
}  # fmt: skip
_PROVENANCE_NAMES = {"utf-8-sig": "utf-8", "utf-16-le": "utf-16", "utf-16-be": "utf-16", "iso8859-1": "latin-1"}
_SINGLE_BYTE = frozenset(("latin-1", "iso8859-1", "cp1252", "ascii"))
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
# A "&" that starts none of XML's five entities or a character reference: the cases libxml2 mangles.
_BAD_AMPERSAND = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)")
_REPAIR = re.compile(
    rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->|&(?:([A-Za-z][A-Za-z0-9]*);)?(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)",
    re.DOTALL,
)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CHUNK = 1 << 16
"""Bytes fed to the parser at a time: items are converted (and freed) between chunks."""

# Stray HTML in a title-like value: only tags of HTML's own vocabulary, so that "a <T> b" stays text.
_TAG = re.compile(
    r"</?(?:a|abbr|b|big|br|cite|code|del|div|em|font|h[1-6]|i|img|ins|mark|p|q|s|small|span|strike|strong|"
    r"sub|sup|time|u)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_WHITESPACE = re.compile(r"\s+")
_HTML_MARK = re.compile(r"<[A-Za-z/!]|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_ESCAPED_TAG = re.compile(r"&lt;/?[A-Za-z][^&]{0,200}&gt;")
_REAL_TAG = re.compile(r"<[A-Za-z/!]")
_ANY_TAG = re.compile(r"<[^<>]*>")
_CODE = re.compile(r"<(?:pre|code)[\s>]", re.IGNORECASE)
_SKIPPED_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_BARE_MAIL = re.compile(r"\S+@\S+\.\S+")
_MAIL_NAME = re.compile(r"^\s*[^\s@()]+@[^\s()]+\s+\((.+)\)\s*$")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_IMAGE_SUFFIX = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp|svg)(?:[?#]|$)", re.IGNORECASE)
TITLE_FROM_BODY_CHARS = 120
"""Longest title taken from the first line of a body, cut at a word boundary where there is one."""


def sniff(source: Source) -> float:
    """Score ``source`` by its root element: ``rss``, ``rdf:RDF`` with RSS 1.0's namespace, or Atom's ``feed``.

    Only the root counts: an HTML page linking a feed, a sitemap, OPML, SVG or
    other RDF scores 0; a ``feed`` root without Atom's namespace scores 0.3. An Atom Entry Document (an
    ``entry`` root in Atom's namespace) scores as a feed of one entry.
    """
    match = _ROOT.match(source.text[:65536])
    if match is None:
        return 0.0
    name, attributes = match.group(2), match.group(3)
    if name == "rss":
        return 0.95
    if name == "RDF":
        # RSS 1.0's namespace declared on the root is not enough (a FOAF roll declares it and holds
        # rss:channel elements deeper down): the root's first child must be RSS's channel or an item.
        rss_namespace = "purl.org/rss/1.0/" in attributes or "netscape.com/rdf/simple/0.9" in attributes
        return 0.95 if rss_namespace and _RDF_FIRST_CHILD.match(source.text, match.end(), 65536) else 0.0
    atom_namespace = "w3.org/2005/Atom" in attributes or "purl.org/atom/ns#" in attributes
    if name == "feed" and not match.group(1):
        return 0.95 if atom_namespace else 0.3
    if name == "entry" and not match.group(1) and atom_namespace:
        # An Atom Entry Document (RFC 4287 §4.1.2). Without Atom's namespace an <entry> root is anyone's
        # vocabulary (a dictionary, a log, a CMS export): it is not read as Atom.
        return 0.95
    return 0.0


@dataclass
class _Channel:
    """What the feed says once for all its items."""

    kind: str = ""
    title: str | None = None
    link: str | None = None
    link_as_written: str | None = None  # a relative alternate link, resolved against the self link
    self_link: str | None = None  # where the feed says it lives: the base when no other is absolute
    offset: timedelta | None = None  # the offset the feed writes its own dates in
    language: str | None = None
    authors: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    last_error: str | None = None  # the parser's last complaint, for a feed that gives nothing


@dataclass
class _Item:
    """One parsed item element, with what its context tells (valid until the next item is read)."""

    element: Any
    channel: _Channel
    damaged: bool = False
    truncated: str | None = None


def _key(tag: object) -> str | None:
    """``{namespace}local`` as ``prefix:local`` through :data:`NAMESPACES`; None for other nodes and vocabularies."""
    if not isinstance(tag, str):
        return None  # a comment, PI or entity
    if tag[0] != "{":
        return tag
    namespace, _, local = tag[1:].partition("}")
    prefix = NAMESPACES.get(namespace)
    return None if prefix is None else prefix + local


def _children(element: Any) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for child in element:
        key = _key(child.tag)
        if key is not None:
            found.setdefault(key, []).append(child)
    if "media:description" not in found:  # Media RSS lets a media:group hold what describes the item
        for group in found.get("media:group", ()):
            for child in group:
                if _key(child.tag) == "media:description":
                    found.setdefault("media:description", []).append(child)
    return found


def _first(children: dict[str, list[Any]], keys: tuple[str, ...]) -> list[Any]:
    for key in keys:
        if key in children:
            return children[key]
    return []


def _first_written(children: dict[str, list[Any]], keys: tuple[str, ...]) -> str | None:
    """The text of the first element under ``keys`` that is not empty, in the order of ``keys``."""
    for key in keys:
        for element in children.get(key, ()):
            text = _plain(element)
            if text:
                return text
    return None


def _inline_text(value: str) -> str:
    """Text of a title-like value: tags stripped, entities that survived one unescaping resolved."""
    if "<" in value:
        value = _TAG.sub("", value)
    if "&" in value:
        value = _ENTITY.sub(lambda match: html.unescape(match.group()), value)
        value = strip_paired_tags(value)  # "&amp;lt;b&amp;gt;…&amp;lt;/b&amp;gt;": markup escaped twice
    return value


def _text(element: Any) -> str:
    """All text inside ``element`` (CDATA, entities, child elements alike), then resolved as inline text."""
    return _inline_text("".join(element.itertext()))


def _plain(element: Any) -> str:
    """All text inside ``element``, as written (for URLs, ids and dates, where nothing is markup)."""
    return "".join(element.itertext()).strip()


def _markup(element: Any) -> str:
    """What an element holds as HTML: its text, or its inline (X)HTML children serialised."""
    if len(element) == 0:
        return element.text or ""
    pieces = [element.text or ""]
    pieces.extend(etree.tostring(child, encoding="unicode", with_tail=True) for child in element)
    return "".join(pieces)


def _as_html(element: Any) -> str:
    """A body element as HTML: plain text (Atom ``type="text"``, or text without tags or entities) is escaped.

    HTML escaped twice (``&amp;lt;p&amp;gt;`` in the XML, as some aggregators write it) is unescaped once more.
    """
    content = _markup(element)
    if len(element) == 0 and _ESCAPED_TAG.search(content) and not _REAL_TAG.search(content):
        content = html.unescape(content)
    kind = (element.get("type") or "").lower()
    if len(element) == 0 and (kind == "text" or (kind not in ("html", "xhtml") and not _HTML_MARK.search(content))):
        paragraphs = _PARAGRAPH_BREAK.split(content.strip())
        return "".join(f"<p>{html.escape(paragraph).replace(chr(10), '<br>')}</p>" for paragraph in paragraphs)
    return content


def _summary_text(element: Any) -> str:
    """A teaser's text: its markup dropped, entities resolved (it is a line or two: no block walk needed)."""
    content = _markup(element)
    if _ESCAPED_TAG.search(content) and not _REAL_TAG.search(content):
        content = html.unescape(content)
    if "<" in content:
        content = _ANY_TAG.sub(" ", _SKIPPED_MARKUP.sub(" ", content))
    return html.unescape(content) if "&" in content else content


def _author(element: Any) -> str:
    names = [child for child in element if _key(child.tag) == "name"]
    text = _text(names[0]) if names else _text(element)
    mail_name = _MAIL_NAME.match(text)
    return mail_name.group(1) if mail_name else text


def _authors(element: Any) -> list[str]:
    """The people an author element names: Atom's ``name`` is one person, a byline's text may list several."""
    if any(_key(child.tag) == "name" for child in element):
        return [_author(element)]
    return split_names(_author(element))


def _item_url(item: Any, children: dict[str, list[Any]], base: str | None) -> str | None:
    base = item.base or base
    for key in FIELDS["link"]:
        candidates: list[tuple[int, str]] = []
        for link in children.get(key, ()):
            href = link.get("href")
            if href is None:  # RSS: the URL is the text
                candidates.append((0, _plain(link)))
                continue
            rel = link.get("rel", "alternate")
            if rel == "alternate":
                candidates.append((0 if (link.get("type") or "text/html") == "text/html" else 1, href.strip()))
        for _, value in sorted(candidates, key=lambda pair: pair[0]):
            url = absolute_http_url(value, link.base or base)
            if url:
                return url
    for guid in _first(children, FIELDS["guid"]):
        if (guid.get("isPermaLink") or "true").lower() != "false":
            url = absolute_http_url(_plain(guid))
            if url:
                return url
    return absolute_http_url(item.get(f"{{{RDF}}}about"))


def _images(children: dict[str, list[Any]], base: str | None) -> list[tuple[str | None, str | None]]:
    images: list[tuple[str | None, str | None]] = []
    pending = [element for key in FIELDS["images"] for element in children.get(key, ())]
    while pending:
        element = pending.pop(0)
        key = _key(element.tag)
        if key == "media:group":
            pending[:0] = [child for child in element if _key(child.tag) in FIELDS["images"]]
            continue
        url = element.get("url") or element.get("href")
        if not url:
            continue
        kind = (element.get("type") or "").lower()
        medium = (element.get("medium") or "").lower()
        is_image = (
            key in ("media:thumbnail", "itunes:image")
            or kind.startswith("image/")
            or medium == "image"
            or (not kind and not medium and bool(_IMAGE_SUFFIX.search(url)))
        )
        if is_image:
            captions = [child for child in element if _key(child.tag) in ("media:description", "media:title")]
            images.append((url.strip(), _text(captions[0]) if captions else None))
    return images


def _parse_instant(
    value: str,
    publisher: Publisher | None,
    language: str | None,
    flags: list[str],
    channel_offset: timedelta | None = None,
) -> Instant | None:
    """Read a feed date in any of the family's shapes (the rules are in the module docstring)."""
    # Other languages' month names, a 12-hour clock; "GMT+08:00", "+08" and "[Asia/Shanghai]" after the clock.
    value = normalize_zone_suffix(english_date(" ".join(value.split())))
    if not value:
        return None
    if publisher is not None:
        hint: str | None = publisher.zone
    else:
        hint = zone_of_language(language)  # a Chinese, Japanese or Korean feed: its country's zone
    found = parse_rfc822_zoned(value, hint)
    if found is not None:
        return found
    # A local time is the publisher's; in a Chinese feed, China's (as for CST); else UTC, flagged.
    zone = hint or UNKNOWN_PUBLISHER_ZONE
    naive: datetime | None = None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
        try:  # RFC 822 without a zone, or with "-0000" ("offset unknown")
            rfc822 = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            rfc822 = None
        if rfc822 is not None and rfc822.tzinfo is None:
            naive = rfc822
    if parsed is not None:
        if parsed.tzinfo is not None:
            return Instant(parsed, offset_assumed=False)
        naive = parsed
        if _DATE_ONLY.fullmatch(value):
            flags.append("published-date-only")
    if naive is None:
        other = parse_date_line(value, zone)  # the other shapes outlets write (年月日, day first, …)
        if other is None:
            other = parse_day(value, zone)  # "May 21, 2024": a day without its time
            if isinstance(other, Instant):
                flags.append("published-date-only")
        if other is None or isinstance(other, InvalidDate):
            flags.append("published-at-unparseable")
            return None
        if not other.offset_assumed:
            return other
        naive = other.value.replace(tzinfo=None)
    if hint is None:
        if channel_offset:  # the feed's own dates carry an offset: its items' local times share it
            return Instant(naive.replace(tzinfo=timezone(channel_offset)), offset_assumed=True)
        flags.append("published-zone-unknown")
    return localize(naive, zone)


def _channel_base(channel: _Channel) -> str | None:
    """The absolute URL item links are relative to: the channel's link, resolved against the self link if need be."""
    if channel.link is not None:
        return channel.link
    if channel.link_as_written and channel.self_link:
        return absolute_http_url(channel.link_as_written, channel.self_link)
    return channel.self_link


def _title_from_body(blocks: list[tuple[BlockKind, str]]) -> str:
    line = " ".join(blocks[0][1].split("\n", 1)[0].split())
    if len(line) <= TITLE_FROM_BODY_CHARS:
        return line
    cut = line[:TITLE_FROM_BODY_CHARS]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def _convert_item(item: _Item, source: Source) -> Article:
    """Build one item's article; raises ConversionError for an item that gives none."""
    if item.truncated is not None:
        raise ConversionError("truncated", item.truncated)
    element, channel = item.element, item.channel
    children = _children(element)
    flags = list(channel.flags)
    if item.damaged:
        flags.append("feed-xml-recovered")
    url = _item_url(element, children, _channel_base(channel))
    publisher = publisher_of(url)
    language = element.get("{http://www.w3.org/XML/1998/namespace}lang") or channel.language

    # The first body element that holds something: an Atom content with src= points elsewhere, and an empty
    # content:encoded or content (some WordPress plugins and generators write one) must not hide the description;
    # nor one whose every line is chrome (a "Topics: …" line alone), which leaves no block.
    candidates = [
        candidate
        for key in FIELDS["body"]
        for candidate in children.get(key, ())
        if candidate.get("src") is None and (len(candidate) or (candidate.text or "").strip())
    ]
    body_element = candidates[0] if candidates else None
    blocks: list[tuple[BlockKind, str]] = []
    links: list[tuple[str, str]] = []
    images = _images(children, url)
    body_images: list[tuple[str | None, str | None]] = []
    for candidate in candidates:
        body_html = _as_html(candidate)
        raw = read_html_blocks(body_html)
        if not _CODE.search(body_html) and any(_TAG.search(block.text) for block in raw.blocks):
            # Tags still in the text: HTML escaped once more inside otherwise real HTML, so one more
            # unescape. Not where the body shows code: there "<div>" in the text is the article's content.
            raw = read_html_blocks(html.unescape(body_html))
        body_images = body_images or raw.images  # a photo post's images stay, even when its text is elsewhere
        if not raw.blocks:
            continue
        body_element = candidate
        blocks = [(block.kind, block.text) for block in raw.blocks]
        links = [link for block in raw.blocks for link in block.links]
        body_images = raw.images or body_images
        break
    images.extend(body_images)
    # Atom lets the content carry its own xml:lang (TypePad writes it there and nowhere else): the body's
    # language, when the item and the feed declare none.
    if body_element is not None and element.get(_XML_LANG) is None:
        language = body_element.get(_XML_LANG) or language
    summary = None
    summary_elements = _first(children, FIELDS["summary"])
    if summary_elements and body_element is not None and summary_elements[0] is not body_element:
        summary = _summary_text(summary_elements[0]) or None

    # The first title that says something (an empty <title/> beside a dc:title is no title).
    titles = (" ".join(_text(element).split()) for key in FIELDS["title"] for element in children.get(key, ()))
    title = next((text for text in titles if text), "")
    if not any(text.strip() for _, text in blocks):
        if not title:
            raise ConversionError("no-title", f"{source.path}: an item with neither title nor body")
        blocks = [("paragraph", title)]
        flags.append("body-from-title")
    elif not title:
        title = _title_from_body(blocks)
        flags.append("title-from-body")

    # The first date element that holds a date: an empty <pubDate/> or <published/> (generators write them
    # when a field is unset) must not hide the dc:date or updated beside it.
    published = None
    dated = _first_written(children, FIELDS["published"])
    if dated is None:
        dated = _first_written(children, FIELDS["updated"])
        if dated is not None:
            flags.append("published-at-from-updated")
    if dated is not None:
        published = _parse_instant(dated, publisher, language, flags, channel.offset)

    # Every spelling counts; RSS's <author> holds a mail address, dropped when another element names someone.
    authors = [name for key in FIELDS["authors"] for author in children.get(key, ()) for name in _authors(author)]
    rss_authors = [author for author in children.get("author", ()) if len(author) == 0]  # Atom's have children
    addresses = [text for text in (_text(author).strip() for author in rss_authors) if _BARE_MAIL.fullmatch(text)]
    if addresses and len(addresses) < len(authors):
        authors = [author for author in authors if author not in addresses]
    if not authors:
        authors = [name for author in _first(children, FIELDS["podcast_authors"]) for name in _authors(author)]
    if not authors and channel.kind == "atom":
        authors = list(channel.authors)
    # Atom's label is the category's name for people; its term may be a code ("45121504", a taxonomy id).
    categories = [
        category.get("label") or category.get("term") or _text(category)
        for category in _first(children, FIELDS["categories"])
    ]
    tags = [
        tag
        for element in (children.get("dc:subject", []) + children.get("media:keywords", []))
        for tag in (_text(element).split(",") if _key(element.tag) == "media:keywords" else [_text(element)])
    ]
    source_name = channel.title
    for origin in children.get("source", ()):
        origin_titles = [child for child in origin if _key(child.tag) == "title"]
        named = _text(origin_titles[0]) if origin_titles else (_text(origin) if len(origin) == 0 else "")
        if named.strip():
            source_name = named
            title = strip_source_suffix(title, named)  # Google News: "Headline - Reuters" from source Reuters
    if not (source_name or "").strip():
        source_name = publisher.name if publisher is not None else None

    seen: set[str | None] = set()
    unique_images = []
    for image_url, caption in images:
        if image_url not in seen or image_url is None:
            seen.add(image_url)
            unique_images.append((image_url, caption))

    draft = Draft(
        format=FORMAT,
        title=title,
        blocks=blocks,
        url=url,
        source_name=source_name,
        published=published,
        authors=authors,
        summary=summary,
        categories=categories,
        tags=tags,
        images=unique_images,
        links=links,
        flags=flags,
        declared_language=language,
    )
    return build_article(draft, source)


def _codec_of(source: Source) -> tuple[str, bool]:
    """The codec to read ``source.data`` with, and whether its XML declaration was contradicted."""
    data = source.data
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, False
    declared = _XML_DECLARATION.match(data[:512].lstrip())
    if declared is None:
        return source.encoding, False
    name = declared.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(_CODEC_SUPERSETS.get(name, name)).name
    except LookupError:
        return source.encoding, True
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return source.encoding, True
    if codec in _SINGLE_BYTE and source.encoding == "utf-8" and not data.isascii():
        return "utf-8", True  # multi-byte UTF-8 that a single-byte codec would turn into mojibake
    if codec == "iso8859-1" and _C1_BYTES.search(data) is not None:
        # Feeds written on Windows declare ISO-8859-1 over cp1252 bytes: 0x92 is their apostrophe, 0x93 and 0x94
        # their quotes, 0x96 their dash. Read as Latin-1 those are C1 controls, which normalisation then drops
        # ("It\u2019s" became "Its"). Browsers read the label as windows-1252 for this reason (WHATWG Encoding).
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined: Latin-1 after all
            return codec, False
        return "cp1252", False
    return codec, False


def _utf8_bytes(source: Source, codec: str) -> bytes:
    if codec == "utf-8" and source.encoding == "utf-8":
        data = source.data.removeprefix(codecs.BOM_UTF8)
    elif codec == source.encoding:
        data = source.text.removeprefix("\ufeff").encode("utf-8", "surrogatepass")
    else:
        data = source.data.decode(codec, "replace").removeprefix("\ufeff").encode("utf-8")
    # Feeds printed by templates often start with a blank line before the XML declaration. libxml2 then
    # recovers from a misplaced declaration by dropping every "&lt;" and "&gt;" of the document, which turns
    # escaped HTML bodies into "pText/p": the blank start is removed first.
    if data[:1].isspace() and _DECLARATION_AFTER_SPACE.match(data) is not None:
        data = data.lstrip()
    return data


def _repair_entity(match: re.Match[bytes]) -> bytes:
    whole = match.group()
    if not whole.startswith(b"&"):
        return whole  # a CDATA section or a comment, where "&" is literal
    name = match.group(1)
    if name is None:
        return b"&amp;"
    character = html.entities.html5.get(name.decode("ascii") + ";")
    if character is None:
        return b"&amp;" + whole[1:]
    return "".join(f"&#{ord(char)};" for char in character).encode("ascii")


def _repaired_chunks(data: bytes) -> Iterator[bytes]:
    """``data`` in chunks of about :data:`_CHUNK` bytes, with bare ampersands and non-XML entities repaired.

    See the module docstring for the repairs; the repaired document is never held whole.
    """
    if _BAD_AMPERSAND.search(data) is None:
        for start in range(0, len(data), _CHUNK):
            yield data[start : start + _CHUNK]
        return
    pieces: list[bytes] = []
    size = position = 0
    for match in _REPAIR.finditer(data):
        pieces.extend((data[position : match.start()], _repair_entity(match)))
        size += match.end() - position
        position = match.end()
        if size >= _CHUNK:
            yield b"".join(pieces)
            pieces, size = [], 0
    pieces.append(data[position:])
    yield b"".join(pieces)


def _read_channel_field(channel: _Channel, key: str, element: Any) -> None:
    if key in CHANNEL_FIELDS["title"] and channel.title is None:
        channel.title = " ".join(_text(element).split()) or None
    elif key in CHANNEL_FIELDS["link"] and channel.link is None:
        href = element.get("href")
        rel = element.get("rel", "alternate")
        if href is None or rel == "alternate":
            channel.link_as_written = (href or _plain(element)).strip()
            channel.link = absolute_http_url(channel.link_as_written, element.base)
        elif rel == "self" and channel.self_link is None:
            channel.self_link = absolute_http_url(href.strip(), element.base)
    elif key in CHANNEL_FIELDS["dated"] and channel.offset is None:
        dated = parse_rfc822_zoned(" ".join(_plain(element).split()))
        if dated is None:
            try:
                dated = Instant(datetime.fromisoformat(_plain(element)), offset_assumed=False)
            except ValueError:
                dated = None
        if dated is not None and not dated.offset_assumed and dated.value.tzinfo is not None:
            channel.offset = dated.value.utcoffset()
    elif key in CHANNEL_FIELDS["language"] and channel.language is None:
        channel.language = _plain(element) or None
    elif key in CHANNEL_FIELDS["authors"]:
        channel.authors.append(_author(element))


def _items(source: Source, codec: str, channel: _Channel) -> Iterator[_Item]:
    """Parse the feed incrementally and yield each item element as soon as it is complete."""
    data = _utf8_bytes(source, codec)
    parser = etree.XMLPullParser(
        events=("start", "end"),
        encoding="utf-8",
        recover=True,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    depth = 0
    channel_depth: int | None = None
    open_items: list[Any] = []
    error_lines: list[int] = []
    root_seen = False

    def damaged(element: Any) -> bool:
        if not error_lines:
            return False
        last = max((node.sourceline or 0 for node in element.iter()), default=element.sourceline or 0)
        first = element.sourceline or 0
        return any(first <= line <= last for line in error_lines)

    def events(at_end: bool) -> Iterator[_Item]:
        nonlocal depth, channel_depth, root_seen
        log = parser.feed_error_log
        error_lines.extend(error.line for error in log[len(error_lines) :])
        for event, element in parser.read_events():
            key = _key(element.tag)
            if event == "start":
                depth += 1
                if not root_seen:
                    root_seen = True
                    # The tag's local part, read off the string: etree.QName refuses a name a recovering parser
                    # let through ("<title: …" gives the tag "title:").
                    local = str(element.tag).rpartition("}")[2]
                    kind = FEED_ROOTS.get(local)
                    if kind is None:
                        raise ConversionError(
                            "unknown-format", f"not an RSS, RDF or Atom feed: the root element is <{local}>"
                        )
                    if kind == "atom-entry":
                        # An Atom Entry Document: the root is the one item, with no feed around it.
                        if str(element.tag) not in (f"{{{ATOM}}}entry", "{http://purl.org/atom/ns#}entry"):
                            raise ConversionError(
                                "unknown-format", "an <entry> root outside Atom's namespace is not an Atom entry"
                            )
                        kind = "atom"
                        open_items.append(element)
                    channel.kind = kind
                    if kind == "atom":
                        channel_depth = 1
                        channel.language = element.get("{http://www.w3.org/XML/1998/namespace}lang")
                elif key in _CHANNEL_TAGS and channel_depth is None and not open_items:
                    channel_depth = depth
                    channel.language = channel.language or element.get("{http://www.w3.org/XML/1998/namespace}lang")
                if key in _ITEM_TAGS and depth > 1:
                    open_items.append(element)
                continue
            depth -= 1
            if open_items and element is open_items[-1]:
                open_items.pop()
                truncated = None
                if at_end:
                    where = log[-1] if len(log) else None
                    reason = f" (line {where.line}: {where.message})" if where is not None else ""
                    truncated = f"{source.path}: the file ends inside this item{reason}; the items before it were kept"
                yield _Item(element, channel, damaged=damaged(element), truncated=truncated)
                element.clear(keep_tail=True)
                if not open_items:
                    parent = element.getparent()
                    while parent is not None and element.getprevious() is not None:
                        del parent[0]
            elif not open_items and channel_depth is not None and depth == channel_depth and key is not None:
                _read_channel_field(channel, key, element)

    try:
        for chunk in _repaired_chunks(data):
            parser.feed(chunk)
            yield from events(at_end=False)
        parser.close()
    except etree.XMLSyntaxError:  # even a recovering parser gives up on a document without any element
        pass
    yield from events(at_end=True)
    log = parser.feed_error_log
    if len(log):
        channel.last_error = f"line {log[-1].line}: {log[-1].message.strip()}"
    if not root_seen:
        raise ConversionError("unknown-format", "no XML element found: not an RSS, RDF or Atom feed")


def _guid(item: _Item) -> str | None:
    for child in item.element:
        if _key(child.tag) in FIELDS["guid"] or _key(child.tag) == "link":
            value = (child.get("href") or "".join(child.itertext())).strip()
            if value:
                return value[:300]
    return None


def convert(source: Source) -> Iterator[Article | ItemRejected]:
    """Convert a feed into one article per item, streaming.

    Args:
        source: The decoded source.

    Yields:
        Each item's article, or an ItemRejected (position, code, message, guid)
        for an item that gives none: ``no-title`` (neither title nor body),
        ``truncated`` (the file ends inside it), ``invalid-record``.

    Raises:
        ConversionError: ``unknown-format`` (the root is not a feed's) or
            ``no-items`` (a feed without a single item).
    """
    codec, misdeclared = _codec_of(source)
    name = _PROVENANCE_NAMES.get(codec, codec).replace("_", "-")
    read_as = source if name == source.encoding else replace(source, encoding=name)
    channel = _Channel(flags=["encoding-misdeclared"] if misdeclared else [])
    items = _items(source, codec, channel)
    count = 0
    for result in convert_items(items, lambda item: _convert_item(item, read_as), name_of=_guid):
        count += 1
        yield result
    if count == 0:
        reason = f" (the parser stopped: {channel.last_error})" if channel.last_error else ""
        raise ConversionError("no-items", f"the feed holds no complete item or entry{reason}")
