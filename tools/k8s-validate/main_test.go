package main

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
)

const repoRoot = "../.."

var k8sDir = filepath.Join(repoRoot, "deploy", "kubernetes")

// validateCopy validates a copy of deploy/kubernetes in which file (relative to it) has old replaced by
// new, and returns every failure line of every target.
func validateCopy(t *testing.T, file, old, new string) []string {
	t.Helper()
	dir := t.TempDir()
	if err := copyTree(k8sDir, dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, file)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("negative control: %s does not contain %q", file, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	results, err := Validate(dir, repoRoot, DefaultTargets())
	if err != nil {
		t.Fatal(err)
	}
	var failures []string
	for _, r := range results {
		for _, f := range r.Report.Failures {
			failures = append(failures, r.Target.Name+": "+f)
		}
	}
	return failures
}

func requireFailure(t *testing.T, failures []string, want ...string) {
	t.Helper()
	for _, f := range failures {
		all := true
		for _, w := range want {
			if !strings.Contains(f, w) {
				all = false
				break
			}
		}
		if all {
			t.Logf("rejected as expected: %s", f)
			return
		}
	}
	t.Fatalf("no failure mentions %q; failures: %v", want, failures)
}

func TestRepositoryOverlaysPass(t *testing.T) {
	results, err := Validate(k8sDir, repoRoot, DefaultTargets())
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 {
		t.Fatalf("want 3 targets, got %d", len(results))
	}
	for _, r := range results {
		if len(r.Report.Failures) > 0 {
			t.Errorf("%s: %v", r.Target.Name, r.Report.Failures)
		}
		if r.Rendered == nil || len(r.Rendered.Objects) < 15 {
			t.Errorf("%s: rendered too few objects", r.Target.Name)
		}
	}
}

// Negative controls: each mutation of the real manifests must be rejected, for the right reason.

func TestTypoedFieldRejected(t *testing.T) {
	f := validateCopy(t, "base/api.yaml", "readinessProbe:", "readinesProbe:")
	requireFailure(t, f, "Deployment/bulkdocs-api", `unknown field "spec.template.spec.containers[0].readinesProbe"`)
}

func TestWrongCaseFieldRejected(t *testing.T) {
	// encoding/json would accept this case-insensitively; the API server does not
	f := validateCopy(t, "base/worker.yaml", "terminationGracePeriodSeconds: 90", "TerminationGracePeriodSeconds: 90")
	requireFailure(t, f, "Deployment/bulkdocs-worker", "TerminationGracePeriodSeconds")
}

func TestScaledObjectUnknownFieldRejected(t *testing.T) {
	f := validateCopy(t, "base/worker.yaml", "  pollingInterval: 15", "  pollingIntervall: 15")
	requireFailure(t, f, "ScaledObject/bulkdocs-worker", "pollingIntervall")
}

func TestScaledObjectUnknownTriggerMetadataRejected(t *testing.T) {
	f := validateCopy(t, "base/worker.yaml", "        taskQueue: bulk-download-urls", "        taskqueue: bulk-download-urls")
	requireFailure(t, f, "ScaledObject/bulkdocs-worker", `"taskqueue" is not a parameter`)
}

func TestScaledObjectWrongTaskQueueRejected(t *testing.T) {
	f := validateCopy(t, "base/worker.yaml", "taskQueue: bulk-download-urls", "taskQueue: bulk-download")
	requireFailure(t, f, "TaskQueues.BULK_DOWNLOAD")
}

func TestPrivilegedContainerRejected(t *testing.T) {
	f := validateCopy(t, "base/worker.yaml", "privileged: false", "privileged: true")
	requireFailure(t, f, "Deployment/bulkdocs-worker container worker: privileged")
}

func TestRootUserRejected(t *testing.T) {
	f := validateCopy(t, "base/api.yaml", "runAsUser: 10001", "runAsUser: 0")
	requireFailure(t, f, "Deployment/bulkdocs-api container api: runs as uid 0")
}

func TestWritableRootFilesystemRejected(t *testing.T) {
	f := validateCopy(t, "base/api.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")
	requireFailure(t, f, "readOnlyRootFilesystem must be true")
}

func TestNetworkPolicyAllowingMetadataAddressRejected(t *testing.T) {
	f := validateCopy(t, "base/networkpolicies.yaml", "              - 169.254.0.0/16\n", "")
	requireFailure(t, f, "NetworkPolicy/bulkdocs-egress", "169.254.0.0/16")
}

func TestNetworkPolicyExplicitMetadataBlockRejected(t *testing.T) {
	f := validateCopy(t, "base/networkpolicies.yaml", "        - ipBlock:\n            cidr: ::/0",
		"        - ipBlock:\n            cidr: 169.254.169.254/32\n        - ipBlock:\n            cidr: ::/0")
	requireFailure(t, f, "ipBlock 169.254.169.254/32 lets through 169.254.0.0/16")
}

func TestNetworkPolicyIPv6MetadataRejected(t *testing.T) {
	// unique-local (fc00::/7, which holds AWS's metadata address fd00:ec2::254) no longer excepted
	f := validateCopy(t, "base/networkpolicies.yaml", "              - fc00::/7\n", "")
	requireFailure(t, f, "NetworkPolicy/bulkdocs-egress", "ipBlock ::/0 lets through fc00::/7")
}

func TestRateLimitInstancesMismatchRejected(t *testing.T) {
	f := validateCopy(t, "overlays/production/kustomization.yaml", "        value: 3\n", "        value: 4\n")
	requireFailure(t, f, "production: Deployment/bulkdocs-api: RATE_LIMIT_INSTANCES=3 but replicas=4")
}

func TestSecretLiteralRejected(t *testing.T) {
	f := validateCopy(t, "base/api.yaml", "            - name: API_PORT\n",
		"            - name: TEMPORAL_API_KEY\n              value: abc123\n            - name: API_PORT\n")
	requireFailure(t, f, "TEMPORAL_API_KEY is a secret's name with a plain value")
}

func TestSecretInConfigMapRejected(t *testing.T) {
	f := validateCopy(t, "base/kustomization.yaml", "      - SETTINGS_PREFIX=_bulkdocs/\n",
		"      - SETTINGS_PREFIX=_bulkdocs/\n      - CODEC_SERVER_TOKEN=abcdefabcdefabcdefabcdefabcdefabcdef\n")
	requireFailure(t, f, "key CODEC_SERVER_TOKEN is a secret's")
}

func TestLatestImageRejected(t *testing.T) {
	f := validateCopy(t, "overlays/production/kustomization.yaml", "    newTag: 0.1.0\n", "    newTag: latest\n")
	requireFailure(t, f, "production: ", "uses the tag latest")
}

func TestVersionDriftRejected(t *testing.T) {
	f := validateCopy(t, "overlays/local/s3.yaml", "versity/versitygw:v1.8.0", "versity/versitygw:v1.7.0")
	requireFailure(t, f, "deploy/versions.env says")
}

func TestShortGracePeriodRejected(t *testing.T) {
	f := validateCopy(t, "base/worker.yaml", "terminationGracePeriodSeconds: 90", "terminationGracePeriodSeconds: 60")
	requireFailure(t, f, "terminationGracePeriodSeconds 1m0s is not above the worker's drain 55s")
}

func TestManagementPortOnCustomerServiceRejected(t *testing.T) {
	f := validateCopy(t, "base/api.yaml", "    - name: http\n      port: 8080\n      targetPort: http\n",
		"    - name: http\n      port: 8080\n      targetPort: http\n    - name: management\n      port: 8082\n      targetPort: management\n")
	requireFailure(t, f, "Service/bulkdocs-api exposes both")
}

func TestProductionSecretRejected(t *testing.T) {
	f := validateCopy(t, "overlays/production/kustomization.yaml", "patches:\n",
		"secretGenerator:\n  - name: bulkdocs-encryption\n    literals:\n      - PAYLOAD_ENCRYPTION_KEYS=p1:x\npatches:\n")
	requireFailure(t, f, "production: Secret/bulkdocs-encryption", "out of band")
}

func TestSecretNamedRule(t *testing.T) {
	for name, want := range map[string]bool{
		"PAYLOAD_ENCRYPTION_KEYS":             true,
		"WEBHOOK_KEY_ENCRYPTION_KEYS":         true,
		"S3_SECRET_ACCESS_KEY":                true,
		"CODEC_SERVER_TOKEN":                  true,
		"TEMPORAL_API_KEY":                    true,
		"TEMPORAL_TLS_KEY":                    true,
		"BULKDOCS_CUSTOMERS_0_API_KEY_SHA256": true,
		"BULKDOCS_WEBHOOK_TARGETS_0_KEY":      true,
		"TEMPORAL_DB_PASSWORD":                true,
		"S3_ACCESS_KEY_ID":                    false,
		"PAYLOAD_ENCRYPTION_ACTIVE":           false,
		"WEBHOOK_KEY_ENCRYPTION_ACTIVE":       false,
		"WEBHOOK_KEY_REWRAP_EVERY":            false,
		"TEMPORAL_TLS_CERT":                   false,
		"BULKDOCS_CUSTOMERS_0_ID":             false,
		"MONKEY_BUSINESS":                     false, // words, not substrings
	} {
		if got := SecretNamed(name); got != want {
			t.Errorf("SecretNamed(%s) = %v, want %v", name, got, want)
		}
	}
}

func TestIPBlockRule(t *testing.T) {
	full := &networkingv1.IPBlock{CIDR: "0.0.0.0/0", Except: []string{"0.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12",
		"192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8"}}
	if why := ipBlockProblem(full); why != "" {
		t.Errorf("complete except list rejected: %s", why)
	}
	if why := ipBlockProblem(&networkingv1.IPBlock{CIDR: "8.8.8.8/32"}); why != "" {
		t.Errorf("a public /32 rejected: %s", why)
	}
	if why := ipBlockProblem(&networkingv1.IPBlock{CIDR: "10.1.2.3/32"}); !strings.Contains(why, "10.0.0.0/8") {
		t.Errorf("a private /32 accepted: %q", why)
	}
	narrow := &networkingv1.IPBlock{CIDR: "0.0.0.0/0", Except: []string{"169.254.169.254/32"}}
	if why := ipBlockProblem(narrow); !strings.Contains(why, "169.254.0.0/16") {
		t.Errorf("excepting only the metadata /32 accepted: %q", why)
	}
	if !contains(netip.MustParsePrefix("fc00::/7"), netip.MustParsePrefix("fd00:ec2::254/128")) {
		t.Error("fc00::/7 must contain fd00:ec2::254")
	}
}

func TestSpringDuration(t *testing.T) {
	for in, want := range map[string]string{"5s": "5s", "15s": "15s", "2m": "2m0s", "500ms": "500ms", "1500": "1.5s", "1h": "1h0m0s"} {
		got, err := springDuration(in)
		if err != nil || got.String() != want {
			t.Errorf("springDuration(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	if _, err := springDuration("soon"); err == nil {
		t.Error("springDuration accepted garbage")
	}
}
