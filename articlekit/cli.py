"""The ``articlekit`` command line: a thin layer over the library.

Exit codes: 0 all good, 1 data problems found, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO, cast

from articlekit import __version__
from articlekit.schema import published_schema_path, published_schema_text

EXIT_OK = 0
EXIT_DATA_PROBLEMS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting, so ``run`` can return 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: error: {message}")


class _UsageError(Exception):
    pass


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="articlekit",
        description="Turn scraped news articles into one strict, schema-validated record.",
        epilog="Exit codes: 0 ok, 1 data problems found, 2 usage error or unreadable input.",
    )
    parser.add_argument("--version", action="version", version=f"articlekit {__version__}")
    commands = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser),
    )

    schema = commands.add_parser(
        "schema",
        help="print the published JSON Schema of the article record",
        description="Print the JSON Schema (draft 2020-12) every articlekit record follows.",
    )
    schema.add_argument("--path", action="store_true", help="print where the schema file lives instead of its text")
    schema.set_defaults(handler=_run_schema)
    _add_convert(commands)
    _add_detect(commands)
    from articlekit.validate import add_validate_command

    add_validate_command(commands)
    from articlekit.dedup_output import add_dedup_command

    add_dedup_command(commands)
    from articlekit.report import add_report_command

    add_report_command(commands)
    return parser


def positive_int(text: str) -> int:
    """Parse a command-line number that must be 1 or more (an argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _format_list(text: str) -> tuple[str, ...]:
    from articlekit.exporters import EXPORTERS

    names = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in EXPORTERS]
    if not names or unknown:
        raise argparse.ArgumentTypeError(
            f"unknown output format {', '.join(unknown) or text!r}; choose from {', '.join(EXPORTERS)}"
        )
    return names


def _add_convert(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from articlekit.converters import CONVERTERS
    from articlekit.decode import DEFAULT_MAX_BYTES

    convert = commands.add_parser(
        "convert",
        help="convert scraped sources into article records",
        description=(
            "Convert source files into article records. Writes the chosen outputs, rejects.jsonl (every "
            "source that gave no article, with a code and a message) and summary.json into the output "
            "folder. With no SOURCES, converts the sample sources bundled with articlekit."
        ),
    )
    convert.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="files, folders (walked recursively), .gz files, or - for stdin",
    )
    convert.add_argument("-o", "--output", type=Path, default=Path("out"), help="output folder (default: out)")
    convert.add_argument(
        "--to",
        type=_format_list,
        default=("jsonl", "parquet", "csv"),
        metavar="FORMATS",
        help="comma-separated outputs among jsonl, parquet, csv (default: all three)",
    )
    convert.add_argument(
        "--glob", help="only files under folders whose name matches this pattern, e.g. '*.txt' (default: all)"
    )
    convert.add_argument(
        "--format", choices=sorted(CONVERTERS), help="force this source format instead of detecting it"
    )
    convert.add_argument(
        "--partition-by",
        choices=["year", "month", "source"],
        help="write Parquet as a Hive-partitioned folder split by publication year, month or source domain",
    )
    convert.add_argument(
        "--spreadsheet-safe",
        action="store_true",
        help="in the CSV bundle, neutralise cells a spreadsheet would run as a formula (default: keep values exactly)",
    )
    convert.add_argument(
        "--max-bytes",
        type=positive_int,
        default=DEFAULT_MAX_BYTES,
        help=f"reject sources larger than this, after gunzip, with code too-large (default: {DEFAULT_MAX_BYTES})",
    )
    convert.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        default=None,
        help="worker processes converting in parallel; output is identical for any value (default: usable cores)",
    )
    convert.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted (or extend a finished) run in the output folder: inputs whose files are "
        "unchanged since it are not converted again",
    )
    convert.add_argument(
        "--dedup",
        choices=["near"],
        help="near: also drop articles whose text nearly duplicates one converted earlier (rejects: near-duplicate)",
    )
    from articlekit.dedup_output import add_dedup_options

    add_dedup_options(convert)
    convert.add_argument("--allow-rejects", action="store_true", help="exit 0 even when some sources were rejected")
    convert.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    convert.set_defaults(handler=_run_convert)


def _add_detect(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    detect = commands.add_parser(
        "detect",
        help="show which source format each file is detected as, and why",
        description="Print, per file, the detected format, its score and the runner-up.",
    )
    detect.add_argument("sources", nargs="+", metavar="SOURCE", help="files, folders or - for stdin")
    detect.add_argument("--glob", help="only files under folders whose name matches this pattern")
    detect.set_defaults(handler=_run_detect)


def _run_schema(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    stdout.write(published_schema_path() + "\n" if args.path else published_schema_text())
    return EXIT_OK


def _progress_printer(stream: TextIO) -> Callable[[object], None] | None:
    if not stream.isatty():
        return None
    started = time.monotonic()
    last = [0.0]

    def show(summary: object) -> None:
        now = time.monotonic()
        if now - last[0] < 0.2:
            return
        last[0] = now
        inputs = getattr(summary, "inputs", 0)
        rate = inputs / max(now - started, 1e-9)
        stream.write(
            f"\r{inputs} sources · {getattr(summary, 'articles', 0)} articles · "
            f"{getattr(summary, 'rejected', 0)} rejected · {getattr(summary, 'items_rejected', 0)} items rejected · "
            f"{rate:.0f}/s"
        )
        stream.flush()

    return show


def _run_convert(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from articlekit.discover import MissingSourceError, discover
    from articlekit.journal import ResumeError
    from articlekit.pipeline import ConvertOptions, bundled_seeds, run_convert, usable_cores

    missing = [source for source in args.sources if source != "-" and not os.path.lexists(source)]
    if missing:
        stderr.write(f"articlekit convert: error: no such file or folder: {', '.join(missing)}\n")
        return EXIT_USAGE
    if args.sources:
        # Sorted, so that the output does not depend on the order SOURCEs were named in.
        inputs = discover(sorted(args.sources), args.glob)
    else:
        seeds = str(bundled_seeds())
        inputs = discover([seeds], args.glob or "*.txt", labels={seeds: "seeds"})
    options = ConvertOptions(
        formats=args.to,
        format=args.format,
        max_bytes=args.max_bytes,
        partition_by=args.partition_by,
        spreadsheet_safe=args.spreadsheet_safe,
        jobs=args.jobs or usable_cores(),
        resume=args.resume,
        dedup=args.dedup,
        near_threshold=args.near_threshold,
        fold_script=args.fold_script,
    )
    progress = None if args.quiet else _progress_printer(stderr)
    try:
        summary = run_convert(inputs, args.output, options, progress=progress, stdin=sys.stdin.buffer)
    except (MissingSourceError, ResumeError) as error:
        stderr.write(f"articlekit convert: error: {error}\n")
        return EXIT_USAGE
    if progress is not None:
        stderr.write("\n")
    if not args.quiet:
        codes = ", ".join(f"{code}: {count}" for code, count in sorted(summary.rejects_by_code.items()))
        stdout.write(
            f"{summary.inputs} sources: {summary.converted} converted into {summary.articles} articles, "
            f"{summary.rejected} rejected"
            f"{f', {summary.items_rejected} items rejected' if summary.items_rejected else ''}"
            f"{f' ({codes})' if codes else ''}; wrote {args.output}/\n"
        )
    if summary.rejected and not args.allow_rejects:
        return EXIT_DATA_PROBLEMS
    return EXIT_OK


def _run_detect(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from articlekit.converters import detect
    from articlekit.discover import MissingSourceError, discover
    from articlekit.errors import ConversionError
    from articlekit.pipeline import read_source

    unknown = 0
    try:
        for item in discover(args.sources, args.glob):
            try:
                source = read_source(item, stdin=sys.stdin.buffer)
            except ConversionError as error:
                stdout.write(f"{item.path}\t-\t({error.code}: {error.message})\n")
                unknown += 1
                continue
            detection = detect(source)
            best, score = detection.scores[0]
            runner = detection.runner_up
            runner_text = f"{runner[0]} {runner[1]:.2f}" if runner else "none"
            chosen = detection.format or "unknown-format"
            unknown += detection.format is None
            if score == 0.0:  # naming an arbitrary "best" of all-zero scores would mislead
                stdout.write(f"{item.path}\t{chosen}\tno converter scored above 0.00\n")
                continue
            stdout.write(f"{item.path}\t{chosen}\t{best} {score:.2f}, runner-up {runner_text}\n")
    except MissingSourceError as error:
        stderr.write(f"articlekit detect: error: {error}\n")
        return EXIT_USAGE
    return EXIT_DATA_PROBLEMS if unknown else EXIT_OK


def run(argv: Sequence[str] | None, stdout: TextIO, stderr: TextIO) -> int:
    """Run one articlekit command.

    Args:
        argv: The arguments after the program name.
        stdout: Where results go.
        stderr: Where diagnostics and usage errors go.

    Returns:
        The exit code: 0 ok, 1 data problems found, 2 usage error.
    """
    parser = _build_parser()
    try:
        # argparse prints --help and --version to sys.stdout itself.
        with contextlib.redirect_stdout(stdout):
            args = parser.parse_args(argv)
    except _UsageError as error:
        stderr.write(parser.format_usage() + str(error) + "\n")
        return EXIT_USAGE
    except SystemExit as exit_:  # --help and --version print and exit 0
        stdout.flush()
        return exit_.code if isinstance(exit_.code, int) else EXIT_OK
    if args.command is None:
        parser.print_help(stderr)
        return EXIT_USAGE
    code: int = args.handler(args, stdout, stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``articlekit`` console script.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when None.

    Returns:
        The process exit code.
    """
    return run(sys.argv[1:] if argv is None else argv, sys.stdout, sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
