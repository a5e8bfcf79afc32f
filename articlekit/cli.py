"""The ``articlekit`` command line: a thin layer over the library.

``convert`` and ``detect`` parse their options and call :mod:`articlekit.api`
(``articlekit.convert``, ``articlekit.detect``), then print and pick the exit
code; options more than one command takes live in :mod:`articlekit.cli_options`.
A command's module is imported only when that command runs (see ``_COMMANDS``),
so ``articlekit --help`` loads neither the converters nor pyarrow.

Exit codes (:data:`EXIT_CODES`): 0 all good, 1 data problems found (or nothing
matched), 2 usage error, unreadable input or unwritable output, 130 and 143
interrupted by SIGINT and SIGTERM. Every error is one line on stderr, never a
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Container, Iterator, Sequence
from importlib import import_module
from types import FrameType
from typing import TYPE_CHECKING, TextIO, cast

from articlekit import __version__
from articlekit.cli_options import (
    add_dedup_options,
    add_glob,
    add_output_folder,
    add_quiet,
    field_map,
    output_formats,
    positive_int,
)

if TYPE_CHECKING:
    from articlekit.pipeline import Summary

__all__ = ["EXIT_CODES", "Interruption", "main", "plural", "positive_int", "run"]

EXIT_OK = 0
EXIT_DATA_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_SIGINT = 128 + signal.SIGINT
EXIT_SIGTERM = 128 + signal.SIGTERM

EXIT_CODES: dict[int, str] = {
    EXIT_OK: "all good",
    EXIT_DATA_PROBLEMS: "data problems found (rejected sources, invalid records), or no input matched",
    EXIT_USAGE: "usage error, unreadable input, or an output that cannot be written",
    EXIT_SIGINT: "interrupted by SIGINT (Ctrl-C)",
    EXIT_SIGTERM: "interrupted by SIGTERM (timeout, systemd, Kubernetes)",
}
"""Every exit status of ``articlekit``, with what it means (the docs' table is generated from it)."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting, so ``run`` can return 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: error: {message}")


class _UsageError(Exception):
    pass


_COMMANDS: dict[str, tuple[str, str | None]] = {
    "schema": ("print the published JSON Schema of the article record, or of a machine output", None),
    "convert": ("convert scraped sources into article records", None),
    "detect": ("show which source format each file is detected as, and why", None),
    "validate": (
        "check JSONL, JSON, Parquet or CSV-bundle files against the article contract",
        "articlekit.validation.command",
    ),
    "dedup": ("drop near-duplicate articles from an articlekit output", "articlekit.dedup_output"),
    "report": (
        "write DIR/report.html, a self-contained page describing an output, and print a summary",
        "articlekit.report",
    ),
    "formats": ("list every source format convert reads: built-in and plugin converters", "articlekit.formats"),
}
"""Every command, in ``--help`` order: its one-line help and the module whose ``add_<command>_command`` adds it
(None: this one).

Only the command being run is added in full: its module, and what that module
imports, is loaded for it alone. The others are listed with their help line,
which is all ``articlekit --help`` shows (a test checks the two agree).
"""


def _build_parser(full: Container[str] | None = None) -> argparse.ArgumentParser:
    """Build the ``articlekit`` parser; the commands in ``full`` (every one when None) with all their options."""
    parser = _Parser(
        prog="articlekit",
        description="Turn scraped news articles into one strict, schema-validated record.",
        epilog="Exit codes: "
        + ", ".join(f"{code} {meaning.split(' (')[0]}" for code, meaning in EXIT_CODES.items())
        + ".",
    )
    parser.add_argument("-V", "--version", action="version", version=f"articlekit {__version__}")
    commands = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser),
    )

    for name, (help, module) in _COMMANDS.items():
        if full is None or name in full:
            adder = (
                globals()[f"add_{name}_command"]
                if module is None
                else getattr(import_module(module), f"add_{name}_command")
            )
            adder(commands)
        else:
            commands.add_parser(name, help=help)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs: its first word that is no option (``articlekit`` has no option taking a value)."""
    return next((word for word in argv if not word.startswith("-")), None)


def add_schema_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``schema`` sub-command."""
    schema = commands.add_parser(
        "schema",
        help=_COMMANDS["schema"][0],
        description=(
            "Print the JSON Schema (draft 2020-12) every articlekit record follows or, with NAME, the one of a "
            "machine output (summary.json, rejects.jsonl, manifest.jsonl, validate's JSON and JSON Lines)."
        ),
    )
    schema.add_argument(
        "name", nargs="?", default="article", metavar="NAME", help="article (default) or an output; see --list"
    )
    schema.add_argument("--list", action="store_true", help="name every schema, with its version and what it checks")
    schema.add_argument("--path", action="store_true", help="print where the schema file lives instead of its text")
    schema.set_defaults(handler=_run_schema)


def add_convert_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``convert`` sub-command."""
    from articlekit.api import DEFAULT_MAX_BYTES, DEFAULT_OUTPUTS
    from articlekit.formats import source_format

    convert = commands.add_parser(
        "convert",
        help=_COMMANDS["convert"][0],
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
    add_output_folder(convert, required=False)
    convert.add_argument(
        "--to",
        type=output_formats,
        default=DEFAULT_OUTPUTS,
        metavar="FORMATS",
        help="comma-separated outputs among jsonl, parquet, csv (default: all three)",
    )
    add_glob(convert, "only files under folders whose name matches this pattern, e.g. '*.txt' (default: all)")
    convert.add_argument(
        "--format",
        type=source_format,  # checked against the registry only when given: plugins are not loaded for --help
        metavar="NAME",
        help="force this source format instead of detecting it (articlekit formats lists them, plugins too)",
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
        "--field-map",
        type=field_map,
        default=(),
        metavar="MAP",
        help="for JSON dumps: read a field from other keys, e.g. "
        "'title=headline_text,url=share.link,items=payload.list' "
        '(dotted paths reach into objects), or @map.json holding {"title": "headline_text", …}',
    )
    convert.add_argument(
        "--dedup",
        choices=["near"],
        help="near: also drop articles whose text nearly duplicates one converted earlier (rejects: near-duplicate)",
    )
    add_dedup_options(convert)
    convert.add_argument(
        "--engine",
        choices=["local", "spark", "ray"],
        default="local",
        help="where to convert: local processes (default), Apache Spark or Ray Data (extras articlekit[spark], "
        "articlekit[ray]); the outputs hold the same records (Ray writes Parquet as a folder of part files)",
    )
    convert.add_argument(
        "--engine-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an option of the engine, repeatable: spark.master=local[2], any spark.* setting, "
        "ray.address=auto, ray.num_cpus=2",
    )
    convert.add_argument("--allow-rejects", action="store_true", help="exit 0 even when some sources were rejected")
    add_quiet(convert)
    convert.set_defaults(handler=_run_convert)


def add_detect_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``detect`` sub-command."""
    detect = commands.add_parser(
        "detect",
        help=_COMMANDS["detect"][0],
        description="Print, per file, the detected format, its score and the runner-up.",
    )
    detect.add_argument("sources", nargs="+", metavar="SOURCE", help="files, folders or - for stdin")
    add_glob(detect, "only files under folders whose name matches this pattern")
    detect.set_defaults(handler=_run_detect)


def _run_schema(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from articlekit.schema import SCHEMA_VERSION, published_schema_path, published_schema_text
    from articlekit.schema.outputs import OUTPUT_CONTRACTS, output_schema_path, output_schema_text

    if args.list:
        stdout.write(f"article\t{SCHEMA_VERSION}\tone article record (articles.jsonl, Parquet rows, CSV bundle)\n")
        for name, contract in OUTPUT_CONTRACTS.items():
            stdout.write(f"{name}\t{contract.version}\t{contract.describes}\n")
        return EXIT_OK
    if args.name == "article":
        stdout.write(published_schema_path() + "\n" if args.path else published_schema_text())
        return EXIT_OK
    if args.name not in OUTPUT_CONTRACTS:
        known = ", ".join(["article", *OUTPUT_CONTRACTS])
        stderr.write(f"articlekit schema: error: no schema named {args.name!r}; choose from {known}\n")
        return EXIT_USAGE
    stdout.write(output_schema_path(args.name) + "\n" if args.path else output_schema_text(args.name))
    return EXIT_OK


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """Return ``1 source``, ``2 sources``, ``1,024 sources`` (``nouns`` for irregular plurals)."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


class Interruption:
    """A SIGINT/SIGTERM handler: the first signal asks the run to stop, a second one stops it at once.

    A cooperative command (``convert``) reads :meth:`requested` between inputs
    and stops cleanly; for the others the first signal raises KeyboardInterrupt.
    """

    def __init__(self, cooperative: bool) -> None:
        self.cooperative = cooperative
        self.signal: int | None = None

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        """The signal handler."""
        first = self.signal is None
        if first:
            self.signal = signum
        if not (first and self.cooperative):
            raise KeyboardInterrupt

    def requested(self) -> bool:
        """True once a signal arrived."""
        return self.signal is not None

    @property
    def exit_code(self) -> int:
        """128 + the signal's number (130 for SIGINT, also when no handler was installed)."""
        return 128 + (self.signal or signal.SIGINT)


@contextlib.contextmanager
def _handling_signals(interruption: Interruption) -> Iterator[Interruption]:
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield interruption
        return
    previous = {number: signal.signal(number, interruption) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield interruption
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


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
            f"\r{plural(inputs, 'source')} · {plural(getattr(summary, 'articles', 0), 'article')} · "
            f"{getattr(summary, 'rejected', 0):,} rejected · "
            f"{plural(getattr(summary, 'items_rejected', 0), 'item')} rejected · {rate:.0f}/s"
        )
        stream.flush()

    return show


def _run_convert(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from concurrent.futures.process import BrokenProcessPool

    from articlekit.api import NoInputError, convert
    from articlekit.discover import MissingSourceError
    from articlekit.engines import EngineUnavailable
    from articlekit.formats import report_registry_problems
    from articlekit.journal import ResumeError
    from articlekit.pipeline import ConvertInterrupted, OutputError

    if not report_registry_problems("convert", stderr):
        return EXIT_USAGE
    try:
        engine_options = _engine_options(args)
    except ValueError as error:
        stderr.write(f"articlekit convert: error: {error}\n")
        return EXIT_USAGE
    printer = None if args.quiet else _progress_printer(stderr)
    finished = [0]  # inputs done so far, for the line a forced stop prints

    def progress(summary: Summary) -> None:
        finished[0] = summary.inputs
        if printer is not None:
            printer(summary)

    interruption: Interruption = args.interruption
    try:
        if args.engine == "local":
            summary = convert(
                args.sources or None,
                args.output,
                to=args.to,
                glob=args.glob,
                format=args.format,
                partition_by=args.partition_by,
                spreadsheet_safe=args.spreadsheet_safe,
                max_bytes=args.max_bytes,
                jobs=args.jobs,
                resume=args.resume,
                field_map=args.field_map,
                dedup=args.dedup,
                near_threshold=args.near_threshold,
                fold_script=args.fold_script,
                progress=progress,
                stop=interruption.requested,
                stdin=sys.stdin.buffer,
            )
        else:
            summary = _run_engine(args, engine_options, progress)
    except NoInputError as error:
        stderr.write(f"articlekit convert: error: {error}\n")
        return EXIT_DATA_PROBLEMS
    except EngineUnavailable as error:
        stderr.write(f"articlekit convert: error: {error}\n")
        return EXIT_USAGE
    except (MissingSourceError, ResumeError, OutputError) as error:
        _end_progress_line(printer, stderr, finished[0])
        stderr.write(f"articlekit convert: error: {error}\n")
        return EXIT_USAGE
    except BrokenProcessPool:
        _end_progress_line(printer, stderr, finished[0])
        stderr.write(
            "articlekit convert: error: a worker process died (killed by the system, out of memory?); "
            "run again with --resume to continue\n"
        )
        return EXIT_USAGE
    except ConvertInterrupted as stopped:
        _end_progress_line(printer, stderr, finished[0])
        of = f" of {stopped.total:,}" if stopped.total is not None else ""
        stderr.write(
            f"articlekit convert: interrupted after {stopped.done:,}{of} inputs; run again with --resume to continue\n"
        )
        return interruption.exit_code
    except KeyboardInterrupt:  # a second signal: stopped at once, with what the last commit holds
        _end_progress_line(printer, stderr, finished[0])
        stderr.write(
            f"articlekit convert: interrupted after {finished[0]:,} inputs (the last ones may be converted "
            "again); run again with --resume to continue\n"
        )
        return interruption.exit_code
    _end_progress_line(printer, stderr, finished[0])
    if not args.quiet:
        codes = ", ".join(f"{code}: {count}" for code, count in sorted(summary.rejects_by_code.items()))
        items = f", {plural(summary.items_rejected, 'item')} rejected" if summary.items_rejected else ""
        stdout.write(
            f"{plural(summary.inputs, 'source')}: {summary.converted:,} converted into "
            f"{plural(summary.articles, 'article')}, {summary.rejected:,} rejected{items}"
            f"{f' ({codes})' if codes else ''}; wrote {args.output}/\n"
        )
    if summary.rejected and not args.allow_rejects:
        return EXIT_DATA_PROBLEMS
    return EXIT_OK


def _engine_options(args: argparse.Namespace) -> dict[str, str]:
    """The ``--engine-option`` pairs checked against ``--engine``; ValueError for what a cluster engine cannot do."""
    from articlekit.engines import parse_engine_options, reject_unsupported

    if args.engine == "local":
        if args.engine_option:
            raise ValueError("--engine-option needs --engine spark or --engine ray")
        return {}
    reject_unsupported(args.sources, resume=args.resume)
    return parse_engine_options(args.engine, args.engine_option)


def _run_engine(args: argparse.Namespace, engine_options: dict[str, str], progress: Callable[..., None]) -> Summary:
    """Convert on Spark or Ray (imported only here: both are optional) and write as a local run does."""
    from articlekit.batch import SourceRoots
    from articlekit.pipeline import ConvertOptions, bundled_seeds, usable_cores

    options = ConvertOptions(
        formats=args.to,
        format=args.format,
        max_bytes=args.max_bytes,
        partition_by=args.partition_by,
        spreadsheet_safe=args.spreadsheet_safe,
        jobs=args.jobs or usable_cores(),
        resume=args.resume,
        field_map=args.field_map,
        dedup=args.dedup,
        near_threshold=args.near_threshold,
        fold_script=args.fold_script,
    )
    if args.sources:
        roots = SourceRoots.local(args.sources, args.glob)
    else:
        seeds = str(bundled_seeds())
        roots = SourceRoots.local([seeds], args.glob or "*.txt", labels={seeds: "seeds"})
    if args.engine == "spark":
        from articlekit import spark

        return spark.run(spark.session(engine_options), roots, args.output, options, progress=progress)
    from articlekit import ray

    ray.init(engine_options)
    return ray.run(roots, args.output, options, progress=progress)


def _end_progress_line(printer: Callable[[Summary], None] | None, stderr: TextIO, inputs_done: int) -> None:
    if printer is not None and inputs_done:  # the progress line was shown: end it
        stderr.write("\n")


def _run_detect(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from articlekit.api import DEFAULT_MAX_BYTES, NoInputError, detect
    from articlekit.discover import MissingSourceError, discover
    from articlekit.formats import report_registry_problems

    if not report_registry_problems("detect", stderr):
        return EXIT_USAGE
    unknown = 0
    matched = False
    try:
        for item in discover(args.sources, args.glob):
            matched = True
            if item.location is None:  # standard input: read here, where it is open
                found = detect(sys.stdin.buffer.read(DEFAULT_MAX_BYTES + 1), path=item.path)
            else:
                found = detect(item.location, path=item.path)
            unknown += found.format is None
            shown = found.format or ("-" if found.code else "unknown-format")
            stdout.write(f"{item.path}\t{shown}\t{found.reason}\n")
    except MissingSourceError as error:
        stderr.write(f"articlekit detect: error: {error}\n")
        return EXIT_USAGE
    if not matched:
        stderr.write(f"articlekit detect: error: {NoInputError(args.sources, args.glob)}\n")
        return EXIT_DATA_PROBLEMS
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
    command = _command_in(sys.argv[1:] if argv is None else argv)
    parser = _build_parser(full=() if command is None else (command,))
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
        stderr.write(
            parser.format_usage() + "articlekit: error: no command given; choose convert, detect, validate or schema\n"
        )
        return EXIT_USAGE
    interruption = args.interruption = Interruption(cooperative=args.command == "convert")
    with _handling_signals(interruption):
        try:
            code: int = args.handler(args, stdout, stderr)
        except KeyboardInterrupt:  # commands with nothing to say about where they stopped
            stderr.write(f"articlekit {args.command}: interrupted\n")
            return interruption.exit_code
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``articlekit`` console script.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when None.

    Returns:
        The process exit code.
    """
    code = run(sys.argv[1:] if argv is None else argv, sys.stdout, sys.stderr)
    if code in (EXIT_SIGINT, EXIT_SIGTERM):
        # Everything is committed and said; leave without joining a worker pool's manager thread,
        # which a worker killed mid-write can leave waiting forever on the result pipe.
        sys.stdout.flush()
        sys.stderr.flush()
        if "multiprocessing" in sys.modules:
            # What a normal exit runs first: unlink the pool's semaphores and close its queues (finalizers
            # of priority 0 and up never wait on a thread). Skipped, the resource tracker would find them
            # after we left and print a "leaked semaphore" warning on the user's terminal.
            from multiprocessing import util

            util._run_finalizers(0)  # type: ignore[attr-defined]  # private: typeshed does not declare it
        os._exit(code)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
