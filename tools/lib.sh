# Shell helpers every script that starts parts of the system shares (sourced, never run):
# run-local.sh, .ci/*.sh, bench/run.sh and deploy/native/stack.sh.
#
#   load_settings FILE          KEY=value lines (no quotes, no interpolation) exported; a variable
#                               already set in the environment wins
#   free_ports N                N free loopback ports, space-separated
#   start_bg LOG COMMAND...     runs COMMAND in the background, output to LOG; its pid joins LIB_PIDS
#   wait_for WHAT COMMAND...    until COMMAND succeeds; fails after READY_TIMEOUT s or when a process of
#                               LIB_PIDS dies meanwhile
#   stop_all                    TERM to every process of LIB_PIDS, then waits until each has exited
#                               (KILL after STOP_TIMEOUT s): the ports and files they held are free after
#   port_open HOST PORT, http_ok URL
#
# Messages name the calling script (LIB_NAME, default its file name) and end with LOG_HINT when set.

LIB_NAME="${LIB_NAME:-$(basename "$0" .sh)}"
LIB_PIDS=()



load_settings() {
  local line key
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
    key="${line%%=*}"
    [[ "$key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "$LIB_NAME: $1: not a KEY=value line: $line" >&2; exit 2; }
    [[ -n "${!key+x}" ]] || export "$key=${line#*=}"
  done <"$1"
}

free_ports() {
  # Bound together, then released: N distinct ports the kernel had free.
  python3 - "$1" <<'PY'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
PY
}

start_bg() {
  local log=$1; shift
  "$@" >"$log" 2>&1 &
  LIB_PIDS+=($!)
}

wait_for() {
  local what=$1; shift
  local deadline=$((SECONDS + ${READY_TIMEOUT:-120})) pid
  until "$@" >/dev/null 2>&1; do
    ((SECONDS <= deadline)) || { echo "$LIB_NAME: timed out after ${READY_TIMEOUT:-120}s waiting for $what${LOG_HINT:+ ($LOG_HINT)}" >&2; exit 1; }
    for pid in "${LIB_PIDS[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "$LIB_NAME: a process died while waiting for $what${LOG_HINT:+ ($LOG_HINT)}" >&2; exit 1; }
    done
    sleep 0.3
  done
}

stop_all() {
  ((${#LIB_PIDS[@]})) || return 0
  local pid deadline=$((SECONDS + ${STOP_TIMEOUT:-30})) alive
  kill "${LIB_PIDS[@]}" 2>/dev/null || true
  while :; do
    alive=()
    for pid in "${LIB_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    ((${#alive[@]})) || break
    if ((SECONDS > deadline)); then kill -9 "${alive[@]}" 2>/dev/null || true; fi
    sleep 0.1
  done
  wait "${LIB_PIDS[@]}" 2>/dev/null || true
  LIB_PIDS=()
}

port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }
http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }
