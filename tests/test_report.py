"""``articlekit report``: counts, the page's charts, every input format, and the page in a real headless Chromium."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from paths import SEEDS

from articlekit.cli import run
from articlekit.discover import discover
from articlekit.pipeline import ConvertOptions, run_convert
from articlekit.report import build_report, render_html

SEED_002 = SEEDS / "002_79b54386e2c3b414.txt"
CHARTS = ["rejects-by-code", "per-day", "per-source", "languages", "scripts", "text-length", "flags", "encodings"]


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    """The seeds (000 dated 1970, so flagged), an empty file, an exact and a near copy, converted with --dedup near."""
    root = tmp_path_factory.mktemp("report")
    sources = root / "sources"
    shutil.copytree(SEEDS, sources, ignore=shutil.ignore_patterns("*.json", "*.py", "__pycache__"))
    (sources / "empty.txt").write_bytes(b"")
    seed_000 = sources / "000_924425bcc6410fb0.txt"
    seed_000.write_text(
        seed_000.read_text(encoding="utf-8").replace("Sat, 08 Feb 2025 08:38:35 GMT", "Thu, 01 Jan 1970 08:38:35 GMT"),
        encoding="utf-8",
    )
    shutil.copy(seed_000, sources / "000_again.txt")
    title, rest = SEED_002.read_text(encoding="utf-8").split("\n", 1)
    (sources / "100_copy.txt").write_text(title + "（转载）\n" + rest, encoding="utf-8")
    out = root / "out"
    run_convert(discover([str(sources)]), out, ConvertOptions(dedup="near"))
    return out


def report(folder: Path) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(["report", str(folder)], stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_counts_of_the_seeds_output(converted):
    found = build_report(converted)
    assert (found.inputs, found.articles) == (8, 5)
    assert dict(found.rejects_by_code) == {"duplicate": 1, "empty": 1, "near-duplicate": 1}
    assert dict(found.languages) == {"zh": 5}
    assert dict(found.scripts) == {"Hans": 4, "Hant": 1}
    assert dict(found.per_source) == {
        "voachinese.com": 1,
        "天天要聞": 1,
        "unknown": 1,
        "rfi.fr": 1,
        "wallstreetcn.com": 1,
    }
    # Seed 000's 1970 date is implausible, so its retrieval time (2025-02-08) stands in; seed 004's
    # 2025-02-13 07:56 Shanghai time is 2025-02-12 in UTC.
    assert sorted(found.per_day) == ["2022-01-28", "2025-02-08", "2025-02-10", "2025-02-12", "2025-04-19"]
    assert dict(found.flags) == {"published-at-implausible": 1, "published-at-from-retrieval": 1}
    assert dict(found.lengths) == {1000: 3, 2000: 2}  # texts of 1,273 to 2,021 characters
    assert dict(found.encodings) == {"utf-8": 5}
    messages = {code: message for code, message in found.messages}
    assert messages["near-duplicate"] == "near-duplicate of article <id> (estimated similarity N)"
    assert found.examples[("empty", messages["empty"])] == [str(converted.parent / "sources" / "empty.txt")]


@pytest.mark.parametrize("name", ["articles.jsonl", "articles.parquet", "articles.csv"])
def test_every_output_format_gives_the_same_article_counts(converted, tmp_path, name):
    alone = tmp_path / "alone"
    alone.mkdir()
    source = converted / name
    (shutil.copytree if source.is_dir() else shutil.copy)(source, alone / name)
    found = build_report(alone)
    expected = build_report(converted)
    assert (found.articles, found.per_day, found.per_source, found.lengths, found.encodings) == (
        expected.articles,
        expected.per_day,
        expected.per_source,
        expected.lengths,
        expected.encodings,
    )
    assert found.inputs is None


def test_partitioned_parquet_is_read_by_batches(converted, tmp_path):
    out = tmp_path / "partitioned"
    run_convert(discover([str(SEEDS)], "*.txt"), out, ConvertOptions(formats=("parquet",), partition_by="source"))
    found = build_report(out)
    assert (found.articles, dict(found.scripts)) == (5, {"Hans": 4, "Hant": 1})


def test_the_command_writes_the_page_and_prints_a_summary(converted):
    code, stdout, stderr = report(converted)
    assert (code, stderr) == (0, "")
    assert stdout.splitlines() == [
        "5 articles from 8 inputs; 3 rejects (duplicate: 1, empty: 1, near-duplicate: 1)",
        "published 2022-01-28 to 2025-04-19 (5 days)",
        "sources: voachinese.com 1, 天天要聞 1, unknown 1, rfi.fr 1, wallstreetcn.com 1",
        "languages: zh 5",
        f"wrote {converted / 'report.html'}",
    ]
    page = (converted / "report.html").read_text(encoding="utf-8")
    assert re.findall(r'data-chart="([a-z-]+)"', page) == CHARTS
    assert not re.search(r"(src|href)=\"https?:", page)  # nothing loaded from the network


def test_a_folder_with_no_output_is_a_usage_error(tmp_path):
    code, _, stderr = report(tmp_path)
    assert code == 2
    assert stderr.startswith("articlekit report: error:")


def test_html_escapes_what_the_data_holds(converted):
    found = build_report(converted)
    found.per_source["<script>alert(1)</script>"] = 1
    page = render_html(found)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.browser
def test_page_in_headless_chromium(converted, tmp_path):
    """The page loads with no console error, every chart has marks, and a screenshot is taken."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); the browser test needs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    code, _, _ = report(converted)
    assert code == 0
    errors: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        page.goto((converted / "report.html").as_uri())
        charts = page.eval_on_selector_all(
            "figure.chart",
            "figures => figures.map(f => [f.dataset.chart, f.querySelectorAll('rect').length,"
            " f.querySelector('svg').getBoundingClientRect().width])",
        )
        screenshot = tmp_path / "report.png"
        page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    assert errors == []
    assert requests == [(converted / "report.html").as_uri()]
    assert [name for name, _, _ in charts] == CHARTS
    assert all(marks > 0 and width > 0 for _, marks, width in charts), charts
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 10_000
