"""``markdown-page``: one article as a plain Markdown page, without front matter (wiki and news page archives).

Shape of a source::

    [← 返回首页](../index.md)                 navigation links              (cut)
    ## Title                                  the first level-1 or level-2 heading is the title
    2025-04-19 10:00 · 作者：张三              a date/byline line right after it (or metadata lines)

    Body text with [[zh:人工智能]] wiki links and :smile: shortcodes …

    ### Subheading
    …
    [上一篇](a.md) | [返回目录](index.md)      navigation links              (cut)

Rules, in the order the code applies them:

- A file that opens with front matter is not this format (the front-matter
  converter's family): ``bad-header``.
- Wiki links (``[[zh:词]]``, ``[[Page|label]]``) become their text and emoji
  shortcodes become emoji; the Markdown is rendered by comrak and cut at its
  top-level elements.
- Before the title only navigation links, images, rules and a metadata header
  may stand (translation archives open with ``> * 原文地址：…`` / ``> * 原文作者：…`` /
  ``> * 译者：…``: the original's address and author, a permalink that wins as the
  url); the first heading of level 1 or 2 is the title (no heading there is ``bad-header``).
  The title is the heading's text, so it never starts with Markdown or HTML markup.
- Among the first :data:`HEADER_BLOCKS` blocks after the title (a cover image
  may come first): a block of metadata lines (labels in
  :data:`._markdown_articles.METADATA_LABELS`, a source line may end with its
  date) fills time, source, url, categories, tags, language and authors; a short
  block holding a date is the date line, and its ``作者：``/``by``/``文/`` parts
  give the authors. The header is read before the walker's chrome cut: under the
  title, ``Posted on … by …`` is the date line, not chrome.
- The rest is the body, read by the one block walker: navigation-only blocks
  (back to the index, previous/next page, links between local pages) and lone
  read-more links are cut; later headings are subheadings.
- The time takes the publisher's zone by the url (UTC and
  ``published-zone-unknown`` when none is known); a date alone is local
  midnight (``published-date-only``); an impossible date is dropped
  (``published-at-unparseable``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from articlekit.errors import ConversionError
from articlekit.schema import Article

from . import _markdown_articles as shared
from . import markdown_digest
from ._chrome import BYLINE, BYLINE_LABEL, CHROME_LINES
from ._front_matter import find_front_matter
from ._html_blocks import RawBlock, RawBody, cut_chrome, read_html_blocks
from .base import BlockKind, Draft, Source, build_article

FORMAT = "markdown-page"
"""The format's registry name."""
DESCRIPTION = "one article as a plain Markdown page without front matter"
"""One line for ``articlekit formats``."""
READS = ("markdown",)
"""The kinds of files it reads."""

HEADER_BLOCKS = 3
"""Blocks after the title where the date line and metadata lines are looked for."""

DATE_LINE_MAX_CHARS = 160
"""Longest block taken for a date/byline line; longer ones are text that mentions a date."""

DATE_LINE_LEFTOVER = 10
"""Most letters a date line may hold besides the date, its labels and the byline (a place, an account name)."""

GENERATED_LABELS = (
    "生成时间", "生成時間", "生成于", "生成於", "归档时间", "归档日期", "歸檔日期", "generated", "archived",
)  # fmt: skip
"""Labels of a report's generation or archive time: such a dated page is a generated report, not an article."""

_SNIFF_CHARS = 8192
_HEADER_LINES_MAX = 16  # lines after the title where the header's metadata lines are looked for
_LABEL_SHAPED = re.compile(r"[^\W\d_][\w .]{0,20}?\s*[:：]\s*\S")
_NEWLINES = re.compile(r"\r\n?")
_TITLE_LINE = re.compile(r" {0,3}#{1,2}[ \t]+\S.*")
_HEADING_LINE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_LINK_ONLY_LINE = re.compile(r"(?:[\s|·•←→«»<>-]*!?\[[^\]\n]*\]\([^)\n]*\))+[\s|·•←→«»<>-]*")
_LEAD_FIELDS = frozenset(("url", "permalink", "author", "source"))  # a metadata block above the title names one
_RULE_LINE = re.compile(r"(?:[-*_][ \t]*){3,}")
_IMAGE_ONLY_LINE = re.compile(r"(?:!\[[^\]\n]*\]\([^)\n]*\)\s*)+")
_TABLE_OR_CODE = re.compile(r"\s*(?:\||```|~~~|<)")
_LEADING_MARKUP = re.compile(r"^(?:\s*(?:#+|<[^>]*>?))+\s*")
_LINK_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,4}[.)])\s+\[[^\]\n]*\]\([^)\n]*\)\s*")
_DATE_LABEL = re.compile(
    r"(?:发布|發布|發佈|更新|发表|發表)?(?:时间|時間|日期|于|於)\s*[:：]?|\b(?:published|posted|updated|date)\b(?:\s+on)?\s*:?",
    re.IGNORECASE,
)
_LINE_MARKUP = re.compile(r"^(?:[>*+-]\s*)+|[*_`]+")
_NOT_LETTERS = re.compile(r"[\W_]+")
_GENERATED = re.compile(
    r"^[^\w\n]*(?:" + "|".join(map(re.escape, GENERATED_LABELS)) + r")[\w ]{0,4}[^\w\n]*[:：]",
    re.IGNORECASE | re.MULTILINE,
)
_PART_SEPARATOR = re.compile(r"\s*(?:[|｜·•]|\s-\s|\s—\s|，|,\s)\s*")


def _starts_with_front_matter(text: str) -> bool:
    return find_front_matter(_NEWLINES.sub("\n", text[:_SNIFF_CHARS])) is not None


def sniff(source: Source) -> float:
    """Score ``source`` as a Markdown article page from its first lines.

    Returns:
        0.8 for a first ``#``/``##`` heading (navigation links may come first)
        followed by a date line, with only metadata lines (or images) between them; 0 otherwise:
        for front matter, for a date line that says when a report was generated
        (:data:`GENERATED_LABELS`), for any other line before the date (``Status:``,
        a sentence, a table), for a file that is mostly a list of links, or for one
        that sniffs as a digest.
    """
    head = source.text[:_SNIFF_CHARS]
    if _starts_with_front_matter(head):
        return 0.0
    lines = [line.strip() for line in _NEWLINES.sub("\n", head).split("\n") if line.strip()]
    lead: list[str] = []  # fields named by metadata lines above the title (a translation's original, its author)
    while lines and not _TITLE_LINE.fullmatch(lines[0]):
        pairs = shared.metadata_pairs(_LINE_MARKUP.sub("", lines[0]).strip())
        if pairs is not None:
            lead.extend(name for name, _ in pairs)
        elif not (_LINK_ONLY_LINE.fullmatch(lines[0]) or _RULE_LINE.fullmatch(lines[0])):
            return 0.0  # text above the title
        lines.pop(0)
    if not lines:
        return 0.0
    # Two metadata lines above the title, one naming an address or an author, head the page as a date line does.
    dated = len(lead) >= 2 and not _LEAD_FIELDS.isdisjoint(lead)
    header = [line for line in lines[1:] if not _IMAGE_ONLY_LINE.fullmatch(line)]  # a cover image may come first
    # The lines of one metadata block count as one block: a translation's header runs to seven lines or more.
    blocks = 0
    known = 0
    for line in header[:_HEADER_LINES_MAX]:
        text = _LINE_MARKUP.sub("", line).strip()
        pairs = shared.metadata_pairs(text)
        if pairs is not None:
            dated = dated or any(name == "time" for name, _ in pairs)
            known += 1
            continue
        if known >= shared.HEADER_KNOWN_LINES and _LABEL_SHAPED.match(text):
            continue  # a label of the archive's own among known ones (翻译模型：…)
        if blocks >= HEADER_BLOCKS or _date_line_parts(text) is None:
            break
        blocks += 1
        dated = True
    if not dated or _GENERATED.search(head, 0, 2048):
        return 0.0
    link_items = sum(1 for line in lines if _LINK_LIST_ITEM.fullmatch(line))
    if link_items >= 3 and link_items * 3 > len(lines):
        return 0.0  # a list of links (a hot list, a table of contents) is no article
    if markdown_digest.sniff(source) >= 0.5:
        return 0.0
    return 0.8


def _byline_authors(text: str) -> list[str]:
    """Authors named in a date line's other parts (``作者：张三``, ``by Jane Doe``)."""
    authors: list[str] = []
    for part in _PART_SEPARATOR.split(text):
        part = part.strip()
        match = BYLINE.match(part)
        if match:
            authors.extend(shared.split_names(match["names"]))
    return authors


def _date_line_parts(text: str) -> tuple[str, list[str]] | None:
    """The written date and authors of a date/byline line; None when the line is not one.

    A date line holds a date and little else: date labels (``发布时间``, ``Posted on``),
    a byline, separators, and at most :data:`DATE_LINE_LEFTOVER` other letters (a
    place, an account name). A sentence that mentions a date is text.
    """
    if len(text) > DATE_LINE_MAX_CHARS or _HEADING_LINE.match(text) or _TABLE_OR_CODE.match(text):
        return None
    found = shared.find_date(text)
    if found is None:
        return None
    label = shared.label_of(text[: found.start()] + "x")
    if label is not None and shared.METADATA_LABELS.get(label) != "time" and not _DATE_LABEL.fullmatch(label + ":"):
        return None  # "Evidence date: …", "Status: …": a labelled line that is not a publication date
    rest = _DATE_LABEL.sub(" ", text[: found.start()] + " | " + text[found.end() :])
    authors = _byline_authors(rest)
    leftover = BYLINE_LABEL.sub(" ", _PART_SEPARATOR.sub(" ", rest))
    for author in authors:
        leftover = leftover.replace(author, " ")
    if len(_NOT_LETTERS.sub("", leftover)) > DATE_LINE_LEFTOVER:
        return None
    return found.group(0), authors


def _date_line(raw: RawBlock) -> tuple[str, list[str]] | None:
    """The written date and authors of a date/byline block; None when the block is not one."""
    if raw.kind == "heading":
        return None
    return _date_line_parts(raw.text)


def convert(source: Source) -> Iterator[Article]:
    """Convert a Markdown article page into its one article.

    Args:
        source: The decoded source.

    Yields:
        The article.

    Raises:
        ConversionError: ``empty`` (no text), ``bad-header`` (front matter, or no
            level-1/2 heading before the body), ``no-body`` or ``invalid-record``.
    """
    if not source.text.strip():
        raise ConversionError("empty", f"{source.path}: the source holds no text")
    if _starts_with_front_matter(source.text):
        raise ConversionError("bad-header", f"{source.path}: front matter: not a plain Markdown page")
    nodes = shared.render_nodes(shared.prepare_markdown(_NEWLINES.sub("\n", source.text), own_labels=True))
    fields = shared.ArticleFields()
    title_index = None
    for index, node in enumerate(nodes):
        if node.level in (1, 2) and node.text:
            title_index = index
            break
        if node.level > 2 or (node.level < 0 and not _is_furniture(node.html) and not _read_lead(node.html, fields)):
            break
    if title_index is None:
        raise ConversionError("bad-header", f"{source.path}: no '#' or '##' title heading before the text")
    # A heading whose text is itself a heading marker ("# # Title") or a tag: the markup is no part of the title.
    title = _LEADING_MARKUP.sub("", nodes[title_index].text)
    # Walked without the chrome cut: under the title, "Posted on … by …" or "Tags: …" is the header, not chrome.
    walked = read_html_blocks("".join(node.html for node in nodes[title_index + 1 :]), chrome=False)
    header = _read_header(walked.blocks, fields)
    body = cut_chrome(
        RawBody(walked.blocks[header:], walked.images, [max(0, before - header) for before in walked.image_blocks])
    )

    blocks: list[tuple[BlockKind, str]] = []
    links: list[tuple[str, str]] = []
    for raw in body.blocks:
        if shared.is_navigation(raw) or shared.read_more_url(raw):
            continue
        blocks.append((raw.kind, raw.text))
        links.extend(raw.links)

    url = fields.address()
    draft = Draft(
        format=FORMAT,
        title=title,
        blocks=blocks,
        url=url,
        source_name=fields.source,
        authors=fields.authors,
        categories=fields.categories,
        tags=fields.tags,
        images=body.images,
        links=links,
        declared_language=fields.language,
    )
    shared.date_draft(draft, fields, url)
    yield build_article(draft, source)


def _read_header(raw_blocks: list[RawBlock], fields: shared.ArticleFields) -> int:
    """Fill ``fields`` from the header under the title; return how many blocks it holds.

    Among the first :data:`HEADER_BLOCKS` blocks, metadata blocks and the first date line
    are the header; navigation links and chrome lines (a reading time) may stand between
    them. The first other block is the body's first.
    """
    for position, raw in enumerate(raw_blocks[:HEADER_BLOCKS]):
        pairs = shared.header_pairs(raw.text)
        if pairs is not None:
            shared.fill_fields(fields, pairs, raw.links)
            continue
        dated = _date_line(raw) if fields.time is None else None
        if dated is not None:
            fields.time, authors = dated
            fields.authors.extend(authors)
            continue
        if shared.is_navigation(raw) or CHROME_LINES.match(" ".join(raw.text.split())):
            continue
        return position
    return min(len(raw_blocks), HEADER_BLOCKS)


def _read_lead(html: str, fields: shared.ArticleFields) -> bool:
    """Read a metadata block above the title into ``fields``; False (and nothing read) when it is not one.

    Translation and repost archives open with the original's address and author
    (``> * 原文地址：[…](…)`` / ``> * 原文作者：…`` / ``> * 译者：…``) before the title. The
    block counts when every one of its blocks is metadata lines and one of them names a
    url, a permalink, an author or a source.
    """
    raw = read_html_blocks(html, chrome=False)
    read = [(shared.metadata_pairs(block.text), block.links) for block in raw.blocks]
    if not read or any(pairs is None for pairs, _ in read):
        return False
    if not any(name in _LEAD_FIELDS for pairs, _ in read for name, _ in pairs or ()):
        return False
    for pairs, links in read:
        shared.fill_fields(fields, pairs or [], links)
    return True


def _is_furniture(html: str) -> bool:
    """Whether a top-level element above the title is page furniture: navigation links or images only."""
    raw = read_html_blocks(html)
    return all(shared.is_navigation(block) for block in raw.blocks)
