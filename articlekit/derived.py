"""Files generated from the models and checked in; ``python -m articlekit.derived`` rewrites them.

Besides whole files (schemas, the Arrow schema, the Data Package template),
the README's tables of exit codes and of every key of each machine output are
generated sections, rewritten in place between their markers.

With ``--check`` nothing is written: the command lists every file that differs
from what the model generates and exits 1, so drift fails CI (``nox -s schema``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from articlekit.exporters import csv_bundle, parquet
from articlekit.schema import render_json_schema
from articlekit.schema.outputs import OUTPUT_CONTRACTS, keys_table, render_output_schema

ARTEFACTS: dict[str, Callable[[], str]] = {
    "schema/article.schema.json": render_json_schema,
    "exporters/article.arrow-schema.txt": parquet.render_arrow_schema,
    "exporters/datapackage.template.json": csv_bundle.render_datapackage_descriptor,
    # The machine outputs of convert and validate (summary.json, rejects.jsonl, ...), one schema per model.
    **{f"schema/{contract.file}": partial(render_output_schema, name) for name, contract in OUTPUT_CONTRACTS.items()},
}
"""Checked-in path (relative to the repository root) -> function that renders its text."""


README = "README.md"


def _exit_codes_table() -> str:
    from articlekit.cli import EXIT_CODES

    rows = ["| exit | meaning |", "|---|---|"]
    rows += [f"| `{code}` | {meaning} |" for code, meaning in EXIT_CODES.items()]
    return "\n".join(rows) + "\n"


README_SECTIONS: dict[str, Callable[[], str]] = {
    "exit-codes": _exit_codes_table,
    **{f"keys:{name}": partial(keys_table, name) for name in OUTPUT_CONTRACTS},
}
"""Sections of README.md generated from the code, between ``<!-- generated: NAME -->`` and ``<!-- /generated -->``."""


def _section_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- generated: {re.escape(name)} -->\n)(.*?)(<!-- /generated -->)", re.DOTALL)


def render_readme(text: str) -> str:
    """Return ``text`` (README.md) with every generated section replaced by what the code generates now."""
    for name, render in README_SECTIONS.items():
        generated = render()

        def replace(match: re.Match[str], generated: str = generated) -> str:
            return match[1] + generated + match[3]

        text = _section_pattern(name).sub(replace, text)
    return text


def missing_readme_sections(text: str) -> list[str]:
    """Return the generated sections README.md lacks the markers of."""
    return [name for name in README_SECTIONS if not _section_pattern(name).search(text)]


def drifted(root: Path) -> list[str]:
    """Return the checked-in artefacts under ``root`` whose text differs from what the model generates."""
    stale = []
    for relative, render in ARTEFACTS.items():
        path = root / relative
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != render():
            stale.append(relative)
    readme = root / README
    if readme.exists():  # a folder of artefacts alone (as the drift test writes) has no README
        text = readme.read_text(encoding="utf-8")
        if render_readme(text) != text:
            stale.append(README)
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
        path = args.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        text = render_readme(path.read_text(encoding="utf-8")) if relative == README else ARTEFACTS[relative]()
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"rewrote {relative}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
