"""The three outputs of ``articlekit validate``: text for people, one JSON report, or JSON Lines."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from articlekit.schema import published_schema_path

if TYPE_CHECKING:
    from .run import Validation


def _stop_notice(run: Validation) -> str:
    unchecked = sum(report.unchecked_records for report in run.files)
    return (
        f"stopped after {_count(run.max_errors or 0, 'problem')} (--max-errors {run.max_errors}); "
        f"{_count(unchecked, 'more record')} {'was' if unchecked == 1 else 'were'} read but not checked"
    )


def _counts(run: Validation) -> str:
    return ", ".join(f"{code} {count:,}" for code, count in sorted(run.counts.items()))


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'s' * (number != 1)}"


def summary_line(run: Validation) -> str:
    """One line: files, records, invalid records, problems by code."""
    records = sum(report.records for report in run.files)
    invalid = sum(report.invalid_records for report in run.files)
    total = run.counts.total()
    found = f"{_count(total, 'problem')} ({_counts(run)})" if total else "no problems"
    return f"{_count(len(run.files), 'file')}, {_count(records, 'record')}, {invalid:,} invalid; {found}"


def write_text(run: Validation, stdout: TextIO, stderr: TextIO) -> None:
    """Stream problems grouped per file, then a line per file and a summary."""
    current: str | None = None
    for problem in run.problems():
        if problem.file != current:
            current = problem.file
            stdout.write(f"{current}\n")
        where = problem.location.describe()
        pointer = f" {problem.pointer}" if problem.pointer else ""
        got = f" (got {problem.value})" if problem.value is not None else ""
        stdout.write(f"  {where}:{pointer} [{problem.code}] {problem.message}{got}\n")
    if run.files:
        stdout.write("\n")
        width = max(len(report.file) for report in run.files)
        for report in run.files:
            state = "valid" if not report.problems else _count(report.problems, "problem")
            stdout.write(
                f"{report.file:<{width}}  {report.format:<7}  {_count(report.records, 'record'):>15}  "
                f"{report.invalid_records:>9,} invalid  {state}\n"
            )
    stdout.write(summary_line(run) + "\n")
    if run.stopped_early:
        stdout.write(_stop_notice(run) + "\n")


def write_json(run: Validation, stdout: TextIO, stderr: TextIO) -> None:
    """Write one JSON object holding the whole report."""
    report = run.report(list(run.problems()))
    json.dump(report.as_dict(), stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")


def write_jsonl(run: Validation, stdout: TextIO, stderr: TextIO) -> None:
    """Stream one JSON object per problem; the summary goes to stderr."""
    for problem in run.problems():
        stdout.write(json.dumps(problem.as_dict(), ensure_ascii=False) + "\n")
    stderr.write(summary_line(run) + f"; schema {published_schema_path()}\n")
    if run.stopped_early:
        stderr.write(_stop_notice(run) + "\n")
