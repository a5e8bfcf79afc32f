"""Memory stays flat: a file ten times longer does not take ten times the memory to validate.

The million-line run with its peak RSS is bench/bench_validate.py; this is its small, fast cousin.
"""

from __future__ import annotations

import gzip
import json
import tracemalloc
import zlib
from pathlib import Path

import pytest
from validate_helpers import record_with_url, rederive

from articlekit.validation import Validation
from articlekit.validation.jsonl import MAX_LINE_BYTES


def small_record(number: int) -> dict:
    record = record_with_url()
    record.update(url=f"https://example.com/{number}", blocks=record["blocks"][:2], images=[])
    return rederive(record)


def write(path: Path, count: int, layout: str) -> Path:
    with path.open("w", encoding="utf-8") as out:
        if layout == "json":
            out.write("[\n")
        for number in range(count):
            text = json.dumps(small_record(number), ensure_ascii=False)
            out.write(text + (",\n" if layout == "json" and number < count - 1 else "\n"))
        if layout == "json":
            out.write("]\n")
    return path


def peak_bytes(path: Path) -> int:
    """Peak traced memory of reading and checking ``path``; the final pass over the ids is left out
    (it is measured by bench/bench_validate.py and tested in test_validate_runs.py)."""
    run = Validation([path])
    tracemalloc.start()
    try:
        problems = list(run.problems())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == []
    return peak


@pytest.mark.parametrize("layout", ["jsonl", "json"])
def test_peak_memory_does_not_grow_with_the_file(tmp_path, layout, monkeypatch):
    monkeypatch.setattr("articlekit.validation.checking.SeenIds.duplicates", lambda self: iter(()))
    list(Validation([write(tmp_path / f"warm.{layout}", 10, layout)]).problems())  # caches, imports
    # Both files are larger than the JSON reader's window (a few MiB), so both reach its steady state.
    short = write(tmp_path / f"short.{layout}", 4_000, layout)
    long = write(tmp_path / f"long.{layout}", 16_000, layout)
    assert long.stat().st_size > 4 * short.stat().st_size > 16 * 2**20
    short_peak, long_peak = peak_bytes(short), peak_bytes(long)
    # 12,000 more records may only add their packed ids (28 bytes each) and allocator slack.
    assert long_peak - short_peak < 1 * 2**20, (short_peak, long_peak)
    assert long_peak < long.stat().st_size / 4


def test_a_gzip_bomb_line_is_skipped_without_being_held(tmp_path: Path) -> None:
    # A valid record, 48 MiB of zero bytes without a newline (a few KB compressed), another valid record.
    first, last = (json.dumps(small_record(number)).encode() + b"\n" for number in (1, 2))
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(first)]
    parts += [packer.compress(bytes(2**20)) for _ in range(48)]
    parts += [packer.compress(b"\n" + last), packer.flush()]
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(b"".join(parts))
    assert path.stat().st_size < 2**20
    tracemalloc.start()
    try:
        problems = list(Validation([path]).problems())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(problem.code, problem.location.line) for problem in problems] == [("line-too-long", 2)]
    assert str(48 * 2**20) in problems[0].message
    # The line is read up to the limit and no further: never the whole 48 MiB at once.
    assert MAX_LINE_BYTES < peak < MAX_LINE_BYTES + 8 * 2**20, peak


@pytest.mark.parametrize("compressed", [False, True])
def test_the_line_limit_counts_bytes_before_the_line_end(tmp_path: Path, monkeypatch, compressed: bool) -> None:
    # Small limits and reads, so lines cross several reads: a record line is about 2,500 bytes.
    record = json.dumps(small_record(1)).encode()
    monkeypatch.setattr("articlekit.validation.jsonl.MAX_LINE_BYTES", len(record))
    monkeypatch.setattr("articlekit.validation.jsonl._LINE_CHUNK", 100)
    padded = json.dumps(small_record(2)).encode()[:-1] + b" }"  # one byte over the limit
    assert len(padded) == len(record) + 1
    data = b"\n".join([record, padded, json.dumps(small_record(3)).encode(), padded])  # no final line end
    path = tmp_path / ("lines.jsonl.gz" if compressed else "lines.jsonl")
    path.write_bytes(gzip.compress(data) if compressed else data)
    problems = list(Validation([path]).problems())
    assert [(problem.code, problem.location.line) for problem in problems] == [
        ("line-too-long", 2),
        ("line-too-long", 4),
    ]
    assert f"is {len(padded)} bytes long" in problems[0].message
