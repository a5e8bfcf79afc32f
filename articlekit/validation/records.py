"""Checking one record against the published JSON Schema, with either of two engines.

The **reference** engine is python-jsonschema's ``Draft202012Validator`` on the
published schema with format checking on (``rfc3339-validator`` makes it refuse
date-times without an offset). The **fast** engine is jsonschema-rs on the same
schema with its patterns translated (see :mod:`.patterns`).

Both engines report a violation with the same code at the same JSON Pointer
(tests hold them to it); messages are articlekit's own, not either library's.
The fast engine answers "valid?" with a second, cheaper translation and runs
the detailed one only on records that fail.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import jsonschema

from articlekit.schema import published_schema

from .dependencies import without_consequences
from .patterns import collect_translations, translate_schema
from .problems import Path, RecordProblem, json_pointer, render_value
from .semantics import semantic_problems, semantics_hold

Engine = Literal["fast", "reference"]
ENGINES: tuple[Engine, ...] = ("fast", "reference")

# --- violations, normalised across engines ----------------------------------------------------------


@dataclass(slots=True)
class _Violation:
    """One JSON Schema error, in a shape both engines map to."""

    path: Path
    keyword: str
    detail: Any
    instance: Any
    branches: list[list[_Violation]]
    conditional: bool = False
    """The keyword sits under a ``then``: it applies because of other fields."""


def _from_reference(error: jsonschema.ValidationError) -> _Violation:
    keyword = str(error.validator)
    instance = error.instance
    detail: Any = error.validator_value
    branches: list[list[_Violation]] = []
    if keyword == "required":
        detail = [name for name in detail if isinstance(instance, dict) and name not in instance]
    elif keyword == "additionalProperties":
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        detail = [name for name in instance if name not in known] if isinstance(instance, dict) else []
    elif keyword == "type":
        detail = [detail] if isinstance(detail, str) else list(detail)
    elif keyword == "const":
        detail = [detail]
    elif keyword in ("anyOf", "oneOf"):
        grouped: dict[int, list[_Violation]] = {}
        for sub in error.context or ():
            grouped.setdefault(int(sub.relative_schema_path[0]), []).append(_from_reference(sub))
        branches = [grouped[index] for index in sorted(grouped)]
    conditional = "then" in error.absolute_schema_path
    return _Violation(tuple(error.absolute_path), keyword, detail, instance, branches, conditional)


def _lookup(record: Any, path: Path) -> Any:
    for part in path:
        record = record[part]
    return record


def _from_fast(error: Any, originals: dict[str, str], record: Any) -> _Violation:
    """Normalise a jsonschema-rs error.

    Values are taken from ``record``: jsonschema-rs hands back copies with keys
    sorted, and reports should show what the file holds.
    """
    kind = error.kind
    keyword = str(kind.name)
    detail: Any = None
    branches: list[list[_Violation]] = []
    if keyword == "required":
        detail = [kind.property]
    elif keyword == "additionalProperties":
        detail = list(kind.unexpected)
    elif keyword == "type":
        detail = list(kind.types)
    elif keyword == "enum":
        detail = list(kind.options)
    elif keyword == "const":
        detail = [kind.expected_value]
    elif keyword == "pattern":
        detail = originals.get(kind.pattern, kind.pattern)
    elif keyword == "format":
        detail = kind.format
    elif keyword in _LIMIT_KEYWORDS:
        detail = kind.limit
    elif keyword in ("anyOf", "oneOf"):
        branches = [[_from_fast(sub, originals, record) for sub in branch] for branch in kind.context]
    path = tuple(error.instance_path)
    conditional = "then" in error.schema_path
    return _Violation(path, keyword, detail, _lookup(record, path), branches, conditional)


_LIMIT_KEYWORDS = frozenset({"minItems", "maxItems", "minLength", "maxLength"})
_CODES_BY_KEYWORD = {
    "type": "wrong-type",
    "required": "missing-field",
    "additionalProperties": "unexpected-field",
    "enum": "wrong-value",
    "const": "wrong-value",
    "pattern": "pattern-mismatch",
    "format": "bad-format",
    "minItems": "too-short",
    "minLength": "too-short",
    "maxItems": "too-long",
    "maxLength": "too-long",
    "uniqueItems": "duplicate-item",
    "anyOf": "no-alternative",
    "oneOf": "no-alternative",
}
# When one field breaks several keywords (a leap second breaks both `pattern` and, for one engine
# only, `format`), the most telling one is reported; the order makes both engines pick the same.
_PRIORITY = {
    code: rank
    for rank, code in enumerate(
        [
            "wrong-type",
            "missing-field",
            "unexpected-field",
            "wrong-value",
            "pattern-mismatch",
            "bad-format",
            "too-short",
            "too-long",
            "duplicate-item",
            "no-alternative",
            "schema-violation",
        ]
    )
}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else type(value).__name__


def _expand(violation: _Violation) -> Iterator[RecordProblem]:
    """Turn one normalised violation into the problems articlekit reports."""
    keyword, detail, instance, path = violation.keyword, violation.detail, violation.instance, violation.path
    if keyword == "required":
        for name in detail:
            yield RecordProblem((*path, name), "missing-field", f"required field {name!r} is missing", None)
        return
    if keyword == "additionalProperties":
        for name in detail:
            value = instance.get(name) if isinstance(instance, dict) else None
            message = f"field {name!r} is not part of the article contract"
            yield RecordProblem((*path, name), "unexpected-field", message, render_value(value))
        return
    if keyword in ("anyOf", "oneOf"):
        yield from _expand_alternatives(violation)
        return
    code = _CODES_BY_KEYWORD.get(keyword, "schema-violation")
    message = _message(keyword, detail, instance)
    if violation.conditional:
        message += _condition()
    yield RecordProblem(path, code, message, render_value(instance))


def _expand_alternatives(violation: _Violation) -> Iterator[RecordProblem]:
    """Report the errors of the one alternative whose type fits, else why none fits."""
    path = violation.path
    fitting = [
        branch for branch in violation.branches if not any(sub.keyword == "type" and sub.path == path for sub in branch)
    ]
    if len(fitting) == 1:
        for sub in fitting[0]:
            yield from _expand(sub)
        return
    value = render_value(violation.instance)
    if not fitting:
        types = [kind for branch in violation.branches for sub in branch if sub.path == path for kind in sub.detail]
        expected = " or ".join(dict.fromkeys(types))
        message = f"must be {expected}, not {_json_type(violation.instance)}"
        yield RecordProblem(path, "wrong-type", message, value)
        return
    summaries = []
    for branch in fitting:
        first = next(_expand(branch[0]))
        where = json_pointer(first.path[len(path) :]).lstrip("/") or "value"
        summaries.append(f"{where} {first.message}")
    yield RecordProblem(path, "no-alternative", "needs one of: " + "; or ".join(summaries), value)


def _message(keyword: str, detail: Any, instance: Any) -> str:
    if keyword == "type":
        return f"must be {' or '.join(detail)}, not {_json_type(instance)}"
    if keyword in ("enum", "const"):
        options = ", ".join(render_value(option) for option in detail)
        return f"must be {options}" if len(detail) == 1 else f"must be one of {options}"
    if keyword == "pattern":
        return _pattern_descriptions().get(detail, f"does not match the pattern {detail}")
    if keyword == "format":
        return f"is not a valid {detail}" + (" (RFC 3339, with an offset)" if detail == "date-time" else "")
    if keyword in ("minItems", "minLength"):
        unit = "item" if keyword == "minItems" else "character"
        return f"must have at least {detail} {unit}{'s' * (detail != 1)}"
    if keyword in ("maxItems", "maxLength"):
        unit = "item" if keyword == "maxItems" else "character"
        return f"must have at most {detail} {unit}{'s' * (detail != 1)}"
    if keyword == "uniqueItems":
        return "items must be unique"
    return f"breaks the schema keyword {keyword!r}"


@cache
def _condition() -> str:
    """Wording of the root ``if`` of the schema, for errors its ``then`` causes."""
    condition = published_schema().get("if", {}).get("properties", {})
    parts = [f"{name} is null" for name, rule in condition.items() if rule == {"type": "null"}]
    return (
        f" when {' and '.join(parts)}"
        if parts and len(parts) == len(condition)
        else " (a rule of the schema's if/then)"
    )


_PATTERN_WORDING: list[tuple[tuple[str, ...], str]] = [
    (("$defs", "Block", "properties", "text"), "must be non-empty text with no whitespace at either end"),
    (("properties", "title"), "must be non-empty text on one line, with no whitespace at either end"),
    (("properties", "url"), "must be an absolute http(s) URL without whitespace"),
    (("properties", "id"), "must be 32 lower-case hexadecimal digits"),
    (("$defs", "Provenance", "properties", "sha256"), "must be 64 lower-case hexadecimal digits"),
    (("$defs", "Source", "properties", "domain"), "must be a lower-case host name, e.g. voachinese.com"),
    (("properties", "language"), "must be a BCP 47 language tag, e.g. zh-Hans, or und"),
    (("$defs", "Provenance", "properties", "format"), "must be lower-case letters, digits and hyphens"),
    (("properties", "published_at"), "must be an RFC 3339 date-time with an offset, e.g. 2025-02-08T08:38:35Z"),
]
"""Where a pattern sits in the published schema, and how to say what it asks for."""


@cache
def _pattern_descriptions() -> dict[str, str]:
    """Human wording of each pattern in the published schema, keyed by the pattern's text."""
    found: dict[str, str] = {}
    for path, description in _PATTERN_WORDING:
        node: Any = published_schema()
        for key in path:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        # A field that moved in the schema keeps the generic wording, which still says what is wrong.
        for candidate in [node, *node.get("anyOf", [])]:
            if "pattern" in candidate:
                found.setdefault(candidate["pattern"], description)
    return found


def _path_order(problem: RecordProblem) -> tuple[tuple[tuple[int, int | str], ...], str]:
    return tuple((0, part) if isinstance(part, int) else (1, part) for part in problem.path), problem.code


def _reported(violations: Iterable[_Violation]) -> list[RecordProblem]:
    """One problem per field (the most telling), in field order."""
    best: dict[Path, RecordProblem] = {}
    for violation in violations:
        for problem in _expand(violation):
            held = best.get(problem.path)
            if held is None or _PRIORITY.get(problem.code, 99) < _PRIORITY.get(held.code, 99):
                best[problem.path] = problem
    return list(best.values())


# --- the engines ------------------------------------------------------------------------------------


class RecordChecker:
    """Checks records against the contract with one engine.

    Args:
        engine: ``fast`` (jsonschema-rs) or ``reference`` (python-jsonschema).
    """

    def __init__(self, engine: Engine = "fast") -> None:
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
        self.engine = engine
        schema = published_schema()
        self._reference = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        if engine == "fast":
            self._detailed, self._verdict, self._originals = _fast_validators()

    def is_valid(self, record: Any) -> bool:
        """Whether the record meets the whole contract (duplicate ids aside)."""
        if self.engine == "fast" and type(record) is dict:
            try:
                return bool(self._verdict.is_valid(record)) and semantics_hold(record)
            except ValueError:  # a lone surrogate or a value nested too deeply for jsonschema-rs
                pass
        return type(record) is dict and self._reference.is_valid(record) and not semantic_problems(record)

    def schema_violations(self, record: Any) -> list[_Violation]:
        """The JSON Schema errors of the engine, normalised (for tests comparing engines)."""
        if self.engine == "fast":
            try:
                errors = self._detailed.iter_errors(record)
                return [_from_fast(error, self._originals, record) for error in errors]
            except ValueError:  # a lone surrogate or a value nested too deeply for jsonschema-rs
                pass
        return [_from_reference(error) for error in self._reference.iter_errors(record)]

    def problems(self, record: Any) -> list[RecordProblem]:
        """Every problem of the record, one per field, in field order (duplicate ids aside).

        A problem that only follows from a broken field it derives from is left
        out (see :mod:`.dependencies`): the root cause is reported once.
        """
        if type(record) is not dict:
            message = f"a record must be a JSON object, not {_json_type(record)}"
            return [RecordProblem((), "not-an-object", message, render_value(record))]
        found = _reported(self.schema_violations(record))
        found.extend(semantic_problems(record))
        return sorted(without_consequences(record, found), key=_path_order)


@cache
def _fast_validators() -> tuple[Any, Any, dict[str, str]]:
    import jsonschema_rs  # imported here so that the reference engine works without it

    schema = published_schema()
    originals: dict[str, str] = {}
    collect_translations(schema, originals)
    detailed = jsonschema_rs.Draft202012Validator(translate_schema(schema), validate_formats=True)
    verdict = jsonschema_rs.Draft202012Validator(translate_schema(schema, for_verdict=True), validate_formats=True)
    return detailed, verdict, originals
