package appedit

import (
	"go/parser"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/svcgen/svcgen/internal/merge"
)

// Merge merges app.go three ways for `svcgen update`, knowing what
// `svcgen add resource` did to it. Every resource add imported (module/
// internal/<name>) and composed (<name>.Module) sits among the imports and
// modules a template change adds too, for example a feature's client
// package right after internal/item: a line merge sees two insertions at
// one place and conflicts. So each resource the service added (imported
// by ours, by neither base nor theirs) is added with AddModule to base and
// to theirs as well, and those are merged: the resource is then on every
// side, and only the team's other edits and the template's change remain
// to merge. When AddModule cannot edit a side, the plain line merge
// decides.
func Merge(base, ours, theirs []byte, module string, l merge.Labels) merge.Result {
	plain := merge.Text(base, ours, theirs, l)
	if plain.Conflicts == 0 {
		return plain
	}
	added := addedResources(base, ours, theirs, module)
	if len(added) == 0 {
		return plain
	}
	var err error
	for _, name := range added {
		importPath := path.Join(module, "internal", name)
		if base, err = AddModule(base, importPath, name); err != nil {
			return plain
		}
		if theirs, err = AddModule(theirs, importPath, name); err != nil {
			return plain
		}
	}
	if r := merge.Text(base, ours, theirs, l); r.Conflicts == 0 {
		return r
	}
	return plain
}

// addedResources are the packages module/internal/<name> that ours
// imports and composes (<name>.Module) and base and theirs do not import.
func addedResources(base, ours, theirs []byte, module string) []string {
	prefix := module + "/internal/"
	b, t := internalImports(base, prefix), internalImports(theirs, prefix)
	var out []string
	for _, name := range internalImports(ours, prefix) {
		if !slices.Contains(b, name) && !slices.Contains(t, name) && strings.Contains(string(ours), name+".Module") {
			out = append(out, name)
		}
	}
	return out
}

// internalImports are the names of the packages under prefix src imports
// directly (not deeper), nil when src does not parse.
func internalImports(src []byte, prefix string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), Path, src, parser.ImportsOnly)
	if err != nil {
		return nil
	}
	var out []string
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		if name, ok := strings.CutPrefix(p, prefix); ok && !strings.Contains(name, "/") && (spec.Name == nil || spec.Name.Name == name) {
			out = append(out, name)
		}
	}
	return out
}
