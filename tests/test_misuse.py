"""Every documented misuse of every command: the documented exit code, one error line naming it, no traceback.

Each case runs ``articlekit`` in-process (``cli.run``) and checks:

- the exit code;
- exactly one stderr line holds ``error:`` and it contains what names the
  problem (the option, the path, the cause); argparse's errors are preceded
  by the usage, whose lines are the only others allowed;
- no ``Traceback`` anywhere;
- for the output-folder cases, nothing half-written is left.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from paths import SEEDS

from articlekit.cli import EXIT_CODES, run

SEED = str(SEEDS / "000_924425bcc6410fb0.txt")


@dataclass(frozen=True)
class Misuse:
    """One misuse: the arguments (``{tmp}`` stands for a scratch folder), the exit code, what the error names."""

    name: str
    argv: tuple[str, ...]
    code: int
    names: str
    prepare: Callable[[Path], None] | None = None


def _file(name: str) -> Callable[[Path], None]:
    return lambda tmp: (tmp / name).write_text("a file\n", encoding="utf-8")


def _folder(name: str) -> Callable[[Path], None]:
    return lambda tmp: (tmp / name).mkdir()


def _fifo(name: str) -> Callable[[Path], None]:
    return lambda tmp: os.mkfifo(tmp / name)


MISUSES = [
    # The command itself.
    Misuse("no-command", (), 2, "articlekit: error: no command given; choose convert, detect, validate or schema"),
    Misuse("unknown-command", ("bogus",), 2, "invalid choice: 'bogus'"),
    Misuse("unknown-option", ("--nope",), 2, "unrecognized arguments: --nope"),
    # convert: arguments and formats.
    Misuse("convert-unknown-output", ("convert", "--to", "xml"), 2, "unknown output format 'xml'"),
    Misuse("convert-empty-output-list", ("convert", "--to", ","), 2, "unknown output format ','"),
    Misuse("convert-unknown-source-format", ("convert", "--format", "pdf"), 2, "invalid choice: 'pdf'"),
    Misuse("formats-unknown-output", ("formats", "--output", "xml"), 2, "--output: invalid choice: 'xml'"),
    Misuse("convert-bad-partition", ("convert", "--partition-by", "day"), 2, "invalid choice: 'day'"),
    Misuse("convert-zero-limit", ("convert", "--max-bytes", "0"), 2, "must be at least 1: '0'"),
    Misuse("convert-word-limit", ("convert", "--max-bytes", "lots"), 2, "not a whole number: 'lots'"),
    Misuse("convert-zero-jobs", ("convert", "-j", "0"), 2, "argument -j/--jobs: must be at least 1: '0'"),
    Misuse("convert-word-jobs", ("convert", "--jobs", "two"), 2, "argument -j/--jobs: not a whole number: 'two'"),
    Misuse("convert-jobs-missing-value", ("convert", "--jobs"), 2, "argument -j/--jobs: expected one argument"),
    # convert: paths, globs, the input set.
    Misuse(
        "convert-missing-source",
        ("convert", "{tmp}/missing.txt", "-o", "{tmp}/out"),
        2,
        "no such file or folder: {tmp}/missing.txt",
    ),
    Misuse(
        "convert-glob-matches-nothing",
        ("convert", "{tmp}/in", "--glob", "*.md", "-o", "{tmp}/out"),
        1,
        "no input matched: no file under {tmp}/in matches --glob '*.md'",
        lambda tmp: (_folder("in")(tmp), _file("in/a.txt")(tmp)),
    ),
    Misuse(
        "convert-empty-folder",
        ("convert", "{tmp}/in", "-o", "{tmp}/out"),
        1,
        "no input matched: {tmp}/in holds no file",
        _folder("in"),
    ),
    Misuse(
        "convert-seeds-glob-matches-nothing",
        ("convert", "--glob", "*.md", "-o", "{tmp}/out"),
        1,
        "no input matched: no file under the bundled seeds matches --glob '*.md'",
    ),
    Misuse(
        "convert-output-is-a-file",
        ("convert", SEED, "-o", "{tmp}/taken"),
        2,
        "cannot write {tmp}/taken: it is a file, not a folder",
        _file("taken"),
    ),
    Misuse(
        "convert-output-under-a-file",
        ("convert", SEED, "-o", "{tmp}/taken/sub"),
        2,
        "cannot write {tmp}/taken/sub: Not a directory (a file is in the way of the output folder {tmp}/taken/sub)",
        _file("taken"),
    ),
    Misuse(
        "convert-output-cannot-exist",
        ("convert", SEED, "-o", "/proc/articlekit-out"),
        2,
        "cannot write /proc/articlekit-out: No such file or directory",
    ),
    Misuse(
        "convert-resume-without-a-run",
        ("convert", SEED, "-o", "{tmp}/out", "--resume"),
        2,
        "{tmp}/out: no earlier run to resume (no .articlekit-journal/ and no manifest.jsonl)",
    ),
    # detect.
    Misuse("detect-no-source", ("detect",), 2, "the following arguments are required: SOURCE"),
    Misuse("detect-missing-source", ("detect", "{tmp}/missing.txt"), 2, "{tmp}/missing.txt: no such file or folder"),
    Misuse(
        "detect-glob-matches-nothing",
        ("detect", "{tmp}/in", "--glob", "*.md"),
        1,
        "no input matched: no file under {tmp}/in matches --glob '*.md'",
        lambda tmp: (_folder("in")(tmp), _file("in/a.txt")(tmp)),
    ),
    Misuse("detect-empty-folder", ("detect", "{tmp}/in"), 1, "no input matched: {tmp}/in holds no file", _folder("in")),
    # validate.
    Misuse("validate-no-path", ("validate",), 2, "articlekit validate: error: give at least one PATH (or --schema)"),
    Misuse("validate-unknown-format", ("validate", "--format", "xml", "x"), 2, "--format: invalid choice: 'xml'"),
    Misuse("validate-unknown-output", ("validate", "--output", "xml", "x"), 2, "argument --output: invalid choice"),
    Misuse("validate-zero-max-errors", ("validate", "--max-errors", "0", "x"), 2, "must be at least 1: '0'"),
    Misuse("validate-unknown-engine", ("validate", "--engine", "turbo", "x"), 2, "invalid choice: 'turbo'"),
    Misuse(
        "validate-missing-path",
        ("validate", "{tmp}/missing.jsonl"),
        2,
        "{tmp}/missing.jsonl: no such file or folder [unreadable]",
    ),
    Misuse(
        "validate-format-not-told",
        ("validate", "{tmp}/notes.txt"),
        2,
        "{tmp}/notes.txt: cannot tell the format from the name or the content; pass --format jsonl|json|parquet|csv",
        _file("notes.txt"),
    ),
    Misuse(
        "validate-empty-folder",
        ("validate", "{tmp}/in"),
        2,
        "{tmp}/in: cannot tell the format from the name or the content",
        _folder("in"),
    ),
    Misuse(
        "validate-pipe-as-parquet",
        ("validate", "--format", "parquet", "{tmp}/pipe"),
        2,
        "{tmp}/pipe: a FIFO (pipe): only JSON Lines and JSON can be read from one; parquet needs a regular file",
        _fifo("pipe"),
    ),
    # schema.
    Misuse("schema-unknown-name", ("schema", "reports"), 2, "no schema named 'reports'; choose from article, summary"),
    Misuse("schema-unknown-option", ("schema", "--nope"), 2, "unrecognized arguments: --nope"),
]


def invoke(argv: list[str]) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(argv, stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def check_one_error_line(code: int, out: str, err: str, expected_code: int, names: str) -> None:
    assert code == expected_code
    assert "Traceback" not in out + err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert len(errors) == 1, err
    assert names in errors[0]
    others = [line for line in err.splitlines() if line != errors[0]]
    # Only argparse's usage may come with the error line: "usage: …" and its indented continuation lines.
    assert all(line.startswith(("usage: ", " ")) for line in others), err


@pytest.mark.parametrize("misuse", MISUSES, ids=[misuse.name for misuse in MISUSES])
def test_misuse_gives_one_clear_line_and_its_exit_code(misuse: Misuse, tmp_path: Path) -> None:
    if misuse.prepare is not None:
        misuse.prepare(tmp_path)
    argv = [part.replace("{tmp}", str(tmp_path)) for part in misuse.argv]
    code, out, err = invoke(argv)
    check_one_error_line(code, out, err, misuse.code, misuse.names.replace("{tmp}", str(tmp_path)))
    assert misuse.code in EXIT_CODES
    if misuse.name.startswith("convert-output"):
        assert not list(tmp_path.glob("**/articles.*"))


def test_every_command_has_misuses_in_the_table() -> None:
    covered = {misuse.argv[0] if misuse.argv and not misuse.argv[0].startswith("-") else "" for misuse in MISUSES}
    assert covered >= {"", "convert", "detect", "validate", "schema", "formats"}


# --- the output folder on a file system that refuses writes ------------------------------------------


@contextlib.contextmanager
def mounted_tmpfs(folder: Path, options: str) -> Iterator[bool]:
    """Mount a tmpfs at ``folder`` (as root); yields False, mounting nothing, where that is not allowed."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], check=False).returncode == 0
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_full_disk_gives_one_line_and_leaves_no_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    disk = tmp_path / "disk"
    with mounted_tmpfs(disk, "size=64k") as mounted:
        if not mounted:  # not root: make every writer's data flush fail as a full disk does
            import errno

            def full(path: Path) -> None:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

            monkeypatch.setattr("articlekit.exporters._base.fsync_file", full)
        # Sources whose outputs need more than the 64 KiB disk holds.
        sources = tmp_path / "in"
        sources.mkdir()
        text = (SEEDS / "002_79b54386e2c3b414.txt").read_text(encoding="utf-8")
        title, rest = text.split("\n", 1)
        for number in range(60):
            (sources / f"{number:03d}.txt").write_text(f"{title} {number}\n{rest}", encoding="utf-8")
        out = disk / "out"
        code, stdout, err = invoke(["convert", str(sources), "-o", str(out), "-j", "1", "-q"])
        check_one_error_line(code, stdout, err, 2, f"cannot write {out}: No space left on device")
        assert "run again with --resume" in err
        # Nothing that looks like an output: only the journal of what was committed, for --resume.
        assert [path.name for path in out.iterdir()] in ([], [".articlekit-journal"])


def test_a_read_only_file_system_gives_one_line(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    with mounted_tmpfs(disk, "ro,size=16k") as mounted:
        if not mounted:  # not root: a folder without write permission refuses the same way
            disk.chmod(0o555)
        code, out, err = invoke(["convert", SEED, "-o", str(disk / "out"), "-q"])
        cause = "Read-only file system" if mounted else "Permission denied"
        check_one_error_line(code, out, err, 2, f"cannot write {disk / 'out'}: {cause}")
        assert list(disk.iterdir()) == []
