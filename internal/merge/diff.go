package merge

// hunk is one change of a line diff: lines a[A0:A1] were replaced by
// b[B0:B1]. A pure insertion has A0 == A1, a pure deletion B0 == B1.
type hunk struct {
	A0, A1, B0, B1 int
}

// diff returns the hunks that turn a into b, in order, with at least one
// unchanged line between two hunks. Lines that occur in only one of the two
// cannot be kept, so they are marked first and left out of the search (as git
// and GNU diff do); the rest goes to Myers' O(ND) algorithm in its
// linear-space form (the middle snake, as GNU diff's diffseq computes it)
// after the common prefix and suffix are trimmed. So a few edits in a file of
// thousands of lines, or a file rewritten with new lines, cost little.
func diff(a, b []int) []hunk {
	d := &differ{delA: make([]bool, len(a)), insB: make([]bool, len(b))}
	ka, kb := matchable(a, b, d.delA), matchable(b, a, d.insB)
	d.a, d.b = pick(a, ka), pick(b, kb)
	sub := &differ{a: d.a, b: d.b, delA: make([]bool, len(ka)), insB: make([]bool, len(kb))}
	size := len(ka) + len(kb) + 3
	sub.fd, sub.bd, sub.off = make([]int, size), make([]int, size), len(kb)+1
	sub.compare(0, len(ka), 0, len(kb))
	for i, x := range ka {
		d.delA[x] = sub.delA[i]
	}
	for j, y := range kb {
		d.insB[y] = sub.insB[j]
	}
	d.a, d.b = a, b
	return d.hunks()
}

// matchable returns the indices of the elements of s that occur in other,
// and marks the others as changed.
func matchable(s, other []int, changed []bool) []int {
	n := 0
	for _, v := range s {
		n = max(n, v+1)
	}
	in := make([]bool, n)
	for _, v := range other {
		if v < n {
			in[v] = true
		}
	}
	keep := make([]int, 0, len(s))
	for i, v := range s {
		if in[v] {
			keep = append(keep, i)
		} else {
			changed[i] = true
		}
	}
	return keep
}

// pick returns the elements of s at the indices idx.
func pick(s, idx []int) []int {
	out := make([]int, len(idx))
	for i, x := range idx {
		out[i] = s[x]
	}
	return out
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

// hunks turns the marks into hunks, after compacting the changes of both
// sequences as git does, so that where an ambiguous change lands does not
// depend on the search order.
func (d *differ) hunks() []hunk {
	compact(d.a, d.delA, d.insB)
	compact(d.b, d.insB, d.delA)
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
