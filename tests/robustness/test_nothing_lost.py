"""Nothing lost, ever: on random folders of good and bad files, every input ends as records or a reject.

Each example writes a folder (seeds, re-encoded and gzipped seeds, broken seeds,
rendered records, empty, binary and random files) in a random order, converts
it as ``articlekit convert`` does, and checks that every input is accounted for
exactly once; that naming the files one by one, in another order, gives
byte-identical output; and (a few examples, since each spawns worker
processes) that ``--jobs 2`` gives byte-identical output too.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st
from robustness_support import profile_examples, robust_examples
from source_strategies import broken, rendered_texts, seed_texts

from articlekit.cli import run

EXAMPLES = robust_examples()
PARALLEL_EXAMPLES = min(5, profile_examples())
"""Examples of the ``--jobs 2`` property: each starts a pool of worker processes."""
OUTPUTS = ("articles.jsonl", "rejects.jsonl")
# Each example runs convert twice, and its writers fsync: on a memory file system that costs half the time.
_TEMPORARY_ROOT = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None

_SEEDS = st.sampled_from(seed_texts())
_CODECS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"])


@st.composite
def _encoded_seed(draw: st.DrawFn) -> bytes:
    return draw(_SEEDS).encode(draw(_CODECS), "replace")


_CONTENTS = st.one_of(
    _SEEDS.map(str.encode),
    _encoded_seed(),
    _SEEDS.map(lambda text: gzip.compress(text.encode(), mtime=0)),
    broken(_SEEDS).map(lambda text: text.encode("utf-8", "surrogatepass")),
    rendered_texts().map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.sampled_from([b"", b" \r\n\t", bytes(64), b"\x89PNG\r\n\x1a\n" + bytes(range(64)), b"\x1f\x8b\x08\x00junk"]),
    st.binary(max_size=200),
)
_NAMES = st.text(st.sampled_from("abcxyz0123-_.年"), min_size=1, max_size=6)


@dataclass(frozen=True)
class Folder:
    """Files to write (relative name -> bytes) and the order to write them in."""

    files: dict[str, bytes]
    order: tuple[str, ...]


@st.composite
def folders(draw: st.DrawFn) -> Folder:
    """Up to eight files, some in a subfolder, with distinct names; written in a random order."""
    names = draw(st.lists(_NAMES, min_size=1, max_size=8, unique=True))
    files = {}
    for index, name in enumerate(names):
        folder = draw(st.sampled_from(["", "", "sub/"]))
        files[f"{folder}{index}{name}.txt"] = draw(_CONTENTS)
    return Folder(files, tuple(draw(st.permutations(list(files)))))


def _write(folder: Folder, root: Path) -> None:
    for name in folder.order:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(folder.files[name])


def _convert(sources: list[str], out: Path, jobs: int) -> dict[str, str]:
    """Run ``articlekit convert`` in-process; return its outputs' texts (and summary.json without the time)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(["convert", *sources, "-o", str(out), "--to", "jsonl", "-j", str(jobs), "-q"], stdout, stderr)
    assert stderr.getvalue() == ""
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert code == (1 if summary["rejected"] else 0)
    del summary["elapsed_seconds"]
    texts = {name: (out / name).read_text(encoding="utf-8") for name in OUTPUTS}
    texts["summary.json"] = json.dumps(summary, sort_keys=True)
    return texts


def _check_accounting(texts: dict[str, str], inputs: set[str]) -> None:
    """Every input is in the articles or the rejects; a source in both lost only duplicate articles."""
    articles = [json.loads(line) for line in texts["articles.jsonl"].splitlines()]
    rejects = [json.loads(line) for line in texts["rejects.jsonl"].splitlines()]
    summary: dict[str, Any] = json.loads(texts["summary.json"])
    converted = {article["provenance"]["path"] for article in articles}
    rejected = Counter(reject["path"] for reject in rejects)
    assert converted | set(rejected) == inputs
    for reject in rejects:
        # Only a duplicate article can be dropped from a source that gave others, or be one of several rejects.
        if reject["path"] in converted or rejected[reject["path"]] > 1:
            assert reject["code"] == "duplicate", reject
    assert summary["inputs"] == len(inputs) == summary["converted"] + summary["rejected"]
    assert summary["converted"] == len(converted)
    assert summary["articles"] == len(articles)
    assert summary["duplicates"] == sum(reject["code"] == "duplicate" for reject in rejects)
    assert len({article["id"] for article in articles}) == len(articles)
    event(f"{summary['converted']} of {summary['inputs']} converted")


@settings(max_examples=EXAMPLES)
@given(folder=folders(), listing_order=st.randoms(use_true_random=False))
def test_every_input_is_accounted_for_whatever_the_order(folder: Folder, listing_order: Any) -> None:
    with tempfile.TemporaryDirectory(dir=_TEMPORARY_ROOT) as temporary:
        root = Path(temporary, "in")
        _write(folder, root)
        inputs = {f"{root}/{name}" for name in folder.files}
        walked = _convert([str(root)], Path(temporary, "walked"), jobs=1)
        _check_accounting(walked, inputs)
        listed = sorted(inputs)
        listing_order.shuffle(listed)
        assert _convert(listed, Path(temporary, "listed"), jobs=1) == walked


@settings(max_examples=PARALLEL_EXAMPLES)
@given(folder=folders())
def test_output_does_not_depend_on_jobs(folder: Folder) -> None:
    with tempfile.TemporaryDirectory(dir=_TEMPORARY_ROOT) as temporary:
        root = Path(temporary, "in")
        _write(folder, root)
        assert _convert([str(root)], Path(temporary, "one"), jobs=1) == _convert(
            [str(root)], Path(temporary, "two"), jobs=2
        )
