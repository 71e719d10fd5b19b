#!/usr/bin/env bash
# The production topology on one machine, without Docker: what docker-compose.yml deploys, as native
# processes. Temporal's own server (the binary of the temporalio/server image, same version) on
# PostgreSQL (Debian's package), the Temporal Web UI, an S3 API (versitygw), two workflow workers and
# two API instances, each on its own ports.
#
#   deploy/native/stack.sh start            # builds and installs what is missing, starts what is not running
#   deploy/native/stack.sh stop             # stops everything (data kept in $NATIVE_DATA_DIR)
#   deploy/native/stack.sh status           # one line per component
#   deploy/native/stack.sh reset            # stops everything and deletes its data (runs, documents)
#   deploy/native/stack.sh start|stop|kill|restart <component>    # one of: $COMPONENTS below
#   deploy/native/stack.sh env <component>  # the environment an application is started with (s3: the S3 admin's;
#                                           # temporal-client: the frontend's address and mTLS files, for the temporal CLI)
#
# Settings: the same file as docker-compose.yml (.env in the repository root if present, else the
# demo template deploy/compose.env.example; NATIVE_ENV_FILE picks another), the shell's environment
# winning over it as with compose. Versions: deploy/versions.env. Set-up: the compose deployment's own
# scripts (deploy/temporal/setup-schema.sh, setup-namespace.sh), server settings
# (deploy/temporal/server.env, dynamicconfig/docker.yaml) and S3 set-up (deploy/s3/init.sh, the script
# of compose's s3-init). Logs: $NATIVE_DATA_DIR/logs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=../../tools/lib.sh
LIB_NAME=stack source tools/lib.sh

COMPONENTS="postgres temporal ui s3 worker-1 worker-2 api-1 api-2"

# ------------------------------------------------------------------ settings
ENV_FILE="${NATIVE_ENV_FILE:-}"
if [[ -z "$ENV_FILE" ]]; then
  ENV_FILE="$ROOT/.env"
  [[ -f "$ENV_FILE" ]] || ENV_FILE="$ROOT/deploy/compose.env.example"
fi
load_settings "$ENV_FILE"
load_settings "$ROOT/deploy/versions.env"

DATA="${NATIVE_DATA_DIR:-$ROOT/.native-stack}"
LOGS="$DATA/logs"
RUN="$DATA/run"
BIND="${PUBLIC_BIND_ADDRESS:-127.0.0.1}"
POSTGRES_PORT="${NATIVE_POSTGRES_PORT:-5433}"
TEMPORAL_PORT="${TEMPORAL_GRPC_HOST_PORT:-7233}"
UI_PORT="${TEMPORAL_UI_HOST_PORT:-8233}"
S3_PORT="${NATIVE_S3_PORT:-${S3_HOST_PORT:-9000}}"
API_1_PORT="${NATIVE_API_1_PORT:-${API_PORT:-8080}}"
API_2_PORT="${NATIVE_API_2_PORT:-$((API_1_PORT + 3))}"
API_1_MANAGEMENT_PORT="${NATIVE_API_1_MANAGEMENT_PORT:-$((API_1_PORT + 2))}"
API_2_MANAGEMENT_PORT="${NATIVE_API_2_MANAGEMENT_PORT:-$((API_2_PORT + 1))}"
WORKER_1_MANAGEMENT_PORT="${NATIVE_WORKER_1_MANAGEMENT_PORT:-${MANAGEMENT_PORT:-8081}}"
WORKER_2_MANAGEMENT_PORT="${NATIVE_WORKER_2_MANAGEMENT_PORT:-$((API_2_PORT + 2))}"
READY_TIMEOUT="${READY_TIMEOUT:-180}"

log() { echo "stack: $*"; }
die() { echo "stack: $*" >&2; exit 1; }

# ------------------------------------------------------------------ processes
pid_of() { [[ -f "$RUN/$1.pid" ]] && cat "$RUN/$1.pid"; }
running() { local pid; pid="$(pid_of "$1" || true)"; [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }

# Detached from this shell (its own session), output appended to its log, pid in $RUN.
launch() { # name command...
  local name=$1; shift
  mkdir -p "$LOGS" "$RUN"
  echo "---- $(date -u +%FT%TZ) start" >>"$LOGS/$name.log"
  setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
}

wait_until() { # name description command...
  local name=$1 what=$2; shift 2
  local deadline=$((SECONDS + READY_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    running "$name" || { tail -n 30 "$LOGS/$name.log" >&2; die "$name exited while waiting for $what (log: $LOGS/$name.log)"; }
    ((SECONDS < deadline)) || die "timed out after ${READY_TIMEOUT}s waiting for $what (log: $LOGS/$name.log)"
    sleep 0.3
  done
}


stop_one() { # name [signal]: the signal (default TERM), then up to 60 s, then kill -9
  local name=$1 signal=${2:-TERM} pid
  running "$name" || { rm -f "$RUN/$name.pid"; return 0; }
  pid="$(pid_of "$name")"
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  rm -f "$RUN/$name.pid"
  log "$name stopped"
}

kill_one() { # a crash: kill -9, nothing graceful
  local name=$1 pid
  running "$name" || die "$name is not running"
  pid="$(pid_of "$name")"
  kill -9 "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  rm -f "$RUN/$name.pid"
  log "$name killed (kill -9 of pid $pid)"
}

# ------------------------------------------------------------------ PostgreSQL
pg_bin() {
  local dir="/usr/lib/postgresql/$POSTGRES_MAJOR/bin"
  if [[ ! -x "$dir/postgres" ]]; then
    [[ "$(id -u)" == 0 ]] || die "PostgreSQL $POSTGRES_MAJOR is missing: apt-get install postgresql-$POSTGRES_MAJOR (as root)"
    log "installing Debian's postgresql-$POSTGRES_MAJOR (cached afterwards)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "postgresql-$POSTGRES_MAJOR" >"$LOGS/apt.log" 2>&1 \
      || { apt-get update -q >>"$LOGS/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "postgresql-$POSTGRES_MAJOR" >>"$LOGS/apt.log" 2>&1; } \
      || die "could not install postgresql-$POSTGRES_MAJOR (log: $LOGS/apt.log)"
  fi
  echo "$dir"
}

# PostgreSQL refuses to run as root: as root it runs as the package's `postgres` user (setpriv
# execs, so the pid recorded is the postmaster's own).
AS_PG=()
[[ "$(id -u)" != 0 ]] || AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups --)

# Where PostgreSQL keeps its data and socket: under $NATIVE_DATA_DIR, unless that folder is out of
# the postgres user's reach (a checkout under a private home), then in that user's own home.
pg_dir() {
  local dir="$DATA/postgres"
  if [[ "$(id -u)" == 0 ]] && ! setpriv --reuid=postgres --regid=postgres --init-groups -- test -x "$DATA" 2>/dev/null; then
    dir="$(getent passwd postgres | cut -d: -f6)/bulkdocs-native-$(printf %s "$DATA" | cksum | cut -d' ' -f1)"
  fi
  echo "$dir"
}

start_postgres() {
  local bin dir pgdata
  bin="$(pg_bin)"
  dir="$(pg_dir)"
  pgdata="$dir/data"
  mkdir -p "$dir/socket" "$pgdata"
  [[ "$(id -u)" != 0 ]] || chown postgres "$dir" "$dir/socket" "$pgdata"
  chmod 700 "$pgdata"
  if [[ ! -f "$pgdata/PG_VERSION" ]]; then
    log "initialising PostgreSQL $POSTGRES_MAJOR in $pgdata (superuser ${TEMPORAL_DB_USER:-temporal})"
    local pwfile="$dir/pwfile.tmp"
    printf '%s\n' "${TEMPORAL_DB_PASSWORD:?set TEMPORAL_DB_PASSWORD (see deploy/compose.env.example)}" >"$pwfile"
    [[ "$(id -u)" != 0 ]] || chown postgres "$pwfile"
    "${AS_PG[@]}" "$bin/initdb" -D "$pgdata" -U "${TEMPORAL_DB_USER:-temporal}" --pwfile="$pwfile" \
      --auth-host=scram-sha-256 --auth-local=peer -E UTF8 >>"$LOGS/postgres.log" 2>&1 \
      || { rm -f "$pwfile"; die "initdb failed (log: $LOGS/postgres.log)"; }
    rm -f "$pwfile"
  fi
  # max_connections: Temporal's four services each open pools on both databases (docker-compose.yml too)
  launch postgres "${AS_PG[@]}" "$bin/postgres" -D "$pgdata" \
    -c listen_addresses=127.0.0.1 -c port="$POSTGRES_PORT" -c unix_socket_directories="$dir/socket" \
    -c max_connections=200
  wait_until postgres "PostgreSQL on 127.0.0.1:$POSTGRES_PORT" "$bin/pg_isready" -h 127.0.0.1 -p "$POSTGRES_PORT" -q
}

# ------------------------------------------------------------------ TLS
# Temporal's frontend requires a client certificate (mTLS), signed by a development CA made here at
# the first start and kept with the data. The server, the UI, the set-up script and both applications
# present certificates of that CA; a client without one is refused.
TLS_DIR="$DATA/tls"
TLS_SERVER_NAME=localhost

ensure_tls() {
  [[ -f "$TLS_DIR/client.pem" ]] && return 0
  command -v openssl >/dev/null || die "openssl is needed to create the development CA (apt-get install openssl)"
  mkdir -p "$TLS_DIR"
  chmod 700 "$TLS_DIR"
  log "creating a development CA and Temporal's certificates in $TLS_DIR"
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${ec[@]}" -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.pem" -days 825 \
    -subj "/CN=bulkdocs development CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>>"$LOGS/tls.log"
  issue_cert server "temporal" "subjectAltName=DNS:$TLS_SERVER_NAME,IP:127.0.0.1
extendedKeyUsage=serverAuth,clientAuth"
  issue_cert client "bulkdocs" "extendedKeyUsage=clientAuth"
}

issue_cert() { # name common-name extensions: a key (PKCS#8 PEM) and a certificate signed by the CA
  openssl req "${ec[@]}" -keyout "$TLS_DIR/$1.key" -out "$TLS_DIR/$1.csr" -subj "/CN=$2" 2>>"$LOGS/tls.log"
  openssl x509 -req -in "$TLS_DIR/$1.csr" -CA "$TLS_DIR/ca.pem" -CAkey "$TLS_DIR/ca.key" -CAcreateserial \
    -days 825 -out "$TLS_DIR/$1.pem" -extfile <(printf '%s\nkeyUsage=critical,digitalSignature\n' "$3") 2>>"$LOGS/tls.log"
  rm -f "$TLS_DIR/$1.csr"
  chmod 600 "$TLS_DIR/$1.key"
}

temporal_client_env() { # what every client of the frontend is given: the services, the UI and the temporal CLI read the same names
  echo "TEMPORAL_TLS_CA=$TLS_DIR/ca.pem"
  echo "TEMPORAL_TLS_CERT=$TLS_DIR/client.pem"
  echo "TEMPORAL_TLS_KEY=$TLS_DIR/client.key"
  echo "TEMPORAL_TLS_SERVER_NAME=$TLS_SERVER_NAME"
}

# ------------------------------------------------------------------ Temporal
temporal_env() { # the temporal service's environment in docker-compose.yml, on this machine
  load_settings "$ROOT/deploy/temporal/server.env"
  export DB_PORT="$POSTGRES_PORT" POSTGRES_SEEDS=127.0.0.1 POSTGRES_USER="${TEMPORAL_DB_USER:-temporal}"
  export POSTGRES_PWD="${TEMPORAL_DB_PASSWORD:?set TEMPORAL_DB_PASSWORD}" SQL_PASSWORD="${TEMPORAL_DB_PASSWORD}"
  export BIND_ON_IP=127.0.0.1 NUM_HISTORY_SHARDS="${TEMPORAL_NUM_HISTORY_SHARDS:-4}" LOG_LEVEL="${TEMPORAL_LOG_LEVEL:-info}"
  export DYNAMIC_CONFIG_FILE_PATH="$ROOT/deploy/temporal/dynamicconfig/docker.yaml"
  # every port follows the frontend's, as Temporal's defaults do (7233: 7234, 7235, ..., 6933, ...)
  local p=$TEMPORAL_PORT
  # Temporal stores membership ports as a PostgreSQL smallint
  ((p - 294 <= 32767)) || die "TEMPORAL_GRPC_HOST_PORT=$p: Temporal's membership ports ($((p - 300))..) must stay below 32768"
  export FRONTEND_GRPC_PORT=$p HISTORY_GRPC_PORT=$((p + 1)) MATCHING_GRPC_PORT=$((p + 2))
  export INTERNAL_FRONTEND_GRPC_PORT=$((p + 3)) WORKER_GRPC_PORT=$((p + 6)) FRONTEND_HTTP_PORT=$((p + 10))
  export INTERNAL_FRONTEND_HTTP_PORT=$((p + 13)) FRONTEND_MEMBERSHIP_PORT=$((p - 300))
  export HISTORY_MEMBERSHIP_PORT=$((p - 299)) MATCHING_MEMBERSHIP_PORT=$((p - 298))
  export INTERNAL_FRONTEND_MEMBERSHIP_PORT=$((p - 297)) WORKER_MEMBERSHIP_PORT=$((p - 294))
  # mTLS on the frontend and between the server's own services, whose system worker presents the
  # server certificate as its client certificate (the template's implicit system-worker TLS)
  export TEMPORAL_TLS_REQUIRE_CLIENT_AUTH=true TEMPORAL_TLS_SERVER_CA_CERT="$TLS_DIR/ca.pem"
  export TEMPORAL_TLS_SERVER_CERT="$TLS_DIR/server.pem" TEMPORAL_TLS_SERVER_KEY="$TLS_DIR/server.key"
  export TEMPORAL_TLS_FRONTEND_CERT="$TLS_DIR/server.pem" TEMPORAL_TLS_FRONTEND_KEY="$TLS_DIR/server.key"
  export TEMPORAL_TLS_CLIENT1_CA_CERT="$TLS_DIR/ca.pem" TEMPORAL_TLS_CLIENT2_CA_CERT="$TLS_DIR/ca.pem"
  export TEMPORAL_TLS_INTERNODE_SERVER_NAME=$TLS_SERVER_NAME TEMPORAL_TLS_FRONTEND_SERVER_NAME=$TLS_SERVER_NAME
}

start_temporal() {
  local server sql_tool cli module
  server="$(tools/go-tool.sh temporal-server)"
  sql_tool="$(tools/go-tool.sh temporal-sql-tool)"
  cli="$(tools/go-tool.sh temporal)"
  module="$(tools/go-tool.sh module-dir temporal-server)"
  mkdir -p "$DATA/bin"
  ln -sf "$sql_tool" "$DATA/bin/temporal-sql-tool"
  ln -sf "$cli" "$DATA/bin/temporal"
  ensure_tls
  (
    temporal_env
    log "schema: deploy/temporal/setup-schema.sh (Temporal $TEMPORAL_SERVER_VERSION)"
    PATH="$DATA/bin:$PATH" SCHEMA_ROOT="$module/schema/postgresql/v12" sh deploy/temporal/setup-schema.sh >>"$LOGS/temporal-schema.log" 2>&1 \
      || { tail -n 20 "$LOGS/temporal-schema.log" >&2; die "schema set-up failed (log: $LOGS/temporal-schema.log)"; }
    # `server start` without a config file renders the template embedded in the binary from these
    # variables: what the temporalio/server image's entrypoint runs
    launch temporal "$server" start
  )
  wait_until temporal "Temporal's frontend on 127.0.0.1:$TEMPORAL_PORT" port_open 127.0.0.1 "$TEMPORAL_PORT"
  sleep 1
  running temporal || { tail -n 5 "$LOGS/temporal.log" >&2; die "temporal exited after opening its port (log: $LOGS/temporal.log)"; }
  log "namespace and search attributes: deploy/temporal/setup-namespace.sh"
  local -a tls_env=()
  mapfile -t tls_env < <(temporal_client_env)
  env "${tls_env[@]}" PATH="$DATA/bin:$PATH" TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT" sh deploy/temporal/setup-namespace.sh >>"$LOGS/temporal-setup.log" 2>&1 \
    || { tail -n 20 "$LOGS/temporal-setup.log" >&2; die "namespace set-up failed (log: $LOGS/temporal-setup.log)"; }
}

start_ui() {
  local ui module
  ui="$(tools/go-tool.sh temporal-ui-server)"
  module="$(tools/go-tool.sh module-dir temporal-ui-server)"
  # The image's own config template (the module's config/docker.yaml), plus the address to listen on:
  # the image listens on every interface of its container, a host process only on the admin address.
  mkdir -p "$DATA/ui/config"
  cp "$module"/config/*.yaml "$DATA/ui/config/"
  chmod u+w "$DATA/ui/config/"*.yaml
  printf '\nhost: %s\n' "${ADMIN_BIND_ADDRESS:-127.0.0.1}" >>"$DATA/ui/config/docker.yaml"
  # the temporalio/ui service's settings in docker-compose.yml, plus the frontend's mTLS; payloads are
  # decoded by the first API instance's codec server (management port, token in the path)
  (
    while IFS= read -r setting; do export "${setting?}"; done < <(temporal_client_env)
    TEMPORAL_TLS_ENABLE_HOST_VERIFICATION=true \
      TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT" TEMPORAL_UI_PORT="$UI_PORT" TEMPORAL_CSRF_COOKIE_INSECURE=true \
      TEMPORAL_DEFAULT_NAMESPACE="${TEMPORAL_NAMESPACE:-default}" \
      TEMPORAL_CODEC_ENDPOINT="http://127.0.0.1:$API_1_MANAGEMENT_PORT/codec/${CODEC_SERVER_TOKEN:?set CODEC_SERVER_TOKEN}" \
      launch ui "$ui" --root "$DATA/ui" --env docker start
  )
  wait_until ui "the Temporal UI on :$UI_PORT" http_ok "http://${ADMIN_BIND_ADDRESS:-127.0.0.1}:$UI_PORT/healthz"
}

# ------------------------------------------------------------------ S3
start_s3() {
  local gw
  # the S3 port is published on $BIND (customers download there): its admin account must not be the
  # template's public demo value unless nothing off this machine can reach it (deploy/s3/init.sh
  # refuses it too, as compose's s3-init does; this stops before the gateway starts)
  if [[ "${S3_ADMIN_SECRET_ACCESS_KEY:-}" == change-me-demo* && ! "$BIND" =~ ^(127\.|::1$|localhost$) ]]; then
    die "refusing to start S3: S3_ADMIN_SECRET_ACCESS_KEY holds a public demo value and S3 is published on $BIND; set a real secret (deploy/compose.env.example says how), or bind to loopback for a demo"
  fi
  gw="$(tools/go-tool.sh versitygw)"
  mkdir -p "$DATA/s3" "$DATA/s3-accounts"   # a bucket is a folder of the first; accounts in the second
  ROOT_ACCESS_KEY="${S3_ADMIN_ACCESS_KEY_ID:-bulkdocs-s3-admin}" ROOT_SECRET_KEY="${S3_ADMIN_SECRET_ACCESS_KEY:?set S3_ADMIN_SECRET_ACCESS_KEY}" \
    launch s3 "$gw" --port "$BIND:$S3_PORT" --iam-dir "$DATA/s3-accounts" posix "$DATA/s3"
  wait_until s3 "versitygw on $BIND:$S3_PORT" port_open "$BIND" "$S3_PORT"
  # compose's s3-init: the bucket, one account per application, the bucket policy
  S3_URL="http://$BIND:$S3_PORT" VERSITYGW="$gw" \
    S3_ADMIN_ACCESS_KEY_ID="${S3_ADMIN_ACCESS_KEY_ID:-bulkdocs-s3-admin}" S3_ADMIN_SECRET_ACCESS_KEY="$S3_ADMIN_SECRET_ACCESS_KEY" \
    S3_PUBLISHED_ADDRESS="$BIND" \
    S3_BUCKET="${S3_BUCKET:-medical-documents}" \
    S3_API_ACCESS_KEY_ID="${S3_API_ACCESS_KEY_ID:-bulkdocs-api}" S3_API_SECRET_ACCESS_KEY="${S3_API_SECRET_ACCESS_KEY:?set S3_API_SECRET_ACCESS_KEY}" \
    S3_WORKER_ACCESS_KEY_ID="${S3_WORKER_ACCESS_KEY_ID:-bulkdocs-worker}" S3_WORKER_SECRET_ACCESS_KEY="${S3_WORKER_SECRET_ACCESS_KEY:?set S3_WORKER_SECRET_ACCESS_KEY}" \
    bash deploy/s3/init.sh >>"$LOGS/s3-init.log" 2>&1 \
    || { tail -n 20 "$LOGS/s3-init.log" >&2; die "S3 set-up failed (log: $LOGS/s3-init.log)"; }
}

# ------------------------------------------------------------------ the applications
# The environment docker-compose.yml gives each application, on this machine; `s3`: the S3 admin's,
# for operators loading documents.
app_env() { # component
  local n=${1##*-}
  if [[ "$1" == s3 ]]; then
    echo "S3_ENDPOINT=http://127.0.0.1:$S3_PORT"
    echo "S3_REGION=${S3_REGION:-us-east-1}"
    echo "S3_BUCKET=${S3_BUCKET:-medical-documents}"
    echo "S3_ACCESS_KEY_ID=${S3_ADMIN_ACCESS_KEY_ID:-bulkdocs-s3-admin}"
    echo "S3_SECRET_ACCESS_KEY=${S3_ADMIN_SECRET_ACCESS_KEY:?set S3_ADMIN_SECRET_ACCESS_KEY}"
    return
  fi
  echo "TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_PORT"
  echo "TEMPORAL_NAMESPACE=${TEMPORAL_NAMESPACE:-default}"
  temporal_client_env
  echo "BULKDOCS_PUBLISHED_ADDRESS=$BIND"
  echo "S3_ENDPOINT=http://127.0.0.1:$S3_PORT"
  echo "S3_REGION=${S3_REGION:-us-east-1}"
  echo "S3_BUCKET=${S3_BUCKET:-medical-documents}"
  echo "S3_PATH_STYLE=true"
  echo "SETTINGS_PREFIX=${SETTINGS_PREFIX:-_bulkdocs/}"
  echo "WEBHOOK_KEY_ENCRYPTION_KEYS=${WEBHOOK_KEY_ENCRYPTION_KEYS:?set WEBHOOK_KEY_ENCRYPTION_KEYS}"
  echo "WEBHOOK_KEY_ENCRYPTION_ACTIVE=${WEBHOOK_KEY_ENCRYPTION_ACTIVE:?set WEBHOOK_KEY_ENCRYPTION_ACTIVE}"
  echo "PAYLOAD_ENCRYPTION_KEYS=${PAYLOAD_ENCRYPTION_KEYS:?set PAYLOAD_ENCRYPTION_KEYS}"
  echo "PAYLOAD_ENCRYPTION_ACTIVE=${PAYLOAD_ENCRYPTION_ACTIVE:?set PAYLOAD_ENCRYPTION_ACTIVE}"
  echo "WEBHOOK_ALLOW_PRIVATE_ADDRESSES=${WEBHOOK_ALLOW_PRIVATE_ADDRESSES:-false}"
  # traces (docs/operating.md, Traces): off while the endpoint is empty
  echo "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${OTEL_EXPORTER_OTLP_TRACES_ENDPOINT:-}"
  case "$1" in
    api-*)
      local port management
      port="API_${n}_PORT"; management="API_${n}_MANAGEMENT_PORT"
      # the API's own account: lists documents, reads and writes settings and the ledger only
      echo "S3_ACCESS_KEY_ID=${S3_API_ACCESS_KEY_ID:-bulkdocs-api}"
      echo "S3_SECRET_ACCESS_KEY=${S3_API_SECRET_ACCESS_KEY:?set S3_API_SECRET_ACCESS_KEY}"
      echo "SERVER_ADDRESS=$BIND"
      echo "API_PORT=${!port}"
      echo "MANAGEMENT_SERVER_ADDRESS=127.0.0.1"
      echo "API_MANAGEMENT_PORT=${!management}"
      # the codec server the UI decodes payloads through (from the operator's browser on the UI's origin)
      echo "CODEC_SERVER_TOKEN=${CODEC_SERVER_TOKEN:?set CODEC_SERVER_TOKEN}"
      echo "CODEC_SERVER_CORS_ORIGINS=http://localhost:$UI_PORT,http://127.0.0.1:$UI_PORT"
      echo "WEBHOOK_ALLOW_HTTP=${WEBHOOK_ALLOW_HTTP:-false}"
      # the rate limits are the deployment's: each of the two instances enforces half of them
      echo "RATE_LIMIT_INSTANCES=2"
      echo "BULKDOCS_CUSTOMERS_0_ID=${BULKDOCS_CUSTOMERS_0_ID:?set BULKDOCS_CUSTOMERS_0_ID}"
      echo "BULKDOCS_CUSTOMERS_0_API_KEY_SHA256=${BULKDOCS_CUSTOMERS_0_API_KEY_SHA256:?set BULKDOCS_CUSTOMERS_0_API_KEY_SHA256}"
      echo "TRACING_SAMPLING_PROBABILITY=${TRACING_SAMPLING_PROBABILITY:-0.0}"
      echo "RUN_EXPECTED_TIME=${RUN_EXPECTED_TIME:-1h}"
      # the budgets themselves (RATE_LIMIT_*, see docs/api.md), when the settings or the shell give any
      local var
      for var in $(compgen -e | grep '^RATE_LIMIT_' | grep -v '^RATE_LIMIT_INSTANCES$' || true); do
        echo "$var=${!var}"
      done
      ;;
    worker-*)
      local management="WORKER_${n}_MANAGEMENT_PORT"
      # the worker's own account: reads documents (and signs their URLs), writes staging and state only
      echo "S3_ACCESS_KEY_ID=${S3_WORKER_ACCESS_KEY_ID:-bulkdocs-worker}"
      echo "S3_SECRET_ACCESS_KEY=${S3_WORKER_SECRET_ACCESS_KEY:?set S3_WORKER_SECRET_ACCESS_KEY}"
      echo "MANAGEMENT_PORT=${!management}"
      echo "S3_PUBLIC_ENDPOINT=${S3_PUBLIC_ENDPOINT:-http://localhost:$S3_PORT}"
      echo "STAGING_PREFIX=${STAGING_PREFIX:-_bulkdocs/staging/}"
      echo "JAVA_TOOL_OPTIONS=${WORKER_JAVA_OPTIONS-}"
      echo "URL_VALIDITY=${URL_VALIDITY:-60m}"
      echo "DELIVERY_WINDOW=${DELIVERY_WINDOW:-24h}"
      echo "WEBHOOK_PAGE_SIZE=${WEBHOOK_PAGE_SIZE:-0}"
      echo "WEBHOOK_MAX_MESSAGE_BYTES=${WEBHOOK_MAX_MESSAGE_BYTES:-10485760}"
      echo "WORKER_MAX_CONCURRENT_LARGE_WORK=${WORKER_MAX_CONCURRENT_LARGE_WORK:-8}"
      # each worker's scratch space on disk, as compose's volume (created by start_app)
      echo "WORKER_TEMP_DIR=$DATA/$1/work"
      echo "WORKER_TEMP_MIN_FREE=${WORKER_TEMP_MIN_FREE:-512MB}"
      echo "TRACING_SAMPLING_PROBABILITY=${WORKER_TRACING_SAMPLING_PROBABILITY:-0.0}"
      [[ -z "${DELIVERY_INITIAL_BACKOFF:-}" ]] || echo "DELIVERY_INITIAL_BACKOFF=$DELIVERY_INITIAL_BACKOFF"
      [[ -z "${DELIVERY_MAX_BACKOFF:-}" ]] || echo "DELIVERY_MAX_BACKOFF=$DELIVERY_MAX_BACKOFF"
      ;;
  esac
}

start_app() { # component
  local name=$1 module jar health
  case "$name" in
    api-*) module=api-service; health="API_${name##*-}_MANAGEMENT_PORT" ;;
    worker-*) module=workflow-worker; health="WORKER_${name##*-}_MANAGEMENT_PORT" ;;
  esac
  jar="$ROOT/$module/target/$module.jar"
  if [[ ! -f "$jar" ]]; then
    log "building the jars (./mvnw -B -q -DskipTests package)"
    ./mvnw -B -q -DskipTests package >"$LOGS/build.log" 2>&1 || { tail -n 30 "$LOGS/build.log" >&2; die "build failed"; }
  fi
  [[ "$name" != worker-* ]] || mkdir -p "$DATA/$name/work"
  local -a env_args=()
  mapfile -t env_args < <(app_env "$name")
  launch "$name" env "${env_args[@]}" java -jar "$jar"
  wait_until "$name" "$name's health" http_ok "http://127.0.0.1:${!health}/actuator/health"
}

# ------------------------------------------------------------------ commands
start_component() {
  local name=$1
  mkdir -p "$LOGS" "$RUN"
  if running "$name"; then log "$name already running (pid $(pid_of "$name"))"; return 0; fi
  local began=$SECONDS
  case "$name" in
    postgres) start_postgres ;;
    temporal) start_temporal ;;
    ui) start_ui ;;
    s3) start_s3 ;;
    worker-1 | worker-2 | api-1 | api-2) start_app "$name" ;;
    *) die "unknown component $name (one of: $COMPONENTS)" ;;
  esac
  log "$name up in $((SECONDS - began)) s (pid $(pid_of "$name"))"
}

stop_component() {
  case "$1" in
    # fast shutdown: PostgreSQL's own answer to SIGINT (rolls back open transactions, exits)
    postgres) stop_one postgres INT ;;
    temporal | ui | s3 | worker-1 | worker-2 | api-1 | api-2) stop_one "$1" ;;
    *) die "unknown component $1 (one of: $COMPONENTS)" ;;
  esac
}

banner() {
  cat <<BANNER

==========================================================================================
 The production topology on one machine (settings: ${ENV_FILE#"$ROOT"/})
   API          http://localhost:$API_1_PORT  and  http://localhost:$API_2_PORT
   Temporal     127.0.0.1:$TEMPORAL_PORT (server $TEMPORAL_SERVER_VERSION on PostgreSQL $POSTGRES_MAJOR at 127.0.0.1:$POSTGRES_PORT),
                mTLS only: CA and client certificate in $TLS_DIR (deploy/native/stack.sh env temporal-client)
   Temporal UI  http://localhost:$UI_PORT  (payloads decoded by api-1's codec server)
   S3           http://localhost:$S3_PORT  (versitygw $VERSITYGW_VERSION, bucket ${S3_BUCKET:-medical-documents} = $DATA/s3/${S3_BUCKET:-medical-documents})
   workers      2 (health :$WORKER_1_MANAGEMENT_PORT, :$WORKER_2_MANAGEMENT_PORT)
   logs         $LOGS
 Stop: deploy/native/stack.sh stop
==========================================================================================
BANNER
}

command="${1:-}"
target="${2:-}"
case "$command" in
  start)
    if [[ -n "$target" ]]; then start_component "$target"; exit 0; fi
    began=$SECONDS
    for name in $COMPONENTS; do start_component "$name"; done
    log "all up in $((SECONDS - began)) s"
    banner
    ;;
  stop)
    if [[ -n "$target" ]]; then stop_component "$target"; exit 0; fi
    # the applications first, Temporal before its database
    for name in api-2 api-1 worker-2 worker-1 ui temporal s3 postgres; do stop_component "$name"; done
    ;;
  reset)
    "$0" stop
    rm -rf "$(pg_dir)" "$DATA"
    log "data deleted"
    ;;
  restart) [[ -n "$target" ]] || die "restart needs a component"; stop_component "$target"; start_component "$target" ;;
  kill) [[ -n "$target" ]] || die "kill needs a component"; kill_one "$target" ;;
  status)
    for name in $COMPONENTS; do
      if running "$name"; then echo "$name running (pid $(pid_of "$name"))"; else echo "$name stopped"; fi
    done
    ;;
  env)
    case "$target" in
      api-* | worker-* | s3) app_env "$target" ;;
      temporal-client) temporal_client_env; echo "TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_PORT" ;;
      *) die "env needs api-N, worker-N, s3 or temporal-client" ;;
    esac
    ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
