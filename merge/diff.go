package merge

// hunk is one change of a line diff: lines a[A0:A1] were replaced by
// b[B0:B1]. A pure insertion has A0 == A1, a pure deletion B0 == B1.
type hunk struct {
	A0, A1, B0, B1 int
}

// diff returns the hunks that turn a into b, in order, with at least one
// unchanged line between two hunks. It is Myers' O(ND) algorithm in its
// linear-space form (the middle snake, as GNU diff's diffseq computes it),
// after the common prefix and suffix are trimmed, so a few edits in a file of
// thousands of lines cost little.
func diff(a, b []int) []hunk {
	d := &differ{a: a, b: b, delA: make([]bool, len(a)), insB: make([]bool, len(b))}
	size := len(a) + len(b) + 3
	d.fd = make([]int, size)
	d.bd = make([]int, size)
	d.off = len(b) + 1
	d.compare(0, len(a), 0, len(b))
	return d.hunks()
}

// differ holds the state of one diff: the two sequences, the marks of the
// deleted lines of a and inserted lines of b, and the forward and backward
// furthest-reaching x per diagonal (indexed by x-y+off).
type differ struct {
	a, b       []int
	delA, insB []bool
	fd, bd     []int
	off        int
}

// compare marks the differences between a[x0:x1] and b[y0:y1].
func (d *differ) compare(x0, x1, y0, y1 int) {
	for x0 < x1 && y0 < y1 && d.a[x0] == d.b[y0] {
		x0, y0 = x0+1, y0+1
	}
	for x0 < x1 && y0 < y1 && d.a[x1-1] == d.b[y1-1] {
		x1, y1 = x1-1, y1-1
	}
	switch {
	case x0 == x1:
		for ; y0 < y1; y0++ {
			d.insB[y0] = true
		}
	case y0 == y1:
		for ; x0 < x1; x0++ {
			d.delA[x0] = true
		}
	default:
		xm, ym := d.split(x0, x1, y0, y1)
		d.compare(x0, xm, y0, ym)
		d.compare(xm, x1, ym, y1)
	}
}

// split finds a point (x, y) on an optimal edit path from (x0, y0) to
// (x1, y1) strictly between the corners, by searching forward from the start
// and backward from the end one edit at a time until the searches meet. Both
// sequences are non-empty and differ in their first and last elements.
func (d *differ) split(x0, x1, y0, y1 int) (int, int) {
	fd, bd, off := d.fd, d.bd, d.off
	dmin, dmax := x0-y1, x1-y0 // the valid diagonals
	fmid, bmid := x0-y0, x1-y1 // where each search starts
	fmin, fmax, bmin, bmax := fmid, fmid, bmid, bmid
	odd := (fmid-bmid)&1 != 0
	fd[fmid+off], bd[bmid+off] = x0, x1
	const far = int(^uint(0) >> 1)
	for {
		if fmin > dmin {
			fmin--
			fd[fmin-1+off] = -1
		} else {
			fmin++
		}
		if fmax < dmax {
			fmax++
			fd[fmax+1+off] = -1
		} else {
			fmax--
		}
		for k := fmax; k >= fmin; k -= 2 {
			lo, hi := fd[k-1+off], fd[k+1+off]
			x := lo + 1
			if lo < hi {
				x = hi
			}
			y := x - k
			for x < x1 && y < y1 && d.a[x] == d.b[y] {
				x, y = x+1, y+1
			}
			fd[k+off] = x
			if odd && bmin <= k && k <= bmax && bd[k+off] <= x {
				return x, y
			}
		}
		if bmin > dmin {
			bmin--
			bd[bmin-1+off] = far
		} else {
			bmin++
		}
		if bmax < dmax {
			bmax++
			bd[bmax+1+off] = far
		} else {
			bmax--
		}
		for k := bmax; k >= bmin; k -= 2 {
			lo, hi := bd[k-1+off], bd[k+1+off]
			x := hi - 1
			if lo < hi {
				x = lo
			}
			y := x - k
			for x > x0 && y > y0 && d.a[x-1] == d.b[y-1] {
				x, y = x-1, y-1
			}
			bd[k+off] = x
			if !odd && fmin <= k && k <= fmax && x <= fd[k+off] {
				return x, y
			}
		}
	}
}

// hunks turns the marks into hunks, sliding each pure insertion or deletion
// as far down as equal lines allow (as git does), so that where an ambiguous
// change lands does not depend on the search order.
func (d *differ) hunks() []hunk {
	d.slide(d.a, d.delA, d.insB)
	d.slide(d.b, d.insB, d.delA)
	var hs []hunk
	i, j := 0, 0
	for i < len(d.a) || j < len(d.b) {
		if i < len(d.a) && j < len(d.b) && !d.delA[i] && !d.insB[j] {
			i, j = i+1, j+1
			continue
		}
		h := hunk{A0: i, B0: j}
		for i < len(d.a) && d.delA[i] {
			i++
		}
		for j < len(d.b) && d.insB[j] {
			j++
		}
		h.A1, h.B1 = i, j
		hs = append(hs, h)
	}
	return hs
}

// slide moves each run of changed lines of s down while the line after the
// run equals its first line, unless that would merge it with a change of
// the other sequence at the same place (other marks the other sequence).
// Sliding keeps the edit valid: the run's first line and the line after it
// are equal, so marking the latter instead describes the same edit.
func (d *differ) slide(s []int, mark, other []bool) {
	j := 0 // position in the other sequence
	for i := 0; i < len(s); {
		if !mark[i] {
			for j < len(other) && other[j] {
				j++
			}
			i, j = i+1, j+1
			continue
		}
		start := i
		for i < len(s) && mark[i] {
			i++
		}
		// A run facing a change of the other side is a replacement: leave it.
		if j < len(other) && other[j] {
			continue
		}
		for i < len(s) && !mark[i] && s[start] == s[i] && (j+1 >= len(other) || !other[j+1]) {
			mark[start], mark[i] = false, true
			start, i, j = start+1, i+1, j+1
		}
	}
}
