#!/bin/sh
# One-shot (compose service minio-init, image minio/mc): create the documents bucket, the
# applications' MinIO user and a policy that limits that user to the bucket. Idempotent.
#
# Environment: MINIO_URL, MINIO_ROOT_USER, MINIO_ROOT_PASSWORD, S3_BUCKET, S3_ACCESS_KEY_ID,
# S3_SECRET_ACCESS_KEY. (The mc image has a shell and mc, but no grep: only shell built-ins below.)
set -eu

: "${MINIO_URL:?}" "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}"
: "${S3_BUCKET:?}" "${S3_ACCESS_KEY_ID:?}" "${S3_SECRET_ACCESS_KEY:?}"
POLICY_NAME="${MINIO_APP_POLICY:-bulkdocs-app}"

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

# Listing, reading (presigned GETs are signed with these credentials), and writing/deleting
# the run's claim-check objects under the staging prefix of the same bucket.
policy_file="/tmp/$POLICY_NAME-policy.json"
cat >"$policy_file" <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      "Resource": ["arn:aws:s3:::$S3_BUCKET"]
    },
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject",
                 "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      "Resource": ["arn:aws:s3:::$S3_BUCKET/*"]
    }
  ]
}
POLICY

log "policy $POLICY_NAME (create or replace)"
mc admin policy create local "$POLICY_NAME" "$policy_file"
rm -f "$policy_file"

if [ "$S3_ACCESS_KEY_ID" = "$MINIO_ROOT_USER" ]; then
  log "applications use the root credentials: no app user created (not recommended)"
  exit 0
fi

log "user $S3_ACCESS_KEY_ID (create or update secret)"
mc admin user add local "$S3_ACCESS_KEY_ID" "$S3_SECRET_ACCESS_KEY"

# `policy attach` fails when the policy is already attached (mc has no flag to ignore that)
if out="$(mc admin policy attach local "$POLICY_NAME" --user "$S3_ACCESS_KEY_ID" 2>&1)"; then
  log "policy $POLICY_NAME attached to $S3_ACCESS_KEY_ID"
else
  case "$out" in
    *"already in effect"*) log "policy $POLICY_NAME already attached to $S3_ACCESS_KEY_ID" ;;
    *) echo "$out" >&2; exit 1 ;;
  esac
fi

log "done"
