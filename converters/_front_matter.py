"""Front matter: a YAML (``---``) or TOML (``+++``) header above a document, read safely.

Shared by every converter whose sources may open with front matter. The rules:

- The opening fence is the first line, after a byte-order mark and blank lines;
  the closing fence is the same fence alone on its line (trailing blanks allowed),
  or for YAML also ``...`` (YAML's own end-of-document marker, which Jekyll and
  Pandoc accept too), found within :data:`MAX_FRONT_MATTER` characters. Lines may
  end in LF or CRLF.
- Hexo also reads front matter that has no opening fence (``title: …`` lines,
  then ``---``). That form is taken only when it is unmistakable: the text opens
  with a ``title:`` or ``date:`` line, both a ``title:`` and a ``date:`` line
  stand before the first ``---`` line, which comes within
  :data:`MAX_OPENLESS_FRONT_MATTER` characters, and every line before it is a
  ``key:`` line, a list entry, an indented continuation or blank (a multi-document
  YAML config without these keys is no post).
- Pelican (and Python-Markdown's meta extension, MultiMarkdown) write the header
  as ``Key: value`` lines with no fence at all, ended by the first blank line;
  values are plain text (``Title: Part 2: the end`` is no YAML), a line indented
  by four spaces or a tab continues the one before. That form
  (:data:`KEY_VALUE_HEADER`) is taken only when it is unmistakable: the text
  opens with a ``Title:`` or ``Date:`` line, the block holds both, every line of
  it is a ``Key: value`` line or a continuation, it ends within
  :data:`MAX_OPENLESS_FRONT_MATTER` characters and text follows it.
- YAML is read by :class:`_FrontMatterLoader`: libyaml's parser with PyYAML's
  Python composer and the safe constructor. libyaml's own composer recurses in C
  and crashes the process on deeply nested input; the Python one counts nesting
  and aliases and refuses a document beyond :data:`MAX_YAML_DEPTH` or
  :data:`MAX_YAML_ALIASES` before anything is expanded ("billion laughs").
  ``!!python/*`` tags are refused. A timestamp that names no real date
  (``2025-02-31``, year 0) stays text, so that one bad date does not cost the
  whole document; valid ones become ``date``/``datetime``.
- The front matter must be a mapping (empty is an empty mapping); its keys are
  read case-insensitively, as Hugo reads them, and non-text keys are ignored.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import Node, ScalarNode
from yaml.resolver import Resolver

from articlekit.errors import ConversionError

MAX_FRONT_MATTER = 64 * 1024
"""Front matter not closed within this many characters is refused: real ones are a few hundred bytes."""
MAX_OPENLESS_FRONT_MATTER = 4 * 1024
"""Hexo front matter without an opening fence must close within this many characters."""
KEY_VALUE_HEADER = "Key: value"
"""The ``fence`` of a :class:`FrontMatter` read from unfenced ``Key: value`` lines (Pelican's header)."""
MAX_YAML_ALIASES = 16
"""YAML aliases allowed in front matter; more is refused, which stops "billion laughs" expansion."""
MAX_YAML_DEPTH = 32
"""Collection nesting allowed in YAML front matter; deeper documents are refused before they recurse."""

_OPENING = re.compile(r"\ufeff*(?:[ \t]*\r?\n)*(---|\+\+\+)[ \t]*\r?\n")
# Hexo's front matter without an opening fence (see the module docstring).
_OPENLESS_FIRST = re.compile(r"\ufeff*(?:[ \t]*\r?\n)*(?:title|date)[ \t]*:", re.IGNORECASE)
_OPENLESS_CLOSING = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
_OPENLESS_LINE = re.compile(r"[ \t]*\r?$|[A-Za-z_][\w-]*[ \t]*:(?:[ \t].*)?\r?$|[ \t]*- .*\r?$|[ \t]+\S.*\r?$")
_OPENLESS_TITLE = re.compile(r"^title[ \t]*:[ \t]*\S", re.IGNORECASE | re.MULTILINE)
_OPENLESS_DATE = re.compile(r"^date[ \t]*:[ \t]*\S", re.IGNORECASE | re.MULTILINE)
# Pelican's header: Key: value lines up to the first blank line (see the module docstring).
_KEY_VALUE_LINE = re.compile(r"(?P<key>[A-Za-z][\w-]{0,40})[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*")
_KEY_VALUE_CONTINUATION = re.compile(r"(?: {4}|\t)[ \t]*(?P<value>\S.*?)[ \t]*")
_LEADING_BLANKS = re.compile(r"\ufeff*\s*")
_KEY_VALUE_END = re.compile(r"\n[ \t]*\n")
_CLOSING = {
    "---": re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE),
    "+++": re.compile(r"^\+\+\+[ \t]*\r?$", re.MULTILINE),
}

# Everything a hostile YAML document can make PyYAML's safe constructor raise.
_YAML_FAILURES = (
    yaml.YAMLError,
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    OverflowError,
    RecursionError,
    UnicodeError,
)

try:  # libyaml's scanner and parser when PyYAML was built with it (9x faster), else the pure-Python ones.
    from yaml._yaml import CParser as _Parser

    _HAS_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _HAS_LIBYAML = False
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)


class _FrontMatterLoader(Composer, _Parser, SafeConstructor, Resolver):
    """A safe YAML loader with budgets: CSafeLoader with the Python composer in front of libyaml's parser."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        """Compose one node, counting aliases and nesting against the budgets."""
        if self.check_event(AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_YAML_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_YAML_ALIASES} aliases")
        self._depth += 1
        if self._depth > MAX_YAML_DEPTH:
            raise yaml.YAMLError(f"nested deeper than {MAX_YAML_DEPTH} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_lenient_timestamp(self, node: ScalarNode) -> Any:
        """Construct a timestamp, or keep its text when it is no real date (``2025-02-31``, year 0)."""
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, OverflowError, AttributeError):
            return self.construct_scalar(node)


class _ShallowLoader(_Parser, SafeConstructor, Resolver):
    """libyaml's parser *and* composer (``yaml.CSafeLoader``) with the lenient timestamps, for shallow documents.

    libyaml's composer is the fast one but recurses in C and counts nothing, so
    it is only given documents that :func:`_within_budgets` proves cannot reach
    the depth or alias budgets: most front matter, at about half the cost of
    :class:`_FrontMatterLoader`.
    """

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    construct_lenient_timestamp = _FrontMatterLoader.construct_lenient_timestamp


# The stubs bound add_constructor to PyYAML's own loader classes; a subclass of them is fine at run time.
for _loader in (_FrontMatterLoader, _ShallowLoader):
    _loader.add_constructor(  # type: ignore[type-var]
        "tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_lenient_timestamp
    )

# Where block collections can start on a line: its indentation and any compact "- ", "? " or ": " indicators.
_ENTRY_COLUMN = re.compile(r"^[ \t]*(?:[-?:][ \t]+)*", re.MULTILINE)


def _within_budgets(document: str) -> bool:
    """Whether a YAML document provably stays within :data:`MAX_YAML_DEPTH` and :data:`MAX_YAML_ALIASES`.

    A sound bound from the text alone, no parse: every alias needs a ``*``; every
    flow collection a ``[`` or ``{``. Nested block collections start at a strictly
    greater column at least every second level (a sequence may sit at its
    key's column), and an entry starts at a line's indentation or after compact
    indicators, so the block nesting is at most twice (the largest such column + 1).
    The leaf scalar is one more level.
    """
    if not _HAS_LIBYAML or document.count("*") > MAX_YAML_ALIASES:
        return False
    flow = document.count("[") + document.count("{")
    if flow >= MAX_YAML_DEPTH:
        return False
    column = max((match.end() - match.start() for match in _ENTRY_COLUMN.finditer(document)), default=0)
    return 2 * (column + 1) + flow + 1 <= MAX_YAML_DEPTH


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Front matter found at the top of a text.

    Attributes:
        fence: ``---`` (YAML), ``+++`` (TOML) or :data:`KEY_VALUE_HEADER` (Pelican's unfenced lines).
        text: What stands between the fences; without a closing fence, the rest of the searched window.
        body_start: Offset in the text just after the closing fence (before its line end);
            None when the fence is not closed within :data:`MAX_FRONT_MATTER` characters.
    """

    fence: str
    text: str
    body_start: int | None


def _find_key_value_header(text: str) -> FrontMatter | None:
    """Pelican's unfenced ``Key: value`` header, when unmistakable (see the module docstring)."""
    start = _LEADING_BLANKS.match(text).end()  # type: ignore[union-attr]  # matches the empty string at least
    end = _KEY_VALUE_END.search(text, start, start + MAX_OPENLESS_FRONT_MATTER)
    if end is None or not text[end.end() :].strip():
        return None
    keys = set()
    for number, line in enumerate(text[start : end.start()].split("\n")):
        line = line.rstrip("\r")
        found = _KEY_VALUE_LINE.fullmatch(line)
        if found is not None:
            keys.add(found["key"].lower())
        elif number == 0 or _KEY_VALUE_CONTINUATION.fullmatch(line) is None:
            return None
        if number == 0 and not keys & {"title", "date"}:
            return None
    if not {"title", "date"} <= keys:
        return None
    return FrontMatter(KEY_VALUE_HEADER, text[start : end.start()], end.start() + 1)


def _load_key_values(document: str) -> dict[str, str]:
    """The ``Key: value`` lines of a Pelican header as a mapping (lower-case keys, the first of each wins)."""
    meta: dict[str, str] = {}
    key = None
    for line in document.split("\n"):
        line = line.rstrip("\r")
        found = _KEY_VALUE_LINE.fullmatch(line)
        if found is not None:
            key = found["key"].lower()
            meta.setdefault(key, found["value"] or "")
        elif key is not None and (more := _KEY_VALUE_CONTINUATION.fullmatch(line)) is not None:
            meta[key] = f"{meta[key]} {more['value']}".strip()
    return meta


def _find_openless(text: str) -> FrontMatter | None:
    """Hexo's front matter without an opening fence, when unmistakable (see the module docstring)."""
    if _OPENLESS_FIRST.match(text) is None:
        return None
    closing = _OPENLESS_CLOSING.search(text, 0, MAX_OPENLESS_FRONT_MATTER)
    if closing is None:
        return None
    document = text[: closing.start()].lstrip("\ufeff")
    if not (_OPENLESS_TITLE.search(document) and _OPENLESS_DATE.search(document)):
        return None
    if not all(_OPENLESS_LINE.fullmatch(line) for line in document.split("\n")):
        return None
    return FrontMatter("---", document, closing.end())


def find_front_matter(text: str) -> FrontMatter | None:
    """Find the front matter at the top of ``text`` without parsing it; None when ``text`` opens without one.

    Cheap on any input: the closing fence is looked for in a bounded window only.
    """
    opening = _OPENING.match(text)
    if opening is None:
        return _find_openless(text) or _find_key_value_header(text)
    fence, start = opening.group(1), opening.end()
    # The window ends at a line end, so a fence line is never cut in two.
    window_end = text.find("\n", start + MAX_FRONT_MATTER)
    window_end = len(text) if window_end < 0 else window_end
    closing = _CLOSING[fence].search(text, start, window_end)
    if closing is None:
        return FrontMatter(fence, text[start:window_end], None)
    return FrontMatter(fence, text[start : closing.start()], closing.end())


def read_front_matter(text: str, path: str) -> tuple[dict[str, Any], int] | None:
    """Find and load the front matter at the top of ``text``.

    Args:
        text: The decoded source.
        path: The source's path, for messages.

    Returns:
        The front matter as a mapping with lower-case keys, and the offset where the body starts;
        None when the text opens without front matter.

    Raises:
        ConversionError: ``bad-front-matter`` when it is not closed, is malformed, unsafe, over a budget
            or not a mapping.
    """
    found = find_front_matter(text)
    if found is None:
        return None
    if found.body_start is None:
        raise ConversionError(
            "bad-front-matter",
            f"{path}: front matter not closed by {found.fence} within {MAX_FRONT_MATTER // 1024} KiB",
        )
    return load_front_matter(found.fence, found.text, path), found.body_start


def load_front_matter(fence: str, document: str, path: str) -> dict[str, Any]:
    """Parse front matter text into a mapping with lower-case keys.

    The last few documents' outcomes are kept, so that detection (which parses
    the front matter to judge it) and conversion of the same source parse it
    once. Each call gets its own top-level mapping; nested values are shared and
    must not be changed.

    Args:
        fence: ``---`` for YAML, ``+++`` for TOML, :data:`KEY_VALUE_HEADER` for Pelican's lines.
        document: The text between the fences.
        path: The source's path, for messages.

    Raises:
        ConversionError: ``bad-front-matter`` as :func:`read_front_matter` does.
    """
    outcome = _load_once(fence, document, path)
    if isinstance(outcome, str):
        raise ConversionError("bad-front-matter", outcome)
    return dict(outcome)


@functools.lru_cache(maxsize=8)
def _load_once(fence: str, document: str, path: str) -> dict[str, Any] | str:
    """The mapping :func:`load_front_matter` returns, or the message of its refusal."""
    if fence == KEY_VALUE_HEADER:
        return _load_key_values(document)
    if fence == "+++":
        try:
            data: Any = tomllib.loads(document)
        except (tomllib.TOMLDecodeError, RecursionError) as error:
            return f"{path}: TOML front matter: {error}"
    else:
        try:
            # libyaml encodes the text here: a lone surrogate fails
            loader = _ShallowLoader(document) if _within_budgets(document) else _FrontMatterLoader(document)
            try:
                data = loader.get_single_data()
            finally:
                loader.dispose()
        except _YAML_FAILURES as error:
            message = " ".join(str(error).split())[:200]
            return f"{path}: YAML front matter: {message}"
    if data is None:  # empty front matter holds nothing, which is no error in itself
        return {}
    if not isinstance(data, dict):
        return f"{path}: front matter is a {type(data).__name__}, not a mapping"
    meta: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(key, str):
            meta.setdefault(key.lower(), value)
    return meta


def as_list(value: object) -> list[Any]:
    """A front-matter value as a list: a list as it is, anything else as a list of one."""
    return value if isinstance(value, list) else [value]


def scalar_text(value: object) -> str | None:
    """A front-matter scalar as text: strings and numbers (a title ``2025``), not booleans or dates."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def strings(value: object) -> list[str]:
    """A scalar or a list of scalars as a list of non-empty strings; nested structures are ignored."""
    return [text for text in map(scalar_text, as_list(value)) if text]


def first_string(meta: dict[str, Any], *keys: str) -> str | None:
    """The first string found under ``keys``, tried in order (a list gives its first usable item)."""
    for key in keys:
        found = strings(meta.get(key))
        if found:
            return found[0]
    return None
