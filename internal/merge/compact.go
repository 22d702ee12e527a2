package merge

// group is a run [start, end) of changed lines of one sequence; an empty
// group sits between two unchanged lines.
type group struct{ start, end int }

// seq is one side of a diff for compaction: its lines and change marks.
type seq struct {
	recs []int
	chg  []bool
}

func (s seq) changed(i int) bool { return i >= 0 && i < len(s.chg) && s.chg[i] }

// first returns the group at the start of s.
func (s seq) first() group {
	g := group{}
	for s.changed(g.end) {
		g.end++
	}
	return g
}

// next moves g to the next group; it reports false at the end.
func (s seq) next(g *group) bool {
	if g.end == len(s.recs) {
		return false
	}
	g.start = g.end + 1
	g.end = g.start
	for s.changed(g.end) {
		g.end++
	}
	return true
}

// previous moves g to the previous group; it reports false at the start.
func (s seq) previous(g *group) bool {
	if g.start == 0 {
		return false
	}
	g.end = g.start - 1
	for g.start = g.end; s.changed(g.start - 1); g.start-- {
	}
	return true
}

// slideDown moves g down one line if the line after it equals its first
// line, merging it with a group it then touches.
func (s seq) slideDown(g *group) bool {
	if g.end >= len(s.recs) || s.recs[g.start] != s.recs[g.end] {
		return false
	}
	s.chg[g.start], s.chg[g.end] = false, true
	g.start, g.end = g.start+1, g.end+1
	for s.changed(g.end) {
		g.end++
	}
	return true
}

// slideUp moves g up one line if the line before it equals its last line,
// merging it with a group it then touches.
func (s seq) slideUp(g *group) bool {
	if g.start == 0 || s.recs[g.start-1] != s.recs[g.end-1] {
		return false
	}
	s.chg[g.start-1], s.chg[g.end-1] = true, false
	g.start, g.end = g.start-1, g.end-1
	for s.changed(g.start - 1) {
		g.start--
	}
	return true
}

// compact moves the groups of changes of recs (marks chg) the way git's
// xdl_change_compact does without its indent heuristic: each group slides up
// as far as it can, then down as far as it can, merging with the groups it
// meets; it ends as low as possible, unless on the way it lined up with a
// change of the other sequence (marks other), where it goes back to the last
// such place. The marks stay a valid edit: a group only slides over a line
// equal to the one it gives up.
func compact(recs []int, chg, other []bool) {
	s := seq{recs, chg}
	o := seq{recs: make([]int, len(other)), chg: other}
	g, og := s.first(), o.first()
	for {
		if g.end != g.start {
			var earliestEnd, endMatchingOther int
			for size := -1; size != g.end-g.start; {
				size = g.end - g.start
				endMatchingOther = -1
				for s.slideUp(&g) {
					o.previous(&og)
				}
				earliestEnd = g.end
				if og.end > og.start {
					endMatchingOther = g.end
				}
				for s.slideDown(&g) {
					o.next(&og)
					if og.end > og.start {
						endMatchingOther = g.end
					}
				}
			}
			if g.end != earliestEnd && endMatchingOther != -1 {
				for og.end == og.start && s.slideUp(&g) && o.previous(&og) {
				}
			}
		}
		if !s.next(&g) || !o.next(&og) {
			return
		}
	}
}
