package generator

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// actionsTSV pins every GitHub Action the templates use to a full commit
// SHA. Bumping an action is one edit to this file.
//
//go:embed actions.tsv
var actionsTSV string

// ActionPin is one pinned GitHub Action.
type ActionPin struct {
	Action string // owner/repo[/path]
	Tag    string // e.g. v4.2.2
	SHA    string // 40 hex digits
}

// isSHA reports whether s is a full git commit id: 40 lower-case hex digits.
func isSHA(s string) bool {
	if len(s) != 40 {
		return false
	}
	for i := range len(s) {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// ActionPins parses the pin table.
var ActionPins = sync.OnceValues(func() (map[string]ActionPin, error) { return parsePins(actionsTSV) })

// parsePins reads a pin table (a header line, then action, tag, sha, ...).
func parsePins(tsv string) (map[string]ActionPin, error) {
	pins := map[string]ActionPin{}
	for i, line := range strings.Split(strings.TrimSpace(tsv), "\n")[1:] {
		cols := strings.Split(line, "\t")
		if len(cols) < 3 || !isSHA(cols[2]) {
			return nil, fmt.Errorf("actions.tsv line %d: want action, tag and a 40-hex sha", i+2)
		}
		pins[cols[0]] = ActionPin{Action: cols[0], Tag: cols[1], SHA: cols[2]}
	}
	return pins, nil
}

// actionRef is the template function `action`: "actions/checkout" becomes
// "actions/checkout@<sha> # <tag>".
func actionRef(name string) (string, error) {
	pins, err := ActionPins()
	if err != nil {
		return "", err
	}
	return pinnedRef(pins, name)
}

func pinnedRef(pins map[string]ActionPin, name string) (string, error) {
	p, ok := pins[name]
	if !ok {
		return "", fmt.Errorf("action %q is not pinned in generator/actions.tsv", name)
	}
	return p.Action + "@" + p.SHA + " # " + p.Tag, nil
}
