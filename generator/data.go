package generator

import "strings"

// Data is what every template sees as dot. Name, Module, Owner and the
// derived identifiers are validated to be safe in any context; Description
// is raw user text and must go through an escaper (see funcs).
type Data struct {
	Name        string // DNS label, e.g. orders-api
	Module      string // Go module path
	Description string // raw; use goString, yamlString, mdText or oneLine
	Owner       string // GitHub owner: org/team or a slug
	OwnerTeam   string // last segment of Owner
	Org         string // GitHub organisation or user: Owner up to its "/", or all of it
	GoVersion   string // e.g. 1.26
	HTTPPort    int
	AdminPort   int
	License     string
	EnvPrefix   string // ORDERS_API
	Namespace   string // orders_api (Prometheus namespace)
	Features    FeatureSet
}

// FeatureSet has one field per feature, for {{if .Features.X}} inside a
// file. Whether a file exists at all is decided by layers, never here.
type FeatureSet struct {
	HTTPClient bool
	K8s        bool
	Catalog    bool
	Postgres   bool
	GRPC       bool
}

// EnvPrefix is the prefix of the service's environment variables:
// ORDERS_API for orders-api.
func (a Answers) EnvPrefix() string { return strings.ToUpper(strings.ReplaceAll(a.Name, "-", "_")) }

func newData(a Answers) Data {
	return Data{
		Name:        a.Name,
		Module:      a.Module,
		Description: a.Description,
		Owner:       a.Owner,
		OwnerTeam:   a.Owner[strings.LastIndex(a.Owner, "/")+1:],
		Org:         strings.SplitN(a.Owner, "/", 2)[0],
		GoVersion:   a.GoVersion,
		HTTPPort:    a.HTTPPort,
		AdminPort:   a.AdminPort,
		License:     a.License,
		EnvPrefix:   a.EnvPrefix(),
		Namespace:   strings.ReplaceAll(a.Name, "-", "_"),
		Features: FeatureSet{
			HTTPClient: a.Has("httpclient"),
			K8s:        a.Has("k8s"),
			Catalog:    a.Has("catalog"),
			Postgres:   a.Has("postgres"),
			GRPC:       a.Has("grpc"),
		},
	}
}
