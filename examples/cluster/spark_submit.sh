#!/usr/bin/env bash
# Build the articlekit wheel, install it with its spark extra into a virtual environment, and run
# spark_convert.py with spark-submit. MASTER defaults to local[2]; on a cluster, see docs/cluster.md.
#
#   examples/cluster/spark_submit.sh seeds -o /tmp/articlekit-spark
#   MASTER=spark://host:7077 examples/cluster/spark_submit.sh /shared/scrapes -o /shared/out
set -euo pipefail
cd "$(dirname "$0")/../.."
MASTER="${MASTER:-local[2]}"
ENV="${ENV:-build/spark-env}"
case "$ENV" in /*) ;; *) ENV="$PWD/$ENV" ;; esac  # the executors are given its python by absolute path
python3 -m venv "$ENV"
"$ENV/bin/pip" install --quiet build
"$ENV/bin/python" -m build --wheel --outdir dist . >/dev/null
wheel=$(ls -t dist/articlekit-*.whl | head -n 1)
"$ENV/bin/pip" install --quiet "${wheel}[spark]"
"$ENV/bin/pip" install --quiet --force-reinstall --no-deps "$wheel"  # a rebuilt wheel of the same version too
# The executors' Python: the environment's own, where the wheel is installed (the same path on every node).
export PYSPARK_PYTHON="$ENV/bin/python"
# Run from the checkout, Python would put it first on sys.path, and its articlekit/ folder is not the package:
# PYTHONSAFEPATH keeps the installed wheel first, in the driver and in every executor.
export PYTHONSAFEPATH=1
"$ENV/bin/spark-submit" --master "$MASTER" --conf spark.executorEnv.PYTHONSAFEPATH=1 \
  examples/cluster/spark_convert.py "$@"
