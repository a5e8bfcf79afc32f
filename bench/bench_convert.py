"""Benchmark ``articlekit convert`` at scale and against trafilatura; print figures, never assert.

Usage::

    .venv/bin/python bench/bench_convert.py            # 20,000-file corpus, every measurement
    .venv/bin/python bench/bench_convert.py --large    # also peak RSS at 200,000 inputs vs 20,000
    .venv/bin/python bench/bench_convert.py --large --memory-only --repeat 1   # only the end-to-end runs and RSS
    .venv/bin/python bench/bench_convert.py --repeat 5 --size 20000
    .venv/bin/python bench/bench_convert.py --profile --converter-docs 500   # cProfile of each converter

(trafilatura is a benchmark-only dependency: ``pip install -e '.[bench]'``; without it
that measurement is skipped.)

What it does, in one run:

1. Builds a corpus of ``--size`` files under ``bench/corpus/n<size>/`` from the
   seeds (``seeds/*.txt``), once; later runs reuse it. Every file differs from
   every other: titles, URLs, publication dates and epoch headers, paragraph order,
   a duplicated paragraph, view counts. Each still converts, and ids differ, so
   none is a ``duplicate`` reject. The seeds take equal shares of the corpus.
2. End to end: ``articlekit convert CORPUS --to jsonl,parquet,csv --quiet`` in a
   subprocess, with ``--jobs 1`` and with every usable core, ``--repeat`` times
   each, alternating: docs/s and MB/s of input (wall clock, interpreter start
   included), peak RSS of the largest process (``getrusage(RUSAGE_CHILDREN)`` in a
   wrapper process) and of the whole process tree (sampled every 50 ms). For
   ``--jobs 1`` also docs per CPU second of the run, which other busy processes on
   a shared machine disturb far less than the wall clock.
3. Each converter alone, in this process: ``convert()`` over up to
   ``--converter-docs`` files of its own format, already read and decoded.
4. trafilatura's ``extract(html, with_metadata=True)`` on the HTML bodies (the part
   after the ``------`` line) of ``--trafilatura-docs`` rss-markdown files, and the
   rss-markdown converter on the same files, alternating; the ratio of the two.
5. With ``--large``: a 200,000-file corpus converted once with each ``--jobs`` of
   step 2, its peak RSS compared with the 20,000-file runs' of the same ``--jobs``.

In-process rates are CPU time of this process (``time.process_time``), best of
``--repeat``: the machine is shared, and CPU time is what other busy processes
disturb least. Every figure is printed with the best, the median and the spread
of its runs, and written to ``bench/results/convert.json``.
"""

from __future__ import annotations

import argparse
import cProfile
import email.utils
import json
import os
import platform
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from articlekit import __version__
from articlekit.converters import CONVERTERS, Source, detect
from articlekit.decode import decode
from articlekit.pipeline import usable_cores

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT / "bench" / "corpus"
RESULTS = ROOT / "bench" / "results" / "convert.json"
CORPUS_VERSION = 1
"""Bump when the corpus generator changes, so that old corpora are rebuilt."""
LARGE_SIZE = 200_000
FILES_PER_FOLDER = 1000

# ----------------------------------------------------------------------------------------------
# Corpus: one variant of a seed per file.
# ----------------------------------------------------------------------------------------------

_EPOCH = re.compile(r"<!--(\d{10,16})-->")
_TITLE_LINK = re.compile(r"^\[(?P<title>[^\n]*)\]\((?P<url>[^\s)]+)\)$", re.MULTILINE)
_RFC822 = re.compile(r"[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")
_DMY = re.compile(r"(\d{2})/(\d{2})/(\d{4}) - (\d{2}):(\d{2})")
_PARAGRAPH = re.compile(r"<p\b[^>]*>(?:(?!<p\b).)*?</p>", re.DOTALL)
_DAYDAY_DATE = re.compile(r"^\d{4}年\d{2}月\d{2}日\d{2}:\d{2}:\d{2} (\S+) \d+$", re.MULTILINE)
_SELFMEDIA_DATE = re.compile(r"^(\S.*?) \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", re.MULTILINE)
_FRONT_TITLE = re.compile(r'^title: "(.*)"$', re.MULTILINE)
_FRONT_DATE = re.compile(r'^date: "[^"]*"$', re.MULTILINE)
_ARTICLE_NUMBER = re.compile(r"(wallstreetcn\.com/articles/)(\d+)")
_TITLE_MARKS = ("", "【快讯】", "（更新）", "独家：", "视频｜", "深度｜")


def _shuffled_middle(items: list[str], rng: random.Random, keep_head: int, keep_tail: int) -> list[str]:
    """Shuffle the items between a fixed head and tail, and duplicate one of them."""
    head, middle, tail = items[:keep_head], items[keep_head : len(items) - keep_tail], items[len(items) - keep_tail :]
    rng.shuffle(middle)
    if middle:
        position = rng.randrange(len(middle))
        middle.insert(position, middle[position])
    return head + middle + tail


def _when(rng: random.Random) -> datetime:
    """A publication time between 2012 and 2025, to the second."""
    return datetime(2012, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(13 * 365 * 86400))


def _vary_rss(text: str, index: int, rng: random.Random) -> str:
    published = _when(rng)
    retrieved = published + timedelta(seconds=rng.randrange(1, 3 * 86400))
    text = _EPOCH.sub(f"<!--{int(retrieved.timestamp() * 1000)}-->", text, count=1)
    text = _RFC822.sub(email.utils.format_datetime(published, usegmt=True), text, count=1)
    local = published + timedelta(hours=1)  # the outlet's local time, roughly
    text = _DMY.sub(local.strftime("%d/%m/%Y - %H:%M"), text, count=1)

    def title_link(match: re.Match[str]) -> str:
        url = match["url"]
        url += ("&" if "?" in url else "?") + f"n={index}"
        return f"[{rng.choice(_TITLE_MARKS)}{match['title']}（{index}）]({url})"

    text = _TITLE_LINK.sub(title_link, text, count=1)
    paragraphs = list(_PARAGRAPH.finditer(text))
    if len(paragraphs) > 4:  # the first two stay: a bold lead and the date are looked for at the top
        order = _shuffled_middle([match.group(0) for match in paragraphs], rng, 2, 0)
        pieces, last = [], 0
        for match in paragraphs:
            pieces.append(text[last : match.start()])
            last = match.end()
        # Body paragraphs in the new order; the one left over (the duplicate) follows the last.
        rebuilt = [piece + order[number] for number, piece in enumerate(pieces)]
        text = "".join(rebuilt) + "".join(order[len(pieces) :]) + text[last:]
    return text


def _blank_line_paragraphs(text: str) -> list[str]:
    return text.strip("\n").split("\n\n")


def _vary_daydaynews(text: str, index: int, rng: random.Random) -> str:
    paragraphs = _blank_line_paragraphs(text)
    title = f"{rng.choice(_TITLE_MARKS)}{paragraphs[0]}（{index}）"
    when = _when(rng) + timedelta(hours=8)
    match = _DAYDAY_DATE.fullmatch(paragraphs[1])
    category = match.group(1) if match else "國際"
    date_line = f"{when:%Y年%m月%d日%H:%M:%S} {category} {rng.randrange(100, 99999)}"
    end = next((n for n, p in enumerate(paragraphs) if "分類資訊推薦" in p), len(paragraphs))
    body = _shuffled_middle(paragraphs[2:end], rng, 1, 0)
    return "\n\n".join([title, date_line, *body, *paragraphs[end:]]) + "\n"


def _vary_selfmedia(text: str, index: int, rng: random.Random) -> str:
    paragraphs = _blank_line_paragraphs(text)
    title = f"{rng.choice(_TITLE_MARKS)}{paragraphs[0]}（{index}）"
    match = _SELFMEDIA_DATE.fullmatch(paragraphs[1])
    author = match.group(1) if match else "作者"
    when = _when(rng) + timedelta(hours=8)
    date_line = f"{author} {when:%Y-%m-%d %H:%M:%S}"
    end = next((n for n, p in enumerate(paragraphs) if "阅读:" in p), len(paragraphs))
    body = _shuffled_middle(paragraphs[2:end], rng, 1, 1)
    return "\n\n".join([title, date_line, *body, *paragraphs[end:]]) + "\n"


def _vary_hugo(text: str, index: int, rng: random.Random) -> str:
    _, front, body = text.split("---\n", 2)
    front = _FRONT_TITLE.sub(lambda m: f'title: "{rng.choice(_TITLE_MARKS)}{m.group(1)}（{index}）"', front)
    when = _when(rng) + timedelta(hours=8)
    front = _FRONT_DATE.sub(f'date: "{when:%Y-%m-%d %H:%M:%S}"', front)
    paragraphs = _blank_line_paragraphs(body)
    end = next((n for n, p in enumerate(paragraphs) if "风险提示及免责条款" in p), len(paragraphs))
    kept = _shuffled_middle(paragraphs[:end], rng, 1, 1)  # the source line stays last
    body = "\n\n".join([*kept, *paragraphs[end:]]) + "\n"
    body = _ARTICLE_NUMBER.sub(lambda m: f"{m.group(1)}{int(m.group(2)) * 10 + index}", body)
    return f"---\n{front}---\n\n{body}"


_VARIANTS: dict[str, Callable[[str, int, random.Random], str]] = {
    "rss-markdown": _vary_rss,
    "daydaynews-text": _vary_daydaynews,
    "selfmedia-text": _vary_selfmedia,
    "hugo-markdown": _vary_hugo,
}


def _seeds() -> list[tuple[str, str, str]]:
    """(name, format, text) of every seed, in name order."""
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found.append((path.stem, detect(Source.from_text(text, str(path))).format or "?", text))
    return found


def build_corpus(size: int, *, rebuild: bool = False) -> Path:
    """Write ``size`` varied files under ``bench/corpus/n<size>`` (reused when already complete)."""
    folder = CORPUS / f"n{size}"
    marker = CORPUS / f"n{size}.complete"  # beside the folder: a file inside would be converted too
    seeds = _seeds()
    stamp = json.dumps({"version": CORPUS_VERSION, "size": size, "seeds": [s[0] for s in seeds]})
    if not rebuild and marker.exists() and marker.read_text() == stamp:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    rng = random.Random(f"articlekit-bench-{size}")
    for index in range(size):
        name, format, text = seeds[index % len(seeds)]
        variant = _VARIANTS[format](text, index, rng)
        path = folder / f"{index // FILES_PER_FOLDER:04d}" / f"{index:07d}-{name[:3]}.txt"
        if index % FILES_PER_FOLDER == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(variant, encoding="utf-8")
    marker.write_text(stamp)
    print(f"built {size:,} files in {folder.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")
    return folder


def _corpus_files(folder: Path) -> Iterator[Path]:
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        yield from sorted(sub.iterdir())


# ----------------------------------------------------------------------------------------------
# Measurements.
# ----------------------------------------------------------------------------------------------

_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime)\n"
    "sys.exit(code)\n"
)


# The installed console script when there is one, else the same entry point through this interpreter.
_SCRIPT = Path(sys.executable).with_name("articlekit")
_ARTICLEKIT = (
    [str(_SCRIPT)]
    if _SCRIPT.exists()
    else [sys.executable, "-c", "import sys; from articlekit.cli import main; sys.exit(main())"]
)


def _tree_rss_kib(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in KiB (0 for processes already gone)."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        total += int(match.group(1)) if match else 0
        pending.extend(int(child) for child in children)
    return total


def run_convert(corpus: Path, jobs: int, out: Path) -> dict[str, Any]:
    """One end-to-end ``articlekit convert`` run in a subprocess; its wall time, RSS and summary."""
    shutil.rmtree(out, ignore_errors=True)
    command = [
        *(sys.executable, "-c", _WRAPPER, *_ARTICLEKIT),
        *("convert", str(corpus), "-o", str(out), "--to", "jsonl,parquet,csv", "--quiet", "--jobs", str(jobs)),
        "--allow-rejects",
    ]
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    tree_peak = 0
    while process.poll() is None:
        tree_peak = max(tree_peak, _tree_rss_kib(process.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - started
    stdout = process.stdout.read() if process.stdout else ""
    maxrss, cpu = stdout.split()[-2:]
    if process.returncode != 0:
        raise SystemExit(f"articlekit convert failed with exit code {process.returncode}")
    summary = json.loads((out / "summary.json").read_text())
    return {
        "jobs": jobs,
        "wall_seconds": round(wall, 3),
        "inside_seconds": summary["elapsed_seconds"],
        "cpu_seconds": round(float(cpu), 3),
        "peak_rss_mib": round(int(maxrss) / 1024, 1),
        "peak_tree_rss_mib": round(tree_peak / 1024, 1),
        "inputs": summary["inputs"],
        "converted": summary["converted"],
        "rejected": summary["rejected"],
        "articles": summary["articles"],
        "load_before": round(load, 2),
    }


def _spread(values: list[float], higher_is_better: bool = True) -> dict[str, float]:
    best = max(values) if higher_is_better else min(values)
    return {
        "best": round(best, 1),
        "median": round(statistics.median(values), 1),
        "min": round(min(values), 1),
        "max": round(max(values), 1),
    }


def end_to_end(corpus: Path, corpus_bytes: int, jobs_list: list[int], repeat: int) -> dict[str, Any]:
    """Run ``articlekit convert`` ``repeat`` times per jobs setting, alternating; rates, RSS and spreads."""
    runs: dict[int, list[dict[str, Any]]] = {jobs: [] for jobs in jobs_list}
    for round_number in range(repeat):
        for jobs in jobs_list:
            run = run_convert(corpus, jobs, CORPUS / f"out-j{jobs}")
            run["docs_per_s"] = round(run["inputs"] / run["wall_seconds"], 1)
            run["mb_per_s"] = round(corpus_bytes / 1e6 / run["wall_seconds"], 2)
            # With workers, the forkserver's children are not reaped by the run: its CPU time is the writer's only.
            run["docs_per_cpu_s"] = round(run["inputs"] / run["cpu_seconds"], 1) if jobs == 1 else None
            runs[jobs].append(run)
            print(
                f"  round {round_number + 1} --jobs {jobs}: {run['docs_per_s']:,.0f} docs/s, "
                f"{run['mb_per_s']:.1f} MB/s, "
                + (f"{run['docs_per_cpu_s']:,.0f} docs/CPU-s, " if jobs == 1 else "")
                + f"peak RSS {run['peak_rss_mib']:.0f} MiB "
                f"(tree {run['peak_tree_rss_mib']:.0f} MiB), load {run['load_before']}"
            )
    result: dict[str, Any] = {}
    for jobs, measured in runs.items():
        result[f"jobs={jobs}"] = {
            "docs_per_s": _spread([run["docs_per_s"] for run in measured]),
            "mb_per_s": _spread([run["mb_per_s"] for run in measured]),
            "docs_per_cpu_s": _spread([run["docs_per_cpu_s"] for run in measured]) if jobs == 1 else None,
            "peak_rss_mib": _spread([run["peak_rss_mib"] for run in measured], higher_is_better=False),
            "peak_tree_rss_mib": _spread([run["peak_tree_rss_mib"] for run in measured], False),
            "runs": measured,
        }
    return result


def _load_sources(paths: list[Path]) -> list[Source]:
    sources = []
    for path in paths:
        data = path.read_bytes()
        decoded = decode(data)
        sources.append(Source(path=str(path), data=data, text=decoded.text, encoding=decoded.encoding))
    return sources


def _fresh(source: Source) -> Source:
    """A copy without the cached sha256, so that every timed conversion hashes its bytes as a run does."""
    return Source(path=source.path, data=source.data, text=source.text, encoding=source.encoding)


def _cpu_rate(work: Callable[[], int]) -> float:
    """Items per CPU second of this process for one call of ``work`` (which returns its item count)."""
    started = time.process_time()
    count = work()
    return count / (time.process_time() - started)


def converters_alone(by_format: dict[str, list[Path]], limit: int, repeat: int) -> dict[str, Any]:
    """Time each converter's ``convert()`` on decoded files of its own format, and ``detect()`` on a mix."""
    result: dict[str, Any] = {}
    for name in sorted(by_format):
        sources = _load_sources(by_format[name][:limit])
        converter = CONVERTERS[name]

        def work(sources: list[Source] = sources, converter: Any = converter) -> int:
            for source in sources:
                for _ in converter.convert(_fresh(source)):
                    pass
            return len(sources)

        work()  # warm up: imports, compiled patterns, OpenCC tables
        rates = [_cpu_rate(work) for _ in range(repeat)]
        result[name] = {"docs": len(sources), "docs_per_s": _spread(rates)}
        print(f"  {name:16} {max(rates):8,.0f} docs/s  (runs {', '.join(f'{r:,.0f}' for r in rates)})")
    sample = _load_sources([paths[0] for paths in by_format.values()] * 100)

    def detection() -> int:
        for source in sample:
            detect(source)
        return len(sample)

    rates = [_cpu_rate(detection) for _ in range(repeat)]
    result["detect"] = {"docs": len(sample), "docs_per_s": _spread(rates)}
    print(f"  {'detect (all)':16} {max(rates):8,.0f} docs/s")
    return result


def against_trafilatura(paths: list[Path], repeat: int) -> dict[str, Any] | None:
    """Time the rss-markdown converter and trafilatura on the same files; None without trafilatura."""
    try:
        from trafilatura import extract  # a benchmark-only dependency, imported only when measured
    except ImportError:
        print("  skipped: trafilatura is not installed (pip install -e '.[bench]')")
        return None
    sources = _load_sources(paths)
    bodies = [re.split(r"^-{3,}[ \t]*$", source.text, maxsplit=1, flags=re.MULTILINE)[1] for source in sources]
    converter = CONVERTERS["rss-markdown"]

    def articlekit_work() -> int:
        for source in sources:
            for _ in converter.convert(_fresh(source)):
                pass
        return len(sources)

    def trafilatura_work() -> int:
        for body in bodies:
            extract(body, with_metadata=True)
        return len(bodies)

    articlekit_work()
    trafilatura_work()
    ours, theirs = [], []
    for _ in range(repeat):  # alternating, so that a noisy spell hits both
        ours.append(_cpu_rate(articlekit_work))
        theirs.append(_cpu_rate(trafilatura_work))
    ratio = max(ours) / max(theirs)
    print(f"  articlekit rss-markdown {max(ours):8,.0f} docs/s  (runs {', '.join(f'{r:,.0f}' for r in ours)})")
    print(f"  trafilatura extract     {max(theirs):8,.0f} docs/s  (runs {', '.join(f'{r:,.0f}' for r in theirs)})")
    print(f"  ratio (best / best)     {ratio:8.2f}x")
    return {
        "docs": len(sources),
        "articlekit_docs_per_s": _spread(ours),
        "trafilatura_docs_per_s": _spread(theirs),
        "ratio_best": round(ratio, 2),
        "ratio_median": round(statistics.median(ours) / statistics.median(theirs), 2),
    }


def profile_converters(by_format: dict[str, list[Path]], limit: int, top: int = 15) -> None:
    """Print the cProfile entries with the most own time for each converter's ``convert()`` on its files."""
    for name in sorted(by_format):
        sources = _load_sources(by_format[name][:limit])
        converter = CONVERTERS[name]
        for source in sources[:20]:  # warm up: one-time set-up is not the hot path
            list(converter.convert(_fresh(source)))
        profiler = cProfile.Profile()
        profiler.enable()
        for source in sources:
            list(converter.convert(_fresh(source)))
        profiler.disable()
        print(f"\n=== {name}: {len(sources)} files, by own time ===")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


# ----------------------------------------------------------------------------------------------
# Main.
# ----------------------------------------------------------------------------------------------


def _print_table(results: dict[str, Any]) -> None:
    e2e = results["end_to_end"]
    print("\n== summary (best of runs; [min..max]) ==")
    print(f"{'measurement':44} {'figure':>14}  spread")
    rows: list[tuple[str, dict[str, float], str]] = []
    for key, value in e2e.items():
        rows.append((f"end to end {key} docs/s", value["docs_per_s"], ",.0f"))
        rows.append((f"end to end {key} MB/s", value["mb_per_s"], ",.1f"))
        if value["docs_per_cpu_s"]:
            rows.append((f"end to end {key} docs per CPU second", value["docs_per_cpu_s"], ",.0f"))
        rows.append((f"end to end {key} peak RSS MiB (largest process)", value["peak_rss_mib"], ",.0f"))
        rows.append((f"end to end {key} peak RSS MiB (process tree)", value["peak_tree_rss_mib"], ",.0f"))
    for name, value in results["converters"].items():
        rows.append((f"converter {name} docs/s (CPU)", value["docs_per_s"], ",.0f"))
    if results["trafilatura"]:
        rows.append(
            ("rss-markdown on trafilatura's docs (CPU)", results["trafilatura"]["articlekit_docs_per_s"], ",.0f")
        )
        rows.append(("trafilatura extract docs/s (CPU)", results["trafilatura"]["trafilatura_docs_per_s"], ",.0f"))
    for label, spread, spec in rows:
        print(f"{label:52} {spread['best']:>10{spec}}  [{spread['min']:{spec}}..{spread['max']:{spec}}]")
    print("\n== targets ==")
    for name, value in results["targets"].items():
        print(f"{name:60} {value}")


def main(argv: list[str] | None = None) -> int:
    """Build the corpus, run every measurement, print the table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=20_000, help="files in the corpus (default 20,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (default 3)")
    parser.add_argument("--large", action="store_true", help=f"also measure peak RSS at {LARGE_SIZE:,} inputs")
    parser.add_argument(
        "--memory-only", action="store_true", help="with --large: only the end-to-end runs and peak RSS (no steps 3-4)"
    )
    parser.add_argument("--converter-docs", type=int, default=2000, help="files per format, in process")
    parser.add_argument("--trafilatura-docs", type=int, default=300, help="rss-markdown files for the ratio")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the corpus even if it exists")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the JSON results")
    parser.add_argument(
        "--profile", action="store_true", help="only print each converter's cProfile top entries, then stop"
    )
    args = parser.parse_args(argv)

    cores = usable_cores()
    jobs_list = [1] if cores == 1 else [1, cores]
    corpus = build_corpus(args.size, rebuild=args.rebuild)
    files = list(_corpus_files(corpus))
    corpus_bytes = sum(path.stat().st_size for path in files)
    by_format: dict[str, list[Path]] = {}
    seed_formats = {name[:3]: format for name, format, _ in _seeds()}
    for path in files:
        by_format.setdefault(seed_formats[path.stem.rsplit("-", 1)[1]], []).append(path)
    if args.profile:
        profile_converters(by_format, args.converter_docs)
        return 0
    results: dict[str, Any] = {
        "articlekit_version": __version__,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "usable_cores": cores,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "corpus": {
            "folder": str(corpus.relative_to(ROOT)),
            "files": len(files),
            "megabytes": round(corpus_bytes / 1e6, 2),
            "files_by_format": {name: len(paths) for name, paths in sorted(by_format.items())},
        },
    }
    print(
        f"corpus: {len(files):,} files, {corpus_bytes / 1e6:.1f} MB; {cores} usable cores; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print("\nend to end (articlekit convert --to jsonl,parquet,csv):")
    results["end_to_end"] = end_to_end(corpus, corpus_bytes, jobs_list, args.repeat)
    results["converters"], results["trafilatura"] = {}, {}
    if not args.memory_only:
        print("\neach converter alone, in process (CPU time):")
        results["converters"] = converters_alone(by_format, args.converter_docs, args.repeat)
        print("\nrss-markdown vs trafilatura extract(with_metadata=True) on the same documents (CPU time):")
        results["trafilatura"] = against_trafilatura(
            by_format.get("rss-markdown", [])[: args.trafilatura_docs], args.repeat
        )

    one = results["end_to_end"]["jobs=1"]["docs_per_s"]["best"]
    targets: dict[str, str] = {}
    if results["trafilatura"]:
        ratio = results["trafilatura"]["ratio_best"]
        targets["rss-markdown / trafilatura >= 8x"] = f"{ratio:.2f}x {'met' if ratio >= 8 else 'NOT met'}"
    targets["seed mix end to end, one core >= 3,000 docs/s"] = f"{one:,.0f} {'met' if one >= 3000 else 'NOT met'}"
    if len(jobs_list) > 1:
        many = results["end_to_end"][f"jobs={cores}"]["docs_per_s"]["best"]
        targets[f"--jobs {cores} >= 1.85x one core"] = f"{many / one:.2f}x {'met' if many / one >= 1.85 else 'NOT met'}"

    if args.large:
        large_corpus = build_corpus(LARGE_SIZE, rebuild=args.rebuild)
        results["large"] = {}
        for jobs in jobs_list:
            print(f"\npeak RSS at {LARGE_SIZE:,} inputs vs {args.size:,} (--jobs {jobs}):")
            large = run_convert(large_corpus, jobs, CORPUS / "out-large")
            small = min(results["end_to_end"][f"jobs={jobs}"]["runs"], key=lambda r: r["peak_rss_mib"])
            growth = large["peak_rss_mib"] / small["peak_rss_mib"] - 1
            tree_growth = large["peak_tree_rss_mib"] / small["peak_tree_rss_mib"] - 1
            results["large"][f"jobs={jobs}"] = {
                "run": large,
                "rss_growth": round(growth, 3),
                "tree_rss_growth": round(tree_growth, 3),
            }
            print(
                f"  {LARGE_SIZE:,} inputs: peak RSS {large['peak_rss_mib']:.0f} MiB "
                f"(tree {large['peak_tree_rss_mib']:.0f}), {large['inputs'] / large['wall_seconds']:,.0f} docs/s; "
                f"{args.size:,}: {small['peak_rss_mib']:.0f} MiB (tree {small['peak_tree_rss_mib']:.0f})"
            )
            targets[f"peak RSS at 200k within 20% of 20k, --jobs {jobs}"] = (
                f"{growth:+.1%} (tree {tree_growth:+.1%}) {'met' if abs(growth) <= 0.2 else 'NOT met'}"
            )
    results["targets"] = targets
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    _print_table(results)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults written to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
