#!/usr/bin/env bash
# The production topology, run for real: starts deploy/native/stack.sh (Temporal's server on PostgreSQL,
# the UI, versitygw, two workers, two API instances) with its documented command, runs Metriport's SDK
# flow through each API instance, then the fault suite on it (TopologyFaultSuite: kill -9 of one worker,
# of the Temporal server, of one API instance during triggers; a PostgreSQL restart; the rate limits
# across instances), and stops it. Prints the figures (also e2e-tests/target/topology/faults.md).
#
#   FAULTS_RUNS=100 FAULTS_DOCUMENTS=200 bash .ci/topology.sh   # bigger cases
#
# Installs what the stack needs (PostgreSQL from Debian, Temporal's server, sql tool and UI with go
# install: about 5 minutes the first time, cached afterwards). Ports: 25433-29090, away from the defaults
# a developer's stacks use.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../tools/lib.sh
source tools/lib.sh

OUT="$PWD/e2e-tests/target/topology"
export NATIVE_DATA_DIR="$OUT/stack"
export NATIVE_POSTGRES_PORT=25433 TEMPORAL_GRPC_HOST_PORT=27233 TEMPORAL_UI_HOST_PORT=28233 NATIVE_S3_PORT=29000
export API_PORT=28080 MANAGEMENT_PORT=28081
export S3_PUBLIC_ENDPOINT="http://127.0.0.1:$NATIVE_S3_PORT"
# The customer's endpoints here are local receivers (http, loopback).
export WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true WEBHOOK_ALLOW_HTTP=true
# Outages here last seconds; a production run's backoff would wait far longer. The SDK flow's refused
# message is given up within the window.
export DELIVERY_INITIAL_BACKOFF=1s DELIVERY_MAX_BACKOFF=2s DELIVERY_WINDOW=5m
# The suite starts 60 runs at once per case, and each SDK flow sets the webhook 6 times in seconds: each
# instance has half the deployment's budget (10 settings updates at once: 5 each). The check of the
# rate limits across instances uses the webhook-retry budget, left at its default.
export RATE_LIMIT_REQUESTS_PER_MINUTE=100000 RATE_LIMIT_BURST=10000
export RATE_LIMIT_SETTINGS_UPDATES_REQUESTS_PER_MINUTE=120 RATE_LIMIT_SETTINGS_UPDATES_BURST=40
# the demo template's customer and key (deploy/compose.env.example)
API_KEY="demo-api-key-change-me"
INBOX_PORT=28090

for jar in api-service/target/api-service.jar workflow-worker/target/workflow-worker.jar local-stack/target/local-stack.jar; do
  [[ -f "$jar" ]] || { ./mvnw -B -q -DskipTests package; break; }
done
if [[ ! -d sdk-conformance/node_modules/@metriport/api-sdk || ! -d sdk-conformance/node_modules/standardwebhooks ]]; then
  (cd sdk-conformance && npm ci --no-audit --no-fund --loglevel=error)
fi

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_all
  deploy/native/stack.sh stop >/dev/null 2>&1 || true
  if ((status != 0)); then
    echo "topology: FAILED; logs in $NATIVE_DATA_DIR/logs" >&2
    tail -n 20 "$NATIVE_DATA_DIR"/logs/*.log >&2 2>/dev/null || true
  fi
  exit "$status"
}
trap cleanup EXIT INT TERM

deploy/native/stack.sh reset >/dev/null
began=$SECONDS
deploy/native/stack.sh start
startup=$((SECONDS - began))

# Temporal's frontend takes mTLS clients only: the stack's own client certificate works, a client
# with TLS but no certificate and a plaintext one are refused.
echo "== Temporal's frontend: mTLS only"
mapfile -t with_cert < <(deploy/native/stack.sh env temporal-client)
setting() { printf '%s\n' "${with_cert[@]}" | grep "^$1="; }
without_cert=("$(setting TEMPORAL_ADDRESS)" "$(setting TEMPORAL_TLS_CA)" "$(setting TEMPORAL_TLS_SERVER_NAME)")
plaintext=("$(setting TEMPORAL_ADDRESS)")
cli="$NATIVE_DATA_DIR/bin/temporal"
describe() { # settings...: the temporal CLI with only these TEMPORAL_* settings
  timeout 60 env -u TEMPORAL_TLS_CA -u TEMPORAL_TLS_CERT -u TEMPORAL_TLS_KEY -u TEMPORAL_TLS_SERVER_NAME "$@" \
    "$cli" operator namespace describe --namespace default --command-timeout 15s 2>&1
}
describe "${with_cert[@]}" >/dev/null || { echo "topology: the stack's own client certificate was refused" >&2; exit 1; }
echo "with the stack's client certificate: accepted"
for case in without_cert plaintext; do
  declare -n settings="$case"
  if out="$(describe "${settings[@]}")"; then echo "topology: a client ($case) was let in: $out" >&2; exit 1; fi
  echo "$case: refused ($(printf '%s' "$out" | tr '\n' ' ' | cut -c1-160))"
done

# Metriport's SDK through each instance. local-stack plays the customer's side: the webhook inbox, and
# the demo patients' documents put into the stack's S3.
while IFS= read -r line; do
  case "${line%%=*}" in
    TEMPORAL_ADDRESS | BULKDOCS_CUSTOMERS_0_ID) export "$line" ;;
  esac
done < <(deploy/native/stack.sh env api-1)
# the documents are put with the S3 admin's account: neither application may write one
while IFS= read -r line; do export "$line"; done < <(deploy/native/stack.sh env s3)
api_2_port="$(deploy/native/stack.sh env api-2 | sed -n 's/^API_PORT=//p')"
LOCAL_INBOX_PORT=$INBOX_PORT LOCAL_DATA_DIR="$OUT/local-stack" DEMO_CUSTOMER_ID="$BULKDOCS_CUSTOMERS_0_ID" \
  start_bg "$NATIVE_DATA_DIR/logs/local-stack.log" java -jar local-stack/target/local-stack.jar
LOG_HINT="log: $NATIVE_DATA_DIR/logs/local-stack.log"
wait_for "the inbox" grep -q "\[local-stack\] ready" "$NATIVE_DATA_DIR/logs/local-stack.log"
for api in "http://127.0.0.1:$API_PORT" "http://127.0.0.1:$api_2_port"; do
  echo "== SDK flow through $api"
  API_URL="$api" API_KEY="$API_KEY" INBOX_URL="http://127.0.0.1:$INBOX_PORT/webhook" \
    LOG_DIR="$NATIVE_DATA_DIR/logs" LOG_FILES="api-1.log api-2.log worker-1.log worker-2.log temporal.log" S3_DATA_DIR="$NATIVE_DATA_DIR/s3" node sdk-conformance/sdk-flow.mjs
done
stop_all

echo "== fault suite on the topology"
TOPOLOGY_API_KEY="$API_KEY" ./mvnw -B -q -pl e2e-tests -am -Ptopology test \
  -Dfaults.runs="${FAULTS_RUNS:-60}" -Dfaults.documents="${FAULTS_DOCUMENTS:-20}" \
  ${FAULTS_SEED:+-Dfaults.seed="$FAULTS_SEED"} -Dsurefire.failIfNoSpecifiedTests=false
echo "topology: the stack started in $startup s (deploy/native/stack.sh start, tools already installed)"
cat "$OUT/faults.md"
