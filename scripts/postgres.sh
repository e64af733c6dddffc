#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster for the tests.
#   scripts/postgres.sh start DIR      -> prints the URL to use; the server runs from DIR
#   scripts/postgres.sh admin-url DIR  -> prints the superuser's URL (for the few tests
#                                         and set-up steps that need one)
#   scripts/postgres.sh stop DIR
# The printed URL is the app's role, as in production (deploy/ROLES.md): 'coffeechat',
# an ordinary role (not a superuser, no BYPASSRLS) that owns the database 'coffeechat'.
# It may create databases, so that each test gets a fresh one it owns, and drop them
# while autovacuum works on them (pg_signal_backend).
# PostgreSQL refuses to run as root, so as root the cluster belongs to the
# 'postgres' user that Debian's package creates.
set -euo pipefail
action=${1:?start or stop}
dir=${2:?data directory}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [ -z "$bindir" ]; then
  echo "PostgreSQL is not installed." >&2
  exit 3
fi
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
      --locale=C.UTF-8 >/dev/null
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    as_owner "$bindir/psql" -q -h "$dir" -p "$port" -U postgres -d postgres \
      -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
CREATE ROLE coffeechat LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB NOCREATEROLE;
CREATE DATABASE coffeechat OWNER coffeechat;
-- The tests drop their databases WITH (FORCE), which must stop autovacuum too.
GRANT pg_signal_backend TO coffeechat;
SQL
    echo "$port" > "$dir/port"
    echo "postgresql+psycopg://coffeechat@127.0.0.1:$port/coffeechat"
    ;;
  admin-url)
    echo "postgresql+psycopg://postgres@127.0.0.1:$(cat "$dir/port")/postgres"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|admin-url|stop DIR" >&2
    exit 2
    ;;
esac
