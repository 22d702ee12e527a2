package merge

import (
	"bytes"
	"unicode/utf8"
)

// Equal reports whether a and b are the same text once CRLF is normalised to
// LF, so a file that differs only in its line endings is not a change.
func Equal(a, b []byte) bool {
	return bytes.Equal(Normalize(a), Normalize(b))
}

// Normalize returns b with every CRLF replaced by LF. It returns b itself,
// not a copy, when b has no CRLF.
func Normalize(b []byte) []byte {
	if !bytes.Contains(b, []byte("\r\n")) {
		return b
	}
	return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
}

// HasCRLF reports whether b uses CRLF line endings. The first line ending
// decides: b is CRLF text when its first '\n' follows a '\r'. Text without
// any line ending is not CRLF.
func HasCRLF(b []byte) bool {
	i := bytes.IndexByte(b, '\n')
	return i > 0 && b[i-1] == '\r'
}

// hasEOL reports whether b has at least one line ending, that is whether its
// line-ending style is known.
func hasEOL(b []byte) bool {
	return bytes.IndexByte(b, '\n') >= 0
}

// ToEOL converts the LF text b to CRLF when crlf is true. It returns b
// unchanged when crlf is false.
func ToEOL(b []byte, crlf bool) []byte {
	if !crlf || !bytes.Contains(b, []byte("\n")) {
		return b
	}
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}

// IsBinary reports whether b must not be text-merged: it contains a NUL byte
// or is not valid UTF-8.
func IsBinary(b []byte) bool {
	return bytes.IndexByte(b, 0) >= 0 || !utf8.Valid(b)
}

// HasMarkers reports whether b still contains conflict markers: a line that
// starts with "<<<<<<< " or ">>>>>>> ", or a line that is exactly "<<<<<<<",
// ">>>>>>>" or "=======" (a trailing '\r' is ignored).
func HasMarkers(b []byte) bool {
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		switch {
		case bytes.HasPrefix(line, []byte("<<<<<<< ")),
			bytes.HasPrefix(line, []byte(">>>>>>> ")),
			string(line) == "<<<<<<<", string(line) == ">>>>>>>", string(line) == "=======":
			return true
		}
	}
	return false
}
