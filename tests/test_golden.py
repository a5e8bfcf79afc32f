"""Golden records: every seed converts to exactly its reviewed ``seeds/<name>.expected.json``."""

from __future__ import annotations

import pytest
from checks import assert_matches_golden, golden_path
from paths import SEEDS

from articlekit.discover import Input
from articlekit.pipeline import process

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def test_every_seed_has_a_golden_record():
    assert len(SEED_FILES) == 5
    missing = [path.name for path in SEED_FILES if not golden_path(path).exists()]
    assert missing == []


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda path: path.name[:3])
def test_seed_converts_to_its_golden_record(seed):
    outcome = process(Input(seed.name, seed))
    assert outcome.reject is None, outcome.reject
    assert_matches_golden(list(outcome.articles), seed)
