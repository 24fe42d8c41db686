#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on 127.0.0.1, in a temporary folder.
#
#   eval "$(.ci/postgres.sh start)"   # exports TEST_POSTGRES_URL and TEST_POSTGRES_DIR
#   .ci/postgres.sh stop "$TEST_POSTGRES_DIR"
#
# Debian's postgresql package (installed by .ci/run when missing); the cluster is made with
# initdb as the postgres user (PostgreSQL refuses to run as root), trust authentication on
# 127.0.0.1 only, a free port, one database "nn_test". Nothing outside the folder is touched.
set -euo pipefail

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] || { echo "PostgreSQL is not installed (Debian: apt-get install postgresql)" >&2; exit 2; }
  echo "$d"
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin=$(bindir)
    dir=$(mktemp -d /tmp/nn-test-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=100" \
      start >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres nn_test
    echo "export TEST_POSTGRES_DIR=$dir"
    echo "export TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$port/nn_test"
    ;;
  stop)
    dir="${2:?the folder printed by start}"
    case "$dir" in /tmp/nn-test-pg.*) ;; *) echo "not a test cluster: $dir" >&2; exit 2 ;; esac
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_pg "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
