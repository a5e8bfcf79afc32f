"""Output-format exporters (installed as ``articlekit.exporters``).

One module per format, each with a streaming, atomic writer and a validating
reader (see :class:`Exporter`), registered by name in :data:`EXPORTERS`:
``jsonl`` (``.jsonl``, ``.jsonl.gz``), ``parquet`` (``.parquet``, a file or a
Hive-partitioned dataset folder) and ``csv`` (a bundle folder with a
``datapackage.json``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

from articlekit.schema import Article

from . import csv_bundle, jsonl, parquet
from ._base import ReadError


class Writer(Protocol):
    """An open, atomic output: records go to a temporary path until :meth:`commit` renames it into place."""

    def write(self, record: Article) -> None:
        """Append one record."""
        ...

    def commit(self) -> None:
        """Complete the output and rename it into place."""
        ...

    def abort(self) -> None:
        """Remove the temporary output; the destination stays as it was."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


class Exporter(Protocol):
    """An output format: a module with these names."""

    @property
    def NAME(self) -> str:
        """Registry name, e.g. ``parquet``."""
        ...

    @property
    def EXTENSIONS(self) -> tuple[str, ...]:
        """File name endings that select the format (empty for folder formats)."""
        ...

    @property
    def DEFAULT_NAME(self) -> str:
        """File or folder name of the output inside an output folder."""
        ...

    def open_writer(self, dest: Path, *args: Any, **options: Any) -> Writer:
        """Open an atomic writer on ``dest`` with the format's options."""
        ...

    def write(self, records: Iterable[Article], dest: Path, *args: Any, **options: Any) -> int:
        """Write every record to ``dest`` atomically; return how many."""
        ...

    def read(self, path: Path) -> Iterator[Article]:
        """Stream the validated records of ``path``."""
        ...


EXPORTERS: dict[str, Exporter] = {module.NAME: module for module in (jsonl, parquet, csv_bundle)}
"""Every exporter by name, in the order ``convert`` writes them by default."""


class UnknownFormatError(ValueError):
    """No exporter matches a name or a path."""


def exporter_by_name(name: str) -> Exporter:
    """Return the exporter registered as ``name`` (``jsonl``, ``parquet`` or ``csv``).

    Raises:
        UnknownFormatError: No exporter has that name.
    """
    try:
        return EXPORTERS[name]
    except KeyError:
        known = ", ".join(EXPORTERS)
        raise UnknownFormatError(f"unknown output format {name!r}; choose from {known}") from None


def exporter_for_path(path: str | Path) -> Exporter:
    """Return the exporter a path's name (or, for a folder, its content) selects.

    ``datapackage.json``, or a folder holding one, is a CSV bundle; otherwise
    the longest matching name ending decides (``x.jsonl.gz`` is JSONL); a
    folder holding ``.parquet`` files is a Parquet dataset.

    Raises:
        UnknownFormatError: Nothing about the path names a format.
    """
    path = Path(path)
    if path.name == csv_bundle.DESCRIPTOR_NAME or (path / csv_bundle.DESCRIPTOR_NAME).is_file():
        return csv_bundle
    name = path.name.lower()
    matches = [
        (len(extension), exporter)
        for exporter in EXPORTERS.values()
        for extension in exporter.EXTENSIONS
        if name.endswith(extension)
    ]
    if matches:
        return max(matches, key=lambda match: match[0])[1]
    if path.is_dir() and parquet.dataset_files(path):
        return parquet
    raise UnknownFormatError(f"cannot tell the format of {path} from its name")


__all__ = [
    "EXPORTERS",
    "Exporter",
    "ReadError",
    "UnknownFormatError",
    "Writer",
    "exporter_by_name",
    "exporter_for_path",
]
