"""What every converter shares: the Source it reads, its Protocol, and the record builder."""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cached_property
from typing import Literal, Protocol, TypeVar
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

from pydantic import ValidationError

from articlekit import __version__
from articlekit.dates import Instant, is_plausible
from articlekit.errors import ConversionError
from articlekit.schema import BLOCK_SEPARATOR, DOMAIN_PATTERN, MAX_URL_CHARS, SCHEMA_VERSION, Article, make_article_id
from articlekit.text import decide_language, normalize_block, normalize_inline

from ._chrome import AUTHOR_CONTACT, CONTRIBUTOR_MARKS

BlockKind = Literal["paragraph", "heading", "list_item", "quote"]
_Item = TypeVar("_Item")

FLAGS: dict[str, str] = {
    "published-at-from-retrieval": "the source gives no publication time: published_at is the retrieval time",
    "published-at-unparseable": (
        "the source's publication date cannot be read or names no real date-time "
        "(31 February, hour 24): published_at is null"
    ),
    "published-at-implausible": (
        "the source's publication time is before 1990, from 2100 on, or more than two days after "
        "the retrieval time: published_at is null"
    ),
    "retrieved-at-implausible": (
        "the source's retrieval time is before 1990, from 2100 on, or no date at all: retrieved_at is null"
    ),
    "published-zone-unknown": "no known zone for the source: its local publication time was taken as UTC",
    "published-date-only": "the source gives a date without a time: published_at is local midnight",
    "language-declared-mismatch": (
        "the source declares one language and the article's text clearly is another: language is the text's"
    ),
    "published-at-from-updated": (
        "the item gives no publication time, only when it was last updated: published_at is that update time"
    ),
    "body-from-title": "the item has a title but no body: its one block repeats the title",
    "title-from-body": "the item has a body but no title: the title is the body's first sentence or line",
    "published-at-from-url": "the only publication date is the one in the article's URL (a date, no time)",
    "encoding-misdeclared": (
        "the source declares a character encoding its bytes are not written in: it was read in the one they fit"
    ),
    "local-url-dropped": (
        "a URL of the item (its own, a link's or an image's) names a host no reader can reach (localhost, a name "
        "without a dot, a private or loopback address): it was dropped, and url is null when it was the item's own"
    ),
    "feed-xml-recovered": (
        "the feed item's XML was malformed (a broken or unclosed tag, a bad character) and was read by a "
        "lenient parser: some of its text may be missing or misplaced"
    ),
}
"""Every code a record's ``flags`` may carry, with what it means. Codes never change meaning."""


@dataclass(frozen=True)
class Source:
    """One decoded source file, as converters see it.

    Attributes:
        path: The path as given by the user (or ``-`` for standard input).
        data: The raw bytes, after any gzip layer was removed.
        text: ``data`` decoded with ``encoding``; line endings are kept as they were.
        encoding: The codec name used to decode ``data``, e.g. ``utf-8``.
        location: A file the converter streams itself instead of reading ``data`` (a WARC file, whose
            ``data`` then holds only its first bytes, for detection); None when ``data`` is the whole source.
    """

    path: str
    data: bytes
    text: str
    encoding: str = "utf-8"
    location: str | None = None

    @cached_property
    def sha256(self) -> str:
        """SHA-256 of the raw bytes, lower-case hex."""
        return hashlib.sha256(self.data).hexdigest()

    @classmethod
    def from_text(cls, text: str, path: str = "<text>") -> Source:
        """Build a Source from text, as if read from a UTF-8 file (handy in tests).

        Lone surrogates, which no real decoded file holds, are kept in ``text``
        and passed through into ``data`` so that property tests can still feed them.
        """
        return cls(path=path, data=text.encode("utf-8", "surrogatepass"), text=text, encoding="utf-8")


@dataclass(frozen=True, slots=True)
class ItemRejected:
    """One item of a many-item source (a feed entry, a digest section, a WARC record) that gave no article.

    A converter yields it in place of the item's article, so the rest of the
    source still converts; the pipeline writes it to ``rejects.jsonl`` with the
    source's path and counts it as ``items_rejected``.

    Attributes:
        position: The item's 1-based position among the source's items.
        code: A stable code from :data:`articlekit.errors.REJECT_CODES`.
        message: What was wrong, for a human.
        item: What names the item inside the source (a guid, an id, a WARC-Record-ID), if anything does.
    """

    position: int
    code: str
    message: str
    item: str | None = None


@dataclass(frozen=True, slots=True)
class ItemsSkipped:
    """Items of a many-item source that hold no article by their nature, counted rather than rejected.

    A WARC file's request, metadata and revisit records, or its image responses, are not failed pages:
    a converter yields one of these per reason (after the articles) and the pipeline adds them to
    ``items_skipped`` in ``summary.json``, with no line in ``rejects.jsonl``.

    Attributes:
        reason: A stable reason key, e.g. ``warc-request`` or ``warc-response-not-html``.
        count: How many items were skipped for it.
    """

    reason: str
    count: int


class Converter(Protocol):
    """A source-format converter: a module with these three names."""

    FORMAT: str
    """The format's registry name, e.g. ``rss-markdown``."""

    def sniff(self, source: Source) -> float:
        """Score from 0 (not this format) to 1 (certainly this format)."""
        ...

    def convert(self, source: Source) -> Iterator[Article | ItemRejected | ItemsSkipped]:
        """Yield the articles in ``source`` (and an ItemRejected for each item that gave none).

        A many-item source may also yield ItemsSkipped counts for items that hold no article by nature.

        Raises ConversionError when the source as a whole gives nothing.
        """
        ...


def convert_items(
    items: Iterable[_Item],
    convert_item: Callable[[_Item], Article],
    *,
    name_of: Callable[[_Item], str | None] = lambda item: None,
) -> Iterator[Article | ItemRejected]:
    """Convert each item of a many-item source, turning an item's ConversionError into an ItemRejected.

    Args:
        items: The source's items, in source order.
        convert_item: Builds one item's article; raises ConversionError when it cannot.
        name_of: What names an item in a reject message (its guid or id), or None.

    Yields:
        Each item's Article, or an ItemRejected with the item's 1-based position.
    """
    for position, item in enumerate(items, start=1):
        try:
            yield convert_item(item)
        except ConversionError as error:
            yield ItemRejected(position, error.code, error.message, name_of(item))


@dataclass
class Draft:
    """The raw pieces a converter found, before normalisation and validation.

    Converters fill a Draft and call :func:`build_article`; they never build an
    Article themselves, so every record is normalised and checked the same way.
    ``flags`` holds codes from :data:`FLAGS` only.
    """

    format: str
    title: str
    blocks: list[tuple[BlockKind, str]]
    url: str | None = None
    source_name: str | None = None
    published: Instant | None = None
    retrieved_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    summary: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    images: list[tuple[str | None, str | None]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    declared_language: str | None = None


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        cleaned = normalize_inline(value)
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


_HAS_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_DOUBLED_SCHEME = re.compile(r"https?:/{1,2}(?=https?://)", re.IGNORECASE)


def absolute_http_url(value: str | None, base: str | None = None) -> str | None:
    """Return ``value`` as an absolute http(s) URL (resolved against ``base``); None if it cannot be one."""
    if not value:
        return None
    value = normalize_inline(value).replace(" ", "%20")
    if _DOUBLED_SCHEME.match(value):  # "http://http://example.com/": a scheme typed twice in a link
        value = _DOUBLED_SCHEME.sub("", value, count=1)
    if "&amp;" in value:  # a URL copied out of HTML into JSON, or escaped twice in XML: "?a=1&amp;b=2"
        value = value.replace("&amp;", "&")
    try:  # urlsplit raises ValueError on hosts it cannot parse ("https://[x", NFKC-colons in the host)
        if base and not _HAS_SCHEME.match(value):  # urljoin would rewrite an absolute URL (drops a bare ";")
            value = urljoin(base, value)
        elif value.startswith("//"):
            value = "https:" + value
        parts = urlsplit(value)
        hostname = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not hostname:
        return None
    # Pages link through redirectors that carry a whole percent-encoded page in the query; a URL past the
    # record's bound is no address a reader follows, and keeping it would make the whole record invalid.
    if len(value) > MAX_URL_CHARS:
        return None
    return value


TRACKING_PARAMETERS = frozenset(
    (
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid",
        "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "ocid", "cmpid", "ncid", "sr_share", "spm", "ref_src",
        # Webtrekk/Mapp (wt_mc: heise, Spiegel, Zeit …) and AT Internet (xtor, at_*: Le Monde, France TV …)
        "wt_mc", "wt_zmc", "xtor", "at_medium", "at_campaign",
        # Other ad networks' click ids (Google's gclsrc and srsltid, TikTok, LinkedIn, Pinterest) and
        # analytics' cross-domain ids (Google Analytics' _ga/_gl, HubSpot's __hs*).
        "gclsrc", "srsltid", "ttclid", "li_fat_id", "epik", "_ga", "_gl", "__hstc", "__hssc", "__hsfp",
        # Matomo/Piwik campaigns (pk_*, mtm_*), internal-promotion tags (itm_*), comScore (ns_*), Adobe (s_cid).
        "pk_campaign", "pk_kwd", "pk_source", "pk_medium", "pk_content", "mtm_campaign", "mtm_kwd", "mtm_source",
        "mtm_medium", "mtm_content", "itm_source", "itm_medium", "itm_campaign", "itm_content", "ns_mchannel",
        "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "s_cid",
        # Yahoo's consent redirect (guccounter, guce_*) and its social tags, on every syndicated Yahoo link.
        "guccounter", "guce_referrer", "guce_referrer_sig", "soc_src", "soc_trk",
    )
)  # fmt: skip
"""Query parameters that only track a click, removed from the canonical URL (besides every ``utm_*``)."""
FEED_ORIGIN_KEYS = frozenset(("source", "ref", "from", "src", "partner", "emc", "feature", "via", "ns_source"))
"""Keys that, holding a feed's name as value, only say the click came from a feed (``?source=rss----5517fd7b58a6---4``
on Medium, ``?partner=rss&emc=rss`` on The New York Times, ``?ref=rss``): removed then, kept with any other value."""
_FEED_ORIGIN_VALUE = re.compile(r"(?:rss|atom|feeds?|feedburner)(?:[-_.].*)?", re.IGNORECASE | re.DOTALL)
HOST_TRACKING_PARAMETERS: dict[str, frozenset[str]] = {
    "mp.weixin.qq.com": frozenset(("from", "isappinstalled", "scene", "clicktime", "enterid", "chksm")),
    # Google News's feed links end in "?oc=5" (which surface the click came from); "oc" means other things elsewhere.
    "news.google.com": frozenset(("oc",)),
}
"""Parameters that track a click on one host only (``from`` is a real parameter elsewhere)."""


def strip_tracking(url: str) -> str:
    """Return ``url`` without its tracking query parameters (``utm_*``, the tables above, feed-origin markers).

    The other parameters are kept exactly as written (their order, escapes, ``+`` and bare keys): the result
    is the source's link minus its trackers, never a re-encoding of it. A URL without tracking parameters is
    returned as it is.
    """
    parts = urlsplit(url)
    if not parts.query:
        return url
    host_parameters = HOST_TRACKING_PARAMETERS.get((parts.hostname or "").lower(), frozenset())
    pieces = parts.query.split("&")
    kept = [piece for piece in pieces if not _is_tracking(piece, host_parameters)]
    if len(kept) == len(pieces):
        return url
    return urlunsplit(parts._replace(query="&".join(kept)))


def _is_tracking(piece: str, host_parameters: frozenset[str]) -> bool:
    raw_key, _, raw_value = piece.partition("=")
    key = unquote_plus(raw_key)
    lower = key.lower()
    if lower.startswith("utm_") or lower in TRACKING_PARAMETERS or key in host_parameters:
        return True
    return lower in FEED_ORIGIN_KEYS and _FEED_ORIGIN_VALUE.fullmatch(unquote_plus(raw_value)) is not None


_PAIRED_INLINE_TAG = re.compile(
    r"<(/?)(a|abbr|b|big|cite|code|del|em|font|i|ins|mark|q|s|small|span|strike|strong|sub|sup|u)(?:\s[^<>]*)?>",
    re.IGNORECASE,
)


def strip_paired_tags(text: str) -> str:
    """``text`` without the inline HTML tags it both opens and closes (``<b>Samsung</b>`` gives ``Samsung``).

    For a title whose markup was escaped once more than its container undoes (``&amp;lt;b&amp;gt;`` in XML,
    ``&lt;b&gt;`` in JSON): once resolved, the tags are still there. A tag that is not closed is kept, since
    a title may name one (``The <code> element``), and text with ``<`` but no tag is returned as it is.
    """
    if "<" not in text:
        return text
    found = [(match.group(1), match.group(2).lower()) for match in _PAIRED_INLINE_TAG.finditer(text)]
    paired = {name for slash, name in found if not slash} & {name for slash, name in found if slash}
    if not paired:
        return text
    return _PAIRED_INLINE_TAG.sub(lambda match: "" if match.group(2).lower() in paired else match.group(), text)


# Between the names of a byline: "and", "&", CJK enumeration marks and full-width punctuation, ";" and "/".
# A comma is not among them: "Smith, John" is one person written last name first.
_NAME_JOINERS = re.compile(r"\s*(?:[、;；，/／&]|\band\b)\s*")  # noqa: RUF001
_NAME_COMMA = re.compile(r"\s*,\s*")
_BYLINE_BY = re.compile(r"^by\s+", re.IGNORECASE)
# Scripts written without spaces between family and given name: each comma-separated piece is a whole name.
_UNSPACED_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


# Initials after a family name, as scholarly feeds list authors: "N.", "P.-L.", "R. J.", "J-F".
_INITIALS = re.compile(r"(?:[A-Z][a-z]?\.?(?:[\s-]+|$))+")


def _is_full_name(piece: str) -> bool:
    return len(piece.split()) >= 2 or _UNSPACED_NAME.search(piece) is not None


def split_names(byline: str) -> list[str]:
    """The people a byline string names: ``By A and B``, ``A, B and C``, ``张三、李四``, ``A & B``.

    Names are split at "and", "&", ``、``, ``;`` and ``/``. A comma splits only a list whose every piece
    is a full name (two words or more, or CJK or Hangul text): ``Jane Doe, John Roe`` is two people,
    ``Smith, John`` and ``Doe, Jane A.`` stay one, written last name first; a list of family names each
    followed by initials (``Lapalu, N., Simon, A.``, as scholarly feeds write it) is one person per pair.
    A leading "By" is dropped.
    """
    names: list[str] = []
    for part in _NAME_JOINERS.split(_BYLINE_BY.sub("", byline.strip())):
        part = part.strip(" ,")  # "A, B, and C": the comma before "and"
        if not part:
            continue
        pieces = [piece for piece in _NAME_COMMA.split(part) if piece]
        if len(pieces) > 1 and all(_is_full_name(piece) for piece in pieces):
            names.extend(pieces)
        elif len(pieces) > 2 and len(pieces) % 2 == 0 and all(_INITIALS.fullmatch(piece) for piece in pieces[1::2]):
            # "Lapalu, N., Simon, A., O'Connell, R. J.": family names and initials in turn, one person a pair
            names.extend(f"{family}, {initials}" for family, initials in zip(pieces[::2], pieces[1::2], strict=True))
        else:
            names.append(part)
    return names


# " - Reuters", " | BBC News", " — Le Monde": the separators aggregators put before the publisher's name.
_SOURCE_SUFFIX = re.compile(r"\s+[-–—|]\s+([^-–—|]{2,80})$")  # noqa: RUF001
_NOT_A_NAME_CHARACTER = re.compile(r"[\W_]+")
_HOST_ENDING = re.compile(r"\.(?:com|net|org|co\.uk|co|news|info)$", re.IGNORECASE)


def _comparable_source(name: str) -> str:
    """A publisher's name as compared: ``Androidcentral.com`` and ``Android Central`` are the same."""
    name = _HOST_ENDING.sub("", name.strip().casefold().removeprefix("www."))
    return _NOT_A_NAME_CHARACTER.sub("", name)


def strip_source_suffix(title: str, source_name: str | None) -> str:
    """``title`` without a trailing `` - Publisher`` that names ``source_name``.

    Aggregators (Google News, NewsAPI) append the publisher to every headline. Only a suffix that is the
    item's own source name (compared without case, spaces, punctuation or ``.com``) goes: a headline
    ending in `` - Part 2`` or naming another outlet stays whole.
    """
    if not source_name:
        return title
    match = _SOURCE_SUFFIX.search(title)
    if match is None or match.start() == 0:
        return title
    wanted = _comparable_source(source_name)
    if not wanted or _comparable_source(match.group(1)) != wanted:
        return title
    return title[: match.start()]


_DOMAIN = re.compile(DOMAIN_PATTERN)
LOCAL_HOST_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".invalid")
"""Host name endings reserved for a local network or for no host at all (RFC 6761, 6762, 8375; ICANN's
``.internal``): a URL there was copied from a writer's own machine or intranet."""


def is_public_url(url: str) -> bool:
    """Whether a reader can reach ``url``'s host: it is a dotted public name or a global IP address.

    Not ``localhost``, a name without a dot or ending in one of :data:`LOCAL_HOST_SUFFIXES`, nor a
    loopback, private, link-local or unspecified IP address.

    Posts written against a development server keep links such as ``https://localhost:8000/…``; such a URL
    names nothing on the web, so it is no article's address and no source a reader can follow.
    """
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return False
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        pass
    return "." in host and not host.endswith(LOCAL_HOST_SUFFIXES)


def domain_of(url: str | None) -> str | None:
    """Return the lower-case host of ``url`` without a leading ``www.``; None when there is none.

    A host that is no domain name (an IPv6 literal, a name with ``_``) gives None: the record's
    ``source.domain`` holds host names only.
    """
    if url is None:
        return None
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
        host = host.removeprefix("www.").encode("idna").decode("ascii")
    except ValueError:  # UnicodeError is a ValueError too
        return None
    return host if _DOMAIN.match(host) else None


def build_article(draft: Draft, source: Source) -> Article:
    """Normalise a Draft and validate it into an Article.

    Args:
        draft: What the converter found.
        source: The source it came from, for provenance.

    Returns:
        A valid Article.

    Raises:
        ConversionError: ``no-title``, ``no-body`` or ``invalid-record``.
        ValueError: A flag that is not in :data:`FLAGS` (a bug in the converter, not bad input).
    """
    unknown = [flag for flag in draft.flags if flag not in FLAGS]
    if unknown:
        raise ValueError(f"unknown flags {unknown!r}: every flag must be listed in FLAGS")
    title = normalize_inline(draft.title)
    if not title:
        raise ConversionError("no-title", f"{source.path}: no title found")
    blocks = []
    for kind, raw in draft.blocks:
        text = normalize_block(raw)
        if text:
            blocks.append({"kind": kind, "text": text})
    if not blocks:
        raise ConversionError("no-body", f"{source.path}: no body text left after removing boilerplate")
    text = BLOCK_SEPARATOR.join(block["text"] for block in blocks)
    url = absolute_http_url(draft.url)
    flags = list(draft.flags)
    if url is not None and not is_public_url(url):
        url = None  # the article itself is kept: a bad address costs the url, not the record
        flags.append("local-url-dropped")
    if url is not None:
        url = strip_tracking(url)

    retrieved_at = draft.retrieved_at
    if retrieved_at is not None and not is_plausible(retrieved_at):
        retrieved_at = None
        flags.append("retrieved-at-implausible")
    published, assumed = None, False
    if draft.published is not None:
        published, assumed = draft.published.value, draft.published.offset_assumed
        if not is_plausible(published, latest=retrieved_at):
            published, assumed = None, False
            flags.append("published-at-implausible")
        else:
            # A fixed offset, not a zone object: the record keeps the offset, not the
            # zone's rules. replace() rather than astimezone(): no arithmetic, no overflow.
            published = published.replace(tzinfo=timezone(published.utcoffset() or timedelta(0)))

    images = []
    for image_url, caption in draft.images:
        image = {"url": absolute_http_url(image_url, url), "caption": normalize_block(caption or "") or None}
        if image["url"] is not None and not is_public_url(image["url"]):
            image["url"] = None
            flags.append("local-url-dropped")
        if image["url"] or image["caption"]:
            images.append(image)
    links = []
    for link_url, link_text in draft.links:
        absolute = absolute_http_url(link_url, url)
        label = normalize_block(link_text)
        if absolute and not is_public_url(absolute):
            flags.append("local-url-dropped")  # the link's text stays in its block; only the link goes
        elif absolute and label:
            links.append({"url": absolute, "text": label})
    summary = normalize_block(draft.summary or "") or None
    # The article's own text decides: its title and blocks, boilerplate already cut.
    language = decide_language(title + "\n" + text, draft.declared_language)
    if language.declared_mismatch:
        flags.append("language-declared-mismatch")

    record = {
        "schema_version": SCHEMA_VERSION,
        "id": make_article_id(url, format=draft.format, title=title, published_at=published),
        "url": url,
        "source": {
            "name": normalize_inline(draft.source_name or "") or None,
            "domain": domain_of(url),
        },
        "title": title,
        # A name marked as a translator's or an editor's ("张三（译）") is a contributor, not an author;
        # a bracketed handle or address after a name is how to reach the author, not the name.
        "authors": _unique(
            AUTHOR_CONTACT.sub("", name) for name in draft.authors if not CONTRIBUTOR_MARKS.search(name)
        ),
        "published_at": published,
        "published_offset_assumed": assumed,
        "retrieved_at": retrieved_at,
        "language": language.language,
        "summary": summary,
        "categories": _unique(draft.categories),
        "tags": _unique(draft.tags),
        "blocks": blocks,
        "text": text,
        "images": images,
        "links": links,
        "flags": list(dict.fromkeys(flags)),
        "provenance": {
            "format": draft.format,
            "path": normalize_inline(source.path) or "-",
            "sha256": source.sha256,
            "encoding": source.encoding,
            "converter_version": __version__,
        },
    }
    try:
        return Article.model_validate(record)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "record"
        raise ConversionError("invalid-record", f"{source.path}: {where}: {first['msg']}") from error
