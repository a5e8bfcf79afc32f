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

_SNIFF_CHARS = 32 * 1024
_NEWLINES = re.compile(r"\r\n?")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
# The lines sniffing looks at: code fences, ATX headings, and lines with a colon or a link.
_SNIFF_LINES = re.compile(
    r"^(?:(?P<fence> {0,3}(?:```|~~~).*)| {0,3}(?P<hashes>#{1,6})[ \t]+(?P<text>\S.*)|.*(?:[:：]|\]\().*)$",
    re.MULTILINE,
)
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
    if not strict:
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


def _raw_evidence(head: str) -> tuple[int, int]:
    """Item evidence read from the raw Markdown lines, for sniffing without rendering.

    Only fence, heading and candidate lines (holding a colon or a link) are visited.

    Returns:
        The most headings of one level whose own section holds a metadata or
        read-more line, and the most numbered headings of one level.
    """
    strict: dict[int, int] = {}
    numbered: dict[int, int] = {}
    level = 0
    counted = False
    fence = False
    heading_end = 0
    for found in _SNIFF_LINES.finditer(head):
        if found["fence"]:
            fence = not fence
        elif fence:
            continue
        elif found["hashes"]:
            level, counted, heading_end = len(found["hashes"]), False, found.end()
            text = found["text"]
            if _ARABIC_NUMBER.match(text) and not _VERSION.match(text):
                numbered[level] = numbered.get(level, 0) + 1
        elif level and not counted and len(found[0]) <= 300 and _is_raw_evidence(found, head, heading_end):
            strict[level] = strict.get(level, 0) + 1
            counted = True
    return max(strict.values(), default=0), max(numbered.values(), default=0)


def sniff(source: Source) -> float:
    """Score ``source`` as a Markdown digest from the raw lines of its first 32 KB (nothing is rendered).

    Returns:
        0.97 when at least three headings of one level each carry a metadata
        line or a read-more link in their own section (a digest under front
        matter must beat the front-matter converter's 0.95), 0.9 for two, 0.2
        when only numbered headings suggest items (a near miss ``articlekit
        detect`` shows), 0 otherwise, and 0 for a file of mostly ``key: value``
        lines (a YAML config, whose ``#`` comments look like headings).
    """
    head = _body_of(source.text[:_SNIFF_CHARS])
    if len(_ATX_HEADING.findall(head)) < MIN_ITEMS:
        return 0.0
    strict, numbered = _raw_evidence(head)
    if strict >= MIN_ITEMS and _looks_like_yaml(head):
        return 0.0
    if strict >= 3:
        return 0.97
    if strict >= MIN_ITEMS:
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
        raise ConversionError(
            "bad-header",
            f"{source.path}: no digest items: fewer than {MIN_ITEMS} headings of one level carry item metadata",
        )
    yield from convert_items(
        _items(nodes, level),
        lambda item: _convert_item(item, source),
        name_of=lambda item: item.title[:80] or None,
    )
