"""``convert --resume``: a run killed halfway finishes without redoing or duplicating work."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from paths import SEEDS

from articlekit.cli import run
from articlekit.discover import discover
from articlekit.journal import JOURNAL_DIR, MANIFEST_NAME
from articlekit.pipeline import ConvertOptions, run_convert

OUTPUTS = ("articles.jsonl", "rejects.jsonl", "articles.parquet", MANIFEST_NAME)


def make_corpus(folder: Path, copies: int) -> Path:
    """Seed copies with distinct titles (so distinct ids), plus one empty file to be rejected."""
    folder.mkdir()
    seeds = sorted(SEEDS.glob("00[12]_*.txt"))  # plain-text formats: the title is the first line
    for number in range(copies):
        seed = seeds[number % len(seeds)]
        title, rest = seed.read_text(encoding="utf-8").split("\n", 1)
        (folder / f"{number:05d}.txt").write_text(f"{title} {number}\n{rest}", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def convert(*argv: str) -> int:
    return run(["convert", *argv, "-q", "--allow-rejects"], io.StringIO(), io.StringIO())


def snapshot(out: Path) -> dict[str, bytes]:
    files = {name: (out / name).read_bytes() for name in OUTPUTS}
    files.update({f"csv/{table.name}": table.read_bytes() for table in (out / "articles.csv").iterdir()})
    return files


def test_resume_after_an_interruption_equals_a_clean_run(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 600)
    assert convert(str(corpus), "-o", str(tmp_path / "clean"), "-j", "1") == 0

    def interrupted():
        for number, item in enumerate(discover([str(corpus)])):
            if number == 300:
                raise KeyboardInterrupt
            yield item

    with pytest.raises(KeyboardInterrupt):
        run_convert(interrupted(), tmp_path / "resumed", ConvertOptions(jobs=1))
    assert not (tmp_path / "resumed" / "articles.jsonl").exists()
    manifest = (tmp_path / "resumed" / JOURNAL_DIR / MANIFEST_NAME).read_text().splitlines()
    assert len(manifest) == 256  # one commit of 256 inputs made it before the interruption

    assert convert(str(corpus), "-o", str(tmp_path / "resumed"), "-j", "1", "--resume") == 0
    assert snapshot(tmp_path / "resumed") == snapshot(tmp_path / "clean")
    assert not (tmp_path / "resumed" / JOURNAL_DIR).exists()
    summary = json.loads((tmp_path / "resumed" / "summary.json").read_text())
    assert (summary["inputs"], summary["converted"], summary["rejected"]) == (601, 600, 1)


def test_resume_after_sigkill_equals_a_clean_run(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 1500)
    assert convert(str(corpus), "-o", str(tmp_path / "clean"), "-j", "1") == 0
    out = tmp_path / "killed"
    command = [
        sys.executable,
        "-m",
        "articlekit.cli",
        "convert",
        str(corpus),
        "-o",
        str(out),
        "-j",
        "1",
        "-q",
    ]
    # cwd: from the repository root, ./articlekit would shadow the installed package.
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path)
    manifest = out / JOURNAL_DIR / MANIFEST_NAME
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.exists() and manifest.stat().st_size > 0:
            break
        time.sleep(0.01)
    assert process.poll() is None, f"the run ended before it could be killed: {process.stderr.read()!r}"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stderr.close()
    assert not (out / "summary.json").exists(), "the run finished before it could be killed"
    committed = len(manifest.read_text().splitlines())
    assert 0 < committed < 1501

    assert convert(str(corpus), "-o", str(out), "-j", "2", "--resume") == 0
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_resume_reconverts_changed_files_and_adds_new_ones(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 4)
    out = tmp_path / "out"
    assert convert(str(corpus), "-o", str(out), "-j", "1") == 0
    (corpus / "00001.txt").write_text("changed title\n2025年02月10日11:20:38 國際 1\n\n新的正文。\n", encoding="utf-8")
    (corpus / "00009.txt").write_text((corpus / "00000.txt").read_text().replace(" 0\n", " 9\n", 1))
    assert convert(str(corpus), "-o", str(out), "-j", "1", "--resume") == 0
    titles = [json.loads(line)["title"] for line in (out / "articles.jsonl").read_text().splitlines()]
    assert len(titles) == 5
    assert "changed title" in titles
    assert sum(title.endswith(" 1") for title in titles) == 0


def test_resume_without_an_earlier_run_is_a_usage_error(tmp_path):
    stderr = io.StringIO()
    code = run(
        ["convert", str(SEEDS / "000_924425bcc6410fb0.txt"), "-o", str(tmp_path), "--resume"],
        io.StringIO(),
        stderr,
    )
    assert code == 2
    assert "no earlier run to resume" in stderr.getvalue()
