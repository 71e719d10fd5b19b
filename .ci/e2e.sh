#!/usr/bin/env bash
# End-to-end suite on the real Temporal server: `temporal server start-dev` (built from the CLI's Go
# module, cached in $(go env GOPATH)/bin), the API and worker as separate processes from their jars,
# S3Proxy, a webhook receiver, and headless Chromium screenshots of the Temporal UI
# (e2e-tests/target/e2e/screenshots/).
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_CLI="$(tools/go-tool.sh temporal)"
export TEMPORAL_CLI

if [[ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]]; then
  echo "== installing Debian's chromium for the UI screenshots"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get install -y -q chromium >/dev/null || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q chromium >/dev/null; }
fi

if [[ ! -f api-service/target/api-service.jar || ! -f workflow-worker/target/workflow-worker.jar ]]; then
  ./mvnw -B -q -DskipTests package
fi

./mvnw -B -pl e2e-tests -am -Pe2e test
