#!/bin/sh
# One-shot (compose service temporal-schema, image temporalio/admin-tools): create Temporal's two
# PostgreSQL databases if missing and bring both schemas up to the version shipped in this image.
#
# Run by both deployments: the compose service above, and deploy/native/stack.sh with the same
# variables (the native stack puts the sql tool on the PATH under this name and sets SCHEMA_ROOT to
# the schema folder of the same Temporal version's module).
#
# Idempotent: `create` ignores an existing database, `setup-schema -v 0.0` only creates the
# version tables when missing (it never lowers a recorded version), `update-schema` applies
# only the versions not yet applied. Running it again after an image upgrade IS the schema
# upgrade (Temporal supports one minor version at a time: upgrade schema, then the server).
#
# Environment: POSTGRES_SEEDS, DB_PORT, POSTGRES_USER, SQL_PASSWORD (read by temporal-sql-tool),
# DBNAME, VISIBILITY_DBNAME.
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS is required}"
: "${POSTGRES_USER:?POSTGRES_USER is required}"
: "${SQL_PASSWORD:?SQL_PASSWORD is required}"
DB_PORT="${DB_PORT:-5432}"
DBNAME="${DBNAME:-temporal}"
VISIBILITY_DBNAME="${VISIBILITY_DBNAME:-temporal_visibility}"
SCHEMA_ROOT="${SCHEMA_ROOT:-/etc/temporal/schema/postgresql/v12}"

port_open() {
  # admin-tools has nc; a host without it (the native stack) has bash's /dev/tcp
  if command -v nc >/dev/null 2>&1; then
    nc -z -w 5 "$1" "$2"
  else
    timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
  fi
}

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"
}

echo "temporal-schema: waiting for PostgreSQL at $POSTGRES_SEEDS:$DB_PORT"
attempt=0
until port_open "$POSTGRES_SEEDS" "$DB_PORT"; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "temporal-schema: PostgreSQL not reachable after $attempt attempts" >&2
    exit 1
  fi
  sleep 2
done

setup_db() {
  db="$1"
  versioned_dir="$2"
  if [ ! -d "$versioned_dir" ]; then
    # update-schema pointed at a missing directory would find nothing to do and exit 0
    echo "temporal-schema: schema directory $versioned_dir not found in this image" >&2
    exit 1
  fi
  echo "temporal-schema: database $db"
  sql_tool --db "$db" create
  sql_tool --db "$db" setup-schema -v 0.0
  sql_tool --db "$db" update-schema -d "$versioned_dir"
}

setup_db "$DBNAME" "$SCHEMA_ROOT/temporal/versioned"
setup_db "$VISIBILITY_DBNAME" "$SCHEMA_ROOT/visibility/versioned"

echo "temporal-schema: done ($DBNAME and $VISIBILITY_DBNAME are at this image's schema version)"
