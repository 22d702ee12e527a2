package generator

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Root of the template tree inside templates.FS.
const templateRoot = "service"

// nameToken in a template path becomes the service name.
const nameToken = "__name__"

// PlannedFile is one output file and where it comes from.
type PlannedFile struct {
	Path     string // slash path in the output tree
	Source   string // slash path in the template FS
	Layer    string
	Execute  bool // a .tmpl file: run text/template
	Class    string
	Mode     fs.FileMode
	template string // template path relative to the layer, for messages
	example  bool   // a file of the example resource: rendered with ResourceData
}

// Plan lists the files of a service; no template is executed.
type Plan struct {
	Answers Answers
	Files   []PlannedFile
	src     *source
}

// NewPlan validates answers and lists the files the enabled layers produce,
// and the example resource's from the resource layers (ExampleResource).
// Two templates producing the same path is an error.
func NewPlan(a Answers) (*Plan, error) {
	return newPlanFrom(currentSource(), a)
}

// newPlan plans a test tree with the current functions and layers; a tree
// without resource templates renders no example resource.
func newPlan(fsys fs.FS, a Answers) (*Plan, error) {
	layers := currentLayers()
	if _, err := fs.Stat(fsys, resourceRoot); err != nil {
		layers.ResourceBase = ""
	}
	return newPlanFrom(&source{fsys: fsys, funcs: templateFuncs, layers: layers}, a)
}

func newPlanFrom(src *source, a Answers) (*Plan, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	var files []PlannedFile
	for _, layer := range src.layers.of(a) {
		lf, err := layerFiles(src.fsys, layer, a.Name)
		if err != nil {
			return nil, err
		}
		files = append(files, lf...)
	}
	example, err := exampleFiles(src, a)
	if err != nil {
		return nil, err
	}
	p := &Plan{Answers: a, src: src}
	owner := map[string]string{}
	for _, f := range append(files, example...) {
		if prev, dup := owner[f.Path]; dup {
			return nil, fmt.Errorf("plan: %s is produced by both %s and %s", f.Path, prev, f.template)
		}
		owner[f.Path] = f.template
		p.Files = append(p.Files, f)
	}
	sort.Slice(p.Files, func(i, j int) bool { return p.Files[i].Path < p.Files[j].Path })
	return p, nil
}

// layerFiles walks one layer of the template tree.
func layerFiles(fsys fs.FS, layer, name string) ([]PlannedFile, error) {
	root := path.Join(templateRoot, layer)
	var out []PlannedFile
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(p, root+"/")
		outPath := strings.ReplaceAll(strings.TrimSuffix(rel, ".tmpl"), nameToken, name)
		out = append(out, PlannedFile{
			Path:     outPath,
			Source:   p,
			Layer:    layer,
			Execute:  strings.HasSuffix(rel, ".tmpl"),
			Class:    classOf(outPath),
			Mode:     modeOf(outPath),
			template: path.Join(layer, rel),
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("plan layer %s: %w", layer, err)
	}
	return out, nil
}

// modeOf decides permissions by rule: embed.FS reports 0444 for everything.
func modeOf(p string) fs.FileMode {
	if strings.HasSuffix(p, ".sh") {
		return 0o755
	}
	return 0o644
}
