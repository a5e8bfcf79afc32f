"""Benchmark ``articlekit validate``: records/s on JSONL and Parquet, fast path and reference, peak memory.

Usage::

    .venv/bin/python bench/bench_validate.py                  # 1,000,000 JSONL lines, 100,000 Parquet rows
    .venv/bin/python bench/bench_validate.py --lines 200000   # a shorter run
    .venv/bin/python bench/bench_validate.py --small          # also records a quarter the seeds' size
    .venv/bin/python bench/bench_validate.py --end-to-end 200000   # only `articlekit validate --jobs 1|2`, timed
                                                                   # from process start, on that many records

``--end-to-end N`` runs the command itself (``articlekit validate FILE
--output jsonl --jobs J``) on N valid seed records in JSON Lines and in Parquet
(written with the exporter's row groups), for J = 1 and 2: wall seconds from
process start to exit, records per wall second, and CPU seconds of the command
and every process it started (``RUSAGE_CHILDREN``). Every run's figures are
written to ``bench/results/validate.json``.

Records are built from the five golden records in ``seeds/`` (about 10.9 KB
of JSON a line, mostly Chinese): record ``n`` takes seed ``n % 5``, rotates
its blocks by ``n`` and gets a url (or, for the seeds without one, a title) of
its own, so that every record is valid and every id distinct. The files are
written to a temporary folder (``--tmp``, else the system's) and removed
afterwards; a million seed-sized lines take about 11 GB there.

Every measurement runs in its own child process pinned to one CPU, so its
peak RSS (``VmHWM``) is its own and pyarrow's threads share that core. Each
child validates through :class:`articlekit.validation.Validation`, exactly as
the command does, and prints: records, wall seconds, records per wall second
and per CPU second, and peak RSS. The reference engine (pure python-jsonschema)
is measured in the same run on the first lines of the same data. A "parse
only" row reads and ``orjson``-parses the JSONL without validating, the floor
any validator of these lines pays. This script prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import orjson

from articlekit import __version__
from articlekit.schema import BLOCK_SEPARATOR, Article, make_article_id

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
RESULTS = Path(__file__).resolve().parent / "results" / "validate.json"
_ID_NAMESPACE = "https://bench.example.com/articles/"


def _templates(shrink: bool) -> list[dict[str, Any]]:
    templates = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.expected.json"))]
    if shrink:  # a quarter of the body: closer to a short wire story
        for template in templates:
            template["blocks"] = template["blocks"][: max(1, len(template["blocks"]) // 4)]
    return templates


def records(count: int, *, shrink: bool = False) -> Iterator[dict[str, Any]]:
    """Yield ``count`` valid, distinct, seed-like records as JSON-ready dicts."""
    templates = _templates(shrink)
    for number in range(count):
        record = dict(templates[number % len(templates)])
        blocks = record["blocks"]
        turn = number % len(blocks)
        record["blocks"] = blocks[turn:] + blocks[:turn]
        record["text"] = BLOCK_SEPARATOR.join(block["text"] for block in record["blocks"])
        if record["url"] is not None:
            record["url"] = f"{_ID_NAMESPACE}{number}"
            record["id"] = hashlib.sha256(record["url"].encode()).hexdigest()[:32]
        else:
            record["title"] = f"{templates[number % len(templates)]['title']} {number}"
            published = record["published_at"]
            when = None if published is None else datetime.fromisoformat(published.upper())
            record["id"] = make_article_id(
                None, format=record["provenance"]["format"], title=record["title"], published_at=when
            )
        yield record


def write_jsonl(path: Path, count: int, *, shrink: bool = False) -> None:
    """Write ``count`` records to a JSONL file, as orjson writes them (UTF-8, no spaces)."""
    with path.open("wb") as out:
        for record in records(count, shrink=shrink):
            out.write(orjson.dumps(record) + b"\n")


def write_parquet(path: Path, count: int, *, shrink: bool = False) -> None:
    """Write ``count`` records to a Parquet file with articlekit's exporter."""
    from articlekit.exporters import parquet

    parquet.write((Article.model_validate(record) for record in records(count, shrink=shrink)), path)


def _peak_rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")  # pragma: no cover - not Linux


def _pin_to_one_core() -> str:
    try:
        core = max(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return "unpinned"
    return f"CPU {core}"


def _child(kind: str, path: str, engine: str) -> dict[str, Any]:
    """Run in a child process: validate (or only parse) ``path`` and return the figures."""
    core = _pin_to_one_core()
    from articlekit.validation import Validation

    if kind == "parse":
        started, cpu = time.perf_counter(), time.process_time()
        count = 0
        loads = orjson.loads
        with open(path, "rb") as lines:
            for line in lines:
                loads(line)
                count += 1
        problems = 0
    else:
        list(Validation([str(SEEDS / "000_924425bcc6410fb0.expected.json")], engine=engine).problems())  # warm up
        run = Validation([path], engine=engine)
        started, cpu = time.perf_counter(), time.process_time()
        problems = sum(1 for _ in run.problems())
        count = sum(report.records for report in run.files)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "records": count,
        "problems": problems,
        "seconds": wall,
        "records_per_s": count / wall,
        "records_per_cpu_s": count / cpu,
        "bytes": os.path.getsize(path),
        "peak_rss_mib": _peak_rss_mib(),
        "core": core,
    }


def _measure(kind: str, path: Path, engine: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), engine], check=True, capture_output=True, text=True
    )
    figures: dict[str, Any] = json.loads(result.stdout)
    return figures


def _row(label: str, engine: str, figures: dict[str, Any]) -> str:
    # MB/s of the file read: meaningful for JSONL; a Parquet file of these records compresses ~30 times.
    mb_per_s = f"{figures['bytes'] / figures['seconds'] / 1e6:.0f}" if label.startswith("jsonl") else "-"
    return (
        f"{label:<34} {engine:<9} {figures['records']:>10,} {figures['problems']:>8,} {figures['seconds']:>8.1f}"
        f" {figures['records_per_s']:>10,.0f} {figures['records_per_cpu_s']:>12,.0f} {mb_per_s:>7}"
        f" {figures['peak_rss_mib']:>9.1f}"
    )


def _end_to_end(path: Path, jobs: int, records: int) -> dict[str, Any]:
    """Run ``articlekit validate`` on ``path`` as a user would and time it from process start to exit."""
    script = str(Path(sys.executable).with_name("articlekit"))  # the console script pip installed beside Python
    command = [script, "validate", str(path), "--output", "jsonl", "--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The command and the processes it waited for. With --jobs the workers are the forkserver's children,
    # and the forkserver is never waited for, so their CPU time is not in this figure: it is left out.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"validate exited {done.returncode}: {done.stderr.strip()}")
    return {
        "command": " ".join(["articlekit", *command[1:]]),
        "records": records,
        "jobs": jobs,
        "seconds": wall,
        "records_per_s": records / wall,
        "cpu_seconds": cpu if jobs == 1 else None,
        "records_per_cpu_s": records / cpu if jobs == 1 else None,
        "summary": done.stderr.strip().splitlines()[-1],
    }


def end_to_end(count: int, folder: Path) -> list[dict[str, Any]]:
    """Measure the command end to end on ``count`` records, JSON Lines and Parquet, one and two jobs."""
    jsonl, table = folder / "bench.jsonl", folder / "bench.parquet"
    write_jsonl(jsonl, count)
    write_parquet(table, count)
    found = []
    print(f"{'input':<28} {'jobs':>4} {'seconds':>8} {'records/s':>10} {'CPU s':>7} {'records/CPU-s':>13}")
    for label, path in (("jsonl", jsonl), ("parquet", table)):
        for jobs in (1, 2):
            figures = {"input": label, **_end_to_end(path, jobs, count)}
            found.append(figures)
            print(
                f"{label + f', {count:,} records':<28} {jobs:>4} {figures['seconds']:>8.1f}"
                f" {figures['records_per_s']:>10,.0f} {_figure(figures['cpu_seconds'], '>7.1f')}"
                f" {_figure(figures['records_per_cpu_s'], '>13,.0f')}",
                flush=True,
            )
    return found


def _figure(value: float | None, spec: str) -> str:
    return format(value, spec) if value is not None else format("-", spec.replace(",", "").split(".")[0])


def _write_results(rows: list[dict[str, Any]]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    results = {
        "articlekit": __version__,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average_at_end": os.getloadavg(),
        "end_to_end": rows,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str]) -> None:
    """Generate the inputs, measure each in its own process and print one line per measurement."""
    if argv[:1] == ["--child"]:
        print(json.dumps(_child(argv[1], argv[2], argv[3])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="JSONL lines (default 1,000,000)")
    parser.add_argument("--rows", type=int, default=100_000, help="Parquet rows (default 100,000)")
    parser.add_argument("--reference", type=int, default=2_000, help="records for the reference engine")
    parser.add_argument("--small", action="store_true", help="also measure records a quarter the seeds' size")
    parser.add_argument("--tmp", type=Path, help="folder for the generated files (default: the system's temp folder)")
    parser.add_argument(
        "--end-to-end", type=int, metavar="N", help="only time `articlekit validate --jobs 1|2` on N records"
    )
    args = parser.parse_args(argv)
    if args.end_to_end:
        with tempfile.TemporaryDirectory(dir=args.tmp) as folder:
            _write_results(end_to_end(args.end_to_end, Path(folder)))
        return
    print(
        f"articlekit {__version__}, Python {sys.version.split()[0]}, jsonschema {version('jsonschema')}, "
        f"jsonschema-rs {version('jsonschema-rs')}, orjson {version('orjson')}, pyarrow {version('pyarrow')}; "
        f"each run in its own process on one core"
    )
    print(
        f"{'input':<34} {'engine':<9} {'records':>10} {'problems':>8} {'seconds':>8} {'records/s':>10}"
        f" {'records/CPU-s':>12} {'MB/s':>7} {'peak MiB':>9}"
    )
    with tempfile.TemporaryDirectory(dir=args.tmp) as folder:
        for shrink in (False, True) if args.small else (False,):
            size = "quarter-seed" if shrink else "seed-like"
            lines, rows = (args.lines, args.rows)
            jsonl = Path(folder) / f"{size}.jsonl"
            write_jsonl(jsonl, lines, shrink=shrink)
            average = jsonl.stat().st_size / lines / 1000
            print(f"-- {size} records, {average:.1f} KB of JSON a line")
            sample = Path(folder) / f"{size}-sample.jsonl"
            write_jsonl(sample, args.reference, shrink=shrink)
            print(_row(f"jsonl, {lines:,} lines", "fast", _measure("validate", jsonl, "fast")), flush=True)
            print(_row(f"jsonl, {lines:,} lines, parse only", "-", _measure("parse", jsonl, "-")), flush=True)
            print(_row(f"jsonl, first {args.reference:,} lines", "fast", _measure("validate", sample, "fast")))
            print(
                _row(f"jsonl, first {args.reference:,} lines", "reference", _measure("validate", sample, "reference"))
            )
            jsonl.unlink()
            table = Path(folder) / f"{size}.parquet"
            write_parquet(table, rows, shrink=shrink)
            small_table = Path(folder) / f"{size}-sample.parquet"
            write_parquet(small_table, args.reference, shrink=shrink)
            print(_row(f"parquet, {rows:,} rows", "fast", _measure("validate", table, "fast")), flush=True)
            print(_row(f"parquet, first {args.reference:,} rows", "fast", _measure("validate", small_table, "fast")))
            print(
                _row(
                    f"parquet, first {args.reference:,} rows",
                    "reference",
                    _measure("validate", small_table, "reference"),
                )
            )


if __name__ == "__main__":
    main(sys.argv[1:])
