#!/usr/bin/env bash
# One-shot S3 set-up, run the same way by compose (service s3-init, image deploy/s3/Dockerfile) and by
# the native stack: the documents bucket and, for each application, its own versitygw account with
# least privilege: deploy/s3/policies.sh's statements as one bucket policy naming each application's
# access key. Idempotent: existing accounts get their secret updated, the bucket is kept, the policy
# replaced. Refuses the template's public admin secret when S3 is published off loopback.
#
# Environment: S3_URL (http://<host>:<port>), VERSITYGW (the binary), S3_PUBLISHED_ADDRESS (where the
# S3 port is published), S3_ADMIN_ACCESS_KEY_ID,
# S3_ADMIN_SECRET_ACCESS_KEY, S3_REGION, S3_BUCKET, SETTINGS_PREFIX, STAGING_PREFIX,
# S3_API_ACCESS_KEY_ID, S3_API_SECRET_ACCESS_KEY, S3_WORKER_ACCESS_KEY_ID, S3_WORKER_SECRET_ACCESS_KEY.
set -euo pipefail

: "${S3_URL:?}" "${VERSITYGW:?}" "${S3_ADMIN_ACCESS_KEY_ID:?}" "${S3_ADMIN_SECRET_ACCESS_KEY:?}" "${S3_BUCKET:?}"
: "${S3_API_ACCESS_KEY_ID:?}" "${S3_API_SECRET_ACCESS_KEY:?}"
: "${S3_WORKER_ACCESS_KEY_ID:?}" "${S3_WORKER_SECRET_ACCESS_KEY:?}"
REGION="${S3_REGION:-us-east-1}"

log() { echo "s3-init: $*"; }

published="${S3_PUBLISHED_ADDRESS:-127.0.0.1}"
if [[ "$S3_ADMIN_SECRET_ACCESS_KEY" == change-me-demo* && ! "$published" =~ ^(127\.|::1$|localhost$) ]]; then
  log "refusing: S3_ADMIN_SECRET_ACCESS_KEY holds a public demo value and S3 is published on $published;" \
    "set a real secret (deploy/compose.env.example says how), or publish on loopback for a demo" >&2
  exit 1
fi

admin() { "$VERSITYGW" admin -a "$S3_ADMIN_ACCESS_KEY_ID" -s "$S3_ADMIN_SECRET_ACCESS_KEY" -r "$REGION" --er "$S3_URL" "$@"; }

# An S3 call signed as the admin (curl's SigV4); prints the status, the body goes to $out.
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
s3_admin() {
  curl -s -o "$out" -w '%{http_code}' --aws-sigv4 "aws:amz:$REGION:s3" \
    --user "$S3_ADMIN_ACCESS_KEY_ID:$S3_ADMIN_SECRET_ACCESS_KEY" -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' "$@"
}

account() { # access-key secret
  if [[ "$1" == "$S3_ADMIN_ACCESS_KEY_ID" ]]; then
    log "$1: the admin account is not an application account" >&2
    exit 1
  fi
  if admin list-users | awk 'NR > 2 { print $1 }' | grep -qxF -- "$1"; then
    log "account $1 (update secret)"
    admin update-user --access "$1" --secret "$2" --role user >/dev/null
  else
    log "account $1 (create)"
    admin create-user --access "$1" --secret "$2" --role user >/dev/null
  fi
}

account "$S3_API_ACCESS_KEY_ID" "$S3_API_SECRET_ACCESS_KEY"
account "$S3_WORKER_ACCESS_KEY_ID" "$S3_WORKER_SECRET_ACCESS_KEY"

status="$(s3_admin -X PUT "$S3_URL/$S3_BUCKET")"
case "$status" in
  200) log "bucket $S3_BUCKET created" ;;
  409) log "bucket $S3_BUCKET already there" ;;
  *) cat "$out" >&2; log "cannot create bucket $S3_BUCKET: HTTP $status" >&2; exit 1 ;;
esac

# shellcheck source=policies.sh
source "$(dirname "$0")/policies.sh"
principal() { echo "\"Principal\": {\"AWS\": [\"$1\"]},"; }
policy="{\"Version\": \"2012-10-17\", \"Statement\": [
  $(api_statements "$(principal "$S3_API_ACCESS_KEY_ID")"),
  $(worker_statements "$(principal "$S3_WORKER_ACCESS_KEY_ID")")]}"
status="$(s3_admin -X PUT --data-binary "$policy" "$S3_URL/$S3_BUCKET?policy=")"
[[ "$status" == 204 || "$status" == 200 ]] || { cat "$out" >&2; log "cannot set the bucket policy: HTTP $status" >&2; exit 1; }
log "bucket policy set: $S3_API_ACCESS_KEY_ID (api-service), $S3_WORKER_ACCESS_KEY_ID (workflow-worker)"
