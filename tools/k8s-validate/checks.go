package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/distribution/reference"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
)

const (
	apiDeployment    = "bulkdocs-api"
	workerDeployment = "bulkdocs-worker"
	apiService       = "bulkdocs-api"
	// Spring Boot's spring.lifecycle.timeout-per-shutdown-phase default: the longest one shutdown phase
	// (the web server's graceful stop among them) waits.
	springShutdownPhaseDefault = 30 * time.Second
)

// Report collects one line per satisfied check and one per violation.
type Report struct {
	Passed   []string
	Failures []string
}

func (r *Report) ok(format string, args ...any) {
	r.Passed = append(r.Passed, fmt.Sprintf(format, args...))
}
func (r *Report) fail(format string, args ...any) {
	r.Failures = append(r.Failures, fmt.Sprintf(format, args...))
}

// ---------------------------------------------------------------- secrets in plain values

var (
	secretTokens = map[string]bool{"KEY": true, "KEYS": true, "SECRET": true, "SECRETS": true, "PASSWORD": true,
		"PASSWD": true, "TOKEN": true, "TOKENS": true, "CREDENTIALS": true, "PASSPHRASE": true}
	// suffixes whose variables only name or schedule a secret: an access key's ID (a user name), the ID
	// of the active key of a key ring, a period (WEBHOOK_KEY_REWRAP_EVERY)
	notSecretSuffixes = []string{"_KEY_ID", "_ACTIVE", "_EVERY"}
	// a secret inside a value, e.g. JAVA_TOOL_OPTIONS=-Djavax.net.ssl.keyStorePassword=...
	secretInValue = regexp.MustCompile(`(?i)(password|passwd|secret|token|api[_-]?key)\s*[=:]`)
)

// SecretNamed is the rule for environment variables (and ConfigMap keys): a name is a secret's when one
// of its _-separated words is KEY, KEYS, SECRET(S), PASSWORD, PASSWD, TOKEN(S), CREDENTIALS or
// PASSPHRASE, unless it ends in _KEY_ID, _ACTIVE or _EVERY. Such a variable may not have a literal
// value: it comes from a Secret (secretKeyRef, envFrom secretRef), or, for a file variable such as
// TEMPORAL_TLS_KEY, its value is a path inside a Secret volume the container mounts.
func SecretNamed(name string) bool {
	upper := strings.ToUpper(name)
	for _, suffix := range notSecretSuffixes {
		if strings.HasSuffix(upper, suffix) {
			return false
		}
	}
	for _, word := range strings.Split(upper, "_") {
		if secretTokens[word] {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------- pods

type pod struct {
	owner  string // Deployment/bulkdocs-api
	name   string // the Deployment's or Job's name
	spec   *corev1.PodSpec
	isJob  bool
	labels map[string]string
}

func pods(r *Rendered) []pod {
	var out []pod
	for _, o := range r.Objects {
		switch v := o.Value.(type) {
		case *appsv1.Deployment:
			out = append(out, pod{o.ID(), o.Name, &v.Spec.Template.Spec, false, v.Spec.Template.Labels})
		case *batchv1.Job:
			out = append(out, pod{o.ID(), o.Name, &v.Spec.Template.Spec, true, v.Spec.Template.Labels})
		}
	}
	return out
}

func containersOf(s *corev1.PodSpec) []corev1.Container {
	return append(append([]corev1.Container{}, s.InitContainers...), s.Containers...)
}

// setting is one environment variable as the container sees it.
type setting struct {
	Value   string
	Literal bool   // a plain value (env value or a ConfigMap's data), not a Secret
	From    string // where it comes from, for messages
}

// effectiveEnv merges the ConfigMaps of envFrom (in order) and env, as the kubelet does. Secrets
// contribute names only (their values are not literal).
func effectiveEnv(r *Rendered, c *corev1.Container) map[string]setting {
	env := map[string]setting{}
	for _, from := range c.EnvFrom {
		if from.ConfigMapRef != nil {
			if cm, ok := r.Find("ConfigMap", from.ConfigMapRef.Name).(*corev1.ConfigMap); ok {
				for k, v := range cm.Data {
					env[from.Prefix+k] = setting{v, true, "ConfigMap/" + cm.Name}
				}
			}
		}
	}
	for _, e := range c.Env {
		switch {
		case e.ValueFrom == nil:
			env[e.Name] = setting{e.Value, true, "env"}
		case e.ValueFrom.SecretKeyRef != nil:
			env[e.Name] = setting{"", false, "Secret/" + e.ValueFrom.SecretKeyRef.Name}
		default:
			env[e.Name] = setting{"", false, "valueFrom"}
		}
	}
	return env
}

func checkPods(r *Rendered, rep *Report) {
	bad := len(rep.Failures)
	n := 0
	for _, p := range pods(r) {
		s := p.spec
		if s.AutomountServiceAccountToken == nil || *s.AutomountServiceAccountToken {
			rep.fail("%s: automountServiceAccountToken must be false (nothing here talks to the API server)", p.owner)
		}
		if s.HostNetwork || s.HostPID || s.HostIPC {
			rep.fail("%s: hostNetwork/hostPID/hostIPC must stay off", p.owner)
		}
		for _, v := range s.Volumes {
			if v.HostPath != nil {
				rep.fail("%s: volume %s is a hostPath", p.owner, v.Name)
			}
		}
		podSC := s.SecurityContext
		if podSC == nil {
			podSC = &corev1.PodSecurityContext{}
		}
		for _, c := range containersOf(s) {
			n++
			id := fmt.Sprintf("%s container %s", p.owner, c.Name)
			sc := c.SecurityContext
			if sc == nil {
				rep.fail("%s: no securityContext", id)
				continue
			}
			nonRoot := (sc.RunAsNonRoot != nil && *sc.RunAsNonRoot) || (sc.RunAsNonRoot == nil && podSC.RunAsNonRoot != nil && *podSC.RunAsNonRoot)
			if !nonRoot {
				rep.fail("%s: runAsNonRoot must be true", id)
			}
			if (sc.RunAsUser != nil && *sc.RunAsUser == 0) || (sc.RunAsUser == nil && podSC.RunAsUser != nil && *podSC.RunAsUser == 0) {
				rep.fail("%s: runs as uid 0", id)
			}
			if sc.Privileged != nil && *sc.Privileged {
				rep.fail("%s: privileged", id)
			}
			if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
				rep.fail("%s: allowPrivilegeEscalation must be false", id)
			}
			if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
				rep.fail("%s: readOnlyRootFilesystem must be true", id)
			}
			if sc.Capabilities == nil || !hasAll(sc.Capabilities.Drop) {
				rep.fail("%s: capabilities must drop ALL", id)
			} else if len(sc.Capabilities.Add) > 0 {
				rep.fail("%s: adds capabilities %v", id, sc.Capabilities.Add)
			}
			seccomp := sc.SeccompProfile
			if seccomp == nil {
				seccomp = podSC.SeccompProfile
			}
			if seccomp == nil || seccomp.Type != corev1.SeccompProfileTypeRuntimeDefault {
				rep.fail("%s: seccompProfile must be RuntimeDefault (pod or container)", id)
			}
			for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
				if _, ok := c.Resources.Requests[res]; !ok {
					rep.fail("%s: no %s request", id, res)
				}
				if _, ok := c.Resources.Limits[res]; !ok {
					rep.fail("%s: no %s limit", id, res)
				}
			}
			if why := pinnedImage(c.Image); why != "" {
				rep.fail("%s: image %s is not pinned: %s", id, c.Image, why)
			}
			if !p.isJob && (c.ReadinessProbe == nil || c.LivenessProbe == nil) {
				rep.fail("%s: needs a readiness and a liveness probe", id)
			}
		}
	}
	if len(rep.Failures) == bad {
		rep.ok("%d containers: non-root, no privilege escalation, read-only root filesystem, ALL capabilities dropped, seccomp RuntimeDefault, no service account token, cpu/memory requests and limits, images pinned", n)
	}
}

func hasAll(caps []corev1.Capability) bool {
	for _, c := range caps {
		if c == "ALL" {
			return true
		}
	}
	return false
}

// pinnedImage says why an image reference is not a pin ("" when it is one): a digest, or a tag that is
// not latest and names at least a major.minor version (the rule of tools/compose-validate).
func pinnedImage(image string) string {
	named, err := reference.ParseNormalizedNamed(image)
	if err != nil {
		return fmt.Sprintf("not a valid image reference (%v)", err)
	}
	if _, ok := named.(reference.Digested); ok {
		return ""
	}
	tagged, ok := named.(reference.Tagged)
	if !ok {
		return "has no tag (means latest)"
	}
	tag := tagged.Tag()
	if strings.EqualFold(tag, "latest") {
		return "uses the tag latest"
	}
	if !strings.Contains(tag, ".") || !strings.ContainsAny(tag, "0123456789") {
		return fmt.Sprintf("tag %q is not a specific version", tag)
	}
	return ""
}

// checkImageVersions: images of components deploy/versions.env pins must carry its version, and in the
// local overlay the applications' images are the version this checkout builds.
func checkImageVersions(r *Rendered, repo *Repo, production bool, rep *Report) {
	want := map[string]string{ // repository -> tag
		"docker.io/versity/versitygw":      "v" + repo.Versions["VERSITYGW_VERSION"],
		"docker.io/bulkdocs/s3-init":       repo.Versions["VERSITYGW_VERSION"],
		"docker.io/temporalio/server":      repo.Versions["TEMPORAL_SERVER_VERSION"],
		"docker.io/temporalio/admin-tools": repo.Versions["TEMPORAL_SERVER_VERSION"],
		"docker.io/temporalio/ui":          repo.Versions["TEMPORAL_UI_VERSION"],
	}
	bad := len(rep.Failures)
	var seen []string
	for _, p := range pods(r) {
		for _, c := range containersOf(p.spec) {
			named, err := reference.ParseNormalizedNamed(c.Image)
			if err != nil {
				continue // reported by checkPods
			}
			tag := ""
			if t, ok := named.(reference.Tagged); ok {
				tag = t.Tag()
			}
			repoName := named.Name()
			if w, ok := want[repoName]; ok {
				if tag != w {
					rep.fail("%s container %s: image %s, but deploy/versions.env says %s:%s", p.owner, c.Name, c.Image, repoName, w)
				}
				seen = append(seen, c.Image)
			}
			isApp := strings.HasSuffix(repoName, "/api-service") || strings.HasSuffix(repoName, "/workflow-worker")
			if isApp && !production && tag != repo.ProjectVersion {
				rep.fail("%s container %s: image %s, but this checkout builds %s (pom.xml)", p.owner, c.Name, c.Image, repo.ProjectVersion)
			}
			if isApp && production && strings.HasPrefix(repoName, "docker.io/bulkdocs/") {
				rep.fail("%s container %s: image %s is the local build's name; production pulls from your registry (images: newName)", p.owner, c.Name, c.Image)
			}
		}
	}
	if len(rep.Failures) == bad {
		if len(seen) > 0 {
			sort.Strings(seen)
			rep.ok("images match deploy/versions.env: %s", strings.Join(dedupe(seen), ", "))
		}
		if !production {
			rep.ok("application images are this checkout's version (%s)", repo.ProjectVersion)
		}
	}
}

func dedupe(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// ---------------------------------------------------------------- secrets

func checkSecrets(r *Rendered, production bool, rep *Report) {
	bad := len(rep.Failures)
	literal := 0
	for _, p := range pods(r) {
		for _, c := range containersOf(p.spec) {
			id := fmt.Sprintf("%s container %s", p.owner, c.Name)
			secretMounts := map[string]bool{}
			for _, m := range c.VolumeMounts {
				for _, v := range p.spec.Volumes {
					if v.Name == m.Name && v.Secret != nil {
						secretMounts[strings.TrimSuffix(m.MountPath, "/")+"/"] = true
					}
				}
			}
			for name, s := range effectiveEnv(r, &c) {
				if !s.Literal {
					continue
				}
				literal++
				if SecretNamed(name) && !underAny(s.Value, secretMounts) {
					rep.fail("%s: %s is a secret's name with a plain value (from %s); take it from a Secret (secretKeyRef), or make it a path in a mounted Secret", id, name, s.From)
				}
				if secretInValue.MatchString(s.Value) {
					rep.fail("%s: %s's value carries a credential (%s); take it from a Secret", id, name, secretInValue.FindString(s.Value))
				}
				if production && strings.Contains(s.Value, "change-me-demo") {
					rep.fail("%s: %s holds a demo value in production", id, name)
				}
			}
		}
	}
	for _, o := range r.Objects {
		if cm, ok := o.Value.(*corev1.ConfigMap); ok {
			for k := range cm.Data {
				if SecretNamed(k) {
					rep.fail("%s: key %s is a secret's; Secrets hold secrets", o.ID(), k)
				}
			}
		}
	}
	if len(rep.Failures) == bad {
		rep.ok("no secret in a plain value: %d literal settings checked against the rule (KEY/KEYS/SECRET/PASSWORD/TOKEN/CREDENTIALS/PASSPHRASE words, except *_KEY_ID, *_ACTIVE, *_EVERY)", literal)
	}
}

func underAny(path string, dirs map[string]bool) bool {
	for d := range dirs {
		if strings.HasPrefix(path, d) && len(path) > len(d) {
			return true
		}
	}
	return false
}

// checkSecretSources: in production no Secret is rendered (they are made out of band) and no demo
// value appears anywhere; in the local overlay every referenced Secret key exists and every secret's
// value is an obvious demo value. Returns the Secret keys the pods need, for the operator.
func checkSecretSources(r *Rendered, production bool, rep *Report) []string {
	need := map[string]bool{} // "name/key" or "name (envFrom)"
	optional := map[string]bool{}
	add := func(ref string, opt *bool) {
		if opt != nil && *opt {
			optional[ref] = true
		} else {
			need[ref] = true
		}
	}
	for _, p := range pods(r) {
		for _, c := range containersOf(p.spec) {
			for _, e := range c.Env {
				if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
					add(e.ValueFrom.SecretKeyRef.Name+"/"+e.ValueFrom.SecretKeyRef.Key, e.ValueFrom.SecretKeyRef.Optional)
				}
			}
			for _, f := range c.EnvFrom {
				if f.SecretRef != nil {
					add(f.SecretRef.Name+" (envFrom)", f.SecretRef.Optional)
				}
			}
		}
		for _, v := range p.spec.Volumes {
			if v.Secret != nil {
				add(v.Secret.SecretName+" (volume)", v.Secret.Optional)
			}
		}
	}
	for _, o := range r.Objects {
		if ta, ok := o.Value.(*TriggerAuthentication); ok {
			for _, ref := range ta.Spec.SecretTargetRef {
				need[ref.Name+"/"+ref.Key] = true
			}
		}
	}
	secrets := map[string]*corev1.Secret{}
	for _, o := range r.Objects {
		if s, ok := o.Value.(*corev1.Secret); ok {
			secrets[s.Name] = s
		}
	}
	bad := len(rep.Failures)
	if production {
		for name := range secrets {
			rep.fail("Secret/%s is rendered in production: production Secrets are created out of band, never from files in git", name)
		}
	} else {
		for ref := range need {
			name, key, _ := strings.Cut(strings.Fields(ref)[0], "/")
			s := secrets[name]
			if s == nil {
				rep.fail("%s is referenced but no Secret %s is rendered", ref, name)
				continue
			}
			if key != "" {
				if _, ok := s.StringData[key]; !ok {
					if _, ok := s.Data[key]; !ok {
						rep.fail("Secret/%s has no key %s", name, key)
					}
				}
			}
		}
		demoHash := sha256Hex("demo-api-key-change-me")
		for _, s := range secrets {
			for k, v := range secretValues(s) {
				if SecretNamed(k) && !strings.Contains(v, "change-me-demo") && v != demoHash {
					rep.fail("Secret/%s key %s: a local Secret must hold an obvious demo value (change-me-demo-*)", s.Name, k)
				}
			}
		}
	}
	list := make([]string, 0, len(need)+len(optional))
	for ref := range need {
		list = append(list, ref)
	}
	for ref := range optional {
		if !need[ref] {
			list = append(list, ref+" [optional]")
		}
	}
	sort.Strings(list)
	if len(rep.Failures) == bad {
		if production {
			rep.ok("no Secret rendered, no demo value; Secrets to create out of band: %s", strings.Join(list, ", "))
		} else {
			rep.ok("every referenced Secret key is rendered, with demo values only (%d Secrets)", len(secrets))
		}
	}
	return list
}

func secretValues(s *corev1.Secret) map[string]string {
	out := map[string]string{}
	for k, v := range s.Data {
		out[k] = string(v)
	}
	for k, v := range s.StringData {
		out[k] = v
	}
	return out
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// ---------------------------------------------------------------- the two applications

func deployment(r *Rendered, name string, rep *Report) *appsv1.Deployment {
	d, _ := r.Find("Deployment", name).(*appsv1.Deployment)
	if d == nil {
		rep.fail("Deployment/%s is missing", name)
	}
	return d
}

func container(d *appsv1.Deployment) *corev1.Container {
	if d == nil || len(d.Spec.Template.Spec.Containers) == 0 {
		return nil
	}
	return &d.Spec.Template.Spec.Containers[0]
}

// portNumber resolves a probe's port (a number or a container port's name).
func portNumber(c *corev1.Container, p intstr.IntOrString) int {
	if p.Type == intstr.Int {
		return p.IntValue()
	}
	for _, cp := range c.Ports {
		if cp.Name == p.StrVal {
			return int(cp.ContainerPort)
		}
	}
	return -1
}

func checkProbes(id string, c *corev1.Container, mgmt int, rep *Report) bool {
	good := true
	for _, pr := range []struct {
		kind  string
		probe *corev1.Probe
		path  string
	}{
		{"readinessProbe", c.ReadinessProbe, "/actuator/health/readiness"},
		{"livenessProbe", c.LivenessProbe, "/actuator/health/liveness"},
	} {
		if pr.probe == nil || pr.probe.HTTPGet == nil {
			rep.fail("%s: %s must be an httpGet of %s", id, pr.kind, pr.path)
			good = false
			continue
		}
		if pr.probe.HTTPGet.Path != pr.path {
			rep.fail("%s: %s path %s, want %s", id, pr.kind, pr.probe.HTTPGet.Path, pr.path)
			good = false
		}
		if got := portNumber(c, pr.probe.HTTPGet.Port); got != mgmt {
			rep.fail("%s: %s on port %d, want the management port %d", id, pr.kind, got, mgmt)
			good = false
		}
	}
	if c.StartupProbe != nil && c.StartupProbe.HTTPGet != nil && portNumber(c, c.StartupProbe.HTTPGet.Port) != mgmt {
		rep.fail("%s: startupProbe not on the management port %d", id, mgmt)
		good = false
	}
	return good
}

func envInt(env map[string]setting, name string) (int, bool) {
	s, ok := env[name]
	if !ok || !s.Literal {
		return 0, false
	}
	n, err := strconv.Atoi(s.Value)
	return n, err == nil
}

func checkAPI(r *Rendered, repo *Repo, rep *Report) {
	d := deployment(r, apiDeployment, rep)
	c := container(d)
	if c == nil {
		return
	}
	env := effectiveEnv(r, c)
	id := "Deployment/" + apiDeployment
	bad := len(rep.Failures)
	mgmt, customer := repo.APIManagementPort, repo.APIPort
	if v, ok := envInt(env, "API_MANAGEMENT_PORT"); ok {
		mgmt = v
	}
	if v, ok := envInt(env, "API_PORT"); ok {
		customer = v
	}
	if mgmt != repo.APIManagementPort || customer != repo.APIPort {
		rep.fail("%s: API_PORT=%d, API_MANAGEMENT_PORT=%d; this repository's are %d and %d (api-service application.yml)", id, customer, mgmt, repo.APIPort, repo.APIManagementPort)
	}
	ports := map[int32]bool{}
	for _, p := range c.Ports {
		ports[p.ContainerPort] = true
	}
	if !ports[int32(customer)] || !ports[int32(mgmt)] {
		rep.fail("%s: containerPorts must list %d and %d", id, customer, mgmt)
	}
	probesOK := checkProbes(id, c, mgmt, rep)

	// RATE_LIMIT_INSTANCES == replicas
	replicas := int32(1)
	if d.Spec.Replicas != nil {
		replicas = *d.Spec.Replicas
	}
	n, ok := envInt(env, "RATE_LIMIT_INSTANCES")
	switch {
	case !ok:
		rep.fail("%s: RATE_LIMIT_INSTANCES must be a literal number (the replica count)", id)
	case int32(n) != replicas:
		rep.fail("%s: RATE_LIMIT_INSTANCES=%d but replicas=%d: each instance would enforce 1/%d of the limits", id, n, replicas, n)
	default:
		rep.ok("%s: RATE_LIMIT_INSTANCES=%d equals replicas", id, n)
	}

	// Services: the customers' Service exposes the API port only; nothing public exposes management.
	apiPods := labels.Set(d.Spec.Template.Labels)
	customerSvc := false
	for _, o := range r.Objects {
		svc, ok := o.Value.(*corev1.Service)
		if !ok || len(svc.Spec.Selector) == 0 || !labels.SelectorFromSet(svc.Spec.Selector).Matches(apiPods) {
			continue
		}
		exposesMgmt, exposesCustomer := false, false
		for _, sp := range svc.Spec.Ports {
			target := sp.TargetPort
			if target.Type == intstr.Int && target.IntValue() == 0 {
				target = intstr.FromInt32(sp.Port)
			}
			switch portNumber(c, target) {
			case mgmt:
				exposesMgmt = true
			case customer:
				exposesCustomer = true
			}
		}
		if exposesMgmt && exposesCustomer {
			rep.fail("%s exposes both the customers' port %d and the management port %d", o.ID(), customer, mgmt)
		}
		if exposesMgmt && svc.Spec.Type != "" && svc.Spec.Type != corev1.ServiceTypeClusterIP {
			rep.fail("%s exposes the management port %d as %s; it stays internal (ClusterIP)", o.ID(), mgmt, svc.Spec.Type)
		}
		if o.Name == apiService {
			customerSvc = exposesCustomer && !exposesMgmt
		}
	}
	if !customerSvc {
		rep.fail("Service/%s must expose the customers' port %d and not the management port %d", apiService, customer, mgmt)
	}
	if probesOK && len(rep.Failures) == bad {
		rep.ok("%s: customers on %d (Service/%s), probes /actuator/health/{readiness,liveness} on the management port %d, which no customer-facing Service exposes", id, customer, apiService, mgmt)
	}
}

func checkWorker(r *Rendered, repo *Repo, rep *Report) {
	d := deployment(r, workerDeployment, rep)
	c := container(d)
	if c == nil {
		return
	}
	id := "Deployment/" + workerDeployment
	env := effectiveEnv(r, c)
	bad := len(rep.Failures)
	mgmt := repo.WorkerManagementPort
	if v, ok := envInt(env, "MANAGEMENT_PORT"); ok && v != mgmt {
		rep.fail("%s: MANAGEMENT_PORT=%d; this repository's is %d (workflow-worker application.yml)", id, v, mgmt)
	}
	checkProbes(id, c, mgmt, rep)
	if d.Spec.Replicas != nil {
		rep.fail("%s: sets replicas=%d; the ScaledObject owns the count (a re-apply would reset it)", id, *d.Spec.Replicas)
	}

	// the scratch directory is a volume (the root filesystem is read-only)
	if dir, ok := env["WORKER_TEMP_DIR"]; !ok || !dir.Literal {
		rep.fail("%s: WORKER_TEMP_DIR must be set to a mounted volume", id)
	} else if !mounted(d, c, dir.Value) {
		rep.fail("%s: WORKER_TEMP_DIR %s is not on a mounted emptyDir or ephemeral volume", id, dir.Value)
	}
	if !mounted(d, c, "/tmp") {
		rep.fail("%s: /tmp must be a mounted emptyDir or ephemeral volume", id)
	}

	// terminationGracePeriodSeconds > one delivery attempt + the shutdown that may wait for it
	value := func(name string) (time.Duration, string) {
		v := repo.WorkerDefaults[name]
		src := "application.yml default"
		if s, ok := env[name]; ok && s.Literal {
			v, src = s.Value, "manifest"
		}
		dur, err := springDuration(v)
		if err != nil {
			rep.fail("%s: %s: %v", id, name, err)
		}
		return dur, fmt.Sprintf("%s %s (%s)", name, v, src)
	}
	connect, connectSrc := value("WEBHOOK_CONNECT_TIMEOUT")
	call, callSrc := value("WEBHOOK_CALL_TIMEOUT")
	attempt := connect + call + repo.MessageBuildMargin
	// GracefulWorkerShutdown waits up to WORKER_SHUTDOWN_TIMEOUT for the attempts in flight; the other
	// shutdown phases (the management server's) may take Spring's phase timeout after it
	drain, drainSrc := value("WORKER_SHUTDOWN_TIMEOUT")
	shutdown := springShutdownPhaseDefault
	if s, ok := env["SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE"]; ok && s.Literal {
		if v, err := springDuration(s.Value); err == nil {
			shutdown = v
		}
	}
	grace := 30 * time.Second // Kubernetes' default
	if g := d.Spec.Template.Spec.TerminationGracePeriodSeconds; g != nil {
		grace = time.Duration(*g) * time.Second
	}
	switch {
	case drain < attempt:
		rep.fail("%s: %s is shorter than one delivery attempt %v (%s + %s + margin %v): a stopping worker would cut attempts off", id, drainSrc, attempt, connectSrc, callSrc, repo.MessageBuildMargin)
	case grace <= drain+shutdown:
		rep.fail("%s: terminationGracePeriodSeconds %v is not above the worker's drain %v (%s) + Spring shutdown phase %v", id, grace, drain, drainSrc, shutdown)
	default:
		rep.ok("%s: terminationGracePeriodSeconds %v > drain %s (itself >= one delivery attempt %v: %s + %s + message-build margin %v) + Spring shutdown phase %v", id, grace, drainSrc, attempt, connectSrc, callSrc, repo.MessageBuildMargin, shutdown)
	}
	if len(rep.Failures) == bad {
		rep.ok("%s: probes on the management port %d, WORKER_TEMP_DIR and /tmp on volumes, replicas left to KEDA", id, mgmt)
	}
}

// mounted reports whether path is at or under a mount of an emptyDir or ephemeral volume.
func mounted(d *appsv1.Deployment, c *corev1.Container, path string) bool {
	for _, m := range c.VolumeMounts {
		mp := strings.TrimSuffix(m.MountPath, "/")
		if path != mp && !strings.HasPrefix(path, mp+"/") {
			continue
		}
		for _, v := range d.Spec.Template.Spec.Volumes {
			if v.Name == m.Name && (v.EmptyDir != nil || v.Ephemeral != nil) && volumeSources(v) == 1 {
				return true
			}
		}
	}
	return false
}

// volumeSources counts the sources a volume sets (a patch that adds one without removing the other
// leaves two, which the API server rejects).
func volumeSources(v corev1.Volume) int {
	n := 0
	for _, set := range []bool{v.EmptyDir != nil, v.Ephemeral != nil, v.Secret != nil, v.ConfigMap != nil,
		v.PersistentVolumeClaim != nil, v.HostPath != nil, v.Projected != nil, v.CSI != nil} {
		if set {
			n++
		}
	}
	return n
}

func checkVolumes(r *Rendered, rep *Report) {
	bad := len(rep.Failures)
	for _, p := range pods(r) {
		for _, v := range p.spec.Volumes {
			if volumeSources(v) != 1 {
				rep.fail("%s: volume %s has %d sources, needs exactly one", p.owner, v.Name, volumeSources(v))
			}
		}
	}
	if len(rep.Failures) == bad {
		rep.ok("every volume has exactly one source")
	}
}

func checkPDBs(r *Rendered, rep *Report) {
	for _, name := range []string{apiDeployment, workerDeployment} {
		d, _ := r.Find("Deployment", name).(*appsv1.Deployment)
		if d == nil {
			continue
		}
		found := false
		for _, o := range r.Objects {
			pdb, ok := o.Value.(*policyv1.PodDisruptionBudget)
			if !ok || pdb.Spec.Selector == nil {
				continue
			}
			sel, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector)
			if err == nil && sel.Matches(labels.Set(d.Spec.Template.Labels)) {
				found = true
			}
		}
		if found {
			rep.ok("Deployment/%s has a PodDisruptionBudget", name)
		} else {
			rep.fail("Deployment/%s has no PodDisruptionBudget", name)
		}
	}
}

// ---------------------------------------------------------------- network policies

func checkNetworkPolicies(r *Rendered, rep *Report) {
	bad := len(rep.Failures)
	var policies []*networkingv1.NetworkPolicy
	for _, o := range r.Objects {
		if np, ok := o.Value.(*networkingv1.NetworkPolicy); ok {
			policies = append(policies, np)
		}
	}
	defaultDeny := false
	for _, np := range policies {
		if len(np.Spec.PodSelector.MatchLabels) == 0 && len(np.Spec.PodSelector.MatchExpressions) == 0 &&
			hasType(np, networkingv1.PolicyTypeIngress) && len(np.Spec.Ingress) == 0 {
			defaultDeny = true
		}
	}
	if !defaultDeny {
		rep.fail("no default-deny ingress NetworkPolicy (podSelector {}, policyTypes Ingress, no rules)")
	}
	blocks := 0
	for _, np := range policies {
		for i, rule := range np.Spec.Egress {
			for _, peer := range rule.To {
				if peer.IPBlock == nil {
					continue
				}
				blocks++
				if why := ipBlockProblem(peer.IPBlock); why != "" {
					rep.fail("NetworkPolicy/%s egress[%d]: %s", np.Name, i, why)
				}
				for _, port := range rule.Ports {
					if port.Port != nil && port.Port.IntValue() == 80 {
						rep.fail("NetworkPolicy/%s egress[%d]: port 80 to %s: the product refuses http:// webhooks", np.Name, i, peer.IPBlock.CIDR)
					}
				}
				if len(rule.Ports) == 0 {
					rep.fail("NetworkPolicy/%s egress[%d]: ipBlock %s on every port; name the ports", np.Name, i, peer.IPBlock.CIDR)
				}
			}
		}
	}
	// each application is limited in egress, and its management port admits only selected namespaces
	for _, name := range []string{apiDeployment, workerDeployment} {
		d, _ := r.Find("Deployment", name).(*appsv1.Deployment)
		c := container(d)
		if c == nil {
			continue
		}
		podLabels := labels.Set(d.Spec.Template.Labels)
		egressLimited := false
		for _, np := range policies {
			sel, err := metav1.LabelSelectorAsSelector(&np.Spec.PodSelector)
			if err != nil || !sel.Matches(podLabels) {
				continue
			}
			if hasType(np, networkingv1.PolicyTypeEgress) {
				egressLimited = true
			}
			for i, rule := range np.Spec.Ingress {
				for _, port := range rule.Ports {
					if port.Port == nil || portNumber(c, *port.Port) != managementPortOf(c) {
						continue
					}
					if len(rule.From) == 0 {
						rep.fail("NetworkPolicy/%s ingress[%d] admits the management port of %s from anywhere", np.Name, i, name)
					}
					for _, peer := range rule.From {
						if peer.IPBlock != nil || (peer.NamespaceSelector == nil && peer.PodSelector == nil) {
							rep.fail("NetworkPolicy/%s ingress[%d]: the management port of %s is for selected namespaces only", np.Name, i, name)
						}
						if peer.NamespaceSelector != nil && len(peer.NamespaceSelector.MatchLabels) == 0 && len(peer.NamespaceSelector.MatchExpressions) == 0 {
							rep.fail("NetworkPolicy/%s ingress[%d]: the management port of %s is open to every namespace", np.Name, i, name)
						}
					}
				}
			}
		}
		if !egressLimited {
			rep.fail("Deployment/%s: no NetworkPolicy limits its egress", name)
		}
	}
	if len(rep.Failures) == bad {
		rep.ok("%d NetworkPolicies: default deny, management ports from selected namespaces only, %d ipBlocks each excepting the private, CGNAT, link-local (169.254.169.254, fd00:ec2::254), loopback and unique-local ranges, no port 80", len(policies), blocks)
	}
}

func managementPortOf(c *corev1.Container) int {
	for _, p := range c.Ports {
		if p.Name == "management" {
			return int(p.ContainerPort)
		}
	}
	return -1
}

func hasType(np *networkingv1.NetworkPolicy, t networkingv1.PolicyType) bool {
	for _, pt := range np.Spec.PolicyTypes {
		if pt == t {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------- KEDA

func checkScaledObject(r *Rendered, repo *Repo, rep *Report) {
	var sos []*ScaledObject
	for _, o := range r.Objects {
		if so, ok := o.Value.(*ScaledObject); ok {
			sos = append(sos, so)
		}
	}
	if len(sos) != 1 {
		rep.fail("want exactly one ScaledObject (the worker's), found %d", len(sos))
		return
	}
	so := sos[0]
	id := "ScaledObject/" + so.Name
	bad := len(rep.Failures)
	t := so.Spec.ScaleTargetRef
	if t == nil || t.Name != workerDeployment || (t.Kind != "" && t.Kind != "Deployment") || (t.APIVersion != "" && t.APIVersion != "apps/v1") {
		rep.fail("%s: scaleTargetRef must be the Deployment %s", id, workerDeployment)
	}
	if so.Spec.MinReplicaCount == nil || *so.Spec.MinReplicaCount < 1 {
		rep.fail("%s: minReplicaCount must be at least 1 (housekeeping Schedules and progress queries need a worker)", id)
	}
	if so.Spec.MaxReplicaCount == nil || so.Spec.MinReplicaCount == nil || *so.Spec.MaxReplicaCount < *so.Spec.MinReplicaCount {
		rep.fail("%s: maxReplicaCount must be set and >= minReplicaCount", id)
	}
	if len(so.Spec.Triggers) != 1 || so.Spec.Triggers[0].Type != "temporal" {
		rep.fail("%s: one trigger of type temporal expected", id)
		return
	}
	tr := so.Spec.Triggers[0]
	for k := range tr.Metadata {
		if !temporalKnownMetadata[k] {
			rep.fail("%s: trigger metadata %q is not a parameter of KEDA's temporal scaler", id, k)
		}
	}
	for _, k := range temporalRequiredMetadata {
		if tr.Metadata[k] == "" {
			rep.fail("%s: trigger metadata %s is required", id, k)
		}
	}
	for _, k := range temporalIntegerMetadata {
		if v, ok := tr.Metadata[k]; ok {
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				rep.fail("%s: trigger metadata %s=%q is not an integer", id, k, v)
			}
		}
	}
	if q := tr.Metadata["queueTypes"]; q != "" {
		for _, typ := range strings.Split(q, ",") {
			if !temporalQueueTypes[strings.TrimSpace(typ)] {
				rep.fail("%s: queueTypes %q: %q is not workflow, activity or nexus", id, q, typ)
			}
		}
	}
	if tr.Metadata["taskQueue"] != repo.TaskQueue {
		rep.fail("%s: taskQueue %q, but the worker polls %q (TaskQueues.BULK_DOWNLOAD)", id, tr.Metadata["taskQueue"], repo.TaskQueue)
	}
	// the scaler asks the Temporal the workers use
	if d, _ := r.Find("Deployment", workerDeployment).(*appsv1.Deployment); container(d) != nil {
		env := effectiveEnv(r, container(d))
		if a := env["TEMPORAL_ADDRESS"]; a.Value != tr.Metadata["endpoint"] {
			rep.fail("%s: endpoint %q, but the worker's TEMPORAL_ADDRESS is %q", id, tr.Metadata["endpoint"], a.Value)
		}
		ns := tr.Metadata["namespace"]
		if ns == "" {
			ns = "default"
		}
		if n := env["TEMPORAL_NAMESPACE"]; n.Value != ns {
			rep.fail("%s: namespace %q, but the worker's TEMPORAL_NAMESPACE is %q", id, ns, n.Value)
		}
		_, apiKey := env["TEMPORAL_API_KEY"]
		_, cert := env["TEMPORAL_TLS_CERT"]
		if (apiKey || cert) && tr.AuthenticationRef == nil {
			rep.fail("%s: the workers authenticate to Temporal (TEMPORAL_API_KEY / TEMPORAL_TLS_CERT) but the trigger has no authenticationRef", id)
		}
	}
	if ref := tr.AuthenticationRef; ref != nil {
		ta, _ := r.Find("TriggerAuthentication", ref.Name).(*TriggerAuthentication)
		if ref.Kind != "" && ref.Kind != "TriggerAuthentication" {
			rep.fail("%s: authenticationRef kind %s: use a namespaced TriggerAuthentication", id, ref.Kind)
		} else if ta == nil {
			rep.fail("%s: authenticationRef %s: no such TriggerAuthentication", id, ref.Name)
		} else {
			for _, s := range ta.Spec.SecretTargetRef {
				if !temporalAuthParameters[s.Parameter] {
					rep.fail("TriggerAuthentication/%s: %q is not an authentication parameter of the temporal scaler", ta.Name, s.Parameter)
				}
			}
		}
	}
	if len(rep.Failures) == bad {
		auth := "none"
		if tr.AuthenticationRef != nil {
			auth = "TriggerAuthentication/" + tr.AuthenticationRef.Name
		}
		rep.ok("%s: temporal trigger on task queue %s (queueTypes %s, targetQueueSize %s) at the workers' Temporal, replicas %d..%d, authentication %s",
			id, repo.TaskQueue, tr.Metadata["queueTypes"], tr.Metadata["targetQueueSize"], *so.Spec.MinReplicaCount, *so.Spec.MaxReplicaCount, auth)
	}
}

// ---------------------------------------------------------------- production settings

func checkProductionSettings(r *Rendered, production bool, rep *Report) {
	bad := len(rep.Failures)
	for _, name := range []string{apiDeployment, workerDeployment} {
		d, _ := r.Find("Deployment", name).(*appsv1.Deployment)
		c := container(d)
		if c == nil {
			continue
		}
		env := effectiveEnv(r, c)
		for _, flag := range []string{"WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "WEBHOOK_ALLOW_HTTP"} {
			if s, ok := env[flag]; ok && strings.EqualFold(s.Value, "true") {
				rep.fail("Deployment/%s: %s=true lets webhooks reach what the egress policy is there to keep out", name, flag)
			}
		}
		if production {
			if s, ok := env["BULKDOCS_PUBLISHED_ADDRESS"]; ok {
				rep.fail("Deployment/%s: BULKDOCS_PUBLISHED_ADDRESS=%s in production (it only serves to accept demo secrets on loopback)", name, s.Value)
			}
			_, apiKey := env["TEMPORAL_API_KEY"]
			_, cert := env["TEMPORAL_TLS_CERT"]
			if !apiKey && !cert {
				rep.fail("Deployment/%s: production reaches Temporal without an API key or client certificate", name)
			}
		}
	}
	if len(rep.Failures) == bad {
		if production {
			rep.ok("production: private and http webhooks refused, no loopback exemption for demo values, Temporal authenticated (API key or mTLS)")
		} else {
			rep.ok("private and http webhooks refused")
		}
	}
}
