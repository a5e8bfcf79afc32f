"""How the CPU time of ``convert --jobs N`` splits between the main process and its workers; never asserts.

Usage::

    .venv/bin/python bench/bench_parent_share.py bench/corpus/n6000/0000 bench/corpus/n6000/0001 --jobs 2

With ``--jobs`` > 1 the workers convert and the main process orders, deduplicates and writes. The main
process's share of the CPU time is the most a faster hand-over (workers sending ready bytes) could win
back, so it says how far ``--jobs 2`` can get from twice one job. CPU time (``getrusage``): the machine
is shared. Figures are printed and written to ``bench/results/parent_share.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from articlekit.discover import discover
from articlekit.pipeline import ConvertOptions, run_convert

RESULTS = Path(__file__).resolve().parent / "results" / "parent_share.json"


def main(argv: list[str] | None = None) -> int:
    """Convert the sources once with ``--jobs`` workers and print the CPU split."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    out = Path(tempfile.mkdtemp(prefix="articlekit-share-"))
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    try:
        summary = run_convert(discover(args.sources), out, ConvertOptions(jobs=args.jobs))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers and the forkserver, all ended
    parent = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    workers = children.ru_utime + children.ru_stime
    share = parent / (parent + workers)
    print(f"{summary.inputs:,} inputs with --jobs {args.jobs}: {wall:.1f} s wall")
    print(f"  main process CPU  {parent:7.2f} s  ({1000 * parent / summary.inputs:.2f} ms per input)")
    print(f"  workers CPU       {workers:7.2f} s  ({1000 * workers / summary.inputs:.2f} ms per input)")
    print(f"  main process share of the CPU time: {share:.1%}")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "inputs": summary.inputs,
        "jobs": args.jobs,
        "wall_s": round(wall, 2),
        "main_cpu_s": round(parent, 2),
        "workers_cpu_s": round(workers, 2),
        "main_share": round(share, 3),
    }
    args.results.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
