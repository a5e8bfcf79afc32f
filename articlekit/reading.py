"""Read Article records back from any format articlekit writes (``articlekit.read``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from articlekit.exporters import (
    Exporter,
    UnknownFormatError,
    csv_bundle,
    exporter_by_name,
    exporter_for_path,
    jsonl,
    parquet,
)
from articlekit.schema import Article

_PARQUET_MAGIC = b"PAR1"
_GZIP_MAGIC = b"\x1f\x8b"
_BOM = b"\xef\xbb\xbf"
_SNIFF_BYTES = 1 << 16
_DESCRIPTOR_LIMIT = 16 << 20  # a Data Package descriptor larger than this is not one articlekit wrote


def read(path: str | Path, format: str | None = None) -> Iterator[Article]:
    """Stream validated records from a JSONL, Parquet or CSV-bundle output.

    Args:
        path: A ``.jsonl`` / ``.jsonl.gz`` file, a ``.parquet`` file or dataset
            folder, or a CSV bundle folder (or its ``datapackage.json``).
        format: ``jsonl``, ``parquet`` or ``csv`` to skip detection. Otherwise
            the format comes from the name (see
            :func:`articlekit.exporters.exporter_for_path`) and, when the name
            says nothing, from the first bytes of the content.

    Returns:
        An iterator over the records; nothing is read before the first ``next``.

    Raises:
        UnknownFormatError: The format cannot be told.
        ReadError: While iterating, when the content is not valid records.
    """
    path = Path(path)
    exporter = exporter_by_name(format) if format is not None else detect_format(path)
    return exporter.read(path)


def detect_format(path: Path) -> Exporter:
    """Return the exporter whose reader fits ``path``: by name first, then by content.

    Raises:
        UnknownFormatError: Neither the name nor the content tells the format.
    """
    try:
        return exporter_for_path(path)
    except UnknownFormatError:
        if not path.is_file():
            raise
    with open(path, "rb") as stream:
        head = stream.read(_SNIFF_BYTES)
    if head.startswith(_PARQUET_MAGIC):
        return parquet
    if head.startswith(_GZIP_MAGIC):
        return jsonl
    text = head.removeprefix(_BOM).lstrip()
    if text.startswith(b"{"):
        return csv_bundle if _is_descriptor(path, text) else jsonl
    raise UnknownFormatError(f"cannot tell the format of {path} from its name or content")


def _is_descriptor(path: Path, head: bytes) -> bool:
    # A JSONL file's first line is one whole record; a Data Package descriptor is one JSON
    # object with "resources", usually spread over many lines.
    first_line = head.split(b"\n", 1)[0]
    try:
        record = json.loads(first_line)
    except ValueError:
        if path.stat().st_size > _DESCRIPTOR_LIMIT:
            return False
        try:
            document = json.loads(path.read_bytes().removeprefix(_BOM))
        except ValueError:
            return False
        return isinstance(document, dict) and "resources" in document
    return isinstance(record, dict) and "resources" in record
