"""Near-duplicates: signatures, the index, ``convert --dedup near`` and ``articlekit dedup``."""

from __future__ import annotations

import gzip
import io
import json
import random
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from paths import SEEDS

from articlekit.cli import run
from articlekit.dedup import (
    NUM_PERM,
    NearDuplicateIndex,
    banding,
    normalize,
    signature,
    similarity,
)
from articlekit.discover import discover
from articlekit.pipeline import ConvertOptions, run_convert
from articlekit.text import _converter

SEED_TEXTS = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.expected.json"))]
SEED_002 = SEEDS / "002_79b54386e2c3b414.txt"
KEPT_002 = "fd1823224776f8cb004e55c3c0edba06"  # seed 002's id


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_normalize_folds_case_full_width_forms_and_whitespace():
    assert normalize("  \uff21\uff22，Cd\n\n e\u3000 f\t") == "ab,cd e f"


def test_banding_for_the_default_threshold():
    assert banding(0.8) == (9, 13)


def test_signature_is_pinned_so_runs_and_machines_agree():
    found = signature(SEED_TEXTS[0]["text"])
    assert found.shape == (NUM_PERM,)
    assert found[:4].tolist() == [1407406927, 3801994802, 4188320556, 3614371478]


def test_short_and_empty_texts_have_full_signatures():
    assert similarity(signature("abc"), signature("abc")) == 1.0
    assert similarity(signature("abc"), signature("abd")) == 0.0
    assert signature("").tolist() == [0] * NUM_PERM


def test_distinct_seed_stories_are_not_near_duplicates():
    index = NearDuplicateIndex()
    assert [index.check(record["id"], record["text"]) for record in SEED_TEXTS] == [None] * 5
    assert len(index) == 5


def test_a_lightly_edited_copy_names_the_kept_article():
    record = SEED_TEXTS[2]
    copy = record["text"].replace("美国国务卿卢比奥", "美国国务卿鲁比奥", 1) + "\n\n（来源：网络）"
    index = NearDuplicateIndex()
    assert index.check(record["id"], record["text"]) is None
    found = index.check("0" * 32, copy)
    assert found is not None
    assert (found.kept_id, found.similarity) == (KEPT_002, 0.9765625)
    assert found.message() == f"near-duplicate of article {KEPT_002} (estimated similarity 0.98)"
    assert len(index) == 1


def test_fold_script_matches_simplified_and_traditional_copies():
    traditional = SEED_TEXTS[1]["text"]
    simplified = _converter("t2s").convert(traditional)
    plain = NearDuplicateIndex()
    plain.check("a" * 32, traditional)
    assert plain.check("b" * 32, simplified) is None
    folded = NearDuplicateIndex(fold_script=True)
    folded.check("a" * 32, traditional)
    found = folded.check("b" * 32, simplified)
    assert found is not None
    assert (found.kept_id, found.similarity) == ("a" * 32, 1.0)


def test_threshold_out_of_range_is_refused():
    with pytest.raises(ValueError, match="threshold"):
        NearDuplicateIndex(0.0)


def _run_index(texts: list[str], threshold: float = 0.8) -> list[tuple[str, float] | None]:
    index = NearDuplicateIndex(threshold)
    results = []
    for number, text in enumerate(texts):
        found = index.check(f"{number:032x}", text)
        results.append(None if found is None else (found.kept_id, found.similarity))
    return results


def test_the_first_copy_is_kept_and_each_later_one_names_its_best_match():
    base = SEED_TEXTS[3]["text"]
    texts = [base, SEED_TEXTS[4]["text"], base + " 补充。", base]
    assert _run_index(texts) == [None, None, (f"{0:032x}", 1.0), (f"{0:032x}", 1.0)]


# A copy stays a copy: k = 5 characters per shingle, so one substituted character
# changes at most 5 shingles of n and J >= (n - 5e) / (n + 5e). With at most one
# edit per 400 characters J >= 0.975, where 9 bands of 13 rows miss a pair with
# probability below 1e-5 and the estimate is 13 bins (4 standard deviations) above 0.8.
@st.composite
def lightly_edited(draw: st.DrawFn) -> tuple[str, str]:
    text = draw(st.sampled_from([record["text"] for record in SEED_TEXTS]))
    characters = list(text)
    edits = draw(st.integers(min_value=0, max_value=len(text) // 400))
    for _ in range(edits):
        position = draw(st.integers(min_value=0, max_value=len(characters) - 1))
        characters[position] = draw(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF))
    return text, "".join(characters)


@given(lightly_edited())
def test_property_a_lightly_edited_copy_is_found(pair):
    original, copy = pair
    results = _run_index([original, copy])
    assert results[0] is None
    assert results[1] is not None
    assert results[1][0] == f"{0:032x}"


# Unrelated texts share almost no 5-character shingles: two independent random
# texts of 200 or more Han characters (from 20,992) have J near 0, and an
# estimate of 0.8 needs 103 of 128 equal bins. Hypothesis draws the generators'
# seeds (distinct), not the characters, so it cannot shrink both texts to one.
def random_text(seed: int, length: int) -> str:
    generator = random.Random(seed)
    return "".join(chr(generator.randint(0x4E00, 0x9FFF)) for _ in range(length))


@given(
    st.lists(st.integers(min_value=0, max_value=2**32), min_size=2, max_size=2, unique=True),
    st.integers(min_value=200, max_value=1500),
)
def test_property_unrelated_texts_are_not_near_duplicates(seeds, length):
    assert _run_index([random_text(seeds[0], length), random_text(seeds[1], length)]) == [None, None]


@given(st.integers(min_value=0, max_value=2**32), st.sampled_from([record["text"] for record in SEED_TEXTS]))
def test_property_a_random_text_is_no_copy_of_a_seed_article(seed, text):
    assert _run_index([text, random_text(seed, len(text))]) == [None, None]


def test_results_do_not_depend_on_how_the_input_is_chunked():
    texts = [record["text"] for record in SEED_TEXTS]
    texts += [text + " 转载" for text in texts]
    whole = _run_index(texts)
    index = NearDuplicateIndex()
    chunked = []
    for start in range(0, len(texts), 3):
        for number in range(start, min(start + 3, len(texts))):
            found = index.check(f"{number:032x}", texts[number])
            chunked.append(None if found is None else (found.kept_id, found.similarity))
    assert chunked == whole
    assert [None if found is None else found[0] for found in whole] == [None] * 5 + [f"{n:032x}" for n in range(5)]


@pytest.fixture
def copies_folder(tmp_path: Path) -> Path:
    """The seeds plus two copies of seed 002 under other titles (so other ids), one also edited."""
    folder = tmp_path / "sources"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("*.json", "*.py", "__pycache__"))
    text = SEED_002.read_text(encoding="utf-8")
    title, rest = text.split("\n", 1)
    (folder / "100_copy.txt").write_text(title + "（转载）\n" + rest, encoding="utf-8")
    edited = rest.replace("美国国务卿卢比奥", "美国国务卿鲁比奥", 1)
    (folder / "101_edited.txt").write_text(title + "（二）\n" + edited, encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", [1, 2])
def test_convert_dedup_near_drops_later_copies(copies_folder, tmp_path, jobs):
    out = tmp_path / "out"
    options = ConvertOptions(formats=("jsonl",), jobs=jobs, dedup="near")
    summary = run_convert(discover([str(copies_folder)]), out, options)
    assert (summary.inputs, summary.converted, summary.rejected) == (7, 5, 2)
    assert (summary.near_duplicates, summary.duplicates) == (2, 0)
    assert dict(summary.rejects_by_code) == {"near-duplicate": 2}
    rejects = read_jsonl(out / "rejects.jsonl")
    assert [(reject["path"].rsplit("/", 1)[1], reject["code"], reject["message"]) for reject in rejects] == [
        ("100_copy.txt", "near-duplicate", f"near-duplicate of article {KEPT_002} (estimated similarity 1.00)"),
        ("101_edited.txt", "near-duplicate", f"near-duplicate of article {KEPT_002} (estimated similarity 0.98)"),
    ]
    assert len(read_jsonl(out / "articles.jsonl")) == 5


def test_convert_without_dedup_keeps_copies(copies_folder, tmp_path):
    summary = run_convert(discover([str(copies_folder)]), tmp_path / "out", ConvertOptions(formats=("jsonl",)))
    assert (summary.articles, summary.near_duplicates) == (7, 0)


@pytest.fixture
def converted(copies_folder, tmp_path) -> Path:
    out = tmp_path / "converted"
    run_convert(discover([str(copies_folder)]), out, ConvertOptions())
    return out


def dedup(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(["dedup", *argv], stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.mark.parametrize(
    ("name", "fmt", "position"),
    [("articles.jsonl", "jsonl", 6), ("articles.parquet", "parquet", 6), ("articles.csv", "csv", 6)],
)
def test_dedup_command_on_each_output_format(converted, tmp_path, name, fmt, position):
    out = tmp_path / f"dedup-{fmt}"
    code, stdout, stderr = dedup(str(converted / name), "-o", str(out))
    assert (code, stderr) == (0, "")
    assert stdout == f"7 articles: 5 kept, 2 near-duplicates (threshold 0.8); wrote {out}/\n"
    assert sorted(path.name for path in out.iterdir()) == sorted([name, "rejects.jsonl", "summary.json"])
    rejects = read_jsonl(out / "rejects.jsonl")
    assert [(r["path"], r["format"], r["code"], r["position"]) for r in rejects] == [
        (str(converted / name), fmt, "near-duplicate", position),
        (str(converted / name), fmt, "near-duplicate", position + 1),
    ]
    assert {reject["message"].split()[3] for reject in rejects} == {KEPT_002}
    from articlekit import read

    kept = [article.id for article in read(out / name)]
    assert kept == [record["id"] for record in SEED_TEXTS]
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["articles"], summary["kept"], summary["near_duplicates"]) == (7, 5, 2)


def test_dedup_command_on_a_convert_folder_writes_every_format(converted, tmp_path):
    out = tmp_path / "dedup"
    code, _, _ = dedup(str(converted), "-o", str(out), "-q", "--near-threshold", "0.995")
    assert code == 0
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["format"], summary["kept"], summary["near_duplicates"]) == ("jsonl", 6, 1)
    assert sorted(summary["outputs"]) == ["csv", "jsonl", "parquet", "rejects", "summary"]


@pytest.mark.parametrize(
    ("partition_by", "folders"),
    [
        ("source", {"source_domain"}),
        ("year", {"published_year"}),
        ("month", {"published_year", "published_month"}),
    ],
)
def test_dedup_keeps_a_partitioned_parquet_dataset_partitioned(copies_folder, tmp_path, partition_by, folders):
    converted = tmp_path / "converted"
    run_convert(discover([str(copies_folder)]), converted, ConvertOptions(partition_by=partition_by))
    out = tmp_path / "dedup"
    code, _, stderr = dedup(str(converted), "-o", str(out), "-q")
    assert (code, stderr) == (0, "")
    written = [path.relative_to(out / "articles.parquet") for path in (out / "articles.parquet").rglob("*.parquet")]
    assert written, "the dataset folder holds no file"
    assert {part.split("=")[0] for path in written for part in path.parts[:-1]} == folders
    from articlekit import read

    kept = sorted(article.id for article in read(out / "articles.parquet"))
    assert kept == sorted(record["id"] for record in SEED_TEXTS)
    assert sorted(article.id for article in read(out / "articles.jsonl")) == kept


def test_dedup_of_a_partitioned_dataset_folder_alone_stays_partitioned(copies_folder, tmp_path):
    converted = tmp_path / "converted"
    run_convert(discover([str(copies_folder)]), converted, ConvertOptions(partition_by="source", formats=("parquet",)))
    out = tmp_path / "dedup"
    code, _, _ = dedup(str(converted / "articles.parquet"), "-o", str(out), "-q")
    assert code == 0
    assert sorted(path.name for path in (out / "articles.parquet").iterdir()) == sorted(
        path.name for path in (converted / "articles.parquet").iterdir()
    )


def test_dedup_command_refuses_to_overwrite_its_input_and_bad_thresholds(converted, tmp_path):
    code, _, stderr = dedup(str(converted), "-o", str(converted))
    assert code == 2
    assert "would overwrite the input" in stderr
    code, _, stderr = dedup(str(converted), "-o", str(tmp_path / "x"), "--near-threshold", "1.5")
    assert code == 2
    assert "must be above 0 and at most 1" in stderr


def test_real_rescraped_digest_items_are_found_without_false_positives():
    """An evaluation gate on real data (tests/eval/dedup/SOURCES.md): bench/eval_dedup.py gives the curve."""
    data = Path(__file__).parent / "eval" / "dedup" / "news-collector-2026-03-01-06.jsonl.gz"
    with gzip.open(data, "rt", encoding="utf-8") as stream:
        items = [json.loads(line) for line in stream]
    index = NearDuplicateIndex()
    first_by_link: dict[str, int] = {}
    rejected, missed = [], []
    for number, item in enumerate(items):
        found = index.check(f"{number:032x}", item["text"])
        earlier = first_by_link.setdefault(item["link"], number)
        if found is not None:
            rejected.append(number)
            assert items[int(found.kept_id, 16)]["link"] == item["link"]  # no false positive, the right kept item
        elif earlier != number:
            missed.append(item["link"])
    assert (len(items), len(rejected)) == (437, 157)
    assert sorted(set(missed)) == [
        "https://github.com/K-Dense-AI/claude-scientific-skills",
        "https://github.com/alibaba/OpenSandbox",
        "https://techcrunch.com/2026/03/04/anthropic-ceo-dario-amodei-calls-openais-messaging-around-military-deal-straight-up-lies-report-says/",
    ]


def test_real_syndicated_copies_at_the_default_threshold():
    """Real cross-outlet copies (tests/eval/dedup/SOURCES.md): page furniture and edits keep most below 0.8.

    The index flags only the near-identical copies and never another outlet's own report of the same event;
    bench/eval_dedup.py prints the whole curve (lower thresholds find more copies on this set).
    """
    data = Path(__file__).parent / "eval" / "dedup" / "syndication.jsonl"
    items = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    index = NearDuplicateIndex()
    flagged = []
    for number, item in enumerate(items):
        found = index.check(f"{number:032x}", item["text"])
        if found is not None:
            kept = items[int(found.kept_id, 16)]
            assert (kept["copy_group"], kept["version"]) == (item["copy_group"], item["version"])
            flagged.append((item["outlet"], kept["outlet"]))
    assert len(items) == 48
    assert flagged == [
        ("usa-today-news.com", "orangecountycoast.com"),
        ("dknetwork.draftkings.com", "dknetwork.draftkings.com"),
    ]
    lowered = NearDuplicateIndex(0.6)
    found_at_06 = [item["outlet"] for n, item in enumerate(items) if lowered.check(f"{n:032x}", item["text"])]
    assert found_at_06 == [
        "globalnews.ca",
        "13newsnow.com",
        "wlns.com",
        "usa-today-news.com",
        "wtop.com",  # the later version of a sports story: a write-through, not an exact copy
        "dknetwork.draftkings.com",
        "jydqpj.xiniu1688.com",
    ]


def test_convert_command_line_dedup_near_with_fold_script(copies_folder, tmp_path):
    traditional = (SEEDS / "001_1e12915c2adf12bb.txt").read_text(encoding="utf-8")
    title, rest = traditional.split("\n", 1)
    simplified = _converter("t2s").convert(rest)
    (copies_folder / "102_simplified.txt").write_text(title + "（简体）\n" + simplified, encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    argv = ["convert", str(copies_folder), "-o", str(tmp_path / "out"), "--to", "jsonl", "-j", "1", "-q"]
    assert run([*argv, "--dedup", "near", "--allow-rejects"], stdout, stderr) == 0
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["near_duplicates"] == 2  # script differs
    assert run([*argv, "--dedup", "near", "--fold-script", "--allow-rejects"], stdout, stderr) == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert (summary["near_duplicates"], summary["articles"]) == (3, 5)


def test_resume_keeps_replayed_articles_in_the_index(copies_folder, tmp_path):
    out = tmp_path / "out"
    options = ConvertOptions(formats=("jsonl",), dedup="near")
    first = run_convert(discover([str(copies_folder)]), out, options)
    before = (out / "articles.jsonl").read_bytes(), (out / "rejects.jsonl").read_bytes()
    title, rest = SEED_002.read_text(encoding="utf-8").split("\n", 1)
    (copies_folder / "103_later.txt").write_text(title + "（三）\n" + rest, encoding="utf-8")
    second = run_convert(discover([str(copies_folder)]), out, replace(options, resume=True))
    assert (first.near_duplicates, second.near_duplicates, second.articles) == (2, 3, 5)
    assert (out / "articles.jsonl").read_bytes() == before[0]
    rejects = read_jsonl(out / "rejects.jsonl")
    assert rejects[-1]["path"].endswith("103_later.txt")
    assert rejects[-1]["message"] == f"near-duplicate of article {KEPT_002} (estimated similarity 1.00)"
    assert (out / "rejects.jsonl").read_bytes().startswith(before[1])
