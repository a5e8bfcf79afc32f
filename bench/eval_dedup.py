"""Measure near-duplicate quality on real data: precision and recall, and the curve over thresholds.

Usage::

    .venv/bin/python bench/eval_dedup.py

Two labelled sets, both described in tests/eval/dedup/SOURCES.md.

**Re-scrapes**: tests/eval/dedup/news-collector-2026-03-01-06.jsonl.gz, 437
items of six daily digests, each with its link.
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

**Syndication**: tests/eval/dedup/syndication.jsonl, 48 pages of 13 news
events from 47 outlets: one wire story republished by different outlets (with
their own page furniture and edits), machine-reworded copies, and the hard
negatives: other outlets' own reports of the same event. A pair is a *copy*
when both pages carry the same version of one text (``copy_group`` and
``version``); a *write-through* when they carry different versions of one wire
story (an early brief and the full story); *same-story* when they report one
event in their own words. Precision and recall count copies against
same-story pairs; write-throughs are reported on their own, since whether a
brief and its full story are duplicates is the dataset builder's call.
Written to bench/results/dedup_syndication.json.
"""

from __future__ import annotations

import gzip
import json
from itertools import combinations
from pathlib import Path

from articlekit.dedup import DEFAULT_THRESHOLD, SHINGLE_SIZE, NearDuplicateIndex, normalize, signature, similarity

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "eval" / "dedup" / "news-collector-2026-03-01-06.jsonl.gz"
SYNDICATION = REPO / "tests" / "eval" / "dedup" / "syndication.jsonl"
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


def _relation(first: dict[str, str], second: dict[str, str]) -> str:
    """How two pages of the syndication set relate: copy, write-through, same-story or unrelated."""
    if first["story"] != second["story"]:
        return "unrelated"
    if first["copy_group"] != second["copy_group"]:
        return "same-story"
    return "copy" if first["version"] == second["version"] else "write-through"


def evaluate_syndication() -> dict[str, object]:
    """Score the syndication set: the pair curve, the write-throughs and the index at the default threshold."""
    items = [json.loads(line) for line in SYNDICATION.read_text(encoding="utf-8").splitlines()]
    signatures = [signature(item["text"]) for item in items]
    pairs = []
    for first, second in combinations(range(len(items)), 2):
        relation = _relation(items[first], items[second])
        pairs.append((first, second, relation, similarity(signatures[first], signatures[second])))
    judged = [pair for pair in pairs if pair[2] != "write-through"]
    truth = [relation == "copy" for _, _, relation, _ in judged]
    curve = []
    for threshold in THRESHOLDS:
        predicted = [score >= threshold for *_, score in judged]
        through = [score >= threshold for _, _, relation, score in pairs if relation == "write-through"]
        curve.append({"threshold": threshold, **_scores(predicted, truth), "write_throughs_matched": sum(through)})
    index = NearDuplicateIndex()
    flagged = []
    for number, item in enumerate(items):
        found = index.check(f"{number:032x}", item["text"])
        if found is not None:
            flagged.append((item["outlet"], items[int(found.kept_id, 16)]["outlet"], round(found.similarity, 3)))
    copy_pairs = [
        (items[a]["outlet"], items[b]["outlet"], round(score, 3))
        for a, b, relation, score in pairs
        if relation == "copy"
    ]
    hardest = max(score for _, _, relation, score in pairs if relation == "same-story")
    return {
        "data": str(SYNDICATION.relative_to(REPO)),
        "pages": len(items),
        "events": len({item["story"] for item in items}),
        "outlets": len({item["outlet"] for item in items}),
        "copy_pairs": copy_pairs,
        "write_through_pairs": sum(relation == "write-through" for *_, relation, _ in pairs),
        "same_story_pairs": sum(relation == "same-story" for *_, relation, _ in pairs),
        "highest_same_story_similarity": round(hardest, 3),
        "curve": curve,
        "flagged_at_default": flagged,
    }


def _print_syndication(results: dict[str, object]) -> None:
    print(
        f"\nsyndication: {results['pages']} pages, {results['events']} events, {results['outlets']} outlets; "
        f"{len(results['copy_pairs'])} copy pairs, {results['write_through_pairs']} write-through pairs, "
        f"{results['same_story_pairs']} same-story pairs "
        f"(highest similarity {results['highest_same_story_similarity']})"
    )
    print("threshold  precision / recall  (copies)   write-throughs matched")
    for row in results["curve"]:  # type: ignore[attr-defined]
        scores = f"{row['precision']:.4f} / {row['recall']:.4f}"
        print(f"{row['threshold']:>9}  {scores}            {row['write_throughs_matched']}")
    print("copy pairs and their estimated similarity:")
    for first, second, score in results["copy_pairs"]:  # type: ignore[attr-defined]
        print(f"  {score:.3f}  {first}  ~  {second}")
    print(f"flagged by the index at {DEFAULT_THRESHOLD}: {results['flagged_at_default']}")


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
    syndication = evaluate_syndication()
    _print_syndication(syndication)
    out = REPO / "bench" / "results" / "dedup_syndication.json"
    out.write_text(json.dumps(syndication, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
