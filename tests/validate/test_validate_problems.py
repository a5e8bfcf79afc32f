"""Validate's locations, pointers and value rendering, with exact text."""

from __future__ import annotations

import pytest

from articlekit.validation.problems import (
    FILE,
    VALUE_LIMIT,
    Location,
    Problem,
    RecordProblem,
    json_pointer,
    render_bytes,
    render_value,
)


@pytest.mark.parametrize(
    ("location", "described", "as_dict"),
    [
        (FILE, "file", {}),
        (Location(line=17), "line 17", {"line": 17}),
        (Location(line=0), "line 0", {"line": 0}),  # zero is a location, not "unset"
        (Location(row_group=0, row=3), "row group 0, row 3", {"row_group": 0, "row": 3}),
        (Location(row=2, column="title"), "row 2, column title", {"row": 2, "column": "title"}),
        (
            Location(line=1, row_group=2, row=3, column="c"),
            "line 1, row group 2, row 3, column c",
            {"line": 1, "row_group": 2, "row": 3, "column": "c"},
        ),
    ],
)
def test_a_location_describes_itself_and_its_set_fields(
    location: Location, described: str, as_dict: dict[str, int | str]
) -> None:
    assert location.describe() == described
    assert location.as_dict() == as_dict
    assert list(location.as_dict()) == list(as_dict)  # in the order line, row group, row, column


def test_a_problem_as_json() -> None:
    problem = Problem("a.jsonl", Location(line=3), "/title", "pattern-mismatch", "not trimmed", '" x"')
    assert problem.as_dict() == {
        "file": "a.jsonl",
        "location": {"line": 3},
        "pointer": "/title",
        "code": "pattern-mismatch",
        "message": "not trimmed",
        "value": '" x"',
    }
    assert Problem("a.jsonl", FILE, "", "empty-file", "empty").value is None


@pytest.mark.parametrize(
    ("path", "pointer"),
    [
        ((), ""),
        (("title",), "/title"),
        (("blocks", 3, "text"), "/blocks/3/text"),
        (("a/b", "m~n"), "/a~1b/m~0n"),
        (["~/"], "/~0~1"),
    ],
)
def test_json_pointer_escapes_as_rfc_6901_says(path: tuple[str | int, ...], pointer: str) -> None:
    assert json_pointer(path) == pointer
    assert RecordProblem(tuple(path), "x", "m", None).pointer == pointer


@pytest.mark.parametrize(
    ("value", "rendered"),
    [
        ("中文", '"中文"'),
        (None, "null"),
        ([1, {"a": True}], '[1, {"a": true}]'),
        (b"x", "\"b'x'\""),  # not JSON: its repr, as a JSON string
        ("x" * (VALUE_LIMIT - 2), '"' + "x" * (VALUE_LIMIT - 2) + '"'),  # exactly the limit
        ("x" * (VALUE_LIMIT - 1), '"' + "x" * (VALUE_LIMIT - 2) + "…"),
    ],
)
def test_render_value_is_json_cut_at_the_limit(value: object, rendered: str) -> None:
    assert render_value(value) == rendered
    assert len(render_value(value)) <= VALUE_LIMIT


def test_render_value_of_a_circular_value_shows_its_repr() -> None:
    circular: list[object] = []
    circular.append(circular)
    assert render_value(circular) == "[[[[[[[...]]]]]]]"  # reprlib stops six levels down
    assert render_value("abcdef", limit=4) == '"ab…'
    assert VALUE_LIMIT == 80


@pytest.mark.parametrize(
    ("data", "rendered"),
    [
        (b"not json\r\n", "not json"),
        ("中文\n".encode(), "中文"),
        (b"\xff\xfe x\n", "b'\\xff\\xfe x\\n'"),
        (b"y" * VALUE_LIMIT + b"\n", "y" * VALUE_LIMIT),
        (b"y" * (VALUE_LIMIT + 1), "y" * (VALUE_LIMIT - 1) + "…"),
    ],
)
def test_render_bytes_shows_text_or_a_bytes_literal(data: bytes, rendered: str) -> None:
    assert render_bytes(data) == rendered


def test_render_bytes_cuts_undecodable_data_before_its_repr() -> None:
    data = b"\xff" * 1000
    assert render_bytes(data, limit=10) == repr(data[:40])[:9] + "…"
    assert render_bytes(b"\xff" * 2, limit=11) == "b'\\xff\\xff'"


def test_render_bytes_strips_only_the_line_end() -> None:
    assert render_bytes(b"value X  \r\n") == "value X  "
    assert render_bytes(b"tabs\t\n") == "tabs\t"


def test_render_bytes_shows_the_repr_of_the_first_four_times_limit_bytes() -> None:
    # A quote after the first 320 bytes would change the repr's quoting if more than those were shown.
    data = b"\xff" * (4 * VALUE_LIMIT) + b"'"
    assert render_bytes(data) == repr(data[: 4 * VALUE_LIMIT])[: VALUE_LIMIT - 1] + "…"
    assert render_bytes(data).startswith("b'")


def test_render_bytes_keeps_a_final_x() -> None:
    assert render_bytes(b"valueX\n") == "valueX"
