"""The command-line options more than one command takes, and the argparse types that parse them.

``convert``, ``dedup`` and ``validate`` build their options from here, so an
option reads, parses and fails the same way wherever it appears. Importing this
module costs nothing beyond argparse: what an option needs to know (the output
formats, the converter registry, the dedup defaults) is imported when the
option is added to a command or its value parsed, never with ``--help``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = [
    "add_dedup_options",
    "add_glob",
    "add_output_folder",
    "add_quiet",
    "field_map",
    "output_formats",
    "positive_int",
    "similarity_threshold",
]


def positive_int(text: str) -> int:
    """Parse a command-line number that must be 1 or more (an argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def output_formats(text: str) -> tuple[str, ...]:
    """Parse ``--to`` (an argparse type): comma-separated output formats, each named once, in the given order."""
    from articlekit.exporters import EXPORTERS

    names = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in EXPORTERS]
    if not names or unknown:
        raise argparse.ArgumentTypeError(
            f"unknown output format {', '.join(unknown) or text!r}; choose from {', '.join(EXPORTERS)}"
        )
    return names


def field_map(text: str) -> tuple[tuple[str, str], ...]:
    """Parse ``--field-map`` (an argparse type): ``field=key,…`` or ``@file.json``."""
    from articlekit.converters.json_items import parse_field_map

    try:
        return parse_field_map(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def similarity_threshold(text: str) -> float:
    """Parse ``--near-threshold`` (an argparse type): a number above 0 and at most 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 < value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 1: {text!r}")
    return value


def add_output_folder(command: argparse.ArgumentParser, *, required: bool) -> None:
    """Add ``-o/--output``, the folder a command writes into (``out`` by default unless ``required``)."""
    if required:
        command.add_argument("-o", "--output", type=Path, required=True, help="output folder")
    else:
        command.add_argument("-o", "--output", type=Path, default=Path("out"), help="output folder (default: out)")


def add_glob(command: argparse.ArgumentParser, help: str) -> None:
    """Add ``--glob``, the pattern files found under folders must match."""
    command.add_argument("--glob", help=help)


def add_quiet(command: argparse.ArgumentParser) -> None:
    """Add ``-q/--quiet``."""
    command.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")


def add_dedup_options(command: argparse.ArgumentParser) -> None:
    """Add the near-duplicate options shared by ``dedup`` and ``convert --dedup near``."""
    from articlekit.dedup import DEFAULT_THRESHOLD, SHINGLE_SIZE

    command.add_argument(
        "--near-threshold",
        type=similarity_threshold,
        default=DEFAULT_THRESHOLD,
        metavar="T",
        help=f"estimated Jaccard similarity of {SHINGLE_SIZE}-character shingles from which an article is a "
        f"near-duplicate (default: {DEFAULT_THRESHOLD})",
    )
    command.add_argument(
        "--fold-script",
        action="store_true",
        help="fold Traditional Chinese into Simplified (OpenCC) before comparing, so copies in either script match",
    )
