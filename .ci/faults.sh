#!/usr/bin/env bash
# The fault suite (e2e-tests/src/test/java/org/bulkdocs/e2e/FaultSuite.java): the API and the worker as
# separate processes on the persisted Temporal dev server and on the SDK's embedded test server, with
# real crashes (kill -9) and real lost connections (S3 and the customer's endpoint cut off). Prints one
# table (also e2e-tests/target/faults/faults.md); fails when a run answered 200 is not delivered or
# stays running. A few minutes; installs the temporal CLI (go install, cached) when missing.
#
#   FAULTS_RUNS=100 FAULTS_DOCUMENTS=200 bash .ci/faults.sh   # the issue's full size
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_CLI="$(tools/go-tool.sh temporal)"
export TEMPORAL_CLI
for jar in api-service/target/api-service.jar workflow-worker/target/workflow-worker.jar local-stack/target/local-stack.jar; do
  [[ -f "$jar" ]] || { ./mvnw -B -q -DskipTests package; break; }
done

./mvnw -B -q -pl e2e-tests -am -Pfaults test \
  -Dfaults.runs="${FAULTS_RUNS:-60}" -Dfaults.documents="${FAULTS_DOCUMENTS:-20}" \
  ${FAULTS_SEED:+-Dfaults.seed="$FAULTS_SEED"} -Dsurefire.failIfNoSpecifiedTests=false
cat e2e-tests/target/faults/faults.md
