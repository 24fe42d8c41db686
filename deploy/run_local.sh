#!/usr/bin/env bash
# Start N Streamlit replicas of the app and HAProxy in front of them, all on 127.0.0.1.
#
#   deploy/run_local.sh                    # 2 replicas on 8501, 8502; the class uses :8080
#   PROXY_PORT=9000 REPLICA_PORTS="9501 9502" APP=asgi.py deploy/run_local.sh
#
# deploy/haproxy.cfg names two replicas (REPLICA1_ADDR, REPLICA2_ADDR): for more, add a
# "server" line there per replica. Ctrl-C (or SIGTERM) stops the proxy and the replicas this
# script started. The replicas share one cookie secret (STREAMLIT_SERVER_COOKIE_SECRET, random
# unless set) so that a student moved to another replica after a failure keeps a valid XSRF
# cookie for uploads.
set -euo pipefail
cd "$(dirname "$0")/.."

APP="${APP:-asgi.py}"
PROXY_PORT="${PROXY_PORT:-8080}"
REPLICA_PORTS="${REPLICA_PORTS:-8501 8502}"
PYTHON="${PYTHON:-.venv/bin/python}"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
# Streamlit's gc.collect() after every script run costs ~40 ms of CPU per rerun and per fragment
# tick of every student: off (Python's own collector still runs).
export STREAMLIT_RUNNER_POST_SCRIPT_GC=false
# One training at a time a replica: the trainings of one process share its interpreter lock (two
# at once train fewer iterations a second than one); the replicas use the cores.
export CLASSROOM_SLOTS=1
STREAMLIT_SERVER_COOKIE_SECRET="${STREAMLIT_SERVER_COOKIE_SECRET:-$(
  "$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')}"
export STREAMLIT_SERVER_COOKIE_SECRET

if ! command -v haproxy >/dev/null; then
  echo "haproxy is not installed (Debian: apt-get install haproxy)" >&2
  exit 2
fi

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT INT TERM

i=0
for port in $REPLICA_PORTS; do
  i=$((i + 1))
  REPLICA="app$i" "$PYTHON" -m streamlit run "$APP" --server.address 127.0.0.1 \
    --server.port "$port" --server.headless true --server.fileWatcherType none &
  pids+=($!)
  export "REPLICA${i}_ADDR=127.0.0.1:$port"
done
for port in $REPLICA_PORTS; do
  "$PYTHON" -c "import sys; sys.path.insert(0, '.'); from loadtest.server import wait_healthy
wait_healthy('http://127.0.0.1:$port/_stcore/health', 120)"
done

export PROXY_BIND="127.0.0.1:$PROXY_PORT"
haproxy -db -f deploy/haproxy.cfg &
pids+=($!)
echo "proxy on http://$PROXY_BIND -> replicas on $REPLICA_PORTS" >&2
wait -n "${pids[@]}"
