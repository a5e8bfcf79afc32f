"""Interrupted runs: a stop leaves no process and no stray file, and ``--resume`` then equals a clean run.

The signal tests stop a real ``articlekit convert`` subprocess at a point the
test knows, without a sleep or a timed poll. The run's sources are
``+first - second``: sorted, standard input comes after every file of
``+first`` (``+`` sorts before ``-``) and before ``second``. The test writes
one byte more than the pipe holds into the child's standard input; that write
returns only once the child is reading standard input, so by then it has
finished every file of ``+first`` (with ``-j 1``, 300 inputs: the journal's
first commit, at 256, is behind it). The signal arrives while the child waits
for the rest of standard input; the test then closes the pipe, and the run
stops after the input it is in.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import re
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from paths import SEEDS

from articlekit import pipeline
from articlekit.cli import run
from articlekit.discover import discover
from articlekit.journal import JOURNAL_DIR, MANIFEST_NAME, REPLAYING_DIR
from articlekit.pipeline import ConvertInterrupted, ConvertOptions, run_convert

OUTPUTS = ("articles.jsonl", "rejects.jsonl", "articles.parquet", MANIFEST_NAME)
FIRST, SECOND = 300, 100
"""Files in ``+first`` and in ``second``."""
_F_GETPIPE_SZ = 1032  # fcntl.F_GETPIPE_SZ, named in the fcntl module only from Python 3.10 on some builds


def make_corpus(folder: Path, copies: int, start: int = 0) -> Path:
    """Seed copies with distinct titles (so distinct ids), plus one empty file to be rejected."""
    folder.mkdir()
    seeds = sorted(SEEDS.glob("00[12]_*.txt"))  # plain-text formats: the title is the first line
    for number in range(start, start + copies):
        seed = seeds[number % len(seeds)]
        title, rest = seed.read_text(encoding="utf-8").split("\n", 1)
        (folder / f"{number:05d}.txt").write_text(f"{title} {number}\n{rest}", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def convert(*argv: str, stdin: bytes | None = None) -> int:
    if stdin is None:
        return run(["convert", *argv, "-q", "--allow-rejects"], io.StringIO(), io.StringIO())
    command = [sys.executable, "-m", "articlekit.cli", "convert", *argv, "-q", "--allow-rejects"]
    return subprocess.run(command, input=stdin, capture_output=True, check=False, cwd=argv_folder(argv)).returncode


def argv_folder(argv: tuple[str, ...]) -> str:
    return str(Path(argv[argv.index("-o") + 1]).parent)


def snapshot(out: Path) -> dict[str, bytes]:
    files = {name: (out / name).read_bytes() for name in OUTPUTS}
    files.update({f"csv/{table.name}": table.read_bytes() for table in (out / "articles.csv").iterdir()})
    return files


def leftovers(out: Path) -> list[str]:
    """Names in the output folder that a finished run does not leave (temporaries, a journal)."""
    finished = {*OUTPUTS, "articles.csv", "summary.json"}
    return sorted(path.name for path in out.iterdir() if path.name not in finished)


# --- processes --------------------------------------------------------------------------------------


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])  # the name in parentheses may hold spaces


def _running(pid: int) -> bool:
    """Whether the process exists and is not a zombie (an exited process its new parent has not reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def write_while_alive(fd: int, data: bytes, child: subprocess.Popen[bytes]) -> None:
    """Write all of ``data`` to a pipe the test also holds open for reading, while ``child`` lives.

    A plain blocking write would wait forever if the child ended before reading (the test's own read end
    keeps the pipe open): this fails with the child's stderr instead.
    """
    os.set_blocking(fd, False)
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(fd, view) :]
        except BlockingIOError:
            if child.poll() is not None:
                stderr = child.stderr.read().decode() if child.stderr else ""
                pytest.fail(f"the child ended (exit {child.returncode}) before reading its input: {stderr!r}")
            select.select([], [fd], [], 1.0)  # wakes when the child reads; re-checks that it lives each second
    os.set_blocking(fd, True)


def descendants(root: int) -> set[int]:
    """Every process below ``root`` now, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (parent := _parent_of(int(entry.name))) is not None:
            children.setdefault(parent, []).append(int(entry.name))
    found: set[int] = set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def wait_for_exit(pids: set[int]) -> None:
    """Block until each process has exited: its pidfd becomes readable then (no timeout, no polling loop)."""
    for pid in pids:
        try:
            descriptor = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
        try:
            poller = select.poll()
            poller.register(descriptor, select.POLLIN)
            poller.poll()
        finally:
            os.close(descriptor)


def pool_processes_of(pid: int) -> set[int]:
    """Processes anywhere on the machine that a convert with this pid started as its worker pool."""
    marker = f"ARTICLEKIT_POOL_PARENT={pid}".encode()
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environment = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if marker in environment and _running(int(entry.name)):
            found.add(int(entry.name))
    return found


# --- the interrupted child --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    make_corpus(root / "+first", FIRST)
    make_corpus(root / "second", SECOND, start=FIRST)
    return root


def stdin_payload() -> bytes:
    """One byte more than a pipe holds: writing it returns only once the reader has started reading."""
    read, write = os.pipe()
    try:
        capacity = fcntl.fcntl(write, _F_GETPIPE_SZ)
    finally:
        os.close(read)
        os.close(write)
    return b"not an article\n" + b"x" * capacity


@pytest.fixture(scope="module")
def clean(corpus: Path) -> Path:
    out = corpus / "clean"
    assert convert("+first", "-", "second", "-o", str(out), "-j", "1", stdin=stdin_payload()) == 0
    return out


def start_and_stop(corpus: Path, out: Path, jobs: int, signal_number: int) -> tuple[int, str, set[int], int]:
    """Start a convert and stop it with ``signal_number`` while it reads standard input.

    Returns:
        Its exit code, its stderr, the processes it had started (all exited by now) and its pid.
    """
    command = [sys.executable, "-m", "articlekit.cli", "convert", "+first", "-", "second", "-o", str(out)]
    # cwd: from the repository root, ./articlekit would shadow the installed package.
    child = subprocess.Popen(
        [*command, "-j", str(jobs), "-q"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=corpus,
    )
    assert child.stdin is not None
    assert child.stderr is not None
    os.write(child.stdin.fileno(), stdin_payload())  # returns once the child reads standard input
    below = descendants(child.pid)
    os.kill(child.pid, signal_number)
    child.stdin.close()
    code = child.wait()
    errors = child.stderr.read().decode()
    child.stderr.close()
    wait_for_exit(below)
    return code, errors, below, child.pid


@pytest.mark.slow
def test_sigterm_commits_the_journal_says_so_and_resume_equals_a_clean_run(corpus, clean):
    out = corpus / "terminated"
    code, errors, _, _ = start_and_stop(corpus, out, 1, signal.SIGTERM)
    # Everything up to standard input is finished (its own input too: the stop comes after it).
    done = FIRST + 2  # the files of +first with its empty.txt, then standard input
    assert (code, errors) == (
        143,
        f"articlekit convert: interrupted after {done} inputs; run again with --resume to continue\n",
    )
    assert leftovers(out) == [JOURNAL_DIR]
    assert len((out / JOURNAL_DIR / MANIFEST_NAME).read_text().splitlines()) == done
    assert convert("+first", "-", "second", "-o", str(out), "-j", "1", "--resume", stdin=stdin_payload()) == 0
    assert snapshot(out) == snapshot(clean)
    assert leftovers(out) == []


@pytest.mark.slow
def test_sigint_with_workers_ends_them_and_resume_equals_a_clean_run(corpus, clean):
    out = corpus / "interrupted"
    jobs = 2
    code, errors, below, _ = start_and_stop(corpus, out, jobs, signal.SIGINT)
    # The chunk holding standard input is converted in the main process when it is queued; by then
    # jobs × _WINDOW chunks are in flight and the ones before them were finished. The stop comes
    # after the next finished input.
    stdin_chunk = (FIRST + 1) // pipeline._CHUNK + 1
    done = (stdin_chunk - jobs * pipeline._WINDOW) * pipeline._CHUNK + 1
    assert (code, errors) == (
        130,
        f"articlekit convert: interrupted after {done} inputs; run again with --resume to continue\n",
    )
    assert len(below) >= 1 + jobs  # the forkserver and the workers (and multiprocessing's resource tracker)
    assert not any(_running(pid) for pid in below)
    assert leftovers(out) == [JOURNAL_DIR]
    assert len((out / JOURNAL_DIR / MANIFEST_NAME).read_text().splitlines()) == done
    assert convert("+first", "-", "second", "-o", str(out), "-j", "2", "--resume", stdin=stdin_payload()) == 0
    assert snapshot(out) == snapshot(clean)
    assert leftovers(out) == []


@pytest.mark.slow
def test_sigkill_leaves_no_worker_and_resume_equals_a_clean_run(corpus, clean):
    out = corpus / "killed"
    code, _, below, pid = start_and_stop(corpus, out, 2, signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert len(below) >= 3
    # The kernel killed the forkserver with its parent, and the workers with the forkserver.
    assert not any(_running(process) for process in below)
    assert pool_processes_of(pid) == set()
    assert not (out / "summary.json").exists()
    assert JOURNAL_DIR in leftovers(out)
    assert convert("+first", "-", "second", "-o", str(out), "-j", "2", "--resume", stdin=stdin_payload()) == 0
    assert snapshot(out) == snapshot(clean)
    assert leftovers(out) == []  # the killed run's temporaries are gone too


@pytest.mark.slow
def test_pool_processes_are_found_by_their_marker(corpus):
    # The marker the SIGKILL test relies on is really in the pool's environment while a run is alive.
    out = corpus / "alive"
    command = [sys.executable, "-m", "articlekit.cli", "convert", "+first", "-", "second", "-o", str(out)]
    child = subprocess.Popen(
        [*command, "-j", "2", "-q"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=corpus,
    )
    assert child.stdin is not None
    os.write(child.stdin.fileno(), stdin_payload())
    pool = pool_processes_of(child.pid)
    below = descendants(child.pid)
    child.kill()
    child.stdin.close()
    child.wait()
    wait_for_exit(below)
    assert len(pool) >= 3  # the forkserver and two workers carry it
    assert pool <= below
    assert pool_processes_of(child.pid) == set()


# --- in-process ---------------------------------------------------------------------------------------


@pytest.mark.slow
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
    assert leftovers(tmp_path / "resumed") == [JOURNAL_DIR]
    manifest = (tmp_path / "resumed" / JOURNAL_DIR / MANIFEST_NAME).read_text().splitlines()
    assert len(manifest) == 256  # one commit of 256 inputs made it before the interruption

    assert convert(str(corpus), "-o", str(tmp_path / "resumed"), "-j", "1", "--resume") == 0
    assert snapshot(tmp_path / "resumed") == snapshot(tmp_path / "clean")
    assert not (tmp_path / "resumed" / JOURNAL_DIR).exists()
    summary = json.loads((tmp_path / "resumed" / "summary.json").read_text())
    assert (summary["inputs"], summary["converted"], summary["rejected"]) == (601, 600, 1)


@pytest.mark.parametrize(("stop_after", "total"), [(1, None), (7, None), (600, None), (601, 601)])
def test_a_requested_stop_commits_every_finished_input(tmp_path, stop_after, total):
    corpus = make_corpus(tmp_path / "corpus", 600)
    finished = []

    def stop() -> bool:
        return len(finished) >= stop_after

    with pytest.raises(ConvertInterrupted) as stopped:
        run_convert(
            discover([str(corpus)]),
            tmp_path / "out",
            ConvertOptions(jobs=1),
            progress=lambda summary: finished.append(summary.inputs),
            stop=stop,
        )
    # Inputs are listed one ahead of the one converted: the total is known once the last is handed out.
    assert (stopped.value.done, stopped.value.total) == (stop_after, total)
    assert leftovers(tmp_path / "out") == [JOURNAL_DIR]
    assert len((tmp_path / "out" / JOURNAL_DIR / MANIFEST_NAME).read_text().splitlines()) == stop_after


@pytest.mark.slow
def test_a_stop_while_replaying_keeps_the_replayed_journal(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 280)
    out = tmp_path / "out"
    assert convert(str(corpus), "-o", str(tmp_path / "clean"), "-j", "1") == 0
    with pytest.raises(KeyboardInterrupt):  # a journal of one commit (256 inputs) to replay
        run_convert(_raising_after(discover([str(corpus)]), 270), out, ConvertOptions(jobs=1))
    asked = []

    def stop() -> bool:
        asked.append(True)
        return len(asked) == 5

    with pytest.raises(ConvertInterrupted) as stopped:
        run_convert(discover([str(corpus)]), out, ConvertOptions(jobs=1, resume=True), stop=stop)
    assert (stopped.value.done, stopped.value.total) == (5, None)
    # The journal being replayed stays whole beside the new one, which --resume prefers.
    assert leftovers(out) == [JOURNAL_DIR, REPLAYING_DIR]
    assert len((out / REPLAYING_DIR / MANIFEST_NAME).read_text().splitlines()) == 256
    assert convert(str(corpus), "-o", str(out), "-j", "1", "--resume") == 0
    assert snapshot(out) == snapshot(tmp_path / "clean")
    assert leftovers(out) == []


def _raising_after(items, count):
    for number, item in enumerate(items):
        if number == count:
            raise KeyboardInterrupt
        yield item


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
    assert re.fullmatch(r"articlekit convert: error: .*: no earlier run to resume \(.*\)\n", stderr.getvalue())


# --- validate ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("signal_number", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_validate_stops_on_a_signal_with_one_line(tmp_path, signal_number, code):
    good = tmp_path / "good.jsonl"
    good.write_text((SEEDS / "000_924425bcc6410fb0.expected.json").read_text(encoding="utf-8").replace("\n", "") + "\n")
    pipe = tmp_path / "pipe.jsonl"
    os.mkfifo(pipe)
    # The test holds the pipe open for writing (and, so that opening does not wait, for reading too):
    # the child reads it until the test closes it.
    writer = os.open(pipe, os.O_RDWR)
    command = [sys.executable, "-m", "articlekit.cli", "validate", "--format", "jsonl", str(good), str(pipe)]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path)
    assert child.stderr is not None
    try:
        write_while_alive(writer, stdin_payload(), child)  # done once the child reads the pipe: good.jsonl is checked
        below = descendants(child.pid)
        os.kill(child.pid, signal_number)
        assert child.wait() == code
    finally:
        os.close(writer)
    errors = child.stderr.read().decode()
    child.stderr.close()
    assert errors == (f"articlekit validate: interrupted in {pipe} (file 2 of 2); what was printed is incomplete\n")
    assert below == set()
