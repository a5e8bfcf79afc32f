"""What every exporter shares: atomic output, the writer life cycle, and the reader's error.

Every writer writes into a hidden temporary file or folder next to its
destination (``.articles.parquet.1a2b3c4d.tmp``) and renames it into place on
commit. The rename is atomic on one file system, which is why the temporary
path lives in the destination's own folder rather than in the system temp
folder. Until then nothing at the destination path exists or changes, so an
interrupted run never leaves a half-written output that looks complete; a
leftover ``.tmp`` says what it is.
"""

from __future__ import annotations

import os
import secrets
import shutil
from abc import ABC, abstractmethod
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Self

from pydantic import ValidationError

from articlekit.schema import Article

TEMPORARY_SUFFIX = ".tmp"
"""Suffix of every temporary output; a path ending in it is never a finished output."""


class ReadError(ValueError):
    """A file could not be read back as valid Article records.

    Attributes:
        path: The file the problem is in.
        location: Where in the file, e.g. ``line 17`` or ``row group 0, row 3``.
        message: What was wrong.
    """

    def __init__(self, path: Path, location: str, message: str) -> None:
        super().__init__(f"{path}: {location}: {message}")
        self.path = path
        self.location = location
        self.message = message


def describe_validation_error(error: ValidationError) -> str:
    """Return the first problem of a validation error on one line, with its field path."""
    first = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "record"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def temporary_sibling(dest: Path) -> Path:
    """Return a new hidden temporary path (random suffix) in ``dest``'s folder."""
    return dest.with_name(f".{dest.name}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}")


def fsync_file(path: Path) -> None:
    """Flush a closed file's data to disk, so the rename cannot outlive the data after a power cut."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_folder(path: Path) -> None:
    # Makes the rename itself durable; not every platform lets a folder be opened.
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover - file systems that refuse fsync on folders
        pass
    finally:
        os.close(descriptor)


def remove_path(path: Path) -> None:
    """Remove a file or a folder tree if it exists."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def move_into_place(temporary: Path, dest: Path) -> None:
    """Rename a finished temporary file or folder to ``dest``, replacing what is there.

    A file replaces a file atomically. A folder cannot replace a non-empty
    folder in one rename, so an existing ``dest`` is first renamed aside, then
    the new output takes its name and the old one is removed: at every moment
    ``dest`` is either the complete old output, absent, or the complete new one.
    """
    if temporary.is_dir():
        for path in temporary.rglob("*"):
            if path.is_file():
                fsync_file(path)
    else:
        fsync_file(temporary)
    if temporary.is_dir() or dest.is_dir():
        old = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.old")
        if dest.exists() or dest.is_symlink():
            dest.rename(old)
        temporary.rename(dest)
        remove_path(old)
    else:
        os.replace(temporary, dest)
    _fsync_folder(dest.parent)


class AtomicWriter(ABC):
    """Base of every writer: the commit/abort life cycle and the context manager.

    Subclasses create their temporary output in ``__init__`` (at
    :attr:`temporary`), implement :meth:`write`, and :meth:`_finish` (flush and
    close everything, the output is then complete) and :meth:`_discard` (close
    without caring for the content).
    """

    def __init__(self, dest: Path) -> None:
        self.dest = Path(dest)
        self.temporary = temporary_sibling(self.dest)
        self.count = 0
        """How many records were written so far."""
        self._closed = False

    @abstractmethod
    def write(self, record: Article) -> None:
        """Append one record to the output."""

    @abstractmethod
    def _finish(self) -> None: ...

    @abstractmethod
    def _discard(self) -> None: ...

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError(f"the writer for {self.dest} is already committed or aborted")

    def commit(self) -> None:
        """Complete the output and rename it into place at the destination."""
        self._check_open()
        self._closed = True
        try:
            self._finish()
            move_into_place(self.temporary, self.dest)
        except BaseException:
            self._discard()
            remove_path(self.temporary)
            raise

    def abort(self) -> None:
        """Drop the output: remove the temporary file or folder and leave the destination untouched."""
        if self._closed:
            return
        self._closed = True
        try:
            self._discard()
        finally:
            remove_path(self.temporary)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def write_all(writer: AtomicWriter, records: Iterable[Article]) -> int:
    """Write every record with ``writer``, commit on success and abort on any exception.

    Returns:
        The number of records written.
    """
    with writer:
        for record in records:
            writer.write(record)
    return writer.count
