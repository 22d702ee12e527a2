package merge

import (
	"bytes"
	"cmp"
	"slices"
	"strings"

	"golang.org/x/mod/semver"
)

// GoSum merges go.sum as sets of lines, three-way: a line stays if both sides
// have it or one side added it (it is not in base); a line of base that one
// side removed goes. The result is deduplicated and sorted the way the go
// command writes go.sum (as module.Sort orders versions: by module path, then by semver, the
// "/go.mod" line after the module's zip line), with LF line endings and a
// final newline; it is empty when no line remains.
//
// tidyNeeded reports that the result may not be what `go mod tidy` would
// write: both sides changed the line set, differently, so lines one side needed may have
// been removed by the other, or lines may no longer be needed.
func GoSum(base, ours, theirs []byte) (data []byte, tidyNeeded bool) {
	b, o, t := sumLines(base), sumLines(ours), sumLines(theirs)
	var keep []string
	for l := range joinSets(b, o, t) {
		if o[l] && t[l] || o[l] && !b[l] || t[l] && !b[l] {
			keep = append(keep, l)
		}
	}
	slices.SortFunc(keep, compareSumLines)
	var out bytes.Buffer
	for _, l := range keep {
		out.WriteString(l)
		out.WriteByte('\n')
	}
	return out.Bytes(), !sameSet(o, b) && !sameSet(t, b) && !sameSet(o, t)
}

// sumLines returns the set of non-empty lines of a go.sum, with CRLF and
// surrounding space removed.
func sumLines(data []byte) map[string]bool {
	set := map[string]bool{}
	for l := range strings.SplitSeq(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			set[l] = true
		}
	}
	return set
}

// compareSumLines orders go.sum lines like cmd/go's WriteGoSum, which sorts
// with module.Sort: by module path, then by version in semver order with a
// "/go.mod" suffix sorting after the bare version, then by hash. Lines that
// are not "path version hash", and versions semver cannot order, compare as
// text.
func compareSumLines(x, y string) int {
	xf, yf := strings.Fields(x), strings.Fields(y)
	if len(xf) != 3 || len(yf) != 3 {
		return strings.Compare(x, y)
	}
	xv, xfile, _ := strings.Cut(xf[1], "/")
	yv, yfile, _ := strings.Cut(yf[1], "/")
	return cmp.Or(strings.Compare(xf[0], yf[0]), semver.Compare(xv, yv),
		strings.Compare(xfile, yfile), strings.Compare(x, y))
}

// joinSets returns the union of the sets.
func joinSets(sets ...map[string]bool) map[string]bool {
	all := map[string]bool{}
	for _, s := range sets {
		for l := range s {
			all[l] = true
		}
	}
	return all
}

// sameSet reports whether a and b hold the same lines.
func sameSet(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for l := range a {
		if !b[l] {
			return false
		}
	}
	return true
}
