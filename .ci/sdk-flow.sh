#!/usr/bin/env bash
# Metriport's official SDK against the whole local stack: starts ./run-local.sh exactly as a developer
# would (its default Temporal, embedded S3, webhook inbox, worker, API), on free ports and with a throwaway
# LOCAL_DATA_DIR, runs sdk-conformance/sdk-flow.mjs (updateSettings, getSettings, getWebhookStatus,
# startBulkGetDocumentUrl, retryWebhookRequests), then sdk-conformance/after-webhook-flow.mjs on the same
# stack (date filter, URL lifetime, delivery log, retry of one message, recovery of a range, cancel, key
# rotation with an overlap, against a receiver of its own), and stops everything again.
#
# Needs the jars (./mvnw -B -DskipTests package), JDK 17, Node 18+ and curl.
# Logs of every process go to target/sdk-flow/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../tools/lib.sh
source tools/lib.sh
OUT="$PWD/target/sdk-flow"

for jar in local-stack/target/local-stack.jar api-service/target/api-service.jar workflow-worker/target/workflow-worker.jar; do
  if [[ ! -f "$jar" ]]; then
    echo "sdk-flow: $jar is missing; build the jars first: ./mvnw -B -DskipTests package" >&2
    exit 2
  fi
done
for tool in java node npm curl; do
  command -v "$tool" >/dev/null || { echo "sdk-flow: $tool is required" >&2; exit 2; }
done
# run-local.sh runs the real Temporal dev server when the CLI is there or Go can install it; installing
# it first keeps that (cached) install out of the stack's start-up wait.
if command -v go >/dev/null 2>&1; then
  tools/go-tool.sh temporal >/dev/null
  tools/go-tool.sh versitygw >/dev/null
fi
if [[ ! -d sdk-conformance/node_modules/@metriport/api-sdk || ! -d sdk-conformance/node_modules/standardwebhooks ]]; then
  (cd sdk-conformance && npm ci --no-audit --no-fund --loglevel=error)
fi

# Free ports chosen by the kernel, so a developer's ./run-local.sh on the default ports is left alone.
read -r API_PORT MANAGEMENT_PORT LOCAL_TEMPORAL_PORT LOCAL_S3_PORT LOCAL_INBOX_PORT LOCAL_TEMPORAL_UI_PORT \
  LOCAL_TEMPORAL_HTTP_PORT API_MANAGEMENT_PORT < <(free_ports 8)
export API_PORT MANAGEMENT_PORT LOCAL_TEMPORAL_PORT LOCAL_S3_PORT LOCAL_INBOX_PORT LOCAL_TEMPORAL_UI_PORT
export LOCAL_TEMPORAL_HTTP_PORT API_MANAGEMENT_PORT
LOCAL_DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/bulkdocs-sdk-flow.XXXXXX")"
export LOCAL_DATA_DIR
export SKIP_BUILD=1
# The local stack's own Temporal and S3, whatever the calling shell points at.
unset TEMPORAL_ADDRESS S3_ENDPOINT S3_PUBLIC_ENDPOINT
# Short retries, so that the flow's refused message is given up in seconds rather than minutes.
export DELIVERY_INITIAL_BACKOFF=1s DELIVERY_MAX_BACKOFF=2s DELIVERY_WINDOW=5m
load_settings deploy/local.env   # the demo customer's API key, as run-local.sh reads it

rm -rf "$OUT"
mkdir -p "$OUT"
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_all   # run-local.sh's own trap stops what it started, and it waits for that
  cp -r "$LOCAL_DATA_DIR/logs" "$OUT/" 2>/dev/null || true
  rm -rf "$LOCAL_DATA_DIR"
  if ((status != 0)); then
    echo "sdk-flow: FAILED; logs in $OUT" >&2
    tail -n 30 "$OUT"/logs/*.log >&2 2>/dev/null || true
  fi
  exit "$status"
}
trap cleanup EXIT INT TERM

both_healthy() {
  http_ok "http://127.0.0.1:$API_MANAGEMENT_PORT/actuator/health" && http_ok "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health"
}
stack_up() {
  start_bg "$OUT/run-local.log" ./run-local.sh
  wait_for "the local stack (run-local.sh; $OUT/run-local.log)" both_healthy
}

started=$SECONDS
stack_up
echo "sdk-flow: local stack up in $((SECONDS - started)) s (API :$API_PORT, inbox :$LOCAL_INBOX_PORT)"

API_URL="http://127.0.0.1:$API_PORT" \
API_KEY="$DEMO_API_KEY" \
INBOX_URL="http://127.0.0.1:$LOCAL_INBOX_PORT/webhook" \
LOG_DIR="$LOCAL_DATA_DIR/logs" \
S3_DATA_DIR="$( [[ -d "$LOCAL_DATA_DIR/versitygw" ]] && echo "$LOCAL_DATA_DIR/versitygw" || echo "$LOCAL_DATA_DIR/s3")" \
  node sdk-conformance/sdk-flow.mjs

# What a customer does after the webhook, on the same stack: its own receiver (a free port it picks),
# the inbox set back as the webhook at the end for the steps below.
after_started=$SECONDS
API_URL="http://127.0.0.1:$API_PORT" \
API_KEY="$DEMO_API_KEY" \
INBOX_URL="http://127.0.0.1:$LOCAL_INBOX_PORT/webhook" \
LOG_DIR="$LOCAL_DATA_DIR/logs" \
  node sdk-conformance/after-webhook-flow.mjs
echo "sdk-flow: after-webhook-flow.mjs took $((SECONDS - after_started)) s"

# A part dies (kill -9 of the worker): run-local.sh stops the rest and exits once every part has,
# so the same command run again at once comes up on the same ports and the same Temporal database.
stack_pid="${LIB_PIDS[0]}"
kill -9 "$(pgrep -P "$stack_pid" -f workflow-worker.jar)"
deadline=$((SECONDS + 60))
while kill -0 "$stack_pid" 2>/dev/null; do
  ((SECONDS < deadline)) || { echo "sdk-flow: run-local.sh did not stop after its worker died" >&2; exit 1; }
  sleep 0.2
done
LIB_PIDS=()
mv "$OUT/run-local.log" "$OUT/run-local-first.log"
restarted=$SECONDS
stack_up
echo "sdk-flow: after a worker crash, run-local.sh stopped everything and came up again at once in $((SECONDS - restarted)) s"
