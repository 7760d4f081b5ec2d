#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL server on loopback for the hub's tests.
# PostgreSQL refuses to run as root, so the server runs as the `postgres` system user
# on a temporary data directory. Prints the database URL on stdout when started.
#   scripts/postgres.sh start   -> postgresql+psycopg://banshi@127.0.0.1:PORT/banshi
#   scripts/postgres.sh stop
set -euo pipefail

STATE_DIR="${PG_STATE_DIR:-/tmp/banshi-test-postgres}"
PORT="${PG_PORT:-55432}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"

run_as_postgres() {
  if [ "$(id -un)" = "postgres" ]; then "$@"; elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

start() {
  [ -n "$BIN" ] || { echo "PostgreSQL server binaries not found; run scripts/install-system-packages.sh" >&2; exit 1; }
  if [ -f "$STATE_DIR/data/postmaster.pid" ] && run_as_postgres "$BIN/pg_ctl" -D "$STATE_DIR/data" status >/dev/null 2>&1; then
    echo "postgresql+psycopg://banshi@127.0.0.1:$PORT/banshi"
    return
  fi
  rm -rf "$STATE_DIR"
  mkdir -p "$STATE_DIR"
  chown postgres: "$STATE_DIR" 2>/dev/null || true
  run_as_postgres "$BIN/initdb" -D "$STATE_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$STATE_DIR/initdb.log" 2>&1 \
    || { cat "$STATE_DIR/initdb.log" >&2; exit 1; }
  run_as_postgres "$BIN/pg_ctl" -D "$STATE_DIR/data" -l "$STATE_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $STATE_DIR -c fsync=${PG_FSYNC:-off} -c max_connections=300" start >/dev/null \
    || { cat "$STATE_DIR/server.log" >&2; exit 1; }
  run_as_postgres "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -q -c "CREATE ROLE banshi LOGIN SUPERUSER" >/dev/null
  run_as_postgres "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -q -c "CREATE DATABASE banshi OWNER banshi" >/dev/null
  echo "postgresql+psycopg://banshi@127.0.0.1:$PORT/banshi"
}

stop() {
  if [ -d "$STATE_DIR/data" ]; then
    run_as_postgres "$BIN/pg_ctl" -D "$STATE_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$STATE_DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
