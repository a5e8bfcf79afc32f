"""Peak memory of the warc converter on a large WARC file: records stream from disk, one page at a time.

Run: ``python bench/bench_warc_memory.py [--records N]``.

Writes a ``.warc.gz`` of N response records (the labelled pages of ``bench/html_eval/`` over and over,
each under its own URL, gzip content encoding) with a request record after each, into a temporary
folder. Then, each in a fresh child process, it reports the peak resident memory (``ru_maxrss``) of:

- ``baseline``: importing articlekit and converting one page (what any run costs);
- ``converter``: ``warc.convert`` over the whole file handed over by its location, as the pipeline
  does, each result dropped as it comes (the converter's own bound);
- ``pipeline``: ``articlekit.pipeline.process`` on the file (today it keeps every article of one
  source until the source ends, so this grows with the file's article count).

It prints records, file size, pages/s and CPU seconds of the converter run too.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = HERE / "html_eval" / "pages"

_CHILD = r"""
import json, resource, sys, time
from articlekit.converters import Source, warc
from articlekit.schema import Article
mode, path = sys.argv[1], sys.argv[2]
started = time.process_time()
articles = skipped = rejected = 0
if mode == "baseline":
    for result in warc.convert(Source(path, b"", "", "binary", location=path)):
        articles += isinstance(result, Article)
        break
elif mode == "converter":
    for result in warc.convert(Source(path, b"", "", "binary", location=path)):
        if isinstance(result, Article):
            articles += 1
        elif isinstance(result, warc.ItemsSkipped):
            skipped += result.count
        else:
            rejected += 1
else:
    from pathlib import Path
    from articlekit.discover import Input
    from articlekit.pipeline import process
    outcome = process(Input(path, Path(path)))
    articles, rejected = len(outcome.articles), len(outcome.item_rejects)
    skipped = sum(count for _, count in outcome.items_skipped)
cpu = time.process_time() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"peak_mb": round(peak, 1), "cpu_seconds": round(cpu, 2), "articles": articles,
                  "records_skipped": skipped, "item_rejects": rejected}))
"""


def write_warc(path: Path, records: int) -> int:
    """Write ``records`` response records (each followed by a request record); returns the page count used."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = [gzip.decompress(page.read_bytes()) for page in sorted(PAGES.iterdir())]
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for index in range(records):
            data = pages[index % len(pages)]
            uri = f"https://bench.example/{index}.html"
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1"
            )
            body = gzip.compress(data, 6, mtime=0)
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
                )
            )
            request = b"GET / HTTP/1.1\r\n\r\n"
            writer.write_record(
                writer.create_warc_record(uri, "request", payload=io.BytesIO(request), length=len(request))
            )
    return len(pages)


def main(argv: list[str] | None = None) -> int:
    """Write the WARC, measure each mode in a child process, print the figures; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=3000, help="response records in the file")
    parser.add_argument("--modes", default="baseline,converter,pipeline")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.warc.gz"
        write_warc(path, arguments.records)
        results: dict[str, object] = {
            "response_records": arguments.records,
            "file_megabytes": round(path.stat().st_size / 1e6, 1),
        }
        for mode in arguments.modes.split(","):
            child = subprocess.run(
                [sys.executable, "-c", _CHILD, mode, str(path)], capture_output=True, text=True, check=True
            )
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            if mode != "baseline" and figures["cpu_seconds"]:
                figures["pages_per_cpu_second"] = round(arguments.records / figures["cpu_seconds"], 1)
            results[mode] = figures
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
