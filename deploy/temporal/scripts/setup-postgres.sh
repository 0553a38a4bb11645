#!/bin/sh
# One-shot schema setup for Temporal on PostgreSQL, run in the temporalio/admin-tools image (which
# ships temporal-sql-tool and the schema files under /etc/temporal/schema). Same steps as Temporal's
# own compose setup (temporalio/samples-server compose/scripts/setup-postgres.sh). Idempotent:
# `create` ignores an existing database, `setup-schema -v 0.0` only creates the version tables if
# missing, and `update-schema` applies just the versions not yet applied — so it also upgrades the
# schema when the image tags are bumped.
# Connection from the environment: SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD.
set -eu

: "${SQL_PLUGIN:=postgres12}"
: "${SQL_HOST:?SQL_HOST is required}"
: "${SQL_PORT:=5432}"
: "${SQL_USER:?SQL_USER is required}"
: "${SQL_PASSWORD:?SQL_PASSWORD is required}"
export SQL_PLUGIN SQL_HOST SQL_PORT SQL_USER SQL_PASSWORD

DBNAME=${DBNAME:-temporal}
VISIBILITY_DBNAME=${VISIBILITY_DBNAME:-temporal_visibility}
SCHEMA_DIR=${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}

echo "Waiting for PostgreSQL at $SQL_HOST:$SQL_PORT..."
attempt=1
until nc -z -w 5 "$SQL_HOST" "$SQL_PORT"; do
  if [ "$attempt" -ge 30 ]; then
    echo "PostgreSQL did not accept connections" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

echo "Setting up database '$DBNAME'"
temporal-sql-tool --db "$DBNAME" create
temporal-sql-tool --db "$DBNAME" setup-schema -v 0.0
temporal-sql-tool --db "$DBNAME" update-schema -d "$SCHEMA_DIR/temporal/versioned"

echo "Setting up database '$VISIBILITY_DBNAME'"
temporal-sql-tool --db "$VISIBILITY_DBNAME" create
temporal-sql-tool --db "$VISIBILITY_DBNAME" setup-schema -v 0.0
temporal-sql-tool --db "$VISIBILITY_DBNAME" update-schema -d "$SCHEMA_DIR/visibility/versioned"

echo "Temporal schema is up to date"
