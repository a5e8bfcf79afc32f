r"""The schema's patterns, rewritten for ECMA-262 engines such as jsonschema-rs.

The published schema's patterns are written for Python's ``re`` (the engine of
the reference validator, python-jsonschema, and of the model). jsonschema-rs
reads them as ECMA-262, where ``\s`` means a slightly different set of
characters: Python counts U+001C..U+001F and U+0085 as whitespace and U+FEFF
not, ECMA the other way round. :func:`translate_pattern` spells Python's
``\s`` out as an explicit class, so both engines accept exactly the same strings.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

# Python's `$` also matches before a final newline; the schema therefore ends patterns with this
# lookahead, which in ECMA and Rust regexes (where `$` is the very end already) changes nothing.
_PYTHON_END = "$(?!\\n)"
# The trimmed-text pattern must scan a whole block to match; its verdict is the same as "first and
# last characters are not whitespace", which a regex engine answers without reading the middle.
TRIMMED_TEXT = "^\\S(?:[\\s\\S]*\\S)?" + _PYTHON_END
"""The schema's pattern for text without leading or trailing whitespace (a value that may span lines)."""


@cache
def whitespace_class() -> str:
    r"""Every character Python's ``re`` matches with ``\s`` in a str pattern (str.isspace), as an ECMA class body."""
    characters = map(chr, range(sys.maxunicode + 1))
    # filter() with str.isspace runs the 1.1 million tests in C, several times faster than a generator.
    return "".join(f"\\u{ord(char):04x}" for char in filter(str.isspace, characters))


def trimmed_text_patterns() -> tuple[str, str]:
    """Two ECMA patterns that together accept exactly what :data:`TRIMMED_TEXT` accepts.

    "The first character is not whitespace" and "the last one is not": an
    engine answers each without reading the middle of the text.
    """
    spaces = whitespace_class()
    return f"^[^{spaces}]", f"[^{spaces}]$"


_UNSUPPORTED_ESCAPES = frozenset("dDwWbBAZ")


def translate_pattern(pattern: str) -> str:
    r"""Rewrite a schema pattern written for Python's ``re`` into an ECMA-262 pattern that means the same.

    Only the constructs articlekit's schema uses are supported: ``\s`` and
    ``\S`` (inside and outside classes), ``.``, a final ``$(?!\n)``, groups
    and lookaheads, and plain escapes.

    Args:
        pattern: A pattern from the published schema.

    Returns:
        The translated pattern.

    Raises:
        NotImplementedError: The pattern uses a construct whose meaning differs
            between the two engines and that has no translation here.
    """
    end = pattern.endswith(_PYTHON_END)
    body = pattern[: -len(_PYTHON_END)] if end else pattern
    out: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            escaped = body[index + 1 : index + 2]
            if escaped in _UNSUPPORTED_ESCAPES:
                raise NotImplementedError(f"no ECMA translation for \\{escaped} in {pattern!r}")
            spaces = whitespace_class()
            out.append({"s": f"[{spaces}]", "S": f"[^{spaces}]"}.get(escaped, "\\" + escaped))
            index += 2
        elif char == "[":
            index = _translate_class(body, index, out, pattern)
        elif char == "$":
            raise NotImplementedError(f"`$` means 'end or before a final newline' in Python: {pattern!r}")
        else:
            out.append("[^\\n]" if char == "." else char)
            index += 1
    return "".join(out) + ("$" if end else "")


def _translate_class(body: str, start: int, out: list[str], pattern: str) -> int:
    """Translate the character class starting at ``body[start]``; return the index after it."""
    index = start + 1
    negated = body[index : index + 1] == "^"
    index += negated
    members: list[str] = []
    escapes: set[str] = set()
    while index < len(body) and (body[index] != "]" or index == start + 1 + negated):
        if body[index] == "\\":
            escaped = body[index + 1 : index + 2]
            if escaped in _UNSUPPORTED_ESCAPES:
                raise NotImplementedError(f"no ECMA translation for \\{escaped} in {pattern!r}")
            escapes.add(escaped)
            members.append(whitespace_class() if escaped == "s" else "\\" + escaped)
            index += 2
        else:
            members.append(body[index])
            index += 1
    if index >= len(body):
        raise NotImplementedError(f"unterminated character class in {pattern!r}")
    if "S" in escapes:
        # A class holding \S and \s holds every character; any other use of \S in a class has no
        # ECMA spelling without set subtraction.
        if negated or "s" not in escapes:
            raise NotImplementedError(f"no ECMA translation for \\S inside a class in {pattern!r}")
        out.append("[\\s\\S]")
    else:
        out.append("[" + "^" * negated + "".join(members) + "]")
    return index + 1


def translate_schema(node: Any, *, for_verdict: bool = False) -> Any:
    """Return a copy of a JSON Schema with every ``pattern`` translated for ECMA-262 engines.

    Args:
        node: The schema (or any part of it).
        for_verdict: Also replace the trimmed-text pattern by two anchored
            patterns that accept exactly the same strings without scanning
            them whole. The errors then differ in shape (two pattern errors
            where the reference reports one), so use this only to decide
            "valid or not".

    Returns:
        The translated copy; ``node`` is left unchanged.
    """
    if isinstance(node, list):
        return [translate_schema(item, for_verdict=for_verdict) for item in node]
    if not isinstance(node, dict):
        return node
    copy: dict[str, Any] = {}
    for key, value in node.items():
        if key == "pattern" and isinstance(value, str):
            if for_verdict and value == TRIMMED_TEXT:
                split = [{"pattern": part} for part in trimmed_text_patterns()]
                copy["allOf"] = [*copy.get("allOf", []), *split]
            else:
                copy[key] = translate_pattern(value)
        elif key == "allOf" and "allOf" in copy:
            copy["allOf"] = [*translate_schema(value, for_verdict=for_verdict), *copy["allOf"]]
        else:
            copy[key] = translate_schema(value, for_verdict=for_verdict)
    return copy


def collect_translations(node: Any, originals: dict[str, str]) -> None:
    """Map each translated pattern under ``node`` back to the schema's own text, into ``originals``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                originals[translate_pattern(value)] = value
            else:
                collect_translations(value, originals)
    elif isinstance(node, list):
        for item in node:
            collect_translations(item, originals)
