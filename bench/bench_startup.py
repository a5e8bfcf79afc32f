"""Benchmark start-up: ``articlekit --help`` and converting one file, process start to written outputs.

Usage::

    .venv/bin/python bench/bench_startup.py [--runs 9]

Every round runs each case once, in turn, so a machine busy with other work
slows them alike; the figures are the median over the rounds of the wall time
and of the CPU time (user + system) the child process used. ``python -c pass``
runs in the same rounds: what the interpreter alone costs on this machine now.
Targets (issue 14): ``--help`` under 150 ms, one file under 300 ms.

One more run of each articlekit case with ``-X importtime`` lists the
top-level imports that cost most: where the next cut would be.

Prints the figures and writes ``bench/results/startup.json``; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "startup.json"
SEED = ROOT / "seeds" / "000_924425bcc6410fb0.txt"
IMPORTS = (
    "articlekit.api",
    "articlekit.schema",
    "articlekit.converters",
    "articlekit.pipeline",
    "pyarrow",
    "pandas",
    "numpy",
)
"""Modules a single-file convert loads, each timed alone (pandas: pyarrow imports it when it is installed)."""
TARGETS_MS = {"articlekit --help": 150.0, "convert one file (all outputs)": 300.0}


_HIDE_PANDAS = """
import sys
class HidePandas:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "pandas":
            raise ImportError(name)
sys.meta_path.insert(0, HidePandas())
from articlekit.cli import main
sys.exit(main())
"""
"""Runs ``articlekit`` as if pandas were not installed: pyarrow's ``pa.array`` imports pandas when it can, and
articlekit never uses it. The gap to the plain run is what building Arrow arrays without ``pa.array`` would save."""


def _cases(out: Path) -> dict[str, list[str]]:
    python = sys.executable
    convert = [python, "-m", "articlekit", "convert", str(SEED), "-o", str(out), "-j", "1", "-q"]
    return {
        "python -c pass": [python, "-c", "pass"],
        "articlekit --help": [python, "-m", "articlekit", "--help"],
        "convert one file (all outputs)": convert,
        "convert one file (--to jsonl)": [*convert, "--to", "jsonl"],
        "convert one file, pandas hidden": [python, "-c", _HIDE_PANDAS, *convert[3:]],
        # What a single-file convert loads, piece by piece: what making each lazy (or dropping it) would give.
        **{f"import {module}": [python, "-c", f"import {module}"] for module in IMPORTS},
    }


def _run_once(command: list[str], out: Path) -> tuple[float, float]:
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def _top_imports(command: list[str], out: Path, count: int = 8) -> list[tuple[str, float]]:
    """The top-level imports of one run with ``-X importtime``, costliest first (cumulative ms)."""
    shutil.rmtree(out, ignore_errors=True)
    traced = [command[0], "-X", "importtime", *command[1:]]
    done = subprocess.run(traced, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        name = name.removeprefix(" ")
        if not name.startswith("   "):  # the root's imports and theirs: what a lazy import would move
            rows.append((name.strip(), int(cumulative) / 1000))
    return sorted(rows, key=lambda row: -row[1])[:count]


def main() -> None:
    """Run the rounds, print the table and write the results."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9, help="rounds (default: 9)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        cases = _cases(out)
        for command in cases.values():  # warm the file cache and the bytecode cache once
            _run_once(command, out)
        walls: dict[str, list[float]] = {name: [] for name in cases}
        cpus: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, command in cases.items():
                wall, cpu = _run_once(command, out)
                walls[name].append(wall)
                cpus[name].append(cpu)
        imports = {name: _top_imports(cases[name], out) for name in ("articlekit --help", *TARGETS_MS)}
    baseline = statistics.median(walls["python -c pass"])
    results: dict[str, Any] = {
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "load_average": os.getloadavg(),
        "runs": args.runs,
        "seed": SEED.name,
        "cases": {
            name: {
                "command": " ".join(Path(part).name if part == sys.executable else part for part in cases[name]),
                "median_wall_ms": round(statistics.median(walls[name]), 1),
                "median_cpu_ms": round(statistics.median(cpus[name]), 1),
                "median_wall_over_python_ms": round(statistics.median(walls[name]) - baseline, 1),
            }
            for name in cases
        },
        "targets_ms": TARGETS_MS,
        "top_imports_ms": {name: dict(rows) for name, rows in imports.items()},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"start-up, median of {args.runs} rounds (load average {results['load_average'][0]:.1f}):")
    print(f"  {'case':<36} {'wall ms':>9} {'cpu ms':>9} {'wall - python':>14} {'target':>7}")
    for name, case in results["cases"].items():
        target = f"{TARGETS_MS[name]:.0f}" if name in TARGETS_MS else ""
        print(
            f"  {name:<36} {case['median_wall_ms']:>9.1f} {case['median_cpu_ms']:>9.1f} "
            f"{case['median_wall_over_python_ms']:>14.1f} {target:>7}"
        )
    for name, rows in imports.items():
        print(f"top imports of {name} (cumulative ms, one -X importtime run):")
        for module, milliseconds in rows:
            print(f"  {module:<40} {milliseconds:>8.1f}")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
