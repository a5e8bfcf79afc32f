"""``markdown-digest``: many articles in one Markdown file (daily news digests, hot-news archives).

Shape of a source::

    # 每日新闻 · 2025-04-19                  the digest's own title            (not an article)
    归档日期：2025-04-19 · 共 12 条          archive-date and count lines      (not an article)

    ## 1. [Item title](https://example.com/a)   one heading per item, at the item level
    来源：新华社 | 时间：2025-04-19 10:00     metadata lines (any order, anywhere in the item)
    分类：国际

    The item's text …

    [阅读全文](https://example.com/a)         a lone "read more" link: the item's address
    ---                                      a rule ends the item

    #### Item title                          the link-list shape (web digests of news sites):
    https://example.com/a                    bare addresses right under the heading, the first is
    https://news.example.com/discuss?id=1    the item's address; an item with nothing else is no article

    ## 2. Next item …

    1、[Item title](https://example.com/a)   the numbered-paragraph shape (weekly issues): a paragraph
                                             that is only a number and a link or bold text, or an
    The item's text …                        ordered list of one such item (``1. **Title**``), or list
                                             items each made of such a title and the item's text

Rules, in the order the code applies them:

- Front matter (YAML ``---`` or TOML ``+++``), if any, is skipped: it describes
  the digest, not its items. Wiki links (``[[zh:词]]``) become their text and
  emoji shortcodes become emoji (:func:`._markdown_articles.prepare_markdown`).
- The Markdown is rendered by comrak and cut at its top-level headings and rules.
- The item level is found: a heading is *evidence* of an item when its own
  section (up to the next heading) holds a metadata line or a lone read-more
  link, or starts with a bare address (a paragraph that is only an absolute
  http(s) URL), or the heading is numbered (``1.``, ``1、``, ``(1)``) or links to an
  absolute address. Among the levels used at least twice, the level with the
  most evidence is the item level (ties: the shallower). Fewer than
  :data:`MIN_ITEMS` evidenced headings is ``bad-header``: the file is no digest.
- Only then are numbered title paragraphs read as items: a paragraph that is
  only an item number and one link or bold text (a note of at most
  :data:`TITLE_NOTE_CHARS` characters may follow, ``（英文）``), an ordered list
  of one such item, or a list whose items each open with such a title followed
  by the item's text, is an item heading at :data:`PARAGRAPH_ITEM_LEVEL`, below
  every real heading. It is evidence when it is numbered and links to an
  absolute address, or when its own section holds a metadata line or a
  read-more link: a numbered bold paragraph alone is how articles write their
  subheadings (``1、**背景**``), and a list of links with descriptions is a link
  list, not a digest. Real headings go first, so numbered paragraphs inside the
  items of a heading digest stay text.
- Each heading at the item level starts an item, which runs to the next
  heading of that level or a shallower one, or to a rule. Deeper headings
  inside it are its subheadings. Everything else (the digest's title,
  archive-date and count lines, tables of contents, section headings and their
  text, footers after a rule) belongs to the digest and is no article.
- An item's title is its heading's text without the number; a heading that
  links to an absolute address gives the item's url.
- The item's body is read by the one block walker. A block made only of
  metadata lines (labels in :data:`._markdown_articles.METADATA_LABELS`) fills
  source, time, category, tags, language, url and authors and is not text; a
  lone read-more link gives the url; a bare address gives the url too (the
  first one; later ones, such as a discussion thread, are kept as links) and is
  not text; navigation-only blocks are cut.
- The url is the first of: a url metadata line (or an address written in the
  source line), the heading's link, the read-more link, the first bare address.
- The time is read with the publisher's zone (by the url's domain; UTC and
  ``published-zone-unknown`` for an unknown one); a date alone is local
  midnight (``published-date-only``); an impossible date is dropped
  (``published-at-unparseable``).
- Each item gives its article or, when it gives none (no body, no title), an
  :class:`~.base.ItemRejected` at its 1-based position among the items.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from articlekit.errors import ConversionError
from articlekit.schema import Article
from articlekit.text import normalize_inline

from . import _markdown_articles as shared
from ._front_matter import find_front_matter
from ._html_blocks import RawBlock, read_html_elements
from .base import BlockKind, Draft, ItemRejected, Source, absolute_http_url, build_article, convert_items

FORMAT = "markdown-digest"
"""The format's registry name."""
DESCRIPTION = "many articles in one Markdown file (daily news digests, hot-news archives)"
"""One line for ``articlekit formats``."""
READS = ("markdown",)
"""The kinds of files it reads."""

MIN_ITEMS = 2
"""Fewest items a digest holds: one article under a heading is a page, not a digest."""

PARAGRAPH_ITEM_LEVEL = 7
"""The level of an item written as a numbered title paragraph or list item: deeper than any heading."""

MIN_PARAGRAPH_ITEMS = 3
"""Fewest numbered title paragraphs that make a file a digest when sniffing (two numbered links are a list)."""

TITLE_NOTE_CHARS = 24
"""Most characters a title paragraph holds after its link or bold text (a note such as ``（英文）``)."""

_SNIFF_CHARS = 32 * 1024
_NEWLINES = re.compile(r"\r\n?")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
_RAW_READ_MORE = re.compile(
    r"\[[^\]\n]{0,8}(?:" + "|".join(re.escape(label) for label in shared.READ_MORE_LABELS) + r")[^\]\n]{0,8}\]\(",
    re.IGNORECASE,
)
_YAML_KEY = re.compile(r"\s*[A-Za-z_][\w.-]*:(?:\s|$)")
_ITEM_NUMBER = re.compile(
    r"^(?:(?:no\.?|#|第|排名|rank)\s*)?(?:\d{1,4}|[一二三四五六七八九十百]{1,4})\s*(?:[.、)）:：]|条|則|则)\s*|^[(（]\d{1,4}[)）]\s*",
    re.IGNORECASE,
)
_ARABIC_NUMBER = re.compile(r"^(?:no\.?\s*|#)?\d{1,4}\s*[.、)）:：]|^[(（]\d{1,4}[)）]", re.IGNORECASE)
_VERSION = re.compile(r"^\[?v?\d+\.\d+")
_PARAGRAPH_NUMBER = re.compile(r"\s*(?:\d{1,4}\s*[.、)）]|[一二三四五六七八九十]{1,3}\s*、|[(（]\d{1,4}[)）])\s*")
_TITLE_TAGS = frozenset(("a", "strong", "b"))
_LIST_TAGS = frozenset(("ol", "ul"))
# Raw lines of a numbered title paragraph: ``1、[Title](https://…)`` or ``2. **Title**`` (links and bold only).
_RAW_NUMBERED = r" {0,3}(?:\d{1,4}\s*[.、)）]|[一二三四五六七八九十]{1,3}\s*、)[ \t]*"
_RAW_NUMBERED_LINE = re.compile(_RAW_NUMBERED + r"(?:\*\*|__|\[)")
# A numbered paragraph whose title links to an absolute address, then a blank line and the item's own text
# (not the next numbered line nor a heading: a loose list of links has nothing between its items).
_RAW_LINKED_ITEM = re.compile(
    r"^" + _RAW_NUMBERED + r"(?:\*\*|__)?\[[^\]\n]+\]\(https?://[^)\s]+\)[^\n]{0,40}\n[ \t]*\n"
    r"(?!" + _RAW_NUMBERED + r"(?:\*\*|__|\[)| {0,3}#)[ \t]*\S",
    re.MULTILINE,
)
# The lines sniffing looks at: code fences, ATX headings, numbered title lines, and lines with a colon or a link.
_SNIFF_LINES = re.compile(
    r"^(?:(?P<fence> {0,3}(?:```|~~~).*)| {0,3}(?P<hashes>#{1,6})[ \t]+(?P<text>\S.*)"
    r"|(?P<numbered>" + _RAW_NUMBERED + r"(?:\*\*|__|\[).*)|.*(?:[:：]|\]\().*)$",
    re.MULTILINE,
)
# A raw line that is only an absolute address (the link-list digest shape), angle brackets allowed.
_RAW_BARE_URL = re.compile(r"^ {0,3}<?https?://[^\s<>]+>?[ \t]*$")


@dataclass
class _Item:
    """One item: its heading and the parts of its section, in the one parsed tree."""

    position: int
    title: str
    heading_url: str | None
    parts: list[etree._Element | str]


def _body_of(text: str) -> str:
    text = _NEWLINES.sub("\n", text)
    found = find_front_matter(text)
    if found is not None and found.body_start is not None:
        return text[found.body_start :]
    return text


def _bare_url(raw: RawBlock) -> str | None:
    """The address of a paragraph that is only an absolute http(s) URL (autolinked or not); else None."""
    text = raw.text.strip()
    if raw.kind != "paragraph" or any(space in text for space in (" ", "\n", "\t")):
        return None
    return absolute_http_url(text)


def _heading_evidence(node: shared.Node, section: list[etree._Element | str], *, strict: bool) -> bool:
    """Whether a heading and its own section look like a digest item (see the module docstring)."""
    if node.level == PARAGRAPH_ITEM_LEVEL:
        if _ITEM_NUMBER.match(node.text) and any(absolute_http_url(href) for href, _ in node.links):
            return True
    elif not strict:
        if _ARABIC_NUMBER.match(node.text) and not _VERSION.match(node.text):
            return True
        if any(absolute_http_url(href) for href, _ in node.links):
            return True
    if not section:
        return False
    blocks = read_html_elements(section).blocks
    if blocks and _bare_url(blocks[0]) is not None:
        return True
    return any(shared.read_more_url(raw) or shared.metadata_pairs(raw.text) is not None for raw in blocks)


def _title_line(element: etree._Element, number: str | None) -> shared.Node | None:
    """A block that is only a title (an item number, one link or bold text, a short note) as an item heading.

    Args:
        element: A paragraph, or a list item.
        number: The list item's number (``"3. "``), ``""`` for an unordered list's item, None for a
            paragraph, whose own text must open with the number.
    """
    children = [child for child in element if isinstance(child.tag, str)]
    if len(children) != 1 or children[0].tag not in _TITLE_TAGS:
        return None
    lead = element.text or ""
    if (number is None and not _PARAGRAPH_NUMBER.fullmatch(lead)) or (number is not None and lead.strip()):
        return None
    if len((children[0].tail or "").strip()) > TITLE_NOTE_CHARS:
        return None
    # The note after the title (``（英文）``, ``(PDF)``) says what the link leads to: it is no part of the title.
    text = normalize_inline((number or lead) + "".join(children[0].itertext()))
    links = tuple((link.get("href") or "", normalize_inline(" ".join(link.itertext()))) for link in element.iter("a"))
    return shared.Node(PARAGRAPH_ITEM_LEVEL, element, text, links)


def _list_item_nodes(element: etree._Element) -> list[shared.Node] | None:
    """The items of a list as item headings and their parts; None when the list is no list of items.

    An ordered list of one title-only item is an item heading (``1. **Title**`` with the text in the
    paragraphs after it); a list whose every item opens with a title paragraph and holds more gives a
    heading and parts per item. Any other list (of links, of points) is left alone.
    """
    items = [child for child in element if child.tag == "li"]
    if not items:
        return None
    start = element.get("start") or "1"
    first = int(start) if start.isdigit() and len(start) <= 4 else 1
    numbers = [f"{first + index}. " if element.tag == "ol" else "" for index in range(len(items))]
    blocks = [[child for child in item if isinstance(child.tag, str)] for item in items]
    if len(items) == 1 and element.tag == "ol" and not any(child.tag == "p" for child in blocks[0]):
        heading = _title_line(items[0], numbers[0])
        return None if heading is None else [shared.Node(heading.level, element, heading.text, heading.links)]
    nodes: list[shared.Node] = []
    for item, number, children in zip(items, numbers, blocks, strict=True):
        if len(children) < 2 or children[0].tag != "p" or (item.text or "").strip():
            return None
        heading = _title_line(children[0], number)
        if heading is None:
            return None
        nodes.append(heading)
        nodes.extend(shared.Node(-1, child) for child in children[1:])
    return nodes


def _with_paragraph_items(nodes: list[shared.Node]) -> list[shared.Node]:
    """The nodes with numbered title paragraphs and title-led list items as item headings (module docstring)."""
    out: list[shared.Node] = []
    for node in nodes:
        element = node.content
        found: list[shared.Node] | None = None
        if node.level < 0 and not isinstance(element, str):
            if element.tag == "p":
                heading = _title_line(element, None)
                found = None if heading is None else [heading]
            elif element.tag in _LIST_TAGS:
                found = _list_item_nodes(element)
        out.extend(found or [node])
    return out


def _own_sections(nodes: list[shared.Node]) -> dict[int, list[etree._Element | str]]:
    """Each heading's own section: the parts from it to the next heading (rules end it too)."""
    sections: dict[int, list[etree._Element | str]] = {}
    for index, node in enumerate(nodes):
        if node.level <= 0:
            continue
        parts = []
        for following in nodes[index + 1 :]:
            if following.level >= 0:
                break
            parts.append(following.content)
        sections[index] = parts
    return sections


def _item_level(nodes: list[shared.Node], *, strict: bool) -> tuple[int, int]:
    """The item level and how many headings at it are evidence (0, 0 when no level qualifies)."""
    sections = _own_sections(nodes)
    counts: dict[int, int] = {}
    evidence: dict[int, int] = {}
    for index, node in enumerate(nodes):
        if node.level > 0:
            counts[node.level] = counts.get(node.level, 0) + 1
            if _heading_evidence(node, sections[index], strict=strict):
                evidence[node.level] = evidence.get(node.level, 0) + 1
    best = (0, 0)
    for level in sorted(counts):
        if counts[level] >= 2 and evidence.get(level, 0) > best[1]:
            best = (level, evidence[level])
    return best


def _items(nodes: list[shared.Node], level: int) -> list[_Item]:
    """Cut the nodes into items at headings of ``level`` (see the module docstring)."""
    items: list[_Item] = []
    collecting = False
    for node in nodes:
        if node.level == level:
            title = _ITEM_NUMBER.sub("", node.text, count=1).strip().lstrip("/") or node.text
            heading_url = next((href for href, _ in node.links if absolute_http_url(href)), None)
            items.append(_Item(len(items) + 1, title, heading_url, []))
            collecting = True
        elif node.level == 0 or 0 < node.level < level:
            collecting = False
        elif collecting:
            items[-1].parts.append(node.content)
    return items


def _is_raw_metadata(line: str) -> bool:
    """Whether a raw Markdown line is a metadata line (label in the table) or a read-more link."""
    if shared.is_metadata_line(line):
        return True
    return "](" in line and bool(_RAW_READ_MORE.search(line))


def _is_raw_evidence(found: re.Match[str], head: str, heading_end: int) -> bool:
    """Whether a raw line is item evidence: a metadata or read-more line, or a bare address right under its heading."""
    line = found[0]
    if _is_raw_metadata(line):
        return True
    return bool(_RAW_BARE_URL.match(line)) and not head[heading_end : found.start()].strip()


def _looks_like_yaml(head: str) -> bool:
    """Whether most lines are ``key: value`` lines: a config file, whose ``#`` comments are no headings."""
    lines = [line for line in head.split("\n") if line.strip() and not line.lstrip().startswith("#")]
    return sum(1 for line in lines if _YAML_KEY.match(line)) * 2 > len(lines)


def _raw_evidence(head: str) -> tuple[int, int, int]:
    """Item evidence read from the raw Markdown lines, for sniffing without rendering.

    Only fence, heading and candidate lines (holding a colon or a link) are visited.

    Returns:
        The most headings of one level whose own section holds a metadata or
        read-more line, the most numbered headings of one level, and the
        numbered title paragraphs whose own part holds such a line.
    """
    strict: dict[int, int] = {}
    numbered: dict[int, int] = {}
    level = 0
    counted = False
    fence = False
    heading_end = 0
    paragraphs = 0
    paragraph_open = False  # a numbered title line opened an item that holds no metadata line yet
    for found in _SNIFF_LINES.finditer(head):
        if found["fence"]:
            fence = not fence
        elif fence:
            continue
        elif found["hashes"]:
            level, counted, heading_end = len(found["hashes"]), False, found.end()
            paragraph_open = False
            text = found["text"]
            if _ARABIC_NUMBER.match(text) and not _VERSION.match(text):
                numbered[level] = numbered.get(level, 0) + 1
        elif len(found[0]) <= 300:
            if level and not counted and _is_raw_evidence(found, head, heading_end):
                strict[level] = strict.get(level, 0) + 1
                counted = True
            if found["numbered"]:
                paragraph_open = True
            elif paragraph_open and _is_raw_metadata(found[0]):
                paragraphs += 1
                paragraph_open = False
    return max(strict.values(), default=0), max(numbered.values(), default=0), paragraphs


def sniff(source: Source) -> float:
    """Score ``source`` as a Markdown digest from the raw lines of its first 32 KB (nothing is rendered).

    Returns:
        0.97 when at least three headings of one level each carry a metadata
        line or a read-more link in their own section (a digest under front
        matter must beat the front-matter converter's 0.95), 0.9 for two, 0.9
        for at least :data:`MIN_PARAGRAPH_ITEMS` numbered title paragraphs that
        link to an absolute address and have text of their own, or carry a
        metadata line (below front matter's 0.95: a post that numbers its
        points stays one article), 0.2 when only numbered headings suggest
        items (a near miss ``articlekit detect`` shows), 0 otherwise, and 0 for
        a file of mostly ``key: value`` lines (a YAML config, whose ``#``
        comments look like headings).
    """
    head = _body_of(source.text[:_SNIFF_CHARS])
    headings = len(_ATX_HEADING.findall(head))
    strict, numbered, paragraphs = _raw_evidence(head)
    if headings >= MIN_ITEMS:
        if strict >= MIN_ITEMS and _looks_like_yaml(head):
            return 0.0
        if strict >= 3:
            return 0.97
        if strict >= MIN_ITEMS:
            return 0.9
    if max(paragraphs, len(_RAW_LINKED_ITEM.findall(head))) >= MIN_PARAGRAPH_ITEMS:
        return 0.9
    return 0.2 if numbered >= MIN_ITEMS else 0.0


_Images = list[tuple[str | None, str | None]]


_Blocks = list[tuple[BlockKind, str]]


def _read_fields(item: _Item) -> tuple[_Blocks, shared.ArticleFields, list[tuple[str, str]], _Images]:
    body = read_html_elements(item.parts)
    fields = shared.ArticleFields()
    blocks: list[tuple[BlockKind, str]] = []
    links: list[tuple[str, str]] = []
    bare_urls: list[str] = []
    for raw in body.blocks:
        pairs = shared.metadata_pairs(raw.text)
        if pairs is not None:
            shared.fill_fields(fields, pairs, raw.links)
            continue
        more = shared.read_more_url(raw)
        if more is not None:
            fields.read_more = fields.read_more or more
            continue
        bare = _bare_url(raw)
        if bare is not None:
            if bare_urls:
                links.append((bare, bare))
            bare_urls.append(bare)
            continue
        if shared.is_navigation(raw):
            continue
        blocks.append((raw.kind, raw.text))
        links.extend(raw.links)
    if bare_urls:
        # After the read-more link in the url order: a lone bare address plays the same part.
        fields.read_more = fields.read_more or bare_urls[0]
    return blocks, fields, links, body.images


def _convert_item(item: _Item, source: Source) -> Article:
    blocks, fields, links, images = _read_fields(item)
    url = shared.first((fields.address(), item.heading_url, absolute_http_url(fields.read_more)))
    draft = Draft(
        format=FORMAT,
        title=item.title,
        blocks=blocks,
        url=url,
        source_name=fields.source,
        authors=fields.authors,
        categories=fields.categories,
        tags=fields.tags,
        images=images,
        links=links,
        declared_language=fields.language,
    )
    shared.date_draft(draft, fields, url)
    return build_article(draft, source)


def convert(source: Source) -> Iterator[Article | ItemRejected]:
    """Convert a Markdown digest into one article per item.

    Args:
        source: The decoded source.

    Yields:
        Each item's article, or an ItemRejected (with the item's position) for an item that gives none.

    Raises:
        ConversionError: ``empty`` (no text) or ``bad-header`` (fewer than
            :data:`MIN_ITEMS` items: the file is no digest).
    """
    body = _body_of(source.text)
    if not body.strip():
        raise ConversionError("empty", f"{source.path}: the source holds no text")
    nodes = shared.render_nodes(shared.prepare_markdown(body))
    level, evidence = _item_level(nodes, strict=False)
    if evidence < MIN_ITEMS:
        nodes = _with_paragraph_items(nodes)
        level, evidence = _item_level(nodes, strict=False)
    if evidence < MIN_ITEMS:
        raise ConversionError(
            "bad-header",
            f"{source.path}: no digest items: fewer than {MIN_ITEMS} headings of one level carry item metadata",
        )
    yield from convert_items(
        _items(nodes, level),
        lambda item: _convert_item(item, source),
        name_of=lambda item: item.title[:80] or None,
    )
