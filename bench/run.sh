#!/usr/bin/env bash
# The benchmark suite: figures side by side with their baselines, from one run, as Markdown tables in
# e2e-tests/target/bench/. Not part of the test command (./mvnw -B verify); run it on a quiet machine.
#
#   bench/run.sh                 # every benchmark
#   bench/run.sh trigger-path    # one of them: trigger-path
#
# Installs what it needs with `go install` when missing (cached in $(go env GOPATH)/bin): the temporal
# CLI (the real dev server) and versitygw (an S3 API whose listing does not dominate); builds the jars
# when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_CLI="$(tools/go-tool.sh temporal)"
VERSITYGW="$(tools/go-tool.sh versitygw)"
export TEMPORAL_CLI VERSITYGW

if [[ ! -f api-service/target/api-service.jar || ! -f workflow-worker/target/workflow-worker.jar ]]; then
  ./mvnw -B -q -DskipTests package
fi

declare -A classes=([trigger-path]=TriggerPathBenchmark)
selected=("$@")
((${#selected[@]})) || selected=("${!classes[@]}")
tests=()
for name in "${selected[@]}"; do
  [[ -n "${classes[$name]:-}" ]] || { echo "bench: unknown benchmark '$name' (known: ${!classes[*]})" >&2; exit 2; }
  tests+=("${classes[$name]}")
done

./mvnw -B -q -pl e2e-tests -am -Pbench test -Dtest="$(IFS=,; echo "${tests[*]}")" \
  -Dsurefire.failIfNoSpecifiedTests=false
echo "== tables in e2e-tests/target/bench/:"
cat e2e-tests/target/bench/*.md
