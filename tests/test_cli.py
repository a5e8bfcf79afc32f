"""The command line, run in-process through ``run``/``main``."""

from __future__ import annotations

import io
import json

import pytest

from articlekit import __version__
from articlekit.cli import main, run
from articlekit.schema import published_schema, published_schema_path


def invoke(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(list(argv), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_version():
    code, out, _ = invoke("--version")
    assert (code, out) == (0, f"articlekit {__version__}\n")


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
