"""Every registered converter, on any bytes and any text: valid records or a known reject, quickly, always the same.

No call is timed (a timed assertion flakes on a busy machine): the inputs are bounded, and the
code's own size and depth limits are what keeps a call short.
"""

from __future__ import annotations

import io

from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from robustness_support import check_converter_contract, robust_examples
from source_strategies import any_bytes, any_texts

from articlekit.converters import CONVERTERS, Source
from articlekit.discover import STDIN, Input
from articlekit.errors import REJECT_CODES, ConversionError
from articlekit.pipeline import process, read_source
from articlekit.text import normalize_block, normalize_inline

FORMATS = sorted(CONVERTERS)
EXAMPLES = robust_examples()


def _read(data: bytes) -> Source | ConversionError:
    """Read bytes the way ``convert`` reads standard input: size limit, gunzip, charset detection."""
    try:
        return read_source(Input(STDIN, None), stdin=io.BytesIO(data))
    except ConversionError as error:
        return error


def _outcome(result: list[object] | ConversionError) -> str:
    """A label for Hypothesis' statistics (pytest --hypothesis-show-statistics): what became of the input."""
    return f"converted: {len(result)} records" if isinstance(result, list) else f"rejected: {result.code}"


# Every converter gets every input (rather than one test per converter): each still sees all the
# examples, and drawing them once keeps the suite within CI's time.


@settings(max_examples=EXAMPLES)
@given(data=any_bytes())
def test_any_bytes_give_valid_records_or_a_known_reject(data: bytes) -> None:
    source = _read(data)
    if isinstance(source, ConversionError):
        assert source.code in {"empty", "binary", "undecodable", "too-large"}, source
        event(f"read: {source.code}")
        return
    assert source.text.strip()
    for name in FORMATS:
        event(f"{name}: {_outcome(check_converter_contract(CONVERTERS[name], source))}")


@settings(max_examples=EXAMPLES)
@given(text=any_texts())
# Found by the thorough profile: the WARC reader takes the blank-prefixed line for a record it
# skips, so the converter yields a damaged-record reject and a skip count, and nothing else.
@example(text="    0\n\n0")
# html-page read a date-time near the title whose day and hour share no separator ("0/00:00") as four numbers.
@example(text="2000/0/00:00")
def test_any_text_gives_valid_records_or_a_known_reject(text: str) -> None:
    source = Source.from_text(text, path="any.txt")
    for name in FORMATS:
        event(f"{name}: {_outcome(check_converter_contract(CONVERTERS[name], source))}")


@settings(max_examples=EXAMPLES)
@given(data=any_bytes())
def test_the_pipeline_turns_any_bytes_into_records_or_one_reject(data: bytes) -> None:
    """Detection and conversion together, as ``convert`` runs them: never a ``converter-crash``."""
    outcome = process(Input(STDIN, None), stdin=io.BytesIO(data))
    event(f"format {outcome.format}: " + (outcome.reject.code if outcome.reject else "converted"))
    if outcome.reject is None:
        assert outcome.articles
        assert outcome.format in CONVERTERS
        assert {article.provenance.path for article in outcome.articles} == {STDIN}
    else:
        assert outcome.articles == ()
        assert outcome.reject.code in REJECT_CODES
        assert outcome.reject.code != "converter-crash", outcome.reject.message
        assert outcome.reject.path == STDIN


_TRICKY_TEXT = st.lists(
    st.one_of(
        st.text(),
        st.sampled_from(["\r\n", "\u2028", "\u0301", "\ufeff", "\u200b", "\x85", "\u3000", "\ud800", "Å", "A\u030a"]),
    )
).map("".join)


@settings(max_examples=EXAMPLES)
@given(text=_TRICKY_TEXT)
def test_normalisation_is_idempotent(text: str) -> None:
    inline = normalize_inline(text)
    block = normalize_block(text)
    assert normalize_inline(inline) == inline
    assert normalize_block(block) == block
    assert "\n" not in inline
    assert inline == inline.strip()
    assert all(line and line == normalize_inline(line) for line in block.split("\n")) or block == ""
    # A block and its lines agree: normalising a block line by line changes nothing.
    assert normalize_block(inline) == inline
