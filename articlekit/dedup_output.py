"""``articlekit dedup``: drop near-duplicate articles from an output articlekit wrote.

The input is one output (a JSONL file, a Parquet file or dataset folder, a
CSV bundle) or a whole ``convert`` output folder. Records are read once, in
order, by the exporters' readers, checked against a
:class:`~articlekit.dedup.NearDuplicateIndex`, and the kept ones are streamed
to the same format(s) in the destination folder, beside ``rejects.jsonl`` (one
``near-duplicate`` row per dropped article, shaped like convert's) and
``summary.json``. Every file appears only complete.
"""

from __future__ import annotations

import argparse
import json
import time
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from articlekit import __version__
from articlekit.cli_options import add_dedup_options, add_output_folder, add_quiet
from articlekit.dedup import DEFAULT_THRESHOLD, SHINGLE_SIZE, NearDuplicateIndex
from articlekit.exporters import EXPORTERS, Exporter, ReadError, UnknownFormatError, csv_bundle
from articlekit.pipeline import Reject, _atomic_text
from articlekit.reading import detect_format


@dataclass
class DedupSummary:
    """Counts for one dedup run; ``articles == kept + near_duplicates`` always holds."""

    input: str
    format: str
    articles: int = 0
    kept: int = 0
    near_duplicates: int = 0
    threshold: float = DEFAULT_THRESHOLD
    shingle_size: int = SHINGLE_SIZE
    fold_script: bool = False
    outputs: dict[str, str] = field(default_factory=dict)
    elapsed_seconds: float = 0.0

    def to_json(self) -> str:
        """The summary as written to ``summary.json``."""
        data: dict[str, Any] = {"articlekit_version": __version__, **asdict(self)}
        data["elapsed_seconds"] = round(self.elapsed_seconds, 3)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def locate_outputs(path: Path) -> tuple[Path, list[Exporter]]:
    """Return what to read and the formats to write for ``path``.

    A ``convert`` output folder (one holding ``articles.jsonl``, ``articles.parquet``
    or ``articles.csv``) is read from its first output in that order and written
    to all of them; anything else is one output, read and written in its own format.

    Raises:
        UnknownFormatError: ``path`` is neither.
    """
    if path.is_dir() and not (path / csv_bundle.DESCRIPTOR_NAME).is_file():  # a CSV bundle holds articles.csv
        present = [exporter for exporter in EXPORTERS.values() if (path / exporter.DEFAULT_NAME).exists()]
        if present:
            return path / present[0].DEFAULT_NAME, present
    return path, [detect_format(path)]


def run_dedup(
    source: Path, out_dir: Path, *, threshold: float = DEFAULT_THRESHOLD, fold_script: bool = False
) -> DedupSummary:
    """Drop the near-duplicates of ``source`` and write what is kept into ``out_dir``.

    Args:
        source: An articlekit output, or a convert output folder.
        out_dir: The destination folder (created if missing); must not be ``source``'s folder.
        threshold: Estimated Jaccard similarity from which an article is a near-duplicate.
        fold_script: Fold Traditional Chinese into Simplified before comparing.

    Returns:
        The run's summary.

    Raises:
        UnknownFormatError: ``source`` is no articlekit output.
        ReadError: A record of ``source`` is not valid; nothing is written then.
        ValueError: ``out_dir`` would overwrite ``source``, or the threshold is out of range.
    """
    started = time.perf_counter()
    path, exporters = locate_outputs(source)
    if any((out_dir / exporter.DEFAULT_NAME).resolve() == path.resolve() for exporter in exporters):
        raise ValueError(f"the output folder {out_dir} would overwrite the input {path}")
    index = NearDuplicateIndex(threshold, fold_script=fold_script)
    reader = exporters[0]
    summary = DedupSummary(str(path), reader.NAME, threshold=threshold, fold_script=fold_script)
    out_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        writers = []
        for exporter in exporters:
            options = _same_layout(exporter, path if exporter is reader else source / exporter.DEFAULT_NAME)
            writers.append(stack.enter_context(exporter.open_writer(out_dir / exporter.DEFAULT_NAME, **options)))
            summary.outputs[exporter.NAME] = exporter.DEFAULT_NAME
        rejects = stack.enter_context(_atomic_text(out_dir / "rejects.jsonl"))
        for position, article in enumerate(reader.read(path), start=1):
            summary.articles += 1
            found = index.check(article.id, article.text)
            if found is None:
                summary.kept += 1
                for writer in writers:
                    writer.write(article)
                continue
            summary.near_duplicates += 1
            reject = Reject(str(path), reader.NAME, "near-duplicate", found.message(), position, article.id)
            rejects.write(json.dumps(asdict(reject), ensure_ascii=False) + "\n")
        summary.outputs["rejects"] = "rejects.jsonl"
        summary.outputs["summary"] = "summary.json"
    summary.elapsed_seconds = time.perf_counter() - started
    with _atomic_text(out_dir / "summary.json") as summary_file:
        summary_file.write(summary.to_json())
    return summary


def _same_layout(exporter: Exporter, written: Path) -> dict[str, Any]:
    """Writer options that give the output the input's layout: a partitioned Parquet dataset stays partitioned."""
    if exporter.NAME == "parquet":
        from articlekit.exporters import parquet

        key = parquet.partitioning(written)
        if key is not None:
            return {"partition_by": key}
    return {}


def add_dedup_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``dedup`` sub-command on the ``articlekit`` parser."""
    command = commands.add_parser(
        "dedup",
        help="drop near-duplicate articles from an articlekit output",
        description=(
            "Read an articlekit output (JSONL, Parquet, CSV bundle, or a convert output folder), keep the first "
            "article of every group of near-duplicates (MinHash over character shingles of the text) and write "
            "the kept records in the same format(s), rejects.jsonl (one near-duplicate row per dropped article, "
            "naming the kept id and the similarity) and summary.json into the output folder."
        ),
        epilog="Exit codes: 0 done, 2 usage error or an input that cannot be read.",
    )
    command.add_argument("input", type=Path, metavar="IN", help="an articlekit output or a convert output folder")
    add_output_folder(command, required=True)
    add_dedup_options(command)
    add_quiet(command)
    command.set_defaults(handler=_run_dedup_command)


def _run_dedup_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    try:
        summary = run_dedup(args.input, args.output, threshold=args.near_threshold, fold_script=args.fold_script)
    except (OSError, UnknownFormatError, ReadError, ValueError) as error:
        stderr.write(f"articlekit dedup: error: {error}\n")
        return 2
    if not args.quiet:
        stdout.write(
            f"{summary.articles} articles: {summary.kept} kept, {summary.near_duplicates} near-duplicates "
            f"(threshold {summary.threshold}); wrote {args.output}/\n"
        )
    return 0
