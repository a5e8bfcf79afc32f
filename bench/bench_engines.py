"""Benchmark `articlekit convert` on three engines in one run: Spark local[2], Ray with 2 CPUs, local --jobs 2.

Usage::

    .venv/bin/pip install -e '.[spark,ray]'
    .venv/bin/python bench/bench_engines.py                       # the 20,000-file corpus and a tenth of it
    .venv/bin/python bench/bench_engines.py --sizes 200,600       # a short run on a busy machine

What it does:

1. Builds the corpus of ``bench/bench_convert.py`` (varied copies of the seeds,
   ``bench/corpus/n<size>/``) for the largest size; a smaller size converts a
   copy of its first files, in the order a local run walks them.
2. For each size, converts it with each engine in a subprocess
   (``articlekit convert DIR --to jsonl,parquet --quiet --engine …``), the
   engines alternating, and times the wall clock (interpreter, JVM and Ray
   start-up included: that is what a user waits for).
3. Fits ``seconds = start-up + files × cost per file`` per engine through the
   two sizes, and reports docs/s at each size, the fixed start-up cost, the
   cost per file, and the input size from which the start-up is less than 10%
   of the run (``9 × start-up / cost per file``), and the same for the engine's
   overhead over local ``--jobs 2`` (the size from which the engine's extra
   seconds are under 10% of its run, when its cost per file is within 10% of
   local's; otherwise never).

Every figure is printed and written to ``bench/results/engines.json``. The
machine may be shared: the figures are wall clock, so state the load with them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_convert import build_corpus  # noqa: E402 - a sibling script, not a package

RESULTS = HERE / "results" / "engines.json"
ENGINES = {
    "local --jobs 2": ["--jobs", "2"],
    "spark local[2]": ["--engine", "spark", "--engine-option", "spark.master=local[2]"],
    "ray 2 CPUs": ["--engine", "ray", "--engine-option", "ray.num_cpus=2"],
}
_ARTICLEKIT = [sys.executable, "-c", "import sys; from articlekit.cli import main; sys.exit(main())"]


def _subset(corpus: Path, size: int, work: Path) -> Path:
    """A copy of the first ``size`` files of the corpus (in the order a local run walks it), in its folder layout."""
    folder = work / f"n{size}"
    files = [file for sub in sorted(p for p in corpus.iterdir() if p.is_dir()) for file in sorted(sub.iterdir())]
    for file in files[:size]:
        target = folder / file.parent.name / file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
    return folder


def _time(engine: list[str], source: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    done = subprocess.run(
        [*_ARTICLEKIT, "convert", str(source), "-o", str(out), "--to", "jsonl,parquet", "--quiet", *engine],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(engine)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds


def _fit(sizes: list[int], seconds: list[float]) -> tuple[float, float]:
    """Least-squares line through (size, seconds): the start-up (intercept) and the cost per file (slope)."""
    mean_x, mean_y = sum(sizes) / len(sizes), sum(seconds) / len(seconds)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(sizes, seconds, strict=True)) / sum(
        (x - mean_x) ** 2 for x in sizes
    )
    return mean_y - slope * mean_x, slope


def main() -> None:
    """Run the benchmark and write bench/results/engines.json."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,20000", help="comma-separated corpus sizes (default: 2000,20000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per engine and size; the best counts")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    if len(sizes) < 2:
        raise SystemExit("give at least two sizes: the start-up cost is fitted through them")
    corpus = build_corpus(sizes[-1])
    results: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_1min": os.getloadavg()[0]},
        "sizes": sizes,
        "engines": {},
    }
    timings: dict[str, list[float]] = {name: [] for name in ENGINES}
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        for size in sizes:
            source = corpus if size == sizes[-1] else _subset(corpus, size, work)
            for name, engine in ENGINES.items():
                best = min(_time(engine, source, work / "out") for _ in range(args.repeat))
                timings[name].append(best)
                print(f"{name:>16}  {size:>7,} files  {best:8.1f} s  {size / best:7.1f} docs/s", flush=True)
    local_startup, local_per_file = _fit(sizes, timings["local --jobs 2"])
    for name, seconds in timings.items():
        startup, per_file = _fit(sizes, seconds)
        below_10 = 9 * startup / per_file if per_file > 0 else None
        extra_startup, extra_per_file = startup - local_startup, per_file - local_per_file
        # The engine's extra time (over local --jobs 2) is under 10% of its run from this size on.
        overhead_10 = None
        if extra_per_file < 0.1 * per_file:
            denominator = 0.1 * per_file - extra_per_file
            overhead_10 = max(0.0, (extra_startup - 0.1 * startup) / denominator)
        results["engines"][name] = {
            "seconds": dict(zip(map(str, sizes), seconds, strict=True)),
            "docs_per_second": {str(size): size / second for size, second in zip(sizes, seconds, strict=True)},
            "startup_seconds": startup,
            "seconds_per_file": per_file,
            "files_from_which_startup_is_under_10_percent": below_10,
            "files_from_which_overhead_over_local_is_under_10_percent": overhead_10,
        }
        print(
            f"{name:>16}  start-up {startup:6.1f} s  per file {1000 * per_file:6.2f} ms  "
            f"start-up < 10% from {below_10 or float('nan'):,.0f} files  "
            f"overhead over local < 10% from {'never' if overhead_10 is None else f'{overhead_10:,.0f} files'}"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
