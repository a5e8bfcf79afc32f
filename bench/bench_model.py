"""Time the record model's validation on the seeds' golden records: print µs per record, never assert.

Usage::

    .venv/bin/python bench/bench_model.py
    git show d354a78:schema/model.py > /tmp/model_before.py
    .venv/bin/python bench/bench_model.py --compare /tmp/model_before.py   # and another model file, same run

Every converter ends in ``Article.model_validate`` and ``articlekit validate`` runs it on every
record, so its cost is paid once per record everywhere. The figure is CPU time of this process
(``time.process_time``) per validation, best of ``--repeat`` loops of ``--number`` validations,
for each golden record in ``seeds/`` (the machine is shared: CPU time is what other busy
processes disturb least). With ``--compare``, the other model file is loaded as a module of
its own and timed in turn in the same loops, so the two figures share the machine's state.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

from articlekit.schema import Article

ROOT = Path(__file__).resolve().parent.parent


def load_model(path: Path) -> Any:
    """The ``Article`` class of a model file loaded as a module of its own."""
    spec = importlib.util.spec_from_file_location("bench_model_compared", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.Article


def best_microseconds(model: Any, record: dict[str, Any], number: int, repeat: int) -> float:
    """Best CPU µs per validation over ``repeat`` loops of ``number`` validations."""
    model.model_validate(record)  # warm up
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(number):
            model.model_validate(record)
        best = min(best, (time.process_time() - start) / number)
    return best * 1e6


def main() -> None:
    """Parse options, validate each golden record many times, print µs per record."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--compare", type=Path, help="another model file (schema/model.py of an older commit)")
    parser.add_argument("--number", type=int, default=2000, help="validations per timed loop")
    parser.add_argument("--repeat", type=int, default=5, help="timed loops; the best is printed")
    options = parser.parse_args()
    models = {"this tree": Article}
    if options.compare is not None:
        models[str(options.compare)] = load_model(options.compare)
    for golden in sorted((ROOT / "seeds").glob("*.expected.json")):
        record = json.loads(golden.read_text(encoding="utf-8"))
        shape = f"{len(record['blocks'])} blocks, {len(record['text']):,} characters"
        figures = ", ".join(
            f"{label} {best_microseconds(model, record, options.number, options.repeat):,.1f} µs"
            for label, model in models.items()
        )
        print(f"{golden.name} ({shape}): {figures}")


if __name__ == "__main__":
    main()
