"""Benchmark what the entry-point registry costs a fresh process, against importing the converters directly.

Usage::

    .venv/bin/python bench/bench_registry.py [--repeat 7]

Each figure is the median wall time of a fresh ``python -c`` process, in the same run:

- ``bare``: the interpreter starting and importing ``articlekit.converters.base`` (what every variant pays);
- ``direct``: also importing every installed converter module by name (the closed dict's way, plugins included);
- ``registry``: also loading the registry: reading the entry points of ``articlekit.converters`` (built-ins and
  installed plugins), importing and checking each;
- ``scan``: only reading the entry points, importing nothing.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from importlib import metadata

MODULES = sorted({ep.value.split(":")[0] for ep in metadata.entry_points(group="articlekit.converters")})
"""Every converter module installed (built-ins and plugins): what ``direct`` imports by name."""
BASE = "import articlekit.converters.base"
VARIANTS = {
    "bare": BASE,
    "direct": BASE + "; import " + ", ".join(MODULES),
    "registry": BASE + "; from articlekit.converters.registry import load_registry; load_registry()",
    "scan": BASE + "; from importlib import metadata; list(metadata.entry_points(group='articlekit.converters'))",
}


def _median_ms(code: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    """Print the median time of each variant."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    for name, code in VARIANTS.items():
        print(f"{name:9s} {_median_ms(code, repeat):8.1f} ms (median of {repeat} fresh processes)")


if __name__ == "__main__":
    main()
