"""Profile ``convert --jobs 1`` in process, in CPU time, and print where the time goes; never asserts.

Usage::

    .venv/bin/python bench/profile_pipeline.py bench/corpus/n6000/0000 bench/corpus/n6000/0001 \
        --top 25 --results bench/results/profile_pipeline.json

The profiler's clock is ``time.process_time``: the machine is shared, and CPU time is what other busy
processes disturb least. Besides the top entries by own time, it prints the entries that belong to the
pipeline around the converters (writers, journal, detection, validation, serialisation), grouped by
name, so that a run of an older checkout gives the "before" column of the same table.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

from articlekit.discover import discover
from articlekit.pipeline import ConvertOptions, run_convert

GROUPS = {
    "whole run (run_convert)": ("pipeline.py", "run_convert"),
    "detection (converters.detect)": ("converters/__init__.py", "detect"),
    "model validation (validate_python)": ("~", "<method 'validate_python'"),
    "serialisation (model_dump_json / to_json)": ("~", "<method 'to_json'"),
    "dataclasses.asdict": ("dataclasses.py", "asdict"),
    "JSONL writer": ("exporters/jsonl.py", "write"),
    "Parquet writer": ("exporters/parquet.py", "write"),
    "CSV bundle writer": ("exporters/csv_bundle.py", "write"),
    "journal": ("articlekit/journal.py", "*"),
    "normalize_inline": ("articlekit/text.py", "normalize_inline"),
    "normalize_block": ("articlekit/text.py", "normalize_block"),
}


def _group(stats: pstats.Stats, file_part: str, function: str) -> tuple[int, float, float]:
    calls, own, cumulative = 0, 0.0, 0.0
    for (filename, _, name), (_, ncalls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        if file_part not in filename or (function != "*" and not name.startswith(function)):
            continue
        calls += ncalls
        own += tottime
        cumulative = max(cumulative, cumtime)
    return calls, own, cumulative


def main(argv: list[str] | None = None) -> int:
    """Profile one in-process convert over the given sources and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--results", type=Path)
    args = parser.parse_args(argv)
    out = Path(tempfile.mkdtemp(prefix="articlekit-profile-"))
    profile = cProfile.Profile(time.process_time)
    try:
        profile.enable()
        summary = run_convert(discover(args.sources), out, ConvertOptions(jobs=1))
        profile.disable()
    finally:
        shutil.rmtree(out, ignore_errors=True)
    stats = pstats.Stats(profile)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"{summary.inputs:,} inputs, {summary.articles:,} articles, {total:.2f} CPU s under the profiler")
    print(f"  -> {summary.inputs / total:,.0f} inputs per profiled CPU second\n")
    rows = {}
    print(f"{'group':45} {'calls':>9} {'own s':>8} {'cum s':>8} {'cum %':>6}")
    for label, (file_part, function) in GROUPS.items():
        calls, own, cumulative = _group(stats, file_part, function)
        rows[label] = {"calls": calls, "own_s": round(own, 3), "cumulative_s": round(cumulative, 3)}
        print(f"{label:45} {calls:9,} {own:8.3f} {cumulative:8.3f} {100 * cumulative / total:5.1f}%")
    print()
    stats.sort_stats("tottime").print_stats(args.top)
    if args.results:
        args.results.parent.mkdir(parents=True, exist_ok=True)
        data = {"inputs": summary.inputs, "cpu_seconds": round(total, 3), "groups": rows}
        args.results.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
