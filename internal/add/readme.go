package add

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// readmePath is the generated README with the endpoint table.
const readmePath = "README.md"

// endpointHeader opens the README's endpoint table (README.md.tmpl).
const endpointHeader = "| Endpoint |"

// editReadme adds the resource's routes to the README's endpoint table,
// before the first admin row. A README without the table (the team
// removed or rewrote it) is left alone, with a note.
func (p *Plan) editReadme() error {
	src, err := os.ReadFile(filepath.Join(p.Dir, readmePath))
	if errors.Is(err, fs.ErrNotExist) {
		p.Notes = append(p.Notes, "no README.md: no endpoint table to update")
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", readmePath, err)
	}
	out, ok := addEndpointRow(src, endpointRow(p.Resource.Name, p.Resource.Path))
	if !ok {
		p.Notes = append(p.Notes, "README.md has no endpoint table (a line starting \""+endpointHeader+"\"): add the routes by hand")
		return nil
	}
	// A README.md that is a symlink (to docs/README.md, say) is edited
	// through the link, never replaced by a regular file.
	target, inside, err := editTarget(p.Dir, readmePath)
	if err != nil {
		return err
	}
	if !inside {
		p.Notes = append(p.Notes, "README.md is a symlink to a file outside the service: left alone; add the routes by hand")
		return nil
	}
	what := "routes added to the endpoint table"
	if target != readmePath {
		what += " (through the symlink " + readmePath + ")"
	}
	p.Edited = append(p.Edited, Edit{Path: target, What: what, Data: out})
	return nil
}

func endpointRow(name, route string) string {
	return fmt.Sprintf("| `POST %[1]s`, `GET %[1]s`, `GET %[1]s/:id`, `PUT %[1]s/:id`, `DELETE %[1]s/:id` | public | %[2]s resource |", route, name)
}

// addEndpointRow inserts row into the table whose header line starts with
// endpointHeader: before its first admin row, else after its last row.
// CRLF files stay CRLF.
func addEndpointRow(src []byte, row string) ([]byte, bool) {
	eol := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		eol = "\r\n"
	}
	lines := strings.SplitAfter(string(src), "\n")
	start := -1
	for i, l := range lines {
		if strings.HasPrefix(l, endpointHeader) {
			start = i
			break
		}
	}
	if start < 0 || start+1 >= len(lines) || !strings.HasPrefix(lines[start+1], "|") {
		return nil, false
	}
	at := start + 2
	for at < len(lines) && strings.HasPrefix(lines[at], "|") {
		if strings.Contains(lines[at], "| admin |") {
			break
		}
		at++
	}
	out := append(append(append([]string{}, lines[:at]...), row+eol), lines[at:]...)
	return []byte(strings.Join(out, "")), true
}
