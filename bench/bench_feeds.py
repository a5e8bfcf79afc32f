"""Benchmark the xml-feed converter end to end and against feedparser, fastfeedparser, lxml and trafilatura.

Usage::

    .venv/bin/python bench/bench_feeds.py                  # 10,000 items per family, every measurement
    .venv/bin/python bench/bench_feeds.py --large          # also one 100,000-item RSS 2.0 file: peak RSS
    .venv/bin/python bench/bench_feeds.py --items 3000 --repeat 1
    .venv/bin/python bench/bench_feeds.py --large-only     # only the 100,000-item measurements

(feedparser, fastfeedparser and trafilatura are benchmark-only: ``pip install -e '.[bench]'``;
a missing one is skipped.)

What it does, in one run:

1. Builds feeds under ``bench/corpus/feeds/`` from the real items in
   ``tests/fixtures/xml-feed/``: one RSS 2.0, one RSS 1.0 and one Atom file of
   ``--items`` items each, the family's real items in turn, each item's link made
   unique (so no item is a ``duplicate``).
2. End to end: ``articlekit convert FEED --to jsonl --jobs 1 --quiet`` in a
   subprocess per family: items per second of wall clock (interpreter start
   included) and the peak RSS of that process (``getrusage(RUSAGE_CHILDREN)``).
3. In this process, on the same bytes, CPU time, best of ``--repeat``: the
   converter alone (``convert()``, records built and validated), lxml's
   ``iterparse`` alone (the parse floor: items found, titles read), feedparser's
   and fastfeedparser's ``parse``; and on the same item bodies (up to
   ``--body-items``) trafilatura's ``extract`` against the one HTML walker
   (``read_html_blocks``) the converter uses.
4. With ``--large``: one RSS 2.0 file of 100,000 items; peak RSS of the converter
   alone (a process that iterates ``convert()`` and drops each record: what the
   converter itself holds) at 10,000 and at 100,000 items, and of the end-to-end
   ``articlekit convert`` run on the 100,000-item file.

Figures are printed and written to ``bench/results/feeds.json``; nothing is asserted.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from articlekit.converters import Source, xml_feed
from articlekit.converters._html_blocks import read_html_blocks
from articlekit.converters.base import ItemRejected

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "xml-feed"
CORPUS = ROOT / "bench" / "corpus" / "feeds"
RESULTS = ROOT / "bench" / "results" / "feeds.json"
FAMILIES = {
    "rss2": [
        "wechat-sijiache-rss2.xml",
        "anthropic-news-rss2.xml",
        "mix3-blog-rss2.rdf",
        "peryaudo-bitcoin-rss2.rdf",
    ],
    "rss1": ["cosa-tw-rss1.xml", "planet-ros-rss1.xml", "planet-pythonbrasil-rss1.xml"],
    "atom": ["planet-ros-atom.xml", "planet-pythonbrasil-atom.xml", "luckyzmj-hexo-atom.xml"],
}
HEADS = {
    "rss2": '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/'
    'modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel><title>Bench</title>'
    "<language>und</language>\n",
    "rss1": '<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel rdf:about="https://bench.example/">'
    "<title>Bench</title></channel>\n",
    "atom": '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
    "<title>Bench</title><author><name>Bench</name></author>\n",
}
TAILS = {"rss2": "</channel></rss>\n", "rss1": "</rdf:RDF>\n", "atom": "</feed>\n"}
_ITEM = re.compile(r"<(item|entry)[\s>].*?</\1>", re.DOTALL)
_LINK = re.compile(r"(<link>[^<]*?)(</link>)|(<link\b[^>]*?href=\"[^\"]*?)(\")|(<guid[^>]*>[^<]*?)(</guid>)")


def _items(family: str) -> list[str]:
    items = []
    for name in FAMILIES[family]:
        text = (FIXTURES / name).read_text(encoding="utf-8")
        items.extend(match.group() for match in _ITEM.finditer(text))
    return items


def _unique(item: str, number: int) -> str:
    """The item with every link and guid made unique (a fragment or query suffix)."""

    def suffix(match: re.Match[str]) -> str:
        start, end = next((match.group(i), match.group(i + 1)) for i in (1, 3, 5) if match.group(i) is not None)
        separator = "&amp;" if "?" in start else "?"
        return f"{start}{separator}bench={number}{end}"

    item = _LINK.sub(suffix, item)
    return re.sub(r'rdf:about="([^"]*)"', lambda m: f'rdf:about="{m.group(1)}#bench{number}"', item, count=1)


def build_feed(family: str, count: int) -> Path:
    """Write (once) a feed of ``count`` real items of ``family`` and return its path."""
    path = CORPUS / f"{family}-{count}.xml"
    if path.exists():
        return path
    CORPUS.mkdir(parents=True, exist_ok=True)
    items = _items(family)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADS[family])
        for number in range(count):
            handle.write(_unique(items[number % len(items)], number))
            handle.write("\n")
        handle.write(TAILS[family])
    return path


def _source(path: Path) -> Source:
    data = path.read_bytes()
    return Source(path=str(path), data=data, text=data.decode("utf-8"), encoding="utf-8")


def _cpu(function: Callable[[], int], repeat: int) -> tuple[float, int]:
    """Best CPU seconds of ``repeat`` runs, and what the function counted."""
    best, counted = float("inf"), 0
    for _ in range(repeat):
        start = time.process_time()
        counted = function()
        best = min(best, time.process_time() - start)
    return best, counted


def _run_child(arguments: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (MB) of a child process, measured from a wrapper."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "start = time.perf_counter()\n"
        "code = subprocess.call(sys.argv[1:])\n"
        "wall = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps([code, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss]))\n"
    )
    output = subprocess.run([sys.executable, "-c", wrapper, *arguments], capture_output=True, text=True, check=True)
    code, wall, cpu, peak = json.loads(output.stdout.strip().splitlines()[-1])
    if code not in (0, 1):
        raise RuntimeError(f"{arguments} exited with {code}")
    return wall, cpu, peak // 1024


def end_to_end(path: Path, out: Path) -> tuple[float, float, int, int]:
    """``articlekit convert`` on one feed: wall seconds, CPU seconds, peak RSS in MB, records written."""
    arguments = [
        sys.executable, "-m", "articlekit.cli", "convert", str(path), "-o", str(out), "--to", "jsonl",
        "--jobs", "1", "--quiet", "--max-bytes", str(1 << 30), "--allow-rejects",
    ]  # fmt: skip
    wall, cpu, peak = _run_child(arguments)
    with (out / "articles.jsonl").open("rb") as handle:
        records = sum(1 for _ in handle)
    return wall, cpu, peak, records


# Current RSS from /proc, sampled every 1,000 items: ru_maxrss would carry the high-water mark of the
# bench process that forked this one (Linux keeps it across exec).
_CONVERTER_ONLY = """
import sys
from pathlib import Path
from articlekit.converters import Source, xml_feed
def rss():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096 // 2**20
data = Path(sys.argv[1]).read_bytes()
source = Source(sys.argv[1], data, data.decode("utf-8"), "utf-8")
loaded = peak = rss()
for count, _ in enumerate(xml_feed.convert(source)):
    if count % 1000 == 0:
        peak = max(peak, rss())
print(loaded, max(peak, rss()), count + 1)
"""


def converter_only_peak(path: Path) -> tuple[int, int]:
    """Peak RSS (MB) of a process once it holds the source, and after converting every item and keeping none.

    The difference is what the converter itself holds.
    """
    output = subprocess.run(
        [sys.executable, "-c", _CONVERTER_ONLY, str(path)], capture_output=True, text=True, check=True
    )
    loaded, peak, _ = (int(value) for value in output.stdout.split())
    return loaded, peak


def converter_rate(source: Source) -> int:
    """Convert every item of ``source``; the number of articles."""
    return sum(1 for result in xml_feed.convert(source) if not isinstance(result, ItemRejected))


def lxml_rate(data: bytes) -> int:
    """Parse ``data`` with lxml's iterparse, reading each item's title: the number of items."""
    count = 0
    for _, element in etree.iterparse(io.BytesIO(data), events=("end",), recover=True, resolve_entities=False):
        local = etree.QName(element).localname
        if local in ("item", "entry"):
            count += 1
            element.findtext("{*}title")
            element.clear()
    return count


def bodies(data: bytes, limit: int) -> list[str]:
    """The HTML bodies (content:encoded, content, description or summary) of the feed's first items."""
    found: list[str] = []
    for _, element in etree.iterparse(io.BytesIO(data), events=("end",), recover=True, resolve_entities=False):
        if etree.QName(element).localname in ("item", "entry"):
            for child in element:
                if etree.QName(child).localname in ("encoded", "content", "description", "summary"):
                    text = child.text or "".join(etree.tostring(c, encoding="unicode") for c in child)
                    if text.strip():
                        found.append(text)
                        break
            element.clear()
            if len(found) >= limit:
                break
    return found


def main(argv: list[str] | None = None) -> int:
    """Run every measurement, print it and write ``bench/results/feeds.json``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000, help="items per family feed (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3, help="in-process runs per measurement (best counts)")
    parser.add_argument("--body-items", type=int, default=300, help="item bodies given to trafilatura and the walker")
    parser.add_argument("--large", action="store_true", help="also a 100,000-item RSS 2.0 file: peak RSS")
    parser.add_argument("--large-only", action="store_true", help="only the --large measurements")
    options = parser.parse_args(argv)
    results: dict[str, Any] = {"machine": platform.platform(), "python": platform.python_version(), "families": {}}
    if options.large_only and RESULTS.exists():  # keep the families' figures of an earlier run
        results["families"] = json.loads(RESULTS.read_text(encoding="utf-8")).get("families", {})

    for family in () if options.large_only else FAMILIES:
        path = build_feed(family, options.items)
        data = path.read_bytes()
        row: dict[str, Any] = {"items": options.items, "bytes": len(data)}
        wall, cpu, peak, records = end_to_end(path, CORPUS / f"out-{family}")
        row["end_to_end"] = {
            "records": records,
            "wall_s": round(wall, 2),
            "items_per_wall_s": round(records / wall),
            "cpu_s": round(cpu, 2),
            "items_per_cpu_s": round(records / cpu),
            "peak_rss_mb": peak,
        }
        source = _source(path)
        seconds, count = _cpu(lambda source=source: converter_rate(source), options.repeat)
        row["converter_items_per_cpu_s"] = round(count / seconds)
        seconds, count = _cpu(lambda data=data: lxml_rate(data), options.repeat)
        row["lxml_iterparse_items_per_cpu_s"] = round(count / seconds)
        try:
            import feedparser

            seconds, count = _cpu(lambda data=data: len(feedparser.parse(data).entries), options.repeat)
            row["feedparser_items_per_cpu_s"] = round(count / seconds)
        except ImportError:
            row["feedparser_items_per_cpu_s"] = None
        try:
            import fastfeedparser

            seconds, count = _cpu(lambda data=data: len(fastfeedparser.parse(data).entries), options.repeat)
            row["fastfeedparser_items_per_cpu_s"] = round(count / seconds)
        except ImportError:
            row["fastfeedparser_items_per_cpu_s"] = None
        sample = bodies(data, options.body_items)
        seconds, count = _cpu(lambda sample=sample: sum(1 for body in sample if read_html_blocks(body)), 1)
        row["walker_bodies_per_cpu_s"] = round(count / seconds)
        try:
            import trafilatura

            seconds, count = _cpu(
                lambda sample=sample: sum(1 for body in sample if trafilatura.extract(body, with_metadata=True) or 1),
                1,
            )
            row["trafilatura_bodies_per_cpu_s"] = round(count / seconds)
        except ImportError:
            row["trafilatura_bodies_per_cpu_s"] = None
        results["families"][family] = row
        print(f"{family}: {json.dumps(row)}", flush=True)

    if options.large or options.large_only:
        small, large = build_feed("rss2", 10_000), build_feed("rss2", 100_000)
        large_row: dict[str, Any] = {"bytes_10k": small.stat().st_size, "bytes_100k": large.stat().st_size}
        for label, path in (("10k", small), ("100k", large)):
            loaded, peak = converter_only_peak(path)
            large_row[f"converter_only_{label}"] = {"rss_mb_source_loaded": loaded, "peak_rss_mb": peak}
        for label, path in (("10k", small), ("100k", large)):
            wall, cpu, peak, records = end_to_end(path, CORPUS / f"out-{label}")
            large_row[f"end_to_end_{label}"] = {
                "records": records,
                "wall_s": round(wall, 2),
                "cpu_s": round(cpu, 2),
                "items_per_cpu_s": round(records / cpu),
                "peak_rss_mb": peak,
            }
        results["large"] = large_row
        print(f"large: {json.dumps(large_row)}", flush=True)

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
