"""Memory stays flat: a file ten times longer does not take ten times the memory to validate.

The million-line run with its peak RSS is bench/bench_validate.py; this is its small, fast cousin.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from validate_helpers import record_with_url, rederive

from articlekit.validate import Validation


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
    monkeypatch.setattr("articlekit.validate._SeenIds.duplicates", lambda self: iter(()))
    list(Validation([write(tmp_path / f"warm.{layout}", 10, layout)]).problems())  # caches, imports
    # Both files are larger than the JSON reader's window (a few MiB), so both reach its steady state.
    short = write(tmp_path / f"short.{layout}", 4_000, layout)
    long = write(tmp_path / f"long.{layout}", 16_000, layout)
    assert long.stat().st_size > 4 * short.stat().st_size > 16 * 2**20
    short_peak, long_peak = peak_bytes(short), peak_bytes(long)
    # 12,000 more records may only add their packed ids (28 bytes each) and allocator slack.
    assert long_peak - short_peak < 1 * 2**20, (short_peak, long_peak)
    assert long_peak < long.stat().st_size / 4
