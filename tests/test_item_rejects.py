"""Many-item sources: an item that gives no article is a per-item reject, and the rest still converts."""

from __future__ import annotations

import json
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from articlekit.converters import CONVERTERS, Draft, ItemRejected, Source, build_article, convert_items
from articlekit.discover import Input
from articlekit.errors import ConversionError
from articlekit.pipeline import ConvertOptions, convert_source, run_convert
from articlekit.schema import Article

FORMAT = "test-items"


def _convert_item(line: str) -> Article:
    guid, _, title = line.partition("|")
    if not title:
        raise ConversionError("no-title", f"item {guid}: no title")
    return build_article(Draft(format=FORMAT, title=title, blocks=[("paragraph", f"Body of {title}.")]), _SOURCE[0])


_SOURCE: list[Source] = []


def _convert(source: Source) -> Iterator[Article | ItemRejected]:
    _SOURCE[:] = [source]
    yield from convert_items(source.text.splitlines(), _convert_item, name_of=lambda line: line.partition("|")[0])


@pytest.fixture
def item_converter(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.SimpleNamespace(FORMAT=FORMAT, sniff=lambda source: 0.0, convert=_convert)
    monkeypatch.setitem(CONVERTERS, FORMAT, module)


@pytest.mark.usefixtures("item_converter")
def test_a_bad_item_is_rejected_with_its_position_and_the_rest_converts() -> None:
    outcome = convert_source(Source.from_text("a|First\nb|\nc|Third", path="feed.txt"), FORMAT)
    assert outcome.reject is None
    assert [article.title for article in outcome.articles] == ["First", "Third"]
    assert [(r.path, r.code, r.position, r.item, r.message) for r in outcome.item_rejects] == [
        ("feed.txt", "no-title", 2, "b", "item b: no title")
    ]


@pytest.mark.usefixtures("item_converter")
def test_a_source_whose_items_all_fail_is_rejected_and_keeps_its_item_rejects() -> None:
    outcome = convert_source(Source.from_text("a|\nb|", path="feed.txt"), FORMAT)
    assert outcome.articles == ()
    assert outcome.reject is not None
    assert (outcome.reject.code, outcome.reject.position) == ("no-title", None)
    assert outcome.reject.message == "none of its 2 items gave an article; item 1: item a: no title"
    assert [r.position for r in outcome.item_rejects] == [1, 2]


@pytest.mark.usefixtures("item_converter")
def test_item_rejects_reach_rejects_jsonl_and_the_summary(tmp_path: Path) -> None:
    source = tmp_path / "feed.txt"
    source.write_text("a|First\nb|\nc|Third\nd|\n", encoding="utf-8")
    summary = run_convert(
        [Input("feed.txt", source)], tmp_path / "out", ConvertOptions(formats=("jsonl",), format=FORMAT)
    )
    assert (summary.inputs, summary.converted, summary.rejected, summary.articles) == (1, 1, 0, 2)
    assert summary.items_rejected == 2
    assert dict(summary.rejects_by_code) == {"no-title": 2}
    rows = [json.loads(line) for line in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
    assert rows == [
        {"path": "feed.txt", "format": FORMAT, "code": "no-title", "message": "item b: no title", "position": 2,
         "item": "b"},
        {"path": "feed.txt", "format": FORMAT, "code": "no-title", "message": "item d: no title", "position": 4,
         "item": "d"},
    ]  # fmt: skip
    written = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert written["items_rejected"] == 2
