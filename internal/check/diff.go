package check

import (
	"strings"

	"github.com/rogpeppe/go-internal/diff"
)

// unifiedDiff returns a unified diff (3 lines of context) turning a into b,
// or "" when they are equal: go-internal's diff without its leading
// "diff nameA nameB" line.
func unifiedDiff(nameA, nameB, a, b string) string {
	d := diff.Diff(nameA, []byte(a), nameB, []byte(b))
	if d == nil {
		return ""
	}
	_, body, _ := strings.Cut(string(d), "\n")
	return body
}
