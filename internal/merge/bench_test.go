package merge

import (
	"fmt"
	"strings"
	"testing"
)

// bigFile returns n numbered lines, changing every step-th one to tag.
func bigFile(n, step int, tag string) []byte {
	var b strings.Builder
	for i := range n {
		if step > 0 && i%step == step/2 {
			fmt.Fprintf(&b, "%s line %d\n", tag, i)
			continue
		}
		fmt.Fprintf(&b, "\tline %d of a Go source file\n", i)
	}
	return []byte(b.String())
}

// BenchmarkText merges a 5000-line file: sparse edits on both sides, and
// ours and theirs rewritten completely (the diff's worst case, D = N+M).
func BenchmarkText(b *testing.B) {
	base := bigFile(5000, 0, "")
	cases := []struct {
		name         string
		ours, theirs []byte
	}{
		{"sparse", bigFile(5000, 97, "ours"), bigFile(5000, 89, "theirs")},
		{"rewritten", bigFile(5000, 1, "ours"), bigFile(5000, 1, "theirs")},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Text(base, c.ours, c.theirs, testLabels)
			}
		})
	}
}
