"""``html-page``: a full HTML document saved by a crawler (one article page).

Shape of a source::

    <!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="…">  <title>Headline | Site</title>
        <meta property="og:title" content="…">  <link rel="canonical" href="…">
        <script type="application/ld+json">{"@type": "NewsArticle", "headline": …}</script>
      </head>
      <body>
        <header>site menu</header> <nav>…</nav>
        <article> <h1>Headline</h1> <p class="byline">By …</p> <time datetime="…">
                  <p>body …</p> <figure><img><figcaption>…</figcaption></figure> </article>
        <aside>related</aside> <div id="comments">…</div> <footer>…</footer>
      </body>
    </html>

Rules, in the order the code applies them:

1. Encoding: a byte-order mark wins; then bytes that are valid UTF-8 are UTF-8 (saved pages are
   often re-encoded to UTF-8 with their old ``<meta charset>`` kept); else a ``<meta charset>`` or
   ``http-equiv`` content-type naming a codec Python knows (WHATWG labels such as ``gb2312`` read as
   their supersets, see :data:`articlekit.decode.CHARSET_ALIASES`) decodes the bytes when they decode cleanly with it;
   a name no codec answers to, or a codec that fails on the bytes, leaves charset detection's
   decoding. ``provenance.encoding`` says which codec was used.
2. The text is parsed once by lxml's HTML parser (comments and processing
   instructions dropped; nothing is fetched, no script runs; ``<meta refresh>``
   means nothing here). libxml2 builds trees a few thousand levels deep at most:
   what a page nests deeper is not read.
3. Metadata, field by field, in the order of :data:`METADATA_ORDER`: JSON-LD
   ``NewsArticle``/``Article``/``BlogPosting`` (and kin, see
   :data:`JSON_LD_ARTICLE_TYPES`; found at the top, in lists and in ``@graph``)
   first, then the meta tags in :data:`META_KEYS`, then the page itself.
   ``<base href>`` (the first one, if http(s)) resolves relative links and
   images; it resolves against the page's own URL (a WARC record's), else
   against the canonical URL; an unusable base (``javascript:``, ``data:``) is ignored.
4. Page-level pruning before the walker: elements that never hold text
   (:data:`NEVER_TEXT_TAGS`: scripts, styles, templates, SVG, form controls …)
   go first; then chrome (:data:`PRUNED_TAGS`: ``form``, ``nav``, ``header``,
   ``footer``, ``aside``; ARIA roles in :data:`ROLE_CHROME`; hidden elements;
   ``class``/``id`` tokens in :data:`CHROME_TOKENS`: comments, share bars,
   related links, newsletter boxes, cookie banners, sidebars … unless the
   tokens also say content, :data:`CONTENT_TOKENS`). A chrome-looking element
   that holds two fifths of the page's text, or a ``div`` with several long
   paragraphs, is a site-wide wrapper and stays, and so does an ``aside`` or ``header`` holding the
   ``<h1>`` and the ``itemprop=articleBody`` element (see :func:`_holds_the_page`);
   a comment thread goes however long it is.
5. The main content: the element marked as the article body
   (``itemprop=articleBody``, the containers in :data:`CONTENT_CONTAINERS`, the
   nearest common ancestor when several parts are marked alike, an inner marked element holding
   85 % of a marked wrapper's text rather than the wrapper, else the longest
   ``<article>``/``<main>`` that does not hold several ``<article>`` s), when it holds enough
   text and the densest container outside it does not hold twice as much; otherwise the block container with
   the best text-density score (see :func:`_score_candidates`: paragraph text
   credits its parent in full and its grandparent by half, text written
   between ``<br>`` s credits its own ``div``, commas and length count,
   link-heavy text counts against, chrome-looking tokens cost and
   content-looking tokens earn).
6. Next stories that an infinite-scroll theme loaded into the container go: a wrapper that opens with
   an ``<h1>`` other than the title, followed by that story's byline or date
   (see :func:`_cut_appended_stories`).
7. The chosen container is read by the one walker
   (:func:`._html_blocks.read_html_element`, on the parsed tree itself), after the container and the
   wrappers inside it that hold half its text lose the class, id and visibility marks that would make
   the walker skip them (``article-ad-marker``); blocks that repeat the title, bylines, share and
   "read more" lines, short link-only blocks, teaser cards for other articles (a linked headline,
   then a summary linked to the same page), a run of linked headlines closing the body and a date-time
   line among the first blocks (``April 15, 2019 6:18am``) are dropped.
8. A JSON-LD ``articleBody`` that holds more than twice the text kept from the HTML is the body
   instead (a paywalled or script-filled page saved as its shell): plain text a paragraph a line, or
   HTML through the same walker.
9. A site's home page (its root URL, and no structured data or ``og:type``
   calling it an article) and a page whose main content and ``articleBody`` hold less than
   :data:`MIN_BODY_CHARS` of text (an index page, a login wall, a 404 page)
   are ``no-body``; a page without any title is ``no-title``.

Times without an offset are local times of the publisher (from
:mod:`._publishers`), else of the zone :data:`LANGUAGE_ZONES` gives for the
page's declared language, else for the Chinese script of its text (Simplified:
Asia/Shanghai, Traditional: Asia/Taipei), else UTC with ``published-zone-unknown``.
A date without a time gives way to a later source's full time on the same day.
A date found only in the URL is kept as a date (``published-date-only``) and
flagged ``published-at-from-url``.

``updated``: the contract has no field for a modification time and this module
does not add one; see docs/reference/html-metadata.md (a change to the contract bumps
``schema_version`` and every writer, reader and validator).
"""

from __future__ import annotations

import codecs
import functools
import html
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import orjson
from lxml import etree

from articlekit.dates import Instant, localize
from articlekit.decode import codec_for_label
from articlekit.errors import ConversionError
from articlekit.schema import Article
from articlekit.text import detect_chinese_script, normalize_inline

from ._chrome import BYLINE, BYLINE_LINE
from ._html_blocks import RawBlock, RawBody, read_html_blocks, read_html_element
from ._publishers import UNKNOWN_PUBLISHER_ZONE, publisher_of
from ._rss_dates import InvalidDate, parse_date_line
from .base import BlockKind, Draft, Source, absolute_http_url, build_article

FORMAT = "html-page"
"""The format's registry name."""
DESCRIPTION = "a full HTML article page saved by a crawler"
"""One line for ``articlekit formats``."""
READS = ("html",)
"""The kinds of files it reads."""

METADATA_ORDER: dict[str, tuple[str, ...]] = {
    "title": (
        "JSON-LD headline (name)",
        "og:title",
        "twitter:title",
        "the <h1> of the article (else of the page)",
        "a heading right above the main content, when only the <title> names the page",
        "<title> without the site-name suffix",
    ),
    "url": ("<link rel=canonical>", "og:url", "JSON-LD url", "WARC-Target-URI (WARC only)"),
    "published_at": (
        "JSON-LD datePublished (dateCreated)",
        "article:published_time and the meta date names in META_KEYS['published']",
        "datePublished of the page's other JSON-LD nodes (its WebPage)",
        "itemprop=datePublished",
        "the first <time datetime> in the article",
        "a date-time line next to the <h1> (numeric, or an English month name with a time)",
        "a labelled date in the opening text (发布时间：2019-05-18; date only)",
        "the page's first list item labelled Date in an element of its own (<strong>Date</strong> 10.06.2013)",
        "a date in the URL (date only, flagged published-at-from-url)",
    ),
    "authors": (
        "JSON-LD author (string, object or list; @id references followed in @graph)",
        "meta author names in META_KEYS['author']",
        "rel=author links",
        "a byline line among the article's first blocks (By …, Von …, Par …, 作者：…)",
        "the page's first list item labelled Author in an element of its own (<strong>Author</strong> name)",
        "the byline element (itemprop=author, class byline/author)",
        "an 作者： (著者：) label in the page's opening text (a portal's info line under the headline)",
        "a byline line among the elements right after the headline, outside the body (By …, Von …)",
    ),
    "source": ("og:site_name", "JSON-LD publisher.name", "the publishers table by domain"),
    "language": ("<html lang>", "meta http-equiv content-language", "og:locale"),
    "summary": ("meta description", "og:description", "twitter:description", "JSON-LD description"),
    "categories": ("article:section (and META_KEYS['section'])", "JSON-LD articleSection"),
    "tags": ("article:tag, keywords, news_keywords (META_KEYS['tags'])", "JSON-LD keywords"),
    "images": ("og:image (META_KEYS['image'])", "JSON-LD image", "the article's images with their captions"),
    "links": ("links inside the kept body blocks",),
}
"""Where each field comes from, first source first (docs/reference/html-metadata.md is generated from it).

A field's first usable value wins, except: tags and categories gather every source; a date without
a time gives way to a later source's full time on the same day; a JSON-LD headline gives way to the
``<h1>`` when ``og:title`` or ``twitter:title`` shows the same title as the ``<h1>`` (the JSON-LD one
is then the search-engine variant)."""

META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title"),
    "url": ("og:url",),
    "published": (
        "article:published_time", "og:article:published_time", "article:published", "published_time",
        "datepublished", "date.published", "pubdate", "publishdate", "publish_date", "publish-date",
        "publication_date", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
        "dc.date", "dcterms.date", "dcterms.created", "date", "article.published", "og:pubdate",
        "cxenseparse:recs:publishtime", "weibo:article:create_at", "pubtime", "publishtime",
    ),
    "author": (
        "author", "article:author", "dc.creator", "dcterms.creator", "byl", "sailthru.author",
        "parsely-author", "cxenseparse:author", "twitter:creator:name",
    ),
    "site": ("og:site_name", "application-name", "apple-mobile-web-app-title"),
    "summary": ("description", "og:description", "twitter:description", "dc.description"),
    "section": ("article:section", "parsely-section", "section", "category"),
    "tags": ("article:tag", "keywords", "news_keywords", "parsely-tags", "sailthru.tags"),
    "image": ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"),
    "locale": ("content-language", "og:locale", "language", "dc.language"),
}  # fmt: skip
"""Meta tag names (``name``, ``property`` or ``itemprop``, lower case) per field, first preferred."""

JSON_LD_ARTICLE_TYPES = frozenset(
    (
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "livebloposting",
        "liveblogposting", "techarticle", "scholarlyarticle", "socialmediaposting", "report", "posting",
    )
)  # fmt: skip
"""JSON-LD ``@type`` values (lower case) that describe the page's article."""

NEVER_TEXT_TAGS = frozenset(
    (
        "script", "style", "noscript", "template", "svg", "math", "button", "input", "select", "textarea",
        "iframe", "object", "embed", "canvas", "link", "meta", "audio", "video", "map", "dialog", "head",
    )
)  # fmt: skip
"""Elements that never hold article text: removed with their content before anything is measured."""

PRUNED_TAGS = frozenset(("form", "nav", "header", "footer", "aside", "menu"))
"""Chrome elements, removed with their content unless they hold most of the page's text (see :func:`_prune`)."""

CHROME_TOKENS = frozenset(
    (
        "comment", "comments", "commentlist", "disqus", "share", "sharing", "sharebar", "social", "socials",
        "related", "relatedposts", "recommended", "recommendations", "newsletter", "subscribe", "subscription",
        "signup", "cookie", "cookies", "consent", "gdpr", "banner", "breadcrumb", "breadcrumbs", "sidebar",
        "widget", "menu", "navbar", "navigation", "nav", "footer", "masthead", "header", "topbar", "popup",
        "modal", "overlay", "paywall", "promo", "advert", "advertisement", "ad", "ads", "sponsored", "outbrain",
        "taboola", "pagination", "pager", "toolbar", "tags", "taglist", "authorbio", "bio", "skip", "print",
        "login", "trending", "mostread", "mostpopular", "popular", "jump", "tooltip", "hidden",
        # cards for the next stories after the article (boingboing's "nextstory" thumbnails)
        "nextstory", "nextstories", "morestories", "readnext", "upnext",
    )
)  # fmt: skip
"""``class``/``id``/``role`` tokens (split on spaces, ``-`` and ``_``, lower case) that mark page chrome."""

CONTENT_TOKENS = frozenset(
    (
        "article", "articlebody", "body", "content", "entry", "main", "post", "story", "text", "blog",
        "column", "hentry", "page",
    )
)  # fmt: skip
"""Tokens that keep an element whose other tokens look like chrome (``article-header``-less body wrappers)."""

CONTENT_CONTAINERS = (
    "articlebody", "article-body", "article_body", "articlebody", "article-content", "article_content",
    "articlecontent", "article-text", "article__body", "article__content", "entry-content", "post-content",
    "post-body", "postbody", "post_content", "story-body", "story-content", "storycontent", "story__body",
    "body-content", "content-body", "article-detail", "detail-content", "news-content", "newscontent",
    "news_txt", "article-main", "main-content", "text-content", "rich-text", "c-entry-content",
    "the-content", "single-content", "td-post-content", "entry", "post_text", "article_con", "content_area",
)  # fmt: skip
"""``class``/``id`` values (whole value or one token, lower case) of the common article-body containers."""

# libxml2 preselects the elements worth a look by their attributes (matching class values in XPath with
# translate() and contains() costs far more than the check in Python); the loops then check them exactly.
_MARKED_CANDIDATES = etree.XPath(".//*[@itemprop or @class or @id]")
_BYLINE_CANDIDATES = _MARKED_CANDIDATES
_DATE_ELEMENTS = etree.XPath(".//*[@itemprop='datePublished' or @itemprop='datepublished'] | .//time[@datetime]")

ROLE_CHROME = frozenset(("navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"))
"""ARIA ``role`` values that mark chrome."""

LANGUAGE_ZONES: dict[str, str] = {
    "zh-cn": "Asia/Shanghai", "zh-hans": "Asia/Shanghai", "zh": "Asia/Shanghai", "zh-tw": "Asia/Taipei",
    "zh-hk": "Asia/Hong_Kong", "zh-hant": "Asia/Taipei", "zh-sg": "Asia/Singapore", "ja": "Asia/Tokyo",
    "ko": "Asia/Seoul",
    # Languages whose every country keeps the same clock (German: Germany, Austria, Switzerland, Luxembourg;
    # Dutch: the Netherlands and Belgium; Italian: Italy and Switzerland …). English, French, Spanish,
    # Portuguese, Arabic and Russian span many zones and are not here.
    "de": "Europe/Berlin", "nl": "Europe/Amsterdam", "it": "Europe/Rome", "pl": "Europe/Warsaw",
    "cs": "Europe/Prague", "sk": "Europe/Bratislava", "hu": "Europe/Budapest", "sl": "Europe/Ljubljana",
    "hr": "Europe/Zagreb", "da": "Europe/Copenhagen", "sv": "Europe/Stockholm", "sv-fi": "Europe/Helsinki",
    "nb": "Europe/Oslo", "nn": "Europe/Oslo", "no": "Europe/Oslo", "fi": "Europe/Helsinki", "et": "Europe/Tallinn",
    "lv": "Europe/Riga", "lt": "Europe/Vilnius", "el": "Europe/Athens", "ro": "Europe/Bucharest",
    "bg": "Europe/Sofia", "tr": "Europe/Istanbul", "he": "Asia/Jerusalem", "th": "Asia/Bangkok",
    "vi": "Asia/Ho_Chi_Minh",
}  # fmt: skip
"""Zone of naive local times on a page of an unknown publisher that declares one of these languages."""

MIN_BODY_CHARS = 250
"""Least text (in UTF-8 bytes: a CJK character counts three) a main content must hold to be an article."""
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ZONE_ABBREVIATIONS = {
    "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8,
    "PDT": -7, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
}  # fmt: skip
"""Zone abbreviations read as fixed offsets (only the unambiguous ones: IST, for one, is not here)."""
_ENGLISH_DATE = re.compile(
    r"(?:[A-Za-z]{3,9}\.?,?\s+)?(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
    r"(?:(?:,|\s+at|\s*[-|])?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<meridiem>[AaPp]\.?[Mm]\.?)?)?(?:\s+(?P<zone>[A-Za-z]{1,4}))?"
)
_ENGLISH_DATE_IN_TEXT = re.compile(r"(?<![A-Za-z])" + _ENGLISH_DATE.pattern)  # a month name is a whole word
_SNIFF_CHARS = 4096
_SCORED_LEADERS = 8
_OPENING_TEXT_CHARS = 3000  # a page without <h1> prints its date within its opening text, if anywhere
_CHARSET_WINDOW = 16 * 1024
_BLOCK_CANDIDATE_TAGS = frozenset(("div", "section", "article", "main", "td", "body", "blockquote"))
_PARAGRAPH_TAGS = frozenset(("p", "pre", "h2", "h3", "h4", "li", "blockquote", "td"))
_TOKEN_SPLIT = re.compile(r"[\s_-]+")
_CAMEL_PARTS = re.compile(r"[A-Z]?[a-z]+")  # "authorPopup" -> "author", "Popup"
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NEVER_CHROME_TAGS = frozenset(("html", "body", "article", "main"))
_ALWAYS_CHROME_TOKENS = frozenset(("comment", "comments", "commentlist", "disqus", "related", "relatedposts"))
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
_HTML_START = re.compile(
    r"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*(?:<!doctype\s+html|<html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_SIGNS = re.compile(r"<head[\s>]|<body[\s>]|<meta\s|<title[\s>]", re.IGNORECASE)
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF|urlset|sitemapindex)[\s>]", re.IGNORECASE)
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:/|[_-]|\.html?|$)"
    r"|/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"
)
_DATE_ONLY = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})|((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
# Named parts, not a re-split of the match: with an optional separator between day and hour, "2000/1/10:00"
# would split its digits one way in the regex and another way in a findall.
# A date alone written day first with dots ("10.06.2013"), as German and European papers print it; a dotted
# date is never month first (the US writes slashes).
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})")
_NEAR_TITLE_DATE = re.compile(
    # Japanese and Chinese pages write the clock with characters too: "2019年5月18日 13時16分", "13时16分".
    r"(?P<year>(?:19|20)\d{2})[-/.年](?P<month>\d{1,2})[-/.月](?P<day>\d{1,2})(?:日\s*|\s+|T)"
    r"(?P<hour>\d{1,2})(?:[:：]|\s*[時时]\s*)(?P<minute>\d{2})(?:(?:[:：]|\s*分\s*)(?P<second>\d{2})秒?|\s*分)?"
    # Day first with dots, as German, Czech, Polish, Russian or Scandinavian papers print it: "12.10.2015,
    # 19:16 Uhr", "12.10.2015 um 19:16". A dotted date is never month first (the US writes slashes).
    r"|(?<![\d.])(?P<dotted_day>\d{1,2})\.(?P<dotted_month>\d{1,2})\.(?P<dotted_year>(?:19|20)\d{2}),?\s+"
    r"(?:(?:um|kl\.?|klo|v|в|o)\s+)?(?P<dotted_hour>\d{1,2}):(?P<dotted_minute>\d{2})(?::(?P<dotted_second>\d{2}))?"
)
_TITLE_SEPARATORS = re.compile(
    r"\s+[|–—·:•»-]\s+|\s*[|_｜–—]\s*|\s+::\s+|(?<=[\u4e00-\u9fff）」》])-(?=[\u4e00-\u9fff])"  # noqa: RUF001
)
_TRAILING_SEPARATOR = re.compile(r"(?:\s+[|–—·:•»@-]|\s*[|_｜–—-]|\s+::)\s*$")  # noqa: RUF001
_LEADING_SEPARATOR = re.compile(r"^\s*(?:[|–—·:•»_｜-]|::)\s*")  # noqa: RUF001
_BRACKETED_TAIL = re.compile(r"\s*(?:（[^（）]{1,40}）|\([^()]{1,40}\)|\[[^\[\]]{1,40}\]|【[^【】]{1,40}】)\s*")
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|[^\W_]{3,}")
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_HEADLINE_TOKENS = frozenset(("title", "headline", "article-title", "entry-title", "post-title", "news-title"))
_HEADLINE_CANDIDATES = etree.XPath(
    "descendant::*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or @class or @id]"
)
_QUOTES = re.compile('[‘’‚‛′“”„‟″«»"]')  # noqa: RUF001 - the quote marks titles are written with
_NAME_SPLIT = re.compile(
    # A slash parts a name from its outlet and the line's date ("Saibal Dasgupta / TNN / Updated: …"), or two names.
    r"\s*(?:,|;|、|，|/|／|\(|\)|\band\b|&|\bund\b|\bet\b|\by\b|\bavec\b|\bwith\b|\bmit\b|\bcon\b)\s*",  # noqa: RUF001
    re.IGNORECASE,
)
_NAME_TRAILER = re.compile(r"\s*[|•·]\s*|\s+-\s+|\s+—\s+")
_URL_IN_TEXT = re.compile(r"\(?\s*https?://\S+\s*\)?")
_DIGITS_ON = re.compile(r"\s*\d")
_LISTING_PREFIX = re.compile(  # an author archive link's text: "View all posts by Jane Doe"
    r"^(?:(?:view|see|read|browse)\s+)?(?:(?:all|more)\s+)?(?:posts|articles|stories|entries)\s+(?=by\b)",
    re.IGNORECASE,
)
_DATE_TRAILER = re.compile(  # a date written after the name: "Jane Doe on December 4, 2014", "Jane Doe Monday, …"
    # or standing alone where the name was (a byline element whose name the page put in a button)
    r"(?:^|\s+)(?:on\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|"
    r"Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
    r"\s+\d).*$",
    re.DOTALL,
)
# What a byline says after the name with a lower-case word: its section or town ("Michael Larabel in Valve on
# 1 June 2019", "Jane Doe at Brussels"). Name particles (von, de, van …) never are these words.
_PLACE_TRAILER = re.compile(r"\s+(?:in|on|at)\s.*$", re.DOTALL)
# A section's name before the names, parted by a middle dot: "Politik · Jochen Bittner, Tina Hildebrandt".
_SECTION_LEAD = re.compile(r"\s*[·•]\s*")
_SECTION_WORD = re.compile(r"^[A-ZÀ-Þ][^\W\d_]+$")
# A name in capitals, then what the byline says of the person in ordinary case: "LAURE BRETTON Envoyés
# spéciaux à Toulouse" (a role, a town).
_CAPITALS_NAME = re.compile(r"^((?:[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+\s+){1,3}[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+)\s+(?=\S*[a-zß-ÿ])")  # noqa: RUF001
# A byline set in brackets, as Japanese pages write theirs: "[田中宏昌，ITmedia]", "【記者 張三】".
_BYLINE_BRACKETS = re.compile(r"^[\[［【(（]\s*(.+?)\s*[\]］】)）]$")
_ROLE_SUFFIX = re.compile(
    r"(?:\s+[A-Z][a-z]+)?\s+(?:Editor|Writer|Reporter|Correspondent|Contributor|Columnist|Producer|Staff)s?$"
)
_TRAILING_LOWER_WORDS = re.compile(r"(?:\s+[^\W\d_A-Z][^\s]*)+$")
_NOT_A_NAME = re.compile(
    r"\.(?:com|org|net|co|cz|de|fr|uk|es|it|nl|jp|ru|cn|br|pl|ch|ca|au|io|info)\b|\b(?:news|media|press|staff|agency|associated|updated|published|inc|ltd|llc|gmbh|corp|plc)\b"
    # A Chinese outlet: "证券时报网" (a site), "中国青年报" (a paper), "新华社" (an agency), "央视新闻" (a channel's
    # news); a person's name is two to four characters and never ends so.
    r"|^[\u4e00-\u9fff]{2,}(?:网|網|报|報|社|台|新闻|新聞|频道|頻道|杂志|雜誌|客户端|客戶端)$"
    # Credits that name no one: "compiled from the web", "anonymous", "this site", "the editors", "reposted".
    r"|^(?:网络整理|網絡整理|网络|網絡|佚名|匿名|未知|本站|本网|本網|小编|小編|编辑部|編輯部|综合|綜合|转载|轉載|管理员|管理員)$",
    re.IGNORECASE,
)
_ROLE_ONLY = re.compile(
    r"^(?:[A-Z][a-z]+\s+)?(?:Editor|Writer|Reporter|Correspondent|Contributor|Columnist|Producer)s?$", re.IGNORECASE
)
_DESK = re.compile(r"\b(?:desk|editors|the\s+editor|newsroom|redaktion|rédaction|redacción)\b", re.IGNORECASE)
_OUTLET_BESIDE_NAME = re.compile(r"[,|•·]\s*\S*(?:\.(?:com|org|net|co\.uk)\b|\bmedia\b|\bnews\b)", re.IGNORECASE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_COMMAS = re.compile(r"[,，、。;；]")


# ---------------------------------------------------------------------------------------------------------------
# Detection and encoding


def sniff(source: Source) -> float:
    """Score how surely ``source`` is a full HTML document, from its first few KB.

    Returns:
        0.9 when it starts (after a BOM, blanks, comments or an XML declaration) with a doctype
        ``html`` or an ``<html>`` element; 0.6 when it starts with ``<`` and shows ``<head>``, ``<body>``,
        ``<meta>`` or ``<title>`` early; 0.0 for feeds, sitemaps, WARC files and everything else.
    """
    head = source.text[:_SNIFF_CHARS].lstrip("\ufeff")
    if not head.lstrip().startswith("<"):
        return 0.0  # Markdown with inline HTML, rss-markdown archives (their epoch comment is followed by text)
    if _FEED_ROOT.search(head) and not _HTML_START.match(head):
        return 0.0
    if _HTML_START.match(head):
        return 0.9
    stripped = re.sub(r"\A(?:\s|<!--.*?-->)*", "", head, flags=re.DOTALL)
    if re.match(r"<(?:head|body|meta|title)[\s>]", stripped, re.IGNORECASE) and _HTML_SIGNS.search(head):
        return 0.6
    return 0.0


def _declared_charset(data: bytes) -> str | None:
    """The codec named by the first ``<meta charset>`` or ``http-equiv`` content-type, if Python knows it."""
    match = _META_CHARSET.search(data[:_CHARSET_WINDOW])
    return None if match is None else codec_for_label(match.group(1).decode("ascii"))


def decode_page(source: Source, http_charset: str | None = None) -> tuple[str, str]:
    """Return the page text and the codec used: BOM, valid UTF-8, the HTTP or meta charset, then detection.

    Args:
        source: The source as the pipeline decoded it (``text`` by BOM, UTF-8 or detection).
        http_charset: The charset of the HTTP ``Content-Type`` (a WARC record's), which outranks the meta.

    Returns:
        (text, codec name as provenance records it).
    """
    if source.data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return source.text, source.encoding
    detected = source.encoding.replace("_", "-")
    if detected == "utf-8":
        # Bytes that are valid UTF-8 are UTF-8 whatever the label: tools that save pages re-encode them to
        # UTF-8 and keep the old <meta charset> (3 of the 139 labelled pages), and real GBK or Latin-1 text
        # is almost never valid UTF-8 by chance.
        return source.text, source.encoding
    for declared in (codec_for_label(http_charset), _declared_charset(source.data)):
        if declared is None:
            continue
        name = declared.replace("_", "-")
        if name == detected:
            return source.text, source.encoding
        try:
            return source.data.decode(declared), name
        except (UnicodeDecodeError, LookupError):
            continue  # the label does not fit the bytes: the next one, then detection
    return source.text, source.encoding


# ---------------------------------------------------------------------------------------------------------------
# Metadata


@dataclass
class _Meta:
    """What the head and the structured data say."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    json_ld: dict[str, Any] | None = None
    graph: dict[str, dict[str, Any]] = field(default_factory=dict)
    canonical: str | None = None
    base: str | None = None
    title_tag: str | None = None
    lang: str | None = None
    rel_authors: list[str] = field(default_factory=list)
    page_dates: list[str] = field(default_factory=list)

    def first(self, key: str) -> str | None:
        for name in META_KEYS[key]:
            for value in self.meta.get(name, ()):
                if value.strip():
                    return value.strip()
        return None

    def every(self, key: str) -> list[str]:
        return [value for name in META_KEYS[key] for value in self.meta.get(name, ()) if value.strip()]


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {value.lower().rsplit("/", 1)[-1] for value in kinds if isinstance(value, str)}


def _json_ld_nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every object of a JSON-LD document, breadth first (top, lists, ``@graph``, ``mainEntity``), bounded."""
    pending = [value]
    seen = 0
    while pending and seen < 2000:
        item = pending.pop(0)
        seen += 1
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            yield item
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                child = item.get(key)
                if isinstance(child, (list, dict)):
                    pending.append(child)


def _read_head(root: Any, meta: _Meta) -> None:
    """Collect meta tags, JSON-LD, canonical/base links, ``<title>``, ``lang`` and rel=author in one pass."""
    meta.lang = (root.get("lang") or root.get("xml:lang") or "").strip() or None
    for element in root.iter("meta", "link", "title", "base", "script", "a"):
        tag = element.tag
        if tag == "meta":
            # A page re-serialised by a saving tool may carry the value as `value` (the Mercury parser's saved
            # test pages have every meta tag so); `content` wins where both are written.
            content = element.get("content")
            if content is None:
                content = element.get("value")
            if content is None:
                continue
            for attribute in ("property", "name", "itemprop", "http-equiv"):
                key = (element.get(attribute) or "").strip().lower()
                if key:
                    meta.meta.setdefault(key, []).append(content)
        elif tag == "link":
            rel = (element.get("rel") or "").lower().split()
            if "canonical" in rel and meta.canonical is None:
                meta.canonical = (element.get("href") or "").strip() or None
            if "author" in rel and (element.text or "").strip():
                meta.rel_authors.append(element.text or "")
        elif tag == "a":
            if "author" in (element.get("rel") or "").lower().split():
                meta.rel_authors.append(_all_text(element))
        elif tag == "title" and meta.title_tag is None:
            if element.getparent() is not None and element.getparent().tag in ("head", "html"):
                meta.title_tag = _all_text(element)
        elif tag == "base" and meta.base is None:
            meta.base = (element.get("href") or "").strip() or None
        elif tag == "script" and (element.get("type") or "").strip().lower() == "application/ld+json":
            _read_json_ld(element.text or "", meta)


def _read_json_ld(text: str, meta: _Meta) -> None:
    try:
        document = orjson.loads(text.strip().removeprefix("<!--").removesuffix("-->").strip() or "null")
    except orjson.JSONDecodeError:
        return  # a broken JSON-LD block is common and says nothing: the meta tags still count
    for node in _json_ld_nodes(document):
        identifier = node.get("@id")
        if isinstance(identifier, str):
            meta.graph.setdefault(identifier, node)
        if meta.json_ld is None and _types(node) & JSON_LD_ARTICLE_TYPES:
            meta.json_ld = node
        elif isinstance(node.get("datePublished"), str) and len(meta.page_dates) < 8:
            meta.page_dates.append(node["datePublished"])


def _ld_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        return next((text for text in map(_ld_text, value) if text), None)
    if isinstance(value, dict):
        return _ld_text(value.get("name") or value.get("@value") or value.get("url") or value.get("@id"))
    return None


def _ld_names(value: Any, graph: dict[str, dict[str, Any]]) -> list[str]:
    """Names from a JSON-LD person/organisation value: a string, an object, an @id reference or a list."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items[:50]:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = graph.get(item["@id"], item)
        if isinstance(item, dict):
            item = item.get("name")
            if isinstance(item, list):
                item = item[0] if item else None
        if isinstance(item, str) and item.strip() and not _looks_like_url(item) and not item.strip().startswith("@"):
            names.append(item)
    return names


def _looks_like_url(value: str) -> bool:
    return bool(re.match(r"\s*(?:https?:)?//|\s*www\.", value, re.IGNORECASE))


# ---------------------------------------------------------------------------------------------------------------
# Pruning and the main content


def _tokens(element: Any) -> frozenset[str]:
    """The element's ``class`` and ``id`` tokens, lower case, split on spaces, ``-`` and ``_``."""
    return _split_tokens(element.get("class"), element.get("id"))


@functools.lru_cache(maxsize=4096)
def _split_tokens(class_value: str | None, id_value: str | None) -> frozenset[str]:
    # Pages repeat the same class values hundreds of times: the split is cached.
    # camelCase names are split too (``authorPopup``, ``relatedArticles``, ``shareButtons``): many CMSes
    # write class names so, and the words inside say chrome as clearly as ``author-popup`` does. The whole
    # name stays a token as well (``articleBody`` still reads as ``articlebody``).
    tokens: set[str] = set()
    for value in (class_value, id_value):
        if value:
            tokens.update(_TOKEN_SPLIT.split(value.lower()))
            if not value.islower():
                tokens.update(part.lower() for part in _CAMEL_PARTS.findall(value))
    tokens.discard("")
    return frozenset(tokens)


def _is_chrome(element: Any) -> bool:
    """Whether an element looks like page chrome by its tag, role, visibility or class/id tokens."""
    tag = element.tag
    if tag in PRUNED_TAGS:
        return not (tag in ("header", "footer") and _parent_tag(element) == "figure")
    if tag in _NEVER_CHROME_TAGS:
        return False
    class_value = id_value = None
    for name, value in element.items():  # one call into lxml for every attribute: most elements have none
        if name == "class":
            class_value = value
        elif name == "id":
            id_value = value
        elif name == "role":
            if value.lower() in ROLE_CHROME:
                return True
        elif name == "style":
            if _HIDDEN_STYLE.search(value):
                return True
        elif name == "hidden" or (name == "aria-hidden" and value.lower() == "true"):
            return True
    if class_value is None and id_value is None:
        return False
    tokens = _split_tokens(class_value, id_value)
    if tokens.isdisjoint(CHROME_TOKENS):
        return False
    return tokens.isdisjoint(CONTENT_TOKENS) or not tokens.isdisjoint(_ALWAYS_CHROME_TOKENS)


def _parent_tag(element: Any) -> str | None:
    parent = element.getparent()
    return None if parent is None else parent.tag


def _holds_the_page(element: Any, page_weight: int) -> bool:
    """Whether a chrome-looking element holds the article after all: such an element is kept.

    Site-wide wrappers carry any class (``wrapper header-style-2``, ``panel-two-col-sidebar``,
    ``gigya-share-btns-2_gig_containerParent``) and ASP.NET pages wrap the whole body in a ``<form>``:
    an element holding two fifths of the page's text is kept, and so is a ``div``/``section`` (not a
    ``nav``, ``aside``, ``header`` or ``footer``) holding several long paragraphs, which menus, ads and
    share bars never do. A comment thread stays comments however long it is.
    """
    if _tokens(element) & _ALWAYS_CHROME_TOKENS and next(element.iter("h1"), None) is None:
        return False
    if element.tag in PRUNED_TAGS and element.tag != "form":
        if next(element.iter("h1"), None) is None:
            return False
        # A CMS may box the whole story in an <aside> or <header> (rnz.de's "direct content" panel): the
        # headline with the element the page marks as its article body is the article, however small.
        return _weight(_text_of(element)) * 5 >= page_weight * 2 or _ARTICLE_BODY_MARK(element)
    if _weight(_text_of(element)) * 5 >= page_weight * 2:
        return True
    long_paragraphs = 0
    for paragraph in element.iter("p"):
        if _weight(_text_of(paragraph)) >= 150:
            long_paragraphs += 1
            if long_paragraphs >= 3:
                return True
    return False


def _prune(body: Any) -> None:
    """Remove chrome subtrees (never-text elements are gone already), in document order, without recursion."""
    page_weight = _weight(_text_of(body))
    doomed: list[Any] = []
    skip_to = None  # the last element inside the subtree just doomed: the walk skips up to it
    for element in body.iter(etree.Element):
        if skip_to is not None:
            if element is skip_to:
                skip_to = None
            continue
        if element is not body and _is_chrome(element) and not _holds_the_page(element, page_weight):
            doomed.append(element)
            skip_to = _last_descendant(element)
    _remove_all(doomed)


def _last_descendant(element: Any) -> Any | None:
    """The last element of ``element``'s subtree in document order; None when it has no child element."""
    last = None
    children = list(element.iterchildren(etree.Element))
    while children:
        last = children[-1]
        children = list(last.iterchildren(etree.Element))
    return last


def _remove_all(elements: list[Any]) -> None:
    """Remove elements with their subtrees, keeping the text that followed each (its tail)."""
    for element in elements:
        parent = element.getparent()
        if parent is None:
            continue
        tail = element.tail
        previous = element.getprevious()
        parent.remove(element)
        if tail and tail.strip():
            _append_text(parent, previous, tail)


def _append_text(parent: Any, previous: Any, text: str) -> None:
    # libxml2 hands back control characters it will not take again: they go (they are never text anyway).
    if previous is None:
        parent.text = _XML_INCOMPATIBLE.sub("", (parent.text or "") + text)
    else:
        previous.tail = _XML_INCOMPATIBLE.sub("", (previous.tail or "") + text)


def _weight(text: str) -> int:
    """Text length for thresholds: its UTF-8 size, so a CJK character counts about as much as three letters."""
    return len(text.encode("utf-8", "surrogatepass"))


def _all_text(element: Any) -> str:
    return "".join(element.itertext())


_NORMALIZED_TEXT = etree.XPath("normalize-space()")
_ARTICLE_BODY_MARK = etree.XPath("boolean(.//*[translate(@itemprop, 'ABDORTY', 'abdorty') = 'articlebody'])")
_LINK_TEXTS = etree.XPath(".//a//text()")


def _text_of(element: Any) -> str:
    """The element's text, whitespace runs collapsed (by libxml2, far faster than in Python)."""
    return str(_NORMALIZED_TEXT(element))


def _link_text_length(element: Any) -> int:
    return sum(len(text.strip()) for text in _LINK_TEXTS(element))


def _class_weight(element: Any) -> float:
    tokens = _tokens(element)
    weight = 0.0
    if tokens & CONTENT_TOKENS:
        weight += 25
    if tokens & CHROME_TOKENS:
        weight -= 25
    return weight


def _score_candidates(body: Any) -> Any | None:
    """The block container whose paragraphs hold the most non-link text, readability-style.

    Each paragraph-like element with at least 25 characters of text scores
    1 + its commas + one point per 100 characters (at most 3); the score
    goes in full to its parent and half to its grandparent. A container's
    total, plus its class weight, is scaled by one minus its link density.
    """
    scores: dict[Any, float] = {}

    def credit(element: Any, points: float) -> None:
        if element is None or not isinstance(element.tag, str):
            return
        if element not in scores:
            scores[element] = _class_weight(element)
        scores[element] += points

    for element in body.iter(*_PARAGRAPH_TAGS, "div", "section"):
        if element.tag in ("div", "section"):
            # Text written straight into a div between <br>s (no <p>) is a paragraph of that div.
            text = " ".join(filter(None, [element.text, *(child.tail for child in element)])).strip()
            weight = _weight(text)
            if weight >= 100:
                points = 1 + len(_COMMAS.findall(text)) + min(weight // 100, 3)
                credit(element, points)
                credit(element.getparent(), points / 2)
            continue
        text = _text_of(element)
        weight = _weight(text)
        if weight < 25:
            continue
        points = 1 + len(_COMMAS.findall(text)) + min(weight // 100, 3)
        parent = element.getparent()
        if parent is None:
            continue
        if element.tag in ("td", "blockquote", "li") and parent.tag not in _BLOCK_CANDIDATE_TAGS:
            parent = parent.getparent()
            if parent is None:
                continue
        credit(parent, points)
        credit(parent.getparent(), points / 2)
    best, best_score = None, 0.0
    # Link density is measured on the best few only (as readability does): it costs a walk of each subtree.
    leaders = sorted(scores.items(), key=lambda pair: pair[1], reverse=True)[:_SCORED_LEADERS]
    for candidate, score in leaders:
        text_length = len(_text_of(candidate)) or 1
        link_density = min(_link_text_length(candidate) / text_length, 1.0)
        final = score * (1 - link_density)
        if final > best_score:
            best, best_score = candidate, final
    return best


def _marked_container(body: Any) -> Any | None:
    """The element the page marks as its article body, if it holds enough text.

    Several elements marked alike (an article split into ``article-text`` parts around ads) give
    their nearest common ancestor.
    """
    marked: list[tuple[int, Any]] = []
    for element in _MARKED_CANDIDATES(body):
        itemprop = (element.get("itemprop") or "").lower()
        if itemprop == "articlebody":
            marked.append((0, element))
            continue
        for name in ("class", "id"):
            value = (element.get(name) or "").lower()
            if value and (value in CONTENT_CONTAINERS or not set(value.split()).isdisjoint(CONTENT_CONTAINERS)):
                marked.append((1, element))
                break
    for rank in (0, 1):
        # Outermost marked elements only; document order puts an ancestor before what it holds.
        elements: list[Any] = []
        for kind, element in marked:
            if kind == rank and not (elements and _is_inside(element, elements[-1])):
                elements.append(element)
        if not elements:
            continue
        candidate = elements[0] if len(elements) == 1 else _common_ancestor(elements)
        if candidate is None or candidate is body:
            candidate = max(elements, key=lambda element: _weight(_text_of(element)))
        if _weight(_text_of(candidate)) >= MIN_BODY_CHARS * 2:
            return _innermost_marked(candidate, [element for _, element in marked])
    # A <main> or <article> that holds several <article>s is a list of stories (a topic page, an archive
    # printing whole posts): it is no one story, and the story is one of the <article>s inside it.
    articles = [
        element
        for element in body.iter("article", "main")
        if isinstance(element.tag, str) and next(itertools.islice(element.iter("article"), 2, None), None) is None
    ]
    if articles:
        best = max(articles, key=lambda element: _weight(_text_of(element)))
        if _weight(_text_of(best)) >= MIN_BODY_CHARS * 2:
            return best
    return None


_INNER_BODY_SHARE = 0.85


def _innermost_marked(candidate: Any, marked: list[Any]) -> Any:
    """The marked element inside ``candidate`` that holds nearly all its text, else ``candidate``.

    Pages mark a story's wrapper and its text alike (thepaper.cn: ``newscontent`` around the breadcrumb, the
    byline, a font-size switch, the ``news_txt`` body and the keywords): the wrapper's other parts are the
    story's furniture, so an inner marked element holding 85 % of the wrapper's text is the body.
    """
    total = _weight(_text_of(candidate))
    best = candidate
    for element in marked:
        if element is candidate or not _is_inside(element, candidate) or not _is_inside(element, best):
            continue
        if _weight(_text_of(element)) >= total * _INNER_BODY_SHARE:
            best = element
    return best


def _common_ancestor(elements: list[Any]) -> Any | None:
    """The nearest element that holds every one of ``elements``."""
    chain = []
    node = elements[0]
    while node is not None:
        chain.append(node)
        node = node.getparent()
    for ancestor in chain:
        if all(_is_inside(element, ancestor) for element in elements[1:]):
            return ancestor
    return None


def _main_content(body: Any) -> Any | None:
    scored = _score_candidates(body)
    marked = _marked_container(body)
    if marked is not None:
        if scored is None or _is_inside(scored, marked):
            return marked
        # The marked container is trusted unless the densest one outside it holds far more text.
        if _weight(_text_of(marked)) * 2 >= _weight(_text_of(scored)):
            return marked
    return scored


_STORY_LEAD_WEIGHT = 120  # text a next story's wrapper may hold before its <h1>: a category label, a kicker
_STORY_HEAD_ELEMENTS = 12  # elements after a next story's <h1> within which its byline or date stands
_STORY_HEAD_TOKENS = frozenset(("author", "byline", "date", "posted", "published", "meta", "time"))


def _cut_appended_stories(container: Any, title: str) -> None:
    """Remove the next stories that infinite-scroll themes append after the article, each under its own ``<h1>``.

    News themes (Zox News and kin) load the following articles into the same page, and a crawler saves them
    inside the article's ``<main>``: each is a wrapper whose first words are an ``<h1>`` followed by that
    story's byline or date. Such an ``<h1>`` that is not the article's title goes with the largest wrapper
    that holds nothing before it but a category label; an ``<h1>`` the story uses as a subheading is
    followed by text, not by a byline or a date, and stays.
    """
    shown = _comparable(title)
    for heading in list(container.iter("h1")):
        if not _is_inside(heading, container) or _comparable(_text_of(heading)) == shown:
            continue
        # A next story follows the article's text; an <h1> before it is the article's own (in a wording
        # other than the title's), and its wrapper may be the whole article.
        if not _heads_a_story(heading) or _text_before(heading, container) < MIN_BODY_CHARS:
            continue
        node, lead = heading, 0
        while True:
            parent = node.getparent()
            if parent is None or parent is container:
                break
            lead += _weight(parent.text or "") + sum(
                _weight(_text_of(sibling)) + _weight(sibling.tail or "")
                for sibling in node.itersiblings(preceding=True)
            )
            if lead > _STORY_LEAD_WEIGHT:
                break
            node = parent
        _remove_all([node])


def _heads_a_story(heading: Any) -> bool:
    """Whether a byline or a date (by element, class or ``rel=author``) closely follows an ``<h1>``."""
    for element in _following_elements(heading, _STORY_HEAD_ELEMENTS):
        if element.tag == "time" or "author" in (element.get("rel") or "").lower().split():
            return True
        if (element.get("itemprop") or "").lower() in ("author", "datepublished"):
            return True
        if _tokens(element) & _STORY_HEAD_TOKENS:
            return True
    return False


def _following_elements(element: Any, limit: int) -> Iterator[Any]:
    """The first ``limit`` elements after ``element`` in document order, not inside it (XPath's ``following::*``).

    Walked lazily: the XPath axis would gather every following node of the page before taking the first few.
    """
    count = 0
    node = element
    while node is not None:
        for sibling in node.itersiblings():
            for found in sibling.iter():
                if isinstance(found.tag, str):
                    yield found
                    count += 1
                    if count >= limit:
                        return
        node = node.getparent()


_PRECEDING_TEXTS = etree.XPath("preceding::text()")


def _text_before(element: Any, container: Any) -> int:
    """The weight of the text that comes before ``element`` inside ``container``."""
    return sum(_weight(text.strip()) for text in _PRECEDING_TEXTS(element) if _is_inside(text.getparent(), container))


_UNMARK_LEVELS = 64  # wrappers nest a few levels deep; past this a page is pathological, and the walker judges it


def _unmark_wrappers(container: Any) -> None:
    """Clear the marks that would make the walker skip the chosen content as chrome.

    The container was chosen as content, and so is every element inside it that holds at least half of
    its text: such an element wraps the article whatever its class says (``article article-ad-marker``,
    a ``hidden`` tab that holds the story). Their ``class``, ``id``, ``role``, visibility and ``data-``
    attributes go; smaller elements keep theirs, and the walker judges them.
    """
    half = _weight(_text_of(container)) / 2
    # An element under half holds only elements under half (its text contains theirs), so the walk goes down
    # from the container through the elements that qualify, and never measures the rest of the tree. Each
    # level measures the children of the level above: a bounded number of levels keeps a page nested
    # thousands deep from costing a measure of the whole text per level.
    level = [container]
    for _ in range(_UNMARK_LEVELS):
        if not level:
            break
        for element in level:
            for name in list(element.attrib):
                if name in ("class", "id", "style", "hidden", "aria-hidden", "role") or name.startswith("data-"):
                    del element.attrib[name]
        level = [
            child
            for element in level
            for child in element.iterchildren(etree.Element)
            if _weight(_text_of(child)) >= half
        ]


def _is_inside(element: Any, container: Any) -> bool:
    while element is not None:
        if element is container:
            return True
        element = element.getparent()
    return False


# ---------------------------------------------------------------------------------------------------------------
# Dates, titles, authors


def _zone_for(url: str | None, lang: str | None, text: str) -> tuple[str, bool]:
    """The zone of the page's naive local times, and whether it is unknown (UTC then).

    In order: the publisher's zone, the zone :data:`LANGUAGE_ZONES` gives for the declared language,
    then for the Chinese script the text is written in (Simplified: China, Traditional: Taiwan).
    """
    publisher = publisher_of(url)
    if publisher is not None:
        return publisher.zone, False
    if lang:
        tag = lang.lower().replace("_", "-")
        zone = LANGUAGE_ZONES.get(tag) or LANGUAGE_ZONES.get(tag.split("-")[0])
        if zone is not None and tag not in ("zh", "zh-hans", "zh-hant"):
            return zone, False
    script = detect_chinese_script(text)
    if script is not None:
        return LANGUAGE_ZONES[script.lower()], False
    return UNKNOWN_PUBLISHER_ZONE, True


def _parse_date(value: str, zone: str) -> tuple[Instant | None, bool]:
    """Read a date-time or a date; returns (instant, date only). ISO offsets are kept, naive times localised."""
    value = normalize_inline(value)
    if not value or len(value) > 80:
        return None, False
    candidate = value.replace("Z", "+00:00") if value.endswith("Z") else value
    candidate = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", candidate)
    candidate = re.sub(r"(\d)\s+([+-]\d{2}:\d{2})$", r"\1\2", candidate)
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        parsed = None
    if parsed is not None:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", candidate):
            return localize(parsed, zone), True
        if parsed.tzinfo is None:
            return localize(parsed, zone), False
        return Instant(parsed, offset_assumed=False), False
    line = parse_date_line(value, zone)
    if isinstance(line, Instant):
        return line, False
    if isinstance(line, InvalidDate):
        return None, False
    english = _ENGLISH_DATE.fullmatch(value)
    if english is not None:
        return _english_date(english, zone)
    date = _DATE_ONLY.fullmatch(value)
    dotted = _DOTTED_DATE.fullmatch(value) if date is None else None
    if dotted is not None:
        day, month, year = (int(part) for part in dotted.group(1, 2, 3))
        try:
            return localize(datetime(year, month, day), zone), True
        except ValueError:
            return None, False
    if date is not None:
        year, month, day = [int(part) for part in (date.group(1, 2, 3) if date.group(1) else date.group(4, 5, 6))]
        try:
            return localize(datetime(year, month, day), zone), True
        except ValueError:
            return None, False
    return None, False


def _english_date(match: re.Match[str], zone: str) -> tuple[Instant | None, bool]:
    """``November 19, 2019, 07:47 PM EST`` and kin: month names, 12-hour clocks, US zone abbreviations."""
    month = _MONTHS.get(match["month"][:3].lower())
    if month is None:
        return None, False
    try:
        if match["hour"] is None:
            return localize(datetime(int(match["year"]), month, int(match["day"])), zone), True
        hour = int(match["hour"])
        meridiem = (match["meridiem"] or "").lower().replace(".", "")
        if meridiem:
            if not 1 <= hour <= 12:
                return None, False
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        naive = datetime(
            int(match["year"]), month, int(match["day"]), hour, int(match["minute"]), int(match["second"] or 0)
        )
    except ValueError:
        return None, False
    offset = _ZONE_ABBREVIATIONS.get((match["zone"] or "").upper())
    if offset is None:
        return localize(naive, zone), False
    return Instant(naive.replace(tzinfo=timezone(timedelta(hours=offset))), offset_assumed=False), False


def _date_from_url(url: str | None, zone: str) -> Instant | None:
    if not url:
        return None
    match = _URL_DATE.search(url)
    if match is None:
        return None
    year, month, day = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
    try:
        return localize(datetime(int(year), int(month), int(day)), zone)
    except ValueError:
        return None


def clean_title(title: str, site_names: list[str]) -> str:
    """A ``<title>`` without its site-name part (``Headline | Site``, ``Site - Headline``, ``标题_频道_网站``).

    A part that is a known site name goes first; then, when the title still splits on a separator,
    its first part is kept if it carries most of the title (site and channel names are the short
    tail), else the longest part.
    """
    title = _strip_site_name(title, site_names)
    parts = [part.strip() for part in _TITLE_SEPARATORS.split(title) if part.strip()]
    if len(parts) < 2:
        return title
    if len(parts[0]) * 2 >= len(title) or _weight(parts[0]) >= 30:
        return parts[0]
    longest = max(parts, key=len)
    return longest if len(longest) * 5 >= len(title) * 2 else title


def _split_names(value: str) -> list[str]:
    """Person names from a byline or author string, without the trimmings bylines carry.

    ``By TOM KRISHER, AP Auto Writer`` gives ``TOM KRISHER``; ``Amy Kuperinsky | NJ Advance Media``
    gives ``Amy Kuperinsky``; ``Martin Untersinger (avec Damien Leloup et Morgane Tual)`` gives three
    names; a time or date glued to the name (``Lucas Nolan22 Dec 2016``, ``James Akinaka • 8h``),
    a credential (``, MA``), a role (``Games Editor``) or an outlet (``, Cleveland.com``) goes.
    """
    value = normalize_inline(_URL_IN_TEXT.sub("", value))
    bracketed = _BYLINE_BRACKETS.match(value)
    if bracketed:
        value = bracketed[1]
    value = _DATE_TRAILER.sub("", _LISTING_PREFIX.sub("", value))
    lead, *rest = _SECTION_LEAD.split(value, maxsplit=1)
    value = rest[0] if rest and _SECTION_WORD.match(lead) and " " in rest[0] else value
    value = _NAME_TRAILER.split(value, maxsplit=1)[0]
    match = BYLINE.match(value)
    if match:
        value = match["names"]
    names = []
    for part in _NAME_SPLIT.split(value):
        if _DESK.search(part) or _ROLE_ONLY.match(part.strip()):
            continue  # "Letters To The Editor", "Kulu Media News Desk", ", Editor": a desk or a role, nobody's name
        name = _DIGITS_ON.split(part, maxsplit=1)[0]
        name = _PLACE_TRAILER.sub("", name) if _CJK.search(name) is None else name
        capitals = _CAPITALS_NAME.match(name)
        name = capitals[1] if capitals else name
        name = _ROLE_SUFFIX.sub("", name).strip(" .·|()")
        name = _TRAILING_LOWER_WORDS.sub("", name) if _CJK.search(name) is None else name
        if not name or _NOT_A_NAME.search(name) or (name.isupper() and len(name) <= 4) or _looks_like_url(name):
            continue
        # "@NatGeoUK" is a social-media handle (an account, often the outlet's), and a short lower-case
        # word an editor's initials or an agency code ("Julia Hitz (eg)", "(dpa)"): neither names a person.
        if name.startswith("@") or (name.islower() and len(name) <= 4):
            continue
        if 1 < len(name) <= 60:
            names.append(name)
    return names


_AUTHOR_ABOUT_TOKENS = frozenset(("bio", "desc", "description", "about", "avatar"))


def _byline_names(scope: Any) -> list[str]:
    for element in _BYLINE_CANDIDATES(scope):
        itemprop = (element.get("itemprop") or "").lower()
        tokens = _tokens(element)
        if tokens & _AUTHOR_ABOUT_TOKENS:
            continue  # an author's biography ("authorDesc", "author-bio") speaks about them, it does not name them
        if itemprop == "author" or tokens & {"byline", "author", "authors", "author-name", "byline__name"}:
            names_inside = [
                _all_text(child) for child in element.iter() if (child.get("itemprop") or "").lower() == "name"
            ]
            text = names_inside[0] if names_inside else _all_text(element)
            text = normalize_inline(text)
            if 0 < len(text) <= 120:
                names = _split_names(text)
                if names:
                    return names
    return []


# ---------------------------------------------------------------------------------------------------------------
# Blocks


_DROPPED_LINE = re.compile(
    r"^(?:advertisement|share(?: this)?(?: article)?|read more|related(?: articles| stories)?|"
    r"continue reading|click to share.*|sign up.{0,60}|subscribe.{0,60}|follow us.{0,60}|"
    r"广告|分享到?|相关阅读|相关新闻|延伸阅读|推荐阅读|返回顶部|"
    # editor lines, bare or in brackets, after Xinhua's "report an error" button: 【纠错】 【责任编辑:张樵苏 】
    r"(?:【(?:纠错|糾錯)】\s*)?[【（(\[]?\s*(?:责任编辑|責任編輯|编辑|編輯)\s*[:：][^】）)\]]{0,20}[】）)\]]?)$",
    re.IGNORECASE,
)


def _teaser_blocks(blocks: list[RawBlock]) -> set[int]:
    """Positions of teaser cards: a headline that is wholly a link, then a summary wholly linked to the same page.

    Pages put cards for other articles between and after the story's paragraphs; an article's own
    subheading is not a link, and a linked subheading (a product name, a table of contents) is followed
    by the article's own text, not by a second link to where the heading points.
    """
    positions: set[int] = set()
    for position, (headline, summary) in enumerate(itertools.pairwise(blocks)):
        if (
            headline.kind == "heading"
            and headline.all_links
            and summary.kind == "paragraph"
            and summary.all_links
            and _same_target(headline, summary)
        ):
            positions.update((position, position + 1))
    positions.update(_closing_headline_run(blocks))
    return positions


_CLOSING_HEADLINES = 2  # linked headlines in a row that close the body: a "must read" list lost its label


def _closing_headline_run(blocks: list[RawBlock]) -> range:
    """Positions of the headings wholly made of links that close the blocks, when there are several.

    A story list after the article ("Must read stories", "More from the site") keeps only its linked
    headlines when its label stood in a pruned ``<header>``; the article's own subheadings are followed
    by its text, and one linked heading at the end may be the article's own pointer, so it stays.
    """
    start = len(blocks)
    while start > 0 and blocks[start - 1].kind == "heading" and blocks[start - 1].all_links:
        start -= 1
    return range(start, len(blocks)) if len(blocks) - start >= _CLOSING_HEADLINES else range(0)


_DATE_LINE_BLOCKS = 5  # blocks from the top within which the story's date line stands
_DATE_LINE_MAX = 60
_DATE_LINE_LETTERS = 16  # letters a date line holds beside its date-time: "Updated", "更新时间", "Publié le"


def _date_line_blocks(blocks: list[RawBlock]) -> set[int]:
    """Positions of date lines among the first blocks: a short block that is a date-time and a label at most.

    Pages print the story's time between the headline and the text (``April 15, 2019 6:18am``,
    ``2019.04.19 20:00``, ``December 15, 2016 3:33 PM ET``); metadata gives it, and the text never
    is one. A sentence that names a time has more words than a label around it.
    """
    positions: set[int] = set()
    for position, block in enumerate(blocks[:_DATE_LINE_BLOCKS]):
        text = normalize_inline(block.text)
        if block.kind not in ("paragraph", "list_item") or len(text) > _DATE_LINE_MAX:
            continue
        match = _NEAR_TITLE_DATE.search(text) or next(
            (english for english in _ENGLISH_DATE_IN_TEXT.finditer(text) if english["hour"] is not None), None
        )
        if match is None:
            continue
        rest = text[: match.start()] + text[match.end() :]
        if sum(character.isalpha() for character in rest) <= _DATE_LINE_LETTERS:
            positions.add(position)
    return positions


def _same_target(one: RawBlock, other: RawBlock) -> bool:
    """Whether two linked blocks point to the same page; a link wrapping a whole block records no target."""
    targets, others = {href for href, _ in one.links}, {href for href, _ in other.links}
    return not (targets and others) or not targets.isdisjoint(others)


def _keep_block(raw: RawBlock, text: str, title: str, credits: frozenset[str] = frozenset()) -> bool:
    if not text:
        return False
    if normalize_inline(text).lower() == title.lower():
        return False
    # A block that is only an author's name is the byline's name line or an author card's heading, never a
    # sentence of the story.
    if text.casefold() in credits:
        return False
    if len(text) <= 90 and (_DROPPED_LINE.match(text) or BYLINE_LINE.match(text)):
        return False
    return not (raw.all_links and raw.kind in ("list_item", "paragraph") and len(text) < 120)


def _kept_blocks(
    raw: RawBody, title: str, resolve_base: str | None, authors: list[str]
) -> tuple[list[tuple[BlockKind, str]], list[tuple[str, str]]]:
    """The walked blocks that are article text (see :func:`_keep_block`, :func:`_teaser_blocks`), and their links."""
    blocks: list[tuple[BlockKind, str]] = []
    links: list[tuple[str, str]] = []
    teasers = _teaser_blocks(raw.blocks) | _date_line_blocks(raw.blocks)
    shown_title = normalize_inline(title)
    credits = frozenset(normalize_inline(name).casefold() for name in authors)
    for position, block in enumerate(raw.blocks):
        block_text = normalize_inline(block.text) if block.kind != "paragraph" else block.text
        if position in teasers or not _keep_block(block, normalize_inline(block.text), shown_title, credits):
            continue
        blocks.append((block.kind, block_text))
        for href, label in block.links:
            absolute = absolute_http_url(href, resolve_base)
            if absolute:
                links.append((absolute, label))
    return blocks, links


def _blocks_weight(blocks: list[tuple[BlockKind, str]]) -> int:
    return sum(_weight(text) for _, text in blocks)


_MARKUP = re.compile(r"<(?:p|br|div|h[1-6]|li|blockquote)\b[^>]*>", re.IGNORECASE)


def _structured_body(ld: dict[str, Any]) -> RawBody | None:
    """The JSON-LD ``articleBody`` as walked blocks, when it holds at least :data:`MIN_BODY_CHARS` of text.

    Most sites write it as plain text, a paragraph a line (or the whole story on one line); some write
    the body's HTML into it, which goes through the walker like any body.
    """
    value = ld.get("articleBody")
    if isinstance(value, list):
        value = "\n".join(item for item in value if isinstance(item, str))
    if not isinstance(value, str) or _weight(value) < MIN_BODY_CHARS:
        return None
    if _MARKUP.search(value):
        return read_html_blocks(value)
    lines = [normalize_inline(line) for line in html.unescape(value).splitlines()]
    return RawBody(
        blocks=[
            RawBlock(kind="paragraph", text=line, all_bold=False, all_links=False, list_id=None, links=[], times=[])
            for line in lines
            if line
        ]
    )


# ---------------------------------------------------------------------------------------------------------------
# Conversion


def _parse(text: str) -> Any:
    parser = etree.HTMLParser(
        encoding="utf-8", recover=True, huge_tree=True, remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        return etree.fromstring(text.encode("utf-8", "replace"), parser)
    except etree.LxmlError:
        return None


@dataclass(frozen=True, slots=True)
class PageContext:
    """What a page's container tells beyond its bytes (a WARC record's target URI and date)."""

    url: str | None = None
    retrieved_at: datetime | None = None
    http_charset: str | None = None


def convert(source: Source) -> Iterator[Article]:
    """Convert one HTML page into its article.

    Args:
        source: The decoded page.

    Yields:
        The page's one article.

    Raises:
        ConversionError: ``no-title``, ``no-body`` or ``invalid-record``.
    """
    yield convert_page(source)


def convert_page(source: Source, context: PageContext = PageContext()) -> Article:
    """Convert one HTML page; ``context`` gives a WARC record's URI and date.

    Raises:
        ConversionError: ``no-title``, ``no-body`` or ``invalid-record``.
    """
    text, encoding = decode_page(source, context.http_charset)
    if encoding != source.encoding or text is not source.text:
        source = Source(path=source.path, data=source.data, text=text, encoding=encoding)
    root = _parse(text)
    if root is None or not isinstance(root.tag, str):
        raise ConversionError("no-body", f"{source.path}: no HTML document")
    meta = _Meta()
    _read_head(root, meta)
    ld = meta.json_ld or {}

    # URL and base: the base resolves relative links; an unusable base is ignored.
    # The base resolves against the page's own URL (a WARC record's target); a saved page without one
    # can only resolve a relative base against its canonical URL.
    page_url = absolute_http_url(context.url) if context.url else None
    base = absolute_http_url(meta.base, page_url) if meta.base else None
    resolve_base = base or page_url
    url = (
        absolute_http_url(meta.canonical, resolve_base)
        or absolute_http_url(meta.first("url"), resolve_base)
        or absolute_http_url(_ld_text(ld.get("url")), resolve_base)
        or page_url
    )
    if base is None and meta.base and url:
        base = absolute_http_url(meta.base, url)
    resolve_base = base or url
    lang = meta.lang or meta.first("locale")

    body = next(root.iter("body"), None)
    if body is None:
        body = root
    _remove_all([element for element in body.iter(*NEVER_TEXT_TAGS) if element is not body])
    title_h1 = _find_h1(body)
    date_values = _date_candidates(meta, ld, body)
    site_names = [name for name in (meta.first("site"), _ld_text(ld.get("publisher"))) if name]
    author_sites = [*site_names, *([urlsplit(url).hostname or ""] if url else [])]
    authors, authors_by_class = _authors(meta, ld, body, author_sites)
    labelled_authors = (
        []
        if authors
        else _people(_labelled_author_near_title(body) or _byline_line_under_headline(body, title_h1), author_sites)
    )
    title = _title(meta, ld, title_h1, site_names, body) or ""
    listed_authors = _people(_author_list_item_names(body), author_sites)

    if _is_home_page(url, ld, meta):
        raise ConversionError("no-body", f"{source.path}: a site's home page, not an article")
    _prune(body)
    container = _main_content(body)
    if container is not None and _weight(_text_of(container)) < MIN_BODY_CHARS:
        container = None
    if container is not None and title_h1 is None and not _declared_titles(meta, ld):
        # Nothing but the <title> named the article, and it may name only the site and a section
        # ("新闻动态--中国地理学会官网"): a headline printed just above the body is the page's own.
        title = _heading_above(container, normalize_inline(meta.title_tag or "")) or title
    structured = _structured_body(ld)
    if container is not None:
        opening = _text_of(container)
    elif structured is not None:
        opening = "\n".join(block.text for block in structured.blocks)
    else:
        raise ConversionError("no-body", f"{source.path}: no article text found (an index, login or error page?)")
    zone, zone_unknown = _zone_for(url, lang, opening[:_OPENING_TEXT_CHARS])
    flags: list[str] = []
    published, date_only = _published(date_values, url, zone, flags)
    if date_only:
        flags.append("published-date-only")
    if published is not None and published.offset_assumed and zone_unknown and not date_only:
        flags.append("published-zone-unknown")
    raw = RawBody()
    if container is not None:
        _cut_appended_stories(container, title)
        _unmark_wrappers(container)
        raw = read_html_element(container)
    if authors_by_class or not authors:
        authors = _people(_byline_line_names(raw.blocks), author_sites) or listed_authors or authors or labelled_authors
    blocks, links = _kept_blocks(raw, title, resolve_base, authors)
    if structured is not None:
        # The page's HTML may lack the story (a paywall or a script fills it in; the crawler saved the shell)
        # while its JSON-LD carries the whole text: structured text more than twice the HTML's is the article.
        # Less than that, the HTML is trusted: it keeps subheadings, lists and links the JSON-LD flattens.
        structured_blocks, structured_links = _kept_blocks(structured, title, resolve_base, authors)
        if _blocks_weight(structured_blocks) > 2 * _blocks_weight(blocks):
            blocks, links = structured_blocks, structured_links
    if _blocks_weight(blocks) < MIN_BODY_CHARS:
        raise ConversionError("no-body", f"{source.path}: no article text left after removing page chrome")

    images: list[tuple[str | None, str | None]] = []
    for value in [*meta.every("image")[:1], _ld_image(ld.get("image"))]:
        absolute = absolute_http_url(value, resolve_base) if value else None
        if absolute:
            images.append((absolute, None))
            break
    for image_url, caption in raw.images:
        absolute = absolute_http_url(image_url, resolve_base) if image_url else None
        if absolute or caption:
            images.append((absolute, caption))

    categories = [*meta.every("section"), *_ld_list(ld.get("articleSection"))]
    tags = [tag for value in meta.every("tags") for tag in re.split(r"[,，;；]", value)]
    tags += [tag for value in _ld_list(ld.get("keywords")) for tag in re.split(r"[,，]", value)]
    source_name = meta.first("site") or _ld_text(ld.get("publisher"))
    if source_name is None:
        publisher = publisher_of(url)
        source_name = publisher.name if publisher else None
    summary = meta.first("summary") or _ld_text(ld.get("description"))
    draft = Draft(
        format=FORMAT,
        title=title or "",
        blocks=blocks,
        url=url,
        source_name=source_name,
        published=published,
        retrieved_at=context.retrieved_at,
        authors=authors,
        summary=summary,
        categories=categories,
        tags=tags,
        images=images,
        links=links,
        flags=flags,
        declared_language=lang,
    )
    return build_article(draft, source)


def _is_home_page(url: str | None, ld: dict[str, Any], meta: _Meta) -> bool:
    """A page at a site's root (``https://site/``) that no structured data or ``og:type`` calls an article."""
    if url is None or ld or meta.first("published"):
        return False
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    og_type = (meta.meta.get("og:type") or [""])[0].strip().lower()
    return path in ("", "/") and og_type != "article"


def _find_h1(body: Any) -> str | None:
    """The text of the page's main ``<h1>``: the one inside an ``<article>`` first, else the first one."""
    first = None
    for element in body.iter("h1"):
        text = _headline_text(element)
        if not text:
            continue
        parent = element.getparent()
        while parent is not None:
            if parent.tag in ("article", "main") or (parent.get("itemprop") or "").lower() == "articlebody":
                return text
            parent = parent.getparent()
        if first is None:
            first = text
    return first


def _headline_text(h1: Any) -> str:
    """An ``<h1>``'s text without a link that closes it after unlinked text.

    Such a link is a button or a way home glued to the headline (The Globe and Mail's ``Add to ...``,
    Ultima Hora's ``Ultima Hora Mallorca``); an ``<h1>`` that is wholly a link keeps its text.
    """
    text = normalize_inline(_all_text(h1))
    children = list(h1.iterchildren(etree.Element))
    last = children[-1] if children else None
    if last is None or last.tag != "a" or (last.tail or "").strip():
        return text
    shown = normalize_inline(_all_text(last))
    rest = normalize_inline(text[: len(text) - len(shown)] if text.endswith(shown) else "")
    return rest or text


def _title(meta: _Meta, ld: dict[str, Any], h1: str | None, site_names: list[str], body: Any) -> str | None:
    """The first title of :data:`METADATA_ORDER`; the article's ``<h1>`` gives its shown form of the same title.

    A structured-data or meta title loses a trailing or leading part that is the site's name. When the
    ``<h1>`` is the same title but for quotes, case or spacing, or continues it (an attribute cut at
    an unescaped quote), the ``<h1>`` is what the reader sees and is taken; so it is when a meta
    title agrees with it against the JSON-LD headline.
    """
    candidates = [
        title
        for value in (_ld_text(ld.get("headline")) or _ld_text(ld.get("name")), *meta.every("title"))
        if value and (title := _strip_site_name(html.unescape(value), site_names))
    ]
    if candidates:
        first = _shown_form(candidates[0], h1)
        # The JSON-LD headline is often the SEO variant: when og:title (or twitter:title) and the <h1>
        # agree on another title, the title the page shows twice wins.
        # The <title> is a witness too ("Headline - Site" while og:title is a rewritten headline).
        others = [*candidates[1:], *([clean_title(meta.title_tag, site_names)] if meta.title_tag else [])]
        shown_twice = h1 is not None and any(_comparable(_shown_form(other, h1)) == _comparable(h1) for other in others)
        return h1 if h1 and shown_twice and _comparable(first) != _comparable(h1) else first
    title_tag = normalize_inline(meta.title_tag or "")
    if h1 and _is_title_tail(h1, title_tag):
        # The site's logo set as <h1> ("好奇心日报" under "标题_智能_好奇心日报"): the <title> names the story.
        h1 = None
    if h1 and (not title_tag or _shares_a_word(h1, title_tag)):
        return h1
    # No <h1>, or one that shares no word with the <title> (a section or site name): the headline the
    # page shows is a heading (or a "title" element) whose text begins the <title> and is cut from the
    # rest at a separator or a space ("标题 网站名", "Headline-Site" with no other sign of the site).
    shown = _shown_headline(body, title_tag) if title_tag else None
    if shown:
        return shown
    if h1:
        return h1
    if title_tag:
        return clean_title(title_tag, site_names)
    return None


def _is_title_tail(h1: str, title_tag: str) -> bool:
    """Whether ``h1`` is a part after the first of the ``<title>`` cut at its separators: a channel or the site."""
    parts = [part.strip() for part in _TITLE_SEPARATORS.split(title_tag) if part.strip()]
    return len(parts) >= 2 and h1 != parts[0] and h1 in parts[1:]


def _declared_titles(meta: _Meta, ld: dict[str, Any]) -> list[str]:
    """The titles structured data and meta tags give (JSON-LD headline or name, og:title, twitter:title)."""
    return [
        value for value in (_ld_text(ld.get("headline")) or _ld_text(ld.get("name")), *meta.every("title")) if value
    ]


_HEADLINE_GAP_WEIGHT = 300  # text between a headline and the body: a date, a source, a byline line
_MIN_HEADLINE_WEIGHT = 15  # five CJK characters or fifteen letters: shorter headings are labels
_PRECEDING_HEADING = etree.XPath(
    "preceding::*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6][1]"
)
_FOLLOWING_TEXTS = etree.XPath("following::text()")


def _heading_above(container: Any, title_tag: str) -> str | None:
    """The heading printed right above the main content (only a date or source line between), if it is a headline.

    Institutional and portal CMSes print the headline as an ``<h2>``…``<h6>`` over the body and give the
    ``<title>`` only the section and the site. A heading whose text is part of the ``<title>`` is that
    section's or site's name, not the headline.
    """
    heading = _PRECEDING_HEADING(container)
    if not heading:
        return None
    text = normalize_inline(_all_text(heading[0]))
    if _weight(text) < _MIN_HEADLINE_WEIGHT or _comparable(text) in _comparable(title_tag):
        return None
    gap = 0
    for piece in _FOLLOWING_TEXTS(heading[0]):
        # A text node's parent is the element it sits in, or, for a tail, the element it follows.
        parent = piece.getparent()
        if _is_inside(parent, container) and not (piece.is_tail and parent is container):
            return text
        gap += _weight(piece.strip())
        if gap > _HEADLINE_GAP_WEIGHT:
            return None
    return None


def _shares_a_word(one: str, other: str) -> bool:
    words = set(_WORD.findall(_comparable(other)))
    return any(word in words for word in _WORD.findall(_comparable(one)))


def _shown_headline(body: Any, title_tag: str) -> str | None:
    """A heading or ``title``/``headline`` element whose whole text is the leading half (or more) of ``title_tag``."""
    for element in _HEADLINE_CANDIDATES(body):
        if not (element.tag in _HEADINGS or _tokens(element) & _HEADLINE_TOKENS):
            continue
        text = normalize_inline(_all_text(element))
        if len(text) * 2 < len(title_tag) or not title_tag.startswith(text):
            continue
        rest = title_tag[len(text) :]
        if not rest or rest[0].isspace() or _LEADING_SEPARATOR.match(rest):
            return text
    return None


def _comparable(text: str) -> str:
    return _QUOTES.sub("'", normalize_inline(text)).casefold()


def _shown_form(title: str, h1: str | None) -> str:
    title = normalize_inline(title)
    if not h1:
        return title
    if _comparable(h1) == _comparable(title):
        return h1
    if len(h1) > len(title) and _comparable(h1).startswith(_comparable(title)) and len(title) >= 10:
        return h1
    # "Headline（Source）": an aggregator's title credits the outlet in brackets after the shown headline.
    if _comparable(title).startswith(_comparable(h1)) and _BRACKETED_TAIL.fullmatch(title[len(h1) :]):
        return h1
    # "Opinion | Headline", "Headline | Section": the <h1> is one part of the separated title.
    if any(_comparable(part) == _comparable(h1) for part in _TITLE_SEPARATORS.split(title) if part.strip()):
        return h1
    return title


def _strip_site_name(title: str, site_names: list[str]) -> str:
    """``title`` without a leading or trailing part that names the site (``Headline | TheHill``)."""
    title = normalize_inline(title)
    names = {normalize_inline(name).casefold() for name in site_names if name}
    if not names:
        return title
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if parts[-1].strip().casefold() in names:
        cut = title.rfind(parts[-1])
        return _TRAILING_SEPARATOR.sub("", title[:cut]).strip() or title
    if parts[0].strip().casefold() in names:
        return _LEADING_SEPARATOR.sub("", title[len(parts[0]) :]).strip() or title
    # "Headline @ Blog :: Platform ::", "Headline | Site | Section": the site's name sits after a
    # separator inside the title (and may hold a separator itself); the headline is what comes before.
    folded = title.casefold()
    for name in names:
        at = folded.find(name)
        head = title[:at] if at > 0 else ""
        if head and _TRAILING_SEPARATOR.search(head) and _weight(_TRAILING_SEPARATOR.sub("", head).strip()) >= 12:
            return _TRAILING_SEPARATOR.sub("", head).strip()
    return title


def _date_candidates(meta: _Meta, ld: dict[str, Any], body: Any) -> list[str]:
    """Every publication-date string the page offers, in the order of :data:`METADATA_ORDER`."""
    values = [value for key in ("datePublished", "dateCreated") if (value := _ld_text(ld.get(key)))]
    values += meta.every("published")
    values += meta.page_dates  # datePublished of other JSON-LD nodes (the WebPage), often with the time
    for element in _DATE_ELEMENTS(_article_scope(body)):
        if (element.get("itemprop") or "").lower() == "datepublished":
            value = element.get("datetime") or element.get("content") or _all_text(element)
            if value:
                values.append(value)
        elif element.tag == "time" and element.get("datetime"):
            values.append(element.get("datetime") or "")
    shown = _date_near_title(body)
    if shown is not None:
        values.append(shown)
    else:
        # Text nodes joined with a space: a date must not run on into the next element's digits.
        labelled = _LABELLED_DATE.search(" ".join(_opening_pieces(body)))
        if labelled:
            values.append(labelled["date"])
    listed = _labelled_item_value(body, _DATE_ITEM_LABELS)
    if listed and any(character.isdigit() for character in listed):
        values.append(listed)  # a fact list's "<strong>Date</strong> 10.06.2013" beside the story
    return values


def _published(values: list[str], url: str | None, zone: str, flags: list[str]) -> tuple[Instant | None, bool]:
    """The first readable candidate; a date without time gives way to a later full time on the same day."""
    unparseable = False
    first_date: Instant | None = None
    for value in values:
        instant, date_only = _parse_date(value, zone)
        if instant is None:
            unparseable = True
            continue
        if not date_only:
            if first_date is None or instant.value.date() == first_date.value.date():
                return instant, False
            continue
        if first_date is None:
            first_date = instant
    if first_date is not None:
        return first_date, True
    from_url = _date_from_url(url, zone)
    if from_url is not None:
        flags.append("published-at-from-url")
        return from_url, True
    if unparseable:
        flags.append("published-at-unparseable")
    return None, False


def _article_scope(body: Any) -> Any:
    """The ``<article>`` that holds the page's ``<h1>`` (its header holds the date), else the whole body."""
    for heading in body.iter("h1"):
        parent = heading.getparent()
        while parent is not None:
            if parent.tag == "article":
                return parent
            parent = parent.getparent()
        break
    return body


def _date_near_title(body: Any) -> str | None:
    """A date-time written in the few elements after the ``<h1>`` (Chinese portals print it there)."""
    heading = next((element for element in body.iter("h1") if _text_of(element)), None)
    if heading is None:  # no headline element: the first date-time in the page's opening text
        return _shown_date_time(" ".join(_opening_pieces(body)))
    seen = 0
    node = heading
    while node is not None and seen < 12:
        following = node.getnext()
        while following is None and node is not None:
            node = node.getparent()
            following = node.getnext() if node is not None else None
        if following is None:
            return None
        node = following
        if not isinstance(node.tag, str):
            continue
        seen += 1
        shown = _shown_date_time(normalize_inline(_leading_text(node, 300)))
        if shown:
            return shown
    return None


def _shown_date_time(text: str) -> str | None:
    """The first date-time written in ``text``, numeric first (``2019-06-15 08:18``, ``12.10.2015, 19:16``).

    Else one with an English month name and a time (``January 13, 2020 at 08:45 AM``, as blogs print it
    under the headline); a date without a time is not taken here.
    """
    match = _NEAR_TITLE_DATE.search(text)
    if match:
        return _date_text(match)
    for english in _ENGLISH_DATE_IN_TEXT.finditer(text):
        if english["hour"] is not None:
            return english.group(0)
    return None


# "发布时间：2019-05-18" in the info line of a Chinese institution's page that prints no time: a date only.
_LABELLED_DATE = re.compile(
    r"(?:发布时间|發布時間|发布日期|發布日期|发表时间|發表時間|发表日期|發表日期|更新时间|日期|时间)\s*[:：]\s*"
    r"(?P<date>(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)"
)

# "作者：李在山" in a portal's info line under the headline ("2019-09-26 12:11 来源：证券时报网 作者：李在山"): the
# label, then names of two to four Chinese characters, each ending where the Chinese text does.
_LABELLED_AUTHOR = re.compile(
    r"(?:作者|撰文|著者|筆者|执笔|執筆)\s*[:：]\s*(?P<names>[\u4e00-\u9fff·]{2,4}(?:[\s、,，]+[\u4e00-\u9fff·]{2,4})*)(?![\u4e00-\u9fff·])"
)


def _opening_pieces(body: Any) -> list[str]:
    """The page's text nodes (whitespace collapsed, blank ones left out) up to :data:`_OPENING_TEXT_CHARS` or so."""
    pieces: list[str] = []
    seen = 0
    for piece in body.itertext():
        if piece.isspace():  # most text nodes of a page are the blanks between its tags: skip them cheaply
            continue
        piece = normalize_inline(piece)
        if piece:
            pieces.append(piece)
            seen += len(piece) + 1
            if seen > _OPENING_TEXT_CHARS:
                break
    return pieces


def _labelled_author_near_title(body: Any) -> list[str]:
    """Names after an ``作者：`` label in one text node of the page's opening text (its headline's info line)."""
    for piece in _opening_pieces(body):
        match = _LABELLED_AUTHOR.search(piece)
        if match:
            names = re.split(r"[\s、,，]+", match["names"])
            return [name for name in names if name and not _NOT_A_NAME.search(name)]
    return []


_DATE_ITEM_LABELS = frozenset(("date", "datum", "published", "veröffentlicht", "publié", "publicado", "fecha"))
_AUTHOR_ITEM_LABELS = frozenset(("author", "authors", "autor", "autorin", "autoren", "auteur", "auteurs", "autore"))
_LABEL_TAGS = frozenset(("strong", "b", "span", "dt", "em"))


def _author_list_item_names(body: Any) -> list[str]:
    """The names in the page's first list item or line labelled by an emphasised ``Author`` word.

    News sites print the story's facts as a labelled list beside it (``<li><strong>Date</strong>
    10.06.2013</li><li><strong>Author</strong> Julian Tompkin</li>``): the label is its own element and
    the value follows it. Such a list speaks for the page's story, so it outranks a byline element
    found by its class, which may be a gallery's or a teaser's credit.
    """
    text = _labelled_item_value(body, _AUTHOR_ITEM_LABELS)
    return _split_names(text) if text else []


def _labelled_item_value(body: Any, labels: frozenset[str]) -> str | None:
    """The value of the page's first list item (or line) that opens with one of ``labels`` in an element of its own."""
    for item in body.iter("li", "p", "dd"):
        label = next(item.iterchildren(etree.Element), None)
        if label is None or label.tag not in _LABEL_TAGS or (item.text or "").strip():
            continue
        if normalize_inline(_all_text(label)).rstrip(":：").strip().casefold() not in labels:
            continue
        text = normalize_inline(_all_text(item))[len(normalize_inline(_all_text(label))) :].lstrip(" :：")
        if 0 < len(text) <= 120:
            return text
    return None


_HEADLINE_BYLINE_ELEMENTS = 12  # elements after the headline within which its byline line stands


def _byline_line_under_headline(body: Any, headline: str | None) -> list[str]:
    """The names of a byline line (``By Jane Doe``) among the elements right after the headline's ``<h1>``.

    Read before chrome is pruned: the byline often stands in the article's ``<header>`` beside the
    headline, outside the element that holds the text, where the walker never sees it.
    """
    h1 = next((element for element in body.iter("h1") if headline and _headline_text(element) == headline), None)
    if h1 is None:
        return []
    for element in _following_elements(h1, _HEADLINE_BYLINE_ELEMENTS):
        if element.tag in _PARAGRAPH_TAGS and len(_all_text(element)) > 200:
            break  # the story's text has begun: a byline line further down is another story's
        text = normalize_inline(_all_text(element))
        match = BYLINE_LINE.match(text) if 0 < len(text) <= 90 else None
        if match:
            return _split_names(match["sentence_names"] or text)
    return []


def _leading_text(element: Any, limit: int) -> str:
    """The first ``limit`` characters or so of an element's text, without walking the rest of it."""
    pieces: list[str] = []
    size = 0
    for piece in element.itertext():
        pieces.append(piece)
        size += len(piece)
        if size >= limit:
            break
    return "".join(pieces)[:limit]


def _date_text(found: re.Match[str]) -> str:
    """A date-time found in text (a :data:`_NEAR_TITLE_DATE` match), as ISO ``YYYY-MM-DD HH:MM[:SS]``."""
    prefix = "" if found["year"] else "dotted_"
    year, month, day, hour, minute = (int(found[prefix + part]) for part in ("year", "month", "day", "hour", "minute"))
    second = f":{int(found[prefix + 'second']):02d}" if found[prefix + "second"] else ""
    return f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}{second}"


def _authors(meta: _Meta, ld: dict[str, Any], body: Any, site_names: list[str]) -> tuple[list[str], bool]:
    """The article's authors from the first source in :data:`METADATA_ORDER` that names someone.

    A name that is the site's own (its ``og:site_name``, its publisher, its host name, ``www.`` aside)
    credits no one: structured data that gives only the site as author leaves the next source to speak.

    Returns:
        The names, and whether they come from a byline element found by its class (the last source,
        which a byline line at the top of the article's own text outranks, see :func:`_byline_line_names`).
    """

    def people(names: list[str]) -> list[str]:
        return _people(names, site_names)

    # Structured data writes an outlet beside the name ("Troy L. Smith, Cleveland.com", "Amy Kuperinsky |
    # NJ Advance Media for NJ.com"), or credits a desk ("Kulu Media News Desk", "Letters To The Editor"):
    # the outlet goes as a byline's would, and a desk is nobody.
    names = people(
        [
            person
            for name in map(normalize_inline, _ld_names(ld.get("author"), meta.graph))
            if not _DESK.search(name)
            for person in (_split_names(name) if _OUTLET_BESIDE_NAME.search(name) else [name])
        ]
    )
    if names:
        return names, False
    for value in meta.every("author"):
        # "SPIEGEL ONLINE, Hamburg, Germany", "Süddeutsche.de GmbH, Munich": an outlet and its address.
        first = re.split(r"\s*[,;|]\s*", normalize_inline(_URL_IN_TEXT.sub("", value)), maxsplit=1)[0]
        if _site_key(first) in {_site_key(name) for name in site_names if name} or _NOT_A_NAME.search(first):
            continue
        # "Ediciones El País" beside the site name "EL PAÍS": the publishing company; a site name of two words
        # or more is no part of a person's name.
        if any(_site_key(name) in _site_key(first) for name in site_names if len(name.split()) >= 2):
            continue
        if not _looks_like_url(value):
            split = people(_split_names(value))
            if split:
                return split, False
    # An author link's text is one name as written ("Richard (R.J.) Eskow"): only its trimmings go.
    rel = people([_author_link_name(value) for value in meta.rel_authors if _author_link_name(value)])
    if rel:
        return rel[:10], False
    scope = _article_scope(body)
    return people(_byline_names(scope) or (_byline_names(body) if scope is not body else [])), True


def _people(names: list[str], site_names: list[str]) -> list[str]:
    """``names`` without those that are the site's own name.

    The name a host is built on (``ITmedia`` for ``www.itmedia.co.jp``) is the outlet beside a person's name
    (``[田中宏昌，ITmedia]``, ``Jane Doe/Reuters``); alone it may be a blogger's own name (``janedoe.com``), so it
    goes only where someone else is named.
    """
    sites = {_site_key(name) for name in site_names if name}
    people = [name for name in names if _site_key(name) not in sites]
    host_labels = {_host_label(name) for name in site_names if "." in name and " " not in name.strip()}
    others = [name for name in people if _site_key(name) not in host_labels]
    return others or people


def _host_label(host: str) -> str:
    """The label a host name is built on, as :func:`_site_key` writes names: ``www.itmedia.co.jp`` gives ``itmedia``."""
    return _site_key(host).split(".", 1)[0]


_BYLINE_LINE_BLOCKS = 5


def _byline_line_names(blocks: list[RawBlock]) -> list[str]:
    """The names of a byline line among the article's first few blocks (``Von Gregory Lipinski``, ``By Jane Doe``).

    Such a line is the article's own credit: pages that print it there (German and French papers, blogs)
    carry author classes on teasers for other stories too, so it outranks a byline element found by class.
    """
    for block in blocks[:_BYLINE_LINE_BLOCKS]:
        text = normalize_inline(block.text)
        match = BYLINE_LINE.match(text) if len(text) <= 90 else None
        if match:
            return _split_names(match["sentence_names"] or text)
    return []


def _author_link_name(text: str) -> str:
    """The name in a ``rel=author`` link's text, without an archive link's wording, a date or what a comma adds.

    ``Brenda Goodman, MA`` gives ``Brenda Goodman``. An outlet's name (``Associated Press``,
    ``… News Weekly``) is no person's: it gives an empty string.
    """
    name = _DATE_TRAILER.sub("", _LISTING_PREFIX.sub("", normalize_inline(text)))
    name = re.split(r"\s*[,;]\s*", name, maxsplit=1)[0]
    name = name[3:].strip() if name[:3].lower() == "by " else name
    return "" if _NOT_A_NAME.search(name) or _DESK.search(name) else name


def _site_key(name: str) -> str:
    """A site name as compared with author names: case-folded, spaces and a leading ``www.`` dropped."""
    key = normalize_inline(name).casefold().replace(" ", "")
    return key.removeprefix("www.")


def _ld_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value[:100] if isinstance(item, str)]
    return []


def _ld_image(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value if isinstance(value, str) else None
