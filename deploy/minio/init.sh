#!/bin/sh
# One-shot (compose service minio-init, image minio/mc): create the documents bucket and, for each
# application, its own MinIO user with a least-privilege policy. Idempotent.
#
#   api-service      lists documents (never reads or changes one); reads and writes customer settings
#                    and the webhook ledger
#   workflow-worker  reads documents (presigned GETs are signed with its credentials), settings and the
#                    ledger; writes staging, the ledger and the webhook status in the settings
# Neither can write or delete a customer's document. The statements are deploy/minio/policies.sh's
# (the native stack's versitygw gets the same as a bucket policy); as AWS IAM: docs/docker-compose.md.
#
# Environment: MINIO_URL, MINIO_ROOT_USER, MINIO_ROOT_PASSWORD, S3_BUCKET, SETTINGS_PREFIX,
# STAGING_PREFIX, S3_API_ACCESS_KEY_ID, S3_API_SECRET_ACCESS_KEY, S3_WORKER_ACCESS_KEY_ID,
# S3_WORKER_SECRET_ACCESS_KEY. (The mc image has a shell and mc, but no grep: only shell built-ins below.)
set -eu

: "${MINIO_URL:?}" "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}" "${S3_BUCKET:?}"
: "${S3_API_ACCESS_KEY_ID:?}" "${S3_API_SECRET_ACCESS_KEY:?}"
: "${S3_WORKER_ACCESS_KEY_ID:?}" "${S3_WORKER_SECRET_ACCESS_KEY:?}"
SETTINGS_PREFIX="${SETTINGS_PREFIX:-_bulkdocs/}"
STAGING_PREFIX="${STAGING_PREFIX:-_bulkdocs/staging/}"

log() { echo "minio-init: $*"; }

attempt=0
until mc alias set local "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    log "MinIO at $MINIO_URL not reachable" >&2
    exit 1
  fi
  sleep 2
done

log "bucket $S3_BUCKET"
mc mb --ignore-existing "local/$S3_BUCKET"

apply() {
  name="$1" statements="$2" user="$3" secret="$4"
  file="/tmp/$name-policy.json"
  printf '{"Version": "2012-10-17", "Statement": [%s]}\n' "$statements" >"$file"
  log "policy $name (create or replace)"
  mc admin policy create local "$name" "$file"
  rm -f "$file"
  if [ "$user" = "$MINIO_ROOT_USER" ]; then
    log "$name: the root user is not an application user" >&2
    exit 1
  fi
  log "user $user (create or update secret)"
  mc admin user add local "$user" "$secret"
  # `policy attach` fails when the policy is already attached (mc has no flag to ignore that)
  if out="$(mc admin policy attach local "$name" --user "$user" 2>&1)"; then
    log "policy $name attached to $user"
  else
    case "$out" in
      *"already in effect"*) log "policy $name already attached to $user" ;;
      *) echo "$out" >&2; exit 1 ;;
    esac
  fi
}

# shellcheck source=policies.sh
. "${0%/*}/policies.sh"
apply bulkdocs-api "$(api_statements "")" "$S3_API_ACCESS_KEY_ID" "$S3_API_SECRET_ACCESS_KEY"
apply bulkdocs-worker "$(worker_statements "")" "$S3_WORKER_ACCESS_KEY_ID" "$S3_WORKER_SECRET_ACCESS_KEY"

log "done (a user of an earlier version, e.g. bulkdocs-app, is left alone: mc admin user remove local <user>)"
