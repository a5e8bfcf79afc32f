"""The Arrow side of the Parquet exporter: the schema derived from the model, and records to and from it.

**Schema.** :func:`arrow_schema` maps the record's shape (walked from the
model's JSON Schema) to Arrow types: strings, booleans, ``timestamp[us,
tz=UTC]`` for instants, lists with non-null ``element`` items, and structs.
Each top-level instant column is followed by ``<name>_offset_minutes``
(int16), because an Arrow/Parquet timestamp keeps one zone for the whole
column and the offset each source gave must survive (see
:mod:`articlekit.exporters.parquet`).

**Records to Arrow.** ``pa.Table.from_pylist`` over ``model_dump()`` dicts
costs about 200 µs for a news-sized record: pyarrow's generic converter walks
every nested dict, and its conversion of ``str`` objects (and even of ``bytes``
in ``pa.array``) is slow. :func:`record_batch` converts a batch of records one
column at a time instead: values are read straight from the models'
``__dict__`` with C-level loops (``map`` over ``itemgetter``), nested lists are
flattened with their offsets, structs are assembled from their members'
arrays, and a string column is built from its buffers directly: the values
encoded by ``str.encode`` (valid UTF-8 by construction: the strict encoder
refuses lone surrogates) joined into one data buffer, plus their offsets, which
is about 6 times faster than ``pa.array`` on the encoded values; an all-ASCII
column is joined first and encoded once. (``pa.array`` on the ``str`` objects
themselves is about as fast in pyarrow 26, but it leaves a cached UTF-8 copy
inside every non-ASCII string, so the caller's records would grow.)

The blocks' texts are not converted at all: they are cut out of the ``text``
column, whose UTF-8 bytes are the blocks' texts joined by a blank line (see
:func:`_blocks_from_text`); that halves the encoding and skips touching every
block's text, the largest share of the conversion. Converting through JSON
instead (``model_dump_json`` and ``pyarrow.json.read_json`` with the explicit
schema) was measured and is slower: about 27 µs per news-sized record to
serialise and 18 µs to parse, against about 16 µs for all of this.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from functools import cache
from itertools import accumulate, chain
from operator import attrgetter, itemgetter
from typing import Any, cast

import pyarrow as pa
import pyarrow.compute as pc

from articlekit.schema import BLOCK_SEPARATOR, Article

from ._shape import Shape, article_shape

OFFSET_SUFFIX = "_offset_minutes"
"""Suffix of the column that keeps an instant column's UTC offset."""

_MINUTE = timedelta(minutes=1)
_MAX_INT32 = 2**31 - 1
_DICT = attrgetter("__dict__")
_TEXT, _BLOCKS, _BLOCK_TEXT = "text", "blocks", "text"


def _arrow_type(shape: Shape, where: str) -> pa.DataType:
    if shape.kind == "string":
        return pa.string()
    if shape.kind == "boolean":
        return pa.bool_()
    if shape.kind == "datetime":
        return pa.timestamp("us", tz="UTC")
    if shape.kind == "list":
        assert shape.item is not None
        # "element" is the item name the Parquet spec prescribes; pyarrow reads it back unchanged.
        item = pa.field("element", _arrow_type(shape.item, where), nullable=shape.item.nullable)
        return pa.list_(item)
    fields = []
    for name, member in shape.fields:
        if member.kind == "datetime":
            raise NotImplementedError(f"{where}.{name}: nested instants would need their own offset column")
        fields.append(pa.field(name, _arrow_type(member, f"{where}.{name}"), nullable=member.nullable))
    return pa.struct(fields)


@cache
def arrow_schema() -> pa.Schema:
    """Return the Arrow schema of the Parquet output, derived from the model (cached).

    Each top-level instant column is followed by its ``<name>_offset_minutes``
    int16 column. The schema carries no metadata; the Parquet writer adds the file's.
    """
    fields = []
    for name, shape in article_shape().fields:
        fields.append(pa.field(name, _arrow_type(shape, name), nullable=shape.nullable))
        if shape.kind == "datetime":
            fields.append(pa.field(name + OFFSET_SUFFIX, pa.int16(), nullable=shape.nullable))
    return pa.schema(fields)


@cache
def instant_fields() -> tuple[str, ...]:
    """Return the names of the top-level instant fields, in model order (cached)."""
    return tuple(name for name, shape in article_shape().fields if shape.kind == "datetime")


def _strings(values: Sequence[str | None], nullable: bool) -> pa.Array:
    if nullable and None in values:
        encoded = [b"" if value is None else value.encode("utf-8") for value in values]
        validity = pa.array([value is not None for value in values], type=pa.bool_()).buffers()[1]
        nulls = sum(value is None for value in values)
        return _string_array(len(values), map(len, encoded), b"".join(encoded), validity, nulls)
    texts = cast("Sequence[str]", values)  # no nulls: checked above, or the field is not nullable
    if all(map(str.isascii, texts)):
        # Ids, URLs, hashes, codes: character offsets are byte offsets, so no value needs its own bytes.
        return _string_array(len(texts), map(len, texts), "".join(texts).encode("ascii"))
    encoded = list(map(str.encode, texts))
    return _string_array(len(texts), map(len, encoded), b"".join(encoded))


def _string_array(
    length: int, lengths: Iterable[int], data: bytes, validity: pa.Buffer | None = None, nulls: int = 0
) -> pa.Array:
    offsets = array("i", list(accumulate(lengths, initial=0)))  # array() takes a list faster than an iterator
    if offsets[-1] > _MAX_INT32:
        raise ValueError("more than 2 GiB of text in one column of one batch of records")
    buffers = [validity, pa.py_buffer(offsets), pa.py_buffer(data)]
    return pa.Array.from_buffers(pa.string(), length, buffers, null_count=nulls)


def instant_columns(values: Sequence[datetime | None], arrow_type: pa.DataType) -> list[pa.Array]:
    """Return the UTC instants in microseconds and the offsets in minutes that the values carried.

    Raises:
        TypeError: A value is a naive datetime.
    """
    # The offsets first: a naive datetime fails here, where pyarrow would take it for UTC.
    offsets = [None if value is None else value.utcoffset() // _MINUTE for value in values]  # type: ignore[operator]
    # pyarrow converts an aware datetime to its UTC instant itself (through utcoffset, so zoneinfo zones
    # and folds are right), three times faster than the same arithmetic in Python.
    return [pa.array(values, type=arrow_type), pa.array(offsets, type=pa.int16())]


def column(values: Sequence[Any], shape: Shape, arrow_type: pa.DataType, where: str) -> pa.Array:
    """Return the Arrow array of ``values`` (model attributes) of ``shape``, stored as ``arrow_type``.

    Raises:
        NotImplementedError: An instant inside a list or struct (it would need
            an offset column of its own), or a nullable list or struct.
    """
    if shape.kind == "string":
        return _strings(values, shape.nullable)
    if shape.kind == "boolean":
        return pa.array(values, type=arrow_type)
    if shape.kind == "datetime":
        raise NotImplementedError(f"{where}: only top-level instants are supported")
    if shape.nullable:
        raise NotImplementedError(f"{where}: nullable lists and structs are not supported")
    if shape.kind == "list":
        assert shape.item is not None
        assert isinstance(arrow_type, pa.ListType)
        offsets = pa.array(array("i", list(accumulate(map(len, values), initial=0))), type=pa.int32())
        items = list(chain.from_iterable(values))
        flat = column(items, shape.item, arrow_type.value_type, f"{where}[]")
        return pa.ListArray.from_arrays(offsets, flat, type=arrow_type)
    assert isinstance(arrow_type, pa.StructType)
    # Field values live in each model's __dict__; reading them there skips pydantic's __getattr__ hook,
    # which makes every attribute lookup on a model several times slower than a dict lookup.
    dicts = list(map(_DICT, values))
    children = [
        column(list(map(itemgetter(name), dicts)), member, arrow_type.field(name).type, f"{where}.{name}")
        for name, member in shape.fields
    ]
    fields = [arrow_type.field(index) for index in range(arrow_type.num_fields)]
    return pa.StructArray.from_arrays(children, fields=fields)


def _list_offsets(values: Sequence[Sequence[Any]]) -> pa.Array:
    return pa.array(array("i", list(accumulate(map(len, values), initial=0))), type=pa.int32())


def _blocks_from_text(values: Sequence[Sequence[Any]], text: pa.Array, arrow_type: pa.DataType) -> pa.Array | None:
    """Return the blocks column with each block's text cut from the ``text`` column, or None when that cannot work.

    The model guarantees that ``text`` is the blocks' texts joined by
    :data:`BLOCK_SEPARATOR`, and every block text is trimmed, so each
    separator between two blocks is a run of exactly two newlines. Splitting
    ``text`` on the separator (in C++) therefore gives exactly one piece per
    block, unless a block itself holds a blank line: then some row has more
    pieces than blocks, and the caller converts the block texts one by one
    (every record has at least one block). Which path ran does not show in the output:
    both give the same array. This saves encoding the body text twice (once
    for ``text``, once for the blocks), most of the conversion's time.
    """
    offsets = _list_offsets(values)
    pieces = pc.split_pattern(text, BLOCK_SEPARATOR)
    if not pieces.offsets.equals(offsets):
        return None
    assert isinstance(arrow_type, pa.ListType)
    item_type = arrow_type.value_type
    assert isinstance(item_type, pa.StructType)
    shape = dict(article_shape().fields)[_BLOCKS].item
    assert shape is not None
    items = list(chain.from_iterable(values))
    children = [
        pieces.flatten()
        if name == _BLOCK_TEXT
        else column(list(map(attrgetter(name), items)), member, item_type.field(name).type, f"{_BLOCKS}[].{name}")
        for name, member in shape.fields
    ]
    fields = [item_type.field(index) for index in range(item_type.num_fields)]
    return pa.ListArray.from_arrays(offsets, pa.StructArray.from_arrays(children, fields=fields), type=arrow_type)


def record_batch(records: list[Article], schema: pa.Schema) -> pa.RecordBatch:
    """Convert records to one Arrow record batch of ``schema`` (:func:`arrow_schema`, with any metadata)."""
    dicts = list(map(_DICT, records))
    fields = article_shape().fields
    values = {name: list(map(itemgetter(name), dicts)) for name, _ in fields}
    text = column(values[_TEXT], dict(fields)[_TEXT], pa.string(), _TEXT)
    arrays: list[pa.Array] = []
    for name, shape in fields:
        arrow_type = schema.field(name).type
        if shape.kind == "datetime":
            arrays.extend(instant_columns(values[name], arrow_type))
        elif name == _TEXT:
            arrays.append(text)
        else:
            blocks = _blocks_from_text(values[name], text, arrow_type) if name == _BLOCKS else None
            arrays.append(column(values[name], shape, arrow_type, name) if blocks is None else blocks)
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


@cache
def _zone(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


def restore_instants(row: dict[str, Any], instants: tuple[str, ...], has_offsets: bool) -> None:
    """Put back each instant's offset from its offset column (removed from ``row``); UTC without one.

    Raises:
        ValueError: An instant and its offset are not both set or both null.
    """
    for name in instants:
        value = row[name]
        minutes = 0
        if has_offsets:
            minutes = row.pop(name + OFFSET_SUFFIX)
            if value is None and minutes is not None:
                raise ValueError(f"{name}{OFFSET_SUFFIX} is set but {name} is null")
            if value is not None and minutes is None:
                raise ValueError(f"{name} is set but {name}{OFFSET_SUFFIX} is null")
        if isinstance(value, datetime):  # anything else is left for the model to refuse
            row[name] = value.astimezone(_zone(minutes))
