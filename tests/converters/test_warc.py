from __future__ import annotations

import gzip
import hashlib
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import brotli
import pytest
from converter_checks import assert_valid
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from articlekit.converters import ItemRejected, ItemsSkipped, Source, detect, warc
from articlekit.discover import Input, discover
from articlekit.errors import ConversionError
from articlekit.pipeline import ConvertOptions, process, run_convert

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGE = (FIXTURES / "html-page" / "people-cn.html").read_bytes()
FRENCH = (FIXTURES / "html-page" / "lemonde-byline.html").read_bytes()
DATE = "2024-05-01T10:00:00Z"
META_CHARSET = b'<meta http-equiv="content-type" content="text/html;charset=GB2312">'


def chunked(body: bytes, size: int = 4096) -> bytes:
    """``body`` in HTTP/1.1 chunked transfer coding."""
    chunks = [body[start : start + size] for start in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks) + b"0\r\n\r\n"


def response(writer: WARCWriter, uri: str, body: bytes, headers: list[tuple[str, str]], status: str = "200 OK") -> None:
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": DATE},
    )
    writer.write_record(record)


def crawl(*, gzipped: bool = True) -> bytes:
    """A small crawl: warcinfo, request, three pages, an image, a redirect, a 404, a metadata record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
    request_bytes = b"GET /a HTTP/1.1\r\n\r\n"
    request = writer.create_warc_record(
        "https://news.example/a", "request", payload=io.BytesIO(request_bytes), length=len(request_bytes)
    )
    writer.write_record(request)
    response(
        writer,
        "https://news.example/a",
        gzip.compress(PAGE, mtime=0),
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
    )
    response(writer, "https://news.example/logo.png", b"\x89PNG\r\n", [("Content-Type", "image/png")])
    response(writer, "https://news.example/old", b"", [("Location", "https://news.example/a")], status="301 Moved")
    response(
        writer,
        "https://news.example/gone",
        b"<html>gone</html>",
        [("Content-Type", "text/html")],
        status="404 Not Found",
    )
    response(
        writer,
        "https://news.example/b",
        brotli.compress(FRENCH),
        [("Content-Type", "text/html"), ("Content-Encoding", "br")],
    )
    # A GBK page whose only charset label is the HTTP header's (its meta is gone), sent chunked.
    gbk = PAGE.replace(META_CHARSET, b"").decode("utf-8").encode("gb18030")
    headers = [("Content-Type", "text/html; charset=GBK"), ("Transfer-Encoding", "chunked")]
    response(writer, "https://news.example/c", chunked(gbk), headers)
    metadata = writer.create_warc_record(
        "https://news.example/a", "metadata", payload=io.BytesIO(b"outlinks: 3\r\n"), length=13
    )
    writer.write_record(metadata)
    return buffer.getvalue()


def warc_source(data: bytes, path: str = "crawl.warc.gz") -> Source:
    return Source(path=path, data=data, text="", encoding="binary")


def split(results: list) -> tuple[list, list[ItemRejected], list[ItemsSkipped]]:
    """(articles, item rejects, skipped counts) of a WARC converter's results, in their order."""
    rejects = [result for result in results if isinstance(result, ItemRejected)]
    skipped = [result for result in results if isinstance(result, ItemsSkipped)]
    articles = [result for result in results if not isinstance(result, ItemRejected | ItemsSkipped)]
    return articles, rejects, skipped


CRAWL_SKIPPED = [
    ItemsSkipped("warc-metadata", 1),
    ItemsSkipped("warc-request", 1),
    ItemsSkipped("warc-response-not-2xx", 2),
    ItemsSkipped("warc-response-not-html", 1),
    ItemsSkipped("warc-warcinfo", 1),
]


def test_crawl_gives_its_three_articles_and_skips_the_rest():
    results = list(warc.convert(warc_source(crawl())))
    articles, rejects, skipped = split(results)
    assert rejects == []
    # The skipped counts come last, one per reason, reasons sorted.
    assert results[3:] == skipped == CRAWL_SKIPPED
    first, second, third = articles
    for article in articles:
        assert_valid(article)
    assert first.title == "女儿出嫁，郑板桥画了几笔兰花当嫁妆"
    assert first.url == "https://news.example/a"  # the page names no URL: WARC-Target-URI
    assert first.retrieved_at == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert first.provenance.format == "html-page"
    assert first.provenance.path.startswith("crawl.warc.gz#offset=")
    assert first.provenance.encoding == "utf-8"
    assert (
        second.url
        == "http://www.lemonde.fr/pixels/article/2015/05/04/que-contient-la-loi-sur-le-renseignement_4627068_4408996.html"
    )
    assert second.authors == ["Martin Untersinger", "Damien Leloup", "Morgane Tual"]
    # Chunked, and GBK named by the HTTP header only.
    assert (third.url, third.provenance.encoding, third.title) == (
        "https://news.example/c",
        "gb18030",
        "女儿出嫁，郑板桥画了几笔兰花当嫁妆",
    )
    assert third.text == first.text


def test_scan_counts_what_was_skipped():
    scan = warc.scan_warc(warc_source(crawl()))
    assert (scan.records, scan.pages, scan.damaged) == (9, 3, 0)
    assert scan.skipped == {
        "warcinfo": 1,
        "request": 1,
        "response:image/png": 1,
        "response:301": 1,
        "response:404": 1,
        "metadata": 1,
    }


def test_offset_in_provenance_finds_the_record_again():
    data = crawl()
    first = next(iter(warc.convert(warc_source(data))))
    offset = int(first.provenance.path.rpartition("=")[2])
    member = gzip.decompress(data[offset:])  # gunzip reads on through the later members: the record comes first
    assert member.startswith(b"WARC/1.")
    assert b"WARC-Target-URI: https://news.example/a\r\n" in member.split(b"\r\n\r\n", 1)[0]
    assert b"WARC-Type: response\r\n" in member.split(b"\r\n\r\n", 1)[0]


def test_uncompressed_warc_reads_the_same():
    articles, _, skipped = split(list(warc.convert(warc_source(crawl(gzipped=False), "crawl.warc"))))
    assert skipped == CRAWL_SKIPPED
    assert [article.title for article in articles] == [
        "女儿出嫁，郑板桥画了几笔兰花当嫁妆",
        "Le projet de loi sur le renseignement massivement approuvé à l'Assemblée",
        "女儿出嫁，郑板桥画了几笔兰花当嫁妆",
    ]


def test_damaged_record_is_rejected_and_the_rest_converts():
    data = crawl()
    # Break the gzip member of the first page: find it by its offset, then spoil its deflate stream.
    first = next(iter(warc.convert(warc_source(data))))
    offset = int(first.provenance.path.rpartition("=")[2])
    damaged = bytearray(data)
    end = data.index(b"\x1f\x8b\x08", offset + 1)
    # Zeros after the 10-byte gzip header: a stored deflate block whose lengths disagree, so zlib fails
    # on the member's first bytes, whatever the rest of the member held.
    damaged[offset + 10 : end] = bytes(end - offset - 10)
    articles, rejects, _ = split(list(warc.convert(warc_source(bytes(damaged)))))
    assert [article.title for article in articles] == [
        "Le projet de loi sur le renseignement massivement approuvé à l'Assemblée",
        "女儿出嫁，郑板桥画了几笔兰花当嫁妆",
    ]
    assert len(rejects) == 1
    assert (rejects[0].position, rejects[0].code) == (1, "undecodable")
    assert rejects[0].message.startswith(f"crawl.warc.gz: damaged WARC record at offset {offset}: ")
    assert rejects[0].item == f"offset={offset}"


def test_pipeline_keeps_warc_bytes_for_the_warc_converter(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(crawl())
    outcome = process(Input("crawl.warc.gz", path))
    assert outcome.format == "warc"
    assert outcome.reject is None
    assert [article.language for article in outcome.articles] == ["zh-Hans", "fr", "zh-Hans"]
    # Pages a and c hold the same story under two URLs: two records, two ids.
    assert len({article.id for article in outcome.articles}) == 3


def test_detection_claims_warc_files_only():
    assert detect(warc_source(crawl())).format == "warc"
    assert warc.sniff(Source.from_text(PAGE.decode("utf-8"))) == 0.0
    assert warc.sniff(Source.from_text("WARC is a file format.\n")) == 0.0


# --- real WARC files from warcio's tests ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        # example.com and iana.org's home page are not articles.
        ("example.warc.gz", "no-body", "none of its 1 items gave an article; item 1: "),
        ("example-iana.org-chunked.warc", "no-body", "none of its 1 items gave an article; item 1: "),
        ("example-trunc.warc", "no-body", "none of its 1 items gave an article; item 1: "),
        ("example-bad-non-chunked.warc.gz", "no-body", "none of its 1 items gave an article; item 1: "),
        (
            "example-resource.warc.gz",
            "no-body",
            "example-resource.warc.gz: no HTML response record among 3 (1 resource, 2 warcinfo)",
        ),
    ],
)
def test_real_warc_files(name, code, message):
    outcome = process(Input(name, FIXTURES / "warc" / name))
    assert outcome.format == "warc"
    assert outcome.reject is not None
    assert outcome.reject.code == code
    assert outcome.reject.message.startswith(message)


def test_home_page_record_names_its_offset():
    outcome = process(Input("example.warc.gz", FIXTURES / "warc" / "example.warc.gz"))
    [item] = outcome.item_rejects
    assert (item.position, item.code, item.item) == (1, "no-body", "<urn:uuid:a9c51e3e-0221-11e7-bf66-0242ac120005>")
    assert item.message == "example.warc.gz#offset=784: a site's home page, not an article"


def test_whole_file_gzip_is_read_once_inflated():
    scan = warc.scan_warc(warc_source((FIXTURES / "warc" / "example-bad-non-chunked.warc.gz").read_bytes()))
    assert (scan.pages, scan.damaged) == (1, 0)


def test_file_without_pages_says_what_it_held():
    with pytest.raises(ConversionError) as caught:
        list(warc.convert(warc_source((FIXTURES / "warc" / "example-resource.warc.gz").read_bytes(), "r.warc.gz")))
    assert (caught.value.code, caught.value.message) == (
        "no-body",
        "r.warc.gz: no HTML response record among 3 (1 resource, 2 warcinfo)",
    )


# --- streaming and counting through the pipeline ---------------------------------------------------


def test_pipeline_streams_a_warc_larger_than_the_size_limit(tmp_path):
    data = crawl()
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    outcome = process(Input("crawl.warc.gz", path), max_bytes=len(data) // 4)
    assert outcome.reject is None
    assert [article.title for article in outcome.articles][1] == (
        "Le projet de loi sur le renseignement massivement approuvé à l'Assemblée"
    )
    assert len(outcome.articles) == 3
    assert outcome.items_skipped == tuple((item.reason, item.count) for item in CRAWL_SKIPPED)
    # The fingerprint hashes the whole file, not the head that was kept for detection.
    assert outcome.fingerprint is not None
    assert (outcome.fingerprint.size, outcome.fingerprint.sha256) == (len(data), hashlib.sha256(data).hexdigest())


def test_streamed_and_in_memory_warc_give_the_same_records(tmp_path):
    data = crawl(gzipped=False)
    path = tmp_path / "crawl.warc"
    path.write_bytes(data)
    streamed = list(warc.convert(Source("crawl.warc", data[:4096], "", "binary", location=str(path))))
    assert streamed == list(warc.convert(warc_source(data, "crawl.warc")))


def test_summary_counts_skipped_records_by_reason_and_rejects_none(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "crawl.warc.gz").write_bytes(crawl())
    (tmp_path / "in" / "r.warc.gz").write_bytes((FIXTURES / "warc" / "example-resource.warc.gz").read_bytes())
    summary = run_convert(discover([str(tmp_path / "in")]), tmp_path / "out", ConvertOptions(formats=("jsonl",)))
    written = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert written["items_skipped"] == {
        "warc-metadata": 1,
        "warc-request": 1,
        "warc-resource": 1,
        "warc-response-not-2xx": 2,
        "warc-response-not-html": 1,
        "warc-warcinfo": 3,
    }
    assert (summary.articles, summary.items_rejected, written["rejects_by_code"]) == (3, 0, {"no-body": 1})
    manifest = [json.loads(line) for line in (tmp_path / "out" / "manifest.jsonl").read_text().splitlines()]
    assert {Path(line["path"]).name: line["items_skipped"]["warc-warcinfo"] for line in manifest} == {
        "crawl.warc.gz": 1,
        "r.warc.gz": 2,
    }


def test_unreadable_streamed_warc_is_a_reject(tmp_path):
    source = Source("gone.warc", b"WARC/1.0\r\n", "", "binary", location=str(tmp_path / "gone.warc"))
    with pytest.raises(ConversionError) as caught:
        list(warc.convert(source))
    assert caught.value.code == "unreadable"
