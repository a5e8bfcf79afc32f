"""Benchmark near-duplicate detection: seed-sized articles per second on one core, against datasketch.

Usage::

    .venv/bin/python bench/bench_dedup.py [--articles 20000] [--datasketch 1000]

Articles: each is built from the seeds' paragraphs, drawn at random (fixed
seed) until it is as long as a seed text (1,300 to 2,000 characters); every
fifth is a copy of an earlier one with a few characters changed, so the index
sees real matches. Timed, in the same run and on the same articles:

- ``articlekit``: :class:`articlekit.dedup.NearDuplicateIndex` ``check`` per
  article (signature + LSH lookup + insert), the whole path convert and dedup take;
- ``articlekit --fold-script``: the same with OpenCC folding first;
- ``datasketch``: ``MinHash(num_perm=128)`` updated with the same 5-character
  shingles (``update_batch``), then ``MinHashLSH(threshold=0.8)`` query and
  insert: the library the issue names, on a smaller sample.

Wall-clock and process CPU time are both printed: on a shared machine the CPU
time is the fairer figure for "one core". Writes bench/results/dedup.json.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
from pathlib import Path

from articlekit.dedup import DEFAULT_THRESHOLD, NUM_PERM, SHINGLE_SIZE, NearDuplicateIndex, normalize

REPO = Path(__file__).resolve().parent.parent


def _articles(count: int) -> list[str]:
    seeds = [json.loads(path.read_text(encoding="utf-8")) for path in sorted((REPO / "seeds").glob("*.json"))]
    paragraphs = [block["text"] for record in seeds for block in record["blocks"]]
    lengths = [len(record["text"]) for record in seeds]
    generator = random.Random(16)
    articles: list[str] = []
    for number in range(count):
        if number % 5 == 4:
            characters = list(articles[generator.randrange(len(articles))])
            for _ in range(3):
                characters[generator.randrange(len(characters))] = chr(generator.randint(0x4E00, 0x9FFF))
            articles.append("".join(characters))
            continue
        target = generator.randint(min(lengths), max(lengths))
        parts: list[str] = []
        while sum(map(len, parts)) < target:
            parts.append(generator.choice(paragraphs))
        articles.append("\n\n".join(parts))
    return articles


def _time_articlekit(texts: list[str], fold_script: bool) -> dict[str, float]:
    index = NearDuplicateIndex(fold_script=fold_script)
    wall, cpu = time.perf_counter(), time.process_time()
    found = sum(index.check(f"{number:032x}", text) is not None for number, text in enumerate(texts))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "articles": len(texts),
        "near_duplicates": found,
        "wall_per_second": round(len(texts) / wall),
        "cpu_per_second": round(len(texts) / cpu),
    }


def _time_datasketch(texts: list[str]) -> dict[str, float]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=DEFAULT_THRESHOLD, num_perm=NUM_PERM)
    kept: dict[int, MinHash] = {}  # datasketch's LSH keeps keys only; the check needs the signatures
    wall, cpu = time.perf_counter(), time.process_time()
    found = 0
    for number, text in enumerate(texts):
        normal = normalize(text)
        shingles = {normal[start : start + SHINGLE_SIZE].encode() for start in range(len(normal) - SHINGLE_SIZE + 1)}
        minhash = MinHash(num_perm=NUM_PERM, seed=1)
        minhash.update_batch(list(shingles))
        if any(minhash.jaccard(kept[key]) >= DEFAULT_THRESHOLD for key in lsh.query(minhash)):
            found += 1
            continue
        lsh.insert(number, minhash)
        kept[number] = minhash
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "articles": len(texts),
        "near_duplicates": found,
        "wall_per_second": round(len(texts) / wall),
        "cpu_per_second": round(len(texts) / cpu),
    }


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--datasketch", type=int, default=1000, help="articles for the datasketch run")
    args = parser.parse_args()
    texts = _articles(args.articles)
    mean_length = sum(map(len, texts)) / len(texts)
    results: dict[str, object] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
        "mean_characters": round(mean_length),
        "articlekit": _time_articlekit(texts, fold_script=False),
        "articlekit_fold_script": _time_articlekit(texts[: args.datasketch * 4], fold_script=True),
    }
    try:
        results["datasketch"] = _time_datasketch(texts[: args.datasketch])
    except ImportError:
        results["datasketch"] = "not installed (pip install -e '.[bench]')"
    print(f"{len(texts)} articles, {mean_length:.0f} characters on average; load average {os.getloadavg()}")
    for name in ("articlekit", "articlekit_fold_script", "datasketch"):
        figures = results[name]
        if isinstance(figures, dict):
            print(
                f"{name:24} {figures['cpu_per_second']:>7} articles/s CPU, {figures['wall_per_second']:>7} wall "
                f"({figures['articles']} articles, {figures['near_duplicates']} near-duplicates)"
            )
        else:
            print(f"{name:24} {figures}")
    out = REPO / "bench" / "results" / "dedup.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
