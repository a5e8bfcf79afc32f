"""The batch core the engines call: the same records, rejects, order and outputs as the local pipeline."""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import asdict
from pathlib import Path

import engine_corpus
import pyarrow as pa
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
from articlekit.pipeline import ConvertOptions, process, run_convert


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
