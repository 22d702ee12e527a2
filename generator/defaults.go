package generator

import "slices"

// Default values used for answers nobody gave (only with --yes).
const (
	DefaultDescription = "A Go HTTP service."
	DefaultOwner       = "platform"
	DefaultHTTPPort    = 8080
	DefaultAdminPort   = 9090
	defaultModuleHost  = "example.com/"
)

// DefaultFor returns the default for one answers key, given the answers so
// far (the module default derives from the name).
func DefaultFor(field string, a Answers) string {
	switch field {
	case "module":
		return defaultModuleHost + a.Name
	case "description":
		return DefaultDescription
	case "owner":
		return DefaultOwner
	case "go":
		return GoVersions[0]
	case "preset":
		return DefaultPreset
	case "license":
		return Licenses[0]
	case "slo_availability":
		return DefaultSLOAvailability
	case "slo_latency_threshold":
		return DefaultSLOLatencyThreshold
	case "slo_latency_target":
		return DefaultSLOLatencyTarget
	}
	return ""
}

// Resolve fills what the answers leave open and cannot be asked for: the
// ports, the objectives and, from the preset, the feature list. Features
// given explicitly (even an empty list) win over the preset.
func (a Answers) Resolve() Answers {
	if a.HTTPPort == 0 {
		a.HTTPPort = DefaultHTTPPort
	}
	if a.AdminPort == 0 {
		a.AdminPort = DefaultAdminPort
	}
	if a.Features == nil {
		if p, ok := presetByName(a.Preset); ok {
			a.Features = slices.Clone(p.Features)
		}
	}
	if a.Has("observability") {
		a = a.withSLODefaults()
	}
	return a
}
