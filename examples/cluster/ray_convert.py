"""Convert SOURCES into OUTPUT on the Ray cluster this job runs on; see docs/cluster.md.

Usage: ray job submit --working-dir examples/cluster -- python ray_convert.py /shared/scrapes -o /shared/out
"""

from __future__ import annotations

import argparse
import sys

from articlekit import ray as articlekit_ray


def main() -> int:
    """Convert, print the counts, exit 1 when some sources were rejected."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sources", nargs="+", help="files and folders every Ray worker can read")
    parser.add_argument("-o", "--output", required=True, help="the output folder, on the driver")
    parser.add_argument("--address", default="auto", help="the Ray cluster (default: auto, the one this job is in)")
    parser.add_argument("--partition-by", choices=["year", "month", "source"])
    args = parser.parse_args()
    summary = articlekit_ray.convert(
        args.sources,
        args.output,
        to=("parquet", "jsonl"),
        partition_by=args.partition_by,
        options={"ray.address": args.address},
    )
    print(f"{summary.inputs} sources: {summary.converted} converted into {summary.articles} articles, "
          f"{summary.rejected} rejected {dict(sorted(summary.rejects_by_code.items()))}")  # fmt: skip
    return 1 if summary.rejected else 0


if __name__ == "__main__":
    sys.exit(main())
