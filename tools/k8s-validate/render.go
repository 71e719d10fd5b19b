package main

import (
	"fmt"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/json"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// Object is one rendered manifest, decoded into its Go type.
type Object struct {
	Kind      string
	Name      string
	Namespace string
	Value     any // *appsv1.Deployment, *corev1.Service, *ScaledObject, ...
}

// ID names the object in messages.
func (o Object) ID() string { return o.Kind + "/" + o.Name }

// Rendered is one overlay after kustomize, every object decoded.
type Rendered struct {
	Overlay string
	Objects []Object
	YAML    []byte // the rendered stream, as kubectl kustomize prints it
}

// newObject returns a value of the Go type of apiVersion/kind, or nil when the validator does not know it.
func newObject(apiVersion, kind string) any {
	switch apiVersion + " " + kind {
	case "v1 Namespace":
		return &corev1.Namespace{}
	case "v1 ServiceAccount":
		return &corev1.ServiceAccount{}
	case "v1 Service":
		return &corev1.Service{}
	case "v1 ConfigMap":
		return &corev1.ConfigMap{}
	case "v1 Secret":
		return &corev1.Secret{}
	case "apps/v1 Deployment":
		return &appsv1.Deployment{}
	case "batch/v1 Job":
		return &batchv1.Job{}
	case "policy/v1 PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}
	case "networking.k8s.io/v1 NetworkPolicy":
		return &networkingv1.NetworkPolicy{}
	case "keda.sh/v1alpha1 ScaledObject":
		return &ScaledObject{}
	case "keda.sh/v1alpha1 TriggerAuthentication":
		return &TriggerAuthentication{}
	}
	return nil
}

// Render runs kustomize (krusty, the library kubectl kustomize is built on) on dir of fs and decodes
// every object strictly into its Kubernetes (k8s.io/api) or KEDA type: an unknown or misspelt field,
// a duplicate field or a value of the wrong type is an error, as the API server's strict field
// validation would report it.
func Render(fs filesys.FileSystem, dir, name string) (*Rendered, error) {
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	resMap, err := k.Run(fs, dir)
	if err != nil {
		return nil, fmt.Errorf("kustomize %s: %w", name, err)
	}
	out := &Rendered{Overlay: name}
	if out.YAML, err = resMap.AsYaml(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var problems []string
	for _, res := range resMap.Resources() {
		data, err := res.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("%s: %s/%s: %w", name, res.GetKind(), res.GetName(), err)
		}
		id := res.GetKind() + "/" + res.GetName()
		value := newObject(res.GetApiVersion(), res.GetKind())
		if value == nil {
			problems = append(problems, fmt.Sprintf("%s: %s has apiVersion/kind %s %s, which the validator does not know (add its Go type to newObject)",
				name, id, res.GetApiVersion(), res.GetKind()))
			continue
		}
		strictErrs, err := json.UnmarshalStrict(data, value)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s does not decode as %s %s: %v", name, id, res.GetApiVersion(), res.GetKind(), err))
			continue
		}
		for _, e := range strictErrs {
			problems = append(problems, fmt.Sprintf("%s: %s: %v", name, id, e))
		}
		out.Objects = append(out.Objects, Object{Kind: res.GetKind(), Name: res.GetName(), Namespace: res.GetNamespace(), Value: value})
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("strict decoding failed:\n  %s", strings.Join(problems, "\n  "))
	}
	return out, nil
}

// Counts says how many objects of each kind, e.g. "Deployment 2, Service 3".
func (r *Rendered) Counts() string {
	n := map[string]int{}
	for _, o := range r.Objects {
		n[o.Kind]++
	}
	kinds := make([]string, 0, len(n))
	for k := range n {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	parts := make([]string, 0, len(kinds))
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s %d", k, n[k]))
	}
	return strings.Join(parts, ", ")
}

// Find returns the object of that kind and name, or nil.
func (r *Rendered) Find(kind, name string) any {
	for _, o := range r.Objects {
		if o.Kind == kind && o.Name == name {
			return o.Value
		}
	}
	return nil
}
