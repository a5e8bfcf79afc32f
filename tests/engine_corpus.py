"""A corpus for the engine tests, built from the seeds: edited copies, duplicates, hostile files, a gzip file.

The tree is shaped to catch an engine that does not keep the local run's input
order: files beside subfolders, folder names that are prefixes of others
(``batch``, ``batch 1``, ``batch-1``, ``batch1``), a non-ASCII folder name, and
duplicates placed both before and after their first copy in that order.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from paths import SEEDS

MAX_BYTES = 200_000
"""The ``--max-bytes`` every engine test runs with, so that a too-large file stays small on disk."""

_URL_HOST = re.compile(r"(https?://[^/\s)\]\"'<>]+)")
_FOLDERS = ("batch", "batch 1", "batch-1", "batch1/inner", "batch1/新闻", "batch1")


def _seeds() -> list[tuple[str, str]]:
    return [(path.name[:3], path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))]


def edited(name: str, text: str, index: int) -> str:
    """A seed with a new id: a path segment in every URL, or (for seeds without a URL) a longer title line."""
    if _URL_HOST.search(text):
        return _URL_HOST.sub(rf"\1/c{index}", text)
    lines = text.split("\n")
    first = next(number for number, line in enumerate(lines) if line.strip())
    lines[first] = f"{lines[first]} {name}-{index}"
    return "\n".join(lines)


def build(root: Path, size: int = 300) -> Path:
    """Write the corpus under ``root`` and return it: ``size`` edited seeds plus duplicates and hostile files."""
    seeds = _seeds()
    written: list[Path] = []
    for index in range(size):
        name, text = seeds[index % len(seeds)]
        path = root / _FOLDERS[index % len(_FOLDERS)] / f"{index:04d}-{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(edited(name, text, index), encoding="utf-8")
        written.append(path)
    # Exact copies: "a-copies" sorts before the batch folders (the copy wins there), "z-copies" after.
    for folder, chosen in (("a-copies", written[:6]), ("z-copies", written[6:12])):
        (root / folder).mkdir()
        for path in chosen:
            (root / folder / path.name).write_bytes(path.read_bytes())
    hostile = root / "hostile"
    hostile.mkdir()
    (hostile / "empty.txt").write_bytes(b"")
    (hostile / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (hostile / "undecodable.gz").write_bytes(gzip.compress(written[0].read_bytes())[:40])
    (hostile / "too-large.txt").write_bytes(b"x" * (MAX_BYTES + 1))
    (hostile / "unknown.txt").write_text("A shopping list.\nMilk\nBread\n", encoding="utf-8")
    name, text = seeds[2]
    (root / "packed.txt.gz").write_bytes(gzip.compress(edited(name, text, 9999).encode("utf-8"), mtime=0))
    return root
