#!/usr/bin/env bash
# The Go-built tools the scripts need, with their versions from deploy/versions.env:
#
#   tools/go-tool.sh temporal             # the temporal CLI (dev server, operator commands)
#   tools/go-tool.sh versitygw            # Versity S3 Gateway
#   tools/go-tool.sh temporal-server      # Temporal's server, the binary of the temporalio/server image
#   tools/go-tool.sh temporal-sql-tool    # its schema tool, the one of temporalio/admin-tools
#   tools/go-tool.sh temporal-ui-server   # the Temporal Web UI, the binary of the temporalio/ui image
#   tools/go-tool.sh module-dir temporal-server|temporal-ui-server
#                                         # the module's source folder (schema files, UI config)
#
# Prints the tool's path on stdout, installing it if missing (go install, cached afterwards: the
# server takes about 4 minutes the first time). Progress goes to stderr. The temporal CLI and
# versitygw are also taken from the PATH; the server-side tools are installed each in a folder of its
# own version, since two of them are both called `server`. Exits 1 when a tool is missing and Go is
# not there to install it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../deploy/versions.env
source "$ROOT/deploy/versions.env"

module_of() {
  case "$1" in
    temporal) echo "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION" ;;   # later versions cannot be go-installed
    versitygw) echo "github.com/versity/versitygw/cmd/versitygw@v$VERSITYGW_VERSION" ;;
    temporal-server) echo "go.temporal.io/server/cmd/server@v$TEMPORAL_SERVER_VERSION" ;;
    temporal-sql-tool) echo "go.temporal.io/server/cmd/tools/sql@v$TEMPORAL_SERVER_VERSION" ;;
    temporal-ui-server) echo "github.com/temporalio/ui-server/v2/cmd/server@v$TEMPORAL_UI_VERSION" ;;
    *) echo "usage: $0 temporal|versitygw|temporal-server|temporal-sql-tool|temporal-ui-server | module-dir <tool>" >&2; exit 2 ;;
  esac
}

need_go() {
  command -v go >/dev/null 2>&1 || { echo "$1 is not installed and Go is not there to install it" >&2; exit 1; }
}

if [[ "${1:-}" == module-dir ]]; then
  module="$(module_of "${2:-}")"
  need_go "$2"
  path="${module%%@*}"
  case "$2" in
    temporal-server | temporal-sql-tool) path="go.temporal.io/server" ;;
    temporal-ui-server) path="github.com/temporalio/ui-server/v2" ;;
  esac
  # `go mod download` fetches (or finds in the cache) exactly that version's source
  go mod download -json "$path@${module##*@}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'
  exit 0
fi

name="${1:-}"
module="$(module_of "$name")"
case "$name" in
  temporal | versitygw)
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      exit 0
    fi
    need_go "$name"
    bin_dir="$(go env GOPATH)/bin"
    built="$bin_dir/$name"
    ;;
  *)
    need_go "$name"
    bin_dir="$(go env GOPATH)/bin/bulkdocs/$name-${module##*@}"
    built="$bin_dir/$(basename "${module%%@*}")"
    ;;
esac
if [[ ! -x "$built" ]]; then
  echo "== installing $name ($module, go install, cached afterwards)" >&2
  GOBIN="$bin_dir" go install "$module" >&2
fi
echo "$built"
