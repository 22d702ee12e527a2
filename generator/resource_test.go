package generator_test

import (
	"errors"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/release"
)

func TestCheckResourceName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"order", true},
		{"order2", true},
		{"", false},
		{"Order", false},
		{"line_item", false},
		{"line-item", false},
		{"2order", false},
		{"func", false},
		{"type", false},
		{"string", false},
		{"len", false},
		{"service", false},
		{"fx", false},
		{strings.Repeat("a", 31), false},
		// Names that cannot work (issue 20, item 9).
		{"main", false},
		{"init", false},
		{"do", false},
		{"testdata", false},
		{"vendor", false},
		{"httpclient", false},
		{"database", false},
		{"telemetry", false},
		{"httpserver", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := generator.CheckResourceName(tt.name)
			if tt.ok {
				require.NoError(t, err)
				return
			}
			var re *generator.ResourceError
			require.True(t, errors.As(err, &re), "%v", err)
			assert.Equal(t, "resource NAME", re.What)
		})
	}
}

// TestResourceNameRefusesTemplatePackages: every internal/ package any
// release renders with every feature is refused as a resource NAME, so a
// later --add-feature cannot redeclare it.
func TestResourceNameRefusesTemplatePackages(t *testing.T) {
	releases, err := release.All()
	require.NoError(t, err)
	a := validAnswers()
	a.Features = []string{"catalog", "httpclient", "k8s", "postgres"}
	for _, r := range releases {
		tree, err := release.Generate(r, a)
		require.NoError(t, err, r.String())
		for _, f := range tree.Files {
			rest, ok := strings.CutPrefix(f.Path, "internal/")
			if !ok {
				continue
			}
			pkg, _, _ := strings.Cut(rest, "/")
			if strings.Contains(rest, "/") {
				assert.Error(t, generator.CheckResourceName(pkg), "%s: internal/%s", r, pkg)
			}
		}
	}
}

func TestCheckResourcePath(t *testing.T) {
	for _, p := range []string{"/v1/orders", "/orders", "/v2/catalog/skus", "/a-b_c"} {
		assert.NoError(t, generator.CheckResourcePath(p), p)
	}
	for _, p := range []string{"", "/", "v1/orders", "/v1/orders/", "/v1//orders", "/v1/:id", "/v1/*x", "/V1", "/healthz", "/metrics/x", "/debug", "/a/../b", "/a b"} {
		assert.Error(t, generator.CheckResourcePath(p), p)
	}
}

func TestParseFields(t *testing.T) {
	got, err := generator.ParseFields("name:string, quantity:int,due:time,active:bool,userId:string")
	require.NoError(t, err)
	assert.Equal(t, []generator.ResourceField{
		{Name: "name", Type: "string"}, {Name: "quantity", Type: "int"}, {Name: "due", Type: "time"},
		{Name: "active", Type: "bool"}, {Name: "userId", Type: "string"},
	}, got)
}

func TestParseFieldsInvalid(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "use name:type pairs"},
		{"name", "use name:type pairs"},
		{"name:string,", "use name:type pairs"},
		{"Name:string", "use a Go identifier"},
		{"na_me:string", "use a Go identifier"},
		{"1a:string", "use a Go identifier"},
		{"a:string,a:int", "field a repeats a"},
		{"userId:string,userID:int", "repeats userId"},
		{"id:string", "the server chooses the id"},
		{"validate:bool", "a method of that name"},
		{"version:int", "every record has a version"},
		{"price:float", `unknown type "float": use one of string, int, time, bool`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := generator.ParseFields(tt.in)
			var re *generator.ResourceError
			require.True(t, errors.As(err, &re), "%v", err)
			assert.Equal(t, "--fields", re.What)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestRenderResourceInitialisms(t *testing.T) {
	fields, err := generator.ParseFields("userId:int,homeUrl:string,apiKey:string")
	require.NoError(t, err)
	files, err := generator.RenderResource(generator.Answers{Module: "example.com/x"}, generator.Resource{Name: "api", Path: "/v1/apis", Fields: fields})
	require.NoError(t, err)
	var src string
	for _, f := range files {
		assert.Equal(t, generator.ClassScaffold, f.Class, f.Path)
		assert.True(t, strings.HasPrefix(f.Path, "internal/api/"), f.Path)
		if f.Path == "internal/api/api.go" {
			src = string(f.Data)
		}
	}
	for _, want := range []string{"type API struct", "UserID ", "HomeURL ", "APIKey "} {
		assert.Contains(t, src, want)
	}
}

// FuzzRenderResource: any name, path and field list either fails
// validation with a *ResourceError or renders Go that parses.
func FuzzRenderResource(f *testing.F) {
	f.Add("order", "/v1/orders", "name:string,quantity:int,due:time,active:bool")
	f.Add("x", "/x", "a:bool")
	f.Add("Order", "/v1/orders", "name:float")
	f.Fuzz(func(t *testing.T, name, path, fieldSpec string) {
		fields, err := generator.ParseFields(fieldSpec)
		if err != nil {
			var re *generator.ResourceError
			if !errors.As(err, &re) {
				t.Fatalf("ParseFields error is not a *ResourceError: %v", err)
			}
			return
		}
		files, err := generator.RenderResource(generator.Answers{Module: "example.com/x"}, generator.Resource{Name: name, Path: path, Fields: fields})
		if err != nil {
			var re *generator.ResourceError
			if !errors.As(err, &re) {
				t.Fatalf("render error is not a *ResourceError: %v", err)
			}
			return
		}
		for _, file := range files {
			if strings.HasSuffix(file.Path, ".go") {
				if _, err := parser.ParseFile(token.NewFileSet(), file.Path, file.Data, parser.AllErrors); err != nil {
					t.Fatalf("%s does not parse: %v", file.Path, err)
				}
			}
		}
	})
}
