"""What the converter tests share: seeds, golden records, the contract on any input, scrape strategies."""

from __future__ import annotations

from collections.abc import Sequence

from checks import assert_matches_golden as assert_matches_golden  # the converter tests import it from here
from checks import schema_errors
from hypothesis import strategies as st
from paths import SEEDS

from articlekit.converters._html_blocks import read_html_blocks
from articlekit.converters.base import Converter, Source
from articlekit.errors import REJECT_CODES, ConversionError
from articlekit.schema import Article


def seed_source(name: str) -> Source:
    """The seed file ``seeds/<name>.txt`` as a Source (``name`` without the suffix)."""
    data = (SEEDS / f"{name}.txt").read_bytes()
    return Source(path=f"{name}.txt", data=data, text=data.decode("utf-8"), encoding="utf-8")


def walker_blocks(html: str) -> list[tuple[str, str]]:
    """Kind and text of each block the body walker reads from ``html``, text as it gives it (not stripped)."""
    return [(block.kind, block.text) for block in read_html_blocks(html).blocks]


def assert_valid(article: Article) -> None:
    """The record passes the published JSON Schema and survives a model round trip."""
    assert schema_errors(article) == []
    assert Article.model_validate(article.model_dump()) == article


def check_contract(converter: Converter, text: str, *, single: bool = True) -> None:
    """What a converter promises for any text.

    Sniffing scores in [0, 1]; converting gives valid records (exactly one when
    ``single``), the same ones again on a second run, or a ConversionError with a
    known code, never any other exception.
    """
    source = Source.from_text(text)
    assert 0.0 <= converter.sniff(source) <= 1.0
    try:
        articles = list(converter.convert(source))
    except ConversionError as error:
        code: str | None = error.code
    else:
        code = None
    if code is not None:
        assert code in REJECT_CODES
        return
    assert len(articles) == 1 if single else articles
    for article in articles:
        assert_valid(article)
    assert [article.model_dump() for article in converter.convert(source)] == [
        article.model_dump() for article in articles
    ]


_JUNK_LINES = ("", "\r", "\ufeff", "\u2028", "\x00")


@st.composite
def scrapes(draw: st.DrawFn, markers: Sequence[str]) -> str:
    """Plain-text scrapes: a title, then lines drawn from the format's marker lines, junk and any text."""
    lines = st.one_of(st.text(max_size=60), st.sampled_from([*markers, *_JUNK_LINES]))
    head = [draw(st.text(max_size=30)), draw(st.sampled_from(["", "\n"])), draw(lines)]
    body = draw(st.lists(lines, max_size=12))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(head + body)
