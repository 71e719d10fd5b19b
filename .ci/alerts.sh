#!/usr/bin/env bash
# The Prometheus rules and the Grafana dashboard of deploy/monitoring:
#   - promtool check rules / check config: alerts.yml and the example prometheus.yml are valid;
#   - promtool test rules: alerts.test.yml, every alert firing and not firing;
#   - check-metrics.py: the dashboard is valid JSON on the ${datasource} variable, and every metric (and
#     label value) the rules and the dashboard query is in the real scrapes of testdata/*.prom;
#   - promtool check rules on the dashboard's queries: each one parses as PromQL.
# promtool comes from Debian's prometheus package, installed when missing (only promtool is used).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=deploy/monitoring

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null ||
    { as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null; }
}
if ! command -v promtool >/dev/null; then
  echo "installing promtool (Debian's prometheus package) ..."
  apt_install prometheus
fi
if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "installing PyYAML (python3-yaml) ..."
  apt_install python3-yaml
  python3 -c 'import yaml' 2>/dev/null || python3 -m pip install -q pyyaml
fi
echo "$(promtool --version 2>&1 | head -n 1)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

promtool check rules "$dir/alerts.yml" | tee "$tmp/rules.out"
promtool check config "$dir/prometheus.yml" >"$tmp/config.out" || { cat "$tmp/config.out"; exit 1; }
echo "prometheus.yml: valid"
promtool test rules "$dir/alerts.test.yml"
python3 "$dir/check-metrics.py" --dashboard-rules "$tmp/dashboard-queries.yml"
promtool check rules "$tmp/dashboard-queries.yml" >"$tmp/dashboard.out" || { cat "$tmp/dashboard.out"; exit 1; }

python3 - "$dir" "$tmp/dashboard-queries.yml" <<'PY'
import json, sys, yaml
d, queries = sys.argv[1], sys.argv[2]
rules = [r for g in yaml.safe_load(open(f"{d}/alerts.yml"))["groups"] for r in g["rules"]]
alerts = [r["alert"] for r in rules if "alert" in r]
tests = yaml.safe_load(open(f"{d}/alerts.test.yml"))["tests"]
checks = sum(len(t.get("alert_rule_test", [])) + len(t.get("promql_expr_test", [])) for t in tests)
fired = {a["alertname"] for t in tests for a in t.get("alert_rule_test", []) if a["exp_alerts"]}
quiet = {a["alertname"] for t in tests for a in t.get("alert_rule_test", []) if not a["exp_alerts"]}
untested = [a for a in alerts if a not in fired or a not in quiet]
# every runbook_url points at a heading of docs/operating.md (GitHub's anchors)
import re
slugs = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
         for h in re.findall(r"^#+ (.*)$", open("docs/operating.md").read(), re.M)}
broken = sorted({r["annotations"]["runbook_url"] for r in rules if "alert" in r
                 if r["annotations"].get("runbook_url", "#").split("#")[1] not in slugs})
for b in broken:
    print(f"alerts.yml: runbook_url {b}: no such section in docs/operating.md")
dashboard = json.load(open(f"{d}/dashboards/bulkdocs.json"))
panels = [p for p in dashboard["panels"] if p["type"] != "row"]
nqueries = len(yaml.safe_load(open(queries))["groups"][0]["rules"])
print(f"alerts.yml: {len(rules)} rules ({len(alerts)} alerts, {len(rules) - len(alerts)} recording rules)")
print(f"alerts.test.yml: {len(tests)} test cases, {checks} evaluations; every alert tested firing and not firing: "
      + ("yes" if not untested else "NO: " + ", ".join(untested)))
print(f"dashboards/bulkdocs.json: {len(panels)} panels, {nqueries} queries parsed by promtool")
print(f"runbooks: {len(alerts)} alerts point at {len({r['annotations']['runbook_url'] for r in rules if 'alert' in r})} sections of docs/operating.md"
      + ("" if not broken else f", {len(broken)} missing"))
if not untested and not broken:
    print(f"alerts: {checks} passed, 0 failed")
sys.exit(1 if untested or broken else 0)
PY
