"""``convert --engine``: a missing extra or Java, and options that do not fit, end in one line and exit 2."""

from __future__ import annotations

import io
import sys
import types
from pathlib import Path

import pytest
from paths import SEEDS

from articlekit.cli import run
from articlekit.engines import check_java, parse_engine_options


def convert(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(["convert", str(SEEDS), "--glob", "*.txt", *argv], stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.mark.parametrize(
    ("engine", "module", "fix"),
    [("spark", "pyspark", "pip install 'articlekit[spark]'"), ("ray", "ray", "pip install 'articlekit[ray]'")],
)
def test_a_missing_extra_names_the_command_that_installs_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, engine: str, module: str, fix: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import of it raises ImportError, as when it is not installed

    code, stdout, stderr = convert("-o", str(tmp_path / "out"), "--engine", engine)

    assert (code, stdout) == (2, "")
    assert stderr == (
        f"articlekit convert: error: --engine {engine} needs the {engine} extra ({module} is not installed): {fix}\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_missing_java_names_the_package_that_installs_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = types.ModuleType("pyspark.sql")
    fake.SparkSession = object()  # type: ignore[attr-defined]  # never reached: Java is checked first
    monkeypatch.setitem(sys.modules, "pyspark", types.ModuleType("pyspark"))
    monkeypatch.setitem(sys.modules, "pyspark.sql", fake)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # a folder without java

    code, stdout, stderr = convert("-o", str(tmp_path / "out"), "--engine", "spark")

    assert (code, stdout) == (2, "")
    assert stderr == (
        "articlekit convert: error: --engine spark needs a Java 17 or later runtime, and none was found: "
        "apt-get install default-jre-headless\n"
    )


def test_java_home_is_enough(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text("#!/bin/sh\n")
    java.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))

    check_java()  # does not raise


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--engine-option", "spark.master=local[2]"], "--engine-option needs --engine spark or --engine ray"),
        (["--engine", "spark", "--engine-option", "master"], "--engine-option 'master': expected key=value"),
        (["--engine", "spark", "--engine-option", "ray.address=auto"], "is for --engine ray, not --engine spark"),
        (["--engine", "ray", "--engine-option", "master=x"], "keys start with spark. or ray."),
        (["--engine", "ray", "--resume"], "--resume works with --engine local only"),
    ],
)
def test_options_that_do_not_fit_the_engine_are_usage_errors(tmp_path: Path, argv: list[str], message: str) -> None:
    code, stdout, stderr = convert("-o", str(tmp_path / "out"), *argv)

    assert (code, stdout) == (2, "")
    assert stderr.startswith("articlekit convert: error: ")
    assert message in stderr
    assert stderr.count("\n") == 1


def test_engine_options_keep_the_engine_keys() -> None:
    assert parse_engine_options("spark", ["spark.master=local[2]", "spark.executor.memory=2g"]) == {
        "spark.master": "local[2]",
        "spark.executor.memory": "2g",
    }
    assert parse_engine_options("ray", ["ray.address=auto"]) == {"ray.address": "auto"}
