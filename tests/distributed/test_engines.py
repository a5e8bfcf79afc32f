"""Spark ``local[2]`` and Ray with 2 CPUs convert a corpus of several hundred files exactly as a local run does.

Marked ``distributed``: ``nox -s distributed`` installs the spark and ray extras
and runs these once; the ``tests`` session leaves them out.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import engine_corpus
import pyarrow.parquet as pq
import pytest

import articlekit
from articlekit.cli import run
from articlekit.exporters.parquet import dataset_files

pytestmark = [
    pytest.mark.distributed,
    # The engines' own deprecations and version notices (Ray Data's context, pyspark on pandas 3), not ours.
    pytest.mark.filterwarnings("ignore::DeprecationWarning:ray"),
    pytest.mark.filterwarnings("ignore::FutureWarning:pyspark"),
]

ENGINES = {
    "spark": ["--engine", "spark", "--engine-option", "spark.master=local[2]"],
    "ray": ["--engine", "ray", "--engine-option", "ray.num_cpus=2"],
}


def convert(
    corpus: Path, out: Path, *engine: str, to: tuple[str, ...] = ("--to", "jsonl,parquet", "--partition-by", "month")
) -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    argv = ["convert", str(corpus), "-o", str(out), "--max-bytes", str(engine_corpus.MAX_BYTES)]
    code = run([*argv, *to, "-q", "--allow-rejects", *engine], stdout, stderr)
    assert (code, stderr.getvalue()) == (0, "")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return engine_corpus.build(tmp_path_factory.mktemp("distributed") / "corpus", size=300)


@pytest.fixture(scope="module")
def local(corpus: Path) -> Path:
    out = corpus.parent / "local"
    convert(corpus, out, "--jobs", "2")
    return out


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest, corpus: Path) -> Path:
    out = corpus.parent / request.param
    convert(corpus, out, *ENGINES[request.param])
    return out


def _sorted_by_id(path: Path) -> list[bytes]:
    lines = path.read_bytes().splitlines(keepends=True)
    return sorted(lines, key=lambda line: json.loads(line)["id"])


def _rejects(path: Path) -> set[tuple[object, ...]]:
    return {tuple(json.loads(line).items()) for line in path.read_text(encoding="utf-8").splitlines()}


def _counts(path: Path) -> dict[str, object]:
    summary = json.loads(path.read_text(encoding="utf-8"))
    del summary["elapsed_seconds"]
    return summary


def test_article_lines_sorted_by_id_are_byte_identical(local: Path, engine: Path) -> None:
    assert _sorted_by_id(engine / "articles.jsonl") == _sorted_by_id(local / "articles.jsonl")
    assert len(_sorted_by_id(local / "articles.jsonl")) == 300 + 1  # the edited seeds and the gzip file


def test_rejects_are_equal_as_sets(local: Path, engine: Path) -> None:
    rejects = _rejects(local / "rejects.jsonl")
    assert _rejects(engine / "rejects.jsonl") == rejects
    codes = sorted(dict(reject)["code"] for reject in rejects)
    expected = ["binary", *["duplicate"] * 12, "empty", "too-large", "undecodable", "unknown-format"]
    assert codes == expected


def test_summary_counts_are_equal(local: Path, engine: Path) -> None:
    assert _counts(engine / "summary.json") == _counts(local / "summary.json")
    assert _counts(local / "summary.json")["inputs"] == 300 + 12 + 5 + 1


def test_parquet_dataset_has_the_local_partitions_reads_back_and_validates(local: Path, engine: Path) -> None:
    folders = {path.relative_to(engine).parent for path in dataset_files(engine / "articles.parquet")}
    assert folders == {path.relative_to(local).parent for path in dataset_files(local / "articles.parquet")}
    records = sorted(articlekit.read(engine / "articles.parquet"), key=lambda record: record.id)
    assert records == sorted(articlekit.read(local / "articles.parquet"), key=lambda record: record.id)
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run(["validate", str(engine / "articles.parquet")], stdout, stderr) == 0, stdout.getvalue()


def test_rays_parquet_without_partitions_is_a_folder_that_reads_as_the_local_file(corpus: Path) -> None:
    """Ray's workers write part files (``--to parquet`` alone: the driver writes no article output at all)."""
    convert(corpus, corpus.parent / "local-file", "--jobs", "2", to=("--to", "parquet"))
    convert(corpus, corpus.parent / "ray-folder", *ENGINES["ray"], to=("--to", "parquet"))
    local, ray = corpus.parent / "local-file" / "articles.parquet", corpus.parent / "ray-folder" / "articles.parquet"
    assert (local.is_file(), ray.is_dir()) == (True, True)
    files = dataset_files(ray)
    assert [file.parent for file in files] == [ray] * len(files)
    assert list(articlekit.read(ray)) == list(articlekit.read(local))  # in input order, as locally
    assert [pq.read_schema(file).metadata for file in files] == [pq.read_schema(local).metadata] * len(files)
    summary = json.loads((corpus.parent / "ray-folder" / "summary.json").read_text(encoding="utf-8"))
    assert list(summary["outputs"]) == ["parquet", "rejects", "summary", "manifest"]
