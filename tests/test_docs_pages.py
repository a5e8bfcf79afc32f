"""The docs' reference tables are rendered from the code's own tables, and drift is caught."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from articlekit import derived, docs_pages
from articlekit.converters.base import FLAGS
from articlekit.errors import REJECT_CODES

ROOT = Path(__file__).resolve().parent.parent


def test_contract_table_says_each_fields_type_constraints_and_meaning() -> None:
    table = docs_pages.contract_table()
    assert table.startswith("| field | type | required | constraints | meaning |\n|---|---|---|---|---|\n")
    assert (
        "| `id` | string | yes | 32 lower-case hex digits | Stable id: first 32 hex digits of SHA-256 of the url "
        "(else of format, title and published_at). |"
    ) in table
    assert "| `url` | string or null | yes | absolute http(s) URL; at most 8,192 characters |" in table
    assert "| `published_at` | string or null | yes | RFC 3339 date-time with offset |" in table
    assert "| `blocks` | list of object | yes | at least 1 item |" in table
    assert '| `blocks[].kind` | `"paragraph"` \\| `"heading"` \\| `"list_item"` \\| `"quote"` | yes |  |' in table
    assert "| `authors` | list of string | yes | unique items; each: one line, trimmed |" in table
    assert "| `source.domain` |" in table
    assert "| `images[].caption` |" in table


def test_code_tables_hold_every_code_once() -> None:
    rejects = docs_pages.reject_codes_table().splitlines()[2:]
    assert [row.split(" | ")[0] for row in rejects] == [f"| `{code}`" for code in REJECT_CODES]
    flags = docs_pages.flags_table().splitlines()[2:]
    assert len(flags) == len(FLAGS)
    problems = docs_pages.problem_codes_table()
    assert (
        "| `unreadable` | 2 | the input could not be read (missing, permission denied, not a regular file) |"
        in problems
    )
    assert (
        "| `duplicate-id` | 1 | the record's id was already used by an earlier record in the inputs given |" in problems
    )


def test_a_pipe_in_a_cell_cannot_end_the_cell() -> None:
    assert docs_pages._code_table(("a", "b"), [("x|y", "one\ntwo")]) == "| a | b |\n|---|---|\n| x\\|y | one two |\n"


def test_command_reference_lists_every_option_with_its_choices_and_default() -> None:
    assert docs_pages.command_names() == ["convert", "dedup", "detect", "formats", "report", "schema", "validate"]
    validate = docs_pages.command_reference("validate")
    assert validate.startswith("Check JSONL, JSON, Parquet or CSV-bundle files against the article contract.\n")
    assert "articlekit validate [PATH ...] [--format jsonl|json|parquet|csv] [--output text|json|jsonl]" in validate
    assert "| `--max-errors N` | stop after N problems |" in validate
    convert = docs_pages.command_reference("convert")
    assert "| `-o, --output OUTPUT` | output folder (default: out) |" in convert
    forced = "force this source format instead of detecting it (articlekit formats lists them, plugins too)"
    assert f"| `--format NAME` | {forced} |" in convert
    assert "articlekit dedup IN --output OUTPUT [--near-threshold T]" in docs_pages.command_reference("dedup")


def test_a_docstring_literal_block_becomes_a_fenced_block_and_roles_become_code() -> None:
    docstring = "Shape of a source::\n\n    <title>\n      indented\n\nRules: see :data:`KEYS` and ``x``.\n"
    assert docs_pages._markdown_of_docstring(docstring) == (
        "Shape of a source:\n\n```text\n<title>\n  indented\n```\n\nRules: see `KEYS` and `x`.\n"
    )


def test_the_html_metadata_table_follows_the_converters_order() -> None:
    table = docs_pages.html_metadata_table()
    assert "| `url` | `<link rel=canonical>` → `og:url` → `JSON-LD url` → `WARC-Target-URI (WARC only)` |" in table


@pytest.fixture
def docs_tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    for relative in derived.ARTEFACTS:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / relative, tmp_path / relative)
    return tmp_path


def test_check_names_a_page_whose_table_drifted_and_the_rewrite_mends_it(docs_tree: Path) -> None:
    page = docs_tree / "docs" / "reference" / "codes.md"
    page.write_text(page.read_text(encoding="utf-8").replace("| `no-title` |", "| `no-titles` |"), encoding="utf-8")
    assert derived.drifted(docs_tree) == ["docs/reference/codes.md"]
    assert derived.main(["--root", str(docs_tree), "--check"]) == 1
    assert derived.main(["--root", str(docs_tree)]) == 0
    assert derived.drifted(docs_tree) == []


def test_a_page_without_the_markers_of_a_section_drifts_and_is_not_rewritten(
    docs_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = docs_tree / "docs" / "reference" / "cli.md"
    text = page.read_text(encoding="utf-8").replace("<!-- generated: command:report -->", "")
    page.write_text(text, encoding="utf-8")
    assert derived.drifted(docs_tree) == ["docs/reference/cli.md"]
    assert derived.main(["--root", str(docs_tree)]) == 1
    assert "docs/reference/cli.md: no markers for command:report" in capsys.readouterr().err
    assert page.read_text(encoding="utf-8") == text
