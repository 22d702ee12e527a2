package policy

import (
	"strings"
	"testing"
)

const goodCatalog = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders-api
  description: "Orders \"API\"\nsecond line"
spec:
  type: service
  lifecycle: production
  owner: payments
`

func TestCheckCatalogPasses(t *testing.T) {
	assertRules(t, CheckCatalog([]byte(goodCatalog)))
}

func TestCheckCatalogFails(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		field string // the finding's message must name it
	}{
		{"api version", "apiVersion: v1\nkind: Component\nmetadata: {name: a}\nspec: {type: service, owner: t, lifecycle: production}\n", "apiVersion"},
		{"no component", "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: a}\n", "Component"},
		{"bad name", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: \"a b\"}\nspec: {type: service, owner: t, lifecycle: production}\n", "metadata.name"},
		{"no owner", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: {type: service, lifecycle: production}\n", "spec.owner"},
		{"no type", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: {owner: t, lifecycle: production}\n", "spec.type"},
		{"bad lifecycle", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: {type: service, owner: t, lifecycle: beta}\n", "spec.lifecycle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := CheckCatalog([]byte(tt.src))
			if len(fs) != 1 || fs[0].Rule != RuleCatalog || !strings.Contains(fs[0].Message, tt.field) {
				t.Errorf("findings = %v, want one %s finding naming %s", fs, RuleCatalog, tt.field)
			}
		})
	}
}

func TestCheckCatalogSyntax(t *testing.T) {
	assertRules(t, CheckCatalog([]byte("kind: [\n")), RuleSyntax)
}
