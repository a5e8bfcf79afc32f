"""``articlekit report``: one self-contained HTML page (and a terminal summary) describing an output.

The page, ``DIR/report.html``, needs nothing but itself: the charts are SVG
drawn here, the style is inline, nothing is loaded from the network. It shows:

- counts: inputs, articles, rejects by code, duplicates, near-duplicates;
- articles per day (of ``published_at`` in UTC) and per source;
- the language and script split (``zh-Hans`` is language ``zh``, script ``Hans``);
- the distribution of text lengths (characters);
- flags and source encodings;
- the most common reject messages (ids and numbers masked) with example paths.

Everything is streamed: Parquet through pyarrow record batches of the few
columns needed, JSONL and CSV bundles through the exporters' readers,
``rejects.jsonl`` line by line. Only counters are held, so memory does not
grow with the number of records.
"""

from __future__ import annotations

import argparse
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from articlekit.exporters import Exporter, ReadError, UnknownFormatError, parquet
from articlekit.schema import Article

LENGTH_BINS = (0, 250, 500, 1000, 2000, 4000, 8000, 16000, 32000)
"""Lower edges of the text-length histogram's bins, in characters; the last bin is open."""
TOP = 20
"""Rows shown in a ranked chart (sources, reject messages); the rest are summed as "other"."""
_EXAMPLES = 3
_PARQUET_COLUMNS = ("published_at", "source", "language", "text", "flags", "provenance")
_BATCH_ROWS = 8192
_MASKS = ((re.compile(r"\b[0-9a-f]{32}\b"), "<id>"), (re.compile(r"\d+(\.\d+)?"), "N"))


@dataclass
class Report:
    """Counters over one output; everything the page and the terminal summary show."""

    source: str = ""
    inputs: int | None = None
    articles: int = 0
    per_day: Counter[str] = field(default_factory=Counter)
    per_source: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    scripts: Counter[str] = field(default_factory=Counter)
    lengths: Counter[int] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    encodings: Counter[str] = field(default_factory=Counter)
    rejects_by_code: Counter[str] = field(default_factory=Counter)
    messages: Counter[tuple[str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))

    def count_article(
        self, day: str | None, source: str, language: str, length: int, flags: list[str], encoding: str
    ) -> None:
        """Count one article."""
        self.articles += 1
        self.per_day[day or "no date"] += 1
        self.per_source[source] += 1
        self.count_language(language)
        self.lengths[_length_bin(length)] += 1
        self.flags.update(flags)
        self.encodings[encoding] += 1

    def count_language(self, tag: str, count: int = 1) -> None:
        """Count ``count`` articles of a BCP 47 tag: its language subtag and its script (or "none")."""
        parts = tag.split("-")
        self.languages[parts[0]] += count
        script = next((part for part in parts[1:] if len(part) == 4 and part.isalpha()), "none")
        self.scripts[script] += count

    def count_reject(self, reject: dict[str, Any]) -> None:
        """Count one line of ``rejects.jsonl``."""
        code = str(reject.get("code"))
        self.rejects_by_code[code] += 1
        message = str(reject.get("message", ""))
        for pattern, mask in _MASKS:
            message = pattern.sub(mask, message)
        key = (code, message[:300])
        self.messages[key] += 1
        examples = self.examples[key]
        if len(examples) < _EXAMPLES:
            examples.append(str(reject.get("path")))

    def terminal_summary(self) -> str:
        """A few lines for the terminal."""
        days = sorted(day for day in self.per_day if day != "no date")
        rejects = sum(self.rejects_by_code.values())
        codes = ", ".join(f"{code}: {count}" for code, count in sorted(self.rejects_by_code.items()))
        lines = [
            f"{self.articles} articles"
            + (f" from {self.inputs} inputs" if self.inputs is not None else "")
            + f"; {rejects} rejects"
            + (f" ({codes})" if codes else ""),
            f"published {days[0]} to {days[-1]} ({len(days)} days)" if days else "no publication dates",
            "sources: " + ", ".join(f"{name} {count}" for name, count in self.per_source.most_common(5)),
            "languages: " + ", ".join(f"{name} {count}" for name, count in self.languages.most_common()),
        ]
        return "\n".join(lines) + "\n"


def _length_bin(length: int) -> int:
    low = 0
    for edge in LENGTH_BINS:
        if length >= edge:
            low = edge
    return low


def _source_name(domain: str | None, name: str | None) -> str:
    return domain or name or "unknown"


def _day(instant: datetime | None) -> str | None:
    return None if instant is None else instant.astimezone(UTC).date().isoformat()


def _count_records(report: Report, records: Iterator[Article]) -> None:
    for article in records:
        report.count_article(
            _day(article.published_at),
            _source_name(article.source.domain, article.source.name),
            article.language,
            len(article.text),
            list(article.flags),
            article.provenance.encoding,
        )


def _count_parquet(report: Report, path: Path) -> None:
    """Count a Parquet file or dataset through record batches of the needed columns only."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    files = parquet.dataset_files(path) if path.is_dir() else [path]
    for file in files:
        try:
            handle = pq.ParquetFile(file)
            batches = handle.iter_batches(batch_size=_BATCH_ROWS, columns=list(_PARQUET_COLUMNS))
            for batch in batches:
                table = pa.Table.from_batches([batch])
                report.articles += table.num_rows
                days = pc.strftime(pc.cast(table["published_at"], pa.timestamp("us", tz="UTC")), format="%Y-%m-%d")
                for item in pc.value_counts(pc.fill_null(days, "no date")).to_pylist():
                    report.per_day[item["values"]] += item["counts"]
                source = table["source"].combine_chunks()
                names = pc.coalesce(pc.struct_field(source, "domain"), pc.struct_field(source, "name"), "unknown")
                for item in pc.value_counts(names).to_pylist():
                    report.per_source[item["values"]] += item["counts"]
                for item in pc.value_counts(table["language"]).to_pylist():
                    report.count_language(item["values"], item["counts"])
                for length in pc.utf8_length(table["text"]).to_pylist():
                    report.lengths[_length_bin(length)] += 1
                flags = pc.list_flatten(table["flags"])
                if len(flags):
                    for item in pc.value_counts(flags).to_pylist():
                        report.flags[item["values"]] += item["counts"]
                encodings = pc.struct_field(table["provenance"].combine_chunks(), "encoding")
                for item in pc.value_counts(encodings).to_pylist():
                    report.encodings[item["values"]] += item["counts"]
        except (OSError, KeyError, pa.ArrowException) as error:
            raise ReadError(file, "file", f"cannot report on this Parquet file: {error}") from error


def build_report(folder: Path) -> Report:
    """Read an output folder (or one output) and count what the report shows.

    Args:
        folder: A ``convert`` or ``dedup`` output folder, a Parquet dataset folder or a CSV bundle.

    Raises:
        UnknownFormatError: Nothing in ``folder`` is an articlekit output.
        ReadError: A record is not valid.
    """
    from articlekit.dedup_output import locate_outputs

    path, exporters = locate_outputs(folder)
    exporter: Exporter = exporters[0]
    # Parquet is the fastest to read column by column: prefer it when a convert folder holds it.
    if any(candidate is parquet for candidate in exporters) and path.parent == folder:
        path, exporter = folder / parquet.DEFAULT_NAME, parquet
    report = Report(source=str(path))
    if exporter is parquet:
        _count_parquet(report, path)
    else:
        _count_records(report, exporter.read(path))
    rejects = folder / "rejects.jsonl"
    if rejects.is_file():
        with rejects.open(encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    report.count_reject(json.loads(line))
    summary = folder / "summary.json"
    if summary.is_file():
        data = json.loads(summary.read_text(encoding="utf-8"))
        if isinstance(data.get("inputs"), int):
            report.inputs = data["inputs"]
    return report


# --- the page -------------------------------------------------------------------------------------

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;margin:2rem;color:#222}
body{max-width:1100px}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse}
td,th{padding:.2rem .6rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.grid{display:flex;flex-wrap:wrap;gap:1.5rem}
figure{margin:0}figcaption{font-weight:600;margin-bottom:.3rem}svg text{font-size:11px;fill:#333}
.bar{fill:#4c78a8}.empty{fill:#888}code{font-size:.85em}
"""


def _bars(name: str, title: str, rows: list[tuple[str, int]], width: int = 520) -> str:
    """A horizontal bar chart as inline SVG, one row per (label, count)."""
    row_height, label_width = 18, 190
    if not rows:
        body = '<text class="empty" x="4" y="14">none</text>'
        height = 20
    else:
        top = max(count for _, count in rows) or 1
        parts = []
        for number, (label, count) in enumerate(rows):
            y = number * row_height
            length = max(1.0, (width - label_width - 60) * count / top)
            short = label if len(label) <= 32 else label[:31] + "…"
            parts.append(
                f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end"><title>{html.escape(label)}</title>'
                f"{html.escape(short)}</text>"
                f'<rect class="bar" x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row_height - 6}">'
                f"<title>{html.escape(label)}: {count}</title></rect>"
                f'<text x="{label_width + length + 4:.1f}" y="{y + 13}">{count}</text>'
            )
        body = "".join(parts)
        height = len(rows) * row_height
    return (
        f'<figure class="chart" data-chart="{name}" data-points="{len(rows)}"><figcaption>{html.escape(title)}'
        f'</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}">{body}</svg></figure>'
    )


def _columns(name: str, title: str, rows: list[tuple[str, int]], width: int = 1000) -> str:
    """A column chart as inline SVG (time series, histograms), labels under the first, middle and last column."""
    height, base = 180, 150
    if not rows:
        return _bars(name, title, rows)
    top = max(count for _, count in rows) or 1
    step = min((width - 40) / len(rows), 60.0)  # a few columns stay columns, not slabs
    parts = [f'<line x1="30" y1="{base}" x2="{width}" y2="{base}" stroke="#999"/>']
    parts.append(f'<text x="26" y="12" text-anchor="end">{top}</text>')
    labelled = {0, len(rows) // 2, len(rows) - 1} if len(rows) > 12 else set(range(len(rows)))
    for number, (label, count) in enumerate(rows):
        x = 32 + number * step
        bar = max(1.0, (base - 10) * count / top)
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{base - bar:.1f}" width="{max(step - 2, 1):.1f}" height="{bar:.1f}">'
            f"<title>{html.escape(label)}: {count}</title></rect>"
        )
        if number in labelled:
            parts.append(f'<text x="{x:.1f}" y="{base + 14}">{html.escape(label)}</text>')
    return (
        f'<figure class="chart" data-chart="{name}" data-points="{len(rows)}"><figcaption>{html.escape(title)}'
        f'</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(title)}">{"".join(parts)}</svg></figure>'
    )


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    rows = counter.most_common(TOP)
    rest = sum(counter.values()) - sum(count for _, count in rows)
    return rows + ([("other", rest)] if rest else [])


def _days(per_day: Counter[str]) -> list[tuple[str, int]]:
    """Per day, or per month when the dates span more than about a year."""
    dated = sorted((day, count) for day, count in per_day.items() if day != "no date")
    if len({day[:7] for day, _ in dated}) > 13:
        months: Counter[str] = Counter()
        for day, count in dated:
            months[day[:7]] += count
        return sorted(months.items())
    return dated


def _length_label(low: int) -> str:
    following = [edge for edge in LENGTH_BINS if edge > low]
    return f"{low}-{following[0] - 1}" if following else f"{low}+"


def render_html(report: Report) -> str:
    """Return the report page: one HTML document with inline style and SVG charts."""
    rejects = sum(report.rejects_by_code.values())
    counts = [
        ("inputs", "unknown" if report.inputs is None else str(report.inputs)),
        ("articles", str(report.articles)),
        ("rejects", str(rejects)),
        ("duplicates (same id)", str(report.rejects_by_code.get("duplicate", 0))),
        ("near-duplicates", str(report.rejects_by_code.get("near-duplicate", 0))),
        ("sources", str(len(report.per_source))),
        ("days with articles", str(len([day for day in report.per_day if day != "no date"]))),
    ]
    count_rows = "".join(f'<tr><th>{html.escape(name)}</th><td class="n">{value}</td></tr>' for name, value in counts)
    days = _days(report.per_day)
    undated = report.per_day.get("no date", 0)
    lengths = [(_length_label(low), report.lengths.get(low, 0)) for low in LENGTH_BINS]
    while lengths and lengths[-1][1] == 0 and len(lengths) > 1:
        lengths.pop()
    message_rows = "".join(
        f'<tr><td><code>{html.escape(code)}</code></td><td class="n">{count}</td><td>{html.escape(message)}</td>'
        f"<td>{'<br>'.join(html.escape(path) for path in report.examples[(code, message)])}</td></tr>"
        for (code, message), count in report.messages.most_common(TOP)
    )
    charts_counts = _bars("rejects-by-code", "Rejects by code", sorted(report.rejects_by_code.items()))
    sections = [
        f"<h1>articlekit report</h1><p>{html.escape(report.source)}</p>",
        f'<h2>Counts</h2><div class="grid"><table>{count_rows}</table>{charts_counts}</div>',
        "<h2>Articles over time</h2>"
        + _columns("per-day", f"Articles per {'month' if days and len(days[0][0]) == 7 else 'day'} (UTC)", days)
        + (f"<p>{undated} articles have no publication date.</p>" if undated else ""),
        '<h2>Sources</h2><div class="grid">' + _bars("per-source", "Articles per source", _ranked(report.per_source)),
        "</div>",
        '<h2>Language and script</h2><div class="grid">'
        + _bars("languages", "Language", report.languages.most_common())
        + _bars("scripts", "Script", report.scripts.most_common())
        + "</div>",
        "<h2>Text length</h2>" + _columns("text-length", "Articles by text length (characters)", lengths, 700),
        '<h2>Flags and encodings</h2><div class="grid">'
        + _bars("flags", "Flags", report.flags.most_common())
        + _bars("encodings", "Source encodings", report.encodings.most_common())
        + "</div>",
        "<h2>Most common reject messages</h2>"
        + (
            f"<table><tr><th>code</th><th>count</th><th>message</th><th>example paths</th></tr>{message_rows}</table>"
            if message_rows
            else "<p>No rejects.</p>"
        ),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>articlekit report</title><style>{_STYLE}</style></head><body>" + "".join(sections) + "</body></html>\n"
    )


def write_report(folder: Path) -> Report:
    """Build the report of ``folder`` and write ``folder/report.html`` atomically; return the counters."""
    from articlekit.pipeline import _atomic_text

    report = build_report(folder)
    with _atomic_text(folder / "report.html") as page:
        page.write(render_html(report))
    return report


def add_report_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``report`` sub-command on the ``articlekit`` parser."""
    command = commands.add_parser(
        "report",
        help="write DIR/report.html, a self-contained page describing an output, and print a summary",
        description=(
            "Describe an articlekit output folder (convert or dedup output, a Parquet dataset, a CSV bundle): "
            "counts, articles per day and source, language and script, text lengths, flags, encodings and the "
            "most common reject messages. Writes DIR/report.html (works offline) and prints a short summary."
        ),
        epilog="Exit codes: 0 done, 2 usage error or an output that cannot be read.",
    )
    command.add_argument("folder", type=Path, metavar="DIR", help="the output folder")
    command.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    command.set_defaults(handler=_run_report_command)


def _run_report_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    if not args.folder.is_dir():
        stderr.write(f"articlekit report: error: not a folder: {args.folder}\n")
        return 2
    try:
        report = write_report(args.folder)
    except (OSError, UnknownFormatError, ReadError, ValueError) as error:
        stderr.write(f"articlekit report: error: {error}\n")
        return 2
    if not args.quiet:
        stdout.write(report.terminal_summary() + f"wrote {args.folder / 'report.html'}\n")
    return 0


__all__ = ["Report", "build_report", "render_html", "write_report"]
