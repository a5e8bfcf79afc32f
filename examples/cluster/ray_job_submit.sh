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
  # Ray turns token authentication on for a local head whenever ~/.ray/auth_token exists, and the job
  # client sends the token only when RAY_AUTH_MODE says so: use a token, made here if there is none.
  export RAY_AUTH_MODE=token
  ray get-auth-token --generate >/dev/null
  ray start --head --num-cpus 2 --disable-usage-stats >/dev/null
  trap 'ray stop >/dev/null' EXIT
  export RAY_ADDRESS=http://127.0.0.1:8265
fi
# The wheel travels in the working dir; the runtime env installs it (with its ray extra) for the job. pip does
# not run in the working dir: Ray replaces ${RAY_RUNTIME_ENV_CREATE_WORKING_DIR} with its path on each node.
ray job submit --working-dir examples/cluster \
  --runtime-env-json "{\"pip\": [\"\${RAY_RUNTIME_ENV_CREATE_WORKING_DIR}/${wheel}[ray]\"]}" \
  -- python ray_convert.py "$@"
