"""The command line, run in-process through ``run``/``main``."""

from __future__ import annotations

import io
import json

import pytest

from articlekit import __version__
from articlekit.cli import main, plural, run
from articlekit.schema import published_schema, published_schema_path


def invoke(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(list(argv), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag):
    code, out, _ = invoke(flag)
    assert (code, out) == (0, f"articlekit {__version__}\n")


def test_no_command_says_so_in_one_line_after_the_usage():
    assert invoke() == (
        2,
        "",
        "usage: articlekit [-h] [-V] COMMAND ...\n"
        "articlekit: error: no command given; choose convert, detect, validate or schema\n",
    )


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        (0, "source", "0 sources"),
        (1, "source", "1 source"),
        (2, "article", "2 articles"),
        (1024, "item", "1,024 items"),
    ],
)
def test_plural(count, noun, expected):
    assert plural(count, noun) == expected


def test_convert_summary_line_is_pluralised(tmp_path):
    from paths import SEEDS

    code, out, err = invoke("convert", str(SEEDS / "000_924425bcc6410fb0.txt"), "-o", str(tmp_path), "-j", "1")
    assert (code, err) == (0, "")
    assert out == f"1 source: 1 converted into 1 article, 0 rejected; wrote {tmp_path}/\n"


def test_help_lists_every_command():
    code, out, _ = invoke("--help")
    assert code == 0
    for command in ("convert", "detect", "schema"):
        assert command in out


def test_schema_prints_the_published_schema():
    code, out, _ = invoke("schema")
    assert code == 0
    assert json.loads(out) == published_schema()


def test_schema_path():
    code, out, _ = invoke("schema", "--path")
    assert (code, out) == (0, published_schema_path() + "\n")


@pytest.mark.parametrize(
    "argv",
    [[], ["bogus"], ["schema", "--nope"], ["convert", "--to", "xml"], ["convert", "--max-bytes", "0"]],
    ids=["no-command", "unknown-command", "unknown-option", "unknown-output", "bad-limit"],
)
def test_usage_errors_exit_2_with_a_message(argv):
    code, out, err = invoke(*argv)
    assert code == 2
    assert out == ""
    assert "usage: articlekit" in err


def test_main_uses_sys_argv(monkeypatch, capsys):
    monkeypatch.setattr("sys.argv", ["articlekit", "--version"])
    assert main() == 0
    assert capsys.readouterr().out == f"articlekit {__version__}\n"
