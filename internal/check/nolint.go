package check

import (
	"bytes"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// nolintRe matches a golangci-lint directive with its reason, as nolintlint
// (require-explanation) wants it: "//nolint:a,b // why".
var nolintRe = regexp.MustCompile(`//\s*nolint:([a-z0-9,\s-]+?)\s*//\s*(\S.*)$`)

// reasonedNolint reports whether the source line at pos carries a
// `//nolint:` directive for linter with a reason after it. A bare
// `//nolint:forbidigo` does not count: the reason is what a reviewer reads.
func (p *pass) reasonedNolint(pos token.Pos, linter string) bool {
	position := p.fset.Position(pos)
	src, err := p.source(position.Filename)
	if err != nil {
		return false
	}
	lines := bytes.Split(src, []byte("\n"))
	if position.Line < 1 || position.Line > len(lines) {
		return false
	}
	m := nolintRe.FindSubmatch(lines[position.Line-1])
	if m == nil {
		return false
	}
	names := strings.FieldsFunc(string(m[1]), func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	return slices.Contains(names, linter)
}

// source reads a file of the pass by its slash path under the root, once.
func (p *pass) source(rel string) ([]byte, error) {
	if src, ok := p.sources[rel]; ok {
		return src, nil
	}
	src, err := os.ReadFile(filepath.Join(p.root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	if p.sources == nil {
		p.sources = map[string][]byte{}
	}
	p.sources[rel] = src
	return src, nil
}
