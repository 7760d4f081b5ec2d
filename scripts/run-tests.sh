#!/usr/bin/env bash
# The whole suite: architecture contracts, then pytest (offscreen Qt, a real hub on loopback).
# --soak runs the long harnesses (crash points, network faults) at their full counts.
set -euo pipefail
cd "$(dirname "$0")/.."

export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
if [ "${1:-}" = "--soak" ]; then
  export SOAK=1
  shift
fi

echo "== PostgreSQL on loopback for the hub's tests"
POSTGRES_TEST_URL="$(bash scripts/postgres.sh start)"
export POSTGRES_TEST_URL
trap 'bash scripts/postgres.sh stop' EXIT
echo "$POSTGRES_TEST_URL"

echo "== architecture contracts (import-linter)"
.venv/bin/lint-imports

echo "== pytest"
.venv/bin/python -m pytest -p no:cacheprovider --durations=25 "$@"
