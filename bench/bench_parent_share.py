"""How the CPU time of ``convert --jobs N`` splits between the main process and its workers; never asserts.

Usage::

    .venv/bin/python bench/bench_parent_share.py bench/corpus/n6000/0000 bench/corpus/n6000/0001 --jobs 2

With ``--jobs`` > 1 the workers convert and the main process orders, deduplicates and writes. The main
process's share of the CPU time is the most a faster hand-over (workers sending ready bytes) could win
back, so it says how far ``--jobs 2`` can get from twice one job. CPU time (``getrusage``): the machine
is shared. The workers are the forkserver's children, which ``RUSAGE_CHILDREN`` does not see, so the
whole work is measured by a ``--jobs 1`` run in the same process (after a first run has loaded every
module, so that imports count in neither). Figures are printed and written to ``bench/results/parent_share.json``.
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


def _cpu_of_run(sources: list[str], jobs: int) -> tuple[float, int, float]:
    """CPU seconds of this process for one run, its inputs, and its wall seconds."""
    out = Path(tempfile.mkdtemp(prefix="articlekit-share-"))
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    try:
        summary = run_convert(discover(sources), out, ConvertOptions(jobs=jobs))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, summary.inputs, wall


def main(argv: list[str] | None = None) -> int:
    """Convert the sources once with ``--jobs`` workers and print the CPU split."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    _cpu_of_run(args.sources, 1)  # warm-up: imports and lazy loads out of the figures
    whole, inputs, _ = _cpu_of_run(args.sources, 1)
    parent, _, wall = _cpu_of_run(args.sources, args.jobs)
    share = parent / whole
    print(f"{inputs:,} inputs")
    print(f"  --jobs 1: {whole:7.2f} CPU s ({1000 * whole / inputs:.2f} ms per input): all the work")
    per_input = 1000 * parent / inputs
    print(f"  --jobs {args.jobs}: main process {parent:7.2f} CPU s ({per_input:.2f} ms per input), {wall:.1f} s wall")
    # Two cores do the workers' work (about the --jobs 1 work) plus the main process's: (1 + share) / 2.
    print(f"  main process share: {share:.1%}; bound on --jobs 2 vs one job: {2 / (1 + share):.2f}x")
    data = {
        "inputs": inputs,
        "jobs": args.jobs,
        "jobs1_cpu_s": round(whole, 2),
        "main_cpu_s": round(parent, 2),
        "main_share": round(share, 3),
        "wall_s": round(wall, 2),
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
