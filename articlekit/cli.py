"""The ``articlekit`` command line: a thin layer over the library.

Exit codes: 0 all good, 1 data problems found, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    schema = commands.add_parser(
        "schema",
        help="print the published JSON Schema of the article record",
        description="Print the JSON Schema (draft 2020-12) every articlekit record follows.",
    )
    schema.add_argument(
        "--path", action="store_true", help="print where the schema file lives instead of its text"
    )
    schema.set_defaults(handler=_run_schema)
    return parser


def _run_schema(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    stdout.write(published_schema_path() + "\n" if args.path else published_schema_text())
    return EXIT_OK


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
