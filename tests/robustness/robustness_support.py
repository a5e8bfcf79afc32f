"""What the robustness tests share: example budgets, a time limit per call, the published-schema check."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import jsonschema
from hypothesis import settings

from articlekit.converters.base import Converter, Source
from articlekit.errors import REJECT_CODES, ConversionError
from articlekit.schema import Article, published_schema

CI_ROBUST_EXAMPLES = 1000
"""Examples per round-trip and robustness property in the ``ci`` profile (issue 6 asks for at least 1,000)."""

CALL_SECONDS = 5.0
"""Time limit of one converter call in the properties: inputs are small, so anything near this is a hang."""

_VALIDATOR = jsonschema.Draft202012Validator(
    published_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


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


class CallTimedOut(Exception):
    """A bounded call ran past its time limit.

    An Exception (not a BaseException) so that Hypothesis shrinks the input that
    hangs; converters catch only the specific exceptions they expect, never this.
    """


@contextmanager
def time_limit(seconds: float = CALL_SECONDS, what: str = "the call") -> Iterator[None]:
    """Raise :class:`CallTimedOut` in the block when it runs longer than ``seconds`` (SIGALRM, main thread).

    Regular-expression matching and Python loops are interrupted; a call stuck
    in C code that never returns to the interpreter would still hang the test.
    """

    def expire(signum: int, frame: FrameType | None) -> None:
        raise CallTimedOut(f"{what} took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def schema_errors(article: Article) -> list[str]:
    """The published JSON Schema's complaints about a record (with format checking), as messages."""
    return [error.message for error in _VALIDATOR.iter_errors(article.model_dump(mode="json"))]


def as_json(articles: list[Article]) -> list[str]:
    """Records as the JSONL writer's canonical text, for byte-for-byte comparison."""
    return [json.dumps(article.model_dump(mode="json"), ensure_ascii=False) for article in articles]


def convert_bounded(converter: Converter, source: Source) -> list[Article] | ConversionError:
    """Run a converter on a source within :data:`CALL_SECONDS`; its records, or the ConversionError it raised.

    Any other exception propagates and fails the test, as does a timeout.
    """
    with time_limit(what=f"{converter.FORMAT} on {len(source.data)} bytes"):
        try:
            return list(converter.convert(source))
        except ConversionError as error:
            return error


def check_converter_contract(converter: Converter, source: Source) -> list[Article] | ConversionError:
    """What a converter promises for any source, asserted: see :func:`convert_bounded` and the checks below.

    Sniffing scores in [0, 1]; conversion gives records that pass the published
    schema, or a ConversionError with a known code; a second run gives the same
    records byte for byte.

    Returns:
        The records, or the ConversionError the source was rejected with.
    """
    with time_limit(what=f"{converter.FORMAT}.sniff"):
        score = converter.sniff(source)
    assert 0.0 <= score <= 1.0
    first = convert_bounded(converter, source)
    if isinstance(first, ConversionError):
        assert first.code in REJECT_CODES, first
        again = convert_bounded(converter, source)
        assert isinstance(again, ConversionError)
        assert again.code == first.code
        return first
    assert first, f"{converter.FORMAT} yielded no record and raised nothing"
    for article in first:
        assert schema_errors(article) == []
    second = convert_bounded(converter, source)
    assert isinstance(second, list)
    assert as_json(second) == as_json(first)
    return first
