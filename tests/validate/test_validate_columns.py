"""The Parquet fast path: a batch judged by column never passes what the row path would fault."""

from __future__ import annotations

import copy
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st
from validate_helpers import record_with_url, record_without_url, rederive
from validate_strategies import mutated

from articlekit.exporters._arrow import OFFSET_SUFFIX, arrow_schema, instant_fields
from articlekit.testing import article_dicts
from articlekit.validation import Validation
from articlekit.validation.columns import _not_surely_nfc, batch_verdict
from articlekit.validation.parquet import _records
from articlekit.validation.problems import Location
from articlekit.validation.records import RecordChecker

CHECKER = RecordChecker("reference")
VERDICT = batch_verdict()
SEED_RECORDS = st.sampled_from([0, 1]).map(lambda n: record_with_url() if n == 0 else record_without_url())
RECORDS = st.one_of(article_dicts(), SEED_RECORDS)


def arrow_row(record: dict[str, Any]) -> dict[str, Any] | None:
    """The record as a Parquet row (an instant and its offset column), or None when Arrow cannot hold it."""
    row = dict(record)
    for name in instant_fields():
        value = row.get(name)
        row[name + OFFSET_SUFFIX] = None
        if isinstance(value, str):
            try:
                instant = datetime.fromisoformat(value.upper())
            except ValueError:
                return None
            offset = instant.utcoffset()
            if offset is None:
                return None
            row[name], row[name + OFFSET_SUFFIX] = instant, offset // timedelta(minutes=1)
    return row


def arrow_batch(records: list[dict[str, Any]]) -> pa.RecordBatch | None:
    rows = [arrow_row(record) for record in records]
    if any(row is None for row in rows):
        return None
    try:
        return pa.RecordBatch.from_pylist(rows, schema=arrow_schema())
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return None  # a value of another type, a lone surrogate: no Parquet file can hold it


def row_path_valid(batch: pa.RecordBatch) -> list[bool]:
    return [CHECKER.is_valid(record) for record in _records(batch, list(instant_fields()))]


def test_the_published_contract_is_checkable_by_column() -> None:
    assert VERDICT is not None


# Records marked whether they are valid by construction (a mutation may break a record in a way a Parquet row
# cannot even hold, such as an extra key, so only unmutated ones are known valid as rows). Only batches Arrow can
# hold are drawn, so that every example asserts.
MARKED = st.one_of(RECORDS.map(lambda record: (record, True)), mutated(RECORDS).map(lambda case: (case[0], False)))


@given(st.lists(MARKED, min_size=1, max_size=6).filter(lambda cases: arrow_batch([r for r, _ in cases]) is not None))
def test_a_batch_passed_by_column_is_valid_row_by_row(cases: list[tuple[dict[str, Any], bool]]) -> None:
    batch = arrow_batch([record for record, _ in cases])
    assert batch is not None
    assert VERDICT is not None
    valid = row_path_valid(batch)
    assert all(row_valid for row_valid, (_, unmutated) in zip(valid, cases, strict=True) if unmutated)
    ids = VERDICT(batch)
    # The column check may send a valid batch to the row path (None), never pass an invalid one.
    assert ids is None or (all(valid) and ids == batch.column("id").to_pylist())


@given(
    mutated(RECORDS).filter(lambda case: arrow_batch([record_with_url(), case[0], record_without_url()]) is not None)
)
def test_a_mutated_record_fails_the_batch_it_is_in(case: tuple[dict[str, Any], set[tuple[str, str]], str]) -> None:
    record, _, name = case
    batch = arrow_batch([record_with_url(), record, record_without_url()])
    assert batch is not None
    assert VERDICT is not None
    first, mutated_row, last = row_path_valid(batch)
    assert (first, last) == (True, True)
    ids = VERDICT(batch)
    # Invalid as a row: the batch fails by column. Still valid as a row (the mutation touched what a Parquet row
    # does not hold, or re-derived the same id): the batch passes or goes the row path.
    assert ids is None if not mutated_row else ids in (None, batch.column("id").to_pylist()), name


def test_valid_seed_records_pass_by_column() -> None:
    batch = arrow_batch([record_with_url(), record_without_url()])
    assert batch is not None
    assert VERDICT is not None
    assert VERDICT(batch) == [record_with_url()["id"], record_without_url()["id"]]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda r: r["blocks"][0].update(text=r["blocks"][0]["text"] + " "), "a block ends in a space"),
        (lambda r: r.update(title=r["title"] + "\u0301"), "a combining mark, NFC or not"),
        (lambda r: r["blocks"].append({"kind": "paragraph", "text": "第一行\n\n 第二行"}), "space after a blank line"),
    ],
)
def test_what_might_be_invalid_goes_the_row_path(change: Any, why: str) -> None:
    record = record_with_url()
    change(record)
    rederive(record)
    batch = arrow_batch([record])
    assert batch is not None
    assert VERDICT is not None
    assert VERDICT(batch) is None, why


def test_validate_takes_the_fast_path_and_reports_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    verdicts: list[list[str] | None] = []
    assert VERDICT is not None

    def spy(batch: pa.RecordBatch) -> list[str] | None:
        verdicts.append(VERDICT(batch))
        return verdicts[-1]

    monkeypatch.setattr("articlekit.validation.parquet.batch_verdict", lambda: spy)
    good, bad = record_with_url(), record_without_url()
    bad = copy.deepcopy(bad)
    bad["blocks"][0]["text"] += " "
    rederive(bad)
    for name, records in {"good": [good], "bad": [good, bad]}.items():
        batch = arrow_batch(records)
        assert batch is not None
        pq.write_table(pa.Table.from_batches([batch]), tmp_path / f"{name}.parquet")
    fast = [(p.code, p.location, p.pointer) for p in Validation([tmp_path / "bad.parquet"]).problems()]
    slow = [
        (p.code, p.location, p.pointer) for p in Validation([tmp_path / "bad.parquet"], engine="reference").problems()
    ]
    assert fast == slow == [("pattern-mismatch", fast[0][1], "/blocks/0/text")]
    assert str(fast[0][1]) == str(Location(row_group=0, row=1))
    assert verdicts == [None]  # the reference engine never asks
    assert list(Validation([tmp_path / "good.parquet"]).problems()) == []
    assert verdicts == [None, [good["id"]]]


def _flagged(text: str) -> bool:
    return bool(pc.match_substring_regex(pa.array([text]), _not_surely_nfc())[0].as_py())


# Any character but surrogates (UTF-8, and so Parquet, has none), with pieces of non-NFC text drawn often:
# a decomposed letter, a compatibility singleton, Hangul jamo, an Oriya two-part vowel, marks out of order.
_NFC_TRAPS = ["e\u0301", "\u212b", "\uf900", "\u1100\u1161", "\u0b47\u0b3e", "a\u0323\u0302", "a\u0302\u0323"]
_MAYBE_NFC = st.lists(st.sampled_from(_NFC_TRAPS) | st.characters(exclude_categories=["Cs"])).map("".join)


@given(_MAYBE_NFC)
def test_a_string_without_a_flagged_character_is_nfc(text: str) -> None:
    assert unicodedata.is_normalized("NFC", text) or _flagged(text)


@pytest.mark.parametrize("text", ["e\u0301", "\u212b", "\uf900", "\u1100\u1161", "\u0b47\u0b3e", "a\u0323\u0302"])
def test_strings_that_are_not_nfc_are_flagged(text: str) -> None:
    assert not unicodedata.is_normalized("NFC", text)
    assert _flagged(text)


def test_nfc_text_in_common_scripts_is_not_flagged() -> None:
    assert not _flagged("美国之音 2025年2月8日，「台湾」與香港；Ünïcödé café naïve Ελληνικά русский")
