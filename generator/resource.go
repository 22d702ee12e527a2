package generator

import (
	"fmt"
	"go/token"
	"path"
	"slices"
	"strings"
)

// Resource is what `svcgen add resource` generates: a REST resource in
// internal/<Name>, served at Path, with Fields.
type Resource struct {
	Name   string // the Go package name, e.g. order
	Path   string // the collection route, e.g. /v1/orders
	Fields []ResourceField
	// Migration is the version of the migration that creates the
	// resource's table on a service with the postgres feature: one more
	// than the highest in internal/database/migrations (NextMigration).
	// Without postgres it is unused.
	Migration int64
}

// ResourceField is one field of a resource: a JSON name and a type (one of
// FieldTypes).
type ResourceField struct {
	Name string
	Type string
}

// FieldTypes are the field types a resource may have.
var FieldTypes = []string{"string", "int", "time", "bool"}

// DefaultFields is the field list when --fields is not given.
const DefaultFields = "name:string"

// ResourceError is an invalid resource argument or flag (exit 2): which
// one, the value, and what is allowed.
type ResourceError struct {
	What  string // e.g. "resource NAME", "--fields", "--path"
	Value string
	Allow string
}

func (e *ResourceError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.What, e.Value, e.Allow)
}

// reservedResourceNames are names whose Go type would collide with the
// resource package's own declarations, or that app.go already imports.
var reservedResourceNames = []string{"service", "handler", "store", "module", "input", "page", "body", "path", "memorystore", "fx", "app"}

// CheckResourceName validates NAME: a lower-case Go package name, not a
// keyword, predeclared identifier or one the generated package declares.
func CheckResourceName(name string) error {
	bad := func(allow string) error { return &ResourceError{"resource NAME", name, allow} }
	if name == "" || len(name) > 30 || name[0] < 'a' || name[0] > 'z' {
		return bad("use 1-30 lower-case letters and digits, starting with a letter (a Go package name such as order)")
	}
	for i := range len(name) {
		if c := name[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return bad("use 1-30 lower-case letters and digits, starting with a letter (a Go package name such as order)")
		}
	}
	switch {
	case token.IsKeyword(name):
		return bad("it is a Go keyword: choose another name")
	case isPredeclared(name):
		return bad("it is a Go predeclared identifier: choose another name")
	case slices.Contains(reservedResourceNames, name):
		return bad("the generated package or internal/app already uses that identifier: choose another name")
	case slices.Contains(specialPackageNames, name):
		return bad("the go command gives that name a meaning of its own (main, init, testdata, vendor, internal): choose another name")
	case slices.Contains(appIdentifiers, name):
		return bad("package internal/app declares that identifier (its tests' helper): choose another name")
	case slices.Contains(templatePackages, name):
		return bad("a package of the templates has that name (internal/" + name + ", some of them only with a feature): choose another name")
	}
	return nil
}

// specialPackageNames are names the go command treats specially: a main
// package cannot be imported, init cannot be a package name used in
// app.go, and testdata, vendor and internal directories are left out of
// ./... or change import rules.
var specialPackageNames = []string{"main", "init", "testdata", "vendor", "internal"}

// appIdentifiers are the top-level names of package app (app.go and its
// tests, in every release) an import of the resource would collide with.
var appIdentifiers = []string{"do"}

// templatePackages are the internal/ packages the templates generate, with
// every feature: a resource of the same name collides with it now, or when
// the feature is added later (`svcgen update --add-feature`).
var templatePackages = []string{"app", "config", "database", "httpclient", "httpserver", "item", "platform", "telemetry", "migrations"}

var predeclared = strings.Fields(`any bool byte comparable complex64 complex128 error float32 float64
	int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr
	true false iota nil append cap clear close complex copy delete imag len make max min new panic print println real recover`)

func isPredeclared(name string) bool { return slices.Contains(predeclared, name) }

// DefaultResourcePath is /v1/<name>s.
func DefaultResourcePath(name string) string { return "/v1/" + name + "s" }

// CheckResourcePath validates --path: absolute, segments of [a-z0-9-_],
// no parameters, not the health or admin endpoints.
func CheckResourcePath(p string) error {
	bad := &ResourceError{"--path", p, "use an absolute route of lower-case segments such as /v1/orders (letters, digits, '-', '_'; no parameters, no trailing slash)"}
	if len(p) < 2 || len(p) > 100 || p[0] != '/' || path.Clean(p) != p {
		return bad
	}
	for seg := range strings.SplitSeq(p[1:], "/") {
		if seg == "" {
			return bad
		}
		for i := range len(seg) {
			if c := seg[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '_' {
				return bad
			}
		}
	}
	switch strings.SplitN(p[1:], "/", 2)[0] {
	case "healthz", "readyz", "metrics", "debug":
		return &ResourceError{"--path", p, "/healthz, /readyz, /metrics and /debug are the service's own: choose another route"}
	}
	return nil
}

// ParseFields reads --fields: comma-separated name:type pairs.
func ParseFields(s string) ([]ResourceField, error) {
	var out []ResourceField
	seen := map[string]string{}
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		name, typ, ok := strings.Cut(item, ":")
		if !ok {
			return nil, &ResourceError{"--fields", s, fmt.Sprintf("%q: use name:type pairs separated by commas, such as name:string,quantity:int", item)}
		}
		if err := checkFieldName(name); err != nil {
			return nil, &ResourceError{"--fields", s, err.Error()}
		}
		if !slices.Contains(FieldTypes, typ) {
			return nil, &ResourceError{"--fields", s, fmt.Sprintf("field %s: unknown type %q: use one of %s", name, typ, strings.Join(FieldTypes, ", "))}
		}
		goName := exportedName(name)
		if prev, dup := seen[strings.ToLower(goName)]; dup {
			return nil, &ResourceError{"--fields", s, fmt.Sprintf("field %s repeats %s: give every field its own name", name, prev)}
		}
		seen[strings.ToLower(goName)] = name
		out = append(out, ResourceField{Name: name, Type: typ})
	}
	return out, nil
}

func checkFieldName(name string) error {
	ok := name != "" && len(name) <= 40 && name[0] >= 'a' && name[0] <= 'z'
	for i := range len(name) {
		c := name[i]
		ok = ok && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')
	}
	switch {
	case !ok:
		return fmt.Errorf("field name %q: use a Go identifier of letters and digits starting with a lower-case letter, such as dueDate", name)
	case strings.EqualFold(name, "id"):
		return fmt.Errorf("field name %q: the server chooses the id; leave it out", name)
	case strings.EqualFold(name, "version"):
		return fmt.Errorf("field name %q: every record has a version (its ETag) already: choose another", name)
	case strings.EqualFold(name, "validate"), strings.EqualFold(name, "with"):
		return fmt.Errorf("field name %q: the generated code has a method of that name: choose another", name)
	}
	return nil
}

// Validate checks name, path and fields.
func (r Resource) Validate() error {
	if err := CheckResourceName(r.Name); err != nil {
		return err
	}
	if err := CheckResourcePath(r.Path); err != nil {
		return err
	}
	if len(r.Fields) == 0 {
		return &ResourceError{"--fields", "", "give at least one name:type field"}
	}
	var spec []string
	for _, f := range r.Fields {
		spec = append(spec, f.Name+":"+f.Type)
	}
	_, err := ParseFields(strings.Join(spec, ","))
	return err
}

// initialisms are the words Go names spell in capitals (revive var-naming).
var initialisms = strings.Fields(`acl api ascii cpu css dns eof guid html http https id ip json lhs qps ram rhs rpc
	sla smtp sql ssh tcp tls ttl udp ui uid uuid uri url utf8 vm xml xmpp xsrf xss`)

// exportedName turns a lower-camel name into an exported Go name, spelling
// initialisms in capitals: dueDate → DueDate, userId → UserID, url → URL.
func exportedName(name string) string {
	var words []string
	start := 0
	for i := 1; i <= len(name); i++ {
		if i == len(name) || name[i] >= 'A' && name[i] <= 'Z' {
			words = append(words, name[start:i])
			start = i
		}
	}
	var b strings.Builder
	for _, w := range words {
		if slices.Contains(initialisms, strings.ToLower(w)) {
			b.WriteString(strings.ToUpper(w))
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}
