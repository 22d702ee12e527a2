package merge

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
)

// CoverGoSum makes sum (a go.sum) cover the module versions goMod requires,
// taking the missing lines from sides (the go.sum files of base, ours and
// theirs): a merge that keeps the template's version of a module the team
// had lowered needs the template's lines for it, which the team's
// `go mod tidy` may have removed.
//
// It adds, for every requirement and every replacement target with a
// version, the side lines of that module at that version. missing lists, as
// "path@version", the requirements sum still lacks a line for: the
// "/go.mod" line the go command reads to load the module graph, and the
// zip line when a side had one for that module path (its packages are
// built). sum is returned in go.sum order with LF endings when lines were
// added, as it was otherwise.
func CoverGoSum(sum, goMod []byte, sides ...[]byte) (data []byte, missing []string, err error) {
	f, err := modfile.ParseLax("go.mod", Normalize(goMod), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("parse go.mod: %w", err)
	}
	have := sumLines(sum)
	byVersion, zipPaths := indexSides(sides)
	added := false
	for _, mv := range selected(f) {
		for _, l := range byVersion[mv] {
			if !have[l] {
				have[l], added = true, true
			}
		}
		if lacks(have, mv, zipPaths[strings.Fields(mv)[0]]) {
			missing = append(missing, strings.Replace(mv, " ", "@", 1))
		}
	}
	if !added {
		return sum, missing, nil
	}
	lines := slices.Collect(func(yield func(string) bool) {
		for l := range have {
			if !yield(l) {
				return
			}
		}
	})
	slices.SortFunc(lines, compareSumLines)
	var out bytes.Buffer
	for _, l := range lines {
		out.WriteString(l + "\n")
	}
	return out.Bytes(), missing, nil
}

// selected lists "path version" for every requirement of f and every
// replacement by a module version.
func selected(f *modfile.File) []string {
	var out []string
	for _, r := range f.Require {
		out = append(out, r.Mod.Path+" "+r.Mod.Version)
	}
	for _, r := range f.Replace {
		if r.New.Version != "" {
			out = append(out, r.New.Path+" "+r.New.Version)
		}
	}
	return out
}

// indexSides groups the sides' go.sum lines by "path version" (the zip and
// the "/go.mod" line alike) and notes the module paths that had a zip line.
func indexSides(sides [][]byte) (byVersion map[string][]string, zipPaths map[string]bool) {
	byVersion, zipPaths = map[string][]string{}, map[string]bool{}
	for _, side := range sides {
		for l := range sumLines(side) {
			f := strings.Fields(l)
			if len(f) != 3 {
				continue
			}
			v, isMod := strings.CutSuffix(f[1], "/go.mod")
			key := f[0] + " " + v
			if !slices.Contains(byVersion[key], l) {
				byVersion[key] = append(byVersion[key], l)
			}
			if !isMod {
				zipPaths[f[0]] = true
			}
		}
	}
	return byVersion, zipPaths
}

// lacks reports whether have misses the "/go.mod" line of mv ("path
// version"), or its zip line when needZip.
func lacks(have map[string]bool, mv string, needZip bool) bool {
	var mod, zip bool
	for l := range have {
		switch {
		case strings.HasPrefix(l, mv+"/go.mod "):
			mod = true
		case strings.HasPrefix(l, mv+" "):
			zip = true
		}
	}
	return !mod || needZip && !zip
}
