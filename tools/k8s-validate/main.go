// Command k8s-validate renders this repository's Kubernetes overlays (deploy/kubernetes) with kustomize's
// own library (krusty, on the files on disk: what `kubectl kustomize` does), decodes every object
// strictly into its k8s.io/api type (KEDA's into the subset of its types in keda.go), and checks this
// repository's invariants on the result: pods non-root with a read-only root filesystem and no
// privilege, resources set, images pinned and in step with deploy/versions.env, probes on the
// management ports, no secret in a plain value, RATE_LIMIT_INSTANCES equal to the API's replicas, the
// worker's grace period above one delivery attempt plus shutdown, NetworkPolicies that keep the
// private ranges and the metadata address out, the KEDA trigger on the worker's task queue.
//
// No cluster, no kubectl, no network. Exit status: 0 valid, 1 invalid, 2 usage error.
package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// Target is one kustomization to render and check.
type Target struct {
	Name       string
	Dir        string // relative to the kubernetes directory
	Production bool
	// Replace, when set, renders a copy of the kubernetes directory in which Dir's kustomization.yaml has
	// Replace[0] replaced by Replace[1] (a variant an operator gets by editing one line).
	Replace []string
}

// DefaultTargets are the overlays, and production with mTLS instead of an API key.
func DefaultTargets() []Target {
	return []Target{
		{Name: "local", Dir: "overlays/local"},
		{Name: "production", Dir: "overlays/production", Production: true},
		{Name: "production+mtls", Dir: "overlays/production", Production: true,
			Replace: []string{"../../components/temporal-cloud-api-key", "../../components/temporal-cloud-mtls"}},
	}
}

// Result is the outcome for one target.
type Result struct {
	Target   Target
	Rendered *Rendered
	Report   *Report
	Secrets  []string
}

// Validate renders and checks each target. An error means the validator could not run (missing
// repository files); a target that does not render or decode is a failure in its report.
func Validate(k8sDir, repoRoot string, targets []Target) ([]Result, error) {
	repo, err := LoadRepo(repoRoot)
	if err != nil {
		return nil, err
	}
	var results []Result
	for _, t := range targets {
		res := Result{Target: t, Report: &Report{}}
		dir := filepath.Join(k8sDir, t.Dir)
		if len(t.Replace) == 2 {
			tmp, err := os.MkdirTemp("", "k8s-validate-")
			if err != nil {
				return nil, err
			}
			defer os.RemoveAll(tmp)
			if err := copyTree(k8sDir, tmp); err != nil {
				return nil, err
			}
			kfile := filepath.Join(tmp, t.Dir, "kustomization.yaml")
			b, err := os.ReadFile(kfile)
			if err != nil {
				return nil, err
			}
			if !strings.Contains(string(b), t.Replace[0]) {
				res.Report.fail("%s: %s/kustomization.yaml no longer names %s", t.Name, t.Dir, t.Replace[0])
				results = append(results, res)
				continue
			}
			if err := os.WriteFile(kfile, []byte(strings.ReplaceAll(string(b), t.Replace[0], t.Replace[1])), 0o644); err != nil {
				return nil, err
			}
			dir = filepath.Join(tmp, t.Dir)
		}
		rendered, err := Render(filesys.MakeFsOnDisk(), dir, t.Name)
		if err != nil {
			res.Report.fail("%v", err)
			results = append(results, res)
			continue
		}
		res.Rendered = rendered
		rep := res.Report
		rep.ok("kustomize (krusty) rendered %d objects; every one decodes strictly (no unknown, misspelt or duplicate field): %s", len(rendered.Objects), rendered.Counts())
		checkPods(rendered, rep)
		checkVolumes(rendered, rep)
		checkImageVersions(rendered, repo, t.Production, rep)
		checkSecrets(rendered, t.Production, rep)
		res.Secrets = checkSecretSources(rendered, t.Production, rep)
		checkAPI(rendered, repo, rep)
		checkWorker(rendered, repo, rep)
		checkPDBs(rendered, rep)
		checkNetworkPolicies(rendered, rep)
		checkScaledObject(rendered, repo, rep)
		checkProductionSettings(rendered, t.Production, rep)
		results = append(results, res)
	}
	return results, nil
}

func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(dst)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

func main() {
	root := flag.String("root", ".", "the repository's root")
	k8s := flag.String("dir", "", "the kubernetes directory (default: <root>/deploy/kubernetes)")
	verbose := flag.Bool("v", false, "print every satisfied check, not only the summary")
	print := flag.String("print", "", "print the rendered YAML of this target (local, production, production+mtls) and exit")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: k8s-validate [-root DIR] [-dir DIR] [-v] [-print TARGET]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *k8s == "" {
		*k8s = filepath.Join(*root, "deploy", "kubernetes")
	}
	results, err := Validate(*k8s, *root, DefaultTargets())
	if err != nil {
		fmt.Fprintf(os.Stderr, "k8s-validate: %v\n", err)
		os.Exit(2)
	}
	if *print != "" {
		for _, r := range results {
			if r.Target.Name == *print && r.Rendered != nil {
				os.Stdout.Write(r.Rendered.YAML)
				return
			}
		}
		fmt.Fprintf(os.Stderr, "k8s-validate: no rendered target %q\n", *print)
		os.Exit(2)
	}
	failed := false
	for _, r := range results {
		objects := 0
		if r.Rendered != nil {
			objects = len(r.Rendered.Objects)
		}
		fmt.Printf("%s (%s): %d objects, %d checks passed, %d failed\n", r.Target.Name, r.Target.Dir, objects, len(r.Report.Passed), len(r.Report.Failures))
		if *verbose {
			for _, p := range r.Report.Passed {
				fmt.Printf("  ok    %s\n", p)
			}
		}
		for _, f := range r.Report.Failures {
			fmt.Printf("  FAIL  %s\n", f)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}
