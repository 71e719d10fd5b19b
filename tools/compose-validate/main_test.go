package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const repoRoot = "../.."

// The compose file gives no secret a default: it loads only with settings, e.g. the operator template.
var exampleEnv = filepath.Join(repoRoot, "deploy", "compose.env.example")

func validateCopy(t *testing.T, mutate func(string) string) (int, string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot, "docker-compose.yml"))
	if err != nil {
		t.Fatalf("read docker-compose.yml: %v", err)
	}
	mutated := mutate(string(raw))
	file := filepath.Join(t.TempDir(), "docker-compose.yml")
	if err := os.WriteFile(file, []byte(mutated), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	code := run([]string{"-file", file, "-project-dir", repoRoot, "-env-file", exampleEnv}, &out, &out)
	return code, out.String()
}

func TestWithoutSettingsTheFileRefusesToLoad(t *testing.T) {
	var out bytes.Buffer
	empty := filepath.Join(t.TempDir(), "empty.env")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code := run([]string{"-file", filepath.Join(repoRoot, "docker-compose.yml"), "-env-file", empty}, &out, &out)
	if code != 1 || !strings.Contains(out.String(), "required variable TEMPORAL_DB_PASSWORD is missing") {
		t.Fatalf("want exit 1 naming a missing secret, got exit %d:\n%s", code, out.String())
	}
}

func TestExampleEnvFileKeepsTheFileValid(t *testing.T) {
	var out bytes.Buffer
	args := []string{"-file", filepath.Join(repoRoot, "docker-compose.yml"),
		"-env-file", filepath.Join(repoRoot, "deploy", "compose.env.example")}
	if code := run(args, &out, &out); code != 0 {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
}

func TestRejects(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"typo in a key (schema)", "    healthcheck:", "    healtcheck:", "healtcheck"},
		{"unknown depends_on condition (schema)", "condition: service_healthy", "condition: service_up", "condition"},
		{"latest tag", "temporalio/ui:2.49.1", "temporalio/ui:latest", "uses the tag latest"},
		{"floating major tag", "image: postgres:15.18", "image: postgres:15", "not a specific version"},
		{"missing tag", "image: postgres:15.18", "image: postgres", "has no tag"},
		{"removed healthcheck", "      test: [\"CMD\", \"wget\", \"-q\", \"-O\", \"/dev/null\", \"http://127.0.0.1:9000/health\"]", "      disable: true", "s3 has no healthcheck"},
		{"app not built from source", "    build:\n      context: .\n      dockerfile: Dockerfile\n      args:\n        MODULE: api-service\n        HEALTH_PORT_VAR: API_MANAGEMENT_PORT\n        HEALTH_PORT: \"8082\"\n", "    image: bulkdocs/api-service:0.1.0\n", "not built from this repository"},
		{"wrong module", "MODULE: workflow-worker", "MODULE: api-service", "build arg MODULE"},
		{"wrong dockerfile", "dockerfile: Dockerfile\n      args:\n        MODULE: workflow-worker", "dockerfile: workflow-worker/Dockerfile\n      args:\n        MODULE: workflow-worker", "want"},
		{"script typo", "/deploy/setup-schema.sh", "/deploy/setup_schema.sh", "does not exist"},
		{"bad key hash", "${BULKDOCS_CUSTOMERS_0_API_KEY_SHA256:?set BULKDOCS_CUSTOMERS_0_API_KEY_SHA256 (see deploy/compose.env.example)}", "demo-api-key-change-me", "lowercase hex SHA-256"},
		{"anonymous volume", "      - postgres-data:/var/lib/postgresql/data\n", "      - /var/lib/postgresql/data\n", "no named volume"},
		{"started instead of healthy", "      s3:\n        condition: service_healthy", "      s3:\n        condition: service_started", "want service_healthy"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out := validateCopy(t, func(s string) string {
				if !strings.Contains(s, c.old) {
					t.Fatalf("fixture text %q not found in docker-compose.yml", c.old)
				}
				return strings.Replace(s, c.old, c.new, 1)
			})
			if code != 1 || !strings.Contains(out, c.want) {
				t.Fatalf("want exit 1 mentioning %q, got exit %d:\n%s", c.want, code, out)
			}
		})
	}
}

func TestDockerfileChecks(t *testing.T) {
	dir := t.TempDir()
	write := func(content string) string {
		p := filepath.Join(dir, "Dockerfile")
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	entry := DefaultOptions().Entrypoint
	good := "ARG BASE=eclipse-temurin:17.0.18_8-jre-noble\nFROM maven:3.9.11-eclipse-temurin-17 AS build\nRUN true\n" +
		"FROM ${BASE}\nARG UID=10001\nUSER ${UID}:${UID}\nEXPOSE 8080\nHEALTHCHECK CMD [\"true\"]\n" +
		"ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75\", \"-jar\", \"/app/app.jar\"]\n"
	df, err := parseDockerfile(write(good))
	if err != nil {
		t.Fatal(err)
	}
	if problems := df.check(entry); len(problems) != 0 {
		t.Fatalf("good Dockerfile rejected: %v", problems)
	}
	for _, bad := range []struct{ from, to, want string }{
		{"USER ${UID}:${UID}\n", "", "no USER"},
		{"USER ${UID}:${UID}", "USER root", "root"},
		{"HEALTHCHECK CMD [\"true\"]", "HEALTHCHECK NONE", "no HEALTHCHECK"},
		{"-jre-noble", "-jre", "not a specific version"},
		{"ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75\", ", "ENTRYPOINT [\"java\", ", "ENTRYPOINT"},
	} {
		content := strings.Replace(good, bad.from, bad.to, 1)
		if bad.from == "-jre-noble" {
			content = strings.Replace(good, "eclipse-temurin:17.0.18_8-jre-noble", "eclipse-temurin:17-jre", 1)
		}
		df, err := parseDockerfile(write(content))
		if err != nil {
			t.Fatal(err)
		}
		problems := strings.Join(df.check(entry), "; ")
		if !strings.Contains(problems, bad.want) {
			t.Errorf("%q -> %q: want a problem mentioning %q, got %q", bad.from, bad.to, bad.want, problems)
		}
	}
}

func TestAnImageTagThatDriftsFromVersionsEnvFails(t *testing.T) {
	code, out := validateCopy(t, func(s string) string {
		return strings.Replace(s, "image: temporalio/server:1.31.2", "image: temporalio/server:1.30.1", 1)
	})
	if code != 1 || !strings.Contains(out, "deploy/versions.env TEMPORAL_SERVER_VERSION=1.31.2") {
		t.Fatalf("want exit 1 naming the drifted version, got exit %d:\n%s", code, out)
	}
}

func TestAnImageFromADeletedRepositoryFails(t *testing.T) {
	code, out := validateCopy(t, func(s string) string {
		return strings.Replace(s, "image: versity/versitygw:v1.8.0", "image: minio/minio:RELEASE.2025-09-07T16-13-09Z", 1)
	})
	if code != 1 || !strings.Contains(out, "deleted from Docker Hub") {
		t.Fatalf("want exit 1 naming the deleted repository, got exit %d:\n%s", code, out)
	}
}

func TestAnS3VersionThatDriftsFromVersionsEnvFails(t *testing.T) {
	code, out := validateCopy(t, func(s string) string {
		return strings.Replace(s, "image: versity/versitygw:v1.8.0", "image: versity/versitygw:v1.7.0", 1)
	})
	if code != 1 || !strings.Contains(out, "VERSITYGW_VERSION=1.8.0") {
		t.Fatalf("want exit 1 naming the drifted version, got exit %d:\n%s", code, out)
	}
}

func TestAPostgresMajorThatDriftsFromVersionsEnvFails(t *testing.T) {
	code, out := validateCopy(t, func(s string) string {
		return strings.Replace(s, "image: postgres:15.18", "image: postgres:17.11", 1)
	})
	if code != 1 || !strings.Contains(out, "POSTGRES_MAJOR=15") {
		t.Fatalf("want exit 1 naming the drifted major version, got exit %d:\n%s", code, out)
	}
}

func TestTemporalSettingsNotFromTheSharedEnvFileFail(t *testing.T) {
	code, out := validateCopy(t, func(s string) string {
		return strings.Replace(s, "    env_file: ./deploy/temporal/server.env\n", "", 1)
	})
	if code != 1 || !strings.Contains(out, "does not take DB=postgres12 from deploy/temporal/server.env") {
		t.Fatalf("want exit 1 naming the missing shared setting, got exit %d:\n%s", code, out)
	}
}
