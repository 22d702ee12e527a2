package merge

import (
	"fmt"
	"go/version"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
)

// ConflictError is a go.mod change both sides made incompatibly: Path names
// the module path or directive, Reason says what each side did.
type ConflictError struct{ Path, Reason string }

// Error implements error.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("go.mod conflict on %s: %s", e.Path, e.Reason)
}

// GoMod merges go.mod by meaning (golang.org/x/mod/modfile), not by text.
//
// If ours equals base (see [Equal]) it returns theirs unchanged; if theirs
// equals base it returns ours unchanged. Otherwise it starts from theirs (the
// template's layout) and
//   - adds the modules the team added (in ours, not in base) with ours'
//     version and indirect flag;
//   - gives a module both sides require the higher version: a template bump
//     never lowers a version the team raised, and a version the team
//     lowered below the template's (a downgrade) is raised to the
//     template's floor, because a requirement is a minimum (MVS) that the
//     template's code and its other requirements' go.mod files rely on;
//     indirect only if both sides mark it indirect;
//   - removes a module the template dropped only if ours still has the base
//     version, else keeps ours' version; drops a module the team dropped
//     unless the template changed its version;
//   - takes the higher `go` and `toolchain` version;
//   - merges replace, exclude, retract, tool, ignore and godebug directives
//     three-way by key: a side that left a key as base had it takes the
//     other side's; the same key changed differently on both sides is a
//     *ConflictError;
//   - requires the same `module` path in all three (else a *ConflictError).
//
// The team's comments (on the module line, on requirements, on blocks, and
// paragraphs of their own) are kept. The result has direct requirements in
// one block and indirect ones in another and is formatted like
// `go mod edit -fmt`, with LF line endings (the caller restores CRLF). Invalid input is an error
// naming its side ("parse ours go.mod: ...").
func GoMod(base, ours, theirs []byte) ([]byte, error) {
	switch {
	case Equal(ours, base):
		return theirs, nil
	case Equal(theirs, base):
		return ours, nil
	}
	var files [3]*modfile.File
	for i, side := range [3]struct {
		name string
		data []byte
	}{{"base", base}, {"ours", ours}, {"theirs", theirs}} {
		f, err := modfile.Parse(side.name+"/go.mod", Normalize(side.data), nil)
		if err != nil {
			return nil, fmt.Errorf("parse %s go.mod: %w", side.name, err)
		}
		files[i] = f
	}
	b, o, out := files[0], files[1], files[2]
	if err := sameModule(b, o, out); err != nil {
		return nil, err
	}
	if err := mergeVersions(o, out); err != nil {
		return nil, err
	}
	out.SetRequireSeparateIndirect(mergeRequires(b, o, out))
	if err := mergeDirectives(b, o, out); err != nil {
		return nil, err
	}
	out.Cleanup()
	keepComments(b, o, out)
	return modfile.Format(out.Syntax), nil
}

// sameModule checks that all three sides declare the same module path.
func sameModule(b, o, t *modfile.File) error {
	path := func(f *modfile.File) string {
		if f.Module == nil {
			return ""
		}
		return f.Module.Mod.Path
	}
	if path(b) != path(o) || path(o) != path(t) {
		return &ConflictError{Path: "module", Reason: fmt.Sprintf(
			"base declares %q, ours %q, theirs %q", path(b), path(o), path(t))}
	}
	return nil
}

// mergeVersions sets out's go and toolchain directives to the higher of ours'
// and out's, in the go command's order (go/version: 1.21 < 1.21rc1 < 1.21.0
// < 1.21.1 < 1.22). A toolchain's custom suffix (go1.26.8-custom) does not
// count, so out keeps its own on a tie.
func mergeVersions(o, out *modfile.File) error {
	if o.Go != nil && (out.Go == nil || version.Compare("go"+o.Go.Version, "go"+out.Go.Version) > 0) {
		if err := out.AddGoStmt(o.Go.Version); err != nil {
			return fmt.Errorf("set go version: %w", err)
		}
	}
	if o.Toolchain != nil && (out.Toolchain == nil || version.Compare(o.Toolchain.Name, out.Toolchain.Name) > 0) {
		if err := out.AddToolchainStmt(o.Toolchain.Name); err != nil {
			return fmt.Errorf("set toolchain: %w", err)
		}
	}
	return nil
}

// mergeRequires returns the merged requirement list; t is theirs.
func mergeRequires(b, o, t *modfile.File) []*modfile.Require {
	base, ours, theirs := requires(b), requires(o), requires(t)
	var list []*modfile.Require
	for _, r := range t.Require {
		tr := theirs[r.Mod.Path]
		if tr != r { // a duplicate line: Cleanup drops it
			continue
		}
		or, inOurs := ours[r.Mod.Path]
		br, inBase := base[r.Mod.Path]
		switch {
		case inOurs:
			m := r.Mod
			if semver.Compare(or.Mod.Version, m.Version) > 0 {
				m.Version = or.Mod.Version
			}
			list = append(list, &modfile.Require{Mod: m, Indirect: r.Indirect && or.Indirect})
		case inBase && br.Mod.Version == r.Mod.Version && !r.Indirect:
			// The team dropped a direct requirement and the template
			// did not touch it. An indirect one stays: it is no
			// decision but what tidy wrote for the direct ones, and
			// the template's direct requirements still need it.
		default:
			list = append(list, &modfile.Require{Mod: r.Mod, Indirect: r.Indirect})
		}
	}
	for _, r := range o.Require {
		if ours[r.Mod.Path] != r {
			continue
		}
		if _, ok := theirs[r.Mod.Path]; ok {
			continue // merged above
		}
		if br, ok := base[r.Mod.Path]; ok && br.Mod.Version == r.Mod.Version {
			continue // the template dropped it and the team had not raised it
		}
		list = append(list, &modfile.Require{Mod: r.Mod, Indirect: r.Indirect})
	}
	return list
}

// requires indexes f's requirements by module path (the first of duplicates).
func requires(f *modfile.File) map[string]*modfile.Require {
	m := make(map[string]*modfile.Require, len(f.Require))
	for _, r := range f.Require {
		if _, dup := m[r.Mod.Path]; !dup {
			m[r.Mod.Path] = r
		}
	}
	return m
}
