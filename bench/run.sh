#!/usr/bin/env bash
# The benchmark suite: figures side by side with their baselines, from one run, as one Markdown table
# (target/bench/results.md; each benchmark's own in e2e-tests/target/bench/ and
# workflow-worker/target/bench/). Not part of the test command (./mvnw -B verify); run it on a quiet
# machine. About 15 minutes for all; the delivery benchmark seeds 500,000 documents (~2 GB of disk).
#
#   bench/run.sh                       # every benchmark
#   bench/run.sh trigger-path delivery # some: presign, trigger-path, delivery, topology
#
# `topology` runs on the production topology (deploy/native/stack.sh, started and stopped here, on
# ports 15433-19000 and its own data folder; it installs PostgreSQL and Temporal's server if missing).
#
# Installs what it needs with `go install` when missing (cached in $(go env GOPATH)/bin): the temporal
# CLI (the real dev server) and versitygw (an S3 API whose listing does not dominate); builds the jars
# when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_CLI="$(tools/go-tool.sh temporal)"
VERSITYGW="$(tools/go-tool.sh versitygw)"
export TEMPORAL_CLI VERSITYGW

# The processes run from the jars: built now, so they are never older than the sources.
./mvnw -B -q -DskipTests install

# name -> module:class; the module's target/bench/ receives its table
declare -A benchmarks=(
  [presign]=workflow-worker:UrlSignerBenchmark
  [trigger-path]=e2e-tests:TriggerPathBenchmark
  [delivery]=e2e-tests:DeliveryBenchmark
  [topology]=e2e-tests:TopologyBenchmark
)

# The production topology for the topology benchmark: its own ports and data, no limit on run starts.
with_native_stack() {
  export NATIVE_DATA_DIR="$PWD/e2e-tests/target/bench/native-stack"
  export NATIVE_POSTGRES_PORT=15433 TEMPORAL_GRPC_HOST_PORT=17233 TEMPORAL_UI_HOST_PORT=18233 NATIVE_S3_PORT=19000
  export API_PORT=18080 MANAGEMENT_PORT=18081 S3_PUBLIC_ENDPOINT="http://127.0.0.1:19000"
  export WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true WEBHOOK_ALLOW_HTTP=true
  export RATE_LIMIT_REQUESTS_PER_MINUTE=100000000 RATE_LIMIT_BURST=1000000
  trap 'deploy/native/stack.sh stop >/dev/null 2>&1 || true' EXIT
  deploy/native/stack.sh reset >/dev/null
  deploy/native/stack.sh start >/dev/null
  "$@"
  deploy/native/stack.sh stop >/dev/null
  trap - EXIT
}
selected=("$@")
((${#selected[@]})) || selected=(presign trigger-path delivery topology)
rm -rf e2e-tests/target/bench/*.md workflow-worker/target/bench/*.md
for name in "${selected[@]}"; do
  spec="${benchmarks[$name]:-}"
  [[ -n "$spec" ]] || { echo "bench: unknown benchmark '$name' (known: ${!benchmarks[*]})" >&2; exit 2; }
  module="${spec%%:*}"
  class="${spec#*:}"
  profile=()
  [[ "$module" == e2e-tests ]] && profile=(-Pbench)
  run=(./mvnw -B -q -pl "$module" "${profile[@]}" test -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false)
  if [[ "$name" == topology ]]; then
    (with_native_stack "${run[@]}")
  else
    "${run[@]}"
  fi
done

# One table: every benchmark's rows under one header, the benchmark named in the first column.
mkdir -p target/bench
{
  echo "| benchmark | figure | product | baseline | ratio | goal | |"
  echo "|---|---|---:|---:|---:|---|---|"
  for file in workflow-worker/target/bench/*.md e2e-tests/target/bench/*.md; do
    [[ -f "$file" ]] || continue
    title="$(sed -n '0,/^### /s/^### //p' "$file")"
    grep '^| ' "$file" | grep -v '^| figure ' | sed "s#^| #| ${title%%:*} | #"
  done
} > target/bench/results.md
echo "== target/bench/results.md (machine: $(nproc) cores; ratios, not absolute times, are what compare):"
cat target/bench/results.md
