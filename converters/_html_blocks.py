"""Turn an HTML fragment (an RSS item's body) into raw blocks, images and links, without recursion.

The fragment is parsed by lxml's HTML parser and its tree walked directly:
building BeautifulSoup's tree on top of lxml's parse took most of the
rss-markdown converter's time (about 400 µs of a 6 KB body, against about
60 µs for lxml's own tree), and the walk needs nothing BeautifulSoup adds.
libxml2 builds trees at most 2,048 elements deep, so a deeper document goes
through BeautifulSoup, whose tree has no such limit (see :func:`_parse_deep`);
a property test holds both parses to the same blocks. The walk is iterative
(an explicit stack), so HTML nested 100,000 levels deep is read like any
other. It handles structure and element-level boilerplate only:

- block elements (``p``, ``div``, ``li``, ``h1`` to ``h6``, ``blockquote``, …) end the
  running text; ``br`` becomes a line break inside a block;
- subtrees that are never article text are skipped: scripts, styles, forms,
  ``nav``/``aside``, hidden elements, and elements whose ``class``/``id`` tokens or
  ``data-`` attributes mark ads, share widgets, self-promotion, newsletters or
  related-content boxes;
- ``img`` becomes an image (tracking pixels skipped); its URL is taken from behind
  a known image proxy; its caption is the ``<small>`` (or ``<div><small>``) right
  after it, a ``figcaption``, or else its ``alt``/``title``;
- ``time`` elements are noted with their ``datetime`` value and shown text;
- links are kept with the block they sit in, unless they are share links or
  not http(s);
- table rows are blocks, their cells joined by `` | ``; paragraphs inside one
  list item stay one block, a line each (a loose Markdown list renders so);
- in HTML rendered from Markdown (``markdown=True``), a line break between two
  CJK characters is a soft break and joins them without a space, as the
  CJK-friendly Markdown rules render it; in other HTML it is a space, as
  browsers show it;
- code (``code``, ``pre``, ``kbd``, ``samp``) is kept as written.

Then, on each block's text, literal emphasis markers that reached the text
(a CMS writing ``**…**`` inside ``<p>``, or Markdown the renderer could not
pair) are handled once, here (:func:`_literal_emphasis`): a paragraph that
is wholly ``**…**`` is a heading; paired ``**``/``__`` runs are removed; an
unpaired run that opens a word (``**Note``) is a stray marker and removed;
one that follows a letter or digit (a masked name ``王**``, a masked number
``138****1234``) stays, as does ``a ** b`` between spaces.

Last, site chrome is cut by the tables of :mod:`._chrome`: elements by whole
class name, id or role (entry headers, bylines, category and tag lists,
reading time, share and like widgets, related posts, comments and their
forms), blocks whose whole text is a chrome line, related-content
sections (a label such as ``相关文章`` and the link, list or title blocks and
images after it), and a comment section (a heading such as ``Comments`` and
everything after it).

What the remaining blocks *mean* (date lines, bold headings, junk tokens,
disclaimers) is decided by the converter from the flags each
:class:`RawBlock` carries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from ._chrome import (
    CHROME_CLASS_NAMES,
    CHROME_LINES,
    CHROME_ROLES,
    CLOSING_BLOCKS,
    CLOSING_CALL_MAX,
    CLOSING_CALLS,
    COMMENT_HEADINGS,
    DANGLING_LABEL_MAX,
    DANGLING_LABELS,
    PAGE_END_LINES,
    PAGE_HEADER_END_LINES,
    PAGE_HEADER_LINE_MAX,
    PAGE_HEADER_MAX_BLOCKS,
    RELATED_ITEM_MAX,
    RELATED_LABELS,
)
from .base import BlockKind

if TYPE_CHECKING:  # BeautifulSoup is imported by the deep parse only: it costs a process start about 60 ms
    from bs4.element import PageElement, Tag

_BLOCK_TAGS = frozenset(
    (
        "address", "article", "blockquote", "body", "center", "dd", "details", "div", "dl", "dt", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    )
)  # fmt: skip
_HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_BOLD_TAGS = frozenset(("b", "strong"))
_CODE_TAGS = frozenset(("code", "kbd", "samp", "tt"))
_CELL_TAGS = frozenset(("td", "th"))
_CELL_SEPARATOR = " | "
_SKIPPED_TAGS = frozenset(
    (
        "applet", "aside", "audio", "button", "canvas", "embed", "form", "head", "iframe", "input", "link",
        "map", "math", "meta", "nav", "noscript", "object", "option", "script", "select", "style", "svg",
        "template", "textarea", "title", "video",
    )
)  # fmt: skip
# class/id tokens (split on "-", "_" and spaces) that mark a subtree as boilerplate.
_BOILERPLATE_TOKENS = frozenset(
    (
        "ad", "ads", "adsbygoogle", "advert", "advertisement", "addthis", "banner", "newsletter", "outbrain",
        "promo", "recommend", "recommended", "related", "selfpromo", "share", "sharethis", "sharing",
        "social", "sponsor", "sponsored", "subscribe", "taboola",
    )
)  # fmt: skip
_BOILERPLATE_DATA_PREFIXES = ("data-selfpromo", "data-ad-", "data-share")
_TOKEN_SPLIT = re.compile(r"[\s_-]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE_RUN = re.compile(r"\s+")
# CJK characters and full-width punctuation: a line break between two of them is no space.
_CJK = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(f"(?<=[{_CJK}])[ \t]*\n\\s*(?=[{_CJK}])")
_MARKER_RUN = re.compile(r"\*{2,}|_{2,}")
_WHOLLY_EMPHASISED = re.compile(r"(\*{2,}|_{2,})(?!\s)(.+?)(?<!\s)\1", re.DOTALL)
_CODE_MARK = "\ufffc"  # stands for a code piece while markers are judged: code is never touched
_SENTENCE_END = frozenset("。！？!?…；;.，,")
_SHARE_LINK = re.compile(
    r"sharer|/share\b|/intent/|sharearticle|/submit\b|/pin/create|api\.whatsapp|wa\.me/|line\.me/r/msg|"
    r"service\.weibo\.com|connect\.qq\.com|sns\.qzone|addthis|sharethis|getpocket\.com/save",
    re.IGNORECASE,
)
# Image proxies that carry the original URL in a query parameter (weserv.nl: "url").
_PROXY_QUERY_PARAMETER = {"images.weserv.nl": "url", "wsrv.nl": "url"}
_HAS_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")


def unwrap_image_proxy(url: str) -> str:
    """Return the original image URL behind a known image proxy, or ``url`` unchanged.

    ``https://images.weserv.nl?url=gdb.voanews.com/x.jpg`` gives
    ``https://gdb.voanews.com/x.jpg``: the proxied URL gets ``https://`` when it has
    no scheme (weserv's ``ssl:`` prefix also means https).
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    parameter = _PROXY_QUERY_PARAMETER.get((parts.hostname or "").lower())
    if parameter is None:
        return url
    original = next((value for key, value in parse_qsl(parts.query) if key == parameter), "").strip()
    if not original:
        return url
    if original.startswith("//"):
        return "https:" + original
    if original.lower().startswith("ssl:"):
        return "https://" + original[4:]
    if not _HAS_SCHEME.match(original):
        return "https://" + original
    return original


@dataclass
class RawBlock:
    """Text of one block as found, with what the converter needs to judge it.

    Attributes:
        kind: The structural kind (``p`` and friends are paragraphs).
        text: The text, whitespace runs collapsed, ``br`` as newline; not yet normalised.
        all_bold: Every visible character sat inside ``<strong>``/``<b>``.
        all_links: Every visible character sat inside an ``<a>``.
        list_id: Identifies the ``ul``/``ol`` a list item belongs to, else None.
        links: ``(href, text)`` of the links in the block (share links are skipped with their text).
        times: ``(datetime attribute or shown text, shown text)`` of the ``<time>`` elements in the block.
    """

    kind: BlockKind
    text: str
    all_bold: bool
    all_links: bool
    list_id: int | None
    links: list[tuple[str, str]]
    times: list[tuple[str, str]]


@dataclass
class RawBody:
    """What the walk found: blocks and images, each in reading order.

    Attributes:
        blocks: The blocks.
        images: ``(url, caption)`` of the images.
        image_blocks: For each image, how many of ``blocks`` come before it, so that a converter cutting
            a footer from block ``n`` on can cut the images there too.
    """

    blocks: list[RawBlock] = field(default_factory=list)
    images: list[tuple[str | None, str | None]] = field(default_factory=list)
    image_blocks: list[int] = field(default_factory=list)


@dataclass
class _Buffer:
    """The running text of the block being read."""

    pieces: list[str] = field(default_factory=list)
    bold_text: bool = False
    plain_text: bool = False
    link_text: bool = False
    unlinked_text: bool = False
    links: list[tuple[str, str]] = field(default_factory=list)
    times: list[tuple[str, str]] = field(default_factory=list)
    code: list[int] = field(default_factory=list)  # indices of pieces that are code


@dataclass
class _Frame:
    """One open element on the walk's stack, and what to do when it closes."""

    tag: etree._Element
    children: Iterator[etree._Element]
    block: bool = False
    kind: BlockKind | None = None
    list_id: int | None = None
    bold: bool = False
    pre: bool = False
    code: bool = False
    link: tuple[str, int, int] | None = None  # (href, buffer generation, start piece)
    caption_for: int | None = None  # index into images
    time_value: str | None = None  # set on the <time> element whose text is being noted
    figure: bool = False


def _is_boilerplate(tag: etree._Element) -> bool:
    if tag.tag in _SKIPPED_TAGS:
        return True
    if tag.tag == "a" and _SHARE_LINK.search(_attribute(tag, "href")):
        return True  # a share button: neither its text nor its link is article content
    for name, value in tag.items():
        if name.startswith(_BOILERPLATE_DATA_PREFIXES):
            return True
        if name in ("class", "id"):
            lowered = value.lower()
            if not _BOILERPLATE_TOKENS.isdisjoint(_TOKEN_SPLIT.split(lowered)):
                return True
            if not CHROME_CLASS_NAMES.isdisjoint(lowered.split()):
                return True
        elif (
            (name == "role" and value.lower() in CHROME_ROLES)
            or (name == "style" and _HIDDEN_STYLE.search(value))
            or name == "hidden"
            or (name == "aria-hidden" and value.lower() == "true")
        ):
            return True
    return False


def _is_article_link(href: str) -> bool:
    """Whether a link can point to a source: http(s) or relative, not an in-page anchor or a script."""
    if not href or href.startswith("#"):
        return False
    try:
        return urlsplit(href).scheme.lower() in ("", "http", "https")
    except ValueError:
        return False


def _attribute(tag: etree._Element, name: str) -> str:
    return tag.get(name) or ""


def _is_element(node: etree._Element) -> bool:
    """Whether a node is an element, not a comment or processing instruction (whose ``tag`` is a function)."""
    return isinstance(node.tag, str)


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _next_meaningful_sibling(element: etree._Element) -> etree._Element | None:
    """The element right after ``element``, past comments and blank text; None when text comes first."""
    node = element
    while True:
        if not _blank(node.tail):
            return None  # text right after the image: no caption element follows
        sibling = node.getnext()
        if sibling is None or _is_element(sibling):
            return sibling
        node = sibling


def _holds_only_a_small(element: etree._Element) -> bool:
    """Whether an element's content, comments and blank text aside, is one ``<small>`` element."""
    if not _blank(element.text):
        return False
    children = [child for child in element if _is_element(child)]
    if any(not _blank(child.tail) for child in element):
        return False
    return len(children) == 1 and children[0].tag == "small"


def _caption_element(image: etree._Element) -> etree._Element | None:
    """The ``<small>`` or ``<div><small>…</small></div>`` right after an image, if any."""
    following = _next_meaningful_sibling(image)
    # An image alone in a wrapper (<p><img></p><div><small>…) is captioned by what follows the wrapper.
    parent = image.getparent()
    if following is None and parent is not None and parent.tag in ("a", "p", "div", "span"):
        following = _next_meaningful_sibling(parent)
    if following is None:
        return None
    if following.tag in ("small", "figcaption"):
        return following
    if following.tag in ("div", "p") and _holds_only_a_small(following):
        return following
    return None


class _Walker:
    """The iterative walk; one instance per document."""

    def __init__(self, markdown: bool = False) -> None:
        self.markdown = markdown
        self.body = RawBody()
        self.buffer = _Buffer()
        self.generation = 0
        self.specials: list[BlockKind] = []  # kinds of open h*/li elements, innermost last
        self.list_ids: list[int] = []
        self.quote_depth = 0
        self.bold_depth = 0
        self.link_depth = 0
        self.pre_depth = 0
        self.code_depth = 0
        # Caption element -> image index. Keyed by the element itself: holding it keeps lxml's proxy object
        # alive, so the walk meets that same object (an id() could be reused once a proxy is freed).
        self.captions: dict[etree._Element, int] = {}
        self.lists = 0  # <ul>/<ol> elements opened so far: each list's id
        self.figures: list[int] = []  # for each open <figure>, how many images there were before it
        self.caption_target: int | None = None
        self.caption_pieces: list[str] = []
        self.time_pieces: list[str] | None = None

    def flush(self) -> None:
        buffer = self.buffer
        if not buffer.pieces and not buffer.times:
            return
        text = "".join(buffer.pieces)
        self.buffer = _Buffer()
        self.generation += 1
        if not text.strip() and not buffer.times:
            return
        default: BlockKind = "quote" if self.quote_depth else "paragraph"
        kind = self.specials[-1] if self.specials else default
        wholly = False
        if "**" in text or "__" in text:
            text, wholly = _literal_emphasis(buffer.pieces, buffer.code)
            if wholly and kind == "paragraph":
                kind = "heading"
        self.body.blocks.append(
            RawBlock(
                kind=kind,
                text=text,
                all_bold=wholly or (buffer.bold_text and not buffer.plain_text),
                all_links=buffer.link_text and not buffer.unlinked_text,
                list_id=self.list_ids[-1] if kind == "list_item" and self.list_ids else None,
                links=buffer.links,
                times=buffer.times,
            )
        )

    def text(self, value: str) -> None:
        if not self.pre_depth:
            if self.markdown and "\n" in value:
                value = _CJK_LINE_BREAK.sub("", value)
            value = _SPACE_RUN.sub(" ", value)
        if self.caption_target is not None:
            self.caption_pieces.append(value)
            return
        if self.time_pieces is not None:
            self.time_pieces.append(value)
        buffer = self.buffer
        if self.code_depth:
            buffer.code.append(len(buffer.pieces))
        buffer.pieces.append(value)
        if value.strip():
            if self.bold_depth:
                buffer.bold_text = True
            else:
                buffer.plain_text = True
            if self.link_depth:
                buffer.link_text = True
            else:
                buffer.unlinked_text = True

    def image(self, tag: etree._Element) -> None:
        if _attribute(tag, "width").strip() in ("0", "1") or _attribute(tag, "height").strip() in ("0", "1"):
            return  # a tracking pixel
        url = _attribute(tag, "src").strip()
        if not url or url.startswith("data:"):
            url = (_attribute(tag, "data-src") or _attribute(tag, "data-original")).strip()
        alt = _attribute(tag, "alt").strip() or _attribute(tag, "title").strip() or None
        self.body.images.append((unwrap_image_proxy(url) if url else None, alt))
        self.body.image_blocks.append(len(self.body.blocks))
        caption = _caption_element(tag)
        if caption is not None:
            self.captions[caption] = len(self.body.images) - 1

    def open(self, tag: etree._Element) -> _Frame | None:
        """Handle an element's start; return the frame to push, or None when its subtree is skipped."""
        name = tag.tag
        if _is_boilerplate(tag):
            return None
        if name == "br":
            if self.caption_target is not None:
                self.caption_pieces.append("\n")
            else:
                self.buffer.pieces.append("\n")
            return None
        if name == "img":
            self.image(tag)
            return None
        frame = _Frame(tag, iter(tag))
        caption_index = self.captions.pop(tag, None)
        if name == "figure":
            self.figures.append(len(self.body.images))
            frame.figure = True
        if caption_index is None and name == "figcaption" and self.caption_target is None:
            if self.figures and len(self.body.images) > self.figures[-1]:  # the figure holds an image
                caption_index = len(self.body.images) - 1
            else:  # a caption without an image (a video, a chart): keep it as a caption-only image
                self.body.images.append((None, None))
                self.body.image_blocks.append(len(self.body.blocks))
                caption_index = len(self.body.images) - 1
        if caption_index is not None and self.caption_target is None:
            self.flush()
            self.caption_target = caption_index
            self.caption_pieces = []
            frame.caption_for = caption_index
            return frame
        if name == "p" and self.specials and self.specials[-1] == "list_item":
            # A loose list item's paragraphs are lines of the item (a nested list still starts a block).
            if "".join(self.buffer.pieces).strip():
                self.buffer.pieces.append("\n")
            return frame  # not a block: the paragraph's text joins the item's
        if name in _CELL_TAGS:
            if "".join(self.buffer.pieces).strip():
                self.buffer.pieces.append(_CELL_SEPARATOR)
            return frame
        if name in _BLOCK_TAGS:
            self.flush()
            frame.block = True
            if name in _HEADING_TAGS:
                frame.kind = "heading"
            elif name == "li":
                frame.kind = "list_item"
            elif name == "blockquote":
                self.quote_depth += 1
            elif name in ("ul", "ol"):
                self.lists += 1
                frame.list_id = self.lists
                self.list_ids.append(frame.list_id)
            elif name == "pre":
                frame.pre = True
                self.pre_depth += 1
                self.code_depth += 1
            if frame.kind is not None:
                self.specials.append(frame.kind)
        elif name in _BOLD_TAGS:
            frame.bold = True
            self.bold_depth += 1
        elif name in _CODE_TAGS:
            frame.code = True
            self.code_depth += 1
        elif name == "a":
            href = _attribute(tag, "href").strip()
            if self.caption_target is None and _is_article_link(href):
                frame.link = (href, self.generation, len(self.buffer.pieces))
            self.link_depth += 1
        elif name == "time" and self.time_pieces is None:
            frame.time_value = _attribute(tag, "datetime").strip()
            self.time_pieces = []
        return frame

    def close(self, frame: _Frame) -> None:
        """Handle an element's end."""
        name = frame.tag.tag
        if frame.figure:
            self.figures.pop()
        if frame.caption_for is not None:
            caption = "".join(self.caption_pieces).strip()
            url, alt = self.body.images[frame.caption_for]
            self.body.images[frame.caption_for] = (url, caption or alt)
            self.caption_target = None
            self.caption_pieces = []
            return
        if frame.block:
            self.flush()
            if frame.kind is not None:
                self.specials.pop()
            if name == "blockquote":
                self.quote_depth -= 1
            elif frame.list_id is not None:
                self.list_ids.pop()
            elif frame.pre:
                self.pre_depth -= 1
                self.code_depth -= 1
        elif frame.bold:
            self.bold_depth -= 1
        elif frame.code:
            self.code_depth -= 1
        elif name == "a":
            self.link_depth -= 1
            if frame.link is not None:
                href, generation, start = frame.link
                if generation == self.generation:
                    label = "".join(self.buffer.pieces[start:]).strip()
                    if label:
                        self.buffer.links.append((href, label))
        elif frame.time_value is not None and self.time_pieces is not None:
            shown = _SPACE_RUN.sub(" ", "".join(self.time_pieces)).strip()
            self.time_pieces = None
            self.buffer.times.append((frame.time_value or shown, shown))


def _parse(html: str) -> Any:
    """The lxml tree of the fragment (``html`` element first), or None when it holds nothing.

    The text goes in as UTF-8 bytes with the encoding named, as BeautifulSoup's
    lxml builder feeds it: a ``<meta charset>`` or an XML declaration in the
    fragment then changes nothing, and lxml refuses text (but not bytes) that
    carries an encoding declaration. libxml2 builds trees at most 2,048
    elements deep; a deeper document is parsed through BeautifulSoup instead
    (see :func:`_parse_deep`). Returns an lxml element, or a :class:`_Node`
    from that fallback; None for a fragment without content.
    """
    if not html.strip():
        return None
    parser = etree.HTMLParser(encoding="utf-8", recover=True, huge_tree=True)
    root = etree.fromstring(html.encode("utf-8", "replace"), parser)
    if any(error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log):
        return _parse_deep(html)
    return root


class _Node:
    """An element (or, with ``tag`` None, a comment) of a tree copied from BeautifulSoup's.

    It offers the part of lxml's element interface the walk uses: ``tag``,
    ``text``, ``tail``, iteration over children, ``get``, ``items``,
    ``getparent`` and ``getnext``. Unlike an lxml element it holds any text,
    control characters included, as BeautifulSoup found it.
    """

    __slots__ = ("attrib", "children", "index", "parent", "tag", "tail", "text")

    def __init__(self, tag: str | None, attrib: dict[str, str], parent: _Node | None) -> None:
        self.tag, self.attrib, self.parent = tag, attrib, parent
        self.text: str | None = None
        self.tail: str | None = None
        self.children: list[_Node] = []
        self.index = 0
        if parent is not None:
            self.index = len(parent.children)
            parent.children.append(self)

    def __iter__(self) -> Iterator[_Node]:
        return iter(self.children)

    def __len__(self) -> int:
        return len(self.children)

    def get(self, name: str) -> str | None:
        return self.attrib.get(name)

    def items(self) -> Iterable[tuple[str, str]]:
        return self.attrib.items()

    def getparent(self) -> _Node | None:
        return self.parent

    def getnext(self) -> _Node | None:
        if self.parent is None or self.index + 1 >= len(self.parent.children):
            return None
        return self.parent.children[self.index + 1]


def _parse_deep(html: str) -> _Node | None:
    """The fragment's tree, for a document nested deeper than libxml2 builds trees, through BeautifulSoup.

    BeautifulSoup's lxml builder takes libxml2's parse as a stream of events,
    which has no depth limit, and builds its own tree from them; that tree is
    copied here, without recursion, into :class:`_Node` objects the walk reads
    as it reads lxml's elements. Comments become comment nodes, so the text
    around them stays in separate pieces, as in a tree lxml built.
    """
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString, PreformattedString, Tag

    soup = BeautifulSoup(html, "lxml", huge_tree=True)  # as _parse: attribute values over 10 MB are kept
    top = next((child for child in soup.contents if isinstance(child, Tag)), None)
    if top is None:
        return None
    root = _Node(top.name, _attributes(top), None)
    pending: list[tuple[Iterator[PageElement], _Node]] = [(iter(top.contents), root)]
    while pending:
        children, parent = pending[-1]
        child = next(children, None)
        if child is None:
            pending.pop()
        elif isinstance(child, Tag):
            pending.append((iter(child.contents), _Node(child.name, _attributes(child), parent)))
        elif isinstance(child, PreformattedString):  # a comment, doctype or processing instruction
            _Node(None, {}, parent)
        elif isinstance(child, NavigableString):
            if parent.children:
                last = parent.children[-1]
                last.tail = (last.tail or "") + child
            else:
                parent.text = (parent.text or "") + child
    return root


def _attributes(tag: Tag) -> dict[str, str]:
    """An element's attributes as lxml gives them: multi-valued ones (``class``) as one string."""
    return {name: " ".join(value) if isinstance(value, list) else value for name, value in tag.attrs.items()}


def read_html_blocks(html: str, *, markdown: bool = False, chrome: bool = True) -> RawBody:
    """Parse an HTML fragment once and return its raw blocks and images.

    Args:
        html: The fragment, as text (lxml would guess the encoding of bytes wrongly).
        markdown: The HTML was rendered from Markdown: soft line breaks between CJK characters join.
        chrome: Cut chrome lines and related sections (:func:`cut_chrome`); a converter that reads
            a header first (where ``Posted on … by …`` is the date line) passes False and cuts the rest itself.

    Returns:
        The blocks and images in reading order.
    """
    root = _parse(html)
    return read_html_elements(() if root is None else (root,), markdown=markdown, chrome=chrome)


def read_html_element(element: etree._Element, *, markdown: bool = False) -> RawBody:
    """Return the raw blocks and images of an element of a tree that is parsed already.

    A converter that parsed a whole document (a web page) hands over the element it chose as content,
    so the document is parsed once, not serialised and parsed again. The element itself is walked like
    any other: a boilerplate ``class`` on it would skip it whole, so a caller drops what it knows is not.

    Args:
        element: The element (an lxml element from an HTML parse).
        markdown: The HTML was rendered from Markdown: soft line breaks between CJK characters join.

    Returns:
        The blocks and images in reading order.
    """
    return read_html_elements((element,), markdown=markdown)


def read_html_elements(
    parts: Iterable[etree._Element | str], *, markdown: bool = False, chrome: bool = True
) -> RawBody:
    """Read parts of a tree that is already parsed, as :func:`read_html_blocks` reads a fragment.

    For a caller that parsed the HTML itself (to cut it into sections, say):
    the walk reads each element's subtree, in the order given, as one
    fragment, without parsing anything again. An element's tail is not read,
    and a string part is text between elements (the text before a body's first
    element).

    Args:
        parts: lxml elements (an element's subtree is read, not its tail) and texts, in reading order.
        markdown: As for :func:`read_html_blocks`.
        chrome: As for :func:`read_html_blocks`.

    Returns:
        The blocks and images in reading order.
    """
    walker = _Walker(markdown)
    for part in parts:
        if isinstance(part, str):
            walker.text(part)
        else:
            _walk(walker, part)
    walker.flush()
    return cut_chrome(walker.body) if chrome else walker.body


def _walk(walker: _Walker, root: Any) -> None:
    """Walk one element's subtree (not its tail) with an explicit stack."""
    # Text comes as an element's .text (before its first child) and each child's .tail (after it).
    stack: list[_Frame] = []
    opened = walker.open(root)
    if opened is not None:
        stack.append(opened)
        if root.text:
            walker.text(root.text)
    while stack:
        child = next(stack[-1].children, None)
        if child is None:
            frame = stack.pop()
            walker.close(frame)
            if stack and frame.tag.tail:
                walker.text(frame.tag.tail)
            continue
        if _is_element(child):
            opened = walker.open(child)
            if opened is not None:
                stack.append(opened)
                if child.text:
                    walker.text(child.text)
                continue
        if child.tail:
            walker.text(child.tail)


def _literal_emphasis(pieces: list[str], code: list[int]) -> tuple[str, bool]:
    """A block's text with literal ``**``/``__`` markers judged; code pieces are left as written.

    Returns:
        The text, and whether the whole block was wrapped in one pair of markers (then a heading).
    """
    marked = pieces
    if code:
        if any(_CODE_MARK in piece for piece in pieces):
            return "".join(pieces), False  # the stand-in occurs in the text itself: leave the block alone
        marked = [_CODE_MARK if index in code else piece for index, piece in enumerate(pieces)]
    text = "".join(marked)
    stripped = text.strip()
    wholly = _WHOLLY_EMPHASISED.fullmatch(stripped)
    if wholly and not _MARKER_RUN.search(wholly.group(2)):
        text, is_heading = wholly.group(2), True
    else:
        text, is_heading = _drop_markers(text), False
    if code:
        code_pieces = iter(pieces[index] for index in code)
        text = re.sub(_CODE_MARK, lambda _: next(code_pieces), text)
    return text, is_heading


def _drop_markers(text: str) -> str:
    """Remove paired marker runs, then stray ones that open a word; keep masks and runs between spaces."""
    runs = [run for run in _MARKER_RUN.finditer(text) if not _between_spaces(text, run.start(), run.end())]
    if not runs:
        return text
    dropped: set[int] = set()
    opener: dict[str, re.Match[str]] = {}
    for run in runs:
        marker = run.group()[0]
        before = text[run.start() - 1] if run.start() else " "
        after = text[run.end()] if run.end() < len(text) else " "
        waiting = opener.get(marker)
        if waiting is not None and not before.isspace():
            dropped.update((waiting.start(), run.start()))
            del opener[marker]
        elif not after.isspace():
            opener[marker] = run
    for run in runs:
        if run.start() not in dropped and run.group()[0] == "*" and not _is_mask(text, run.start(), run.end()):
            dropped.add(run.start())  # "**Note", "Note:**", "乙****乙" with no partner: a stray marker
    parts: list[str] = []
    position = 0
    for run in runs:
        if run.start() in dropped:
            parts.append(text[position : run.start()])
            position = run.end()
    parts.append(text[position:])
    return "".join(parts)


def _is_mask(text: str, start: int, end: int) -> bool:
    """Whether a star run masks characters: after a name (``王**``, ``王**，``) or inside a number (``138****1234``)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if not before.isalnum():  # a letter of any script or a digit; "_" is no name
        return False
    return not after.isalnum() or (before.isdigit() and after.isdigit())


def _between_spaces(text: str, start: int, end: int) -> bool:
    return (start == 0 or text[start - 1].isspace()) and (end == len(text) or text[end].isspace())


def _flat(text: str) -> str:
    return _SPACE_RUN.sub(" ", text).strip()


def _is_related_item(block: RawBlock) -> bool:
    """Whether a block after a related label belongs to the related list: links, items or short titles."""
    if block.all_links or block.kind == "list_item":
        return True
    text = _flat(block.text)
    return len(text) <= RELATED_ITEM_MAX and text[-1:] not in _SENTENCE_END


def _page_header(blocks: list[RawBlock]) -> set[int]:
    """Positions of an archived page's header: its closing line and the short non-heading blocks above it."""
    end = next(
        (
            index
            for index, block in enumerate(blocks[:PAGE_HEADER_MAX_BLOCKS])
            if PAGE_HEADER_END_LINES.match(_flat(block.text))
        ),
        None,
    )
    if end is None:
        return set()
    start = end
    while (
        start > 0 and blocks[start - 1].kind != "heading" and len(_flat(blocks[start - 1].text)) <= PAGE_HEADER_LINE_MAX
    ):
        start -= 1
    return set(range(start, end + 1))


def _closing_calls(blocks: list[RawBlock]) -> set[int]:
    """Positions of closing calls to action (follow, subscribe, share) among the last blocks."""
    found = set()
    for index in range(max(0, len(blocks) - CLOSING_BLOCKS), len(blocks)):
        text = _flat(blocks[index].text)
        if blocks[index].kind != "heading" and len(text) <= CLOSING_CALL_MAX and CLOSING_CALLS.match(text):
            found.add(index)
    return found


def _dangling_label(blocks: list[RawBlock], dropped: set[int]) -> set[int]:
    """The position of a credit label that is the body's last block once chrome lines are gone, if any."""
    index = len(blocks) - 1
    while index >= 0:
        text = _flat(blocks[index].text)
        if text and index not in dropped and not (CHROME_LINES.match(text) and len(text) <= 240):
            break
        index -= 1
    if index < 0:
        return set()
    text = _flat(blocks[index].text)
    return {index} if len(text) <= DANGLING_LABEL_MAX and DANGLING_LABELS.match(text) else set()


def cut_chrome(body: RawBody) -> RawBody:
    """Drop chrome lines and related-content sections (label, its items, the images among them).

    The walk does this itself unless asked not to (``chrome=False``).
    """
    kept: list[RawBlock] = []
    new_index: list[int] = []  # for each old block position, how many blocks are kept before it
    dropped_images: set[int] = set()
    image = 0
    index = 0
    blocks = body.blocks
    dropped = _page_header(blocks) | _closing_calls(blocks)
    dropped |= _dangling_label(blocks, dropped)
    while index < len(blocks):
        new_index.append(len(kept))
        block = blocks[index]
        text = _flat(block.text)
        if (block.kind == "heading" and len(text) <= 160 and COMMENT_HEADINGS.match(text)) or PAGE_END_LINES.match(
            text
        ):
            new_index.extend([len(kept)] * (len(blocks) - index - 1))
            dropped_images.update(position for position, before in enumerate(body.image_blocks) if before > index)
            break
        if index in dropped or (text and CHROME_LINES.match(text) and len(text) <= 240):
            index += 1
            continue
        if text and len(text) <= 40 and RELATED_LABELS.match(text):
            end = index + 1
            while end < len(blocks) and _is_related_item(blocks[end]):
                end += 1
            new_index.extend([len(kept)] * (end - index - 1))
            while image < len(body.images) and body.image_blocks[image] <= index:
                image += 1
            while image < len(body.images) and body.image_blocks[image] <= end:
                if body.image_blocks[image] < end or end == len(blocks):
                    dropped_images.add(image)
                image += 1
            index = end
            continue
        kept.append(block)
        index += 1
    if len(kept) == len(blocks):
        return body
    new_index.append(len(kept))
    images, positions = [], []
    for position, (found, before) in enumerate(zip(body.images, body.image_blocks, strict=True)):
        if position not in dropped_images:
            images.append(found)
            positions.append(new_index[before])
    return RawBody(kept, images, positions)
