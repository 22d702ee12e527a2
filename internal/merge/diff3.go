package merge

import (
	"bytes"
	"slices"
)

// merger walks the hunks of base→ours (ho) and base→theirs (ht) in base
// order and writes the merge to out.
type merger struct {
	base, ours, theirs []string
	ho, ht             []hunk
	labels             Labels
	out                bytes.Buffer
	conflicts          int
}

// run writes the merge: base lines no side changed, then each group of
// hunks that overlap or touch in base, resolved or as a conflict.
func (m *merger) run() {
	pos := 0 // next base line to copy
	io, it := 0, 0
	for io < len(m.ho) || it < len(m.ht) {
		// Start a group at the hunk that starts first in base, then take in
		// every hunk of either side that starts before the group ends.
		lo := minStart(m.ho[io:], m.ht[it:])
		hi := lo
		jo, jt := io, it
		for grow := true; grow; {
			// Hunks of one side never touch each other, so a group grows only
			// while the other side keeps bridging to the next hunk.
			grow = false
			for ; jo < len(m.ho) && m.ho[jo].A0 <= hi; jo++ {
				hi, grow = max(hi, m.ho[jo].A1), true
			}
			for ; jt < len(m.ht) && m.ht[jt].A0 <= hi; jt++ {
				hi, grow = max(hi, m.ht[jt].A1), true
			}
		}
		for _, l := range m.base[pos:lo] {
			m.out.WriteString(l)
		}
		m.group(lo, hi, m.ho[io:jo], m.ht[it:jt])
		pos, io, it = hi, jo, jt
	}
	for _, l := range m.base[pos:] {
		m.out.WriteString(l)
	}
}

// minStart returns the smallest base start of the first hunk of a or b.
func minStart(a, b []hunk) int {
	switch {
	case len(a) == 0:
		return b[0].A0
	case len(b) == 0:
		return a[0].A0
	}
	return min(a[0].A0, b[0].A0)
}

// group writes base lines [lo, hi) as changed by the hunks ho of ours and ht
// of theirs.
func (m *merger) group(lo, hi int, ho, ht []hunk) {
	o := span(m.ours, lo, hi, ho)
	t := span(m.theirs, lo, hi, ht)
	switch {
	case len(ht) == 0:
		m.write(o)
	case len(ho) == 0, slices.Equal(o, t):
		m.write(t)
	default:
		m.conflicts++
		writeMarker(&m.out, "<<<<<<<", m.labels.Ours)
		writeSide(&m.out, o)
		writeMarker(&m.out, "|||||||", m.labels.Base)
		writeSide(&m.out, m.base[lo:hi])
		writeMarker(&m.out, "=======", "")
		writeSide(&m.out, t)
		writeMarker(&m.out, ">>>>>>>", m.labels.Theirs)
	}
}

// write copies lines to the output.
func (m *merger) write(lines []string) {
	for _, l := range lines {
		m.out.WriteString(l)
	}
}

// span returns the lines of side that stand for base lines [lo, hi), given
// side's hunks hs inside that range (none means the side left it alone).
func span(side []string, lo, hi int, hs []hunk) []string {
	if len(hs) == 0 {
		return nil
	}
	first, last := hs[0], hs[len(hs)-1]
	return side[first.B0-(first.A0-lo) : last.B1+(hi-last.A1)]
}
