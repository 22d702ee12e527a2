package generator

import "github.com/svcgen/svcgen/internal/manifest"

// Generate plans and renders answers in one step.
func Generate(a Answers) (*Tree, error) {
	p, err := NewPlan(a)
	if err != nil {
		return nil, err
	}
	return Render(p)
}

// RenderMap renders answers to a map of path → content, the form
// `svcgen check` compares against. The manifest is left out.
func RenderMap(a Answers) (map[string][]byte, error) {
	t, err := Generate(a)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(t.Files))
	for _, f := range t.Files {
		if f.Path != manifest.Name {
			out[f.Path] = f.Data
		}
	}
	return out, nil
}
