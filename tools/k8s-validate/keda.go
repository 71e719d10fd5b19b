package main

import (
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// KEDA's keda.sh/v1alpha1 types, the fields of ScaledObject and TriggerAuthentication this repository
// may use, with the JSON names of github.com/kedacore/keda/v2/apis/keda/v1alpha1 (v2.21.1:
// scaledobject_types.go, scaletriggers_types.go, triggerauthentication_types.go). Decoded strictly, so
// a field outside this subset, a typo or a status block is an error.
//
// Why not KEDA's own module: v2.21.1 requires go >= 1.27.4 (this machine and CI run 1.26.8), and its
// apis package imports controller-runtime, client-go and expr-lang, pulling a module graph of about 370
// requirements (every scaler's cloud SDK) whose Kubernetes versions (v0.35/v0.36, pinned by replace
// directives that do not apply to a dependent module) conflict with the k8s.io v0.37.2 used here.

// ScaledObject is keda.sh/v1alpha1 ScaledObject, without status.
type ScaledObject struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ScaledObjectSpec `json:"spec"`
}

// ScaledObjectSpec is KEDA's ScaledObjectSpec.
type ScaledObjectSpec struct {
	ScaleTargetRef        *ScaleTarget    `json:"scaleTargetRef"`
	PollingInterval       *int32          `json:"pollingInterval,omitempty"`
	InitialCooldownPeriod *int32          `json:"initialCooldownPeriod,omitempty"`
	CooldownPeriod        *int32          `json:"cooldownPeriod,omitempty"`
	IdleReplicaCount      *int32          `json:"idleReplicaCount,omitempty"`
	MinReplicaCount       *int32          `json:"minReplicaCount,omitempty"`
	MaxReplicaCount       *int32          `json:"maxReplicaCount,omitempty"`
	Advanced              *AdvancedConfig `json:"advanced,omitempty"`
	Triggers              []ScaleTriggers `json:"triggers"`
	Fallback              *Fallback       `json:"fallback,omitempty"`
}

// Fallback is KEDA's Fallback.
type Fallback struct {
	FailureThreshold int32  `json:"failureThreshold"`
	Replicas         int32  `json:"replicas"`
	Behavior         string `json:"behavior,omitempty"`
}

// AdvancedConfig is KEDA's AdvancedConfig (scalingModifiers left out: not used here).
type AdvancedConfig struct {
	HorizontalPodAutoscalerConfig *HorizontalPodAutoscalerConfig `json:"horizontalPodAutoscalerConfig,omitempty"`
	RestoreToOriginalReplicaCount bool                           `json:"restoreToOriginalReplicaCount,omitempty"`
}

// HorizontalPodAutoscalerConfig is KEDA's; behavior is the HPA's own type (autoscaling/v2).
type HorizontalPodAutoscalerConfig struct {
	Behavior *autoscalingv2.HorizontalPodAutoscalerBehavior `json:"behavior,omitempty"`
	Name     string                                         `json:"name,omitempty"`
}

// ScaleTarget is KEDA's ScaleTarget.
type ScaleTarget struct {
	Name                   string `json:"name"`
	APIVersion             string `json:"apiVersion,omitempty"`
	Kind                   string `json:"kind,omitempty"`
	EnvSourceContainerName string `json:"envSourceContainerName,omitempty"`
}

// ScaleTriggers is KEDA's ScaleTriggers.
type ScaleTriggers struct {
	Type              string                         `json:"type"`
	Name              string                         `json:"name,omitempty"`
	UseCachedMetrics  bool                           `json:"useCachedMetrics,omitempty"`
	Metadata          map[string]string              `json:"metadata"`
	AuthenticationRef *AuthenticationRef             `json:"authenticationRef,omitempty"`
	MetricType        autoscalingv2.MetricTargetType `json:"metricType,omitempty"`
}

// AuthenticationRef is KEDA's AuthenticationRef.
type AuthenticationRef struct {
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
}

// TriggerAuthentication is keda.sh/v1alpha1 TriggerAuthentication, secretTargetRef only: every
// credential here comes from a Kubernetes Secret.
type TriggerAuthentication struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              TriggerAuthenticationSpec `json:"spec"`
}

// TriggerAuthenticationSpec is the secretTargetRef part of KEDA's TriggerAuthenticationSpec.
type TriggerAuthenticationSpec struct {
	SecretTargetRef []AuthSecretTargetRef `json:"secretTargetRef,omitempty"`
}

// AuthSecretTargetRef is KEDA's AuthSecretTargetRef.
type AuthSecretTargetRef struct {
	Parameter string `json:"parameter"`
	Name      string `json:"name"`
	Key       string `json:"key"`
}

// The Temporal scaler's trigger metadata and authentication parameters, from KEDA's documentation of
// the scaler (keda.sh/docs/2.22/scalers/temporal, and 2.18 for the deprecated names still accepted).
var (
	temporalRequiredMetadata = []string{"endpoint", "taskQueue"}
	temporalKnownMetadata    = map[string]bool{
		"endpoint": true, "endpointFromEnv": true, "namespace": true, "activationTargetQueueSize": true,
		"targetQueueSize": true, "taskQueue": true, "queueTypes": true, "workerDeploymentName": true,
		"workerDeploymentBuildId": true, "buildId": true, "selectAllActive": true, "selectUnversioned": true,
		"includeRunningWorkflowCount": true, "workflowTaskQueueForCount": true, "apiKeyFromEnv": true,
		"minConnectTimeout": true, "unsafeSsl": true, "tlsServerName": true, "enableTLS": true,
	}
	temporalIntegerMetadata = []string{"targetQueueSize", "activationTargetQueueSize", "minConnectTimeout"}
	temporalQueueTypes      = map[string]bool{"workflow": true, "activity": true, "nexus": true}
	temporalAuthParameters  = map[string]bool{"apiKey": true, "ca": true, "cert": true, "key": true, "keyPassword": true}
)
