"""The Python API (``articlekit.convert`` and friends): exact values, and the same bytes as the command line."""

from __future__ import annotations

import doctest
import gzip
import inspect
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from checks import assert_matches_golden
from paths import REPO, SEEDS

import articlekit
import articlekit.api
from articlekit import api
from articlekit.cli import _build_parser, run
from articlekit.discover import MissingSourceError
from articlekit.errors import ConversionError

SEED_FILES = sorted(SEEDS.glob("*.txt"))
SEED_FORMATS = {
    "000_924425bcc6410fb0.txt": "rss-markdown",
    "001_1e12915c2adf12bb.txt": "daydaynews-text",
    "002_79b54386e2c3b414.txt": "selfmedia-text",
    "003_422941471d0b9345.txt": "rss-markdown",
    "004_14e5ebb0833022ae.txt": "hugo-markdown",
}
# A JSON dump whose second item has no title and no body: one article, one per-item reject.
DUMP = json.dumps([{"title": "A", "body": "x"}, {"id": "bad-2", "views": 1}]).encode()


def invoke(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(list(argv), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path; summary.json without its run time."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "summary.json":
                summary = json.loads(data)
                summary.pop("elapsed_seconds")
                data = json.dumps(summary).encode()
            files[str(path.relative_to(folder))] = data
    return files


# --- the package's names ----------------------------------------------------------------------------


def test_every_public_name_of_the_package_resolves_to_the_api():
    for name in ("convert", "convert_file", "convert_bytes", "detect", "read", "Detected", "SourceRejected"):
        assert name in articlekit.__all__
        assert getattr(articlekit, name) is getattr(api, name)
    assert articlekit.ConversionError is ConversionError
    missing = [name for name in articlekit.__all__ if not hasattr(articlekit, name)]
    assert missing == []


def test_the_package_names_the_api_validate_before_the_engine_module_is_imported():
    # Once ``articlekit.validate`` the module is imported, Python binds that name on the package to it; the
    # validate engine is moving to ``articlekit.validation``, after which the name always means the function.
    code = "import articlekit, articlekit.api; assert articlekit.validate is articlekit.api.validate; print('ok')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "ok\n", "")


def test_py_typed_is_shipped():
    from importlib.resources import files

    assert files("articlekit").joinpath("py.typed").is_file()
    assert '"articlekit" = ["py.typed"]' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_the_module_docstring_example_runs():
    assert doctest.testmod(articlekit.api) == (0, 9)


def test_the_api_constants_are_the_ones_the_pipeline_uses():
    from articlekit.decode import DEFAULT_MAX_BYTES
    from articlekit.dedup import DEFAULT_THRESHOLD
    from articlekit.exporters import EXPORTERS

    assert api.DEFAULT_MAX_BYTES == DEFAULT_MAX_BYTES
    assert tuple(EXPORTERS) == api.DEFAULT_OUTPUTS
    assert inspect.signature(api.convert).parameters["near_threshold"].default == DEFAULT_THRESHOLD


def test_convert_takes_every_option_of_the_command_with_its_default():
    parser = _build_parser(full=("convert",))
    args = parser.parse_args(["convert"])
    # --engine spark|ray has its own API (articlekit.spark.convert, articlekit.ray.convert); this is the local one.
    cli_only = {"command", "handler", "sources", "output", "allow_rejects", "quiet", "engine", "engine_option"}
    options = {name: value for name, value in vars(args).items() if name not in cli_only}
    parameters = inspect.signature(api.convert).parameters
    defaults = {name: parameters[name].default for name in options}
    assert defaults == {**options, "jobs": None, "to": api.DEFAULT_OUTPUTS}
    assert parameters["output_dir"].default == str(args.output)


# --- convert_file / convert_bytes ----------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda path: path.name[:3])
def test_convert_file_gives_the_golden_record(seed, monkeypatch):
    monkeypatch.chdir(SEEDS)  # the golden records name the seed by its file name
    assert_matches_golden(api.convert_file(seed.name), seed)


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda path: path.name[:3])
def test_convert_bytes_gives_what_convert_file_gives(seed, monkeypatch):
    monkeypatch.chdir(SEEDS)
    from_bytes = api.convert_bytes(seed.read_bytes(), path=seed.name)
    gzipped = api.convert_bytes(gzip.compress(seed.read_bytes()), path=seed.name)
    assert from_bytes == gzipped == api.convert_file(seed.name)


def test_convert_bytes_names_standard_input_by_default():
    [article] = api.convert_bytes(SEED_FILES[2].read_bytes())
    assert (article.provenance.path, article.provenance.format) == ("-", "selfmedia-text")


def test_a_forced_format_is_used_and_a_wrong_one_is_a_reject():
    [article] = api.convert_file(SEED_FILES[0], format="rss-markdown")
    assert article.provenance.format == "rss-markdown"
    with pytest.raises(api.SourceRejected) as caught:
        api.convert_file(SEED_FILES[0], format="hugo-markdown")
    assert caught.value.code == "bad-header"
    assert caught.value.path == str(SEED_FILES[0])


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        (b"", "empty", "the file is empty"),
        (b"just a line of text\n", "unknown-format", "no converter recognises this source (see `articlekit detect`)"),
        (b"\x00\x01\x02binary", "binary", "binary data (NUL bytes or a file signature), not text"),
    ],
    ids=["empty", "unknown", "binary"],
)
def test_convert_bytes_raises_a_conversion_error_with_the_reject_code(data, code, message):
    with pytest.raises(ConversionError) as caught:
        api.convert_bytes(data)
    assert isinstance(caught.value, api.SourceRejected)
    assert (caught.value.code, caught.value.message, caught.value.rejects, caught.value.articles) == (
        code,
        message,
        (),
        (),
    )


def test_a_missing_file_is_unreadable(tmp_path):
    with pytest.raises(ConversionError) as caught:
        api.convert_file(tmp_path / "nope.txt")
    assert (caught.value.code, caught.value.message) == ("unreadable", "cannot read: No such file or directory")


def test_an_item_reject_raises_by_default_with_the_articles_and_the_rejects():
    with pytest.raises(api.SourceRejected) as caught:
        api.convert_bytes(DUMP, path="dump.json")
    error = caught.value
    assert (error.code, error.message) == (
        "no-title",
        "1 of its 2 items gave no article; item 2: no title and no body among its keys: id, views",
    )
    assert [article.title for article in error.articles] == ["A"]
    assert [(reject.position, reject.code, reject.item) for reject in error.rejects] == [(2, "no-title", "bad-2")]


def test_an_item_reject_is_left_out_when_not_strict():
    articles = api.convert_bytes(DUMP, path="dump.json", strict=False)
    assert [(article.title, article.text) for article in articles] == [("A", "x")]


def test_a_source_all_of_whose_items_fail_carries_every_item_reject():
    dump = json.dumps({"list": [{"guid": "g", "views": 1}, 7]}).encode()
    with pytest.raises(api.SourceRejected) as caught:
        api.convert_bytes(dump, path="dump.json", field_map={"items": "list"}, strict=False)
    assert (caught.value.code, caught.value.message, caught.value.articles) == (
        "no-title",
        "none of its 2 items gave an article; item 1: no title and no body among its keys: guid, views",
        (),
    )
    assert [(reject.position, reject.code, reject.item) for reject in caught.value.rejects] == [
        (1, "no-title", "g"),
        (2, "not-an-item", None),
    ]


def test_field_map_reaches_the_json_converter_in_every_spelling():
    dump = json.dumps([{"headline": "Moved", "content": "Body."}]).encode()
    for spelling in ({"title": "headline"}, [("title", "headline")], "title=headline"):
        [article] = api.convert_bytes(dump, path="dump.json", field_map=spelling)
        assert article.title == "Moved"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: api.convert_file(SEED_FILES[0], format="pdf"), "unknown source format 'pdf'; choose from"),
        (lambda: api.convert_bytes(b"x", max_bytes=0), "max_bytes must be at least 1, not 0"),
        (lambda: api.convert([SEED_FILES[0]], "out", to=["xml"]), "unknown output format xml; choose from"),
        (lambda: api.convert([SEED_FILES[0]], "out", jobs=0), "jobs must be at least 1, not 0"),
        (lambda: api.convert([SEED_FILES[0]], "out", partition_by="day"), "partition_by must be one of year"),
        (lambda: api.convert([SEED_FILES[0]], "out", near_threshold=1.5), "near_threshold must be above 0"),
        (lambda: api.convert([], "out"), "no source given: name at least one, or pass None"),
    ],
    ids=["format", "max-bytes", "to", "jobs", "partition", "threshold", "no-source"],
)
def test_a_bad_option_is_a_value_error(call, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        call()


# --- detect ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda path: path.name[:3])
def test_detect_gives_the_format_and_the_line_the_command_prints(seed):
    found = api.detect(seed)
    assert found.format == SEED_FORMATS[seed.name]
    assert found.code is None
    assert found.scores[0][0] == found.format
    assert found.reason == f"{found.format} {found.scores[0][1]:.2f}, runner-up {found.scores[1][0]} 0.00"
    assert invoke("detect", str(seed)) == (0, f"{seed}\t{found.format}\t{found.reason}\n", "")
    assert api.detect(seed.read_bytes()) == found


def test_detect_an_unreadable_or_unknown_source():
    assert api.detect(b"") == api.Detected(None, "(empty: the file is empty)", (), "empty")
    unknown = api.detect(b"just a line of text\n")
    assert (unknown.format, unknown.reason, unknown.code) == (None, "no converter scored above 0.00", None)
    assert {score for _, score in unknown.scores} == {0.0}


# --- convert ----------------------------------------------------------------------------------------------


def test_convert_writes_byte_for_byte_what_the_command_writes(tmp_path):
    assert invoke("convert", str(SEEDS), "--glob", "*.txt", "-o", str(tmp_path / "cli"), "-j", "1", "-q") == (0, "", "")
    summary = api.convert([SEEDS], tmp_path / "api", glob="*.txt", jobs=1)
    assert (summary.inputs, summary.converted, summary.articles, summary.rejected) == (5, 5, 5, 0)
    by_cli, by_api = tree(tmp_path / "cli"), tree(tmp_path / "api")
    assert sorted(by_api) == sorted(by_cli)
    assert {"articles.jsonl", "articles.parquet", "rejects.jsonl", "summary.json"} <= set(by_api)
    assert by_api == by_cli


def test_convert_with_no_sources_converts_the_bundled_seeds(tmp_path):
    summary = api.convert(None, tmp_path, to=["jsonl"], jobs=1)
    assert (summary.inputs, summary.articles) == (5, 5)
    paths = [json.loads(line)["provenance"]["path"] for line in (tmp_path / "articles.jsonl").read_text().splitlines()]
    assert paths == [f"seeds/{path.name}" for path in SEED_FILES]
    assert [article.id for article in api.read(tmp_path / "articles.jsonl")] == [
        article.id for seed in SEED_FILES for article in api.convert_file(seed)
    ]


def test_convert_counts_item_rejects_like_the_command(tmp_path):
    dump = tmp_path / "dump.json"
    dump.write_bytes(DUMP)
    summary = api.convert([dump], tmp_path / "out", to=["jsonl"], jobs=1)
    assert (summary.inputs, summary.articles, summary.items_rejected, summary.rejected) == (1, 1, 1, 0)
    assert summary.rejects_by_code == {"no-title": 1}


def test_convert_reads_standard_input_from_the_stream_given(tmp_path):
    summary = api.convert(["-"], tmp_path, to=["jsonl"], jobs=1, stdin=io.BytesIO(SEED_FILES[4].read_bytes()))
    assert (summary.inputs, summary.formats["hugo-markdown"].articles) == (1, 1)


def test_convert_raises_for_missing_sources_and_for_nothing_matched(tmp_path):
    with pytest.raises(MissingSourceError, match=f"^no such file or folder: {tmp_path / 'a'}, {tmp_path / 'b'}$"):
        api.convert([tmp_path / "a", tmp_path / "b"], tmp_path / "out")
    with pytest.raises(api.NoInputError, match=f"^no input matched: no file under {SEEDS} matches --glob '\\*.pdf'$"):
        api.convert([SEEDS], tmp_path / "out", glob="*.pdf")
    (tmp_path / "empty").mkdir()
    with pytest.raises(api.NoInputError, match=f"^no input matched: {tmp_path / 'empty'} holds no file$"):
        api.convert([tmp_path / "empty"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- validate and read ----------------------------------------------------------------------------------


def test_validate_reports_a_clean_output_and_every_problem_of_a_broken_one(tmp_path):
    api.convert([SEEDS], tmp_path, glob="*.txt", to=["jsonl"], jobs=1)
    report = api.validate([tmp_path / "articles.jsonl"])
    assert (report.valid, report.exit_code, [(f.records, f.invalid_records) for f in report.files]) == (
        True,
        0,
        [(5, 0)],
    )
    lines = (tmp_path / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([lines[0], lines[0]]) + "\n", encoding="utf-8")
    report = api.validate([broken])
    assert (report.valid, report.exit_code) == (False, 1)
    assert [(problem.code, problem.pointer, problem.location.describe()) for problem in report.problems] == [
        ("duplicate-id", "/id", "line 2")
    ]


def test_read_streams_back_what_convert_wrote(tmp_path):
    api.convert([SEED_FILES[0], SEED_FILES[4]], tmp_path, jobs=1)
    from_jsonl = list(api.read(tmp_path / "articles.jsonl"))
    assert [article.provenance.format for article in from_jsonl] == ["rss-markdown", "hugo-markdown"]
    assert list(api.read(str(tmp_path / "articles.parquet"))) == from_jsonl
    assert list(api.read(tmp_path / "articles.csv", format="csv")) == from_jsonl
