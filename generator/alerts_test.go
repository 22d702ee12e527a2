package generator_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/generator"
)

// alertRule is what docs/alerts.md must agree with in rules.yaml.
type alertRule struct {
	Alert       string
	Expr        string
	Labels      map[string]string
	Annotations map[string]string
}

func renderedAlerts(t *testing.T, files map[string][]byte) []alertRule {
	t.Helper()
	var doc struct {
		Groups []struct{ Rules []alertRule }
	}
	if err := yaml.Unmarshal(files["deploy/monitoring/rules.yaml"], &doc); err != nil {
		t.Fatal(err)
	}
	var out []alertRule
	for _, g := range doc.Groups {
		for _, r := range g.Rules {
			if r.Alert != "" {
				out = append(out, r)
			}
		}
	}
	return out
}

// section returns the text of the "## name" section of a Markdown page.
func section(page, name string) (string, bool) {
	_, rest, ok := strings.Cut(page, "\n## "+name+"\n")
	if !ok {
		return "", false
	}
	text, _, _ := strings.Cut(rest, "\n## ")
	return text, true
}

var (
	floorRe     = regexp.MustCompile(`>= (\d+)\n`)
	thresholdRe = regexp.MustCompile(`> \(([\d.]+) \* ([\d.]+)\)`)
)

// TestAlertsPageFollowsTheRules: for every preset and for objectives off
// the defaults, every alert of rules.yaml has its section in docs/alerts.md
// under the anchor its runbook_url names (GitHub's anchor of "## Name" is
// the name lower-cased), with the severity and every traffic floor the rule
// uses; the page has no section for an alert that does not exist.
func TestAlertsPageFollowsTheRules(t *testing.T) {
	base := generator.Answers{
		Name: "orders-api", Module: "github.com/acme/orders-api", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: "1.26", License: "MIT",
	}
	var cases []generator.Answers
	for _, p := range generator.Presets() {
		a := base
		a.Preset, a.Features = p.Name, p.Features
		cases = append(cases, a.Resolve())
	}
	odd := cases[0]
	odd.SLOAvailability, odd.SLOLatencyTarget, odd.SLOLatencyThreshold = "99.95", "95.5", "1"
	cases = append(cases, odd)
	for _, a := range cases {
		files, err := generator.RenderMap(a)
		if err != nil {
			t.Fatal(err)
		}
		page := string(files["docs/alerts.md"])
		alerts := renderedAlerts(t, files)
		if page == "" || len(alerts) != 5 {
			t.Fatalf("%s: docs/alerts.md %d bytes, %d alerts", a.Preset, len(page), len(alerts))
		}
		for _, r := range alerts {
			u, err := url.Parse(r.Annotations["runbook_url"])
			if err != nil || !strings.HasSuffix(u.Path, "/docs/alerts.md") || u.Fragment != strings.ToLower(r.Alert) {
				t.Errorf("%s: %s runbook_url %q: want .../docs/alerts.md#%s", a.Preset, r.Alert, r.Annotations["runbook_url"], strings.ToLower(r.Alert))
			}
			text, ok := section(page, r.Alert)
			if !ok {
				t.Errorf("%s: docs/alerts.md has no section ## %s", a.Preset, r.Alert)
				continue
			}
			if !strings.Contains(text, "Severity `"+r.Labels["severity"]+"`") {
				t.Errorf("%s: section %s does not give severity %s", a.Preset, r.Alert, r.Labels["severity"])
			}
			for _, m := range floorRe.FindAllStringSubmatch(r.Expr, -1) {
				if !strings.Contains(text, "| "+m[1]+" |") {
					t.Errorf("%s: section %s lacks the traffic floor %s of its rule", a.Preset, r.Alert, m[1])
				}
			}
			for _, m := range thresholdRe.FindAllStringSubmatch(r.Expr, -1) {
				if !strings.Contains(text, "| "+m[1]+" |") {
					t.Errorf("%s: section %s lacks the burn rate %s of its rule", a.Preset, r.Alert, m[1])
				}
			}
		}
		if n := strings.Count(page, "\n## "); n != len(alerts) {
			t.Errorf("%s: docs/alerts.md has %d sections for %d alerts", a.Preset, n, len(alerts))
		}
	}
}

// TestAlertsPageNumbers: the page states the objectives' numbers as the
// rules compute them (99.95 %: a budget of 0.05 %, 21.6 minutes, a page at
// 0.72 % errors over 1h with 139 requests).
func TestAlertsPageNumbers(t *testing.T) {
	a := generator.Answers{
		Name: "orders-api", Module: "github.com/acme/orders-api", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: "1.26", License: "MIT", Preset: "minimal", SLOAvailability: "99.95",
	}.Resolve()
	files, err := generator.RenderMap(a)
	if err != nil {
		t.Fatal(err)
	}
	page := string(files["docs/alerts.md"])
	for _, want := range []string{
		"| 99.95 % | 0.05 % of requests (21.6 minutes of total outage) |",
		"| 1 hour and 5 minutes | 14.4 | 0.72 % of requests fail | 139 |",
		"| 3 days and 6 hours | 1 | 0.05 % of requests fail | 2000 |",
		"| answered within 0.25 s | 99 % | 1 % of requests |",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("docs/alerts.md lacks %q", want)
		}
	}
	if strings.Contains(page, "never fires") {
		t.Error("docs/alerts.md says a pair never fires at 99.95 %")
	}
}
