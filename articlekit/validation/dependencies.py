"""Which fields of the contract derive from which: the one table behind "a root cause is reported once".

Some rules of the contract check a field against others: ``id`` is derived
from the url (or, without one, from the format, title and date), ``text`` is
the blocks' texts joined, ``published_offset_assumed`` must be false when
there is no ``published_at``; and in the Parquet layout each instant column
keeps its offset in a column of its own. When a field a rule derives from is
itself broken (missing, of the wrong type, malformed), that rule cannot be
judged: its problem would only repeat the root cause. So:

- on a record, a problem a rule reports at a derived field is dropped when a
  problem sits at one of the fields it derives from (or at a field holding
  it): :func:`without_consequences`;
- in a Parquet file, a column reported as missing or wrong-typed is not read,
  nor are the columns stored with it (:func:`stored_with`), and the rules
  that derive from it see the field absent, which is the case above.

A problem nested *inside* a source (a block's text with a trailing space) does
not make the source unusable: the rule over it still runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .problems import Path, RecordProblem


def _has_url(record: dict[str, Any]) -> bool:
    return isinstance(record.get("url"), str)


def _has_no_url(record: dict[str, Any]) -> bool:
    return not _has_url(record)


def _always(record: dict[str, Any]) -> bool:
    return True


@dataclass(frozen=True)
class Derivation:
    """One rule that checks a field against others.

    Attributes:
        field: The derived field (a top-level key of the record).
        sources: Paths of the fields it derives from.
        codes: The codes the rule reports at ``field``; other problems of the field are its own.
        applies: Whether this derivation is the one that holds for a record (the id has two).
        rule: The rule in words, for the documentation.
    """

    field: str
    sources: tuple[Path, ...]
    codes: frozenset[str]
    applies: Callable[[dict[str, Any]], bool]
    rule: str


DERIVATIONS: tuple[Derivation, ...] = (
    Derivation("id", (("url",),), frozenset({"id-mismatch"}), _has_url, "id is derived from the url when there is one"),
    Derivation(
        "id",
        (("provenance", "format"), ("title",), ("published_at",)),
        frozenset({"id-mismatch"}),
        _has_no_url,
        "without a url, id is derived from provenance.format, title and published_at",
    ),
    Derivation("text", (("blocks",),), frozenset({"text-mismatch"}), _always, "text is the blocks' texts joined"),
    Derivation(
        "published_offset_assumed",
        (("published_at",),),
        frozenset({"wrong-value"}),
        _always,
        "published_offset_assumed must be false when published_at is null",
    ),
)
"""Every rule of the contract that checks a field against other fields."""


def source_fields() -> tuple[Path, ...]:
    """Every field some other field derives from, once each, in table order."""
    return tuple(dict.fromkeys(source for derivation in DERIVATIONS for source in derivation.sources))


def without_consequences(record: Any, problems: list[RecordProblem]) -> list[RecordProblem]:
    """``problems`` of one record without those that only follow from a broken field they derive from.

    Args:
        record: The record the problems were found in.
        problems: Its problems (schema and semantic rules).

    Returns:
        The problems, in the same order, less every problem a :data:`DERIVATIONS`
        rule reports at its derived field while a problem sits at one of its
        sources or at a field holding one.
    """
    if len(problems) < 2 or not isinstance(record, dict):
        return problems
    broken = {problem.path for problem in problems}
    return [problem for problem in problems if not _follows(problem, record, broken)]


def _follows(problem: RecordProblem, record: dict[str, Any], broken: set[Path]) -> bool:
    path = problem.path
    if len(path) != 1:
        return False
    for derivation in DERIVATIONS:
        if path[0] != derivation.field or problem.code not in derivation.codes or not derivation.applies(record):
            continue
        for source in derivation.sources:
            if any(source[:depth] in broken for depth in range(1, len(source) + 1)):
                return True
    return False


@cache
def stored_with() -> dict[str, str]:
    """Parquet columns that belong to another column: each instant's offset column, to its instant.

    When the instant's column cannot be read, its offset column is not read
    either: alone it is no field of the record.
    """
    from articlekit.exporters._arrow import OFFSET_SUFFIX, instant_fields

    return {name + OFFSET_SUFFIX: name for name in instant_fields()}


def readable_columns(columns: Iterable[str], unreadable: set[str]) -> list[str]:
    """``columns`` less those stored with a column in ``unreadable``, in order."""
    belongs = stored_with()
    return [name for name in columns if belongs.get(name) not in unreadable]
