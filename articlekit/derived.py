"""Files generated from the models and checked in; ``python -m articlekit.derived`` rewrites them.

Besides whole files (schemas, the Arrow schema, the Data Package template), the
documentation's reference tables (exit codes, every command and option, every key of
each machine output, the record contract, reject and problem codes, flags, the
html-page metadata order, the formats) are generated sections of hand-written pages
in ``docs/``, rewritten in place between their markers (see :data:`GENERATED_SECTIONS`).

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

from articlekit import docs_pages
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


def _keys_section(name: str) -> Callable[[], str]:
    return partial(keys_table, name)


GENERATED_SECTIONS: dict[str, dict[str, Callable[[], str]]] = {
    "docs/reference/cli.md": {
        "exit-codes": docs_pages.exit_codes_table,
        # One section per command: a command added to the parser has no markers yet, which --check reports.
        **{f"command:{name}": partial(docs_pages.command_reference, name) for name in docs_pages.command_names()},
    },
    "docs/reference/outputs.md": {f"keys:{name}": _keys_section(name) for name in OUTPUT_CONTRACTS},
    "docs/reference/contract.md": {
        "contract": docs_pages.contract_table,
        "contract-rules": docs_pages.contract_rules,
        "semantic-rules": docs_pages.semantic_rules_table,
    },
    "docs/reference/codes.md": {
        "reject-codes": docs_pages.reject_codes_table,
        "problem-codes": docs_pages.problem_codes_table,
        "flags": docs_pages.flags_table,
    },
    "docs/reference/html-metadata.md": {
        "metadata-order": docs_pages.html_metadata_table,
        "meta-keys": docs_pages.html_metadata_keys,
    },
    "docs/formats.md": {"formats": docs_pages.formats_reference},
}
"""Hand-written pages (relative to the repository root) -> their sections generated from the code.

A section sits between ``<!-- generated: NAME -->`` and ``<!-- /generated -->``; the prose around it is
written once, by hand, and kept."""


def _section_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- generated: {re.escape(name)} -->\n)(.*?)(<!-- /generated -->)", re.DOTALL)


def render_sections(page: str, text: str) -> str:
    """Return ``text`` (the page ``page``) with every generated section replaced by what the code generates now."""
    for name, render in GENERATED_SECTIONS[page].items():
        generated = render()

        def replace(match: re.Match[str], generated: str = generated) -> str:
            return match[1] + generated + match[3]

        text = _section_pattern(name).sub(replace, text)
    return text


def missing_sections(page: str, text: str) -> list[str]:
    """Return the generated sections ``page`` lacks the markers of."""
    return [name for name in GENERATED_SECTIONS[page] if not _section_pattern(name).search(text)]


def drifted(root: Path) -> list[str]:
    """Return the checked-in artefacts under ``root`` whose text differs from what the model generates."""
    stale = []
    for relative, render in ARTEFACTS.items():
        path = root / relative
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != render():
            stale.append(relative)
    if not (root / "docs").is_dir():  # a folder of artefacts alone (as the drift test writes) has no docs
        return stale
    for page in GENERATED_SECTIONS:
        path = root / page
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if missing_sections(page, text) or render_sections(page, text) != text:
            stale.append(page)
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
    code = 0
    for relative in stale:
        path = args.root / relative
        if relative in GENERATED_SECTIONS:
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            if missing := missing_sections(relative, text):
                print(f"{relative}: no markers for {', '.join(missing)}; add them where the tables go", file=sys.stderr)
                code = 1
                continue
            text = render_sections(relative, text)
        else:
            text = ARTEFACTS[relative]()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"rewrote {relative}")
    return code


if __name__ == "__main__":
    sys.exit(main())
