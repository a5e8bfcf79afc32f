"""Benchmark: write realistic records to Parquet; print records/s and peak memory per size.

Usage::

    .venv/bin/python bench/bench_parquet.py            # 10,000 and 100,000 records
    .venv/bin/python bench/bench_parquet.py 5000 50000  # other sizes
    .venv/bin/python bench/bench_parquet.py --row-group-bytes 100000000 10000  # other row group limits

Each size runs in its own child process pinned to one core, so each peak RSS
(``VmHWM``) is that size's alone. Records are generated on the fly, shaped
like the seeds' articles (about 1,750 characters of text in about 20 blocks,
80% Chinese drawn at random from 3,500 common characters, so no two records
are alike and zstd cannot feed on repeats), and handed to the writer in chunks
of 1,000, as from a queue of converter results, and dropped by this script
once written, so (as in a real pipeline) the writer's timing includes freeing
the records it lets go of. Three rates are printed: the writer alone in CPU
time and in wall time (``write`` and ``commit`` calls only), and end to end
including generating and validating the records. The load average is printed
too: other busy processes slow even the CPU-time figure, through shared caches
and memory bandwidth (on a 2-core machine with a load average of 5, by a third
or more). This script prints figures; it never asserts on them.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow
import pyarrow.parquet as pq

from articlekit import __version__
from articlekit.exporters import parquet
from articlekit.schema import BLOCK_SEPARATOR, SCHEMA_VERSION, Article, make_article_id

# Common Han characters (a contiguous slice of the CJK block) and Latin words to draw text from.
_HAN = [chr(code) for code in range(0x4E00, 0x4E00 + 3500)]
_PUNCTUATION = "，，，。、；：「」"
_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "as",
    "was",
    "with",
    "be",
    "by",
    "on",
    "not",
    "he",
    "this",
    "are",
    "or",
    "his",
    "from",
    "at",
    "which",
]
_SOURCES = [("美国之音", "voachinese.com"), ("法广", "rfi.fr"), ("每日头条", "kknews.cc"), (None, None)]
_KINDS = ["paragraph"] * 8 + ["heading", "list_item", "quote"]
_CHUNK = 1_000


def _sentence(rng: random.Random, chinese: bool) -> str:
    if chinese:
        length = rng.randint(14, 46)
        chars = [rng.choice(_PUNCTUATION) if rng.random() < 0.08 else rng.choice(_HAN) for _ in range(length)]
        return "".join(chars).strip(_PUNCTUATION) + "。"
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 20))).capitalize() + "."


def realistic_record(rng: random.Random, number: int) -> Article:
    """Build one valid record shaped like the seeds' articles: about 1,600 characters of text in 20 blocks."""
    chinese = rng.random() < 0.8
    name, domain = rng.choice(_SOURCES)
    blocks = [
        {
            "kind": rng.choice(_KINDS),
            "text": "".join(_sentence(rng, chinese) for _ in range(rng.randint(1, 4))),
        }
        for _ in range(rng.randint(10, 30))
    ]
    zone = timezone(timedelta(minutes=rng.choice([480, 60, 0, -300])))
    published = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randint(0, 5 * 365 * 86400))
    url = f"https://{domain or 'example.com'}/a/{number}-{rng.getrandbits(32):08x}.html"
    fields: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "url": url,
        "source": {"name": name, "domain": domain},
        "title": _sentence(rng, chinese)[:-1],
        "authors": rng.sample(["王小明", "李华", "Jane Doe", "张伟"], rng.randint(0, 2)),
        "published_at": published.astimezone(zone),
        "published_offset_assumed": rng.random() < 0.3,
        "retrieved_at": (published + timedelta(hours=rng.randint(1, 48))).astimezone(UTC),
        "language": "zh-Hans" if chinese else "en",
        "summary": _sentence(rng, chinese) if rng.random() < 0.5 else None,
        "categories": rng.sample(["国际", "财经", "科技", "体育"], rng.randint(0, 2)),
        "tags": rng.sample(["美国", "中国", "经济", "选举", "AI"], rng.randint(0, 3)),
        "blocks": blocks,
        "text": BLOCK_SEPARATOR.join(block["text"] for block in blocks),
        "images": [
            {"url": f"https://img.example.com/{number}/{index}.jpg", "caption": _sentence(rng, chinese)}
            for index in range(rng.randint(0, 3))
        ],
        "links": [
            {"url": f"https://ref.example.org/{rng.getrandbits(24):06x}", "text": _sentence(rng, chinese)}
            for _ in range(rng.randint(0, 2))
        ],
        "flags": [],
        "provenance": {
            "format": "rss-markdown",
            "path": f"corpus/{number:07d}.txt",
            "sha256": f"{rng.getrandbits(256):064x}",
            "encoding": "utf-8",
            "converter_version": __version__,
        },
    }
    fields["id"] = make_article_id(url, format="rss-markdown", title=fields["title"], published_at=published)
    return Article.model_validate(fields)


def realistic_records(count: int, seed: int = 0) -> Iterator[Article]:
    """Yield ``count`` distinct realistic records, generated one at a time."""
    rng = random.Random(seed)
    for number in range(count):
        yield realistic_record(rng, number)


def _memory_mib(field: str) -> float:
    """Return ``VmHWM`` (peak) or ``VmRSS`` (current) of this process, in MiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # pragma: no cover - not Linux


def _measure(count: int, row_group_size: int, row_group_bytes: int) -> dict[str, float]:
    """Run in a child process: write ``count`` records and report the figures as JSON."""
    os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})  # one core, whatever threads pyarrow starts
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent) as folder:
        # Warm up outside the timing: the first write builds the cached schemas and lets pyarrow
        # import pandas when it is installed (its first pa.array call does), about half a second once.
        warm_up_started = time.perf_counter()
        parquet.write(realistic_records(10, seed=1), Path(folder) / "warm-up.parquet")
        warm_up_seconds = time.perf_counter() - warm_up_started
        baseline_rss = _memory_mib("VmRSS")  # interpreter, pyarrow (and pandas) loaded, before the run
        dest = Path(folder) / "articles.parquet"
        writer_cpu = writer_wall = 0.0
        characters = 0
        records = realistic_records(count)
        started = time.perf_counter()
        with parquet.open_writer(dest, row_group_size=row_group_size, row_group_bytes=row_group_bytes) as writer:
            # Records arrive in chunks, as from a queue of converter results; only the writer is timed.
            while chunk := list(itertools.islice(records, _CHUNK)):
                characters += sum(len(record.text) for record in chunk)
                cpu, wall = time.process_time(), time.perf_counter()
                for record in chunk:
                    writer.write(record)
                writer_cpu += time.process_time() - cpu
                writer_wall += time.perf_counter() - wall
            cpu, wall = time.process_time(), time.perf_counter()
        # commit: the last row group, the footer, fsync and rename
        writer_cpu += time.process_time() - cpu
        writer_wall += time.perf_counter() - wall
        total_wall = time.perf_counter() - started
        size = dest.stat().st_size
        row_groups = pq.ParquetFile(dest).metadata.num_row_groups
    return {
        "records": count,
        "warm_up_s": warm_up_seconds,
        "writer_cpu_records_per_s": count / writer_cpu,
        "writer_wall_records_per_s": count / writer_wall,
        "end_to_end_records_per_s": count / total_wall,
        "mean_text_characters": characters / count,
        "file_mib": size / 2**20,
        "row_groups": row_groups,
        "baseline_rss_mib": baseline_rss,
        "peak_rss_mib": _memory_mib("VmHWM"),
    }


def main(argv: list[str]) -> None:
    """Measure every size in its own process and print one line per size."""
    if argv[:1] == ["--child"]:
        print(json.dumps(_measure(int(argv[1]), int(argv[2]), int(argv[3]))))
        return
    row_group_size, row_group_bytes = parquet.DEFAULT_ROW_GROUP_SIZE, parquet.DEFAULT_ROW_GROUP_BYTES
    while argv[:1] in (["--row-group-size"], ["--row-group-bytes"]):
        if argv[0] == "--row-group-size":
            row_group_size = int(argv[1])
        else:
            row_group_bytes = int(argv[1])
        argv = argv[2:]
    sizes = [int(size) for size in argv] or [10_000, 100_000]
    # CPU time is not immune to other busy processes (they share caches and memory bandwidth): say how busy.
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(
        f"articlekit {__version__}, pyarrow {pyarrow.__version__}, Python {sys.version.split()[0]}, one core, "
        f"row groups of at most {row_group_size:,} records and {row_group_bytes / 2**20:,.0f} MiB of Arrow data, zstd"
    )
    print(
        f"{'records':>10} {'writer rec/CPU-s':>17} {'writer rec/s':>13} {'end-to-end rec/s':>17}"
        f" {'text chars':>11} {'file MiB':>9} {'row groups':>11}"
        f" {'RSS before MiB':>15} {'peak RSS MiB':>13}"
    )
    for size in sizes:
        command = [sys.executable, __file__, "--child", str(size), str(row_group_size), str(row_group_bytes)]
        result = subprocess.run(command, check=True, capture_output=True, text=True)
        figures = json.loads(result.stdout)
        print(
            f"{figures['records']:>10,} {figures['writer_cpu_records_per_s']:>17,.0f}"
            f" {figures['writer_wall_records_per_s']:>13,.0f} {figures['end_to_end_records_per_s']:>17,.0f}"
            f" {figures['mean_text_characters']:>11,.0f} {figures['file_mib']:>9.1f} {figures['row_groups']:>11,}"
            f" {figures['baseline_rss_mib']:>15.1f} {figures['peak_rss_mib']:>13.1f}"
        )
    print("load average at end:   {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main(sys.argv[1:])
