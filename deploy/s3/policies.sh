#!/bin/sh
# The applications' S3 permissions, in one place: sourced by deploy/s3/init.sh, which makes them the
# documents bucket's policy (compose's s3-init and the native stack run it the same way).
#
#   api_statements PRINCIPAL      lists documents (never reads or changes one); reads and writes
#                                 customer settings and the webhook ledger
#   worker_statements PRINCIPAL   reads documents (presigned GETs are signed with its credentials),
#                                 settings and the ledger; writes staging, the ledger and the webhook
#                                 status in the settings
# Neither can write or delete a customer's document. PRINCIPAL is "" for a user policy, or a JSON
# member ending in a comma (`"Principal": {"AWS": ["<access key>"]},`) for a bucket policy.
#
# Needs S3_BUCKET; SETTINGS_PREFIX and STAGING_PREFIX have the applications' defaults.

_bucket_arn() { echo "arn:aws:s3:::$S3_BUCKET"; }
_state() {
  echo "\"$(_bucket_arn)/${SETTINGS_PREFIX:-_bulkdocs/}customer-settings/*\", \"$(_bucket_arn)/${SETTINGS_PREFIX:-_bulkdocs/}webhook-ledger/*\""
}
_list() {
  echo "{$1 \"Effect\": \"Allow\", \"Action\": [\"s3:GetBucketLocation\", \"s3:ListBucket\"], \"Resource\": [\"$(_bucket_arn)\"]}"
}

api_statements() {
  echo "$(_list "$1"),
  {$1 \"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:PutObject\", \"s3:DeleteObject\"],
   \"Resource\": [$(_state)]}"
}

worker_statements() {
  echo "$(_list "$1"),
  {$1 \"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\"], \"Resource\": [\"$(_bucket_arn)/*\"]},
  {$1 \"Effect\": \"Allow\", \"Action\": [\"s3:PutObject\", \"s3:DeleteObject\", \"s3:AbortMultipartUpload\"],
   \"Resource\": [$(_state), \"$(_bucket_arn)/${STAGING_PREFIX:-_bulkdocs/staging/}*\"]}"
}
