"""``articlekit convert`` end to end: every input accounted for, byte-identical output."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from checks import golden_path
from paths import SEEDS

from articlekit.cli import run
from articlekit.discover import Input, discover
from articlekit.pipeline import ConvertOptions, process, run_convert

SEED_001 = SEEDS / "001_1e12915c2adf12bb.txt"
SEED_002 = SEEDS / "002_79b54386e2c3b414.txt"


def convert(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    original = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        code = run(["convert", *argv], stdout, stderr)
    finally:
        sys.stdin = original
    return code, stdout.getvalue(), stderr.getvalue()


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("*.json", "*.py", "__pycache__"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "gbk").mkdir()
    (folder / "gbk" / "002-gbk.txt").write_bytes(SEED_002.read_text(encoding="utf-8").encode("gbk"))
    (folder / "big5.txt").write_bytes(SEED_001.read_text(encoding="utf-8").encode("big5hkscs"))
    (folder / "seed.txt.gz").write_bytes(gzip.compress(SEED_002.read_bytes(), mtime=0))
    return folder


def test_bundled_seeds_convert_without_rejects(tmp_path):
    code, out, err = convert("-o", str(tmp_path), "--to", "jsonl", "-j", "1")
    assert (code, err) == (0, "")
    assert out.startswith("5 sources: 5 converted into 5 articles, 0 rejected")
    records = read_jsonl(tmp_path / "articles.jsonl")
    assert [record["provenance"]["path"] for record in records] == [
        f"seeds/{path.name}" for path in sorted(SEEDS.glob("*.txt"))
    ]
    assert (tmp_path / "rejects.jsonl").read_text() == ""


def test_mixed_folder_accounts_for_every_input(tmp_path, mixed_folder):
    code, _, _ = convert(str(mixed_folder), "-o", str(tmp_path / "out"), "--to", "jsonl", "-j", "1")
    assert code == 1  # there were rejects
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    records = read_jsonl(tmp_path / "out" / "articles.jsonl")
    rejects = read_jsonl(tmp_path / "out" / "rejects.jsonl")
    assert summary["inputs"] == 10 == summary["converted"] + summary["rejected"]
    assert len({record["provenance"]["path"] for record in records}) + len(rejects) == summary["inputs"]
    assert sorted((Path(reject["path"]).name, reject["code"]) for reject in rejects) == [
        ("002-gbk.txt", "duplicate"),  # the same article as seed 002, in another encoding
        ("big5.txt", "duplicate"),
        ("empty.txt", "empty"),
        ("image.png", "binary"),
        ("seed.txt.gz", "duplicate"),
    ]
    assert summary["rejects_by_code"] == {"binary": 1, "duplicate": 3, "empty": 1}
    assert summary["duplicates"] == 3
    assert len(records) == 5


@pytest.mark.parametrize(
    ("name", "original", "encoding"),
    [
        ("002-gbk.txt", SEED_002, "gb18030"),
        ("big5.txt", SEED_001, "big5hkscs"),
        ("seed.txt.gz", SEED_002, "utf-8"),
    ],
)
def test_encoded_copies_convert_to_the_same_record(mixed_folder, name, original, encoding):
    path = next(mixed_folder.rglob(name))
    outcome = process(Input(original.name, path))
    assert outcome.reject is None
    [article] = outcome.articles
    expected = json.loads(golden_path(original).read_text(encoding="utf-8"))
    record = article.model_dump(mode="json")
    assert record["provenance"].pop("encoding") == encoding
    assert record["provenance"].pop("sha256") != expected["provenance"].pop("sha256") or encoding == "utf-8"
    del expected["provenance"]["encoding"]
    assert record == expected


def test_allow_rejects_exits_0(tmp_path, mixed_folder):
    code, _, _ = convert(str(mixed_folder), "-o", str(tmp_path), "--to", "jsonl", "--allow-rejects", "-j", "1")
    assert code == 0


def test_output_is_byte_identical_across_runs_jobs_and_argument_order(tmp_path, mixed_folder):
    files = sorted(str(path) for path in mixed_folder.rglob("*") if path.is_file())
    outputs = []
    for index, (jobs, order) in enumerate([("1", files), ("1", files), ("2", files[::-1])]):
        out = tmp_path / f"run{index}"
        convert(*order, "-o", str(out), "-j", jobs, "-q")
        outputs.append(out)
    first = outputs[0]
    for other in outputs[1:]:
        for name in ("articles.jsonl", "rejects.jsonl", "articles.parquet"):
            assert (first / name).read_bytes() == (other / name).read_bytes(), name
        for table in sorted((first / "articles.csv").iterdir()):
            assert table.read_bytes() == (other / "articles.csv" / table.name).read_bytes(), table.name


def test_glob_filters_folder_files(tmp_path, mixed_folder):
    convert(str(mixed_folder), "-o", str(tmp_path), "--to", "jsonl", "--glob", "00[12]_*.txt", "-j", "1")
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert (summary["inputs"], summary["articles"]) == (2, 2)


def test_standard_input(tmp_path):
    code, _, _ = convert("-", "-o", str(tmp_path), "--to", "jsonl", stdin=SEED_002.read_bytes())
    assert code == 0
    [record] = read_jsonl(tmp_path / "articles.jsonl")
    assert record["provenance"]["path"] == "-"
    assert record["authors"] == ["张麻子脸上"]


def test_forced_format_and_unknown_format(tmp_path):
    code, _, _ = convert(str(SEED_002), "-o", str(tmp_path), "--to", "jsonl", "--format", "hugo-markdown")
    assert code == 1
    [reject] = read_jsonl(tmp_path / "rejects.jsonl")
    assert (reject["format"], reject["code"]) == ("hugo-markdown", "bad-header")
    plain = tmp_path / "plain.txt"
    plain.write_text("just a line of prose\nand another one\n", encoding="utf-8")
    outcome = process(Input(str(plain), plain))
    assert outcome.reject is not None
    assert (outcome.reject.code, outcome.reject.format) == ("unknown-format", None)


def test_missing_source_is_a_usage_error(tmp_path):
    code, _, err = convert(str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out"))
    assert code == 2
    assert "nope.txt" in err
    assert not (tmp_path / "out").exists()


def test_too_large_source_is_rejected(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(SEED_002.read_bytes() * 3)
    outcome = process(Input(str(big), big), max_bytes=10_000)
    assert outcome.reject is not None
    assert outcome.reject.code == "too-large"


def test_unreadable_and_link_loop_are_rejects_not_crashes(tmp_path):
    folder = tmp_path / "links"
    folder.mkdir()
    (folder / "a").symlink_to(folder / "b")
    (folder / "b").symlink_to(folder / "a")
    (folder / "self").symlink_to(folder)  # a folder link back into the walk
    shutil.copy(SEED_002, folder / "seed.txt")
    inputs = list(discover([str(folder)]))
    assert sorted(Path(item.path).name for item in inputs) == ["a", "b", "seed.txt"]
    summary = run_convert(inputs, tmp_path / "out", ConvertOptions(formats=("jsonl",)))
    assert (summary.inputs, summary.converted, dict(summary.rejects_by_code)) == (3, 1, {"unreadable": 2})


def test_an_exception_midway_leaves_no_output(tmp_path):
    def exploding():
        yield Input(str(SEED_002), SEED_002)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_convert(exploding(), tmp_path, ConvertOptions())
    # Only the journal a later --resume continues from; no output that looks complete.
    assert sorted(path.name for path in tmp_path.iterdir()) == [".articlekit-journal"]


def test_detect_prints_choice_score_and_runner_up(tmp_path):
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(["detect", str(SEEDS / "000_924425bcc6410fb0.txt"), str(SEED_002)], stdout, stderr)
    assert code == 0
    first, second = stdout.getvalue().splitlines()
    assert first.split("\t")[1] == "rss-markdown"
    assert "runner-up" in first
    assert second.split("\t")[1] == "selfmedia-text"
