"""Detection as a confusion matrix: every converter against every other family's fixtures and non-articles.

Fixture families are the folders ``tests/fixtures/<format>/`` (the folder name is the
format) plus the seeds (their golden records name their format); a new family joins
by adding its folder. ``tests/fixtures/not-articles/`` holds real files that are no
article (READMEs, configs, source code, JSON without items, link lists): every
converter must score them below MIN_SCORE, so they are ``unknown-format``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articlekit.converters import CONVERTERS, MIN_SCORE, detect
from articlekit.converters.base import Source
from articlekit.discover import Input
from articlekit.pipeline import read_source

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
NOT_ARTICLES = "not-articles"
DATA_SETS = frozenset(("language", "dedup", "html-eval"))
"""Fixture folders that are labelled data sets for other tests, not one format's sources."""


def _source(path: Path) -> Source:
    """The fixture as the pipeline reads it: gunzipped and decoded."""
    return read_source(Input(str(path), path))


def _family_fixtures() -> list[tuple[str, Path]]:
    cases = []
    for folder in sorted(FIXTURES.iterdir()):
        if folder.is_dir() and folder.name != NOT_ARTICLES and folder.name not in DATA_SETS:
            cases += [(folder.name, path) for path in sorted(folder.iterdir()) if path.name != "SOURCES.md"]
    for golden in sorted((REPO / "seeds").glob("*.expected.json")):
        fmt = json.loads(golden.read_text(encoding="utf-8"))["provenance"]["format"]
        cases.append((fmt, golden.with_name(golden.name.replace(".expected.json", ".txt"))))
    return cases


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


FAMILY_CASES = _family_fixtures()
NOT_ARTICLE_FILES = sorted(path for path in (FIXTURES / NOT_ARTICLES).iterdir() if path.name != "SOURCES.md")


def _cross_cases() -> list[object]:
    cases: list[object] = []
    for fmt, path in FAMILY_CASES:
        for other in sorted(CONVERTERS):
            if other == fmt:
                continue
            cases.append(pytest.param(path, other, id=f"{_name(path)}-vs-{other}"))
    return cases


def test_every_family_and_the_non_articles_have_fixtures():
    assert {fmt for fmt, _ in FAMILY_CASES} >= {"markdown-digest", "markdown-page", *CONVERTERS}
    assert len(NOT_ARTICLE_FILES) >= 10


@pytest.mark.parametrize(("fmt", "path"), FAMILY_CASES, ids=[_name(path) for _, path in FAMILY_CASES])
def test_each_fixture_is_detected_as_its_own_format(fmt, path):
    assert fmt in CONVERTERS, (
        f"fixture folder {fmt!r} names no registered converter"
        " (netnews is the example plugin's: pip install ./examples/articlekit-plugin-example)"
    )
    assert detect(_source(path)).format == fmt


@pytest.mark.parametrize(("path", "other"), _cross_cases())
def test_no_other_converter_claims_a_fixture(path, other):
    assert CONVERTERS[other].sniff(_source(path)) < MIN_SCORE


def _not_article_cases() -> list[object]:
    cases: list[object] = []
    for path in NOT_ARTICLE_FILES:
        for name in sorted(CONVERTERS):
            cases.append(pytest.param(path, name, id=f"{path.name}-vs-{name}"))
    return cases


@pytest.mark.parametrize(("path", "name"), _not_article_cases())
def test_no_converter_claims_a_non_article(path, name):
    assert CONVERTERS[name].sniff(_source(path)) < MIN_SCORE


@pytest.mark.parametrize("path", NOT_ARTICLE_FILES, ids=lambda p: p.name)
def test_a_non_article_is_unknown_format(path):
    assert detect(_source(path)).format is None
