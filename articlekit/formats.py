"""``articlekit formats``: every source format (built-in or plugin), and the reporting of broken plugins.

The registry itself is :mod:`articlekit.converters.registry`; this module turns
it into what a person or a machine reads. ``convert`` and ``detect`` call
:func:`report_registry_problems` before any work, so a skipped plugin is named
once per run, on stderr, and a format claimed twice stops the run (exit 2).
"""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from articlekit import __version__
from articlekit.schema.outputs import ClaimantLine, FormatLine, FormatsReport, PluginProblemLine

EXIT_OK = 0
EXIT_USAGE = 2


def add_formats_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``formats`` to the command line's subcommands."""
    formats = commands.add_parser(
        "formats",
        help="list every source format convert reads: built-in and plugin converters",
        description=(
            "List every source format, one per line: its name (what --format takes), its origin (built-in, or the "
            "plugin's distribution and version), the kinds of files it reads and what it is. Converters are entry "
            "points of the group articlekit.converters; one that cannot be loaded is named on stderr and skipped. "
            "Exits 2 when two entry points claim one format name."
        ),
    )
    formats.add_argument(
        "--output",
        choices=["text", "json"],
        default="text",
        help="text: tab-separated lines (default); json: one object (articlekit schema formats)",
    )
    formats.set_defaults(handler=_run_formats)


def source_format(text: str) -> str:
    """Check a ``--format`` value against the registry (an argparse type; reads the entry points on first use)."""
    from articlekit.converters.registry import converters, registry

    if text in converters():
        return text
    skipped = registry().skipped(text)
    if skipped is not None:
        raise argparse.ArgumentTypeError(f"invalid choice: {text!r} ({skipped.describe()})")
    known = ", ".join(converters())
    raise argparse.ArgumentTypeError(f"invalid choice: {text!r} (choose from {known}; see articlekit formats)")


def report_registry_problems(command: str, stderr: TextIO) -> bool:
    """Write one stderr line per registry problem; return False when one of them must stop the command.

    A skipped plugin is a warning (the run goes on without it); a format claimed by two entry points is an error.
    """
    from articlekit.converters.registry import registry

    for problem in registry().problems:
        kind = "error" if problem.is_error else "warning"
        stderr.write(f"articlekit {command}: {kind}: {problem.describe()}\n")
    return not registry().errors


def formats_report() -> FormatsReport:
    """The registry as ``formats --output json`` writes it."""
    from articlekit.converters.registry import registry

    loaded = registry()
    return FormatsReport(
        articlekit_version=__version__,
        formats=[
            FormatLine(
                name=entry.name,
                origin="built-in" if entry.builtin else "plugin",
                distribution=entry.claimant.distribution,
                version=entry.claimant.version,
                entry_point=entry.claimant.value,
                description=entry.description,
                reads=list(entry.reads),
            )
            for entry in loaded.formats.values()
        ],
        problems=[
            PluginProblemLine(
                code=problem.code,
                name=problem.name,
                claimants=[
                    ClaimantLine(
                        entry_point=claimant.value, distribution=claimant.distribution, version=claimant.version
                    )
                    for claimant in problem.claimants
                ],
                message=problem.describe(),
            )
            for problem in loaded.problems
        ],
    )


def _run_formats(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from articlekit.converters.registry import registry

    usable = report_registry_problems("formats", stderr)
    if args.output == "json":
        report = formats_report().model_dump(mode="json")
        stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        for entry in registry().formats.values():
            reads = ",".join(entry.reads) or "-"
            stdout.write(f"{entry.name}\t{entry.claimant.origin}\t{reads}\t{entry.description or '-'}\n")
    return EXIT_OK if usable else EXIT_USAGE
