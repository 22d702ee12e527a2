package merge

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
)

// directive is one kind of keyed go.mod line that GoMod merges three-way:
// entries maps each line's key to its value, set and drop edit a file.
type directive struct {
	name    string
	entries func(f *modfile.File) map[string]string
	set     func(f *modfile.File, key, val string) error
	drop    func(f *modfile.File, key string) error
}

// directives are the go.mod lines besides module, go, toolchain and require.
// Keys and values of two fields join them with a space, which no module path
// or version contains.
var directives = []directive{
	{
		name: "replace",
		entries: func(f *modfile.File) map[string]string {
			m := map[string]string{}
			for _, r := range f.Replace {
				m[r.Old.Path+" "+r.Old.Version] = r.New.Path + " " + r.New.Version
			}
			return m
		},
		set: func(f *modfile.File, key, val string) error {
			oldPath, oldVers, _ := strings.Cut(key, " ")
			newPath, newVers, _ := strings.Cut(val, " ")
			return f.AddReplace(oldPath, oldVers, newPath, newVers)
		},
		drop: func(f *modfile.File, key string) error {
			path, vers, _ := strings.Cut(key, " ")
			return f.DropReplace(path, vers)
		},
	},
	{
		name: "exclude",
		entries: func(f *modfile.File) map[string]string {
			m := map[string]string{}
			for _, e := range f.Exclude {
				m[e.Mod.Path+" "+e.Mod.Version] = ""
			}
			return m
		},
		set: func(f *modfile.File, key, _ string) error {
			path, vers, _ := strings.Cut(key, " ")
			return f.AddExclude(path, vers)
		},
		drop: func(f *modfile.File, key string) error {
			path, vers, _ := strings.Cut(key, " ")
			return f.DropExclude(path, vers)
		},
	},
	{
		name: "retract",
		entries: func(f *modfile.File) map[string]string {
			m := map[string]string{}
			for _, r := range f.Retract {
				m[r.Low+" "+r.High] = r.Rationale
			}
			return m
		},
		set: func(f *modfile.File, key, val string) error {
			vi := versionInterval(key)
			if err := f.DropRetract(vi); err != nil {
				return err
			}
			return f.AddRetract(vi, val)
		},
		drop: func(f *modfile.File, key string) error { return f.DropRetract(versionInterval(key)) },
	},
	{
		name: "tool",
		entries: func(f *modfile.File) map[string]string {
			return pathSet(f.Tool, func(t *modfile.Tool) string { return t.Path })
		},
		set:  func(f *modfile.File, key, _ string) error { return f.AddTool(key) },
		drop: (*modfile.File).DropTool,
	},
	{
		name: "ignore",
		entries: func(f *modfile.File) map[string]string {
			return pathSet(f.Ignore, func(i *modfile.Ignore) string { return i.Path })
		},
		set:  func(f *modfile.File, key, _ string) error { return f.AddIgnore(key) },
		drop: (*modfile.File).DropIgnore,
	},
	{
		name: "godebug",
		entries: func(f *modfile.File) map[string]string {
			m := map[string]string{}
			for _, g := range f.Godebug {
				m[g.Key] = g.Value
			}
			return m
		},
		set:  (*modfile.File).AddGodebug,
		drop: (*modfile.File).DropGodebug,
	},
}

// mergeDirectives merges every directive kind of base b and ours o into out,
// which holds theirs.
func mergeDirectives(b, o, out *modfile.File) error {
	for _, d := range directives {
		bm, om, tm := d.entries(b), d.entries(o), d.entries(out)
		merged, err := mergeKeys(d.name, bm, om, tm)
		if err != nil {
			return err
		}
		for _, k := range slices.Sorted(maps.Keys(tm)) {
			if _, ok := merged[k]; !ok {
				if err := d.drop(out, k); err != nil {
					return fmt.Errorf("drop %s %s: %w", d.name, k, err)
				}
			}
		}
		for _, k := range slices.Sorted(maps.Keys(merged)) {
			if v, ok := tm[k]; !ok || v != merged[k] {
				if err := d.set(out, k, merged[k]); err != nil {
					return fmt.Errorf("add %s %s: %w", d.name, k, err)
				}
			}
		}
	}
	return nil
}

// mergeKeys merges keyed entries three-way: where one side left a key as
// base had it (present with the same value, or absent), the other side's
// entry wins; where both changed it differently, it is a conflict.
func mergeKeys(name string, b, o, t map[string]string) (map[string]string, error) {
	merged := map[string]string{}
	for k := range joinKeys(b, o, t) {
		bv, inB := b[k]
		ov, inO := o[k]
		tv, inT := t[k]
		v, in := tv, inT
		switch {
		case inO == inB && ov == bv, inO == inT && ov == tv:
		case inT == inB && tv == bv:
			v, in = ov, inO
		default:
			return nil, &ConflictError{Path: name + " " + strings.TrimSpace(k), Reason: fmt.Sprintf(
				"ours has %s, theirs has %s", describe(ov, inO), describe(tv, inT))}
		}
		if in {
			merged[k] = v
		}
	}
	return merged, nil
}

// describe names one side's value of a key for a ConflictError.
func describe(v string, in bool) string {
	if !in {
		return "none"
	}
	return fmt.Sprintf("%q", strings.TrimSpace(v))
}

// joinKeys returns the union of the maps' keys.
func joinKeys(ms ...map[string]string) map[string]bool {
	keys := map[string]bool{}
	for _, m := range ms {
		for k := range m {
			keys[k] = true
		}
	}
	return keys
}

// pathSet returns the set of paths of tool or ignore lines.
func pathSet[T any](lines []T, path func(T) string) map[string]string {
	m := map[string]string{}
	for _, l := range lines {
		m[path(l)] = ""
	}
	return m
}

// versionInterval turns a retract key back into its interval.
func versionInterval(key string) modfile.VersionInterval {
	low, high, _ := strings.Cut(key, " ")
	return modfile.VersionInterval{Low: low, High: high}
}
