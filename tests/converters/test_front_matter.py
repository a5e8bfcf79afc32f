from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from articlekit.converters import _front_matter
from articlekit.converters._front_matter import (
    MAX_FRONT_MATTER,
    FrontMatter,
    as_list,
    find_front_matter,
    first_string,
    load_front_matter,
    read_front_matter,
    scalar_text,
    strings,
)
from articlekit.errors import ConversionError


def load(document: str) -> dict[str, Any]:
    return load_front_matter("---", document, "test.md")


def refusal(fence: str, document: str) -> str:
    with pytest.raises(ConversionError) as caught:
        load_front_matter(fence, document, "test.md")
    assert caught.value.code == "bad-front-matter"
    assert caught.value.message.startswith("test.md: ")
    return caught.value.message


# --- finding the fences -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: T\n---\nbody", FrontMatter("---", "title: T\n", 16)),
        ('+++\ntitle = "T"\n+++\nbody', FrontMatter("+++", 'title = "T"\n', 19)),
        ("\ufeff\n \n---\na: 1\n---", FrontMatter("---", "a: 1\n", 16)),  # BOM and blank lines first
        ("--- \r\na: 1\r\n---  \r\nbody", FrontMatter("---", "a: 1\r\n", 18)),  # CRLF, trailing blanks
        ("---\n---\n", FrontMatter("---", "", 7)),
        ("---\na: 1\n...\nbody", FrontMatter("---", "a: 1\n", 12)),  # YAML's end-of-document marker
        ("---\na: 1\n+++\n", FrontMatter("---", "a: 1\n+++\n", None)),  # closed only by its own fence
        ("+++\na = 1\n...\n", FrontMatter("+++", "a = 1\n...\n", None)),
        ("---\na: 1\n----\n", FrontMatter("---", "a: 1\n----\n", None)),
    ],
)
def test_find_front_matter(text: str, expected: FrontMatter) -> None:
    assert find_front_matter(text) == expected


@pytest.mark.parametrize("text", ["", "title: T\n---\n", "----\na: 1\n----\n", "x\n---\na: 1\n---\n", "---"])
def test_no_front_matter(text: str) -> None:
    assert find_front_matter(text) is None
    assert read_front_matter(text, "test.md") is None


def test_read_front_matter_gives_the_mapping_and_where_the_body_starts() -> None:
    text = "---\nTitle: T\n---\nbody"
    assert read_front_matter(text, "test.md") == ({"title": "T"}, 16)
    assert text[16:] == "\nbody"


def test_unclosed_front_matter_is_refused() -> None:
    with pytest.raises(ConversionError) as caught:
        read_front_matter("---\ntitle: T\n\nbody\n", "test.md")
    assert caught.value.code == "bad-front-matter"
    assert "not closed" in caught.value.message


def test_front_matter_larger_than_the_limit_is_refused() -> None:
    text = "---\n" + "".join(f"k{n}: v\n" for n in range(20_000)) + "---\n"
    assert len(text) > MAX_FRONT_MATTER
    assert find_front_matter(text) == FrontMatter("---", text[4 : text.find("\n", 4 + MAX_FRONT_MATTER)], None)
    with pytest.raises(ConversionError):
        read_front_matter(text, "test.md")


def test_front_matter_just_under_the_limit_is_read() -> None:
    text = "---\ntitle: T\n" + "key: value\n" * 5_900 + "---\n"
    assert len(text) < MAX_FRONT_MATTER
    found = read_front_matter(text, "test.md")
    assert found is not None
    assert found[0] == {"title": "T", "key": "value"}


# --- loading: the mapping rule ------------------------------------------------------------------------


def test_keys_are_read_case_insensitively_and_the_first_wins() -> None:
    assert load("Title: A\ntitle: B\nURL: u\n1: one\n") == {"title": "A", "url": "u"}


@pytest.mark.parametrize("document", ["", "# only a comment\n", "~\n"])
def test_empty_front_matter_is_an_empty_mapping(document: str) -> None:
    assert load(document) == {}


@pytest.mark.parametrize("document", ["- a\n- b\n", "just a scalar\n", "42\n", "[a, b]\n"])
def test_front_matter_that_is_no_mapping_is_refused(document: str) -> None:
    assert "not a mapping" in refusal("---", document)


def test_toml() -> None:
    meta = load_front_matter("+++", 'Title = "T"\ndate = 2025-02-13T07:56:15+08:00\ntags = ["x"]\n', "t.md")
    assert meta == {
        "title": "T",
        "date": datetime(2025, 2, 13, 7, 56, 15, tzinfo=timezone(timedelta(hours=8))),
        "tags": ["x"],
    }


@pytest.mark.parametrize("document", ['title = "T\n', "x = " + "[" * 5_000 + "\n"])
def test_bad_toml_is_refused(document: str) -> None:
    assert "TOML front matter" in refusal("+++", document)


# --- loading: safety ------------------------------------------------------------------------------------

BILLION_LAUGHS = "title: lol\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]\n"
    for previous, name in zip("abcdefghijklmnopqrs", "bcdefghijklmnopqrst", strict=True)
)


def test_alias_bomb_is_refused() -> None:
    # 9**20 strings if expanded: this only finishes because the loader stops counting at 16 aliases.
    assert "aliases" in refusal("---", BILLION_LAUGHS)


def test_a_few_aliases_are_fine() -> None:
    meta = load("title: &t 标题\nsummary: *t\ntags: &x [a]\ncategories: *x\n")
    assert meta == {"title": "标题", "summary": "标题", "tags": ["a"], "categories": ["a"]}


def test_aliases_up_to_the_budget_are_fine() -> None:
    names = [f"k{n}: *a" for n in range(_front_matter.MAX_YAML_ALIASES)]
    assert len(load("a: &a 1\n" + "\n".join(names))) == _front_matter.MAX_YAML_ALIASES + 1
    assert "aliases" in refusal("---", "a: &a 1\n" + "\n".join([*names, "z: *a"]))


@pytest.mark.parametrize(
    "nesting",
    ["[" * 60_000, "[" * 40 + "]" * 40, "{a: " * 40 + "}" * 40, "[" * 20_000 + "]" * 20_000],
)
def test_deep_nesting_is_refused_without_crashing(nesting: str) -> None:
    # libyaml's own composer recurses in C and kills the process on the first of these.
    refusal("---", f"title: T\nx: {nesting}\n")


def test_nesting_up_to_the_budget_is_fine() -> None:
    depth = _front_matter.MAX_YAML_DEPTH - 1  # the document's own mapping is one level
    meta = load("x: " + "[" * depth + "]" * depth + "\n")
    value = meta["x"]
    for _ in range(depth - 1):
        value = value[0]
    assert value == []


def test_block_nesting_is_refused_too() -> None:
    refusal("---", "- " * 40_000 + "x\n")


def test_python_tags_are_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    refusal("---", f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    assert not marker.exists()


@pytest.mark.parametrize(
    "document",
    ["title: [unclosed\n", "x: !!bool maybe\n", "x: !!int ''\n", "title: *undefined\n", "title: \ud800\n"],
)
def test_malformed_yaml_is_refused(document: str) -> None:
    refusal("---", document)


# --- loading: timestamps --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-13", date(2025, 2, 13)),
        ("2025-02-13 07:56:15", datetime(2025, 2, 13, 7, 56, 15)),
        ("2025-02-13T07:56:15-05:00", datetime(2025, 2, 13, 7, 56, 15, tzinfo=timezone(timedelta(hours=-5)))),
        ("2025-02-31", "2025-02-31"),  # no real date: kept as text, not a failed document
        ("2025-02-31 10:00:00", "2025-02-31 10:00:00"),
        ("0000-01-01", "0000-01-01"),
        ("!!timestamp nonsense", "nonsense"),
        ('"2025-02-13"', "2025-02-13"),  # quoted: text
    ],
)
def test_timestamps(value: str, expected: object) -> None:
    assert load(f"date: {value}\n")["date"] == expected


# --- values ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" T ", "T"),
        ("  ", None),
        (2025, "2025"),
        (1.5, "1.5"),
        (True, None),
        (date(2025, 1, 1), None),
        (None, None),
    ],
)
def test_scalar_text(value: object, expected: str | None) -> None:
    assert scalar_text(value) == expected


def test_as_list() -> None:
    assert as_list([1, 2]) == [1, 2]
    assert as_list("a") == ["a"]
    assert as_list(None) == [None]


def test_strings_and_first_string() -> None:
    assert strings(["a", " ", 2, False, ["nested"], {"k": "v"}]) == ["a", "2"]
    assert strings("one") == ["one"]
    assert strings(None) == []
    meta = {"summary": [" ", True], "description": ["", "描述"], "lang": "en"}
    assert first_string(meta, "missing", "summary", "description", "lang") == "描述"
    assert first_string(meta, "missing") is None


# --- properties -------------------------------------------------------------------------------------------


@given(st.text(alphabet=":-[]{}&*!|>'\"#%@`, \n\tabc1", max_size=200))
def test_arbitrary_yaml_gives_a_mapping_or_bad_front_matter(document: str) -> None:
    try:
        meta = load(document)
    except ConversionError as error:
        meta, code = {}, error.code
    else:
        code = None
    assert code in (None, "bad-front-matter")
    assert all(isinstance(key, str) and key == key.lower() for key in meta)


@given(st.text(max_size=300))
def test_find_never_fails_and_offsets_are_in_range(text: str) -> None:
    found = find_front_matter(text)
    if found is not None and found.body_start is not None:
        assert 0 < found.body_start <= len(text)
        assert found.text in text


# --- the fast path: libyaml's own composer for documents that cannot reach the budgets --------------------


def _depth(value: object) -> int:
    """Nesting as the budget counts it: the collections on the deepest path plus its leaf."""
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    return 1


_LEAVES = st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none(), st.dates())
_NESTED = st.recursive(
    _LEAVES,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=40,
)


@given(
    st.dictionaries(st.text(min_size=1, max_size=6), _NESTED, min_size=1, max_size=4),
    st.sampled_from([False, True, None]),
    st.sampled_from([1, 2, 4]),
)
def test_the_fast_path_is_taken_only_within_the_budgets_and_reads_the_same(
    data: dict[str, Any], flow: bool | None, indent: int
) -> None:
    document = yaml.safe_dump(data, default_flow_style=flow, indent=indent, allow_unicode=True)
    if _front_matter._within_budgets(document):
        assert _depth(data) <= _front_matter.MAX_YAML_DEPTH
        # Both loaders share libyaml's parser; only the composer differs, so they read the same values.
        assert _front_matter._ShallowLoader(document).get_single_data() == (
            _front_matter._FrontMatterLoader(document).get_single_data()
        )


@pytest.mark.parametrize(
    "document",
    [
        "x: " + "[" * 32 + "]" * 32,
        "- " * 16 + "x\n",
        "a:\n" + "".join(" " * level + f"k{level}:\n" for level in range(1, 16)) + " " * 16 + "v: 1\n",
        "a: &a 1\n" + "".join(f"k{n}: *a\n" for n in range(17)),
    ],
)
def test_documents_that_may_reach_a_budget_take_the_counting_composer(document: str) -> None:
    assert not _front_matter._within_budgets(document)


def test_seed_front_matter_takes_the_fast_path() -> None:
    found = find_front_matter(Path("seeds/004_14e5ebb0833022ae.txt").read_text(encoding="utf-8"))
    assert found is not None
    assert _front_matter._within_budgets(found.text)


# --- Pelican's unfenced Key: value header ------------------------------------------------------------------

_PELICAN = "Title: Part 2: the end\nDate: 2019-10-24 12:32\nTags: markdown,\n    pygments\nCategory: blog\n\nText.\n"


def test_a_pelican_header_of_key_value_lines_is_front_matter():
    found = find_front_matter(_PELICAN)
    assert found == FrontMatter(
        _front_matter.KEY_VALUE_HEADER,
        "Title: Part 2: the end\nDate: 2019-10-24 12:32\nTags: markdown,\n    pygments\nCategory: blog",
        90,
    )
    assert _PELICAN[found.body_start :] == "\nText.\n"
    # Values are text, not YAML (the title's own colon), and a four-space line continues the one before.
    assert load_front_matter(found.fence, found.text, "p.md") == {
        "title": "Part 2: the end",
        "date": "2019-10-24 12:32",
        "tags": "markdown, pygments",
        "category": "blog",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Title: A note\nCategory: blog\n\nText.\n",  # no date: a page, or a plain text file
        "Date: 2019-10-24\nTitle: A note\n",  # nothing after the header
        "Title: A note\nDate: 2019-10-24\nThis line is a sentence, no key.\n\nText.\n",
        "Summary: short\nTitle: A note\nDate: 2019-10-24\n\nText.\n",  # opens with neither title nor date
        "Title: A note\n\nDate: 2019-10-24\n\nText.\n",  # the blank line ends the header before the date
    ],
)
def test_key_value_lines_are_front_matter_only_when_unmistakable(text):
    assert find_front_matter(text) is None
