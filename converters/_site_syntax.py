"""Syntax that static-site generators read out of a Markdown body and readers never see.

Docusaurus and Astro posts are MDX, VuePress, VitePress, Docusaurus and Zenn
wrap asides in ``:::`` containers, Jekyll's kramdown hangs attribute lists on
blocks and asks for a table of contents with a marker. None of it is text, and
CommonMark renders all of it as text. :func:`strip_site_syntax` takes it out
before rendering, on the lines outside fenced code blocks (code shows such
syntax on purpose), in this order:

1. MDX module statements at the start of a line: ``import X from '…'`` (one or
   several lines), ``import '…'``, and ``export const|let|var|function|default …``
   with the lines their brackets span.
2. MDX comments ``{/* truncate */}``.
3. Container fences (:data:`CONTAINER_FENCE`): ``:::tip``, ``::: warning 注意``,
   ``:::message``, and the closing ``:::``. The fences go (a title written on the
   opening fence is a label, not text); what they hold stays.
4. Table-of-contents markers alone on a line (:data:`TOC_MARKER`): ``[TOC]``,
   ``[[toc]]``, ``@[toc]``, and kramdown's ``{:toc}`` with the list item it turns
   into the table (``* TOC``).
5. kramdown inline attribute lists (:data:`ATTRIBUTE_LIST`): ``{: .notice--info}``,
   ``{:.center}``, ``{: #id style="…"}``, on their own line or after a block or an image.
6. Zola shortcode calls (:data:`ZOLA_SHORTCODE`), ``{{ youtube(id="…") }}``: one that names an
   address becomes a Markdown link (``link(url=…, title=…)``) or, for an image shortcode
   (:data:`ZOLA_IMAGE_SHORTCODES`), an image; any other shows nothing and goes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = [
    "ATTRIBUTE_LIST", "CONTAINER_FENCE", "TOC_MARKER", "ZOLA_IMAGE_SHORTCODES", "ZOLA_SHORTCODE", "fenced_parts",
    "strip_site_syntax",
]  # fmt: skip

CONTAINER_FENCE = re.compile(r"^[ \t]{0,3}:{3,}[ \t]*(?:[\w-][^\n]*)?$")
"""A ``:::`` container's opening (``:::tip 标题``) or closing (``:::``) line."""

TOC_MARKER = re.compile(r"^[ \t]*(?:\[\[?_?toc_?\]\]?|@\[toc\]|\$\{toc\}|<!--[ \t]*toc[ \t]*-->)[ \t]*$", re.IGNORECASE)
"""A marker asking the generator for a table of contents, alone on its line."""

ATTRIBUTE_LIST = re.compile(
    r"[ \t]*\{:[ \t]*(?:(?:[.#][\w-]+|[\w-]+[ \t]*=[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}\"']+))[ \t]*)+\}"
)
"""A kramdown inline attribute list: classes (``.x``), ids (``#x``) and ``key="value"`` pairs only.

``{:ok, value}`` (an Elixir tuple in prose) holds none of those and is left alone.
"""

ZOLA_SHORTCODE = re.compile(
    r"\{\{[ \t]*([A-Za-z_]\w*)\([ \t]*"
    r"((?:\w+[ \t]*=[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|`[^`\n]*`|[^,)\s]+)[ \t]*(?:,[ \t]*)?)*)\)[ \t]*\}\}"
)
"""A Zola (Tera) shortcode call: a name and ``key=value`` arguments in parentheses, between ``{{`` and ``}}``.

The keyword arguments are what tell it from a Hugo shortcode (``{{< … >}}``) or a template's output.
"""

ZOLA_IMAGE_SHORTCODES = frozenset(("figure", "image", "img", "picture", "resize_image", "responsive_image"))
"""Zola shortcode names that show an image: their source argument becomes a Markdown image."""

_ZOLA_ARGUMENT = re.compile(r"""(\w+)[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|`([^`\n]*)`|([^,)\s]+))""")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_KRAMDOWN_TOC = re.compile(r"^[ \t]*\{:[ \t]*toc[ \t]*\}[ \t]*$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_IMPORT = re.compile(
    r"^import[ \t]+(?:type[ \t]+)?(?:[\w$*{}, \t\n]+?[ \t\n]from[ \t]+)?(['\"])[^'\"\n]+\1[ \t]*;?[ \t]*$"
)
_IMPORT_START = re.compile(r"^import[ \t]+(?:type[ \t]+)?[\w$*{'\"]")
_EXPORT_START = re.compile(r"^export[ \t]+(?:const|let|var|function|async[ \t]+function|default|class)\b")
_STATEMENT_LINES_MAX = 40
_MDX_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.DOTALL)


def strip_site_syntax(markdown: str) -> str:
    """Take generator syntax out of a Markdown body (rules 1 to 6), leaving fenced code as written.

    Args:
        markdown: A Markdown body, front matter already taken off.

    Returns:
        The body without that syntax; a line that held only syntax becomes an empty line.
    """
    if not any(mark in markdown for mark in ("import", "export", "{/*", ":::", "toc", "TOC", "{:", "{{")):
        return markdown  # the common case: nothing to look for
    return "".join(text if code else "\n".join(_strip_prose(text.split("\n"))) for code, text in fenced_parts(markdown))


def fenced_parts(markdown: str) -> Iterator[tuple[bool, str]]:
    """The Markdown in runs of whole lines, each marked whether it is a fenced code block (its fences included).

    Joined, the runs give ``markdown`` back exactly. A fence closes on a line of at least as many of its own
    character (```` ``` ```` or ``~~~``); an unclosed fence runs to the end, as CommonMark reads it.
    """
    run: list[str] = []
    fence: str | None = None
    lines = markdown.split("\n")
    for number, line in enumerate(lines, 1):
        line_end = line if number == len(lines) else line + "\n"  # the last line has no newline of its own
        opened = _FENCE.match(line)
        if fence is None and opened:
            if run:
                yield False, "".join(run)
            run, fence = [line_end], opened.group(1)
        elif fence is not None:
            run.append(line_end)
            closing = _FENCE.match(line)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
                yield True, "".join(run)
                run, fence = [], None
        else:
            run.append(line_end)
    if run:
        yield fence is not None, "".join(run)


def _strip_prose(lines: list[str]) -> list[str]:
    if not lines:
        return lines
    lines = _strip_statements(lines)
    text = _MDX_COMMENT.sub("", "\n".join(lines)) if "{/*" in "\n".join(lines) else "\n".join(lines)
    kept: list[str] = []
    for line in text.split("\n"):
        if CONTAINER_FENCE.match(line) or TOC_MARKER.match(line):
            kept.append("")
        elif _KRAMDOWN_TOC.match(line):
            last = next((index for index in range(len(kept) - 1, -1, -1) if kept[index].strip()), None)
            if last is not None and _LIST_ITEM.match(kept[last]):
                kept[last] = ""  # the list item kramdown replaces with the table
            kept.append("")
        else:
            if "{:" in line:
                line = ATTRIBUTE_LIST.sub("", line)
            if "{{" in line:
                line = ZOLA_SHORTCODE.sub(_zola_shortcode, line)
            kept.append("" if not line.strip() else line)
    return kept


def _zola_shortcode(match: re.Match[str]) -> str:
    """Rule 6: a Zola shortcode as the link or image it shows, or nothing."""
    values = {
        found.group(1).lower(): next((group for group in found.groups()[1:] if group is not None), "")
        for found in _ZOLA_ARGUMENT.finditer(match.group(2))
    }
    target = next((values[key] for key in ("url", "href", "link", "src", "path") if values.get(key)), "")
    if not target or any(char in target for char in "()<> "):
        return ""
    label = next((values[key] for key in ("title", "text", "label", "caption", "alt") if values.get(key)), "")
    label = label.replace("[", "(").replace("]", ")")  # a label must not close the Markdown link early
    if match.group(1).lower() in ZOLA_IMAGE_SHORTCODES:
        return f"![{label}]({target})"
    return f"[{label or target}]({target})"


def _strip_statements(lines: list[str]) -> list[str]:
    """Rule 1: MDX ``import`` and ``export`` statements, each with the lines it spans."""
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        end = None
        if _IMPORT_START.match(line):
            for last in range(index, min(index + _STATEMENT_LINES_MAX, len(lines))):
                if _IMPORT.match("\n".join(lines[index : last + 1])):
                    end = last
                    break
        elif _EXPORT_START.match(line):
            end = _statement_end(lines, index)
        if end is None:
            kept.append(line)
            index += 1
        else:
            kept.extend("" for _ in range(index, end + 1))
            index = end + 1
    return kept


def _statement_end(lines: list[str], start: int) -> int | None:
    """The last line of an ``export`` statement: where its brackets close, within a few dozen lines."""
    depth = 0
    for index in range(start, min(start + _STATEMENT_LINES_MAX, len(lines))):
        depth += sum(lines[index].count(opening) for opening in "({[")
        depth -= sum(lines[index].count(closing) for closing in ")}]")
        if depth <= 0:
            return index
    return None
