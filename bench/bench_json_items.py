"""Benchmark the ``json-items`` converter on JSON dumps; print figures, never assert.

Usage::

    .venv/bin/python bench/bench_json_items.py                    # 10,000 and 100,000 items
    .venv/bin/python bench/bench_json_items.py --sizes 2000 --skip-trafilatura

What it does, in one run, each measurement in a fresh subprocess (so that peak RSS,
``getrusage(RUSAGE_SELF).ru_maxrss``, is that measurement's alone):

1. Writes a JSON dump (a top-level list) and the same items as JSON Lines, of each
   ``--sizes`` count, under ``bench/corpus/json-items/``: items in the shapes of real
   dumps (title, url, ISO date, author, tags, image, an HTML body of four paragraphs,
   Chinese and English), every one different.
2. Converter alone: ``json_items.convert()`` over the decoded source, each article
   dropped once counted (the streaming the converter does). Items per CPU second and
   peak RSS.
3. End to end: ``run_convert`` (read, decode, detect, convert, write JSONL) with
   ``--jobs 1``: items per second of wall clock and peak RSS. The pipeline keeps a
   source's articles until the source is done, so this grows with the items of the file.
4. Alternatives on the same items, in the same run: ``json.loads`` of the whole dump
   (parsing only, the whole tree in memory), ijson's ``items()`` (streaming, parsing
   only), and trafilatura's ``extract()`` on the first ``--trafilatura-items`` item bodies
   (``pip install trafilatura lxml_html_clean``; skipped when missing).

Figures are written to ``bench/results/json.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT / "corpus" / "json-items"
RESULTS = ROOT / "results" / "json.json"

_PARAGRAPHS = [
    "国家统计局今天发布数据，第二季度国内生产总值同比增长5.2%，高于市场预期。",
    "The central bank left its benchmark rate unchanged, citing easing inflation and a steady labour market.",
    "分析人士指出，消费和服务业的回暖是主要动力，但房地产投资仍在拖累整体增长。",
    "Officials said the figures would be revised next month once late survey returns are counted.",
    "出口方面，机电产品和高新技术产品保持较快增长，对东盟出口增长明显。",
    "Markets in Asia rose modestly after the release, with the Hang Seng up 0.8 percent by midday.",
]


def _item(index: int) -> dict[str, Any]:
    paragraphs = [_PARAGRAPHS[(index + offset) % len(_PARAGRAPHS)] for offset in range(4)]
    body = "".join(f"<p>{text} ({index}-{number})</p>" for number, text in enumerate(paragraphs))
    return {
        "id": f"item-{index}",
        "title": f"第{index}号 Economy report {index}: growth beats forecasts",
        "url": f"https://news.example.com/{2024 + index % 3}/economy/{index}.html?utm_source=feed",
        "date_published": f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}T{index % 24:02d}:{index % 60:02d}:00+08:00",
        "authors": [{"name": f"记者{index % 50}"}],
        "tags": ["economy", f"tag{index % 20}"],
        "image": f"https://img.example.com/{index}.jpg",
        "content_html": body,
    }


def write_corpus(count: int) -> tuple[Path, Path]:
    """Write (once) the dump and the JSON Lines file of ``count`` items."""
    CORPUS.mkdir(parents=True, exist_ok=True)
    dump, lines = CORPUS / f"dump-{count}.json", CORPUS / f"lines-{count}.jsonl"
    if not dump.exists() or not lines.exists():
        with dump.open("w", encoding="utf-8") as out_dump, lines.open("w", encoding="utf-8") as out_lines:
            out_dump.write("[\n")
            for index in range(count):
                text = json.dumps(_item(index), ensure_ascii=False)
                out_dump.write(("," if index else "") + text + "\n")
                out_lines.write(text + "\n")
            out_dump.write("]\n")
    return dump, lines


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def child(mode: str, path: Path, limit: int) -> dict[str, Any]:
    """One measurement, in this (fresh) process."""
    data = path.read_bytes()
    extra: dict[str, Any] = {}
    if mode == "converter":
        from articlekit.converters import Source, json_items

        source = Source(path=path.name, data=data, text=data.decode("utf-8"))
        started = time.process_time()
        count = sum(1 for _ in json_items.convert(source))
        seconds = time.process_time() - started
    elif mode == "pipeline":
        import tempfile

        from articlekit.discover import Input
        from articlekit.pipeline import ConvertOptions, run_convert

        with tempfile.TemporaryDirectory() as out:
            started, wall = time.process_time(), time.perf_counter()
            summary = run_convert(
                [Input(path.name, path)],
                Path(out),
                ConvertOptions(formats=("jsonl",), max_bytes=len(data) + 1, jobs=1),
            )
            seconds, wall = time.process_time() - started, time.perf_counter() - wall
            count = summary.articles
            extra = {"wall_seconds": round(wall, 3), "items_per_wall_s": round(count / wall, 1)}
    elif mode == "json-loads":
        started = time.process_time()
        count = len(json.loads(data))
        seconds = time.process_time() - started
    elif mode == "ijson":
        import io

        import ijson

        started = time.process_time()
        count = sum(1 for _ in ijson.items(io.BytesIO(data), "item"))
        seconds = time.process_time() - started
    elif mode == "trafilatura":
        import trafilatura

        bodies = [item["content_html"] for item in json.loads(data)[:limit]]
        started = time.process_time()
        count = sum(1 for body in bodies if trafilatura.extract(f"<html><body>{body}</body></html>"))
        seconds = time.process_time() - started
    elif mode == "converter-same-items":
        from articlekit.converters import Source, json_items

        items = json.loads(data)[:limit]
        text = json.dumps(items, ensure_ascii=False)
        source = Source(path=path.name, data=text.encode(), text=text)
        started = time.process_time()
        count = sum(1 for _ in json_items.convert(source))
        seconds = time.process_time() - started
    else:
        raise SystemExit(f"unknown mode {mode}")
    return {"items": count, "cpu_seconds": round(seconds, 3), "items_per_cpu_s": round(count / seconds, 1),
            "peak_rss_mb": round(_peak_rss_mb(), 1), "input_mb": round(len(data) / 1e6, 1), **extra}  # fmt: skip


def measure(mode: str, path: Path, limit: int = 0) -> dict[str, Any]:
    """Run one measurement in a fresh subprocess and print its figures."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path), str(limit)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    print(f"  {mode:22} {path.name:22} {result}", flush=True)
    return result


def main() -> None:
    """Write the corpus, run every measurement for every size, write bench/results/json.json."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="item counts, comma-separated")
    parser.add_argument("--trafilatura-items", type=int, default=1000)
    parser.add_argument("--skip-trafilatura", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "PATH", "LIMIT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, path, limit = args.child
        print(json.dumps(child(mode, Path(path), int(limit))))
        return
    results: dict[str, Any] = {"python": platform.python_version(), "machine": platform.machine(), "runs": {}}
    if RESULTS.exists():  # keep the other sizes' figures from earlier runs
        results["runs"] = json.loads(RESULTS.read_text(encoding="utf-8")).get("runs", {})
    for count in (int(size) for size in args.sizes.split(",")):
        dump, lines = write_corpus(count)
        print(f"{count} items ({dump.stat().st_size / 1e6:.1f} MB dump):", flush=True)
        runs = results["runs"][str(count)] = {
            "converter_dump": measure("converter", dump),
            "converter_json_lines": measure("converter", lines),
            "pipeline_dump_jsonl_out": measure("pipeline", dump),
            "json_loads_parse_only": measure("json-loads", dump),
        }
        try:  # ijson is a bench extra: pip install -e '.[bench]'
            runs["ijson_items_parse_only"] = measure("ijson", dump)
        except subprocess.CalledProcessError as error:
            print(f"  ijson skipped: {error.stderr.strip().splitlines()[-1]}")
        if not args.skip_trafilatura:
            limit = min(args.trafilatura_items, count)
            try:
                runs["trafilatura_extract_bodies"] = measure("trafilatura", dump, limit)
                runs["converter_same_bodies"] = measure("converter-same-items", dump, limit)
            except subprocess.CalledProcessError as error:
                print(f"  trafilatura skipped: {error.stderr.strip().splitlines()[-1]}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT.parent)}")


if __name__ == "__main__":
    main()
