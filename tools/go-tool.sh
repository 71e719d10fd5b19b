#!/usr/bin/env bash
# The Go-built tools the scripts need, with their pinned versions in one place:
#
#   tools/go-tool.sh temporal     # prints the path of the temporal CLI, installing it if missing
#   tools/go-tool.sh versitygw    # the same for versitygw
#
# Looks on the PATH, then in $(go env GOPATH)/bin; otherwise runs `go install` (cached afterwards;
# the temporal CLI takes a few minutes the first time). Progress goes to stderr, the path to stdout.
# Exits 1 when the tool is missing and Go is not there to install it.
set -euo pipefail

case "${1:-}" in
  temporal) module="github.com/temporalio/cli/cmd/temporal@v1.5.1" ;;   # later versions cannot be go-installed
  versitygw) module="github.com/versity/versitygw/cmd/versitygw@v1.8.0" ;;
  *) echo "usage: $0 temporal|versitygw" >&2; exit 2 ;;
esac
name="$1"

if command -v "$name" >/dev/null 2>&1; then
  command -v "$name"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "$name is not installed and Go is not there to install it" >&2; exit 1; }
path="$(go env GOPATH)/bin/$name"
if [[ ! -x "$path" ]]; then
  echo "== installing $name ($module, go install, cached afterwards)" >&2
  go install "$module" >&2
fi
echo "$path"
