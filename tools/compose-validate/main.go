// Command compose-validate loads a Compose file with compose-go (the library Docker Compose
// itself is built on), which interpolates it, validates it against the compose-spec JSON
// schema and checks its consistency, and then checks this repository's deployment invariants
// on the parsed model (and on the Dockerfiles of the services built from source).
//
// It needs no Docker engine and no network. Exit status: 0 valid, 1 invalid, 2 usage error.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/distribution/reference"
)

// Options selects the file and the invariants to check.
type Options struct {
	File          string   // compose file
	ProjectDir    string   // directory relative paths resolve against ("" = the file's directory)
	EnvFiles      []string // extra env files for interpolation, like `docker compose --env-file`
	UseOSEnv      bool     // interpolate from the process environment too (docker compose does)
	BuildServices []string // services that must be built from this repository
	// image repositories (without tag) whose data must live in a named volume
	StatefulImages []string
	// the exact ENTRYPOINT the application images must use
	Entrypoint []string
}

// DefaultOptions are the invariants of this repository's docker-compose.yml.
func DefaultOptions() Options {
	return Options{
		File:           "docker-compose.yml",
		BuildServices:  []string{"api-service", "workflow-worker"},
		StatefulImages: []string{"docker.io/library/postgres", "docker.io/versity/versitygw"},
		Entrypoint:     []string{"java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"},
	}
}

// Report is the outcome of one validation.
type Report struct {
	Passed   []string // one line per satisfied check
	Failures []string // one line per violated invariant
}

func (r *Report) ok(format string, args ...any) {
	r.Passed = append(r.Passed, fmt.Sprintf(format, args...))
}
func (r *Report) fail(format string, args ...any) {
	r.Failures = append(r.Failures, fmt.Sprintf(format, args...))
}

// Validate loads the compose file and checks every invariant. A returned error means the file
// could not be loaded at all (syntax, schema, interpolation or consistency error).
func Validate(ctx context.Context, o Options) (*types.Project, *Report, error) {
	file, err := filepath.Abs(o.File)
	if err != nil {
		return nil, nil, err
	}
	projectDir := o.ProjectDir
	if projectDir == "" {
		projectDir = filepath.Dir(file)
	}
	if projectDir, err = filepath.Abs(projectDir); err != nil {
		return nil, nil, err
	}

	fns := []cli.ProjectOptionsFn{
		cli.WithWorkingDirectory(projectDir),
		cli.WithInterpolation(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
	}
	if o.UseOSEnv {
		fns = append(fns, cli.WithOsEnv)
	}
	if len(o.EnvFiles) > 0 {
		fns = append(fns, cli.WithEnvFiles(o.EnvFiles...), cli.WithDotEnv)
	}
	opts, err := cli.NewProjectOptions([]string{file}, fns...)
	if err != nil {
		return nil, nil, err
	}
	project, err := opts.LoadProject(ctx)
	if err != nil {
		return nil, nil, err
	}

	r := &Report{}
	r.ok("compose-spec schema, interpolation and consistency (compose-go %s): %d services, %d volumes",
		composeGoVersion(), len(project.Services), len(project.Volumes))
	checkImages(project, r)
	oneShots := oneShotServices(project)
	checkLifecycle(project, oneShots, r)
	checkDependencies(project, oneShots, r)
	checkBuildServices(project, o, r)
	checkStatefulVolumes(project, o, r)
	checkBindMounts(project, r)
	checkEnvironment(project, r)
	checkParity(project, projectDir, r)
	return project, r, nil
}

func composeGoVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/compose-spec/compose-go/v2" {
				return dep.Version
			}
		}
	}
	return "(unknown version)"
}

// pinnedImage reports why an image reference is not a pin ("" when it is one): a digest, or a
// tag that is not "latest" and names at least a major.minor version (floating tags such as
// postgres:17 or alpine are not pins).
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

func repository(image string) string {
	named, err := reference.ParseNormalizedNamed(image)
	if err != nil {
		return image
	}
	return named.Name()
}

func sortedServices(p *types.Project) []types.ServiceConfig {
	names := make([]string, 0, len(p.Services))
	for name := range p.Services {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]types.ServiceConfig, 0, len(names))
	for _, name := range names {
		out = append(out, p.Services[name])
	}
	return out
}

func checkImages(p *types.Project, r *Report) {
	var pins []string
	bad := false
	for _, s := range sortedServices(p) {
		if s.Image == "" {
			if s.Build == nil {
				r.fail("service %s has neither image nor build", s.Name)
				bad = true
			}
			continue
		}
		if why := pinnedImage(s.Image); why != "" {
			r.fail("service %s: image %s is not pinned: %s", s.Name, s.Image, why)
			bad = true
			continue
		}
		pins = append(pins, s.Name+"="+s.Image)
	}
	if !bad {
		r.ok("every image pinned to a version: %s", strings.Join(pins, ", "))
	}
}

// oneShotServices are the services another service waits for with
// condition: service_completed_successfully (setup jobs that run and exit).
func oneShotServices(p *types.Project) map[string]bool {
	oneShots := map[string]bool{}
	for _, s := range p.Services {
		for dep, d := range s.DependsOn {
			if d.Condition == types.ServiceConditionCompletedSuccessfully {
				oneShots[dep] = true
			}
		}
	}
	return oneShots
}

func validHealthcheck(h *types.HealthCheckConfig) bool {
	if h == nil || h.Disable || len(h.Test) == 0 {
		return false
	}
	switch h.Test[0] {
	case "CMD", "CMD-SHELL":
		return len(h.Test) > 1 && strings.TrimSpace(strings.Join(h.Test[1:], "")) != ""
	default:
		return false
	}
}

func checkLifecycle(p *types.Project, oneShots map[string]bool, r *Report) {
	var longRunning, jobs []string
	bad := false
	for _, s := range sortedServices(p) {
		if oneShots[s.Name] {
			jobs = append(jobs, s.Name)
			if s.Restart == types.RestartPolicyAlways || s.Restart == types.RestartPolicyUnlessStopped {
				r.fail("one-shot service %s has restart: %s (it would run forever)", s.Name, s.Restart)
				bad = true
			}
			continue
		}
		longRunning = append(longRunning, s.Name)
		if !validHealthcheck(s.HealthCheck) {
			r.fail("long-running service %s has no healthcheck", s.Name)
			bad = true
		}
		if s.Restart != types.RestartPolicyAlways && s.Restart != types.RestartPolicyUnlessStopped {
			r.fail("long-running service %s has restart %q (want unless-stopped or always)", s.Name, s.Restart)
			bad = true
		}
	}
	if !bad {
		r.ok("long-running services have a healthcheck and a restart policy: %s", strings.Join(longRunning, ", "))
		r.ok("one-shot setup services do not restart forever: %s", strings.Join(jobs, ", "))
	}
}

func checkDependencies(p *types.Project, oneShots map[string]bool, r *Report) {
	count := 0
	bad := false
	for _, s := range sortedServices(p) {
		deps := make([]string, 0, len(s.DependsOn))
		for dep := range s.DependsOn {
			deps = append(deps, dep)
		}
		sort.Strings(deps)
		for _, dep := range deps {
			count++
			want := types.ServiceConditionHealthy
			if oneShots[dep] {
				want = types.ServiceConditionCompletedSuccessfully
			}
			if got := s.DependsOn[dep].Condition; got != want {
				r.fail("service %s depends on %s with condition %q (want %s)", s.Name, dep, got, want)
				bad = true
			}
		}
	}
	if !bad {
		r.ok("all %d depends_on edges wait for service_healthy or service_completed_successfully", count)
	}
}

func checkBuildServices(p *types.Project, o Options, r *Report) {
	for _, name := range o.BuildServices {
		s, ok := p.Services[name]
		if !ok {
			r.fail("service %s is missing", name)
			continue
		}
		if s.Build == nil {
			r.fail("service %s is not built from this repository (no build:)", name)
			continue
		}
		if filepath.Clean(s.Build.Context) != filepath.Clean(p.WorkingDir) {
			r.fail("service %s: build context %s is not the repository root %s", name, s.Build.Context, p.WorkingDir)
		}
		dockerfile := s.Build.Dockerfile
		if dockerfile == "" {
			dockerfile = "Dockerfile"
		}
		if !filepath.IsAbs(dockerfile) {
			dockerfile = filepath.Join(s.Build.Context, dockerfile)
		}
		// one recipe for both services at the repository root; the MODULE build arg picks the service
		if want := filepath.Join(p.WorkingDir, "Dockerfile"); filepath.Clean(dockerfile) != want {
			r.fail("service %s: dockerfile %s, want %s", name, dockerfile, want)
		}
		if module := s.Build.Args["MODULE"]; module == nil || *module != name {
			r.fail("service %s: build arg MODULE must be %q, want the service's own module", name, name)
		}
		if s.Image != "" {
			if why := pinnedImage(s.Image); why != "" {
				r.fail("service %s: image name %s %s", name, s.Image, why)
			}
		}
		if s.User == "root" || s.User == "0" || strings.HasPrefix(s.User, "0:") || strings.HasPrefix(s.User, "root:") {
			r.fail("service %s runs as root (user: %s)", name, s.User)
		}
		df, err := parseDockerfile(dockerfile)
		if err != nil {
			r.fail("service %s: %v", name, err)
			continue
		}
		problems := df.check(o.Entrypoint)
		for _, problem := range problems {
			r.fail("service %s: %s: %s", name, relative(p.WorkingDir, dockerfile), problem)
		}
		if len(problems) == 0 {
			r.ok("service %s: built from %s (context %s); final stage %s, USER %s, HEALTHCHECK, ENTRYPOINT %s",
				name, relative(p.WorkingDir, dockerfile), relative(p.WorkingDir, s.Build.Context),
				df.finalBase, df.user, strings.Join(o.Entrypoint, " "))
		}
	}
}

func relative(base, path string) string {
	if rel, err := filepath.Rel(base, path); err == nil {
		if rel == "." {
			return "."
		}
		return rel
	}
	return path
}

func checkStatefulVolumes(p *types.Project, o Options, r *Report) {
	stateful := map[string]bool{}
	for _, repo := range o.StatefulImages {
		stateful[repo] = true
	}
	for _, s := range sortedServices(p) {
		if s.Image == "" || !stateful[repository(s.Image)] {
			continue
		}
		var named []string
		for _, v := range s.Volumes {
			if v.Type == types.VolumeTypeVolume && v.Source != "" {
				if _, declared := p.Volumes[v.Source]; declared {
					named = append(named, v.Source+":"+v.Target)
				}
			}
		}
		if len(named) == 0 {
			r.fail("stateful service %s (%s) keeps its data in no named volume", s.Name, s.Image)
		} else {
			r.ok("stateful service %s keeps its data in named volume %s", s.Name, strings.Join(named, ", "))
		}
	}
}

// checkBindMounts checks that bind-mounted host paths exist, and that a script a service runs
// from a bind mount (entrypoint or command argument under the mount target) exists on the host.
func checkBindMounts(p *types.Project, r *Report) {
	count := 0
	bad := false
	for _, s := range sortedServices(p) {
		for _, v := range s.Volumes {
			if v.Type != types.VolumeTypeBind {
				continue
			}
			count++
			if _, err := os.Stat(v.Source); err != nil {
				r.fail("service %s: bind mount source %s does not exist", s.Name, v.Source)
				bad = true
				continue
			}
			args := append(append([]string{}, s.Entrypoint...), s.Command...)
			for _, arg := range args {
				target := strings.TrimSuffix(v.Target, "/") + "/"
				if !strings.HasPrefix(arg, target) {
					continue
				}
				hostPath := filepath.Join(v.Source, strings.TrimPrefix(arg, target))
				if _, err := os.Stat(hostPath); err != nil {
					r.fail("service %s runs %s, but %s does not exist", s.Name, arg, hostPath)
					bad = true
				}
			}
		}
	}
	if !bad {
		r.ok("all %d bind-mounted host paths (and the scripts run from them) exist", count)
	}
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

func checkEnvironment(p *types.Project, r *Report) {
	count := 0
	bad := false
	for _, s := range sortedServices(p) {
		keys := make([]string, 0, len(s.Environment))
		for k := range s.Environment {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !strings.HasSuffix(k, "_API_KEY_SHA256") {
				continue
			}
			count++
			v := s.Environment[k]
			if v == nil || !sha256Hex.MatchString(*v) {
				r.fail("service %s: %s must be a lowercase hex SHA-256 (64 chars)", s.Name, k)
				bad = true
			}
		}
	}
	if !bad {
		r.ok("%d API key hash(es) are lowercase hex SHA-256", count)
	}
}

// ---------------------------------------------------------------- Dockerfile

type instruction struct {
	keyword string // upper case
	args    string
}

type dockerfile struct {
	path         string
	globalArgs   map[string]string
	stages       [][]instruction // instructions after each FROM (the FROM itself first)
	stageNames   map[string]bool
	finalBase    string
	user         string
	instructions []instruction
}

func parseDockerfile(path string) (*dockerfile, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read Dockerfile: %w", err)
	}
	df := &dockerfile{path: path, globalArgs: map[string]string{}, stageNames: map[string]bool{}}
	var logical strings.Builder
	flush := func() {
		line := strings.TrimSpace(logical.String())
		logical.Reset()
		if line == "" {
			return
		}
		keyword, args, _ := strings.Cut(line, " ")
		df.instructions = append(df.instructions, instruction{strings.ToUpper(keyword), strings.TrimSpace(args)})
	}
	for _, line := range strings.Split(string(raw), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") {
			continue // comment (also allowed between continuation lines)
		}
		if strings.HasSuffix(trimmed, "\\") {
			logical.WriteString(strings.TrimSuffix(trimmed, "\\"))
			logical.WriteString(" ")
			continue
		}
		logical.WriteString(trimmed)
		flush()
	}
	flush()

	for _, in := range df.instructions {
		if in.keyword == "FROM" {
			df.stages = append(df.stages, []instruction{in})
			fields := strings.Fields(in.args)
			if len(fields) >= 3 && strings.EqualFold(fields[len(fields)-2], "AS") {
				df.stageNames[strings.ToLower(fields[len(fields)-1])] = true
			}
			continue
		}
		if len(df.stages) == 0 {
			if in.keyword == "ARG" {
				name, value, _ := strings.Cut(in.args, "=")
				df.globalArgs[strings.TrimSpace(name)] = strings.Trim(strings.TrimSpace(value), `"`)
			}
			continue
		}
		df.stages[len(df.stages)-1] = append(df.stages[len(df.stages)-1], in)
	}
	if len(df.stages) == 0 {
		return nil, fmt.Errorf("%s has no FROM", path)
	}
	return df, nil
}

var argRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

func expand(s string, vars map[string]string) string {
	return argRef.ReplaceAllStringFunc(s, func(m string) string {
		name := strings.Trim(m, "${}")
		if v, ok := vars[name]; ok {
			return v
		}
		return m
	})
}

// fromImage returns the base image of a FROM instruction (ARGs expanded, flags skipped).
func (df *dockerfile) fromImage(in instruction) string {
	for _, field := range strings.Fields(in.args) {
		if strings.HasPrefix(field, "--") {
			continue
		}
		return expand(field, df.globalArgs)
	}
	return ""
}

func (df *dockerfile) check(wantEntrypoint []string) []string {
	var problems []string
	for _, stage := range df.stages {
		base := df.fromImage(stage[0])
		if df.stageNames[strings.ToLower(base)] {
			continue // FROM an earlier stage
		}
		if why := pinnedImage(base); why != "" {
			problems = append(problems, fmt.Sprintf("base image %s is not pinned: %s", base, why))
		}
	}
	final := df.stages[len(df.stages)-1]
	df.finalBase = df.fromImage(final[0])
	vars := map[string]string{}
	for k, v := range df.globalArgs {
		vars[k] = v
	}
	var user, healthcheck, entrypoint string
	var expose bool
	for _, in := range final[1:] {
		switch in.keyword {
		case "ARG":
			name, value, _ := strings.Cut(in.args, "=")
			vars[strings.TrimSpace(name)] = strings.Trim(strings.TrimSpace(value), `"`)
		case "USER":
			user = expand(in.args, vars)
		case "HEALTHCHECK":
			healthcheck = in.args
		case "ENTRYPOINT":
			entrypoint = in.args
		case "EXPOSE":
			expose = true
		}
	}
	df.user = user
	name, _, _ := strings.Cut(user, ":")
	switch {
	case user == "":
		problems = append(problems, "final stage has no USER (would run as root)")
	case name == "root" || name == "0" || strings.Contains(name, "$"):
		problems = append(problems, fmt.Sprintf("final stage USER %q is root or unresolved", user))
	}
	hcFields := strings.Fields(healthcheck)
	if len(hcFields) == 0 || strings.EqualFold(hcFields[0], "NONE") {
		problems = append(problems, "final stage has no HEALTHCHECK")
	}
	if !expose {
		problems = append(problems, "final stage has no EXPOSE")
	}
	var got []string
	if err := json.Unmarshal([]byte(entrypoint), &got); err != nil {
		problems = append(problems, fmt.Sprintf("ENTRYPOINT %q is not in exec (JSON) form", entrypoint))
	} else if strings.Join(got, "\x00") != strings.Join(wantEntrypoint, "\x00") {
		problems = append(problems, fmt.Sprintf("ENTRYPOINT %q, want %q", got, wantEntrypoint))
	}
	return problems
}

// ---------------------------------------------------------------- CLI

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func run(args []string, stdout, stderr io.Writer) int {
	o := DefaultOptions()
	fs := flag.NewFlagSet("compose-validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.File, "file", o.File, "compose file to validate")
	fs.StringVar(&o.ProjectDir, "project-dir", "", "directory relative paths resolve against (default: the file's directory)")
	var envFiles stringList
	fs.Var(&envFiles, "env-file", "env file for interpolation (repeatable), like docker compose --env-file")
	fs.BoolVar(&o.UseOSEnv, "os-env", false, "also interpolate from the process environment (default: only the file's own ${VAR:-default}s and -env-file)")
	verbose := fs.Bool("v", false, "print the resolved services and ports")
	printEnv := fs.String("print-env", "", "print only this service's resolved environment (KEY=value lines) and exit")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected arguments: %v\n", fs.Args())
		return 2
	}
	o.EnvFiles = envFiles

	if *printEnv == "" {
		fmt.Fprintf(stdout, "compose-validate: %s\n", o.File)
	}
	project, report, err := Validate(context.Background(), o)
	if err != nil {
		fmt.Fprintf(stdout, "  [FAIL] cannot load a valid Compose model: %v\n", err)
		fmt.Fprintln(stdout, "compose-validate: FAILED")
		return 1
	}
	if *printEnv != "" {
		s, ok := project.Services[*printEnv]
		if !ok {
			fmt.Fprintf(stderr, "no service %s\n", *printEnv)
			return 2
		}
		for _, key := range sortedKeys(s.Environment) {
			if v := s.Environment[key]; v != nil {
				fmt.Fprintf(stdout, "%s=%s\n", key, *v)
			}
		}
		return 0
	}
	for _, line := range report.Passed {
		fmt.Fprintf(stdout, "  [ok]   %s\n", line)
	}
	for _, line := range report.Failures {
		fmt.Fprintf(stdout, "  [FAIL] %s\n", line)
	}
	if *verbose {
		for _, s := range sortedServices(project) {
			var ports []string
			for _, port := range s.Ports {
				ports = append(ports, fmt.Sprintf("%s:%s->%d", port.HostIP, port.Published, port.Target))
			}
			fmt.Fprintf(stdout, "         %-16s %s\n", s.Name, strings.Join(ports, " "))
		}
	}
	if len(report.Failures) > 0 {
		fmt.Fprintf(stdout, "compose-validate: FAILED (%d problem(s))\n", len(report.Failures))
		return 1
	}
	fmt.Fprintf(stdout, "compose-validate: OK (%d checks passed, project %q)\n", len(report.Passed), project.Name)
	return 0
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
