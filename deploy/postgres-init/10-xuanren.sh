#!/bin/sh
# Runs once, when the postgres image initialises an empty data directory (docker-entrypoint-initdb.d).
# The superuser (POSTGRES_USER) is Temporal's: temporal-sql-tool creates the `temporal` and
# `temporal_visibility` databases with it. xuanren gets its own non-superuser role and database.
set -eu

XUANREN_DB_USER=${XUANREN_DB_USER:-xuanren}
XUANREN_DB_PASSWORD=${XUANREN_DB_PASSWORD:-xuanren}
XUANREN_DB_NAME=${XUANREN_DB_NAME:-xuanren}

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v user="$XUANREN_DB_USER" -v password="$XUANREN_DB_PASSWORD" -v db="$XUANREN_DB_NAME" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL
echo "created role and database for xuanren"
