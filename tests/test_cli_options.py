"""The command line's shared options, and what ``articlekit --help`` and ``import articlekit.cli`` load."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys

import pytest

from articlekit import cli_options
from articlekit.cli import _build_parser, _command_in, run

HEAVY = ("pyarrow", "lxml", "bs4", "numpy", "pydantic", "jsonschema", "articlekit.converters", "articlekit.schema")
"""Modules ``--help`` must not load: each costs tens of milliseconds or more at start-up."""

_PROBE = """
import contextlib, io, json, sys
import articlekit.cli
loaded_by_import = sorted(sys.modules)
with contextlib.redirect_stdout(io.StringIO()):
    code = articlekit.cli.run(sys.argv[1:], sys.stdout, sys.stderr)
print(json.dumps({"code": code, "import": loaded_by_import, "run": sorted(sys.modules)}))
"""


def loaded(*argv: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def heavy_in(modules: object) -> list[str]:
    assert isinstance(modules, list)
    return [name for name in modules if any(name == heavy or name.startswith(heavy + ".") for heavy in HEAVY)]


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["convert", "--help"]], ids=["help", "version", "cmd"])
def test_import_and_help_load_no_heavy_module(argv):
    result = loaded(*argv)
    assert result["code"] == 0
    assert heavy_in(result["import"]) == []
    if argv[0] != "convert":
        assert heavy_in(result["run"]) == []


def test_convert_help_loads_no_converter_no_parquet_and_no_validate_engine():
    result = loaded("convert", "--help")
    modules = result["run"]
    assert isinstance(modules, list)
    # --format is checked against the plugin registry only when given, so help loads no converter.
    assert [name for name in modules if name.startswith("articlekit.converters")] == []
    assert [name for name in modules if name.startswith(("articlekit.validation", "pyarrow"))] == []


def test_python_dash_m_articlekit_is_the_command():
    command = [sys.executable, "-m", "articlekit", "--version"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout.startswith("articlekit "), done.stderr) == (0, True, "")


def test_the_top_level_help_is_the_same_whether_commands_are_loaded_or_not():
    assert _build_parser(full=()).format_help() == _build_parser().format_help()


@pytest.mark.parametrize(
    ("argv", "command"),
    [([], None), (["--help"], None), (["-V"], None), (["convert", "x"], "convert"), (["-h", "detect"], "detect")],
)
def test_the_command_is_the_first_word_that_is_no_option(argv, command):
    assert _command_in(argv) == command


@pytest.mark.parametrize(
    ("parse", "text", "value_or_error"),
    [
        (cli_options.positive_int, "3", 3),
        (cli_options.positive_int, "0", "must be at least 1: '0'"),
        (cli_options.positive_int, "x", "not a whole number: 'x'"),
        (cli_options.output_formats, "csv, jsonl,csv", ("csv", "jsonl")),
        (cli_options.output_formats, "xml", "unknown output format 'xml'; choose from jsonl, parquet, csv"),
        (cli_options.output_formats, ",", "unknown output format ','; choose from jsonl, parquet, csv"),
        (cli_options.similarity_threshold, "0.5", 0.5),
        (cli_options.similarity_threshold, "0", "must be above 0 and at most 1: '0'"),
        (cli_options.similarity_threshold, "high", "not a number: 'high'"),
        (cli_options.field_map, "title=headline", (("title", "headline"),)),
    ],
)
def test_option_types(parse, text, value_or_error):
    if isinstance(value_or_error, str):
        with pytest.raises(argparse.ArgumentTypeError) as caught:
            parse(text)
        assert str(caught.value) == value_or_error
    else:
        assert parse(text) == value_or_error


@pytest.mark.parametrize("command", [["convert", "x"], ["dedup", "x", "-o", "y"]])
def test_convert_and_dedup_share_the_near_threshold_option(command):
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run([*command, "--near-threshold", "2"], stdout, stderr) == 2
    assert (
        stderr.getvalue()
        .splitlines()[-1]
        .endswith("error: argument --near-threshold: must be above 0 and at most 1: '2'")
    )


def test_validate_max_errors_uses_the_shared_positive_int():
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run(["validate", "x", "--max-errors", "0"], stdout, stderr) == 2
    assert stderr.getvalue().splitlines()[-1] == (
        "articlekit validate: error: argument --max-errors: must be at least 1: '0'"
    )
