package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/distribution/reference"
)

// The native stack (deploy/native/stack.sh) runs the same versions and the same set-up as this
// compose file. These checks fail when the two drift apart.

// imageVersions maps an image repository to the deploy/versions.env key its tag must equal.
var imageVersions = map[string]string{
	"docker.io/temporalio/server":      "TEMPORAL_SERVER_VERSION",
	"docker.io/temporalio/admin-tools": "TEMPORAL_SERVER_VERSION",
	"docker.io/temporalio/ui":          "TEMPORAL_UI_VERSION",
}

// What the native stack must take from deploy/ rather than write again: file -> what it must use.
var sharedSetup = map[string][]string{
	"deploy/native/stack.sh": {
		"deploy/temporal/setup-schema.sh",
		"deploy/temporal/setup-namespace.sh",
		"deploy/temporal/server.env",
		"deploy/temporal/dynamicconfig/docker.yaml",
		"deploy/versions.env",
		"deploy/s3/init.sh",
	},
	// compose's s3-init runs the same script and permissions
	"deploy/s3/Dockerfile": {"init.sh", "policies.sh"},
	"deploy/s3/init.sh":    {"policies.sh", "api_statements", "worker_statements"},
}

// deletedImages are repositories that no longer exist: a pull of them fails on a fresh machine.
var deletedImages = map[string]string{
	"docker.io/minio/minio": "deleted from Docker Hub on 2026-09-12 (MinIO's community edition is archived)",
	"docker.io/minio/mc":    "deleted from Docker Hub on 2026-09-12 (MinIO's community edition is archived)",
}

// readKeyValues reads a file of KEY=value lines (comments and blank lines skipped).
func readKeyValues(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	values := map[string]string{}
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s: not a KEY=value line: %q", path, line)
		}
		values[key] = value
	}
	return values, scanner.Err()
}

// checkParity checks the compose model against deploy/versions.env, deploy/temporal/server.env and
// the native stack's script, all found under root.
func checkParity(p *types.Project, root string, r *Report) {
	versions, err := readKeyValues(filepath.Join(root, "deploy", "versions.env"))
	if err != nil {
		r.fail("parity: %v", err)
		return
	}
	seen := map[string]bool{}
	bad := false
	for _, s := range sortedServices(p) {
		if s.Image == "" {
			continue
		}
		named, err := reference.ParseNormalizedNamed(s.Image)
		if err != nil {
			continue
		}
		tagged, ok := named.(reference.Tagged)
		if !ok {
			continue
		}
		repo, tag := named.Name(), tagged.Tag()
		if key, ok := imageVersions[repo]; ok {
			seen[repo] = true
			if tag != versions[key] {
				r.fail("parity: service %s runs %s:%s, deploy/versions.env %s=%s", s.Name, repo, tag, key, versions[key])
				bad = true
			}
		}
		if why, gone := deletedImages[repo]; gone {
			r.fail("service %s runs %s, which was %s", s.Name, repo, why)
			bad = true
		}
		if repo == "docker.io/versity/versitygw" {
			seen[repo] = true
			if tag != "v"+versions["VERSITYGW_VERSION"] {
				r.fail("parity: service %s runs versity/versitygw:%s, deploy/versions.env VERSITYGW_VERSION=%s", s.Name, tag, versions["VERSITYGW_VERSION"])
				bad = true
			}
		}
		if s.Build != nil {
			if v, ok := s.Build.Args["VERSITYGW_VERSION"]; ok && (v == nil || *v != versions["VERSITYGW_VERSION"]) {
				r.fail("parity: service %s builds on versitygw %v, deploy/versions.env VERSITYGW_VERSION=%s", s.Name, v, versions["VERSITYGW_VERSION"])
				bad = true
			}
		}
		if repo == "docker.io/library/postgres" {
			seen[repo] = true
			if major, _, _ := strings.Cut(tag, "."); major != versions["POSTGRES_MAJOR"] {
				r.fail("parity: service %s runs postgres:%s, deploy/versions.env POSTGRES_MAJOR=%s", s.Name, tag, versions["POSTGRES_MAJOR"])
				bad = true
			}
		}
	}
	for _, repo := range append(sortedKeys(imageVersions), "docker.io/library/postgres", "docker.io/versity/versitygw") {
		if !seen[repo] {
			r.fail("parity: no service runs %s", repo)
			bad = true
		}
	}
	if !bad {
		r.ok("parity: Temporal server %s, UI %s, PostgreSQL %s, versitygw %s as deploy/versions.env says (the native stack builds the same); no image from a deleted repository",
			versions["TEMPORAL_SERVER_VERSION"], versions["TEMPORAL_UI_VERSION"], versions["POSTGRES_MAJOR"], versions["VERSITYGW_VERSION"])
	}

	serverEnv, err := readKeyValues(filepath.Join(root, "deploy", "temporal", "server.env"))
	if err != nil {
		r.fail("parity: %v", err)
		return
	}
	bad = false
	for _, name := range []string{"temporal-schema", "temporal"} {
		s, ok := p.Services[name]
		if !ok {
			r.fail("parity: no service %s", name)
			bad = true
			continue
		}
		for _, key := range sortedKeys(serverEnv) {
			if got := s.Environment[key]; got == nil || *got != serverEnv[key] {
				r.fail("parity: service %s does not take %s=%s from deploy/temporal/server.env", name, key, serverEnv[key])
				bad = true
			}
		}
	}
	if !bad {
		r.ok("parity: temporal-schema and temporal take their settings from deploy/temporal/server.env")
	}

	bad = false
	var uses []string
	for _, file := range sortedKeys(sharedSetup) {
		text, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			r.fail("parity: %v", err)
			bad = true
			continue
		}
		for _, shared := range sharedSetup[file] {
			if !strings.Contains(string(text), shared) {
				r.fail("parity: %s does not use %s", file, shared)
				bad = true
			}
		}
		uses = append(uses, file+" uses "+strings.Join(sharedSetup[file], ", "))
	}
	if !bad {
		r.ok("parity: one set-up for both deployments: %s", strings.Join(uses, "; "))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
