"""The ``articlekit validate`` sub-command: its options, and the run it hands to a writer.

This module imports nothing from :mod:`articlekit.cli`: the command line
registers the command from here, so the dependency goes one way only.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from articlekit.cli_options import positive_int
from articlekit.schema import published_schema_path

from .output import write_json, write_jsonl, write_text
from .records import ENGINES
from .run import FORMATS, Validation, exit_code


def add_validate_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``validate`` sub-command on the ``articlekit`` parser."""
    command = commands.add_parser(
        "validate",
        help="check JSONL, JSON, Parquet or CSV-bundle files against the article contract",
        description=(
            "Check every record of the given files against the published JSON Schema and the rules it "
            "cannot express (NFC strings, text joined from the blocks, id derived from the record, no "
            "duplicate ids across all files). Every problem is reported with its file, line or row, the "
            "JSON Pointer of the field, a stable code and the offending value."
        ),
        epilog="Exit codes: 0 valid, 1 problems found, 2 usage error or an input that cannot be read.",
    )
    command.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=(
            "files (.jsonl, .jsonl.gz, .ndjson, .json, .parquet), Parquet dataset folders, CSV bundles; "
            "a pipe (e.g. <(zcat a.jsonl.gz)) needs --format jsonl or json"
        ),
    )
    command.add_argument("--format", choices=FORMATS, help="read every PATH as this format (default: detect)")
    command.add_argument(
        "--output",
        choices=("text", "json", "jsonl"),
        default="text",
        help="text for people (default); json: one report object; jsonl: one problem per line",
    )
    command.add_argument("--max-errors", type=positive_int, metavar="N", help="stop after N problems")
    command.add_argument(
        "--engine",
        choices=ENGINES,
        default="fast",
        help=(
            "fast (default): jsonschema-rs, and Parquet batches checked by column; "
            "reference: python-jsonschema on every record"
        ),
    )
    command.add_argument(
        "--jobs",
        type=positive_int,
        default=1,
        metavar="N",
        help=(
            "worker processes for large JSON Lines files (split at line ends) and Parquet files (split by row "
            "groups); the output is the same for any N (default: 1)"
        ),
    )
    command.add_argument("--schema", action="store_true", help="print where the JSON Schema file lives and exit")
    command.set_defaults(handler=_run_validate)


def _run_validate(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    if args.schema:
        stdout.write(published_schema_path() + "\n")
        return 0
    if not args.paths:
        stderr.write("articlekit validate: error: give at least one PATH (or --schema)\n")
        return 2
    run = Validation(args.paths, format=args.format, engine=args.engine, max_errors=args.max_errors, jobs=args.jobs)
    writer = {"text": write_text, "json": write_json, "jsonl": write_jsonl}[args.output]
    try:
        writer(run, stdout, stderr)
    except KeyboardInterrupt:
        interruption = getattr(args, "interruption", None)
        stdout.flush()
        stderr.write(f"articlekit validate: {_interrupted(run)}; what was printed is incomplete\n")
        return interruption.exit_code if interruption is not None else 130
    for problem in run.unusable:  # reported with the rest, and also where a usage error is looked for
        stderr.write(f"articlekit validate: error: {problem.file}: {problem.message} [{problem.code}]\n")
    return exit_code(run.counts)


def _interrupted(run: Validation) -> str:
    if not run.files or run.file_count is None:
        return "interrupted before checking any file"
    return f"interrupted in {run.files[-1].file} (file {len(run.files):,} of {run.file_count:,})"
