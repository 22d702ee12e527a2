package generator

import (
	"fmt"
	"path"
)

// ExampleResource is the example resource every service gets: internal/item
// at /v1/items, rendered from the resource templates (templates/resource)
// with these fields, as `svcgen add resource item --fields
// name:string,quantity:int` would render it, so the example and the
// resources a team adds share one shape. Its files are scaffold and belong
// to the service's templates (no origin in the manifest). Its migrations
// stay in the service templates (0001_create_items.sql, and
// 1001_items_version.sql which added the version column): services have
// applied them, and an applied migration never changes.
var ExampleResource = Resource{
	Name:      "item",
	Path:      "/v1/items",
	Fields:    []ResourceField{{Name: "name", Type: "string"}, {Name: "quantity", Type: "int"}},
	Migration: 1,
}

// exampleFiles plans the example resource for answers a: nothing when the
// source's layer table has no resource layers (releases 1 to 5 keep the
// example in their service tree).
func exampleFiles(src *source, a Answers) ([]PlannedFile, error) {
	layers := src.layers.resourceLayersOf(a)
	if len(layers) == 0 {
		return nil, nil
	}
	srcs, err := resourceSources(src.fsys, layers, ExampleResource, a.Name, true)
	if err != nil {
		return nil, fmt.Errorf("plan example resource: %w", err)
	}
	out := make([]PlannedFile, len(srcs))
	for i, s := range srcs {
		out[i] = PlannedFile{
			Path:     s.out,
			Source:   s.src,
			Layer:    path.Join(resourceRoot, s.layer),
			Execute:  path.Ext(s.rel) == ".tmpl",
			Class:    classOf(s.out),
			Mode:     modeOf(s.out),
			template: path.Join(resourceRoot, s.rel),
			example:  true,
		}
	}
	return out, nil
}

// exampleData is what the example resource's templates see as dot.
func exampleData(src *source, a Answers) ResourceData {
	d := newResourceData(a, ExampleResource, src.layers.resourceLayersOf(a))
	d.Example = true
	return d
}

// renderExampleFile renders one planned file of the example resource.
func renderExampleFile(src *source, pf PlannedFile, data ResourceData) ([]byte, error) {
	f, err := renderResourceFile(src, pf.Source, pf.template, pf.Path, data)
	return f.Data, err
}
