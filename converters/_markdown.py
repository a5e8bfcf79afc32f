"""Markdown bodies as plain blocks: one markdown-it-py parse, its token stream walked once.

Emphasis follows the CommonMark CJK-friendly amendments
(github.com/tats-u/markdown-cjk-friendly): CommonMark decides whether ``**``
can open or close emphasis from the characters beside it, and a run between a
Han character and punctuation (``于**“当前``, ``努力”**这``) is neither, so
plain CommonMark leaves the ``**`` as literal text. Here a CJK character
beside a delimiter run counts like punctuation on the run's outer side, which
is what those amendments do, and such runs pair up as the writer meant.

Whatever is still unpaired after that is a writer's mistake (``**Note:**This``,
an odd number of ``**``), and a run of two or more ``*``/``_`` that touches
text is removed rather than shown. A single ``*`` or ``_`` left unpaired stays:
it is usually literal (``5 * 3``, ``a*b``, ``snake_case``, a footnote mark).
Code spans and code blocks are never touched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import lxml.etree
import lxml.html
from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Delimiter, Scanned, StateInline
from markdown_it.token import Token

from .base import BlockKind

__all__ = ["Piece", "parse_markdown"]

_STAR, _UNDERSCORE = 0x2A, 0x5F
_SOFT_BREAK = "\x00"  # markdown-it turns NUL in the input into U+FFFD, so NUL can mark soft breaks
_SOFT_BREAKS = re.compile("(.?)\x00(?=(.?))", re.DOTALL)
_BREAK = re.compile("[\x00\n]")
_BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_IMG_TAG = re.compile(r"<img\b", re.IGNORECASE)
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HTML_BREAKS = ("br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre")
# A Hugo shortcode alone on its line, e.g. {{< figure src="a.jpg" caption="..." >}} or {{% /note %}}.
_SHORTCODE_LINE = re.compile(r"^[ \t]*\{\{[<%][ \t]*(/?)[ \t]*([\w./-]+)([^\n]*?)[ \t]*[>%]\}\}[ \t]*$", re.MULTILINE)
_SHORTCODE_ARGUMENT = re.compile(r"""(\w+)[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'>%]+))""")
_MARKDOWN_LABEL_SPECIALS = re.compile(r"([\\\[\]])")


def _is_cjk(character: str) -> bool:
    """Whether a character is CJK in the amendments' sense: East Asian Wide/Fullwidth, emoji excluded."""
    if not character or character < "\u1100":
        return False
    if "\U0001f000" <= character <= "\U0001faff":  # emoji are Wide too, but they are not CJK text
        return False
    return unicodedata.east_asian_width(character) in ("W", "F") or "\u1100" <= character <= "\u11ff"


def _scan_delimiters(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    """StateInline.scanDelims with the CJK-friendly flanking rules."""
    source, end = state.src, state.posMax
    marker = source[start]
    position = start
    while position < end and source[position] == marker:
        position += 1
    before = source[start - 1] if start > 0 else " "  # line edges count as whitespace
    after = source[position] if position < end else " "
    before_punct = isMdAsciiPunct(ord(before)) or isPunctChar(before)
    after_punct = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    before_space, after_space = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
    left_flanking = not after_space and (not after_punct or before_space or before_punct or _is_cjk(before))
    right_flanking = not before_space and (not before_punct or after_space or after_punct or _is_cjk(after))
    if can_split_word:  # "*"
        return Scanned(left_flanking, right_flanking, position - start)
    # "_" keeps CommonMark's intraword rule, so snake_case stays as written.
    can_open = left_flanking and (not right_flanking or before_punct)
    can_close = right_flanking and (not left_flanking or after_punct)
    return Scanned(can_open, can_close, position - start)


def _tokenize_emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis tokenizer, with :func:`_scan_delimiters` deciding who may open and close."""
    marker = state.src[state.pos]
    if silent or marker not in ("*", "_"):
        return False
    start = state.pos
    scanned = _scan_delimiters(state, start, marker == "*")
    end = start + scanned.length
    # Whitespace (or a line edge) on both sides, as in "a ** b": literal text, never a stray marker.
    # Intraword "__" (东__东__) can neither open nor close either, yet it touches text.
    spaced = (start == 0 or isWhiteSpace(ord(state.src[start - 1]))) and (
        end >= state.posMax or isWhiteSpace(ord(state.src[end]))
    )
    for _ in range(scanned.length):
        token = state.push("text", "", 0)
        token.content = marker
        if spaced:
            token.meta["spaced"] = True
        state.delimiters.append(
            Delimiter(
                marker=ord(marker),
                length=scanned.length,
                token=len(state.tokens) - 1,
                end=-1,
                open=scanned.can_open,
                close=scanned.can_close,
            )
        )
    state.pos += scanned.length
    return True


def _drop_stray_emphasis(state: StateInline) -> None:
    """Empty the unpaired markers of ``**``/``__`` runs that touch text (runs after pairing was done)."""
    delimiter_lists = [state.delimiters]
    delimiter_lists.extend(meta["delimiters"] for meta in state.tokens_meta if meta and "delimiters" in meta)
    for delimiters in delimiter_lists:
        for delimiter in delimiters:
            if delimiter.marker not in (_STAR, _UNDERSCORE) or delimiter.length < 2:
                continue
            token = state.tokens[delimiter.token]
            if token.meta.get("spaced"):
                continue  # surrounded by spaces, like "a ** b": literal
            if token.type == "text" and token.content == chr(delimiter.marker):
                token.content = ""


class _SourceLinks(MarkdownIt):
    """A parser that keeps link and image targets as the source wrote them.

    markdown-it percent-encodes and punycodes targets for rendering; records keep
    URLs exactly as written, and nothing here is rendered.
    """

    def normalizeLink(self, url: str) -> str:  # camelCase: overrides markdown-it's method
        """Return ``url`` unchanged."""
        return url


# Hugo renders with Goldmark: CommonMark plus GFM tables and strikethrough.
_PARSER = _SourceLinks("commonmark", {"maxNesting": 20}).enable(["table", "strikethrough"])
_PARSER.inline.ruler.at("emphasis", _tokenize_emphasis)
_PARSER.inline.ruler2.after("emphasis", "stray_emphasis", _drop_stray_emphasis)


@dataclass
class Piece:
    """One block of the body, before boilerplate rules.

    Attributes:
        kind: The block kind.
        text: Plain text; empty for a paragraph holding only images.
        first_line: The text before the first line break, for boilerplate markers.
        images: (url, caption) of images in the block.
        links: (url, text) of links in the block.
        lone_link: The target when the block is nothing but one link, else None.
    """

    kind: BlockKind
    text: str = ""
    first_line: str = ""
    images: list[tuple[str | None, str | None]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    lone_link: str | None = None


def _join_soft_breaks(text: str) -> str:
    """A soft break renders as a space, or as nothing between two CJK characters."""

    def replace(match: re.Match[str]) -> str:
        before, after = match.group(1), match.group(2)
        return before if _is_cjk(before) and _is_cjk(after) else before + " "

    return _SOFT_BREAKS.sub(replace, text) if _SOFT_BREAK in text else text


def _plain(children: Sequence[Token] | None) -> str:
    return "".join(child.content for child in children or () if child.type in ("text", "code_inline"))


def _html_fragment(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fragment_fromstring(_XML_INCOMPATIBLE.sub("", html), create_parent="div")
    except (lxml.etree.ParserError, ValueError):  # nothing but a comment, or nothing at all
        return None


def _html_images(root: lxml.html.HtmlElement) -> list[tuple[str | None, str | None]]:
    return [(img.get("src"), img.get("alt") or img.get("title")) for img in root.iter("img")]


def _render_inline(children: Sequence[Token]) -> Piece:
    """Plain text, images, links and the lone-link target of one inline token's children."""
    piece = Piece("paragraph")
    parts: list[str] = []
    open_links: list[tuple[str, int]] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(_SOFT_BREAK)
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "link_open":
            open_links.append((str(child.attrs.get("href", "")), len(parts)))
        elif kind == "link_close" and open_links:
            href, start = open_links.pop()
            piece.links.append((href, _join_soft_breaks("".join(parts[start:]))))
        elif kind == "image":
            caption = _plain(child.children) or str(child.attrs.get("title") or "") or None
            piece.images.append((str(child.attrs.get("src", "")) or None, caption))
        elif kind == "html_inline":
            if _BR_TAG.match(child.content):
                parts.append("\n")
            elif _IMG_TAG.match(child.content) and (root := _html_fragment(child.content)) is not None:
                piece.images.extend(_html_images(root))
    raw = "".join(parts)
    piece.text = _join_soft_breaks(raw)
    piece.first_line = _BREAK.split(raw, maxsplit=1)[0]
    significant = [child for child in children if not (child.type == "text" and not child.content.strip())]
    if (
        len(piece.links) == 1
        and piece.links[0][1].strip()
        and not piece.images
        and significant
        and significant[0].type == "link_open"
        and significant[-1].type == "link_close"
    ):
        piece.lone_link = piece.links[0][0]
    return piece


def _render_html_block(html: str) -> Piece:
    piece = Piece("paragraph")
    root = _html_fragment(html)
    if root is None:
        return piece
    piece.images = _html_images(root)
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    for element in root.iter(*_HTML_BREAKS):
        element.tail = "\n" + (element.tail or "")
    piece.text = root.text_content()
    piece.first_line = piece.text.strip().split("\n", 1)[0]
    return piece


def _figure_as_markdown(match: re.Match[str]) -> str:
    """A ``figure`` shortcode becomes a Markdown image; any other shortcode line is dropped."""
    closing, name, arguments = match.group(1), match.group(2), match.group(3)
    if closing or name != "figure":
        return ""
    values = {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in _SHORTCODE_ARGUMENT.finditer(arguments)
    }
    source = values.get("src", "").replace("<", "%3C").replace(">", "%3E")
    caption = values.get("caption") or values.get("alt") or values.get("title") or ""
    if not source and not caption:
        return ""
    label = _MARKDOWN_LABEL_SPECIALS.sub(r"\\\1", caption)
    return f"![{label}](<{source}>)"


class _Walker:
    """Turns the block token stream into pieces, keeping reading order across nested containers."""

    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self.containers: list[str] = []  # "quote" or "item", innermost last
        self.items: list[list[Piece]] = []  # the parts of each open list item, not yet emitted
        self.kind: BlockKind = "paragraph"
        self.row: list[str] | None = None

    def emit(self, piece: Piece) -> None:
        self.flush_items()
        self.pieces.append(piece)

    def flush_items(self) -> None:
        """Emit what open list items hold so far, so that nested blocks follow their item's text."""
        for parts in self.items:
            if parts:
                texts = [part.text for part in parts if part.text.strip()]
                self.pieces.append(
                    Piece(
                        "list_item",
                        text="\n".join(texts),
                        first_line=parts[0].first_line,
                        images=[image for part in parts for image in part.images],
                        links=[link for part in parts for link in part.links],
                    )
                )
                parts.clear()

    def add(self, piece: Piece) -> None:
        """Place a paragraph-like piece according to its innermost container."""
        innermost = self.containers[-1] if self.containers else None
        if innermost == "item":
            self.items[-1].append(piece)
            return
        if piece.kind == "paragraph" and innermost == "quote":
            piece.kind = "quote"
        self.emit(piece)

    def walk(self, tokens: Sequence[Token]) -> list[Piece]:
        for token in tokens:
            kind = token.type
            if kind == "blockquote_open":
                self.containers.append("quote")
            elif kind == "list_item_open":
                self.flush_items()
                self.containers.append("item")
                self.items.append([])
            elif kind in ("blockquote_close", "list_item_close"):
                if kind == "list_item_close":
                    self.flush_items()
                    self.items.pop()
                self.containers.pop()
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.flush_items()
            elif kind == "heading_open":
                self.kind = "heading"
            elif kind == "paragraph_open":
                self.kind = "paragraph"
            elif kind == "tr_open":
                self.row = []
            elif kind == "tr_close" and self.row is not None:
                row_text = " | ".join(cell for cell in self.row if cell.strip())
                self.add(Piece("paragraph", text=row_text, first_line=row_text))
                self.row = None
            elif kind == "inline":
                piece = _render_inline(token.children or [])
                if self.row is not None:
                    self.row.append(piece.text)
                elif self.kind == "heading":
                    piece.kind = "heading"
                    self.emit(piece)
                else:
                    self.add(piece)
                self.kind = "paragraph"
            elif kind in ("fence", "code_block"):
                code = token.content.rstrip("\n")
                self.add(Piece("paragraph", text=code, first_line=code.split("\n", 1)[0]))
            elif kind == "html_block":
                self.add(_render_html_block(token.content))
        self.flush_items()
        return self.pieces


def parse_markdown(body: str) -> list[Piece]:
    r"""Parse a Markdown body (Hugo flavour) into pieces in reading order.

    Args:
        body: The Markdown text, with ``\\n`` line endings.

    Returns:
        The body's pieces; paragraphs holding only images have empty text.
    """
    body = _SHORTCODE_LINE.sub(_figure_as_markdown, body)
    return _Walker().walk(_PARSER.parse(body))
