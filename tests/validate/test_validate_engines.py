"""The fast engine (jsonschema-rs) against the reference (python-jsonschema) and the model."""

from __future__ import annotations

import copy
import re
import sys
import unicodedata
from typing import Any

import pytest
from checks import SCHEMA_VALIDATOR, model_accepts
from hypothesis import given
from hypothesis import strategies as st
from strategies import from_json_schema
from validate_helpers import record_with_url, record_without_url
from validate_strategies import MUTATIONS, NOT_WHITESPACE, PYTHON_WHITESPACE, mutated, twice_mutated

from articlekit.schema import published_schema
from articlekit.testing import article_dicts
from articlekit.validation.patterns import collect_translations, translate_pattern
from articlekit.validation.records import RecordChecker, _fast_validators

FAST = RecordChecker("fast")
REFERENCE = RecordChecker("reference")
SEED_RECORDS = st.sampled_from([0, 1]).map(lambda n: record_with_url() if n == 0 else record_without_url())
RECORDS = st.one_of(article_dicts(), SEED_RECORDS)


def raw_paths(checker: RecordChecker, record: Any) -> set[tuple[str | int, ...]]:
    return {violation.path for violation in checker.schema_violations(record)}


def verdicts_and_problems(record: Any) -> tuple[bool, list[tuple[str, str]]]:
    fast_valid, reference_valid = FAST.is_valid(record), REFERENCE.is_valid(record)
    fast = [(p.pointer, p.code) for p in FAST.problems(record)]
    reference = [(p.pointer, p.code) for p in REFERENCE.problems(record)]
    assert fast_valid == reference_valid
    assert fast == reference
    assert fast_valid == (not reference)
    assert raw_paths(FAST, record) == raw_paths(REFERENCE, record)
    return reference_valid, reference


@given(RECORDS)
def test_valid_records_are_valid_for_both_engines_and_the_model(record):
    assert verdicts_and_problems(record) == (True, [])
    assert model_accepts(record)


@given(mutated(RECORDS))
def test_engines_agree_on_mutated_records_and_report_the_mutation(case):
    record, expected, name = case
    valid, problems = verdicts_and_problems(record)
    assert set(problems) == expected, name
    assert valid == (not expected)
    assert model_accepts(record) == valid


@given(twice_mutated(RECORDS))
def test_engines_agree_on_records_with_two_mutations(record):
    valid, _ = verdicts_and_problems(record)
    assert model_accepts(record) == valid


@given(from_json_schema(published_schema()))
def test_engines_agree_on_documents_drawn_from_the_schema(document):
    # Schema-valid by construction, but with random ids and texts: the semantic rules decide.
    valid, _ = verdicts_and_problems(document)
    assert model_accepts(document) == valid


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)


@given(st.dictionaries(st.sampled_from([*record_with_url(), "x"]), JSON, max_size=20), st.data())
def test_engines_agree_on_arbitrary_objects(partial, data):
    record = {**record_with_url(), **partial} if data.draw(st.booleans()) else partial
    valid, _ = verdicts_and_problems(record)
    assert not valid or model_accepts(record)


@pytest.mark.parametrize("value", [[], "text", 5, None, True, [{"id": "x"}]])
def test_a_value_that_is_not_an_object_gets_its_own_code(value):
    for checker in (FAST, REFERENCE):
        assert not checker.is_valid(value)
        assert [(p.pointer, p.code) for p in checker.problems(value)] == [("", "not-an-object")]


def test_the_mutations_are_fifteen_distinct_ones():
    assert len({mutation.__name__ for mutation in MUTATIONS}) == len(MUTATIONS) == 15


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda mutation: mutation.__name__)
@given(record=SEED_RECORDS, data=st.data())
def test_each_mutation_is_reported_by_both_engines_and_the_model(mutation, record, data):
    # Every mutation is exercised on every run (the mutated-records property draws one of them per example).
    record = copy.deepcopy(record)
    expected = mutation(data.draw, record)
    valid, problems = verdicts_and_problems(record)
    assert set(problems) == expected
    assert valid == (not expected)
    assert model_accepts(record) == valid


# --- the pattern translation --------------------------------------------------------------------


def _patterns(node: Any) -> list[str]:
    found: dict[str, str] = {}
    collect_translations(node, found)
    return list(found.values())


def test_every_published_pattern_is_translated():
    patterns = _patterns(published_schema())
    assert len(patterns) >= 9
    for pattern in patterns:
        assert translate_pattern(pattern)


@pytest.mark.parametrize("pattern", [r"^\d+$(?!\n)", r"^\w", r"\bword", r"^a$", r"[^\S]", r"[\S]", r"[abc"])
def test_patterns_whose_meaning_differs_between_engines_are_refused(pattern):
    with pytest.raises(NotImplementedError):
        translate_pattern(pattern)


def test_python_whitespace_differs_from_ecma_and_the_translation_follows_python():
    import jsonschema_rs

    python = {chr(code) for code in range(sys.maxunicode + 1) if re.match(r"\s", chr(code))}
    ecma = jsonschema_rs.validator_for({"pattern": r"^\s$"})
    assert {char for char in python if not ecma.is_valid(char)} == {"\x1c", "\x1d", "\x1e", "\x1f", "\x85"}
    assert ecma.is_valid("\ufeff")
    assert "\ufeff" not in python
    translated = jsonschema_rs.validator_for({"pattern": translate_pattern(r"^\s$(?!\n)")})
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        assert translated.is_valid(chr(code)) == (chr(code) in python), hex(code)


@given(st.text(st.sampled_from([*PYTHON_WHITESPACE, *NOT_WHITESPACE, "a", "\n", "é"]), max_size=6))
def test_each_published_pattern_means_the_same_in_both_engines(text):
    import jsonschema_rs

    for pattern in _patterns(published_schema()):
        fast = jsonschema_rs.validator_for({"pattern": translate_pattern(pattern)})
        for candidate in (text, "x" + text, text + "x", "x" + text + "x"):
            assert fast.is_valid(candidate) == bool(re.search(pattern, candidate)), (pattern, candidate)


@given(st.text(st.sampled_from([*PYTHON_WHITESPACE, *NOT_WHITESPACE, "a", "é"]), max_size=6))
def test_the_verdict_schema_splits_trimmed_text_without_changing_verdicts(text):
    _, verdict, _ = _fast_validators()
    record = record_with_url()
    record["blocks"][0]["text"] = text
    assert verdict.is_valid(record) == SCHEMA_VALIDATOR.is_valid(record)


@given(
    st.lists(st.text(st.sampled_from(["a", "e", "\u0301", "\u0323", "\u1100", "\u1161", "\u11a8", "\n"])), max_size=4)
)
def test_joined_strings_are_nfc_exactly_when_each_is(pieces):
    # The fast semantic check relies on this: it checks all strings of a record in one call.
    joined = "\n".join(pieces)
    assert unicodedata.is_normalized("NFC", joined) == all(unicodedata.is_normalized("NFC", p) for p in pieces)


@pytest.mark.parametrize(
    ("field", "expected"), [("title", []), ("url", [("/id", "id-mismatch")])], ids=["title", "url"]
)
def test_a_lone_surrogate_jsonschema_rs_cannot_take_falls_back_to_the_reference(field, expected):
    # Readers refuse lone surrogates (they are not Unicode text); a record built in Python may hold one.
    record = record_with_url()
    record[field] = record[field] + "\ud800"
    assert FAST.is_valid(record) == REFERENCE.is_valid(record) == (not expected)
    assert [(p.pointer, p.code) for p in FAST.problems(record)] == expected
