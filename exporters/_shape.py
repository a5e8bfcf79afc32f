"""The record's shape, read from the model's JSON Schema, for the exporters that need a schema of their own.

The Parquet exporter turns this shape into an Arrow schema and the CSV bundle
into Frictionless Table Schemas. Both read the same walk of the JSON Schema
that :func:`articlekit.schema.generate_json_schema` builds from the model, so
neither can drift from the model without a drift test failing. A JSON Schema
construct the walk does not know raises, so that a new kind of field in the
model forces a decision here instead of a silent guess.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from articlekit.schema import generate_json_schema

Kind = Literal["string", "boolean", "datetime", "list", "struct"]


@dataclass(frozen=True, slots=True)
class Shape:
    """One node of the record's shape.

    Attributes:
        kind: What the value is.
        nullable: Whether the value may be null.
        description: The model's docstring of the field, if any.
        pattern: Regex every string value matches (strings only).
        max_length: Longest allowed string (strings only).
        enum: The allowed values (strings only).
        min_items: Fewest allowed items (lists only).
        unique_items: Whether list items are unique (lists only).
        item: The shape of each item (lists only).
        fields: Name and shape of each member, in model order (structs only).
    """

    kind: Kind
    nullable: bool = False
    description: str | None = None
    pattern: str | None = None
    max_length: int | None = None
    enum: tuple[str, ...] | None = None
    min_items: int | None = None
    unique_items: bool = False
    item: Shape | None = None
    fields: tuple[tuple[str, Shape], ...] = ()


# Keywords that only document a schema; anything else the walk does not handle is an error.
_ANNOTATIONS = frozenset({"title", "description", "$ref"})


def _resolve(node: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    reference = node.get("$ref")
    if reference is None:
        return node
    target: dict[str, Any] = definitions[reference.removeprefix("#/$defs/")]
    return {**target, **{key: value for key, value in node.items() if key != "$ref"}}


def _walk(node: dict[str, Any], definitions: dict[str, Any], where: str) -> Shape:
    node = _resolve(node, definitions)
    description = node.get("description")
    if "anyOf" in node and node.get("type") != "object":
        choices = [choice for choice in node["anyOf"] if choice != {"type": "null"}]
        if len(choices) != 1 or len(node["anyOf"]) != 2:
            raise NotImplementedError(f"{where}: only 'X or null' unions are supported")
        inner = _walk(choices[0], definitions, where)
        return replace(inner, nullable=True, description=description)
    kind = node.get("type")
    if kind == "string":
        if node.get("format") == "date-time":
            return Shape("datetime", description=description)
        enum = node.get("enum", [node["const"]] if "const" in node else None)
        return Shape(
            "string",
            description=description,
            pattern=node.get("pattern"),
            max_length=node.get("maxLength"),
            enum=None if enum is None else tuple(enum),
        )
    if kind == "boolean":
        return Shape("boolean", description=description)
    if kind == "array":
        return Shape(
            "list",
            description=description,
            min_items=node.get("minItems"),
            unique_items=bool(node.get("uniqueItems", False)),
            item=_walk(node["items"], definitions, f"{where}[]"),
        )
    if kind == "object":
        required = set(node.get("required", ()))
        members = []
        for name, member in node["properties"].items():
            if name not in required:
                raise NotImplementedError(f"{where}.{name}: optional members are not supported")
            members.append((name, _walk(member, definitions, f"{where}.{name}")))
        return Shape("struct", description=description, fields=tuple(members))
    unknown = set(node) - _ANNOTATIONS
    raise NotImplementedError(f"{where}: no exporter mapping for JSON Schema {sorted(unknown)}")


@cache
def article_shape() -> Shape:
    """Return the shape of an Article record, walked from the model's JSON Schema (cached).

    Raises:
        NotImplementedError: The model uses a construct the exporters have no mapping for.
    """
    schema = generate_json_schema()
    return _walk(schema, schema.get("$defs", {}), "$")


def singular(name: str) -> str:
    """Return the singular of a list field's name, for the value column of its child table.

    ``categories`` gives ``category``, ``tags`` gives ``tag``; a name that does
    not end in ``s`` is returned unchanged.
    """
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name.removesuffix("s")
