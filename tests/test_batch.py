"""The batch core the engines call: the same records, rejects, order and outputs as the local pipeline."""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import asdict
from datetime import UTC
from pathlib import Path

import engine_corpus
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from paths import SEEDS

from articlekit.batch import (
    INPUT_SCHEMA,
    OUTCOME_SCHEMA,
    REJECT_SCHEMA,
    BatchOptions,
    SourceRoots,
    article_schema,
    convert_batch,
    outcome_batch,
    outcomes_in_order,
)
from articlekit.discover import discover
from articlekit.exporters._arrow import record_batch
from articlekit.exporters.parquet import dataset_files
from articlekit.pipeline import ConvertOptions, Summary, process, run_convert
from articlekit.ray import kept_rows


def _input_batch(paths: list[str], contents: list[bytes]) -> pa.RecordBatch:
    return pa.RecordBatch.from_arrays([pa.array(paths), pa.array(contents, type=pa.binary())], schema=INPUT_SCHEMA)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return engine_corpus.build(tmp_path_factory.mktemp("engine") / "corpus", size=40)


def test_convert_batch_gives_the_local_articles_and_rejects_in_the_parquet_schema(corpus: Path) -> None:
    inputs = list(discover([str(corpus)]))
    outcomes = [process(item, max_bytes=engine_corpus.MAX_BYTES) for item in inputs]
    batch = _input_batch([item.path for item in inputs], [Path(str(item.location)).read_bytes() for item in inputs])

    converted = convert_batch(batch, BatchOptions(max_bytes=engine_corpus.MAX_BYTES))

    articles = [article for outcome in outcomes for article in outcome.articles]
    assert converted.articles.schema == article_schema()
    assert converted.articles.schema.metadata == article_schema().metadata
    assert converted.articles.equals(record_batch(articles, article_schema()))
    expected_rejects = [asdict(outcome.reject) for outcome in outcomes if outcome.reject is not None]
    assert converted.rejects.schema == REJECT_SCHEMA
    assert converted.rejects.to_pylist() == expected_rejects
    assert {reject["code"] for reject in expected_rejects} == {
        "binary",
        "empty",
        "too-large",
        "undecodable",
        "unknown-format",
    }
    # Duplicates are resolved over the whole dataset, not in a batch: both copies keep their article here.
    assert converted.articles.num_rows == 40 + 12 + 1


def test_convert_batch_on_the_seeds_matches_their_golden_records() -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    batch = _input_batch([f"seeds/{path.name}" for path in seeds], [path.read_bytes() for path in seeds])

    converted = convert_batch(batch)

    assert converted.rejects.num_rows == 0
    ids = converted.articles.column("id").to_pylist()
    expected = [json.loads(path.with_suffix("").with_suffix(".expected.json").read_text())["id"] for path in seeds]
    assert ids == expected


def test_a_gzip_source_converts_as_its_content_does() -> None:
    text = (SEEDS / "002_79b54386e2c3b414.txt").read_bytes()
    batch = _input_batch(["a.txt", "a.txt.gz"], [text, gzip.compress(text)])

    articles = convert_batch(batch).articles.to_pylist()

    assert len(articles) == 2
    assert articles[0]["id"] == articles[1]["id"]
    assert articles[0]["provenance"] == articles[1]["provenance"] | {"path": "a.txt"}


def test_order_keys_sort_as_a_local_walk_and_paths_are_the_local_ones(tmp_path: Path) -> None:
    names = ["b.txt", "a/z.txt", "a b/x.txt", "a-b/x.txt", "ab/x.txt", "a/a.txt", "a/b/c.txt", "a/a/d.txt", "é/e.txt"]
    for name in names:
        (tmp_path / "root" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "root" / name).write_text(name)
    (tmp_path / "single.txt").write_text("single")
    sources = [str(tmp_path / "single.txt"), str(tmp_path / "root")]
    roots = SourceRoots.local(sources)

    placed = []
    for index, location in enumerate(roots.locations):
        uris = [os.path.join(folder, name) for folder, _, files in os.walk(location) for name in files]
        for uri in uris or [location]:
            place = roots.place(index, f"file:{uri.replace(' ', '%20')}")  # Spark's spelling of a path
            assert place is not None
            placed.append(place)

    expected = [item.path for item in discover(sorted(sources))]
    assert [path for path, _ in sorted(placed, key=lambda pair: pair[1])] == expected
    assert expected[0] == f"{tmp_path}/root/b.txt"


def test_glob_leaves_out_what_a_local_run_leaves_out(tmp_path: Path) -> None:
    for name in ("x.txt", "x.md", "sub/y.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    roots = SourceRoots.local([str(tmp_path)], glob="*.txt")

    kept = [roots.place(0, str(tmp_path / name)) for name in ("x.txt", "x.md", "sub/y.txt")]

    assert [item.path for item in discover([str(tmp_path)], "*.txt")] == [f"{tmp_path}/x.txt", f"{tmp_path}/sub/y.txt"]
    assert [place and place[0] for place in kept] == [f"{tmp_path}/x.txt", None, f"{tmp_path}/sub/y.txt"]


def _engine_in_process(sources: list[str], options: BatchOptions) -> list[pa.RecordBatch]:
    """What an engine does: list every file in any order, convert in batches, sort all rows by order."""
    roots = SourceRoots.local(sources)
    batches = []
    for index, location in enumerate(roots.locations):
        files = [os.path.join(folder, name) for folder, _, names in os.walk(location) for name in names]
        files = sorted(files or [location], reverse=True)  # an engine lists in an order of its own
        for start in range(0, len(files), 7):
            chunk = files[start : start + 7]
            batch = pa.RecordBatch.from_pydict(
                {"path": chunk, "bytes": [Path(file).read_bytes() for file in chunk]},
            )
            batches.append(outcome_batch(batch, roots, options, source=index, content_column="bytes"))
    table = pa.Table.from_batches(batches, schema=OUTCOME_SCHEMA).sort_by("order")
    return table.to_batches(max_chunksize=5)


def _parquet_files(out: Path) -> dict[str, bytes]:
    """Every Parquet file of an output, by its path inside the output folder: the same writer, the same bytes."""
    parquet = out / "articles.parquet"
    files = [parquet] if parquet.is_file() else dataset_files(parquet)
    return {str(file.relative_to(out)): file.read_bytes() for file in files}


@pytest.mark.parametrize("partition_by", [None, "month"])
def test_outcomes_from_an_engine_write_what_a_local_run_writes(
    corpus: Path, tmp_path: Path, partition_by: str | None
) -> None:
    options = ConvertOptions(formats=("jsonl", "parquet"), max_bytes=engine_corpus.MAX_BYTES, partition_by=partition_by)
    sources = [str(corpus), str(SEEDS / "000_924425bcc6410fb0.txt")]
    local = run_convert(discover(sorted(sources)), tmp_path / "local", options)

    batches = _engine_in_process(sources, BatchOptions(max_bytes=engine_corpus.MAX_BYTES))
    engine = run_convert((), tmp_path / "engine", options, outcomes=outcomes_in_order(batches))

    for name in ("articles.jsonl", "rejects.jsonl"):
        assert (tmp_path / "engine" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    assert _parquet_files(tmp_path / "engine") == _parquet_files(tmp_path / "local")
    assert engine.model_dump(exclude={"elapsed_seconds"}) == local.model_dump(exclude={"elapsed_seconds"})
    assert (local.inputs, local.duplicates, local.rejects_by_code["duplicate"]) == (40 + 12 + 6 + 1, 12, 12)


def test_resume_cannot_take_outcomes_from_an_engine(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot be resumed"):
        run_convert((), tmp_path, ConvertOptions(resume=True), outcomes=iter(()))


def test_rays_parquet_rows_are_the_articles_the_driver_kept(corpus: Path, tmp_path: Path) -> None:
    """Ray's workers write Parquet from the outcomes, keeping what the driver kept: the local file's rows, in order.

    The corpus has 12 sources that repeat an earlier source's article: their copies must not be written.
    """
    sources = [str(corpus), str(SEEDS / "000_924425bcc6410fb0.txt")]
    options = ConvertOptions(formats=("parquet",), max_bytes=engine_corpus.MAX_BYTES)
    run_convert(discover(sorted(sources)), tmp_path / "local", options)

    batches = _engine_in_process(sources, BatchOptions(max_bytes=engine_corpus.MAX_BYTES))
    kept: list[tuple[str, str]] = []
    on_driver = ConvertOptions(formats=("jsonl",), max_bytes=engine_corpus.MAX_BYTES)
    summary = run_convert(
        (), tmp_path / "engine", on_driver, outcomes=outcomes_in_order(batches), on_kept=lambda *pair: kept.append(pair)
    )
    assert len(kept) == len(set(kept)) == summary.articles == 40 + 1 + 1  # the edited seeds, the gzip file, the seed
    ids = {article_id: path for path, article_id in kept}
    written = pa.concat_tables([kept_rows(pa.Table.from_batches([batch]), ids, None) for batch in batches])
    local = pq.read_table(tmp_path / "local" / "articles.parquet")
    assert written.schema == local.schema
    assert written.schema.metadata == local.schema.metadata
    assert written.to_pylist() == local.to_pylist()


def test_rays_parquet_rows_carry_the_partition_columns(corpus: Path) -> None:
    batches = _engine_in_process([str(corpus)], BatchOptions(max_bytes=engine_corpus.MAX_BYTES))
    first = next(outcome for outcome in outcomes_in_order(batches) if outcome.articles)
    article = first.articles[0]
    assert article.published_at is not None
    instant = article.published_at.astimezone(UTC)
    rows = kept_rows(pa.Table.from_batches(batches), {article.id: first.path}, "month")
    assert rows.num_rows == 1
    assert rows.column_names[-2:] == ["published_year", "published_month"]
    assert rows.slice(0, 1).select(["published_year", "published_month"]).to_pylist() == [
        {"published_year": f"{instant.year:04d}", "published_month": f"{instant.month:02d}"}
    ]


def test_a_failure_before_the_summary_leaves_no_output(corpus: Path, tmp_path: Path) -> None:
    """An engine's own output failing (Ray's write_parquet) fails the run: nothing is left as if complete."""
    batches = _engine_in_process([str(corpus)], BatchOptions(max_bytes=engine_corpus.MAX_BYTES))
    seen: list[int] = []

    def fail(summary: Summary) -> None:
        seen.append(summary.inputs)
        raise RuntimeError("the engine's writers failed")

    with pytest.raises(RuntimeError, match="writers failed"):
        run_convert(
            (), tmp_path, ConvertOptions(formats=("jsonl",)), outcomes=outcomes_in_order(batches), before_summary=fail
        )
    assert seen == [40 + 12 + 6]
    assert sorted(path.name for path in tmp_path.iterdir() if not path.name.startswith(".")) == []
