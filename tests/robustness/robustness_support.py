"""What the robustness tests share: example budgets, the converter contract, the published-schema check.

No call is timed: hangs are prevented by the code's own size and depth limits, which the hostile-input tests
check with bounded inputs, and pytest-timeout's global limit (pyproject.toml) ends a run that hangs anyway.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict

from checks import schema_errors
from hypothesis import settings

from articlekit.converters.base import Converter, ItemRejected, ItemsSkipped, Source
from articlekit.converters.warc import OTHER_SKIP_REASON, SKIP_REASONS
from articlekit.errors import REJECT_CODES, ConversionError
from articlekit.schema import Article

SKIP_REASON_KEYS = frozenset(SKIP_REASONS.values()) | {OTHER_SKIP_REASON}
"""Every reason key a converter may count skipped items under (only WARC skips items today)."""

CI_ROBUST_EXAMPLES = 1000
"""Examples per round-trip and robustness property in the ``ci`` profile (issue 6 asks for at least 1,000)."""


def profile_examples() -> int:
    """The loaded Hypothesis profile's example count (tests/conftest.py loads it from HYPOTHESIS_PROFILE)."""
    loaded = settings.default
    assert loaded is not None
    return loaded.max_examples


def robust_examples(ci: int = CI_ROBUST_EXAMPLES) -> int:
    """Examples for a robustness property: ``ci`` under the ``ci`` profile, the loaded profile's count otherwise.

    The profile is chosen in tests/conftest.py from HYPOTHESIS_PROFILE, which ``.ci/run`` sets to ``ci``.
    """
    if os.environ.get("HYPOTHESIS_PROFILE") == "ci":
        return max(ci, profile_examples())
    return profile_examples()


Yielded = Article | ItemRejected | ItemsSkipped
"""What a converter may yield: articles, item rejects, and skip counts (WARC's non-page records)."""


def as_json(articles: list[Yielded]) -> list[str]:
    """Records as the JSONL writer's canonical text (item rejects and skip counts as their fields), for comparison."""
    return [
        json.dumps(asdict(article) if not isinstance(article, Article) else article.model_dump(mode="json"),
                   ensure_ascii=False)
        for article in articles
    ]  # fmt: skip


def convert_bounded(converter: Converter, source: Source) -> list[Yielded] | ConversionError:
    """Run a converter on a source; its records, or the ConversionError it raised.

    Any other exception propagates and fails the test.
    """
    try:
        return list(converter.convert(source))
    except ConversionError as error:
        return error


def check_converter_contract(converter: Converter, source: Source) -> list[Yielded] | ConversionError:
    """What a converter promises for any source, asserted: see :func:`convert_bounded` and the checks below.

    Sniffing scores in [0, 1]; conversion gives records that pass the published
    schema, or a ConversionError with a known code; a second run gives the same
    records byte for byte.

    Returns:
        The records, or the ConversionError the source was rejected with.
    """
    score = converter.sniff(source)
    assert 0.0 <= score <= 1.0
    first = convert_bounded(converter, source)
    if isinstance(first, ConversionError):
        assert first.code in REJECT_CODES, first
        again = convert_bounded(converter, source)
        assert isinstance(again, ConversionError)
        assert again.code == first.code
        return first
    assert any(not isinstance(item, ItemsSkipped) for item in first), (
        f"{converter.FORMAT} yielded no record and raised nothing"
    )
    for article in first:
        if isinstance(article, ItemRejected):
            assert article.code in REJECT_CODES, article
            assert article.position >= 1, article
        elif isinstance(article, ItemsSkipped):
            assert article.reason in SKIP_REASON_KEYS, article
            assert article.count >= 1, article
        else:
            assert schema_errors(article) == []
    second = convert_bounded(converter, source)
    assert isinstance(second, list)
    assert as_json(second) == as_json(first)
    return first
