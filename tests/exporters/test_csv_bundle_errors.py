"""A CSV bundle that cannot be read back names the file, the row (or line) and what is wrong, exactly."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from paths import SEEDS

from articlekit.exporters import ReadError, csv_bundle
from articlekit.schema import Article

RECORDS = [
    Article.model_validate_json(path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.expected.json"))
]
PARENT, *CHILDREN = csv_bundle.tables()
BLOCKS = next(table for table in CHILDREN if table.path == "blocks.csv")


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "bundle"
    assert csv_bundle.write(RECORDS, folder) == len(RECORDS) == 5  # write() returns how many it wrote
    return folder


def table_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def rewrite(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(rows)


def read_error(folder: Path) -> ReadError:
    with pytest.raises(ReadError) as caught:
        list(csv_bundle.read(folder))
    return caught.value


def located(error: ReadError) -> tuple[Path, str, str]:
    assert str(error) == f"{error.path}: {error.location}: {error.message}"
    return error.path, error.location, error.message


def test_a_wrong_header_names_the_table_and_row_1(bundle: Path) -> None:
    rows = table_rows(bundle / "articles.csv")
    rows[0][1] = "identifier"
    rewrite(bundle / "articles.csv", rows)
    expected = PARENT.header
    assert located(read_error(bundle)) == (
        bundle / "articles.csv",
        "row 1",
        f"header is {['schema_version', 'identifier', *expected[2:]]}, expected {expected}",
    )


def test_an_empty_table_has_no_header(bundle: Path) -> None:
    (bundle / "articles.csv").write_bytes(b"")
    assert located(read_error(bundle)) == (
        bundle / "articles.csv",
        "row 1",
        f"header is None, expected {PARENT.header}",
    )


def test_a_child_table_with_a_wrong_or_missing_header(bundle: Path) -> None:
    (bundle / "blocks.csv").write_bytes(b"")
    assert located(read_error(bundle)) == (bundle / "blocks.csv", "row 1", f"header is None, expected {BLOCKS.header}")


def test_bytes_that_are_not_utf8_name_the_line(bundle: Path) -> None:
    (bundle / "articles.csv").write_bytes(b"\xff\xfe not UTF-8\r\n")
    path, location, message = located(read_error(bundle))
    assert (path, location) == (bundle / "articles.csv", "line 1")
    assert message.startswith("not readable as UTF-8 CSV: 'utf-8' codec can't decode byte 0xff in position 0")


def test_undecodable_child_table(bundle: Path) -> None:
    (bundle / "tags.csv").write_bytes(b"\xff")
    path, location, message = located(read_error(bundle))
    assert (path, location, message.split(":")[0]) == (bundle / "tags.csv", "line 1", "not readable as UTF-8 CSV")


def test_a_row_with_a_missing_cell(bundle: Path) -> None:
    rows = table_rows(bundle / "articles.csv")
    rows[2] = rows[2][:-1]
    rewrite(bundle / "articles.csv", rows)
    width = len(PARENT.header)
    assert located(read_error(bundle)) == (
        bundle / "articles.csv",
        "row 3",
        f"expected {width} cells, found {width - 1}",
    )


def test_a_repeated_id_names_the_second_row(bundle: Path) -> None:
    rows = table_rows(bundle / "articles.csv")
    rewrite(bundle / "articles.csv", [*rows[:2], rows[1], *rows[2:]])
    assert located(read_error(bundle)) == (bundle / "articles.csv", "row 3", f"duplicate article id {rows[1][1]!r}")


def test_a_child_row_with_a_missing_cell_or_a_wrong_position(bundle: Path) -> None:
    rows = table_rows(bundle / "blocks.csv")
    short = [*rows[:3], rows[3][:-1], *rows[4:]]
    rewrite(bundle / "blocks.csv", short)
    assert located(read_error(bundle)) == (bundle / "blocks.csv", "row 4", "expected 4 cells, found 3")
    rows[3][1] = "7"
    rewrite(bundle / "blocks.csv", rows)
    assert located(read_error(bundle)) == (bundle / "blocks.csv", "row 4", "position '7', expected 2")


def test_a_child_row_of_no_article_is_reported_with_its_id(bundle: Path) -> None:
    rows = table_rows(bundle / "tags.csv")
    rewrite(bundle / "tags.csv", [*rows, ["0" * 32, "0", "orphan"]])
    assert located(read_error(bundle)) == (
        bundle / "tags.csv",
        f"row {len(rows) + 1}",
        f"article_id {'0' * 32!r} is not in articles.csv, or its rows are out of article order",
    )


def test_an_unreadable_descriptor_or_a_missing_table(bundle: Path) -> None:
    (bundle / "tags.csv").unlink()
    path, location, message = located(read_error(bundle))
    assert (path, location) == (bundle / "tags.csv", "file")
    assert message == f"cannot open: [Errno 2] No such file or directory: '{bundle / 'tags.csv'}'"
    (bundle / "datapackage.json").write_text("{", encoding="utf-8")
    path, location, message = located(read_error(bundle))
    assert (path, location) == (bundle / "datapackage.json", "file")
    assert message.startswith("not a readable Data Package descriptor: Expecting property name")


def test_a_descriptor_without_the_articlekit_key_leaves_leading_quotes_alone(tmp_path: Path) -> None:
    record = RECORDS[0].model_copy(update={"title": "'=1+1 is no formula here"})
    folder = tmp_path / "bundle"
    csv_bundle.write([record], folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    del descriptor[csv_bundle.EXTENSION_KEY]
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    [back] = csv_bundle.read(folder)
    assert back.title == "'=1+1 is no formula here"


def test_long_fields_are_allowed_in_a_fresh_process(tmp_path: Path) -> None:
    # The csv module's limit is process-wide, so other tests may have raised it already: check in a new process.
    code = "import csv, sys; from articlekit.exporters import csv_bundle; csv_bundle.allow_long_fields(); "
    code += "print(csv.field_size_limit() == sys.maxsize)"
    # Not from the checkout: "-c" puts the working folder first on sys.path, and its articlekit/ is not the package.
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert done.stdout == "True\n"
