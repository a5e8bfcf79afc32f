"""Measure near-duplicate quality on real re-scraped items: precision and recall, and the curve over thresholds.

Usage::

    .venv/bin/python bench/eval_dedup.py

Data: tests/eval/dedup/news-collector-2026-03-01-06.jsonl.gz (see the
SOURCES.md beside it): 437 items of six daily digests, each with its link.
The same link on several days is the same story scraped again (sometimes
edited: a changed sentence, a re-worded README, a full stop added): those are
the labelled copies; items with different links are distinct stories.

Two views, both printed and written to bench/results/dedup_quality.json:

- **pairs**: every pair of items, labelled a copy when both have one link;
  predicted a copy when the estimated similarity of their signatures reaches
  the threshold. Precision and recall for thresholds 0.5 to 1.0, beside the
  same figures from the exact Jaccard similarity of the shingle sets (what the
  estimate estimates).
- **dedup**: the items in order through :class:`NearDuplicateIndex` (LSH
  included), at the default threshold: an item is truly a copy when its link
  came earlier; predicted when it is rejected.
"""

from __future__ import annotations

import gzip
import json
from itertools import combinations
from pathlib import Path

from articlekit.dedup import DEFAULT_THRESHOLD, SHINGLE_SIZE, NearDuplicateIndex, normalize, signature, similarity

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "eval" / "dedup" / "news-collector-2026-03-01-06.jsonl.gz"
THRESHOLDS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0]


def _shingles(text: str) -> set[str]:
    normal = normalize(text)
    return {normal[start : start + SHINGLE_SIZE] for start in range(max(len(normal) - SHINGLE_SIZE + 1, 1))}


def _scores(predicted: list[bool], truth: list[bool]) -> dict[str, float | int]:
    true_positive = sum(p and t for p, t in zip(predicted, truth, strict=True))
    found, relevant = sum(predicted), sum(truth)
    return {
        "true_positives": true_positive,
        "predicted": found,
        "relevant": relevant,
        "precision": round(true_positive / found, 4) if found else 1.0,
        "recall": round(true_positive / relevant, 4) if relevant else 1.0,
    }


def main() -> None:
    """Run the evaluation and print its figures."""
    with gzip.open(DATA, "rt", encoding="utf-8") as stream:
        items = [json.loads(line) for line in stream]
    signatures = [signature(item["text"]) for item in items]
    shingles = [_shingles(item["text"]) for item in items]
    truth, estimated, exact = [], [], []
    for first, second in combinations(range(len(items)), 2):
        truth.append(items[first]["link"] == items[second]["link"])
        estimated.append(similarity(signatures[first], signatures[second]))
        union = len(shingles[first] | shingles[second])
        exact.append(len(shingles[first] & shingles[second]) / union)
    curve = []
    for threshold in THRESHOLDS:
        curve.append(
            {
                "threshold": threshold,
                "estimated": _scores([score >= threshold for score in estimated], truth),
                "exact_jaccard": _scores([score >= threshold for score in exact], truth),
            }
        )
    index = NearDuplicateIndex()
    seen: set[str] = set()
    rejected, copies = [], []
    for number, item in enumerate(items):
        rejected.append(index.check(f"{number:032x}", item["text"]) is not None)
        copies.append(item["link"] in seen)
        seen.add(item["link"])
    dedup = _scores(rejected, copies)
    misses = [items[n]["link"] for n in range(len(items)) if copies[n] and not rejected[n]]
    false_alarms = [items[n]["link"] for n in range(len(items)) if rejected[n] and not copies[n]]
    results = {
        "data": str(DATA.relative_to(REPO)),
        "items": len(items),
        "pairs": len(truth),
        "copy_pairs": sum(truth),
        "curve": curve,
        "dedup_at_default": {"threshold": DEFAULT_THRESHOLD, **dedup},
        "dedup_missed_links": sorted(set(misses)),
        "dedup_false_alarm_links": sorted(set(false_alarms)),
    }
    print(f"{len(items)} items, {len(truth)} pairs, {sum(truth)} copy pairs ({DATA.name})")
    print("threshold  estimated P / R      exact-Jaccard P / R")
    for row in curve:
        est, ex = row["estimated"], row["exact_jaccard"]
        print(
            f"{row['threshold']:>9}  {est['precision']:.4f} / {est['recall']:.4f}    "
            f"{ex['precision']:.4f} / {ex['recall']:.4f}"
        )
    print(
        f"dedup at {DEFAULT_THRESHOLD}: {dedup['true_positives']} of {dedup['relevant']} later copies rejected, "
        f"{dedup['predicted']} rejected in all: precision {dedup['precision']:.4f}, recall {dedup['recall']:.4f}"
    )
    print(f"missed: {sorted(set(misses))}")
    print(f"false alarms: {sorted(set(false_alarms))}")
    out = REPO / "bench" / "results" / "dedup_quality.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
