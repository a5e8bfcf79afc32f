#!/usr/bin/env bash
# Build the articlekit wheel and submit ray_convert.py as a Ray job that installs it on every worker.
# RAY_ADDRESS is the cluster's job server (default: a local head started here with 2 CPUs).
#
#   examples/cluster/ray_job_submit.sh "$PWD/seeds" -o /tmp/articlekit-ray
#   RAY_ADDRESS=http://head:8265 examples/cluster/ray_job_submit.sh /shared/scrapes -o /shared/out
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -m pip install --quiet build 'ray[default]>=2.50'
python3 -m build --wheel --outdir examples/cluster/dist . >/dev/null
wheel=$(cd examples/cluster && ls -t dist/articlekit-*.whl | head -n 1)
if [ -z "${RAY_ADDRESS:-}" ]; then
  ray start --head --num-cpus 2 --disable-usage-stats >/dev/null
  trap 'ray stop >/dev/null' EXIT
  export RAY_ADDRESS=http://127.0.0.1:8265
fi
# The wheel travels in the working dir; the runtime env installs it (with its ray extra) for the job.
ray job submit --working-dir examples/cluster \
  --runtime-env-json "{\"pip\": [\"./${wheel}[ray]\"]}" \
  -- python ray_convert.py "$@"
