package policy

import (
	"bytes"
	"errors"
	"io"
	"regexp"

	"go.yaml.in/yaml/v3"
)

// backstageName is Backstage's rule for metadata.name.
var backstageName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$`)

var lifecycles = map[string]bool{"experimental": true, "production": true, "deprecated": true}

// CheckCatalog checks a Backstage catalog-info.yaml: every entity has
// apiVersion backstage.io/v1alpha1, a kind and a valid metadata.name, and
// there is a Component with spec.type, spec.owner and a known spec.lifecycle.
func CheckCatalog(data []byte) []Finding {
	fs := &findings{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	components := 0
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fs.addf(0, RuleSyntax, "invalid YAML: %v", err)
			return fs.sorted()
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			fs.addf(doc.Line, RuleSyntax, "entity is not a YAML mapping")
			continue
		}
		if checkEntity(fs, doc.Content[0]) {
			components++
		}
	}
	if components == 0 {
		fs.addf(1, RuleCatalog, "no kind: Component entity")
	}
	return fs.sorted()
}

// checkEntity checks one entity and reports whether it is a Component.
func checkEntity(fs *findings, e *yaml.Node) bool {
	get := func(keys ...string) *yaml.Node {
		n := e
		for _, k := range keys {
			n = mapValue(n, k)
		}
		return n
	}
	want := func(n *yaml.Node, field string, ok func(string) bool, hint string) {
		switch {
		case n == nil:
			fs.addf(e.Line, RuleCatalog, "missing %s (%s)", field, hint)
		case n.Kind != yaml.ScalarNode || !ok(n.Value):
			fs.addf(n.Line, RuleCatalog, "invalid %s %q (%s)", field, n.Value, hint)
		}
	}
	nonEmpty := func(s string) bool { return s != "" }
	want(get("apiVersion"), "apiVersion", func(s string) bool { return s == "backstage.io/v1alpha1" }, "backstage.io/v1alpha1")
	want(get("kind"), "kind", nonEmpty, "e.g. Component")
	want(get("metadata", "name"), "metadata.name", backstageName.MatchString, "letters, digits, . _ -; at most 63")
	kind := get("kind")
	if kind == nil || kind.Value != "Component" {
		return false
	}
	want(get("spec", "type"), "spec.type", nonEmpty, "e.g. service")
	want(get("spec", "owner"), "spec.owner", nonEmpty, "the owning team")
	want(get("spec", "lifecycle"), "spec.lifecycle", func(s string) bool { return lifecycles[s] }, "experimental, production or deprecated")
	return true
}
