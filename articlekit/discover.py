"""Finding source files: explicit files, folders walked lazily, ``.gz`` files and standard input."""

from __future__ import annotations

import fnmatch
import io
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

STDIN = "-"
"""The source name that stands for standard input."""


class MissingSourceError(Exception):
    """A path named on the command line does not exist (a usage error, not a data problem)."""


@dataclass(frozen=True, slots=True)
class Input:
    """One source to convert.

    Attributes:
        path: The path as the user will see it in records and rejects (``-`` for standard input).
        location: Where to read it from; None for standard input.
    """

    path: str
    location: Path | None


def discover(
    sources: Sequence[str], glob: str | None = None, labels: Mapping[str, str] | None = None
) -> Iterator[Input]:
    """Yield the inputs named by ``sources``, lazily and in a stable order.

    Folders are walked recursively, each folder's entries in name order, so a
    folder of a million files is never listed into memory at once. Links to
    folders are followed once: a folder already visited (a link loop) is skipped.

    Args:
        sources: Files, folders, or ``-`` for standard input.
        glob: Only files under folders whose name (or, if the pattern has a
            ``/``, relative path) matches are yielded; explicit files always are.
        labels: Display names for folders in ``sources``: files under such a
            folder are shown as ``label/relative/path`` (used for the bundled
            seeds, so records do not carry this machine's install path).

    Raises:
        MissingSourceError: A named path does not exist.
    """
    for source in sources:
        if source == STDIN:
            yield Input(STDIN, None)
            continue
        path = Path(source)
        if path.is_dir():
            yield from _walk(path, glob, (labels or {}).get(source, source))
        elif path.exists() or path.is_symlink():
            yield Input(source, path)
        else:
            raise MissingSourceError(f"{source}: no such file or folder")


def _walk(root: Path, glob: str | None, label: str) -> Iterator[Input]:
    visited: set[tuple[int, int]] = set()
    for folder, subfolders, files in os.walk(root, followlinks=True):
        try:
            status = os.stat(folder)
        except OSError:
            subfolders.clear()
            continue
        key = (status.st_dev, status.st_ino)
        if key in visited:  # a link back into a folder already walked
            subfolders.clear()
            continue
        visited.add(key)
        subfolders.sort()
        for name in sorted(files):
            full = Path(folder, name)
            relative = full.relative_to(root).as_posix()
            if glob is None or fnmatch.fnmatch(relative if "/" in glob else name, glob):
                yield Input(f"{label.rstrip('/')}/{relative}", full)


def open_without_waiting(path: Path, buffer_size: int = io.DEFAULT_BUFFER_SIZE) -> io.BufferedReader:
    """Open a file for binary reading without waiting for a FIFO's writer.

    Opening a FIFO that no process writes to blocks until one does, which
    would hang a run forever. The file is opened non-blocking, then reads are
    made blocking again: a pipe with a writer (``<(zcat a.gz)``) is read to
    its end, and one without a writer reads as empty.

    Raises:
        OSError: The file cannot be opened.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        os.set_blocking(descriptor, True)
        return io.BufferedReader(io.FileIO(descriptor, "r"), buffer_size=buffer_size)
    except BaseException:
        os.close(descriptor)
        raise
