package generator_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
)

func validAnswers() generator.Answers {
	return generator.Answers{
		Name: "orders-api", Module: "github.com/acme/orders-api", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: "1.26", Preset: "standard", License: "MIT",
	}.Resolve()
}

func TestValidateAcceptsGoodAnswers(t *testing.T) {
	require.NoError(t, validAnswers().Validate())
}

func TestValidateRejects(t *testing.T) {
	long := strings.Repeat("x", generator.MaxDescription+1)
	tests := []struct {
		name, field, value, wantMsg string
	}{
		{"upper-case name", "name", "Foo_1", `invalid --name "Foo_1"`},
		{"one-letter name", "name", "a", `invalid --name "a"`},
		{"name ends in dash", "name", "orders-", `invalid --name "orders-"`},
		{"name starts with digit", "name", "1orders", `invalid --name "1orders"`},
		{"name too long", "name", strings.Repeat("a", 41), `invalid --name`},
		{"module with space", "module", "not a module", `invalid --module "not a module"`},
		{"module upper-case dot-less", "module", "Foo", `invalid --module "Foo"`},
		{"empty description", "description", "  ", `invalid --description`},
		{"long description", "description", long, `use 1-200 characters`},
		{"invalid UTF-8", "description", "bad \xff byte", `use valid UTF-8`},
		{"owner with space", "owner", "Acme Team", `invalid --owner "Acme Team"`},
		{"owner with two slashes", "owner", "a/b/c", `invalid --owner "a/b/c"`},
		{"go too old", "go", "1.19", `invalid --go "1.19": use one of 1.26`},
		{"unknown preset", "preset", "huge", `invalid --preset "huge": use one of minimal, standard, full`},
		{"unknown license", "license", "GPL", `invalid --license "GPL"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAnswers()
			*a.StringField(tt.field) = tt.value
			err := a.Validate()
			var fe *generator.FieldError
			require.True(t, errors.As(err, &fe), "want a FieldError, got %v", err)
			assert.Equal(t, tt.field, fe.Field)
			assert.Contains(t, err.Error(), tt.wantMsg)
			assert.NotContains(t, err.Error(), "\n", "errors are one line")
		})
	}
}

func TestValidatePortsAndFeatures(t *testing.T) {
	a := validAnswers()
	a.HTTPPort = 0
	assert.ErrorContains(t, a.Validate(), `invalid --http-port "0"`)
	a = validAnswers()
	a.AdminPort = a.HTTPPort
	assert.ErrorContains(t, a.Validate(), `invalid --admin-port "8080": use a port different from --http-port`)
	a = validAnswers()
	a.Features = []string{"k8s", "telepathy"}
	assert.ErrorContains(t, a.Validate(), `invalid --features "telepathy"`)
}

func TestResolveTakesPresetFeaturesOnlyWhenUnset(t *testing.T) {
	a := generator.Answers{Preset: "full"}.Resolve()
	assert.Equal(t, []string{"catalog", "grpc", "httpclient", "k8s", "observability", "postgres"}, a.Features)
	assert.Equal(t, generator.DefaultHTTPPort, a.HTTPPort)
	b := generator.Answers{Preset: "full", Features: []string{}}.Resolve()
	assert.Empty(t, b.Features, "an explicit empty list wins over the preset")
}

func TestParseFeatures(t *testing.T) {
	assert.Equal(t, []string{"httpclient", "k8s"}, generator.ParseFeatures(" k8s,httpclient,k8s "))
	assert.Equal(t, []string{}, generator.ParseFeatures("none"))
	assert.Equal(t, []string{}, generator.ParseFeatures(""))
}

func TestStringField(t *testing.T) {
	var a generator.Answers
	for _, key := range []string{"name", "module", "description", "owner", "go", "preset", "license"} {
		*a.StringField(key) = key + "-value"
	}
	assert.Equal(t, generator.Answers{
		Name: "name-value", Module: "module-value", Description: "description-value", Owner: "owner-value",
		GoVersion: "go-value", Preset: "preset-value", License: "license-value",
	}, a)
	for _, key := range []string{"features", "http_port", "admin_port", "nope"} {
		assert.Nil(t, a.StringField(key), key)
	}
}
