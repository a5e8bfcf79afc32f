"""rss-markdown end to end (``articlekit convert --jobs 1``) against trafilatura on the same bodies; never asserts.

Usage::

    .venv/bin/python bench/bench_rss_end_to_end.py --docs 600 --repeat 2

Takes the rss-markdown files (seeds 000 and 003) of the corpus that ``bench/bench_convert.py`` builds
(``bench/corpus/n<size>``), converts them with ``articlekit convert --jobs 1 --to jsonl,parquet,csv``
in a subprocess (interpreter start, detection and all three writers included), and runs trafilatura's
``extract(body, with_metadata=True)`` on the HTML body of each file in this process, alternating.
Rates are per CPU second (``getrusage``): the machine is shared. Printed and written to
``bench/results/rss_end_to_end.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "rss_end_to_end.json"
_SCRIPT = Path(sys.executable).with_name("articlekit")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    """Measure both and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=6000, help="which corpus (bench/corpus/n<size>)")
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    from trafilatura import extract  # benchmark-only dependency

    corpus = ROOT / "bench" / "corpus" / f"n{args.size}"
    paths = sorted(path for path in corpus.rglob("*.txt") if path.stem.endswith(("-000", "-003")))[: args.docs]
    folder = Path(tempfile.mkdtemp(prefix="articlekit-rss-"))
    for path in paths:
        (folder / "in").mkdir(exist_ok=True)
        shutil.copyfile(path, folder / "in" / path.name)
    bodies = [
        re.split(r"^-{3,}[ \t]*$", path.read_text(encoding="utf-8"), maxsplit=1, flags=re.MULTILINE)[1]
        for path in paths
    ]
    ours, theirs = [], []
    try:
        for _ in range(args.repeat):  # alternating, so that a noisy spell hits both
            before = _children_cpu()
            command = [str(_SCRIPT), "convert", str(folder / "in"), "-o", str(folder / "out"), "-j", "1", "-q"]
            subprocess.run(command, check=True)
            ours.append(len(paths) / (_children_cpu() - before))
            started = time.process_time()
            for body in bodies:
                extract(body, with_metadata=True)
            theirs.append(len(bodies) / (time.process_time() - started))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ratio = max(ours) / max(theirs)
    print(f"{len(paths)} rss-markdown files")
    print(f"  articlekit convert end to end  {max(ours):7,.0f} docs per CPU s  (runs {[round(r) for r in ours]})")
    print(f"  trafilatura extract            {max(theirs):7,.0f} docs per CPU s  (runs {[round(r) for r in theirs]})")
    print(f"  ratio (best / best)            {ratio:7.2f}x")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    data = {"docs": len(paths), "articlekit_end_to_end": ours, "trafilatura": theirs, "ratio": round(ratio, 2)}
    RESULTS.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
