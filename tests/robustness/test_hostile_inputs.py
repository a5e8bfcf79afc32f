"""The hostile-input corpus (tests/hostile/) through ``convert``: every input's exact outcome, nothing lost.

The corpus is built in a temporary folder by tests/hostile/make_corpus.py and
converted once, as ``articlekit convert`` does it (discover, then run_convert,
one process). Every input must end as exactly one record or one reject with
the code asserted here, and summary.json must account for all of them.

The unreadable file. A chmod 000 file stops reads only for a process without
CAP_DAC_OVERRIDE, and the tests may run as root (as they do in containers).
Mocking the read would not test the pipeline; running the CLI as another user
needs an interpreter that user may execute. Linux capabilities are per thread,
so the corpus is converted in a thread that first drops CAP_DAC_OVERRIDE and
CAP_DAC_READ_SEARCH from its effective set: permissions then bind root too, in
the real pipeline. Where that cannot be done (not Linux), only the assertion
on that one file is skipped, with the reason; its content is an article of its
own, so no other input's outcome depends on it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gzip
import hashlib
import io
import json
import os
import sys
import threading
import tracemalloc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from checks import SharedBuild
from hostile.make_corpus import (
    DEEP_TEXT,
    SEED_000,
    SEED_001,
    SEED_002,
    SEED_003,
    SEED_004,
    UNREADABLE,
    make_corpus,
)

from articlekit.cli import run
from articlekit.decode import DEFAULT_MAX_BYTES
from articlekit.discover import Input, discover
from articlekit.pipeline import ConvertOptions, Summary, process, run_convert

T = TypeVar("T")
LABEL = "hostile"

_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2
_LINUX_CAPABILITY_VERSION_3 = 0x20080522


class _CapabilityHeader(ctypes.Structure):
    _fields_ = (("version", ctypes.c_uint32), ("pid", ctypes.c_int))


class _CapabilityData(ctypes.Structure):
    _fields_ = (("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32))


def _drop_permission_override() -> bool:
    """Stop file permissions from being overridden in the calling thread; whether that worked."""
    if os.geteuid() != 0:
        return True
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    header = _CapabilityHeader(_LINUX_CAPABILITY_VERSION_3, 0)  # pid 0: this thread
    data = (_CapabilityData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        return False
    data[0].effective &= ~((1 << _CAP_DAC_OVERRIDE) | (1 << _CAP_DAC_READ_SEARCH))
    return bool(libc.capset(ctypes.byref(header), data) == 0)


def _in_thread_bound_by_permissions(work: Callable[[], T]) -> tuple[T, bool]:
    """Run ``work`` in a thread whose file reads obey permissions where possible.

    Returns:
        What ``work`` returned, and whether permissions bound the thread.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["bound"] = _drop_permission_override()
            outcome["value"] = work()
        except BaseException as error:  # noqa: BLE001 - handed to the test thread and raised there
            outcome["error"] = error

    thread = threading.Thread(target=target, name="hostile-corpus")
    thread.start()
    thread.join()  # untimed: pytest-timeout's global limit ends a run that hangs
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"], outcome["bound"]


@dataclass(frozen=True)
class CorpusRun:
    """One convert run over the corpus and what it wrote."""

    folder: Path
    summary: Summary
    summary_json: dict[str, Any]
    records: dict[str, list[dict[str, Any]]]
    rejects: dict[str, list[dict[str, Any]]]
    inputs: list[str]
    permissions_bind: bool


def _name(path: str) -> str:
    return path.removeprefix(LABEL + "/")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, build_once: SharedBuild) -> CorpusRun:
    folder = build_once("hostile-corpus", lambda dest: make_corpus(dest / LABEL))  # 50 MB: once per run
    out = tmp_path_factory.mktemp("out")

    def convert() -> tuple[Summary, list[str]]:
        inputs = list(discover([str(folder)], labels={str(folder): LABEL}))
        return run_convert(inputs, out, ConvertOptions(formats=("jsonl",), jobs=1)), [i.path for i in inputs]

    (summary, inputs), bound = _in_thread_bound_by_permissions(convert)
    records: dict[str, list[dict[str, Any]]] = {}
    for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records.setdefault(_name(record["provenance"]["path"]), []).append(record)
    rejects: dict[str, list[dict[str, Any]]] = {}
    for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines():
        reject = json.loads(line)
        rejects.setdefault(_name(reject["path"]), []).append(reject)
    summary_json = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return CorpusRun(folder, summary, summary_json, records, rejects, [_name(path) for path in inputs], bound)


# --- what each input must give ----------------------------------------------------------------------------

REJECTED: dict[str, tuple[str | None, str]] = {
    # name: (format tried, reject code)
    "empty.txt": (None, "empty"),
    "whitespace.txt": (None, "empty"),
    "nul-filled.txt": (None, "binary"),
    "image.png": (None, "binary"),
    "large-50mb.txt": (None, "too-large"),
    "single-line-10mb.txt": (None, "too-large"),
    "gzip-bomb.txt.gz": (None, "too-large"),
    "truncated.txt.gz": (None, "undecodable"),
    "corrupt.txt.gz": (None, "undecodable"),
    "fifo": (None, "empty"),  # no writer: read as empty, never waited for
    "links/loop-a": (None, "unreadable"),
    "links/loop-b": (None, "unreadable"),
    "links/dangling": (None, "unreadable"),
    UNREADABLE: (None, "unreadable"),
    "unknown-format.txt": (None, "unknown-format"),
    "title-only.txt": (None, "unknown-format"),
    "header-only.txt": ("rss-markdown", "no-body"),
    # Markdown nesting is capped (markdown-it's maxNesting, 20): text 100,000 quotes deep is not read.
    "deep-markdown-quotes.md": ("hugo-markdown", "no-body"),
    "deep-yaml.md": ("hugo-markdown", "bad-front-matter"),
    "yaml-alias-bomb.md": ("hugo-markdown", "bad-front-matter"),
    "yaml-python-tag.md": ("hugo-markdown", "bad-front-matter"),
    "yaml-python-name.md": ("hugo-markdown", "bad-front-matter"),
    "front-matter-list.md": ("hugo-markdown", "bad-front-matter"),
    "front-matter-scalar.md": ("hugo-markdown", "bad-front-matter"),
    "front-matter-unclosed.md": ("hugo-markdown", "bad-front-matter"),
    "front-matter-bad-toml.md": ("hugo-markdown", "bad-front-matter"),
    # The same article as seed-002.cr.txt, which comes first in name order: kept once.
    "seed-002.gbk.txt": ("selfmedia-text", "duplicate"),
    "seed-002.txt.gz": ("selfmedia-text", "duplicate"),
}

_LOCAL_DATE_RECORD = {"published_at": None, "published_offset_assumed": False, "retrieved_at": None}
CONVERTED: dict[str, dict[str, Any]] = {
    # name: the record's fields that the input is about ("format" is provenance.format)
    "date-31-february.txt": {
        "format": "daydaynews-text",
        **_LOCAL_DATE_RECORD,
        "flags": ["published-at-unparseable"],
        "categories": ["國際"],
        "blocks": [{"kind": "paragraph", "text": "這一天並不存在,文章本身完好。"}],
    },
    "date-hour-24.txt": {
        "format": "selfmedia-text",
        **_LOCAL_DATE_RECORD,
        "flags": ["published-at-unparseable"],
        "authors": ["作者"],
        "blocks": [{"kind": "paragraph", "text": "这一刻并不存在,文章本身完好。"}],
    },
    "date-year-0.md": {
        "format": "hugo-markdown",
        **_LOCAL_DATE_RECORD,
        "flags": ["published-at-unparseable"],
        "title": "公元零年",
    },
    "date-far-future.txt": {
        "format": "selfmedia-text",
        **_LOCAL_DATE_RECORD,
        "flags": ["published-at-implausible"],
    },
    "date-before-1990.md": {
        "format": "hugo-markdown",
        **_LOCAL_DATE_RECORD,
        "flags": ["published-at-implausible"],
    },
    "epoch-seconds.txt": {
        "format": "rss-markdown",
        "published_at": "2025-02-08T08:38:35Z",
        "retrieved_at": None,
        "flags": ["retrieved-at-implausible"],
    },
    "epoch-seconds-undated.txt": {
        "format": "rss-markdown",
        "published_at": None,
        "retrieved_at": None,
        "flags": ["retrieved-at-implausible"],
    },
    "epoch-overflow.txt": {
        "format": "rss-markdown",
        "published_at": "2025-02-08T08:38:35Z",
        "retrieved_at": None,
        "flags": ["retrieved-at-implausible"],
    },
    "published-after-retrieval.txt": {
        "format": "rss-markdown",
        "published_at": "2025-02-08T08:39:03Z",
        "retrieved_at": "2025-02-08T08:39:03Z",
        "flags": ["published-at-implausible", "published-at-from-retrieval"],
    },
    "deep-html.txt": {
        "format": "rss-markdown",
        "title": "深层嵌套",
        "flags": ["published-at-from-retrieval"],
        "blocks": [{"kind": "paragraph", "text": DEEP_TEXT}],
    },
    "truncated-utf8.txt": {
        "format": "daydaynews-text",
        "encoding": "utf-8",
        "published_at": "2025-02-10T11:20:38+08:00",
        "blocks": [
            {"kind": "paragraph", "text": "第一段完整。"},
            {"kind": "paragraph", "text": "第二段在這裡被截"},  # up to the cut character
        ],
    },
}

SEED_COPIES: dict[str, tuple[Path, str]] = {
    # name: (seed it is a copy of, encoding recorded); each must give the seed's golden record
    "seed-000.utf-16.txt": (SEED_000, "utf-16"),
    "seed-001.big5.txt": (SEED_001, "big5hkscs"),
    "seed-002.gbk.txt": (SEED_002, "gb18030"),
    "seed-002.cr.txt": (SEED_002, "utf-8"),
    "seed-002.txt.gz": (SEED_002, "utf-8"),
    "seed-003.mixed-endings.txt": (SEED_003, "utf-8"),
    "seed-004.crlf.md": (SEED_004, "utf-8"),
}
CONVERTED_COPIES = (
    "seed-000.utf-16.txt",
    "seed-001.big5.txt",
    "seed-002.cr.txt",
    "seed-003.mixed-endings.txt",
    "seed-004.crlf.md",
)


def _field(record: dict[str, Any], name: str) -> Any:
    if name in ("format", "encoding"):
        return record["provenance"][name]
    return record[name]


def test_the_corpus_is_what_this_test_expects(corpus: CorpusRun) -> None:
    expected = set(REJECTED) | set(CONVERTED) | set(CONVERTED_COPIES)
    assert sorted(corpus.inputs) == sorted(expected)
    assert len(corpus.inputs) == len(set(corpus.inputs))


def test_every_input_is_accounted_for_exactly_once(corpus: CorpusRun) -> None:
    summary = corpus.summary_json
    assert summary["inputs"] == len(corpus.inputs) == summary["converted"] + summary["rejected"]
    assert summary["articles"] == sum(len(records) for records in corpus.records.values())
    for name in corpus.inputs:
        assert (name in corpus.records) + len(corpus.rejects.get(name, [])) == 1, name
    assert set(corpus.records) | set(corpus.rejects) == set(corpus.inputs)
    assert summary["rejects_by_code"] == dict(
        sorted(Counter(reject["code"] for rejects in corpus.rejects.values() for reject in rejects).items())
    )
    assert (corpus.summary.inputs, corpus.summary.converted) == (summary["inputs"], summary["converted"])


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_rejected_input_has_its_exact_code(corpus: CorpusRun, name: str) -> None:
    if name == UNREADABLE and not corpus.permissions_bind:
        pytest.skip("running as root where CAP_DAC_OVERRIDE cannot be dropped: chmod 000 does not stop reads")
    [reject] = corpus.rejects[name]
    assert (reject["format"], reject["code"]) == REJECTED[name]
    assert reject["path"] == f"{LABEL}/{name}"
    assert reject["message"]


def test_too_large_rejects_name_the_limit(corpus: CorpusRun) -> None:
    messages = {name: corpus.rejects[name][0]["message"] for name in ("large-50mb.txt", "gzip-bomb.txt.gz")}
    assert messages == {
        "large-50mb.txt": f"larger than the limit of {DEFAULT_MAX_BYTES} bytes (see --max-bytes)",
        "gzip-bomb.txt.gz": f"decompresses to more than {DEFAULT_MAX_BYTES} bytes",
    }


def test_duplicates_name_the_article_that_was_kept(corpus: CorpusRun) -> None:
    [kept] = corpus.records["seed-002.cr.txt"]
    for name in ("seed-002.gbk.txt", "seed-002.txt.gz"):
        assert corpus.rejects[name][0]["message"].startswith(f"article {kept['id']} was already converted")


@pytest.mark.parametrize("name", sorted(CONVERTED))
def test_converted_input_gives_its_exact_record(corpus: CorpusRun, name: str) -> None:
    [record] = corpus.records[name]
    expected = CONVERTED[name]
    assert {field: _field(record, field) for field in expected} == expected


def _golden(seed: Path, path: str, data: bytes, encoding: str) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(seed.with_suffix(".expected.json").read_text(encoding="utf-8"))
    provenance = record["provenance"]
    provenance.update(path=path, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding)
    return record


@pytest.mark.parametrize("name", CONVERTED_COPIES)
def test_seed_copy_in_the_corpus_gives_the_seed_record(corpus: CorpusRun, name: str) -> None:
    seed, encoding = SEED_COPIES[name]
    [record] = corpus.records[name]
    data = (corpus.folder / name).read_bytes()
    assert record == _golden(seed, f"{LABEL}/{name}", gzip.decompress(data) if name.endswith(".gz") else data, encoding)


@pytest.mark.parametrize("name", sorted(SEED_COPIES))
def test_each_seed_copy_alone_gives_the_seed_record(corpus: CorpusRun, name: str) -> None:
    """Copies the corpus run rejected as duplicates are checked on their own here."""
    seed, encoding = SEED_COPIES[name]
    outcome = process(Input(name, corpus.folder / name))
    assert outcome.reject is None
    [article] = outcome.articles
    data = (corpus.folder / name).read_bytes()
    data = gzip.decompress(data) if name.endswith(".gz") else data
    assert article.model_dump(mode="json") == _golden(seed, name, data, encoding)


def test_the_python_tag_ran_nothing(corpus: CorpusRun) -> None:
    assert not (corpus.folder / "articlekit-pwned.txt").exists()
    assert not Path("articlekit-pwned.txt").exists()


MIB = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "most_held"),
    [
        # A file is read up to the limit plus one byte; the 50 MB and 10 MB files are never read whole.
        ("large-50mb.txt", DEFAULT_MAX_BYTES + MIB),
        ("single-line-10mb.txt", DEFAULT_MAX_BYTES + MIB),
        # Inflating stops one byte past the limit: the limit twice (input buffer and output), not 100 MiB.
        ("gzip-bomb.txt.gz", 2 * DEFAULT_MAX_BYTES + MIB),
    ],
)
def test_too_large_input_is_refused_without_reading_it_all(corpus: CorpusRun, name: str, most_held: int) -> None:
    tracemalloc.start()
    try:
        outcome = process(Input(name, corpus.folder / name))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcome.reject is not None
    assert outcome.reject.code == "too-large"
    assert peak < most_held


def test_a_higher_max_bytes_reads_the_10_mb_line_and_rejects_it_as_unknown(corpus: CorpusRun, tmp_path: Path) -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    line = corpus.folder / "single-line-10mb.txt"
    out = tmp_path / "out-10mb"
    code = run(
        ["convert", str(line), "-o", str(out), "--to", "jsonl", "-j", "1", "--max-bytes", str(16 << 20)], stdout, stderr
    )
    assert (code, stderr.getvalue()) == (1, "")
    [reject] = [json.loads(text) for text in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (reject["path"], reject["code"]) == (str(line), "unknown-format")


@pytest.mark.parametrize("format", ["daydaynews-text", "hugo-markdown", "rss-markdown", "selfmedia-text"])
def test_every_converter_refuses_the_10_mb_line(corpus: CorpusRun, format: str) -> None:
    line = corpus.folder / "single-line-10mb.txt"
    outcome = process(Input(line.name, line), format=format, max_bytes=16 << 20)
    assert outcome.reject is not None
    expected = {"daydaynews-text": "no-body", "selfmedia-text": "no-body"}.get(format, "bad-header")
    assert (outcome.reject.format, outcome.reject.code) == (format, expected)
