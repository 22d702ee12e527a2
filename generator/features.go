package generator

import (
	"slices"
	"strings"
)

// Feature is an optional part of a service. Layers lists the template
// layers (folders under templates/service) it adds; ResourceLayers the
// layers (folders under templates/resource) it adds to every resource
// `svcgen add resource` renders.
type Feature struct {
	Name           string   `json:"name"`
	Summary        string   `json:"summary"`
	Layers         []string `json:"layers"`
	ResourceLayers []string `json:"-"`
}

// Preset is a named set of features.
type Preset struct {
	Name     string   `json:"name"`
	Summary  string   `json:"summary"`
	Features []string `json:"features"`
}

// baseLayer is rendered for every service.
const baseLayer = "base"

// features is the one table that decides which template layers a service
// gets. Keep it sorted by name.
var features = []Feature{
	{Name: "catalog", Summary: "Backstage catalog-info.yaml (Component, owner, lifecycle, runbook link)", Layers: []string{"catalog"}},
	{Name: "grpc", Summary: "gRPC, gRPC-Web and Connect APIs from protobuf (connect-go on the service's port, h2c), through the standard chain", Layers: []string{"grpc"}, ResourceLayers: []string{"grpc"}},
	{Name: "httpclient", Summary: "outbound HTTP client: timeouts, otelhttp tracing, retries with backoff and jitter", Layers: []string{"httpclient"}},
	{Name: "k8s", Summary: "Kubernetes manifests: Deployment, Service, PDB, ServiceAccount; with postgres 2+ replicas and an HPA, without it one replica", Layers: []string{"k8s"}},
	{Name: "observability", Summary: "SLOs as code: Prometheus recording rules, burn-rate alerts and their promtool tests, a Grafana dashboard, alert docs", Layers: []string{"observability"}},
	{Name: "postgres", Summary: "PostgreSQL store: pgx pool, embedded migrations under a lock, query tracing, pool metrics, integration tests", Layers: []string{"postgres"}, ResourceLayers: []string{"postgres"}},
}

// combinedLayers are the layers a service gets only when it has every one
// of a set of features: files that are right for that combination alone.
// Keyed by the features joined with "+", sorted.
var combinedLayers = map[string]string{
	// More than one replica (and so an HPA) is correct only with a store
	// every replica shares: with the in-memory store each replica would
	// keep its own data, and a balancer would split reads and writes
	// between them. Without postgres the Deployment runs one replica.
	"k8s+postgres": "k8s-postgres",
	// The operator objects (PodMonitor, PrometheusRule) wrap the
	// observability layer's rules for a cluster that runs the Prometheus
	// operator: they need both the manifests and the rules.
	"k8s+observability": "k8s-observability",
}

// licenseLayers maps a license answer to its layer ("none" adds nothing).
var licenseLayers = map[string]string{
	"Apache-2.0": "license-apache",
	"MIT":        "license-mit",
}

// presets, in the order shown to users; DefaultPreset is the default.
var presets = []Preset{
	{Name: "minimal", Summary: "the service core: handler chain, fx, cache, pool, tests, CI and release, SLO rules and dashboard", Features: []string{"observability"}},
	{Name: "standard", Summary: "minimal plus the outbound HTTP client", Features: []string{"httpclient", "observability"}},
	{Name: "full", Summary: "every feature: HTTP client, PostgreSQL, gRPC APIs, Kubernetes manifests, Backstage catalog, SLO rules and dashboard", Features: []string{"catalog", "grpc", "httpclient", "k8s", "observability", "postgres"}},
}

// DefaultPreset is used when no preset is given.
const DefaultPreset = "standard"

// Features returns the feature table.
func Features() []Feature { return slices.Clone(features) }

// Presets returns the presets in display order.
func Presets() []Preset { return slices.Clone(presets) }

// FeatureNames returns the feature names, sorted.
func FeatureNames() []string {
	names := make([]string, len(features))
	for i, f := range features {
		names[i] = f.Name
	}
	return names
}

// PresetNames returns the preset names in display order.
func PresetNames() []string {
	names := make([]string, len(presets))
	for i, p := range presets {
		names[i] = p.Name
	}
	return names
}

func featureByName(name string) (Feature, bool) {
	i := slices.IndexFunc(features, func(f Feature) bool { return f.Name == name })
	if i < 0 {
		return Feature{}, false
	}
	return features[i], true
}

func presetByName(name string) (Preset, bool) {
	i := slices.IndexFunc(presets, func(p Preset) bool { return p.Name == name })
	if i < 0 {
		return Preset{}, false
	}
	return presets[i], true
}

// ParseFeatures reads a comma-separated feature list ("none" or "" is the
// empty set) into a sorted list without duplicates. Unknown names are left
// for Validate to report.
func ParseFeatures(s string) []string {
	out := []string{}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f != "" && f != "none" {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Has reports whether the answers enable a feature.
func (a Answers) Has(feature string) bool { return slices.Contains(a.Features, feature) }
