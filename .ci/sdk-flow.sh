#!/usr/bin/env bash
# Metriport's official SDK against the whole local stack: starts ./run-local.sh exactly as a developer
# would (its default Temporal, embedded S3, webhook inbox, worker, API), on free ports and with a throwaway
# LOCAL_DATA_DIR, runs sdk-conformance/sdk-flow.mjs (updateSettings, getSettings, getWebhookStatus,
# startBulkGetDocumentUrl, retryWebhookRequests), and stops everything again.
#
# Needs the jars (./mvnw -B -DskipTests package), JDK 17, Node 18+ and curl.
# Logs of every process go to target/sdk-flow/.
set -euo pipefail
cd "$(dirname "$0")/.."

READY_TIMEOUT="${READY_TIMEOUT:-120}"
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
  LOCAL_TEMPORAL_HTTP_PORT API_MANAGEMENT_PORT < <(node -e '
  const net = require("node:net");
  const servers = [0, 1, 2, 3, 4, 5, 6, 7].map(() => net.createServer());
  Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", ok)))).then(() => {
    console.log(servers.map((s) => s.address().port).join(" "));
    servers.forEach((s) => s.close());
  });')
export API_PORT MANAGEMENT_PORT LOCAL_TEMPORAL_PORT LOCAL_S3_PORT LOCAL_INBOX_PORT LOCAL_TEMPORAL_UI_PORT
export LOCAL_TEMPORAL_HTTP_PORT API_MANAGEMENT_PORT
LOCAL_DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/bulkdocs-sdk-flow.XXXXXX")"
export LOCAL_DATA_DIR
export SKIP_BUILD=1
# The local stack's own Temporal and S3, whatever the calling shell points at.
unset TEMPORAL_ADDRESS S3_ENDPOINT S3_PUBLIC_ENDPOINT
# Short retries, so that the flow's refused message is given up in seconds rather than minutes.
export DELIVERY_INITIAL_BACKOFF=1s DELIVERY_MAX_BACKOFF=2s DELIVERY_WINDOW=5m
DEMO_API_KEY="${DEMO_API_KEY:-demo-api-key-do-not-use-in-production}"
export DEMO_API_KEY

rm -rf "$OUT"
mkdir -p "$OUT"
stack_pid=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$stack_pid" ]]; then
    kill "$stack_pid" 2>/dev/null || true   # run-local.sh's own trap stops what it started
    wait "$stack_pid" 2>/dev/null || true
  fi
  cp -r "$LOCAL_DATA_DIR/logs" "$OUT/" 2>/dev/null || true
  rm -rf "$LOCAL_DATA_DIR"
  if ((status != 0)); then
    echo "sdk-flow: FAILED; logs in $OUT" >&2
    tail -n 30 "$OUT"/logs/*.log >&2 2>/dev/null || true
  fi
  exit "$status"
}
trap cleanup EXIT INT TERM

started=$SECONDS
./run-local.sh >"$OUT/run-local.log" 2>&1 &
stack_pid=$!

deadline=$((SECONDS + READY_TIMEOUT))
until curl -fs "http://127.0.0.1:$API_MANAGEMENT_PORT/actuator/health" >/dev/null 2>&1 \
    && curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health" >/dev/null 2>&1; do
  if ((SECONDS > deadline)); then echo "sdk-flow: the local stack did not come up" >&2; exit 1; fi
  kill -0 "$stack_pid" 2>/dev/null || { echo "sdk-flow: run-local.sh exited early" >&2; cat "$OUT/run-local.log" >&2; exit 1; }
  sleep 0.5
done
echo "sdk-flow: local stack up in $((SECONDS - started)) s (API :$API_PORT, inbox :$LOCAL_INBOX_PORT)"

API_URL="http://127.0.0.1:$API_PORT" \
API_KEY="$DEMO_API_KEY" \
INBOX_URL="http://127.0.0.1:$LOCAL_INBOX_PORT/webhook" \
LOG_DIR="$LOCAL_DATA_DIR/logs" \
S3_DATA_DIR="$( [[ -d "$LOCAL_DATA_DIR/versitygw" ]] && echo "$LOCAL_DATA_DIR/versitygw" || echo "$LOCAL_DATA_DIR/s3")" \
  node sdk-conformance/sdk-flow.mjs
