"""Speed of html-page against trafilatura's ``extract`` on the same pages, end to end, one core.

Run: ``python bench/bench_html.py [--rounds N]`` (trafilatura from the ``bench`` extra). Writes
``bench/results/html.json``.

Both sides get each labelled page of ``bench/html_eval/`` as the raw bytes a crawler saved (already
gunzipped). articlekit's side is what the pipeline does after reading a file: charset decoding,
detection against every registered converter, html-page conversion into a validated record.
trafilatura's side is ``extract(data, output_format="json", with_metadata=True)``. The best of
``--rounds`` passes over all pages is reported for each, as CPU time of this process (the
machine is shared: wall time would count other programs; a warm-up pass runs first).

It also times the warc converter on a WARC file written here from the same pages (gzip members,
one response record per page), reporting MB/s of WARC read and pages/s end to end.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import sys
import time
from pathlib import Path

from articlekit.converters import CONVERTERS, Source, detect
from articlekit.decode import decode
from articlekit.errors import ConversionError
from articlekit.schema import Article

HERE = Path(__file__).resolve().parent
PAGES = HERE / "html_eval" / "pages"


def articlekit_page(data: bytes, path: str) -> bool:
    """What the pipeline does with one page's bytes; True when it gave an article."""
    try:
        decoded = decode(data)
        source = Source(path=path, data=data, text=decoded.text, encoding=decoded.encoding)
        name = detect(source).format
        if name is None:
            return False
        return bool(list(CONVERTERS[name].convert(source)))
    except ConversionError:
        return False


def trafilatura_page(data: bytes) -> bool:
    """Trafilatura's extract on one page's bytes; True when it gave text."""
    import trafilatura

    return bool(trafilatura.extract(data, output_format="json", with_metadata=True))


def best_of(rounds: int, run: object, pages: list[tuple[str, bytes]]) -> tuple[float, int]:
    """Best wall time of ``rounds`` passes over ``pages`` (after a warm-up), and how many gave output."""
    found = sum(run(data, name) for name, data in pages)  # type: ignore[operator]
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for name, data in pages:
            run(data, name)  # type: ignore[operator]
        best = min(best, time.process_time() - started)
    return best, found


def write_warc(pages: list[tuple[str, bytes]]) -> bytes:
    """A .warc.gz holding one request and one response record (gzip Content-Encoding) per page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for index, (name, data) in enumerate(pages):
        uri = f"https://bench.example/{index}/{name}"
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1"
        )
        body = gzip.compress(data, 6, mtime=0)
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
        )
        writer.write_record(record)
        request = writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"), length=18)
        writer.write_record(request)
    return buffer.getvalue()


def read_with_fastwarc(archive: bytes) -> float | None:
    """CPU seconds FastWARC takes to read every response payload, gzip decoded (None without FastWARC)."""
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        return None
    started = time.process_time()
    for record in ArchiveIterator(io.BytesIO(archive), record_types=WarcRecordType.response, parse_http=True):
        body = record.reader.read()
        if record.http_headers.get("Content-Encoding") == "gzip":
            gzip.decompress(body)  # FastWARC leaves HTTP content encodings to the caller
    return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print its figures; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--articlekit-only",
        action="store_true",
        help="time articlekit's pages only and print one line (for A/B runs of two installed trees via PYTHONPATH)",
    )
    arguments = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the issue asks
    pages = [(path.name.removesuffix(".gz"), gzip.decompress(path.read_bytes())) for path in sorted(PAGES.iterdir())]
    megabytes = sum(len(data) for _, data in pages) / 1e6

    ours, ours_found = best_of(arguments.rounds, articlekit_page, pages)
    if arguments.articlekit_only:
        import articlekit

        print(json.dumps({"articlekit": articlekit.__file__, "seconds": round(ours, 3), "articles": ours_found}))
        return 0
    theirs, theirs_found = best_of(arguments.rounds, lambda data, name: trafilatura_page(data), pages)

    from articlekit.converters import warc

    archive = write_warc(pages)
    warc_source = Source(path="bench.warc.gz", data=archive, text="", encoding="binary")
    list(warc.convert(warc_source))  # warm-up
    best_warc = float("inf")
    warc_articles = 0
    for _ in range(arguments.rounds):
        started = time.process_time()
        results = list(warc.convert(warc_source))
        best_warc = min(best_warc, time.process_time() - started)
        warc_articles = sum(1 for result in results if isinstance(result, Article))
    started = time.process_time()
    scan = warc.scan_warc(warc_source)
    read_only = time.process_time() - started
    fastwarc_read = read_with_fastwarc(archive)

    results = {
        "pages": len(pages),
        "megabytes": round(megabytes, 2),
        "python": platform.python_version(),
        "articlekit": {
            "seconds": round(ours, 3),
            "pages_per_second": round(len(pages) / ours, 1),
            "articles": ours_found,
        },
        "trafilatura": {
            "seconds": round(theirs, 3),
            "pages_per_second": round(len(pages) / theirs, 1),
            "with_text": theirs_found,
        },
        "speedup": round(theirs / ours, 2),
        "warc": {
            "file_megabytes": round(len(archive) / 1e6, 2),
            "records": scan.records,
            "read_megabytes_per_second": round(len(archive) / 1e6 / read_only, 1),
            "fastwarc_read_megabytes_per_second": (
                round(len(archive) / 1e6 / fastwarc_read, 1) if fastwarc_read else None
            ),
            "convert_seconds": round(best_warc, 3),
            "pages_per_second": round(scan.pages / best_warc, 1),
            "articles": warc_articles,
        },
    }
    print(json.dumps(results, indent=2))
    out = HERE / "results" / "html.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
