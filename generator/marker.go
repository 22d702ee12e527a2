package generator

import (
	"bytes"
	"encoding/json"
	"path"
	"strings"
)

// The ownership marker: every managed file starts with a comment that says
// so and points the team to the extension points they own; no scaffold file
// carries its words. The templates hold it literally (a reader of a
// template sees what a reader of the service sees); TestOwnershipMarker
// holds every rendered file to its class, and `make markers` writes or
// removes the marker in the templates, so nobody types it by hand.

// markerWords are what mark a file as managed. A scaffold file must not
// contain them in any case: they would tell the team not to edit their own file.
const markerWords = "managed by svcgen"

// markerOpening starts every marker, of this wording or an older one: it is
// how withMarker and withoutMarker find a marker to replace or remove. Keep
// it when rewording the marker.
const markerOpening = "This file is " + markerWords

// markerLines is the marker's text, one string per line.
var markerLines = []string{
	markerOpening + ": `svcgen update` replaces it and `svcgen check`",
	"reports edits. Extend the service in team-owned code instead: docs/extending.md.",
}

// Comment syntaxes, by the token that opens a comment.
const (
	syntaxSlash = "//"   // Go
	syntaxHash  = "#"    // YAML, Makefile, Dockerfile, .dockerignore, shell
	syntaxHTML  = "<!--" // Markdown
	syntaxDash  = "--"   // SQL
	// JSON has no comments: the marker opens the top-level "description"
	// (a Grafana dashboard's), written by the Go code that renders the file.
	syntaxJSON = "json"
)

// markers is the marker as each syntax writes it, newline-terminated.
var markers = map[string]string{
	syntaxSlash: lineComment("// "),
	syntaxHash:  lineComment("# "),
	syntaxDash:  lineComment("-- "),
	syntaxHTML:  "<!-- " + strings.Join(markerLines, "\n") + " -->\n",
	syntaxJSON:  strings.Join(markerLines, " "),
}

func lineComment(prefix string) string {
	return prefix + strings.Join(markerLines, "\n"+prefix) + "\n"
}

// commentSyntax is the comment syntax of the output path p, "" when svcgen
// knows none (a file that cannot hold a comment cannot be managed).
func commentSyntax(p string) string {
	base := path.Base(p)
	switch path.Ext(base) {
	case ".go":
		return syntaxSlash
	case ".yml", ".yaml", ".sh":
		return syntaxHash
	case ".md":
		return syntaxHTML
	case ".sql":
		return syntaxDash
	case ".json":
		return syntaxJSON
	}
	switch base {
	case "Makefile", "Dockerfile", ".dockerignore":
		return syntaxHash
	}
	return ""
}

// markerAt is where the marker of a file at output path p starts in data:
// after the lines that must stay first (a #! line; a Dockerfile's parser
// directives, which BuildKit reads only before any other comment). Go needs
// none: a //go:build line may follow other line comments.
func markerAt(p string, data []byte) int {
	if commentSyntax(p) != syntaxHash {
		return 0
	}
	off := 0
	if bytes.HasPrefix(data, []byte("#!")) {
		off = lineEnd(data, 0)
	}
	for path.Base(p) == "Dockerfile" && isDirective(data[off:lineEnd(data, off)]) {
		off = lineEnd(data, off)
	}
	return off
}

// isDirective reports whether line is a Dockerfile parser directive
// ("# syntax=docker/dockerfile:1", "# escape=`", "# check=...").
func isDirective(line []byte) bool {
	key, _, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(string(line), "#")), "=")
	key = strings.ToLower(strings.TrimSpace(key))
	return bytes.HasPrefix(line, []byte("#")) && ok && (key == "syntax" || key == "escape" || key == "check")
}

// lineEnd is the offset just past the line that starts at off.
func lineEnd(data []byte, off int) int {
	if i := bytes.IndexByte(data[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(data)
}

// hasMarker reports whether data, the file at output path p, starts with
// the exact marker of its syntax (after the lines that must stay first).
func hasMarker(p string, data []byte) bool {
	m, ok := markers[commentSyntax(p)]
	if commentSyntax(p) == syntaxJSON {
		var top struct{ Description string }
		return json.Unmarshal(data, &top) == nil && strings.HasPrefix(top.Description, m)
	}
	return ok && bytes.HasPrefix(data[markerAt(p, data):], []byte(m))
}

// withMarker returns src (a template or file at output path p) starting
// with the current marker, followed by a blank line so that in Go it never
// becomes the package doc. A marker of other wording (an older one) is
// replaced; src that has the marker already is returned as it is.
//
// A JSON template is returned as it is: its marker is in a string the Go
// code behind the template writes, not a comment `make markers` can add.
func withMarker(p string, src []byte) []byte {
	if commentSyntax(p) == syntaxJSON || hasMarker(p, src) {
		return src
	}
	at := markerAt(p, src)
	rest := stripMarker(p, src[at:])
	out := make([]byte, 0, len(src)+len(markers[commentSyntax(p)])+1)
	out = append(append(out, src[:at]...), markers[commentSyntax(p)]...)
	if !bytes.HasPrefix(rest, []byte("\n")) {
		out = append(out, '\n')
	}
	return append(out, rest...)
}

// withoutMarker returns src without a marker at its top, and without the
// blank line that followed it: for a file that is (now) scaffold.
func withoutMarker(p string, src []byte) []byte {
	at := markerAt(p, src)
	rest := stripMarker(p, src[at:])
	if len(rest) == len(src)-at {
		return src
	}
	rest = bytes.TrimPrefix(rest, []byte("\n"))
	return append(src[:at:at], rest...)
}

// stripMarker removes a marker of any wording at the start of data: a
// comment block whose first line opens with markerOpening, through the line
// that closes it (Markdown) or through its last comment line. The blank
// line after it stays.
func stripMarker(p string, data []byte) []byte {
	syntax := commentSyntax(p)
	first := strings.TrimSpace(strings.TrimPrefix(string(data[:lineEnd(data, 0)]), syntax))
	if syntax == "" || syntax == syntaxJSON || !bytes.HasPrefix(data, []byte(syntax)) ||
		!strings.HasPrefix(strings.ToLower(first), strings.ToLower(markerOpening)) {
		return data
	}
	end := 0
	for end < len(data) {
		line := data[end:lineEnd(data, end)]
		if syntax == syntaxHTML {
			end += len(line)
			if bytes.Contains(line, []byte("-->")) {
				break
			}
			continue
		}
		if !bytes.HasPrefix(line, []byte(syntax)) {
			break
		}
		end += len(line)
	}
	return data[end:]
}
