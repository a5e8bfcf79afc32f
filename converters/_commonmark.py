"""Markdown to HTML with comrak, the one compiled CommonMark/GFM renderer every Markdown body goes through.

Every Markdown body is rendered to HTML here and then read by the one HTML
block walker (:mod:`._html_blocks`), so a Markdown body, raw HTML pasted into
Markdown and an HTML body give the same blocks, images and links.

Why comrak: it is compiled (Rust), follows CommonMark and GFM, and its
``cjk_friendly_emphasis`` extension pairs ``**“当前需共同努力”**这一观点`` as
emphasis where plain CommonMark leaves literal ``**``. Raw HTML blocks are kept
(``unsafe_``): nothing is executed or fetched, the walker only reads text,
and WordPress bodies pasted under front matter are HTML.

Link and image targets keep their spelling. comrak percent-encodes them for
HTML (``http://cna.com.tw/东`` would become ``…/%E4%B8%9C``, ``https://[x``
a URL with a valid-looking host), and records keep URLs as written. So its URL
rewriters hand each target over hex-encoded, which survives that escaping,
and :func:`render_markdown` writes it back as written (HTML-escaped).

A line nested deeper than :data:`MAX_NESTING` block quotes or list items is
not read (markdown-it's ``maxNesting`` did the same): no article nests so
deep, and the HTML of 100,000 nested quotes costs the walker's deep-tree
parse minutes.
"""

from __future__ import annotations

import html
import re
from functools import cache

import comrak

_SURROGATE = re.compile("[\ud800-\udfff]")

__all__ = ["render_markdown"]

MAX_NESTING = 20
"""Block quotes or list items one line may open; a line that opens more is dropped before rendering."""

_TOO_DEEP = re.compile(
    r"^(?:[ \t]*(?:>|[-+*][ \t]|\d{1,9}[.)][ \t])){" + str(MAX_NESTING + 1) + r",}[^\n]*$", re.MULTILINE
)
_RAW_URL = "articlekit-raw-url:"
_RAW_URL_ATTRIBUTE = re.compile('((?:href|src)=")' + re.escape(_RAW_URL) + '([0-9a-f]*)"')


def _hand_over(url: str) -> str:
    return _RAW_URL + url.encode("utf-8", "surrogatepass").hex()


def _as_written(match: re.Match[str]) -> str:
    url = bytes.fromhex(match.group(2)).decode("utf-8", "replace")
    return match.group(1) + html.escape(url, quote=True) + '"'


@cache
def _options() -> tuple[comrak.ExtensionOptions, comrak.ParseOptions, comrak.RenderOptions]:
    extensions = comrak.ExtensionOptions()
    extensions.cjk_friendly_emphasis = True
    extensions.strikethrough = True
    extensions.table = True
    extensions.autolink = True
    extensions.tasklist = True
    extensions.footnotes = True
    extensions.link_url_rewriter = _hand_over
    extensions.image_url_rewriter = _hand_over
    parse = comrak.ParseOptions()
    render = comrak.RenderOptions()
    render.unsafe_ = True  # keep raw HTML: the walker reads it, nothing runs it
    return extensions, parse, render


def render_markdown(text: str) -> str:
    """Render a Markdown document (without its front matter) to an HTML fragment.

    Args:
        text: The Markdown text.

    Returns:
        The HTML, raw HTML blocks and inline HTML kept as written, link and image targets as written.
    """
    extensions, parse, render = _options()
    if ">" * MAX_NESTING in text.replace(" ", "") or text.count("- ") > MAX_NESTING:
        text = _TOO_DEEP.sub("", text)
    try:
        rendered = comrak.render_markdown(
            text, extension_options=extensions, parse_options=parse, render_options=render
        )
    except UnicodeEncodeError:  # a lone surrogate (no decoded file holds one, a str built in code may)
        text = _SURROGATE.sub("\ufffd", text)
        rendered = comrak.render_markdown(
            text, extension_options=extensions, parse_options=parse, render_options=render
        )
    return _RAW_URL_ATTRIBUTE.sub(_as_written, rendered) if _RAW_URL in rendered else rendered
