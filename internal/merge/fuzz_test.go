package merge

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// edit replaces base lines [pos, pos+del) with ins.
type edit struct {
	pos, del int
	ins      []string
}

// fuzzCase is a base and two edit lists decoded from fuzz input.
type fuzzCase struct {
	base         []string
	ours, theirs []edit
	unique       bool // every base and inserted line is distinct
	noEOL        [3]bool
}

// byteStream hands out the fuzz input one byte at a time, then zeros.
type byteStream []byte

func (s *byteStream) next() int {
	if len(*s) == 0 {
		return 0
	}
	b := (*s)[0]
	*s = (*s)[1:]
	return int(b)
}

// decodeFuzz builds realistic inputs: a base, and ours and theirs as a few
// edits of it, so the sides share most lines as real versions do.
func decodeFuzz(data []byte) fuzzCase {
	s := byteStream(data)
	flags := s.next()
	c := fuzzCase{unique: flags&1 != 0, noEOL: [3]bool{flags&2 != 0, flags&4 != 0, flags&8 != 0}}
	alphabet := 1 + (flags>>4)%4
	n := s.next() % 24
	for i := range n {
		c.base = append(c.base, c.line("L", i, &s, alphabet))
	}
	seq := 0
	for side, name := range []string{"o", "t"} {
		var es []edit
		end := 0
		for range s.next() % 4 {
			e := edit{pos: s.next() % (n + 1), del: s.next() % 3}
			e.del = min(e.del, n-e.pos)
			for range s.next() % 3 {
				e.ins = append(e.ins, c.line(name, seq, &s, alphabet))
				seq++
			}
			if e.pos < end || e.del == 0 && len(e.ins) == 0 {
				continue // overlaps the previous edit of this side, or is none
			}
			es = append(es, e)
			end = e.pos + e.del
		}
		if side == 0 {
			c.ours = es
		} else {
			c.theirs = es
		}
	}
	return c
}

// line returns a unique line in unique mode, else one from a small alphabet
// so that lines repeat and the diff has choices to make.
func (c *fuzzCase) line(prefix string, i int, s *byteStream, alphabet int) string {
	if c.unique {
		return fmt.Sprintf("%s%d", prefix, i)
	}
	i = s.next() % alphabet
	return "abcd"[i : i+1]
}

// applyEdits applies non-overlapping edits, sorted by position, to base.
func applyEdits(base []string, es []edit) []string {
	es = slices.Clone(es)
	slices.SortFunc(es, func(a, b edit) int { return a.pos - b.pos })
	var out []string
	pos := 0
	for _, e := range es {
		out = append(out, base[pos:e.pos]...)
		out = append(out, e.ins...)
		pos = e.pos + e.del
	}
	return append(out, base[pos:]...)
}

// separated reports whether every edit of a has an unchanged base line
// between it and every edit of b.
func separated(a, b []edit) bool {
	for _, x := range a {
		for _, y := range b {
			if x.pos+x.del >= y.pos && y.pos+y.del >= x.pos {
				return false
			}
		}
	}
	return true
}

func join(lines []string, noEOL bool) []byte {
	if len(lines) == 0 {
		return nil
	}
	s := strings.Join(lines, "\n")
	if !noEOL {
		s += "\n"
	}
	return []byte(s)
}

// FuzzMerge checks Text on a base and two edit lists of it; the seed corpus
// is in testdata/fuzz/FuzzMerge.
func FuzzMerge(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c := decodeFuzz(data)
		base := join(c.base, c.noEOL[0])
		ours := join(applyEdits(c.base, c.ours), c.noEOL[1])
		theirs := join(applyEdits(c.base, c.theirs), c.noEOL[2])

		r := Text(base, ours, theirs, testLabels) // must not panic
		if r.Conflicts == 0 && HasMarkers(r.Data) && !HasMarkers(base) {
			t.Fatalf("clean merge with markers:\n%s", r.Data)
		}
		for _, x := range [][]byte{base, ours, theirs} {
			for _, y := range [][]byte{base, ours, theirs} {
				checkUnchangedSide(t, x, y)
			}
		}
		if !c.unique || c.noEOL != [3]bool{} || !separated(c.ours, c.theirs) {
			return
		}
		want := join(applyEdits(c.base, append(slices.Clone(c.ours), c.theirs...)), false)
		if r.Conflicts != 0 || string(r.Data) != string(want) {
			t.Fatalf("separated edits: got %d conflicts and\n%s\nwant\n%s", r.Conflicts, r.Data, want)
		}
	})
}

// checkUnchangedSide checks merge(x, x, y) = merge(x, y, x) = merge(x, y, y)
// = y with no conflict, for Text and for merge3 without Text's shortcuts.
func checkUnchangedSide(t *testing.T, x, y []byte) {
	t.Helper()
	for _, in := range [][2][]byte{{x, y}, {y, x}, {y, y}} {
		for name, merge := range map[string]func(b, o, t []byte, l Labels) Result{"Text": Text, "merge3": merge3} {
			r := merge(x, in[0], in[1], testLabels)
			if r.Conflicts != 0 || string(r.Data) != string(y) {
				t.Fatalf("%s(%q, %q, %q) = %q with %d conflicts, want %q", name, x, in[0], in[1], r.Data, r.Conflicts, y)
			}
		}
	}
}
