#!/usr/bin/env bash
# The whole test run: system and npm packages, a throwaway PostgreSQL, lint, types, tests.
# `make test` calls this after installing the Python packages into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

scripts/ensure-system-packages.sh
scripts/ensure-test-oidc.sh

pgdir=$(mktemp -d /tmp/coffeechat-pg.XXXXXX)
cleanup() { scripts/postgres.sh stop "$pgdir"; }
trap cleanup EXIT
if url=$(scripts/postgres.sh start "$pgdir"); then
  export COFFEECHAT_TEST_POSTGRES_URL="$url"
  echo "PostgreSQL for tests: $url"
else
  echo "PostgreSQL could not be started; its tests will skip (and fail in CI)." >&2
fi

echo "== ruff"
$BIN/ruff check .
echo "== mypy"
# What mypy checks (the core, wizard/, pages/ and app.py) is listed in pyproject.toml.
$BIN/mypy
echo "== pytest"
$BIN/pytest "$@"
