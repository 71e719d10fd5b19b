#!/usr/bin/env bash
# Validates the Kubernetes manifests (deploy/kubernetes) offline, without a cluster or kubectl:
#   1. tools/k8s-validate (Go) renders each overlay with kustomize's library (krusty, the code
#      `kubectl kustomize` runs) from the files on disk: overlays/local, overlays/production, and
#      production with components/temporal-cloud-mtls in place of the API-key component;
#   2. decodes every rendered object strictly into its k8s.io/api v0.37 type (KEDA's ScaledObject and
#      TriggerAuthentication into the subset of KEDA's types in tools/k8s-validate/keda.go): an unknown,
#      misspelt or duplicate field fails;
#   3. checks this repository's invariants on them: containers non-root with a read-only root
#      filesystem, no privilege escalation, ALL capabilities dropped, seccomp RuntimeDefault, no service
#      account token, resources set, images pinned (never latest) and in step with deploy/versions.env
#      and pom.xml; probes on the management ports of application.yml; no customer-facing Service on
#      the API's management port; no secret in a plain value; RATE_LIMIT_INSTANCES equal to the API's
#      replicas; the worker's terminationGracePeriodSeconds above one webhook attempt plus shutdown
#      (from application.yml and DeliveryPolicyActivitiesImpl); NetworkPolicies with a default deny and
#      egress ipBlocks that except the private, CGNAT, loopback, link-local (cloud metadata) and
#      unique-local ranges; the KEDA temporal trigger on TaskQueues.BULK_DOWNLOAD at the workers'
#      Temporal; in production no rendered Secret and no demo value;
#   4. the validator's tests (go test): negative controls (a typo'd field, a privileged container, a
#      NetworkPolicy that lets 169.254.169.254 through, a RATE_LIMIT_INSTANCES mismatch, ... rejected);
#   5. `kubectl kustomize` on each overlay too, only if kubectl happens to be installed.
#
# Idempotent and fast: the validator binary is cached in tools/k8s-validate/bin/ (git-ignored) and
# rebuilt only when its sources change. Modules come from the Go module proxy (go.sum is committed and
# authoritative: -mod=readonly). Exits non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOL_DIR="$ROOT/tools/k8s-validate"
BIN="$TOOL_DIR/bin/k8s-validate"

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'validate-k8s: FAILED: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "the Go toolchain (go) is not installed"
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly"
export GOPROXY="${GOPROXY:-https://proxy.golang.org,direct}"

step "validator binary ($BIN)"
if [ ! -x "$BIN" ] || [ -n "$(find "$TOOL_DIR" -maxdepth 1 \
  \( -name '*.go' -o -name go.mod -o -name go.sum \) -newer "$BIN")" ]; then
  (cd "$TOOL_DIR" && go vet ./... && go build -o bin/k8s-validate .) || die "cannot build tools/k8s-validate"
  echo "built (go vet clean)"
else
  echo "up to date (cached)"
fi

step "render (kustomize/krusty), strict decoding and invariants: every overlay"
"$BIN" -root "$ROOT" -v || die "the manifests in deploy/kubernetes break the checks above"

step "validator tests (go test): negative controls"
(cd "$TOOL_DIR" && go test ./...) || die "tools/k8s-validate tests failed"

step "kubectl kustomize (only if kubectl is installed)"
if command -v kubectl >/dev/null 2>&1; then
  for overlay in local production; do
    kubectl kustomize "$ROOT/deploy/kubernetes/overlays/$overlay" >/dev/null \
      || die "kubectl kustomize rejected overlays/$overlay"
    echo "kubectl kustomize overlays/$overlay: renders"
  done
else
  echo "skipped: no kubectl here (krusty above is the library kubectl kustomize runs)"
fi

printf '\nvalidate-k8s: OK\n'
