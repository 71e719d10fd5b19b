package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Repo is what the manifests must agree with, read from the repository's own sources so that a change
// there (a port, a timeout, the task queue, a version) fails this check instead of drifting silently.
type Repo struct {
	APIPort              int               // api-service application.yml: ${API_PORT:...}
	APIManagementPort    int               // api-service application.yml: ${API_MANAGEMENT_PORT:...}
	WorkerManagementPort int               // workflow-worker application.yml: ${MANAGEMENT_PORT:...}
	WorkerDefaults       map[string]string // every ${NAME:default} of the worker's application.yml
	MessageBuildMargin   time.Duration     // DeliveryPolicyActivitiesImpl.MESSAGE_BUILD_MARGIN
	TaskQueue            string            // TaskQueues.BULK_DOWNLOAD
	ProjectVersion       string            // the root pom's version: the local images' tag
	Versions             map[string]string // deploy/versions.env
}

const (
	apiApplicationYML    = "api-service/src/main/resources/application.yml"
	workerApplicationYML = "workflow-worker/src/main/resources/application.yml"
	deliveryPolicyImpl   = "workflow-worker/src/main/java/org/bulkdocs/worker/policy/DeliveryPolicyActivitiesImpl.java"
	taskQueuesJava       = "workflow-contract/src/main/java/org/bulkdocs/contract/TaskQueues.java"
	versionsEnv          = "deploy/versions.env"
)

var placeholderDefault = regexp.MustCompile(`\$\{([A-Z0-9_]+):([^}]*)\}`)

// LoadRepo reads the facts above from the repository at root.
func LoadRepo(root string) (*Repo, error) {
	read := func(rel string) (string, error) {
		b, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", rel, err)
		}
		return string(b), nil
	}
	r := &Repo{}
	apiYML, err := read(apiApplicationYML)
	if err != nil {
		return nil, err
	}
	workerYML, err := read(workerApplicationYML)
	if err != nil {
		return nil, err
	}
	apiDefaults := defaults(apiYML)
	r.WorkerDefaults = defaults(workerYML)
	for _, p := range []struct {
		into     *int
		defaults map[string]string
		name     string
		file     string
	}{
		{&r.APIPort, apiDefaults, "API_PORT", apiApplicationYML},
		{&r.APIManagementPort, apiDefaults, "API_MANAGEMENT_PORT", apiApplicationYML},
		{&r.WorkerManagementPort, r.WorkerDefaults, "MANAGEMENT_PORT", workerApplicationYML},
	} {
		v, ok := p.defaults[p.name]
		if !ok {
			return nil, fmt.Errorf("%s has no ${%s:<port>}", p.file, p.name)
		}
		if *p.into, err = strconv.Atoi(v); err != nil {
			return nil, fmt.Errorf("%s: ${%s:%s} is not a port", p.file, p.name, v)
		}
	}
	for _, name := range []string{"WEBHOOK_CONNECT_TIMEOUT", "WEBHOOK_CALL_TIMEOUT", "WORKER_SHUTDOWN_TIMEOUT"} {
		if _, ok := r.WorkerDefaults[name]; !ok {
			return nil, fmt.Errorf("%s has no ${%s:<duration>}", workerApplicationYML, name)
		}
	}

	java, err := read(deliveryPolicyImpl)
	if err != nil {
		return nil, err
	}
	m := regexp.MustCompile(`MESSAGE_BUILD_MARGIN\s*=\s*Duration\.of(Seconds|Minutes|Millis)\((\d+)\)`).FindStringSubmatch(java)
	if m == nil {
		return nil, fmt.Errorf("%s: MESSAGE_BUILD_MARGIN = Duration.ofSeconds(n) not found (the grace-period check needs it)", deliveryPolicyImpl)
	}
	n, _ := strconv.Atoi(m[2])
	r.MessageBuildMargin = map[string]time.Duration{"Seconds": time.Second, "Minutes": time.Minute, "Millis": time.Millisecond}[m[1]] * time.Duration(n)

	queues, err := read(taskQueuesJava)
	if err != nil {
		return nil, err
	}
	q := regexp.MustCompile(`BULK_DOWNLOAD\s*=\s*"([^"]+)"`).FindStringSubmatch(queues)
	if q == nil {
		return nil, fmt.Errorf("%s: BULK_DOWNLOAD = \"...\" not found", taskQueuesJava)
	}
	r.TaskQueue = q[1]

	pom, err := read("pom.xml")
	if err != nil {
		return nil, err
	}
	// the project's own version: the first <version> after the parent block
	rest := pom
	if i := strings.Index(rest, "</parent>"); i >= 0 {
		rest = rest[i:]
	}
	v := regexp.MustCompile(`<version>([^<]+)</version>`).FindStringSubmatch(rest)
	if v == nil {
		return nil, fmt.Errorf("pom.xml: the project's <version> not found")
	}
	r.ProjectVersion = strings.TrimSpace(v[1])

	r.Versions = map[string]string{}
	f, err := os.Open(filepath.Join(root, versionsEnv))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := strings.TrimSpace(s.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if k, val, ok := strings.Cut(line, "="); ok {
			r.Versions[strings.TrimSpace(k)] = strings.TrimSpace(val)
		}
	}
	return r, s.Err()
}

func defaults(yml string) map[string]string {
	out := map[string]string{}
	for _, m := range placeholderDefault.FindAllStringSubmatch(yml, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// springDuration parses a Spring Boot duration: "15s", "2m", "500ms", "1h", "30d", or a bare number of
// milliseconds.
func springDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	m := regexp.MustCompile(`^(\d+)(ns|us|ms|s|m|h|d)?$`).FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a duration", s)
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	unit := map[string]time.Duration{"": time.Millisecond, "ns": time.Nanosecond, "us": time.Microsecond,
		"ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}[m[2]]
	return time.Duration(n) * unit, nil
}
