"""A source of many articles streams through the writers: bounded memory, the same output as held."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from articlekit import pipeline
from articlekit.converters import CONVERTERS, ItemRejected, Source
from articlekit.discover import Input, discover
from articlekit.errors import ConversionError
from articlekit.exporters.jsonl import JsonlWriter
from articlekit.pipeline import ConvertOptions, process, run_convert
from articlekit.schema import Article

ITEMS = 12
DISTINCT_URLS = 7  # items 7 to 11 repeat the urls of items 0 to 4: five duplicate rejects


def write_dump(folder: Path, name: str = "dump.json") -> Path:
    """A JSON dump of ITEMS stories (five of them duplicates of earlier ones) and one item with no title."""
    items: list[dict[str, object]] = [
        {
            "title": f"Story {index}",
            "url": f"https://example.com/news/{index % DISTINCT_URLS}",
            "content": f"<p>Body text of story {index} about the harbour.</p>",
            "date_published": "2024-05-01T10:00:00+08:00",
        }
        for index in range(ITEMS)
    ]
    items.insert(3, {"nothing": 1})
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps({"items": items}), encoding="utf-8")
    return path


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output file's bytes (summary.json without its run time)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "summary.json":
                summary = json.loads(data)
                summary.pop("elapsed_seconds")
                data = json.dumps(summary).encode()
            found[str(path.relative_to(folder))] = data
    return found


def convert(sources: Path, out: Path, jobs: int = 1) -> pipeline.Summary:
    return run_convert(discover([str(sources)]), out, ConvertOptions(jobs=jobs, formats=("jsonl", "parquet", "csv")))


def test_streamed_source_gives_the_same_bytes_as_a_held_one(tmp_path, monkeypatch):
    write_dump(tmp_path / "in")
    held = convert(tmp_path / "in", tmp_path / "held")
    monkeypatch.setattr(pipeline, "_HOLD_ARTICLES", 2)
    streamed = convert(tmp_path / "in", tmp_path / "streamed")
    assert (held.articles, held.duplicates, held.items_rejected) == (DISTINCT_URLS, ITEMS - DISTINCT_URLS, 1)
    assert streamed.model_dump(exclude={"elapsed_seconds"}) == held.model_dump(exclude={"elapsed_seconds"})
    assert outputs(tmp_path / "streamed") == outputs(tmp_path / "held")
    rejects = [json.loads(line) for line in (tmp_path / "held" / "rejects.jsonl").read_text().splitlines()]
    # The item reject first, then the duplicates in item order, as before streaming.
    assert [(reject["code"], reject["position"]) for reject in rejects] == [("no-title", 4)] + [("duplicate", None)] * 5


def test_a_streamed_source_is_written_while_the_converter_still_runs(tmp_path, monkeypatch):
    # Memory stays bounded only if no more than _HOLD_ARTICLES articles wait for the writers.
    write_dump(tmp_path / "in")
    monkeypatch.setattr(pipeline, "_HOLD_ARTICLES", 3)
    converter = CONVERTERS["json-items"]
    convert_items = converter.convert
    seen: list[int] = []
    written: list[int] = []

    def counting(source: Source, **options: object) -> Iterator[Article | ItemRejected]:
        for result in convert_items(source, **options):
            if isinstance(result, Article):
                seen.append(len(written))  # articles already written when this one is yielded
            yield result

    original = JsonlWriter.write_json

    def recording(self: JsonlWriter, line: str) -> None:
        written.append(1)
        original(self, line)

    monkeypatch.setattr(converter, "convert", counting)
    monkeypatch.setattr(JsonlWriter, "write_json", recording)
    convert(tmp_path / "in", tmp_path / "out")
    # Articles 0-2 are held; the third makes the run stream: 0-2 and (after that) each one as it comes,
    # less the duplicates, which are never written.
    assert seen == [0, 0, 0, 3, 4, 5, 6, 7, 7, 7, 7, 7]
    assert len(written) == DISTINCT_URLS


class _Failing:
    """A converter that gives the articles of the dump and then fails, as a cut-off source might."""

    OPTIONS = frozenset[str]()

    def __init__(self, articles: tuple[Article, ...], error: Exception) -> None:
        self._articles, self._error = articles, error

    def sniff(self, source: Source) -> float:
        return 0.0

    def convert(self, source: Source) -> Iterator[Article]:
        yield from self._articles
        raise self._error


@pytest.mark.parametrize("hold", [100, 2])
@pytest.mark.parametrize(
    ("error", "code"),
    [(ConversionError("truncated", "the file ends inside an item"), "truncated"), (KeyError("x"), "converter-crash")],
)
def test_a_failure_rejects_a_held_source_and_keeps_what_a_streamed_one_wrote(tmp_path, monkeypatch, hold, error, code):
    path = write_dump(tmp_path / "in")
    articles = process(Input("dump.json", path)).articles[:4]
    monkeypatch.setitem(CONVERTERS, "failing", _Failing(articles, error))
    monkeypatch.setattr(pipeline, "_HOLD_ARTICLES", hold)
    out = tmp_path / "out"
    summary = run_convert(discover([str(path)]), out, ConvertOptions(jobs=1, formats=("jsonl",), format="failing"))
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text().splitlines()]
    written = (out / "articles.jsonl").read_text().splitlines()
    if hold == 100:  # nothing was written before the failure: the source is rejected, as it always was
        assert (summary.converted, summary.rejected, written) == (0, 1, [])
        assert [(reject["code"], reject["message"]) for reject in rejects] == [(code, rejects[0]["message"])]
        assert not rejects[0]["message"].startswith("stopped after")
    else:  # four articles were written as they came: they stay, and the failure is on record
        assert (summary.converted, summary.rejected, summary.articles) == (1, 0, 4)
        assert [json.loads(line)["title"] for line in written] == ["Story 0", "Story 1", "Story 2", "Story 3"]
        assert [reject["code"] for reject in rejects] == [code]
        assert rejects[0]["message"].startswith("stopped after 4 articles: ")


@pytest.mark.slow
def test_large_files_stream_in_the_main_process_with_the_same_output_for_any_jobs(tmp_path, monkeypatch):
    for index in range(3):
        write_dump(tmp_path / "in", f"dump-{index}.json")
        (tmp_path / "in" / f"dump-{index}.json").write_text(
            (tmp_path / "in" / f"dump-{index}.json").read_text().replace("news/", f"news{index}/")
        )
    large = tmp_path / "in" / "dump-1.json"
    # dump-1 (padded) is large, the others are not
    monkeypatch.setattr(pipeline, "_LARGE_BYTES", large.stat().st_size + 1000)
    large.write_text(large.read_text() + " " * 2000)
    assert [pipeline._is_large(item) for item in discover([str(tmp_path / "in")])] == [False, True, False]
    one = convert(tmp_path / "in", tmp_path / "one")
    two = convert(tmp_path / "in", tmp_path / "two", jobs=2)
    assert one.articles == 3 * DISTINCT_URLS
    assert outputs(tmp_path / "two") == outputs(tmp_path / "one")
    assert two.articles == one.articles
