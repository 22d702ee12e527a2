package check

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/internal/convention"
	"github.com/svcgen/svcgen/internal/manifest"
)

// waivable are the rule ids a waiver may name besides the convention ids.
var waivable = []string{RuleDrift, RuleTemplateLag, RuleParse}

// applyWaivers moves findings matched by a live waiver to r.Waived and adds a
// finding for each expired or invalid waiver. A waiver matches a finding when
// its convention equals the finding's rule and its path glob matches the
// finding's path (see matchPath).
func (r *Report) applyWaivers(ws []manifest.Waiver, lines []int, now time.Time) {
	var live []manifest.Waiver
	for i, w := range ws {
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		if msg := waiverProblem(w, now); msg != "" {
			r.Findings = append(r.Findings, Finding{Rule: RuleWaiver, Path: manifest.Name, Line: line, Message: msg})
			continue
		}
		live = append(live, w)
	}
	kept := r.Findings[:0]
	for _, f := range r.Findings {
		i := slices.IndexFunc(live, func(w manifest.Waiver) bool {
			return w.Convention == f.Rule && matchPath(w.Path, f.Path)
		})
		if i < 0 {
			kept = append(kept, f)
			continue
		}
		w := live[i]
		r.Waived = append(r.Waived, Waived{Finding: f, Waiver: Waiver(w)})
	}
	r.Findings = kept
}

// waiverProblem returns why w cannot be used, or "".
func waiverProblem(w manifest.Waiver, now time.Time) string {
	if _, ok := convention.Lookup(w.Convention); !ok && !slices.Contains(waivable, w.Convention) {
		return fmt.Sprintf("waiver names unknown convention %q (see svcgen explain)", w.Convention)
	}
	if _, err := path.Match(w.Path, ""); err != nil {
		return fmt.Sprintf("waiver for %s has invalid path glob %q", w.Convention, w.Path)
	}
	end, err := w.ExpiresAt()
	if err != nil {
		return err.Error()
	}
	if !now.Before(end) {
		return fmt.Sprintf("waiver for %s on %s (owner %s) expired on %s: fix the findings or renew it", w.Convention, w.Path, w.Owner, w.Expires)
	}
	return ""
}

// matchPath matches a slash path against a waiver glob: path.Match syntax,
// plus a trailing "/**" matching everything below a directory.
func matchPath(glob, p string) bool {
	if dir, ok := strings.CutSuffix(glob, "/**"); ok {
		return strings.HasPrefix(p, dir+"/")
	}
	ok, _ := path.Match(glob, p)
	return ok
}

// lines are positions in the manifest, for findings that point into it.
type lines struct {
	templateVersion int
	waivers         []int
}

// manifestLines finds the line of template_version and of each waiver. The
// manifest was already read and validated; on any problem the lines stay 0.
func manifestLines(dir string) lines {
	var l lines
	data, err := os.ReadFile(filepath.Join(dir, manifest.Name))
	if err != nil {
		return l
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return l
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		switch key.Value {
		case "template_version":
			l.templateVersion = key.Line
		case "waivers":
			for _, w := range val.Content {
				l.waivers = append(l.waivers, w.Line)
			}
		}
	}
	return l
}
