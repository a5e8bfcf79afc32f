"""Files generated from the record model and checked in; ``python -m articlekit.derived`` rewrites them.

With ``--check`` nothing is written: the command lists every file that differs
from what the model generates and exits 1, so drift fails CI (``nox -s schema``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from articlekit.exporters import csv_bundle, parquet
from articlekit.schema import render_json_schema
from articlekit.schema.outputs import OUTPUT_CONTRACTS, render_output_schema

ARTEFACTS: dict[str, Callable[[], str]] = {
    "schema/article.schema.json": render_json_schema,
    "exporters/article.arrow-schema.txt": parquet.render_arrow_schema,
    "exporters/datapackage.template.json": csv_bundle.render_datapackage_descriptor,
    # The machine outputs of convert and validate (summary.json, rejects.jsonl, ...), one schema per model.
    **{
        f"schema/{contract.file}": partial(render_output_schema, name)
        for name, contract in OUTPUT_CONTRACTS.items()
    },
}
"""Checked-in path (relative to the repository root) -> function that renders its text."""


def drifted(root: Path) -> list[str]:
    """Return the checked-in artefacts under ``root`` whose text differs from what the model generates."""
    stale = []
    for relative, render in ARTEFACTS.items():
        path = root / relative
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != render():
            stale.append(relative)
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate (or with ``--check``, verify) every derived artefact; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m articlekit.derived", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report drift; exit 1 when there is any")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root (default: .)")
    args = parser.parse_args(argv)
    stale = drifted(args.root)
    if args.check:
        for relative in stale:
            print(f"drifted from the model: {relative}", file=sys.stderr)
        return 1 if stale else 0
    for relative in stale:
        (args.root / relative).parent.mkdir(parents=True, exist_ok=True)
        (args.root / relative).write_text(ARTEFACTS[relative](), encoding="utf-8", newline="\n")
        print(f"rewrote {relative}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
