#!/usr/bin/env bash
# Fuzzes the running API from its own OpenAPI document (/v3/api-docs) with Schemathesis, all checks
# on: every generated request, valid or not, must get an answer that is not a 5xx, whose status code
# is one the document lists for that operation, and whose body, content type and headers match the
# document; invalid input must be rejected and valid input accepted, undocumented methods get 405,
# and a request without the API key gets 401. The API must also log no ERROR line meanwhile.
#
# Starts what it needs and stops it again: the local infrastructure (embedded Temporal test server,
# S3Proxy seeded with demo patients, webhook inbox) on free ports and the API jar. No worker runs:
# the API must answer without one. Needs the jars (./mvnw -B -DskipTests package), JDK 17, curl and
# Python 3.11+ (PYTHON=python3.12 to pick one); Schemathesis is installed from PyPI into a cached venv.
#
#   .ci/schemathesis.sh                         # about 2.5 minutes (fuzzing is capped at 120 s)
#   SCHEMATHESIS_MAX_EXAMPLES=200 SCHEMATHESIS_MAX_TIME=600 .ci/schemathesis.sh
#
# Reports (JUnit XML, NDJSON events) and the services' logs go to target/schemathesis/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../tools/lib.sh
source tools/lib.sh

SCHEMATHESIS_VERSION=4.32.5
VENV="${SCHEMATHESIS_VENV:-$HOME/.cache/bulkdocs/schemathesis-$SCHEMATHESIS_VERSION}"
# Bounds of the run: examples per operation and phase, and a hard cap on Schemathesis' own time.
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-100}"
MAX_TIME="${SCHEMATHESIS_MAX_TIME:-120}"
OUT="$PWD/target/schemathesis"

started=$SECONDS
for jar in local-stack/target/local-stack.jar api-service/target/api-service.jar; do
  if [[ ! -f "$jar" ]]; then
    echo "schemathesis: $jar is missing; build the jars first: ./mvnw -B -DskipTests package" >&2
    exit 2
  fi
done
PYTHON="${PYTHON:-python3}"
for tool in java curl "$PYTHON"; do
  command -v "$tool" >/dev/null || { echo "schemathesis: $tool is required" >&2; exit 2; }
done
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "schemathesis: Schemathesis $SCHEMATHESIS_VERSION needs Python 3.11+, $PYTHON is $("$PYTHON" --version 2>&1)" >&2
  exit 2
fi

if [[ ! -x "$VENV/bin/schemathesis" ]] || ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q " $SCHEMATHESIS_VERSION\$"; then
  echo "schemathesis: installing schemathesis==$SCHEMATHESIS_VERSION into $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# Free ports chosen by the kernel, so a developer's ./run-local.sh on the default ports is left alone.
read -r API_PORT LOCAL_TEMPORAL_PORT LOCAL_S3_PORT LOCAL_INBOX_PORT API_MANAGEMENT_PORT < <(free_ports 5)
export API_PORT LOCAL_TEMPORAL_PORT LOCAL_S3_PORT LOCAL_INBOX_PORT API_MANAGEMENT_PORT
# The fuzzer meets the API as deployed: https webhooks to public addresses only.
export WEBHOOK_ALLOW_HTTP=false WEBHOOK_ALLOW_PRIVATE_ADDRESSES=false
# Everything else as the local stack runs it (deploy/local.env).
load_settings deploy/local.env

DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/bulkdocs-schemathesis.XXXXXX")"
rm -rf "$OUT"
mkdir -p "$OUT/logs"
LOG_HINT="logs: $OUT/logs"
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_all
  rm -rf "$DATA_DIR"
  exit "$status"
}
trap cleanup EXIT INT TERM

# The local stack reads TEMPORAL_ADDRESS / S3_ENDPOINT as "use this real one instead": keep them unset.
unset TEMPORAL_ADDRESS S3_ENDPOINT
LOCAL_DATA_DIR="$DATA_DIR" start_bg "$OUT/logs/local-stack.log" java -jar local-stack/target/local-stack.jar
wait_for "the local infrastructure" grep -q "\[local-stack\] ready" "$OUT/logs/local-stack.log"

# No worker answers the progress query here; a shorter wait for it keeps the fuzzer's throughput up
# (the fallback answer is what is being checked either way).
# A generous rate limit so the fuzzer's valid calls reach S3 and Temporal instead of mostly meeting 429
# (429 stays documented and is checked whenever it does occur).
TEMPORAL_ADDRESS="127.0.0.1:$LOCAL_TEMPORAL_PORT" \
S3_ENDPOINT="http://127.0.0.1:$LOCAL_S3_PORT" \
MANAGEMENT_SERVER_ADDRESS="$SERVER_ADDRESS" \
RATE_LIMIT_REQUESTS_PER_MINUTE="${RATE_LIMIT_REQUESTS_PER_MINUTE:-6000}" \
RATE_LIMIT_BURST="${RATE_LIMIT_BURST:-200}" \
RATE_LIMIT_SETTINGS_UPDATES_REQUESTS_PER_MINUTE=6000 RATE_LIMIT_SETTINGS_UPDATES_BURST=200 \
RATE_LIMIT_WEBHOOK_RETRIES_REQUESTS_PER_MINUTE=6000 RATE_LIMIT_WEBHOOK_RETRIES_BURST=200 \
RATE_LIMIT_WEBHOOK_STATUS_REQUESTS_PER_MINUTE=6000 RATE_LIMIT_WEBHOOK_STATUS_BURST=200 \
STATUS_PROGRESS_TIMEOUT=200ms CANCEL_WAIT=200ms \
BULKDOCS_CUSTOMERS_0_ID="$DEMO_CUSTOMER_ID" \
BULKDOCS_CUSTOMERS_0_API_KEY_SHA256="$(printf %s "$DEMO_API_KEY" | sha256sum | cut -d' ' -f1)" \
  start_bg "$OUT/logs/api-service.log" java -jar api-service/target/api-service.jar
BASE="http://127.0.0.1:$API_PORT"
wait_for "the API" curl -fs "http://127.0.0.1:$API_MANAGEMENT_PORT/actuator/health/readiness"
echo "schemathesis: stack ready in $((SECONDS - started)) s (API $BASE); fuzzing for at most ${MAX_TIME} s"

# - Half of the generated patient IDs are the demo customer's real patients, so the fuzzer reaches runs
#   being started, attached to and described, not only "Could not find patient".
# - 413 counts as rejecting invalid data: a body with an over-long value can also be over the size cap.
# - A schema-valid webhook URL can still be refused with a 400: its host must resolve, and to a public
#   address (SSRF rules no JSON Schema can state; this sandbox may not even have DNS). Only for that
#   operation, and only 400.
# - Rules between two fields no JSON Schema states either: a trigger's dateFrom after its dateTo, a
#   recovery's until before its since (and RFC 3339 spellings Java's ISO parser refuses, e.g. a leap second),
#   the delivery log's fromItem and toItem together (Metriport refuses both at once), are 400; rotating the
#   key of a customer with no webhook is a 409.
cat >"$DATA_DIR/schemathesis.toml" <<'TOML'
[dictionaries.patients]
values = ["demo-patient-1", "demo-patient-2"]

[parameters]
"query.patientId" = { dictionary = "patients", probability = 0.5 }

[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]

[[operations]]
include-operation-id = "updateSettings"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]

[[operations]]
include-operation-id = "startBulkGetDocumentUrl"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404", "409", "429"]

[[operations]]
include-operation-id = "recoverWebhookRequests"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "429"]

[[operations]]
include-operation-id = "listWebhookRequests"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "429"]

[[operations]]
include-operation-id = "rotateWebhookKey"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "409", "429"]
TOML

fuzz_started=$SECONDS
status=0
# Run from target/: Schemathesis keeps its state (e.g. failures to replay first next time) in
# ./.schemathesis, which belongs with the build output.
(cd target && "$VENV/bin/schemathesis" --config-file "$DATA_DIR/schemathesis.toml" run "$BASE/v3/api-docs" \
  --url "$BASE" \
  --header "x-api-key: $DEMO_API_KEY" \
  --checks all \
  --max-examples "$MAX_EXAMPLES" \
  --max-time "$MAX_TIME" \
  --request-timeout 15 \
  --seed "${SCHEMATHESIS_SEED:-$RANDOM}" \
  --workers 4 \
  --report junit,ndjson --report-dir "$OUT" \
  --no-color) || status=$?

echo "schemathesis: fuzzing took $((SECONDS - fuzz_started)) s, $((SECONDS - started)) s in all; exit status $status"
# An ERROR line is an unexpected failure inside the API, even if the answer looked fine.
if grep -q " ERROR " "$OUT/logs/api-service.log"; then
  echo "schemathesis: the API logged errors while being fuzzed:" >&2
  grep -m 20 " ERROR " "$OUT/logs/api-service.log" >&2
  status=1
fi
exit "$status"
