"""Benchmark format detection: µs per source with every converter, and what the Markdown sniffs add.

Usage::

    .venv/bin/python bench/bench_detect.py [--repeat 200]

Sources: the seeds and every file under ``tests/fixtures/`` (articles of each
family and the non-article files). For each source, ``detect()`` runs with the
full registry and with the registry minus ``markdown-digest`` and
``markdown-page`` (what detection cost before they were added), in the same run;
the two sniffs are also timed alone. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from articlekit.converters import CONVERTERS, detect, markdown_digest, markdown_page
from articlekit.converters.base import Source

REPO = Path(__file__).resolve().parent.parent


def _sources() -> list[Source]:
    paths = sorted((REPO / "seeds").glob("*.txt")) + sorted(
        path for path in (REPO / "tests" / "fixtures").rglob("*") if path.is_file() and path.name != "SOURCES.md"
    )
    sources = []
    for path in paths:
        data = path.read_bytes()
        sources.append(Source(path=str(path), data=data, text=data.decode("utf-8")))
    return sources


def _per_source_us(function: object, sources: list[Source], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        for source in sources:
            function(source)  # type: ignore[operator]
    return (time.perf_counter() - started) / (repeat * len(sources)) * 1e6


def main() -> None:
    """Print µs per source for detection with and without the Markdown converters."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    sources = _sources()
    full = _per_source_us(detect, sources, args.repeat)
    saved = {name: CONVERTERS.pop(name) for name in ("markdown-digest", "markdown-page")}
    try:
        without = _per_source_us(detect, sources, args.repeat)
    finally:
        CONVERTERS.update(saved)
    digest = _per_source_us(markdown_digest.sniff, sources, args.repeat)
    page = _per_source_us(markdown_page.sniff, sources, args.repeat)
    print(f"{len(sources)} sources, {args.repeat} rounds")
    print(f"detect, all {len(CONVERTERS)} converters:          {full:8.1f} µs/source")
    print(f"detect, without markdown-digest/page:  {without:8.1f} µs/source")
    print(f"markdown-digest sniff alone:           {digest:8.1f} µs/source")
    print(f"markdown-page sniff alone:             {page:8.1f} µs/source")


if __name__ == "__main__":
    main()
