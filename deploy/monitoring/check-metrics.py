#!/usr/bin/env python3
"""Checks that every metric the alert rules and the dashboards query is one the services really export.

Reads the PromQL of deploy/monitoring/alerts.yml (every `expr`) and of dashboards/*.json (every target's
`expr` and every query variable), and compares it with real /actuator/prometheus output committed under
testdata/*.prom (made by capture-fixtures.sh). It fails when
  - a metric name is in no fixture (recording rules of alerts.yml, `up` and Prometheus' own series aside);
  - a selector matches on a label the metric does not carry in any fixture (the scrape job's `job` and
    `instance` aside, and the labels listed in PENDING_LABELS below);
  - an equality matcher's value (`outcome="rejected"`, `le="3600.0"`) or a regex matcher
    (`worker_type=~"A|B"`) matches no value of that label in the fixtures.
Grafana variables ($customer, ${datasource}, $__rate_interval) are left out of the value checks. Each
dashboard must also be valid JSON, query the `${datasource}` template variable in every panel and have
a `customer` variable.

  python3 deploy/monitoring/check-metrics.py                              # from the repository's root
  python3 deploy/monitoring/check-metrics.py --dashboard-rules FILE       # also writes the dashboards'
                                         # queries as a rule file, for `promtool check rules FILE`
"""
import glob
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

# (metric, label) pairs the rules or the dashboard may use before the services export them, each a gap the
# Java side is to close (a query on them sees one series without the label, or nothing once a customer is
# picked in the dashboard). None today: every label queried is in the fixtures.
PENDING_LABELS = set()
TARGET_LABELS = {"job", "instance"}
SYNTHETIC = {"up", "scrape_duration_seconds", "scrape_samples_scraped", "ALERTS", "ALERTS_FOR_STATE"}
KEYWORDS = {
    # aggregations, operators and modifiers
    "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values",
    "group", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool",
    "offset", "inf", "nan",
    # functions
    "rate", "irate", "increase", "delta", "idelta", "deriv", "predict_linear", "histogram_quantile",
    "absent", "absent_over_time", "present_over_time", "abs", "ceil", "floor", "round", "clamp", "clamp_min",
    "clamp_max", "sort", "sort_desc", "label_replace", "label_join", "vector", "scalar", "time", "timestamp",
    "changes", "resets", "max_over_time", "min_over_time", "avg_over_time", "sum_over_time",
    "count_over_time", "last_over_time", "quantile_over_time", "sgn", "exp", "ln", "log2", "log10", "sqrt",
    # Grafana's variable queries
    "label_values", "query_result", "metrics", "label_names",
}

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
MATCHER = re.compile(r'\s*(' + NAME + r')\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*,?')


def read_fixtures():
    """metric name -> {label -> set of values} over every fixture."""
    metrics = {}
    files = sorted(glob.glob(os.path.join(HERE, "testdata", "*.prom")))
    if not files:
        sys.exit("check-metrics: no fixtures under deploy/monitoring/testdata (run capture-fixtures.sh)")
    line_re = re.compile(r"^(" + NAME + r")(\{(.*)\})?\s")
    label_re = re.compile(r'(' + NAME + r')="((?:[^"\\]|\\.)*)"')
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                m = line_re.match(line)
                if not m:
                    continue
                labels = metrics.setdefault(m.group(1), {})
                for name, value in label_re.findall(m.group(3) or ""):
                    labels.setdefault(name, set()).add(value)
    return files, metrics


def alert_exprs(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    exprs, recorded = [], set()
    for group in doc.get("groups", []):
        for rule in group.get("rules", []):
            name = rule.get("record") or rule.get("alert")
            if "record" in rule:
                recorded.add(rule["record"])
            exprs.append((f"{os.path.basename(path)}: {name}", str(rule["expr"])))
    return exprs, recorded


def dashboard_exprs(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)  # fails on invalid JSON
    exprs = []

    def panels(items):
        for p in items:
            yield p
            yield from panels(p.get("panels", []))

    for panel in panels(doc.get("panels", [])):
        for target in panel.get("targets", []):
            if target.get("expr"):
                exprs.append((f"{os.path.basename(path)}: panel '{panel.get('title')}'", target["expr"]))
    for var in doc.get("templating", {}).get("list", []):
        if var.get("type") == "query":
            query = var.get("query")
            query = query.get("query") if isinstance(query, dict) else query
            if query:
                exprs.append((f"{os.path.basename(path)}: variable '{var.get('name')}'", query))
    return exprs


def dashboard_problems(path):
    """What Grafana would import badly: the data source not templated, a panel without a query."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    name = os.path.basename(path)
    problems = []
    variables = {v.get("name"): v for v in doc.get("templating", {}).get("list", [])}
    if variables.get("datasource", {}).get("type") != "datasource" or variables["datasource"].get("query") != "prometheus":
        problems.append(f"{name}: no template variable `datasource` of type datasource (prometheus)")
    if "customer" not in variables:
        problems.append(f"{name}: no template variable `customer`")
    if not isinstance(doc.get("schemaVersion"), int) or doc["schemaVersion"] < 36:
        problems.append(f"{name}: schemaVersion {doc.get('schemaVersion')} (want 36 or later)")
    ids = set()
    for panel in doc.get("panels", []):
        if panel.get("id") in ids:
            problems.append(f"{name}: panel id {panel.get('id')} used twice")
        ids.add(panel.get("id"))
        grid = panel.get("gridPos", {})
        if grid.get("x", 0) + grid.get("w", 0) > 24:
            problems.append(f"{name}: panel '{panel.get('title')}' is wider than the grid")
        if panel.get("type") == "row":
            continue
        sources = [panel.get("datasource")] + [t.get("datasource") for t in panel.get("targets", [])]
        if any((s or {}).get("uid") != "${datasource}" for s in sources):
            problems.append(f"{name}: panel '{panel.get('title')}' does not query ${{datasource}}")
        if not panel.get("targets") or not all(t.get("expr") for t in panel["targets"]):
            problems.append(f"{name}: panel '{panel.get('title')}' has a target without a query")
    return problems


def selectors(expr):
    """(metric name or None, [(label, op, value)]) of every selector, and the bare metric names."""
    # Grafana's label_values(metric, label): the label is not a metric.
    expr = re.sub(r"label_values\(\s*(" + NAME + r"(?:\{[^}]*\})?)\s*,\s*" + NAME + r"\s*\)", r"\1", expr)
    expr = re.sub(r"label_values\(\s*" + NAME + r"\s*\)", "", expr)
    found = []
    # name{matchers} and {matchers}
    for m in re.finditer(r"(?<![\w:.$])(" + NAME + r")?\s*\{([^}]*)\}", expr):
        matchers = [(l, op, v) for l, op, v in MATCHER.findall(m.group(2))]
        found.append((m.group(1), matchers))
    # what is left: bare names
    rest = re.sub(r'"(?:[^"\\]|\\.)*"', " ", expr)                  # strings
    rest = re.sub(r"\{[^}]*\}", " ", rest)                           # matchers
    rest = re.sub(r"\[[^\]]*\]", " ", rest)                          # ranges
    rest = re.sub(r"\$\{?\w+\}?", " ", rest)                          # Grafana variables
    rest = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", rest)
    for name in re.findall(r"(?<![\w.:$])" + NAME, rest):
        if name not in KEYWORDS and not any(name == s[0] for s in found):
            found.append((name, []))
    return found


def main():
    files, fixtures = read_fixtures()
    exprs, recorded = alert_exprs(os.path.join(HERE, "alerts.yml"))
    dashboards = sorted(glob.glob(os.path.join(HERE, "dashboards", "*.json")))
    errors, names, pending = [], set(), set()
    for d in dashboards:
        exprs += dashboard_exprs(d)
        errors += dashboard_problems(d)
    for where, expr in exprs:
        for metric, matchers in selectors(expr):
            if metric is None or metric in KEYWORDS:
                continue
            names.add(metric)
            if metric in recorded or metric in SYNTHETIC:
                continue
            if metric not in fixtures:
                errors.append(f"{where}: metric {metric} is in no fixture")
                continue
            labels = fixtures[metric]
            for label, op, value in matchers:
                if label in TARGET_LABELS:
                    continue
                if (metric, label) in PENDING_LABELS:
                    pending.add(f"{metric}{{{label}}}")
                    continue
                if label not in labels:
                    errors.append(f"{where}: {metric} has no label {label} (labels: {', '.join(sorted(labels))})")
                    continue
                if "$" in value or op in ("!=", "!~"):
                    continue
                values = labels[label]
                if op == "=" and value not in values:
                    errors.append(f'{where}: {metric}{{{label}="{value}"}} matches no fixture value ({", ".join(sorted(values))})')
                if op == "=~" and not any(re.fullmatch(value, v) for v in values):
                    errors.append(f'{where}: {metric}{{{label}=~"{value}"}} matches no fixture value ({", ".join(sorted(values))})')
    if len(sys.argv) > 2 and sys.argv[1] == "--dashboard-rules":
        # The dashboards' queries as recording rules, Grafana's variables filled in, so that
        # `promtool check rules` parses each one.
        rules = []
        for i, (where, expr) in enumerate(e for e in exprs if not e[0].startswith("alerts.yml")):
            if "label_values(" in expr:
                continue
            expr = expr.replace("$__rate_interval", "5m").replace("$__interval", "1m")
            expr = re.sub(r"\$\{?customer\}?", ".*", expr)
            rules.append({"record": f"dashboard:query_{i}", "expr": expr})
        with open(sys.argv[2], "w", encoding="utf-8") as f:
            yaml.safe_dump({"groups": [{"name": "dashboard-queries", "rules": rules}]}, f, sort_keys=False)
    for e in errors:
        print("check-metrics: " + e, file=sys.stderr)
    for p in sorted(pending):
        print(f"check-metrics: pending (not exported yet, allowed): {p}")
    print(
        f"check-metrics: {len(exprs)} expressions ({len(dashboards)} dashboard(s) and alerts.yml), "
        f"{len(names)} metric names, checked against {len(fixtures)} names in "
        f"{', '.join(os.path.relpath(f) for f in files)}: {'FAILED' if errors else 'ok'}"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
