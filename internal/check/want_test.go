package check

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A fixture marks each finding it expects on the offending line, as
// golang.org/x/tools/go/analysis/analysistest does:
//
//	return http.Get(url) // want "context"
//	log.Warn("x", zap.String("error", err.Error())) // want `errors: zap\.String of err`
//
// Each quoted string (Go syntax, "..." or `...`) is one finding: its rule id,
// optionally followed by ": " and a regexp its message must match. Go files
// carry the comment as // want, YAML files (the manifest's waivers, rule
// files) as # want, JSON files (dashboards) as a # want PromQL comment
// ending a query string. A finding without a matching want, and a want without a finding,
// fail the test with the fixture's file:line.

// wantGoRe and wantYAMLRe find the want comment of a line: // in Go, # in
// YAML; wantJSONRe a # want at the end of a JSON string (a dashboard
// query, where # starts a PromQL comment), wants in backquotes.
var (
	wantGoRe   = regexp.MustCompile(`//\s*want\s+(.*)$`)
	wantYAMLRe = regexp.MustCompile(`#\s*want\s+(.*)$`)
	wantJSONRe = regexp.MustCompile(`#\s*want\s+(.*?)"\s*[,}\]]*\s*$`)
)

// expectation is one finding a want comment asks for.
type expectation struct {
	loc  string // slash path under the fixture, ":", line
	rule string
	msg  *regexp.Regexp // nil: any message
	text string         // as written, for the failure message
}

// readWants returns the expectations of every Go and YAML file under dir.
func readWants(tb testing.TB, dir string) []expectation {
	tb.Helper()
	var out []expectation
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		re := wantGoRe
		switch path.Ext(d.Name()) {
		case ".go":
		case ".yaml", ".yml":
			re = wantYAMLRe
		case ".json":
			re = wantJSONRe
		default:
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		ws, err := fileWants(p, filepath.ToSlash(rel), re)
		out = append(out, ws...)
		return err
	})
	if err != nil {
		tb.Fatalf("read wants of %s: %v", dir, err)
	}
	return out
}

func fileWants(name, rel string, re *regexp.Regexp) ([]expectation, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	var out []expectation
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		m := re.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		loc := rel + ":" + strconv.Itoa(line)
		ws, err := parseWants(loc, m[1])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", loc, err)
		}
		out = append(out, ws...)
	}
	return out, sc.Err()
}

// parseWants parses the quoted strings after "want".
func parseWants(loc, rest string) ([]expectation, error) {
	var out []expectation
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return nil, fmt.Errorf("want %s: want quoted strings, \"rule\" or `rule: message regexp`", rest)
		}
		rest = rest[len(q):]
		text, _ := strconv.Unquote(q) // QuotedPrefix checked it
		e := expectation{loc: loc, rule: text, text: q}
		if rule, pattern, ok := strings.Cut(text, ": "); ok {
			e.rule = rule
			if e.msg, err = regexp.Compile(pattern); err != nil {
				return nil, fmt.Errorf("want %s: %w", q, err)
			}
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("want without an expectation")
	}
	return out, nil
}

func (e expectation) matches(f Finding) bool {
	return e.loc == f.Location() && e.rule == f.Rule && (e.msg == nil || e.msg.MatchString(f.Message))
}

// matchWants compares findings with expectations and returns one line per
// unexpected finding and per missing one, each starting with the fixture's
// file:line under prefix.
func matchWants(prefix string, findings []Finding, wants []expectation) []string {
	var problems []string
	used := make([]bool, len(wants))
	for _, f := range findings {
		i := -1 // the first want this finding meets that holds no other
		for j := range wants {
			if !used[j] && wants[j].matches(f) {
				i = j
				break
			}
		}
		if i < 0 {
			problems = append(problems, fmt.Sprintf("%s/%s: unexpected %s finding: %s", prefix, f.Location(), f.Rule, f.Message))
			continue
		}
		used[i] = true
	}
	for i, e := range wants {
		if !used[i] {
			problems = append(problems, fmt.Sprintf("%s/%s: no finding matches want %s", prefix, e.loc, e.text))
		}
	}
	return problems
}

// fixtureDirs returns every service under testdata: each directory holding
// a manifest.
func fixtureDirs(tb testing.TB) []string {
	tb.Helper()
	var dirs []string
	err := filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == ".svcgen.yaml" {
			dirs = append(dirs, filepath.Dir(p))
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return dirs
}

// TestFixtures checks every fixture against its want comments: a bad
// fixture holds the violations it marks and nothing else, a good one
// (which has no wants) is clean.
func TestFixtures(t *testing.T) {
	dirs := fixtureDirs(t)
	if len(dirs) < 60 {
		t.Fatalf("found only %d fixtures", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(strings.TrimPrefix(filepath.ToSlash(dir), "testdata/"), func(t *testing.T) {
			wants := readWants(t, dir)
			switch filepath.Base(dir) {
			case "bad":
				if len(wants) == 0 {
					t.Errorf("%s: a bad fixture without a // want comment", dir)
				}
			case "good":
				if len(wants) != 0 {
					t.Errorf("%s: a good fixture with // want comments", dir)
				}
			}
			r := analyze(t, dir, Options{})
			for _, p := range matchWants(filepath.ToSlash(dir), r.Findings, wants) {
				t.Error(p)
			}
			for _, f := range r.Findings {
				if f.Message == "" || strings.Contains(f.Message, "\n") {
					t.Errorf("%s: message %q: want one non-empty line", f.Location(), f.Message)
				}
			}
			if r.Clean() != (len(wants) == 0) {
				t.Errorf("Clean() = %v with %d findings and %d wants", r.Clean(), len(r.Findings), len(wants))
			}
		})
	}
}

// TestMatchWants: the harness fails on a finding nobody wants, a want
// nobody finds, the wrong rule and the wrong message, and counts two
// findings on one line as two.
func TestMatchWants(t *testing.T) {
	ws, err := parseWants("a.go:3", "\"context\" `lint: ^fmt\\.Println` `errors: x`")
	if err != nil {
		t.Fatal(err)
	}
	fs := []Finding{
		{Rule: "context", Path: "a.go", Line: 3, Message: "one"},
		{Rule: "context", Path: "a.go", Line: 3, Message: "two"},
		{Rule: "lint", Path: "a.go", Line: 3, Message: "fmt.Println writes"},
		{Rule: "errors", Path: "a.go", Line: 3, Message: "y"},
		{Rule: "lint", Path: "a.go", Line: 4, Message: "fmt.Println writes"},
	}
	got := strings.Join(matchWants("fx", fs, ws), "\n")
	want := "fx/a.go:3: unexpected context finding: two\n" +
		"fx/a.go:3: unexpected errors finding: y\n" +
		"fx/a.go:4: unexpected lint finding: fmt.Println writes\n" +
		"fx/a.go:3: no finding matches want `errors: x`"
	if got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
	for _, bad := range []string{"", "context", `"context`, "`lint: (`"} {
		if _, err := parseWants("a.go:1", bad); err == nil {
			t.Errorf("parseWants(%q): no error", bad)
		}
	}
}
