"""Benchmark ``articlekit report`` on a large Parquet dataset: time and peak memory.

Usage::

    .venv/bin/python bench/bench_report.py [--records 1000000]

Builds the dataset once under bench/results/report-data/ (the seeds' records
converted, then their Arrow table repeated to ``--records`` rows in row groups
of 65,536), then times :func:`articlekit.report.build_report` on it and reports
the peak resident memory of this process before and after. Prints figures;
writes bench/results/report.json. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from articlekit.discover import discover
from articlekit.pipeline import ConvertOptions, run_convert
from articlekit.report import build_report

REPO = Path(__file__).resolve().parent.parent


def _dataset(records: int) -> Path:
    folder = REPO / "bench" / "results" / "report-data"
    target = folder / f"articles-{records}.parquet"
    if target.exists():
        return target
    seeds = folder / "seeds"
    shutil.rmtree(seeds, ignore_errors=True)
    run_convert(discover([str(REPO / "seeds")], "*.txt"), seeds, ConvertOptions(formats=("parquet",)))
    table = pq.read_table(seeds / "articles.parquet")
    group = pa.concat_tables([table] * (65536 // table.num_rows + 1)).slice(0, 65536)
    with pq.ParquetWriter(target, table.schema, compression="zstd") as writer:
        written = 0
        while written < records:
            part = group.slice(0, min(65536, records - written))
            writer.write_table(part)
            written += part.num_rows
    return target


def main() -> None:
    """Build the dataset if needed, time the report, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args()
    path = _dataset(args.records)
    folder = path.parent / "one"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "articles.parquet").symlink_to(path)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    wall, cpu = time.perf_counter(), time.process_time()
    report = build_report(folder)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results = {
        "records": report.articles,
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "records_per_second_cpu": round(report.articles / cpu),
        "peak_rss_mb_before": round(before),
        "peak_rss_mb_after": round(after),
    }
    print(json.dumps(results, indent=2))
    (REPO / "bench" / "results" / "report.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
