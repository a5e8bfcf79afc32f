"""The run journal behind ``convert --resume``.

While ``convert`` runs, every finished input is recorded in ``DIR/.articlekit-journal/``:
``articles.jsonl`` holds the articles in output order and ``manifest.jsonl`` one
line per input (path, fingerprint, format, article count, rejects). Both are
appended in chunks; the articles of a chunk are flushed to disk before its
manifest lines, so every manifest line that can be read describes articles
that are really there. A run that is killed leaves the journal behind; a run
that completes turns its manifest into ``DIR/manifest.jsonl`` and removes it.

``--resume`` reads the journal of a killed run (or the manifest and
``articles.jsonl`` of a completed one), replays every input whose file is
unchanged, and converts only the rest.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from articlekit.exporters import jsonl
from articlekit.schema import Article

JOURNAL_DIR = ".articlekit-journal"
"""The journal's folder inside the output folder."""
REPLAYING_DIR = ".articlekit-journal.replaying"
"""Where a resumed run keeps the journal it replays until the replay is committed to its own journal."""
MANIFEST_NAME = "manifest.jsonl"
"""The manifest of a completed run, inside the output folder."""
_COMMIT_EVERY = 256
"""Inputs per journal commit: a kill loses at most this much finished work."""
_SPILL_ARTICLES = 2048
"""Pending article lines written out (not yet made durable) past this count: a feed of 100,000 items is not held."""


class ResumeError(Exception):
    """The output folder holds nothing ``--resume`` can continue from."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One finished input as the manifest records it."""

    path: str
    location: str | None
    fingerprint: dict[str, Any] | None
    format: str | None
    articles: int
    converted: bool
    rejects: list[dict[str, Any]]
    duplicates: int
    items_skipped: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> str:
        """The entry as one manifest line (without the newline)."""
        # Built by hand, in field order: dataclasses.asdict deep-copies every reject and was a tenth of a
        # run's pipeline time.
        data = {
            "path": self.path,
            "location": self.location,
            "fingerprint": self.fingerprint,
            "format": self.format,
            "articles": self.articles,
            "converted": self.converted,
            "rejects": self.rejects,
            "duplicates": self.duplicates,
            "items_skipped": self.items_skipped,
        }
        return json.dumps(data, ensure_ascii=False)


class Journal:
    """Appends finished inputs to the journal folder, committing every few hundred inputs."""

    def __init__(self, out_dir: Path) -> None:
        self.folder = out_dir / JOURNAL_DIR
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self._articles: TextIO = (self.folder / "articles.jsonl").open("w", encoding="utf-8", newline="\n")
        self._manifest: TextIO = (self.folder / MANIFEST_NAME).open("w", encoding="utf-8", newline="\n")
        self._pending_articles: list[str] = []
        self._pending_entries: list[str] = []

    def record(self, entry: Entry, articles: Iterable[Article]) -> None:
        """Add one finished input; written to disk at the next commit."""
        for article in articles:
            self.add_article(article.model_dump_json())
        self.add_entry(entry)

    def add_article(self, line: str) -> None:
        """Add the JSON line of one article of the input being finished (``Article.model_dump_json()``).

        Lines past a few thousand are written out at once, so that a source of many articles is
        not held; they become durable at the next commit, before the manifest line that counts them.
        """
        self._pending_articles.append(line)
        if len(self._pending_articles) >= _SPILL_ARTICLES:
            self._articles.write("\n".join(self._pending_articles) + "\n")
            self._pending_articles.clear()

    def add_entry(self, entry: Entry) -> None:
        """Close one finished input whose articles were added by :meth:`add_article`."""
        self._pending_entries.append(entry.to_json())
        if len(self._pending_entries) >= _COMMIT_EVERY:
            self.commit()

    def commit(self) -> None:
        """Write what is pending: articles first and durably, then the manifest lines that describe them."""
        for handle, lines in (
            (self._articles, self._pending_articles),
            (self._manifest, self._pending_entries),
        ):
            if lines:
                handle.write("\n".join(lines) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
            lines.clear()

    def finish(self, out_dir: Path) -> None:
        """Complete a committed journal: its manifest becomes ``DIR/manifest.jsonl`` and the folder goes."""
        self.close()
        os.replace(self.folder / MANIFEST_NAME, out_dir / MANIFEST_NAME)
        shutil.rmtree(self.folder, ignore_errors=True)

    def close(self) -> None:
        """Close the files (again: a no-op), leaving what was committed for a later ``--resume``."""
        self._articles.close()
        self._manifest.close()


@dataclass
class Previous:
    """What an earlier run finished: its manifest entries and, in the same order, its articles."""

    entries: list[Entry]
    articles_path: Path

    def articles(self) -> Iterator[Article]:
        """Stream the earlier run's articles (validated), in manifest order."""
        yield from jsonl.read(self.articles_path)


def set_aside(previous: Previous, out_dir: Path) -> Previous:
    """Move a killed run's journal out of the way of the new one; returns where it now is."""
    source = previous.articles_path.parent
    if source.name != JOURNAL_DIR:
        return previous
    target = out_dir / REPLAYING_DIR
    shutil.rmtree(target, ignore_errors=True)
    source.rename(target)
    return Previous(previous.entries, target / previous.articles_path.name)


def replay_committed(out_dir: Path) -> None:
    """The new journal now holds everything replayed: drop the old one."""
    shutil.rmtree(out_dir / REPLAYING_DIR, ignore_errors=True)


def load_previous(out_dir: Path) -> Previous:
    """Find what an earlier run in ``out_dir`` finished.

    The journal of a killed run is preferred; otherwise the manifest and
    ``articles.jsonl`` of a completed run.

    Raises:
        ResumeError: Neither is there.
    """
    for folder in (out_dir / REPLAYING_DIR, out_dir / JOURNAL_DIR):
        # A run killed while replaying left the complete old journal in REPLAYING_DIR.
        if (folder / MANIFEST_NAME).exists():
            return Previous(_read_entries(folder / MANIFEST_NAME), folder / "articles.jsonl")
    if (out_dir / MANIFEST_NAME).exists():
        if not (out_dir / jsonl.DEFAULT_NAME).exists():
            raise ResumeError(f"{out_dir}: the earlier run wrote no {jsonl.DEFAULT_NAME} to resume from")
        return Previous(_read_entries(out_dir / MANIFEST_NAME), out_dir / jsonl.DEFAULT_NAME)
    raise ResumeError(f"{out_dir}: no earlier run to resume (no {JOURNAL_DIR}/ and no {MANIFEST_NAME})")


def _read_entries(path: Path) -> list[Entry]:
    entries = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                entries.append(Entry(**json.loads(line)))
            except (ValueError, TypeError):
                break  # a line cut by the kill: nothing after it was committed
    return entries
