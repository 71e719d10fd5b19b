#!/usr/bin/env bash
# Validates docker-compose.yml offline, without a Docker engine:
#   1. tools/compose-validate (Go, compose-go: the library Docker Compose is built on) loads the
#      file with interpolation, validates it against the compose-spec schema and for
#      consistency, then checks this repo's invariants on the parsed model and on the two
#      application Dockerfiles (pinned images, healthchecks, restart policies, depends_on
#      conditions, build-based app services, non-root USER, named volumes, bind-mounted
#      scripts exist, API key hashes well-formed);
#   2. with the operator template deploy/compose.env.example; without it the file must refuse to
#      load (no secret has a default);
#   3. a negative control: a copy with a typo'd key must be rejected;
#   4. compose and the native stack in step: no image from a deleted repository (MinIO's); the images'
#      versions, S3's (versitygw) included, are deploy/versions.env's (the
#      native stack builds those), Temporal's settings come from deploy/temporal/server.env for
#      both, deploy/native/stack.sh runs the same set-up scripts, and gives each application the
#      variables compose gives it, with the same values from the same settings file;
#   5. the validator's own tests (go test), the deploy/ shell scripts (sh -n, shellcheck if
#      installed), and `docker compose config` if that plugin happens to be installed.
#
# Idempotent and fast: the validator binary is cached in tools/compose-validate/bin/ (git-ignored)
# and rebuilt only when its sources change. Modules come from the Go module proxy (go.sum is
# committed and authoritative: -mod=readonly). Exits non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOL_DIR="$ROOT/tools/compose-validate"
BIN="$TOOL_DIR/bin/compose-validate"
COMPOSE_FILE="$ROOT/docker-compose.yml"
ENV_EXAMPLE="$ROOT/deploy/compose.env.example"

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'validate-compose: FAILED: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "the Go toolchain (go) is not installed"
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly"
export GOPROXY="${GOPROXY:-https://proxy.golang.org,direct}"

step "validator binary ($BIN)"
if [ ! -x "$BIN" ] || [ -n "$(find "$TOOL_DIR" -maxdepth 1 \
  \( -name '*.go' -o -name go.mod -o -name go.sum \) -newer "$BIN")" ]; then
  (cd "$TOOL_DIR" && go build -o bin/compose-validate .) || die "cannot build tools/compose-validate"
  echo "built"
else
  echo "up to date (cached)"
fi

step "no secret has a default: each is \${VAR:?...}"
# (an access key ID names a user; it is not a secret)
if grep -nE '\$\{[A-Z0-9_]*(PASSWORD|SECRET|_KEY|API_KEY_SHA256)[A-Z0-9_]*:?-' "$COMPOSE_FILE" | grep -v '_KEY_ID:-'; then
  die "the lines above give a secret a default; use \${VAR:?why} instead"
fi
echo "none"

step "docker-compose.yml without any settings must refuse to load"
empty_env="$(mktemp)"
if "$BIN" -file "$COMPOSE_FILE" -project-dir "$ROOT" -env-file "$empty_env" >"$empty_env.out" 2>&1; then
  rm -f "$empty_env" "$empty_env.out"
  die "docker-compose.yml loaded with no secrets set"
fi
grep -q "required variable" "$empty_env.out" || { cat "$empty_env.out"; rm -f "$empty_env" "$empty_env.out"; die "refused, but not for a missing secret"; }
sed -n '1,3s/^/    /p' "$empty_env.out"   # the first lines only (no pipe into head: pipefail and SIGPIPE)
rm -f "$empty_env" "$empty_env.out"

step "docker-compose.yml with deploy/compose.env.example"
"$BIN" -file "$COMPOSE_FILE" -project-dir "$ROOT" -env-file "$ENV_EXAMPLE" -v \
  || die "docker-compose.yml is invalid with deploy/compose.env.example"

step "negative control: a copy with a typo'd key must be rejected"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
sed '0,/^    healthcheck:/s//    healtcheck:/' "$COMPOSE_FILE" >"$tmp/docker-compose.yml"
cmp -s "$COMPOSE_FILE" "$tmp/docker-compose.yml" && die "negative control: could not introduce the typo"
if "$BIN" -file "$tmp/docker-compose.yml" -project-dir "$ROOT" -env-file "$ENV_EXAMPLE" >"$tmp/out.txt" 2>&1; then
  cat "$tmp/out.txt"
  die "negative control: the validator accepted a file with the key 'healtcheck'"
fi
grep -q "healtcheck" "$tmp/out.txt" || { cat "$tmp/out.txt"; die "negative control: rejected, but not for the typo"; }
sed 's/^/    /' "$tmp/out.txt"
echo "rejected as expected"

step "compose and the native stack (deploy/native/stack.sh) give the applications the same settings"
# Every variable docker-compose.yml gives an application, the native stack gives it too, with the same
# value from the same settings file (the S3 accounts included), except addresses and ports.
where_it_runs='^(TEMPORAL_ADDRESS|S3_ENDPOINT|S3_PUBLIC_ENDPOINT|API_PORT|API_MANAGEMENT_PORT|MANAGEMENT_PORT|RATE_LIMIT_INSTANCES|WORKER_TEMP_DIR)='
for pair in api-service:api-1 workflow-worker:worker-1; do
  service="${pair%%:*}" component="${pair#*:}"
  "$BIN" -file "$COMPOSE_FILE" -project-dir "$ROOT" -env-file "$ENV_EXAMPLE" -print-env "$service" >"$tmp/compose.env" \
    || die "cannot read the environment of $service"
  env -i PATH="$PATH" HOME="${HOME:-/tmp}" NATIVE_ENV_FILE="$ENV_EXAMPLE" bash "$ROOT/deploy/native/stack.sh" env "$component" \
    | sort >"$tmp/native.env" || die "deploy/native/stack.sh env $component failed"
  missing="$(cut -d= -f1 "$tmp/compose.env" | grep -vxFf <(cut -d= -f1 "$tmp/native.env") || true)"
  [[ -z "$missing" ]] || die "deploy/native/stack.sh does not give $component what compose gives $service: $(echo $missing)"
  differ="$(grep -vE "$where_it_runs" "$tmp/compose.env" | grep -vxFf "$tmp/native.env" || true)"
  [[ -z "$differ" ]] || die "$service (compose) and $component (native) differ: $(echo $differ) vs $(grep -F "$(cut -d= -f1 <<<"$differ" | sed 's/$/=/')" "$tmp/native.env" | tr '\n' ' ')"
  echo "$service / $component: $(wc -l <"$tmp/compose.env") variables, the same values but for where each runs"
done

step "validator tests (go test)"
(cd "$TOOL_DIR" && go test ./...) || die "tools/compose-validate tests failed"

step "deploy/ shell scripts"
scripts=("$ROOT"/deploy/temporal/*.sh "$ROOT"/deploy/s3/policies.sh)
for script in "$ROOT"/deploy/native/*.sh "$ROOT"/deploy/s3/init.sh; do
  bash -n "$script" || die "syntax error in ${script#"$ROOT"/}"
done
for script in "${scripts[@]}"; do
  sh -n "$script" || die "syntax error in ${script#"$ROOT"/}"
done
if command -v shellcheck >/dev/null 2>&1; then
  shellcheck -s sh "${scripts[@]}" || die "shellcheck found problems in deploy/ scripts"
  echo "sh -n and shellcheck: ${#scripts[@]} scripts clean"
else
  echo "sh -n: ${#scripts[@]} scripts parse (shellcheck not installed: skipped)"
fi

step "docker compose config (only if the Compose plugin is installed)"
if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  docker compose --project-directory "$ROOT" -f "$COMPOSE_FILE" --env-file "$ENV_EXAMPLE" config --quiet \
    || die "docker compose config rejected docker-compose.yml"
  echo "docker compose config: valid"
else
  echo "skipped: no docker compose plugin here (compose-go above is the same parser)"
fi

printf '\nvalidate-compose: OK\n'
