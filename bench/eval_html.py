"""Measure html-page extraction quality on the labelled pages, against trafilatura's ``extract`` in the same run.

Run: ``python bench/eval_html.py [--only PREFIX] [--show N]`` (trafilatura from the ``bench`` extra).

The pages and their hand-checked labels are in ``bench/html_eval/`` (see its README and SOURCES.md).
For each page both extractors get the same bytes. Reported:

- body precision, recall and F1 over 4-token shingles (a token is a word, or one CJK character),
  counted as multisets and averaged over pages (a page with no output scores 0);
- exact-title rate (after Unicode NFC and whitespace normalisation);
- instants within a minute of the label (pages with a labelled instant; trafilatura gives dates only,
  so for it only the calendar date is compared) and the same calendar date for both;
- author recall (labelled names found among the extracted ones, case-insensitive).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

from articlekit.converters import Source, html_page
from articlekit.decode import decode
from articlekit.errors import ConversionError
from articlekit.text import normalize_inline

HERE = Path(__file__).resolve().parent / "html_eval"
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|[^\W_]+")
SHINGLE = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Multiset of the text's 4-token shingles (lower case); a short text is one shingle."""
    tokens = [token.lower() for token in _TOKEN.findall(text or "")]
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def body_scores(predicted: str, expected: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the predicted body against the label's."""
    got, want = shingles(predicted), shingles(expected)
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _instant(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed


def _names(values: list[str]) -> set[str]:
    return {normalize_inline(value).casefold() for value in values if normalize_inline(value)}


def run_articlekit(data: bytes, path: str) -> dict[str, object]:
    """Articlekit's record for a page, as the pipeline would make it (decode, then html-page)."""
    try:
        decoded = decode(data)
        article = html_page.convert_page(Source(path=path, data=data, text=decoded.text, encoding=decoded.encoding))
    except ConversionError as error:
        return {"title": None, "text": "", "published": None, "authors": [], "error": error.code}
    published = article.published_at.isoformat() if article.published_at else None
    return {"title": article.title, "text": article.text, "published": published, "authors": article.authors}


def run_trafilatura(data: bytes) -> dict[str, object]:
    """Trafilatura's ``extract`` with metadata, as JSON."""
    import trafilatura

    result = trafilatura.extract(data, output_format="json", with_metadata=True)
    if not result:
        return {"title": None, "text": "", "published": None, "authors": []}
    record = json.loads(result)
    authors = [name for name in re.split(r";|,", record.get("author") or "") if name.strip()]
    return {
        "title": record.get("title"),
        "text": record.get("text") or "",
        "published": record.get("date"),
        "authors": authors,
    }


def score(name: str, outputs: list[dict[str, object]], labels: list[dict[str, object]]) -> dict[str, float]:
    """The figures of one extractor over every page."""
    precisions, recalls, f1s = [], [], []
    titles = instants = instant_pages = dates = author_found = author_total = 0
    for output, label in zip(outputs, labels, strict=True):
        precision, recall, f1 = body_scores(str(output["text"] or ""), str(label["body"]))
        precisions.append(precision)
        recalls.append(recall)
        f1s.append(f1)
        if output["title"] and normalize_inline(str(output["title"])) == normalize_inline(str(label["title"])):
            titles += 1
        expected = _instant(label["published"])  # type: ignore[arg-type]
        if expected is not None:
            instant_pages += 1
            got_value = output["published"]
            got = _instant(got_value) if isinstance(got_value, str) else None
            if got is not None and got.tzinfo is not None and abs((got - expected).total_seconds()) <= 60:
                instants += 1
            if (isinstance(got_value, str) and got_value[:10] == expected.isoformat()[:10]) or (
                got is not None and got.tzinfo is not None and got.astimezone(expected.tzinfo).date() == expected.date()
            ):
                dates += 1
        wanted = _names(label["authors"])  # type: ignore[arg-type]
        if wanted:
            author_total += len(wanted)
            author_found += len(wanted & _names(output["authors"]))  # type: ignore[arg-type]
    pages = len(labels)
    return {
        "extractor": name,
        "pages": pages,
        "body_precision": round(sum(precisions) / pages, 4),
        "body_recall": round(sum(recalls) / pages, 4),
        "body_f1": round(sum(f1s) / pages, 4),
        "title_exact": round(titles / pages, 4),
        "instant_pages": instant_pages,
        "instant_within_minute": round(instants / instant_pages, 4) if instant_pages else 0.0,
        "same_date": round(dates / instant_pages, 4) if instant_pages else 0.0,
        "author_names": author_total,
        "author_recall": round(author_found / author_total, 4) if author_total else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print its figures; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="only pages whose id starts with this")
    parser.add_argument("--show", type=int, default=0, help="print the N pages with the lowest articlekit F1")
    parser.add_argument("--no-trafilatura", action="store_true")
    arguments = parser.parse_args(argv)
    with gzip.open(HERE / "labels.jsonl.gz", "rt", encoding="utf-8") as handle:
        labels = [json.loads(line) for line in handle if line.startswith("{")]
    labels = [label for label in labels if label["id"].startswith(arguments.only)]
    ours, theirs = [], []
    for label in labels:
        data = gzip.decompress((HERE / "pages" / f"{label['id']}.html.gz").read_bytes())
        ours.append(run_articlekit(data, label["id"]))
        if not arguments.no_trafilatura:
            theirs.append(run_trafilatura(data))
    results = [score("articlekit html-page", ours, labels)]
    if not arguments.no_trafilatura:
        results.append(score("trafilatura extract", theirs, labels))
    sites = {label["id"].split("-")[0] for label in labels}
    print(f"{len(labels)} labelled pages from {len(sites)} collections")
    for result in results:
        print(json.dumps(result))
    if arguments.show:
        ranked = sorted(
            zip(labels, ours, strict=True), key=lambda pair: body_scores(str(pair[1]["text"]), pair[0]["body"])[2]
        )
        for label, output in ranked[: arguments.show]:
            precision, recall, f1 = body_scores(str(output["text"]), label["body"])
            print(f"{label['id']}: P={precision:.2f} R={recall:.2f} F1={f1:.2f} {output.get('error', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
