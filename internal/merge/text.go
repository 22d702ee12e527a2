package merge

import (
	"bytes"
	"strings"
)

// Labels name the three sides in conflict markers, e.g. "service",
// "template r1 (sha256:...)" and "template r2 (sha256:...)".
type Labels struct{ Ours, Base, Theirs string }

// Result is the outcome of a text merge.
type Result struct {
	Data      []byte // merged text; with diff3 markers where Conflicts > 0
	Conflicts int    // number of conflicting hunks
}

// Text merges three versions line by line, like `git merge-file --diff3`.
//
// Inputs are compared with CRLF normalised to LF. The output uses ours' line
// ending (CRLF if ours' first line ending is CRLF, else LF); when ours has no
// line ending at all, theirs' decides. Changes of the two sides that touch the
// same base lines, or are adjacent (no unchanged base line between them), form
// one hunk; it is a conflict unless both sides made the identical change, and
// is written as
//
//	<<<<<<< {Ours}
//	ours lines
//	||||||| {Base}
//	base lines
//	=======
//	theirs lines
//	>>>>>>> {Theirs}
//
// A side whose last line has no newline gets one before the next marker.
// Unchanged sides return the other side byte for byte: Text(x, x, x) == x,
// Text(b, o, b) == o, Text(b, t, t) == t and Text(b, b, t) == t (converted to
// ours' line ending).
func Text(base, ours, theirs []byte, l Labels) Result {
	switch {
	case Equal(base, theirs), Equal(ours, theirs):
		return Result{Data: ours}
	}
	crlf := HasCRLF(ours)
	if !hasEOL(ours) {
		crlf = HasCRLF(theirs)
	}
	if Equal(base, ours) {
		return Result{Data: ToEOL(Normalize(theirs), crlf)}
	}
	r := merge3(Normalize(base), Normalize(ours), Normalize(theirs), l)
	r.Data = ToEOL(r.Data, crlf)
	return r
}

// merge3 is the diff3 merge of LF texts, without Text's shortcuts for
// unchanged sides (the fuzz test checks that it agrees with them).
func merge3(base, ours, theirs []byte, l Labels) Result {
	in := make(interner, bytes.Count(base, []byte("\n"))+1)
	b, o, t := in.lines(base), in.lines(ours), in.lines(theirs)
	m := merger{
		base: b, ours: o, theirs: t, labels: l,
		ho: diff(in.ids(b), in.ids(o)),
		ht: diff(in.ids(b), in.ids(t)),
	}
	m.run()
	return Result{Data: m.out.Bytes(), Conflicts: m.conflicts}
}

// interner numbers distinct lines so that the diff compares ints.
type interner map[string]int

// lines splits text into lines that keep their "\n"; a last line without
// one stays as it is, so it differs from the same line with a newline.
func (in *interner) lines(text []byte) []string {
	s := string(text)
	ls := make([]string, 0, strings.Count(s, "\n")+1)
	for s != "" {
		i := strings.IndexByte(s, '\n') + 1
		if i == 0 {
			i = len(s)
		}
		ls = append(ls, s[:i])
		s = s[i:]
	}
	return ls
}

// ids returns the number of each line.
func (in *interner) ids(ls []string) []int {
	if *in == nil {
		*in = make(interner)
	}
	ids := make([]int, len(ls))
	for i, l := range ls {
		id, ok := (*in)[l]
		if !ok {
			id = len(*in)
			(*in)[l] = id
		}
		ids[i] = id
	}
	return ids
}

// writeSide writes lines and, if the last one lacks a newline, adds one so
// that a marker after it starts on its own line.
func writeSide(w *bytes.Buffer, lines []string) {
	for _, l := range lines {
		w.WriteString(l)
	}
	if n := len(lines); n > 0 && !strings.HasSuffix(lines[n-1], "\n") {
		w.WriteByte('\n')
	}
}

// writeMarker writes a conflict marker line with its label, if any.
func writeMarker(w *bytes.Buffer, marker, label string) {
	w.WriteString(marker)
	if label != "" {
		w.WriteByte(' ')
		w.WriteString(label)
	}
	w.WriteByte('\n')
}
