#!/bin/sh
# One-shot (compose service temporal-setup, image temporalio/admin-tools): make sure the
# namespace exists and that the custom search attributes the workflow writes are registered.
# Run by both deployments: the compose service above, and deploy/native/stack.sh (with the temporal
# CLI on the PATH). Idempotent: existing namespace and attributes are left as they are.
#
# Environment: TEMPORAL_ADDRESS (host:port), TEMPORAL_NAMESPACE, TEMPORAL_NAMESPACE_RETENTION.
set -eu

ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-168h}"

# Name:Type pairs, from the one list of them beside this script (Name=Type lines).
SEARCH_ATTRIBUTES="$(grep -E '^[A-Za-z]' "$(dirname "$0")/search-attributes" | tr '=' ':' | tr '\n' ' ' | sed 's/ $//')"

log() { echo "temporal-setup: $*"; }

host="${ADDRESS%:*}"
port="${ADDRESS##*:}"
# Use the IPv4 address: the server listens on 0.0.0.0 only, and the CLI may otherwise try an
# IPv6 address of the service name first.
ipv4="$(getent ahosts "$host" 2>/dev/null | awk '$1 ~ /^[0-9.]+$/ { print $1; exit }')"
if [ -n "$ipv4" ]; then
  ADDRESS="$ipv4:$port"
fi
log "Temporal frontend at $ADDRESS ($host:$port), namespace '$NAMESPACE'"

retry() {
  # retry <attempts> <sleep-seconds> <command...>
  tries="$1"
  pause="$2"
  shift 2
  n=1
  until "$@"; do
    if [ "$n" -ge "$tries" ]; then
      return 1
    fi
    n=$((n + 1))
    sleep "$pause"
  done
}

log "waiting for cluster health"
if ! retry 60 2 temporal operator cluster health --address "$ADDRESS"; then
  log "cluster not healthy after 120 s" >&2
  exit 1
fi

namespace_exists() {
  temporal operator namespace describe --namespace "$NAMESPACE" --address "$ADDRESS" >/dev/null 2>&1
}

if namespace_exists; then
  log "namespace '$NAMESPACE' already exists"
else
  log "creating namespace '$NAMESPACE' (retention $RETENTION)"
  # a concurrent creator may win the race: success is judged by the describe below
  temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION" \
    --address "$ADDRESS" || true
  if ! retry 30 2 namespace_exists; then
    log "namespace '$NAMESPACE' could not be created" >&2
    exit 1
  fi
fi

list_attributes() {
  temporal operator search-attribute list --namespace "$NAMESPACE" --address "$ADDRESS"
}

# A namespace that was just created is found by `describe` (persistence) before the frontend's
# namespace cache knows it; search attribute commands go through that cache and fail with
# "Namespace ... is not found" for a few seconds.
log "waiting until the frontend's namespace cache knows '$NAMESPACE'"
if ! retry 30 2 list_attributes >/dev/null 2>&1; then
  log "cannot list search attributes of '$NAMESPACE'" >&2
  list_attributes || true
  exit 1
fi

has_attribute() {
  list_attributes | grep -qw -- "$1"
}

register_attribute() {
  # "already exists" from a concurrent run is fine: presence is what counts
  temporal operator search-attribute create --namespace "$NAMESPACE" --address "$ADDRESS" \
    --name "$1" --type "$2" || true
  has_attribute "$1"
}

created=0
for spec in $SEARCH_ATTRIBUTES; do
  name="${spec%%:*}"
  type="${spec#*:}"
  if has_attribute "$name"; then
    log "search attribute $name already registered"
  else
    log "registering search attribute $name ($type)"
    if ! retry 15 2 register_attribute "$name" "$type"; then
      log "search attribute $name could not be registered" >&2
      exit 1
    fi
    created=$((created + 1))
  fi
  # an existing attribute of another type would make the workflow's upserts fail: say so loudly
  line="$(list_attributes | grep -w -- "$name" || true)"
  if ! printf '%s\n' "$line" | grep -qi -- "$type"; then
    log "WARNING: search attribute $name is not reported as type $type: $line" >&2
  fi
done

# The frontend learns new attributes through its namespace cache (refreshed every few seconds).
# Wait until a visibility query over all three is accepted, so the applications, which start
# right after this job, never see "search attribute ... is not defined".
probe_query="CustomerId = 'setup-probe' AND BulkDownloadStatus = 'setup-probe' AND DocumentCount = 0"
log "waiting until the frontend accepts queries on the custom search attributes"
if ! retry 45 2 temporal workflow count --namespace "$NAMESPACE" --address "$ADDRESS" \
  --query "$probe_query"; then
  log "search attributes not usable after 90 s" >&2
  exit 1
fi

log "custom search attributes in '$NAMESPACE':"
list_attributes | grep -wE -- "$(echo "$SEARCH_ATTRIBUTES" | sed 's/:[A-Za-z]*//g; s/ /|/g')" || true
log "done (newly registered: $created)"
