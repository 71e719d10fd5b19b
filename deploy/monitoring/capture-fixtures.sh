#!/usr/bin/env bash
# Regenerates deploy/monitoring/testdata/{workflow-worker,api-service}.prom: the real /actuator/prometheus
# output of both services after a scenario that makes every series the alerts and the dashboard read
# appear, failures included (the Temporal SDK and Micrometer create a failure counter at its first
# failure, not before). check-metrics.py checks every metric name of alerts.yml and dashboards/*.json
# against these files, so rerun this whenever a metric is added, renamed or given a histogram:
#
#   flock /tmp/bulkdocs-build.lock deploy/monitoring/capture-fixtures.sh      # builds first
#   SKIP_BUILD=1 deploy/monitoring/capture-fixtures.sh                         # reuses the jars
#
# It starts Temporal's dev server and versitygw itself (so it can take each down for a while), then
# ./run-local.sh pointed at them (TEMPORAL_ADDRESS, S3_ENDPOINT), on the ports of deploy/local.env and a
# data folder of its own, and stops everything at the end. The scenario, about 2 minutes:
#   1. demo-patient-1 delivered to the local inbox, and triggered again at once (started, attached)
#   2. an unknown patient (404), a wrong API key (401), status reads of a patient without a run (Temporal
#      describe: NOT_FOUND), GET /settings/webhook until its budget is spent (429:
#      bulkdocs_rate_limited_requests_total)
#   3. the webhook set to a path the inbox answers 404: its ping fails (bulkdocs_webhook_enabled 0),
#      demo-patient-2's attempts are rejected and the run fails (outcome="rejected",
#      temporal_workflow_failed_total, temporal_activity_execution_failed_total)
#   4. the webhook set to a closed port: demo-patient-1's new run gets outcome="unavailable" attempts
#   5. S3 frozen for 15 s right after a run started (the API answers 503, the run's ledger write and
#      listing fail) and while step 4's run is cancelled (its clean-up's local activities fail:
#      temporal_local_activity_execution_failed_total), then Temporal down for 15 s
#      (temporal_long_request_failure_total, temporal_request_failure_total), both brought back
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../../tools/lib.sh
source tools/lib.sh
load_settings deploy/local.env

out=deploy/monitoring/testdata
mkdir -p "$out"
export LOCAL_DATA_DIR
LOCAL_DATA_DIR="$(mktemp -d /tmp/bulkdocs-fixtures.XXXXXX)"
LOG_HINT="logs: $LOCAL_DATA_DIR/logs"
mkdir -p "$LOCAL_DATA_DIR/logs"

# Fast retries so the scenario sees rejections, a failed run and outage retries within seconds.
export DELIVERY_INITIAL_BACKOFF=1s DELIVERY_MAX_BACKOFF=2s DELIVERY_MAX_REJECTIONS=2
export OUTAGE_INITIAL_BACKOFF=1s OUTAGE_MAX_BACKOFF=2s
export RATE_LIMIT_WEBHOOK_STATUS_REQUESTS_PER_MINUTE=1 RATE_LIMIT_WEBHOOK_STATUS_BURST=2
export S3_CALL_TIMEOUT=3s S3_ATTEMPT_TIMEOUT=1s
# The API's state gauges (runs open, webhook enabled) read every 2 s, so the scrape sees step 3's webhook.
export GAUGES_REFRESH_EVERY=2s

temporal_cli="$(tools/go-tool.sh temporal)"
versitygw="$(tools/go-tool.sh versitygw)"
temporal_pid="" s3_pid="" stack_pid=""

start_temporal() {
  local attrs=() line
  while IFS= read -r line; do
    [[ "$line" =~ ^[A-Za-z] ]] && attrs+=(--search-attribute "$line")
  done <deploy/temporal/search-attributes
  "$temporal_cli" server start-dev --headless --ip 127.0.0.1 --port "$LOCAL_TEMPORAL_PORT" \
    --http-port "$((LOCAL_TEMPORAL_PORT + 10))" --db-filename "$LOCAL_DATA_DIR/temporal.db" \
    --log-level warn "${attrs[@]}" >>"$LOCAL_DATA_DIR/logs/temporal.log" 2>&1 &
  temporal_pid=$!
  wait_for "the Temporal dev server" port_open 127.0.0.1 "$LOCAL_TEMPORAL_PORT"
}
start_s3() {
  mkdir -p "$LOCAL_DATA_DIR/versitygw/${S3_BUCKET:-medical-documents}"
  ROOT_ACCESS_KEY="$S3_ACCESS_KEY_ID" ROOT_SECRET_KEY="$S3_SECRET_ACCESS_KEY" \
    "$versitygw" --port "127.0.0.1:$LOCAL_S3_PORT" posix "$LOCAL_DATA_DIR/versitygw" \
    >>"$LOCAL_DATA_DIR/logs/versitygw.log" 2>&1 &
  s3_pid=$!
  wait_for "versitygw" port_open 127.0.0.1 "$LOCAL_S3_PORT"
}
stop_pid() {
  local pid=$1 deadline=$((SECONDS + 30))
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  done
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  trap - EXIT INT TERM
  stop_pid "$stack_pid"   # run-local.sh stops its parts and waits for them
  stop_pid "$temporal_pid"
  stop_pid "$s3_pid"
  if [[ "$done" == 1 ]]; then rm -rf "$LOCAL_DATA_DIR"; else echo "$LIB_NAME: failed; $LOG_HINT" >&2; fi
}
done=0
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

start_temporal
start_s3
TEMPORAL_ADDRESS="127.0.0.1:$LOCAL_TEMPORAL_PORT" S3_ENDPOINT="http://127.0.0.1:$LOCAL_S3_PORT" \
  ./run-local.sh >"$LOCAL_DATA_DIR/logs/run-local.log" 2>&1 &
stack_pid=$!
LIB_PIDS=("$stack_pid")   # wait_for gives up when run-local.sh exits (a failed build, a port in use)
READY_TIMEOUT=900 wait_for "run-local.sh" grep -q "local stack ready" "$LOCAL_DATA_DIR/logs/run-local.log"

api="http://127.0.0.1:$API_PORT"
key=(-H "x-api-key: $DEMO_API_KEY")
json=(-H 'content-type: application/json')
call() { # METHOD PATH [BODY]: prints the status code
  local body=()
  [[ $# -lt 3 ]] || body=(-d "$3")
  curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X "$1" "${key[@]}" "${json[@]}" "${body[@]}" "$api$2" || true   # 000 when it timed out
}
bulk=/medical/v1/document/download-url/bulk
status_of() { curl -s --max-time 10 "${key[@]}" "$api$bulk?patientId=$1" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("status",""))' 2>/dev/null || true; }
until_status() { # PATIENT STATUS SECONDS
  local deadline=$((SECONDS + $3))
  until [[ "$(status_of "$1")" == "$2" ]]; do
    ((SECONDS < deadline)) || { echo "  ($1 not $2 after $3 s)"; return 0; }
    sleep 1
  done
}
step() { echo "== $*"; }

step "1. demo-patient-1 delivered, triggered twice: $(call POST "$bulk?patientId=demo-patient-1" '{}') $(call POST "$bulk?patientId=demo-patient-1" '{}')"
until_status demo-patient-1 completed 60
step "2. unknown patient $(call POST "$bulk?patientId=no-such-patient" '{}'), wrong key $(curl -s -o /dev/null -w '%{http_code}' -H 'x-api-key: wrong' "$api$bulk?patientId=demo-patient-1")," \
  "status reads without a run: $(call GET "$bulk?patientId=demo-patient-2") $(call GET "$bulk?patientId=demo-patient-2")," \
  "webhook status reads: $(for _ in 1 2 3 4; do printf '%s ' "$(call GET /settings/webhook)"; done)"
step "3. webhook answering 404: settings $(call POST /settings "{\"webhookUrl\":\"http://127.0.0.1:$LOCAL_INBOX_PORT/rejected\"}"), demo-patient-2 $(call POST "$bulk?patientId=demo-patient-2" '{}')"
until_status demo-patient-2 failed 90
closed_port="$(free_ports 1)"
step "4. webhook on a closed port: settings $(call POST /settings "{\"webhookUrl\":\"http://127.0.0.1:$closed_port/webhook\"}"), demo-patient-1 $(call POST "$bulk?patientId=demo-patient-1" '{}')"
sleep 10
# A run started just before S3 stops answering: its ledger write and listing fail (the run waits as for
# an outage), and a trigger meanwhile gets a 503 from the API's patient check.
step "5a. S3 frozen for 15 s right after demo-patient-2 started: $(call POST "$bulk?patientId=demo-patient-2" '{}')"
kill -STOP "$s3_pid"
echo "   trigger while S3 is down: $(call POST "$bulk?patientId=no-such-patient-either" '{}')"
# The cancel answers once the run has ended, i.e. once S3 is back: asked in the background.
call DELETE "$bulk?patientId=demo-patient-1" >"$LOCAL_DATA_DIR/cancel.status" &
cancel_pid=$!
sleep 12
kill -CONT "$s3_pid"
wait "$cancel_pid" || true
echo "   demo-patient-1 cancelled while S3 is down: $(cat "$LOCAL_DATA_DIR/cancel.status")"
sleep 5
step "5b. Temporal down for 15 s"
stop_pid "$temporal_pid"; temporal_pid=""
echo "   trigger while Temporal is down: $(call POST "$bulk?patientId=demo-patient-2" '{}')"
sleep 12
start_temporal
wait_for "the worker to poll again" bash -c "curl -s http://127.0.0.1:$MANAGEMENT_PORT/actuator/prometheus | grep -q '^temporal_long_request_failure_total'"
# The SDK's counters reach Micrometer every 10 s (its Tally scope's reporting interval); timers at once.
sleep 12
curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/actuator/prometheus" >"$out/workflow-worker.prom"
curl -fsS "http://127.0.0.1:$API_MANAGEMENT_PORT/actuator/prometheus" >"$out/api-service.prom"
for f in "$out/workflow-worker.prom" "$out/api-service.prom"; do
  echo "$f: $(grep -vc '^#' "$f") samples, $(grep -c '_bucket{' "$f") of them _bucket," \
    "$(grep -v '^#' "$f" | sed 's/[{ ].*//' | sort -u | wc -l) names"
done
done=1
