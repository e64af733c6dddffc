#!/bin/sh
# First start of the database container only: the app's own role and its database.
# The app connects as "coffeechat", an ordinary role (no superuser, no BYPASSRLS) that
# owns the database, so it can run its migrations and nothing more.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v app_password="$APP_DB_PASSWORD" <<'SQL'
CREATE ROLE coffeechat LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS
  PASSWORD :'app_password';
CREATE DATABASE coffeechat OWNER coffeechat;
REVOKE ALL ON DATABASE coffeechat FROM PUBLIC;
SQL
