"""Benchmark the front-matter Markdown converter (``hugo-markdown``): print µs per document, never assert.

Usage::

    .venv/bin/python bench/bench_front_matter.py                 # this tree
    .venv/bin/python bench/bench_front_matter.py --tree /tmp/old # another checkout of the project, same way
    .venv/bin/python bench/bench_front_matter.py --breakdown     # and the µs of each stage of the converter

Documents: seed 004 (a Hugo post, Markdown body, about 5 KB) and a
WordPress export whose body is HTML pasted under the front matter (a real
fixture, tests/fixtures/hugo-markdown/, about 4 KB). Each is converted ``--number`` times in a loop;
the figure is CPU time of this process (``time.process_time``) per document,
best and median of ``--repeat`` loops, because the machine is shared and CPU
time is what other busy processes disturb least.

``--tree`` imports ``articlekit`` from another checkout (e.g. ``git worktree add
/tmp/before <commit>``) by laying the project's folders out as the installed
package in a temporary directory, so one script measures before and after.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = {
    "seed-004 (Hugo, Markdown body)": ROOT / "seeds" / "004_14e5ebb0833022ae.txt",
    "WordPress export, HTML body": ROOT
    / "tests"
    / "fixtures"
    / "hugo-markdown"
    / "2014-08-13-emc-hybrid-cloud-solution-vmware.md",
}
_SUBPACKAGES = ("schema", "converters", "exporters", "seeds")


def _import_from(tree: Path) -> None:
    """Put a package built from ``tree``'s folders (as setuptools maps them) first on sys.path."""
    staging = Path(tempfile.mkdtemp(prefix="articlekit-tree-"))
    package = staging / "articlekit"
    package.mkdir()
    for item in (tree / "articlekit").iterdir():
        (package / item.name).symlink_to(item)
    for name in _SUBPACKAGES:
        (package / name).symlink_to(tree / name)
    sys.path.insert(0, str(staging))


def main() -> None:
    """Parse options, convert each document many times, print µs/doc."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tree", type=Path, help="measure the project checkout at this path instead")
    parser.add_argument("--number", type=int, default=300, help="conversions per timed loop")
    parser.add_argument("--repeat", type=int, default=5, help="timed loops; best and median are printed")
    parser.add_argument(
        "--breakdown", action="store_true", help="also print the CPU µs per document spent in each stage"
    )
    options = parser.parse_args()
    if options.tree is not None:
        _import_from(options.tree.resolve())

    from articlekit.converters import Source, hugo_markdown
    from articlekit.errors import ConversionError

    print(f"articlekit from {Path(hugo_markdown.__file__).resolve().parent.parent}")
    for label, path in DOCUMENTS.items():
        if not path.exists():
            print(f"{label}: {path} missing, skipped")
            continue
        source = Source(path=path.name, data=path.read_bytes(), text=path.read_text(encoding="utf-8"))
        try:
            list(hugo_markdown.convert(source))  # warm caches (parser options, zone data)
        except ConversionError as error:  # an older tree may not read this family member at all
            print(f"{label}: rejected [{error.code}] by this tree, not timed")
            continue
        loops = []
        for _ in range(options.repeat):
            start = time.process_time()
            for _ in range(options.number):
                list(hugo_markdown.convert(source))
            loops.append((time.process_time() - start) / options.number * 1e6)
        print(
            f"{label} ({len(source.data):,} bytes): best {min(loops):,.0f} µs/doc, "
            f"median {statistics.median(loops):,.0f} µs/doc over {options.repeat}×{options.number}"
        )
        if options.breakdown:
            for stage, micros in _stage_times(hugo_markdown, source, options.number).items():
                print(f"    {stage:20} {micros:6,.0f} µs/doc")


_STAGES = ("read_front_matter", "render_markdown", "read_html_blocks", "_judge_blocks", "build_article")


def _stage_times(module: Any, source: Any, number: int) -> dict[str, float]:
    """CPU µs per document in each stage of the converter, by wrapping the module's names for one loop.

    The wrappers cost a little themselves, so the stages add up to slightly more than a plain loop.
    """
    spent = dict.fromkeys(_STAGES, 0.0)
    originals = {name: getattr(module, name) for name in _STAGES}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - start

        return wrapper

    try:
        for name, function in originals.items():
            setattr(module, name, timed(name, function))
        for _ in range(number):
            list(module.convert(source))
    finally:
        for name, function in originals.items():
            setattr(module, name, function)
    return {name: seconds / number * 1e6 for name, seconds in spent.items()}


if __name__ == "__main__":
    main()
