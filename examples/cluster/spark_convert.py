"""Convert SOURCES into OUTPUT on the Spark cluster that spark-submit names; see docs/cluster.md.

Usage: spark-submit --master spark://host:7077 spark_convert.py /shared/scrapes -o /shared/out
"""

from __future__ import annotations

import argparse
import sys

from pyspark.sql import SparkSession

from articlekit import spark as articlekit_spark


def main() -> int:
    """Convert, print the counts, exit 1 when some sources were rejected."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sources", nargs="+", help="files and folders every executor can read")
    parser.add_argument("-o", "--output", required=True, help="the output folder, on the driver")
    parser.add_argument("--partition-by", choices=["year", "month", "source"])
    args = parser.parse_args()
    session = SparkSession.builder.appName("articlekit").getOrCreate()
    summary = articlekit_spark.convert(
        session, args.sources, args.output, to=("parquet", "jsonl"), partition_by=args.partition_by
    )
    print(f"{summary.inputs} sources: {summary.converted} converted into {summary.articles} articles, "
          f"{summary.rejected} rejected {dict(sorted(summary.rejects_by_code.items()))}")  # fmt: skip
    return 1 if summary.rejected else 0


if __name__ == "__main__":
    sys.exit(main())
