#!/usr/bin/env bash
# The whole system on one machine: builds, then runs Temporal, the local infrastructure (S3Proxy with
# demo documents, webhook inbox), the workflow worker and the API. Ctrl-C stops everything.
#
# Temporal is the real server with its Web UI (the CLI's `temporal server start-dev`, persisted under
# $LOCAL_DATA_DIR, UI on :8233) whenever the `temporal` CLI is on the PATH or Go can install it
# (go install, cached). Otherwise it falls back to the SDK's embedded test server (no UI, in memory),
# with the worker's sticky execution off, which that server needs to survive a worker crash.
#
# S3 is versitygw (Versity S3 Gateway, a Go binary: go install, cached) on a folder under
# $LOCAL_DATA_DIR whenever it is on the PATH or Go can install it: it lists 10,000 keys in half a second,
# so a 100,000-document patient takes seconds. Otherwise the embedded S3Proxy (JDK only), whose listing
# costs grow with the patient (20,000 keys: 13 s per listing).
#
#   ./run-local.sh                                   # real Temporal and versitygw if possible
#   LOCAL_TEMPORAL=embedded ./run-local.sh           # the embedded test server even when the CLI is there
#   LOCAL_S3=s3proxy ./run-local.sh                  # the embedded S3Proxy even when versitygw is there
#   LOCAL_LARGE_PATIENT_DOCUMENTS=100000 ./run-local.sh   # also demo-patient-large, with that many documents
#   TEMPORAL_ADDRESS=127.0.0.1:7233 ./run-local.sh   # a Temporal that is already running
#   SKIP_BUILD=1 ./run-local.sh                      # reuse the jars already built
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=tools/lib.sh
source tools/lib.sh
# Ports, the services' environment and the demo values: deploy/local.env (the environment wins).
load_settings deploy/local.env
LOCAL_TEMPORAL_HTTP_PORT="${LOCAL_TEMPORAL_HTTP_PORT:-$((LOCAL_TEMPORAL_PORT + 10))}"
export CODEC_SERVER_CORS_ORIGINS="${CODEC_SERVER_CORS_ORIGINS:-http://localhost:$LOCAL_TEMPORAL_UI_PORT,http://127.0.0.1:$LOCAL_TEMPORAL_UI_PORT}"
export LOCAL_DATA_DIR="${LOCAL_DATA_DIR:-$PWD/.local-stack}"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "building (./mvnw package -DskipTests) ..."
  ./mvnw -B -q -DskipTests package
fi

mkdir -p "$LOCAL_DATA_DIR/logs"
LOG_HINT="logs: $LOCAL_DATA_DIR/logs"
# Ctrl-C, or any part dying, stops the rest; it returns once every part has exited, so running this
# script again at once finds the ports and the Temporal database free.
cleanup() {
  trap - EXIT INT TERM
  if ((${#LIB_PIDS[@]})); then echo; echo "stopping ..."; fi
  stop_all
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

started=$SECONDS

# Temporal: an address given, else the real dev server when its CLI is (or can be) there, else the
# embedded test server started by local-stack below.
temporal_mode="given"
temporal_ui=""
if [[ -z "${TEMPORAL_ADDRESS:-}" ]]; then
  temporal_cli=""
  if [[ "${LOCAL_TEMPORAL:-}" != "embedded" ]]; then
    temporal_cli="$(tools/go-tool.sh temporal || true)"
  fi
  if [[ "${LOCAL_TEMPORAL:-}" != "embedded" && -n "$temporal_cli" && -x "$temporal_cli" ]]; then
    temporal_mode="dev-server"
    dev_server_options=()
    while IFS= read -r line; do
      [[ "$line" =~ ^[A-Za-z] ]] && dev_server_options+=(--search-attribute "$line")
    done <deploy/temporal/search-attributes
    while IFS= read -r line; do
      [[ "$line" =~ ^[A-Za-z] ]] && dev_server_options+=(--dynamic-config-value "$line")
    done <deploy/temporal/dev-server-dynamic-config
    start_bg "$LOCAL_DATA_DIR/logs/temporal.log" "$temporal_cli" server start-dev --ip 127.0.0.1 \
      --port "$LOCAL_TEMPORAL_PORT" --ui-port "$LOCAL_TEMPORAL_UI_PORT" --http-port "$LOCAL_TEMPORAL_HTTP_PORT" \
      --ui-codec-endpoint "http://127.0.0.1:$API_MANAGEMENT_PORT/codec/$CODEC_SERVER_TOKEN" \
      --db-filename "$LOCAL_DATA_DIR/temporal.db" --log-level warn "${dev_server_options[@]}"
    temporal_ui="http://localhost:$LOCAL_TEMPORAL_UI_PORT"
    wait_for "the Temporal dev server" curl -fs "http://127.0.0.1:$LOCAL_TEMPORAL_UI_PORT/"
    export TEMPORAL_ADDRESS="127.0.0.1:$LOCAL_TEMPORAL_PORT"
  else
    temporal_mode="embedded"
    # The embedded test server never moves a workflow task off a dead worker's sticky queue.
    export WORKER_STICKY_EXECUTION=false
  fi
fi

# S3: given by S3_ENDPOINT, else versitygw when it is (or can be) there, else local-stack's S3Proxy.
s3_mode="given"
if [[ -z "${S3_ENDPOINT:-}" ]]; then
  versitygw=""
  if [[ "${LOCAL_S3:-}" != "s3proxy" ]]; then
    versitygw="$(tools/go-tool.sh versitygw || true)"
  fi
  if [[ "${LOCAL_S3:-}" != "s3proxy" && -n "$versitygw" && -x "$versitygw" ]]; then
    s3_mode="versitygw"
    s3_root="$LOCAL_DATA_DIR/versitygw"
    mkdir -p "$s3_root/${S3_BUCKET:-medical-documents}"
    ROOT_ACCESS_KEY="$S3_ACCESS_KEY_ID" ROOT_SECRET_KEY="$S3_SECRET_ACCESS_KEY" \
      start_bg "$LOCAL_DATA_DIR/logs/versitygw.log" "$versitygw" --port "127.0.0.1:$LOCAL_S3_PORT" posix "$s3_root"
    wait_for "versitygw" port_open 127.0.0.1 "$LOCAL_S3_PORT"
    export S3_ENDPOINT="http://127.0.0.1:$LOCAL_S3_PORT"
  else
    s3_mode="s3proxy"
  fi
fi
if [[ -n "${LOCAL_LARGE_PATIENT_DOCUMENTS:-}" ]]; then
  [[ "$s3_mode" == versitygw ]] || { echo "LOCAL_LARGE_PATIENT_DOCUMENTS needs versitygw (Go, or versitygw on the PATH)"; exit 1; }
  # Written straight into versitygw's folder (a bucket is a folder there): 100,000 uploads would take minutes.
  large="$s3_root/${S3_BUCKET:-medical-documents}/$DEMO_CUSTOMER_ID/demo-patient-large"
  if [[ "$(ls "$large" 2>/dev/null | wc -l)" -lt "$LOCAL_LARGE_PATIENT_DOCUMENTS" ]]; then
    echo "== seeding demo-patient-large with $LOCAL_LARGE_PATIENT_DOCUMENTS documents"
    mkdir -p "$large"
    for ((i = 0; i < LOCAL_LARGE_PATIENT_DOCUMENTS; i++)); do
      printf '%%PDF-1.4 demo document %d\n' "$i" >"$large/${DEMO_CUSTOMER_ID}_demo-patient-large_$i.pdf"
    done
  fi
fi

# Local infrastructure; its output (including every webhook the inbox receives) goes to this terminal.
: >"$LOCAL_DATA_DIR/logs/local-stack.log"
start_bg "$LOCAL_DATA_DIR/logs/local-stack.log" java -jar local-stack/target/local-stack.jar
tail -F -n +1 "$LOCAL_DATA_DIR/logs/local-stack.log" 2>/dev/null &
LIB_PIDS+=($!)
wait_for "local infrastructure" grep -q "\[local-stack\] ready" "$LOCAL_DATA_DIR/logs/local-stack.log"

export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:$LOCAL_TEMPORAL_PORT}"
export S3_ENDPOINT="${S3_ENDPOINT:-http://127.0.0.1:$LOCAL_S3_PORT}"
export S3_PUBLIC_ENDPOINT="${S3_PUBLIC_ENDPOINT:-$S3_ENDPOINT}"

# The demo customer's webhook is the local inbox (a configured target, used until the customer sets
# its own through POST /settings).
# shellcheck disable=SC2086 # the JVM options are words
BULKDOCS_WEBHOOK_TARGETS_0_CXID="$DEMO_CUSTOMER_ID" \
BULKDOCS_WEBHOOK_TARGETS_0_URL="http://127.0.0.1:$LOCAL_INBOX_PORT/webhook" \
BULKDOCS_WEBHOOK_TARGETS_0_KEY="$DEMO_WEBHOOK_KEY" \
  start_bg "$LOCAL_DATA_DIR/logs/workflow-worker.log" java $WORKER_JAVA_OPTIONS -jar workflow-worker/target/workflow-worker.jar

MANAGEMENT_SERVER_ADDRESS="$SERVER_ADDRESS" \
BULKDOCS_CUSTOMERS_0_ID="$DEMO_CUSTOMER_ID" \
BULKDOCS_CUSTOMERS_0_APIKEYSHA256="$(printf %s "$DEMO_API_KEY" | sha256sum | cut -d' ' -f1)" \
  start_bg "$LOCAL_DATA_DIR/logs/api-service.log" java -jar api-service/target/api-service.jar

wait_for "the workflow worker" curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health"
wait_for "the API" curl -fs "http://127.0.0.1:$API_MANAGEMENT_PORT/actuator/health"

case "$temporal_mode" in
  dev-server) temporal_banner="(temporal server start-dev, runs kept in $LOCAL_DATA_DIR/temporal.db)
   Temporal UI  $temporal_ui  (payloads decoded by the API's codec server)" ;;
  embedded) temporal_banner="(EMBEDDED TEST SERVER: no Web UI, runs lost on exit; install Go or the
                temporal CLI for the real server)" ;;
  *) temporal_banner="(given by TEMPORAL_ADDRESS)" ;;
esac
cat <<BANNER

==========================================================================================
 Bulk document download URLs: local stack ready in $((SECONDS - started)) s
   API          http://localhost:$API_PORT
   API key      $DEMO_API_KEY   (customer $DEMO_CUSTOMER_ID)
   patients     demo-patient-1, demo-patient-2${LOCAL_LARGE_PATIENT_DOCUMENTS:+, demo-patient-large ($LOCAL_LARGE_PATIENT_DOCUMENTS documents)}
   Temporal     $TEMPORAL_ADDRESS  $temporal_banner
   S3           $S3_ENDPOINT  (bucket ${S3_BUCKET:-medical-documents}; $s3_mode)
   webhooks     received by the inbox below; list them: curl -s http://127.0.0.1:$LOCAL_INBOX_PORT/webhook
   logs         $LOCAL_DATA_DIR/logs

 Trigger a run:
   curl -s -X POST 'http://localhost:$API_PORT/medical/v1/document/download-url/bulk?patientId=demo-patient-1' \\
     -H 'x-api-key: $DEMO_API_KEY' -H 'content-type: application/json' \\
     -d '{"metadata":{"youCanPut":"anything"}}'
 Ctrl-C stops everything.
==========================================================================================
BANNER
wait -n "${LIB_PIDS[@]}" || true   # until Ctrl-C, or until any part dies
echo "a part of the stack exited ($LOG_HINT)"
exit 1
