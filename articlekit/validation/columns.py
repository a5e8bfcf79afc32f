r"""The Parquet fast path of ``articlekit validate``: a whole batch of rows judged column by column.

Turning Parquet rows into Python records costs more than checking them: about
30 µs a news-sized row for ``to_pylist`` alone. A :class:`BatchVerdict`
instead checks a record batch with pyarrow's vectorised compute functions and
answers only "every row meets the contract" (with the rows' ids, for the
duplicate check) or "not sure". A batch it is not sure of is read row by row
as before, and those rows' problems come from the row path, so the fast path
decides nothing but which way a batch goes: it must never pass a batch the
row path would fault, and it may send a valid batch the slow way.

Every constraint is read from the model's JSON Schema (through the exporters'
shape walk, plus the two constructs that walk does not carry: the image's
"url or caption" and the ``published_offset_assumed`` condition). A keyword
or pattern it cannot check makes :func:`batch_verdict` return None, and the
row path then takes every batch. The checks, per batch:

- nulls only where the contract allows them, at every level;
- ``const``/``enum`` by set membership, ``maxLength`` in code points,
  ``minItems`` by list length, ``uniqueItems`` by counting distinct
  (row, value) pairs;
- ``pattern`` with RE2, the schema's Python ``re`` patterns rewritten as in
  :mod:`articlekit.validation.patterns` (``\s`` spelled out as Python's set,
  ``$(?!\n)`` as the end of the text);
- instants: an offset column within ±23:59 and a local time within years
  1 to 9999, exactly when the row path's RFC 3339 rendering of the instant
  passes the pattern and the format check;
- NFC: no string holds a character that could make a string not NFC (one
  with a non-zero combining class, one that NFC changes, or one that
  composes with what precedes it, per Python's own ``unicodedata``), so every
  string is NFC by the quick-check rule of UAX #15; a batch with such a
  character goes the row path;
- ``text`` equals the blocks' texts joined by a blank line (so the blocks'
  texts need no NFC scan of their own: they are pieces of ``text``);
- ``id`` is derived from the url (or the format, title and date) in Python,
  over those short columns only.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache, partial
from itertools import compress
from operator import not_

import pyarrow as pa
import pyarrow.compute as pc

from articlekit.exporters._arrow import OFFSET_SUFFIX
from articlekit.exporters._shape import Shape, article_shape
from articlekit.schema import BLOCK_SEPARATOR, make_article_id, published_schema

from .patterns import TRIMMED_TEXT, translate_pattern, trimmed_text_patterns, whitespace_class

_Check = Callable[[pa.Array], bool]
"""A check of one column's values (or of nested values): True when every value passes."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_MIN_LOCAL_MICROS = (datetime(1, 1, 1, tzinfo=UTC) - _EPOCH) // _MICROSECOND
_MAX_LOCAL_MICROS = (datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC) - _EPOCH) // _MICROSECOND
_MAX_OFFSET_MINUTES = 23 * 60 + 59
# The object-level constructs the shape walk does not carry, exactly as the contract states them today.
_IMAGE_ALTERNATIVES = [{"properties": {"url": {"type": "string"}}}, {"properties": {"caption": {"type": "string"}}}]
_IMAGE_MEMBERS = tuple(name for alternative in _IMAGE_ALTERNATIVES for name in alternative["properties"])
_OFFSET_CONDITION = (
    {"properties": {"published_at": {"type": "null"}}},
    {"properties": {"published_offset_assumed": {"const": False}}},
)
_PLANE = 0x10000
_HANGUL_VOWELS_AND_TRAILS = (range(0x1161, 0x1176), range(0x11A8, 0x11C3))


class Unsupported(Exception):
    """The contract uses a construct the column checks do not cover."""


def _all(mask: pa.Array) -> bool:
    """Whether every value of a boolean array is true (a null counts as false)."""
    return mask.null_count == 0 and bool(pc.all(mask).as_py() is not False)


def _re2(pattern: str) -> str:
    r"""The schema's Python ``re`` pattern as an RE2 pattern that accepts the same strings.

    The ECMA translation spells ``\s`` out and ends the pattern with a plain
    ``$``, which RE2 (not in multi-line mode) also reads as the very end.
    """
    return _braced(translate_pattern(pattern))


def _braced(ecma: str) -> str:
    r"""An ECMA pattern's ``\u....`` escapes in RE2's spelling, ``\x{....}``."""
    out: list[str] = []
    index = 0
    while index < len(ecma):
        if ecma.startswith("\\u", index):
            out.append("\\x{" + ecma[index + 2 : index + 6] + "}")
            index += 6
        elif ecma[index] == "\\":
            out.append(ecma[index : index + 2])
            index += 2
        else:
            out.append(ecma[index])
            index += 1
    return "".join(out)


def _compiled(pattern: str) -> str:
    """``pattern`` once RE2 has compiled it; Unsupported when it cannot."""
    try:
        pc.match_substring_regex(pa.array(["x"], pa.string()), pattern)
    except (pa.ArrowException, ValueError) as error:
        raise Unsupported(f"RE2 cannot compile {pattern!r}: {error}") from error
    return pattern


def _patterns(pattern: str) -> list[str]:
    """The RE2 patterns that together accept what the schema pattern accepts."""
    if pattern == TRIMMED_TEXT:
        return [_compiled(_braced(part)) for part in trimmed_text_patterns()]
    return [_compiled(_re2(pattern))]


@cache
def _not_surely_nfc() -> str:
    """An RE2 class of every character that can make a string not NFC (see the module's docstring).

    Built once from this Python's ``unicodedata``: the characters with a
    non-zero combining class; among those with a canonical decomposition, the
    ones NFC changes and the second half of every two-character one (it may
    compose with what precedes it); and the Hangul vowel and trailing jamo,
    which compose by rule. The per-character calls run through ``map``, so
    the 1.1 million code points take about a tenth of a second.
    """
    suspicious: set[int] = set()
    for plane in range(0, sys.maxunicode + 1, _PLANE):  # a plane at a time: all of them at once take 70 MB
        # UTF-8 holds no surrogates.
        chars = [chr(code) for code in range(plane, plane + _PLANE) if not 0xD800 <= code <= 0xDFFF]
        suspicious.update(map(ord, compress(chars, map(unicodedata.combining, chars))))
        for char in compress(chars, map(not_, map(partial(unicodedata.is_normalized, "NFD"), chars))):
            if not unicodedata.is_normalized("NFC", char):
                suspicious.add(ord(char))
            parts = unicodedata.decomposition(char).split()
            if len(parts) == 2 and not parts[0].startswith("<"):
                suspicious.add(int(parts[1], 16))
    for block in _HANGUL_VOWELS_AND_TRAILS:
        suspicious.update(block)
    ranges: list[str] = []
    codes = sorted(suspicious)
    start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code != previous + 1:
            ranges.append(f"\\x{{{start:x}}}" if start == previous else f"\\x{{{start:x}}}-\\x{{{previous:x}}}")
            start = code
        previous = code
    return _compiled("[" + "".join(ranges) + "]")


def _string_check(shape: Shape, nfc: bool) -> _Check:
    patterns = [] if shape.pattern is None else _patterns(shape.pattern)
    allowed = None if shape.enum is None else pa.array(shape.enum, pa.string())
    suspicious = _not_surely_nfc() if nfc else None

    def check(values: pa.Array) -> bool:
        if values.null_count:
            if not shape.nullable:
                return False
            values = values.drop_null()
        if allowed is not None and not _all(pc.is_in(values, value_set=allowed)):
            return False
        if shape.max_length is not None and not _all(pc.less_equal(pc.utf8_length(values), shape.max_length)):
            return False
        if not all(_all(pc.match_substring_regex(values, pattern)) for pattern in patterns):
            return False
        return suspicious is None or not pc.any(pc.match_substring_regex(values, suspicious)).as_py()

    return check


def _boolean_check(shape: Shape) -> _Check:
    return lambda values: shape.nullable or values.null_count == 0


def _unique_per_list(lists: pa.Array, items: pa.Array) -> bool:
    """Whether no list repeats an item: as many distinct (list, item) pairs as items."""
    if len(items) < 2:
        return True
    pairs = pa.table({"list": pc.list_parent_indices(lists), "item": items})
    return bool(pairs.group_by(["list", "item"]).aggregate([]).num_rows == len(items))


def _list_check(shape: Shape, where: str, nfc: bool) -> _Check:
    if shape.nullable or shape.item is None:
        raise Unsupported(f"{where}: a nullable list")
    if shape.unique_items and shape.item.kind != "string":
        raise Unsupported(f"{where}: unique items that are not strings")
    item_check = _check_for(shape.item, f"{where}[]", nfc)
    min_items = shape.min_items

    def check(values: pa.Array) -> bool:
        if values.null_count:
            return False
        if min_items is not None and not _all(pc.greater_equal(pc.list_value_length(values), min_items)):
            return False
        items = pc.list_flatten(values)
        if shape.unique_items and not _unique_per_list(values, items):
            return False
        return item_check(items)

    return check


def _struct_check(shape: Shape, where: str, nfc: bool, one_of_set: tuple[str, ...] = ()) -> _Check:
    if shape.nullable:
        raise Unsupported(f"{where}: a nullable struct")
    members = [(name, _check_for(member, f"{where}.{name}", nfc)) for name, member in shape.fields]

    def check(values: pa.Array) -> bool:
        if values.null_count:
            return False
        struct_type = values.type
        for name, member_check in members:
            if not member_check(pc.struct_field(values, [struct_type.get_field_index(name)])):
                return False
        if one_of_set:  # at least one of these members is not null
            index = struct_type.get_field_index
            present = [pc.is_valid(pc.struct_field(values, [index(name)])) for name in one_of_set]
            mask = present[0]
            for other in present[1:]:
                mask = pc.or_(mask, other)
            return _all(mask)
        return True

    return check


def _check_for(shape: Shape, where: str, nfc: bool) -> _Check:
    if shape.kind == "string":
        return _string_check(shape, nfc)
    if shape.kind == "boolean":
        return _boolean_check(shape)
    if shape.kind == "list":
        return _list_check(shape, where, nfc)
    if shape.kind == "struct":
        return _struct_check(shape, where, nfc, _IMAGE_MEMBERS if where == "$.images[]" else ())
    raise Unsupported(f"{where}: instants are only supported as top-level fields")


def _instant_check(batch: pa.RecordBatch, name: str, nullable: bool) -> bool:
    """Whether every instant renders to a date-time the pattern and the format check accept."""
    micros = batch.column(name).cast(pa.int64())
    if micros.null_count and not nullable:
        return False
    offset_name = name + OFFSET_SUFFIX
    if offset_name in batch.schema.names:
        minutes = batch.column(offset_name).cast(pa.int64())
    else:  # read as UTC, as the row path reads it
        minutes = pa.nulls(len(micros), pa.int64()).fill_null(0)
    set_ = pc.is_valid(micros)
    offset_ok = pc.and_kleene(pc.is_valid(minutes), pc.less_equal(pc.abs(minutes), _MAX_OFFSET_MINUTES))
    local = pc.add_checked(micros, pc.multiply_checked(minutes, 60_000_000))
    in_range = pc.and_kleene(pc.greater_equal(local, _MIN_LOCAL_MICROS), pc.less_equal(local, _MAX_LOCAL_MICROS))
    return _all(pc.fill_null(pc.or_kleene(pc.invert(set_), pc.and_kleene(offset_ok, in_range)), False))


def _without_text_pattern(blocks: Shape) -> Shape:
    """The blocks' shape with no pattern on their texts (checked through ``text`` instead)."""
    assert blocks.item is not None
    fields = tuple(
        (name, replace(member, pattern=None) if name == "text" else member) for name, member in blocks.item.fields
    )
    return replace(blocks, item=replace(blocks.item, fields=fields))


def _blocks_joined(blocks: pa.Array, text_index: int) -> pa.Array:
    """Each row's block texts joined by the blank line that separates them in ``text``."""
    lengths = pc.list_value_length(blocks).cast(pa.int32())
    offsets = pa.concat_arrays([pa.array([0], pa.int32()), pc.cumulative_sum(lengths).cast(pa.int32())])
    texts = pc.struct_field(pc.list_flatten(blocks), [text_index])
    return pc.binary_join(pa.ListArray.from_arrays(offsets, texts), BLOCK_SEPARATOR)


class BatchVerdict:
    """Checks record batches of a Parquet file whose schema matched the contract (see the module's docstring)."""

    def __init__(self) -> None:
        schema = published_schema()
        if schema.get("if") != _OFFSET_CONDITION[0] or schema.get("then") != _OFFSET_CONDITION[1]:
            raise Unsupported("the top-level if/then is not the published_offset_assumed condition")
        image = schema.get("$defs", {}).get("Image", {})
        if image.get("anyOf") != _IMAGE_ALTERNATIVES:
            raise Unsupported("the image's anyOf is not 'url or caption'")
        self._instants: list[tuple[str, bool]] = []
        self._columns: list[tuple[str, _Check]] = []
        fields = dict(article_shape().fields)
        blocks, text = fields["blocks"], fields["text"]
        block_text = None if blocks.item is None else dict(blocks.item.fields).get("text")
        if text.kind != "string" or block_text is None or block_text.pattern != TRIMMED_TEXT:
            raise Unsupported("text and the blocks' texts are not trimmed strings")
        for name, shape in article_shape().fields:
            if shape.kind == "datetime":
                self._instants.append((name, shape.nullable))
            elif name == "blocks":
                # The blocks' texts are pieces of ``text``: its scan (see _text_scan) checks them for NFC and
                # for whitespace at their ends, in one pass instead of two regex calls per block.
                self._columns.append((name, _check_for(_without_text_pattern(shape), "$.blocks", nfc=False)))
            else:
                self._columns.append((name, _check_for(shape, f"$.{name}", nfc=name != "text")))
        spaces = _braced(whitespace_class())
        separator = "\\n\\n"
        self._text_scan = _compiled(f"{_not_surely_nfc()}|[{spaces}]{separator}|{separator}[{spaces}]")

    def __call__(self, batch: pa.RecordBatch) -> list[str] | None:
        """The ids of the batch's rows when every row meets the contract, else None (read it row by row)."""
        try:
            return self._verdict(batch)
        except (pa.ArrowException, ValueError, OverflowError, TypeError, KeyError, AttributeError, IndexError):
            return None  # anything unusual: the row path reports it precisely

    def _verdict(self, batch: pa.RecordBatch) -> list[str] | None:
        for name, check in self._columns:
            if not check(batch.column(name)):
                return None
        for name, nullable in self._instants:
            if not _instant_check(batch, name, nullable):
                return None
        published = batch.column("published_at")
        assumed = batch.column("published_offset_assumed")
        if not _all(pc.or_(pc.is_valid(published), pc.invert(assumed))):
            return None
        blocks, text = batch.column("blocks"), batch.column("text")
        joined = _blocks_joined(blocks, blocks.type.value_type.get_field_index("text"))
        if not _all(pc.equal(joined, text)):
            return None
        # With text equal to the joined blocks and trimmed itself, no whitespace next to a blank line means
        # every block is trimmed (a blank line inside a block with whitespace next to it is a false alarm,
        # which only sends the batch the row path).
        if pc.any(pc.match_substring_regex(text, self._text_scan)).as_py():
            return None
        return self._ids(batch)

    @staticmethod
    def _ids(batch: pa.RecordBatch) -> list[str] | None:
        ids: list[str] = batch.column("id").to_pylist()
        urls: list[str | None] = batch.column("url").to_pylist()
        without_url = [row for row, url in enumerate(urls) if url is None]
        for record_id, url in zip(ids, urls, strict=True):
            if url is not None and record_id != make_article_id(url, format="", title="", published_at=None):
                return None
        if without_url:
            provenance = batch.column("provenance")
            formats = pc.struct_field(provenance, [provenance.type.get_field_index("format")]).to_pylist()
            titles = batch.column("title").to_pylist()
            instants = batch.column("published_at").cast(pa.int64()).to_pylist()
            for row in without_url:
                when = None if instants[row] is None else _EPOCH + instants[row] * _MICROSECOND
                expected = make_article_id(None, format=formats[row], title=titles[row], published_at=when)
                if ids[row] != expected:
                    return None
        return ids


@cache
def batch_verdict() -> BatchVerdict | None:
    """The batch checker for the published contract (cached); None when the contract has a construct it cannot check."""
    try:
        return BatchVerdict()
    except Unsupported:
        return None
