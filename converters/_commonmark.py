"""Markdown to HTML with comrak, the one compiled CommonMark/GFM renderer every Markdown body goes through.

Every Markdown body is rendered to HTML here and then read by the one HTML
block walker (:mod:`._html_blocks`), so a Markdown body, raw HTML pasted into
Markdown and an HTML body give the same blocks, images and links.

Why comrak: it is compiled (Rust), follows CommonMark and GFM, and its
``cjk_friendly_emphasis`` extension pairs ``**“当前需共同努力”**这一观点`` as
emphasis where plain CommonMark leaves literal ``**``. Raw HTML blocks are kept
(``unsafe_``): nothing is executed or fetched, the walker only reads text,
and WordPress bodies pasted under front matter are HTML.
"""

from __future__ import annotations

from functools import cache

import comrak

__all__ = ["render_markdown"]


@cache
def _options() -> tuple[comrak.ExtensionOptions, comrak.ParseOptions, comrak.RenderOptions]:
    extensions = comrak.ExtensionOptions()
    extensions.cjk_friendly_emphasis = True
    extensions.strikethrough = True
    extensions.table = True
    extensions.autolink = True
    extensions.tasklist = True
    extensions.footnotes = True
    parse = comrak.ParseOptions()
    render = comrak.RenderOptions()
    render.unsafe_ = True  # keep raw HTML: the walker reads it, nothing runs it
    return extensions, parse, render


def render_markdown(text: str) -> str:
    """Render a Markdown document (without its front matter) to an HTML fragment.

    Args:
        text: The Markdown text.

    Returns:
        The HTML, raw HTML blocks and inline HTML kept as written.
    """
    extensions, parse, render = _options()
    return comrak.render_markdown(text, extension_options=extensions, parse_options=parse, render_options=render)
