"""Mutations of valid records, each with the exact problems (JSON Pointer, code) it must cause.

A mutation breaks one thing and keeps the rest of the record consistent: text
and id are re-derived afterwards (see ``validate_helpers.rederive``) wherever
their inputs are still usable, so that the only problems are the intended ones
and the ones that follow from them by the contract (a leading space in the first
block also leads the joined text).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from validate_helpers import rederive

from articlekit.schema import BLOCK_SEPARATOR

Path = tuple[str | int, ...]
Expected = set[tuple[str, str]]
Mutation = Callable[[st.DrawFn, dict[str, Any]], Expected]

# Whitespace for Python's `re` (and so for the contract); the first five are not whitespace in ECMA-262.
PYTHON_WHITESPACE = ["\x1c", "\x1d", "\x1e", "\x1f", "\x85", " ", "\t", "\n", "\r", "\xa0", "\u2028", "\u3000"]
# Not whitespace for Python's `re` although ECMA-262 (U+FEFF) or older Unicode (U+180E) say otherwise.
NOT_WHITESPACE = ["\ufeff", "\u180e", "\u200b"]


def pointer(path: Path) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _get(record: Any, path: Path) -> Any:
    for part in path:
        record = record[part]
    return record


def _set(record: Any, path: Path, value: Any) -> None:
    _get(record, path[:-1])[path[-1]] = value


def _string_paths(record: dict[str, Any]) -> list[Path]:
    """Paths of the free-text strings (trimmed, NFC) the record holds."""
    paths: list[Path] = [("title",), ("provenance", "path"), ("provenance", "converter_version")]
    for name in ("summary",):
        if record[name] is not None:
            paths.append((name,))
    if record["source"]["name"] is not None:
        paths.append(("source", "name"))
    for name in ("authors", "categories", "tags"):
        paths.extend((name, index) for index in range(len(record[name])))
    paths.extend(("blocks", index, "text") for index in range(len(record["blocks"])))
    for index, image in enumerate(record["images"]):
        if image["caption"] is not None:
            paths.append(("images", index, "caption"))
    paths.extend(("links", index, "text") for index in range(len(record["links"])))
    return paths


def _text_follows(record: dict[str, Any], path: Path, expected: Expected, code: str) -> None:
    """A block's text change shows in the joined text too: add the text's own problem when it has one."""
    if path[0] != "blocks":
        return
    text = record["text"]
    if code == "not-nfc" or not text or text[0].isspace() or text[-1].isspace():
        expected.add(("/text", code))


def drop_key(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    candidates: list[Path] = [(name,) for name in record]
    candidates += [("source", "name"), ("provenance", "sha256"), ("provenance", "format"), ("blocks", 0, "kind")]
    candidates += [("blocks", 0, "text")]
    if record["images"]:
        candidates.append(("images", 0, "url"))
    path = draw(st.sampled_from(candidates))
    del _get(record, path[:-1])[path[-1]]  # nothing to re-derive: a missing input leaves id and text unchecked
    # A missing published_at is the root cause: the schema's `if` (published_at is null) holds vacuously for it,
    # but the offset flag's rule, which derives from it, is not reported as well.
    return {(pointer(path), "missing-field")}


def extra_key(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    owners: list[Path] = [(), ("source",), ("provenance",), ("blocks", 0)]
    owners += [("links", index) for index in range(len(record["links"]))]
    owner = draw(st.sampled_from(owners))
    name = draw(st.sampled_from(["extra", "a/b~c", "Title", "标题", ""]))
    _get(record, owner)[name] = draw(st.sampled_from([1, None, "x", [1], {"a": 1}, True]))
    return {(pointer((*owner, name)), "unexpected-field")}


_WRONG_TYPES: list[tuple[Path, Any]] = [
    (("title",), 5),
    (("schema_version",), 1.0),
    (("title",), None),
    (("url",), 5),
    (("url",), ["https://example.com/"]),
    (("authors",), "someone"),
    (("published_offset_assumed",), "true"),
    (("published_offset_assumed",), 1),
    (("published_at",), 1738996715),
    (("blocks",), {}),
    (("source",), []),
    (("summary",), 5),
    (("language",), None),
    (("id",), 5),
    (("text",), ["a"]),
    (("provenance", "sha256"), None),
    (("blocks", 0, "kind"), 1),
    (("blocks", 0, "text"), None),
]


def wrong_type(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    path, value = draw(st.sampled_from(_WRONG_TYPES))
    _set(record, path, value)
    if path not in (("id",), ("text",)):  # re-deriving would overwrite the very field
        rederive(record)
    return {(pointer(path), "wrong-type")}


def list_item_wrong_type(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    name = draw(st.sampled_from(["authors", "categories", "tags", "flags"]))
    record[name] = [*record[name], 7]
    return {(pointer((name, len(record[name]) - 1)), "wrong-type")}


def bad_string(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    """Values that break a field's pattern (or format, or length)."""
    choices: list[tuple[Path, Any, str]] = [
        (("title",), "", "pattern-mismatch"),
        (("title",), "two\nlines", "pattern-mismatch"),
        (("published_at",), "2025-02-08T08:38:35", "pattern-mismatch"),  # naive: no offset
        (("published_at",), "2025-02-08 08:38:35Z", "pattern-mismatch"),
        (("published_at",), "2025-02-08T23:59:60Z", "pattern-mismatch"),  # leap second
        (("published_at",), "0000-01-01T00:00:00Z", "pattern-mismatch"),
        (("published_at",), "2025-02-08T08:38:35+24:00", "pattern-mismatch"),
        (("published_at",), "2025-02-08T08:38:35.1234567Z", "pattern-mismatch"),
        (("published_at",), "2025-02-30T08:38:35Z", "bad-format"),
        (("published_at",), "2023-02-29T08:38:35+08:00", "bad-format"),
        (("retrieved_at",), "2025-02-08T08:38:35", "pattern-mismatch"),
        (("id",), "XYZ", "pattern-mismatch"),
        (("id",), "BC4115FA5F032BE67FC6868F951A5241", "pattern-mismatch"),
        (("url",), "ftp://example.com/a", "pattern-mismatch"),
        (("url",), "https://example.com/a b", "pattern-mismatch"),
        (("url",), "https://example.com/" + "a" * 8200, "too-long"),
        (("language",), "ZH", "pattern-mismatch"),
        (("source", "domain"), "www.Example.com", "pattern-mismatch"),
        (("provenance", "sha256"), "0" * 63, "pattern-mismatch"),
        (("flags",), ["Not-A-Flag"], "pattern-mismatch"),
    ]
    index = draw(st.integers(0, len(choices) - 1))
    path, value, code = choices[index]
    _set(record, path, value)
    if path == ("flags",):
        path = ("flags", 0)
    if path == ("id",):
        return {(pointer(path), code)}
    rederive(record)
    return {(pointer(path), code)}


def wrong_value(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    path, value = draw(
        st.sampled_from(
            [(("schema_version",), "2.0"), (("schema_version",), "1.0 "), (("blocks", 0, "kind"), "paragraf")]
        )
    )
    _set(record, path, value)
    rederive(record)
    return {(pointer(path), "wrong-value")}


def untrimmed(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    """Whitespace (in Python's sense) at either end of a free-text string; or a look-alike that is not."""
    path = draw(st.sampled_from(_string_paths(record)))
    spaces = draw(st.booleans())
    char = draw(st.sampled_from(PYTHON_WHITESPACE if spaces else NOT_WHITESPACE))
    value = _get(record, path)
    _set(record, path, char + value if draw(st.booleans()) else value + char)
    rederive(record)
    if not spaces:
        return set()
    expected = {(pointer(path), "pattern-mismatch")}
    _text_follows(record, path, expected, "pattern-mismatch")
    return expected


def trailing_newline(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    path = draw(st.sampled_from([*_string_paths(record), ("url",), ("id",), ("language",)]))
    value = _get(record, path)
    if value is None:  # a record without url: give it one, with a final newline
        value = "https://example.com/a"
    _set(record, path, value + "\n")
    if path != ("id",):
        rederive(record)
    expected = {(pointer(path), "pattern-mismatch")}
    _text_follows(record, path, expected, "pattern-mismatch")
    return expected


def not_nfc(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    path = draw(st.sampled_from([*_string_paths(record), ("url",)]))
    value = _get(record, path)
    if value is None:
        value = "https://example.com/"
    _set(record, path, value + draw(st.sampled_from(["e\u0301", "\u212b", "\uf900", "\u1100\u1161"])))
    rederive(record)
    expected = {(pointer(path), "not-nfc")}
    _text_follows(record, path, expected, "not-nfc")
    return expected


def text_mismatch(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    record["text"] = draw(st.sampled_from([record["text"] + " more", "other", record["text"].replace("\n\n", "\n")]))
    if record["text"] == BLOCK_SEPARATOR.join(block["text"] for block in record["blocks"]):
        return set()  # a single block without separators: replacing changed nothing
    return {("/text", "text-mismatch")}


def id_mismatch(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    record["id"] = draw(st.sampled_from(["0" * 32, "f" * 32, record["id"][::-1]]))
    return set() if rederive(copy.deepcopy(record))["id"] == record["id"] else {("/id", "id-mismatch")}


def assumed_offset_without_date(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    record["published_at"] = None
    record["published_offset_assumed"] = True
    rederive(record)
    return {("/published_offset_assumed", "wrong-value")}


def duplicate_item(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    name = draw(st.sampled_from(["authors", "categories", "tags"]))
    record[name] = [*record[name], "甲", "甲"]
    return {(pointer((name,)), "duplicate-item")}


def empty_blocks(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    record["blocks"] = []
    rederive(record)
    return {("/blocks", "too-short"), ("/text", "pattern-mismatch")}


def image_without_url_or_caption(draw: st.DrawFn, record: dict[str, Any]) -> Expected:
    record["images"] = [*record["images"], {"url": None, "caption": None}]
    return {(pointer(("images", len(record["images"]) - 1)), "no-alternative")}


MUTATIONS: list[Mutation] = [
    drop_key,
    extra_key,
    wrong_type,
    list_item_wrong_type,
    bad_string,
    wrong_value,
    untrimmed,
    trailing_newline,
    not_nfc,
    text_mismatch,
    id_mismatch,
    assumed_offset_without_date,
    duplicate_item,
    empty_blocks,
    image_without_url_or_caption,
]


@st.composite
def mutated(draw: st.DrawFn, records: st.SearchStrategy[dict[str, Any]]) -> tuple[dict[str, Any], Expected, str]:
    """A record from ``records`` with one mutation; returns (record, expected problems, mutation name)."""
    record = copy.deepcopy(draw(records))
    mutation = draw(st.sampled_from(MUTATIONS))
    expected = mutation(draw, record)
    return record, expected, mutation.__name__


@st.composite
def twice_mutated(draw: st.DrawFn, records: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    """A record with two mutations; the second may find the first removed what it aims at, then it is skipped."""
    record, _, _ = draw(mutated(records))
    mutation = draw(st.sampled_from(MUTATIONS))
    again = copy.deepcopy(record)
    try:
        mutation(draw, again)
    except (KeyError, IndexError, TypeError, AttributeError):
        return record
    return again
