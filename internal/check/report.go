package check

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"text/tabwriter"
)

// Schema identifies the JSON report format; it changes only with a new
// version suffix.
const Schema = "svcgen.check/v1"

// Report is the result of Analyze.
type Report struct {
	// Dir is the checked directory as given.
	Dir string
	// TemplateLag is set when the service was generated from another
	// template version than the current one.
	TemplateLag *TemplateLag
	// Findings are the problems found, sorted by path, line and rule.
	Findings []Finding
	// Waived are findings silenced by a waiver, in the same order.
	Waived []Waived
}

// TemplateLag records the template version of the service and the current one.
type TemplateLag struct {
	Recorded string `json:"recorded"`
	Current  string `json:"current"`
}

// Finding is one problem: the rule (a convention id or one of the Rule
// constants), where, and a one-line message.
type Finding struct {
	Rule    string `json:"rule"`
	Path    string `json:"path"` // slash path relative to the service root
	Line    int    `json:"line"` // 1-based; 0 for a whole file
	Message string `json:"message"`
	Diff    string `json:"diff,omitempty"` // unified diff, drift findings with Options.Diff
}

// Location is path:line, or path alone for a whole file.
func (f Finding) Location() string {
	if f.Line == 0 {
		return f.Path
	}
	return f.Path + ":" + strconv.Itoa(f.Line)
}

// Waived is a finding silenced by a waiver.
type Waived struct {
	Finding
	Waiver Waiver `json:"waiver"`
}

// Waiver is the JSON form of a manifest waiver.
type Waiver struct {
	Convention string `json:"convention"`
	Path       string `json:"path"`
	Reason     string `json:"reason"`
	Owner      string `json:"owner"`
	Expires    string `json:"expires"`
}

func newReport(dir string) *Report {
	return &Report{Dir: dir, Findings: []Finding{}, Waived: []Waived{}}
}

// Clean reports whether nothing was found. Waived findings do not count;
// template lag is always also a finding.
func (r *Report) Clean() bool { return len(r.Findings) == 0 }

type jsonReport struct {
	Schema      string       `json:"schema"`
	Dir         string       `json:"dir"`
	TemplateLag *TemplateLag `json:"template_lag"`
	Findings    []Finding    `json:"findings"`
	Waived      []Waived     `json:"waived"`
	Summary     jsonSummary  `json:"summary"`
}

type jsonSummary struct {
	Findings int `json:"findings"`
	Waived   int `json:"waived"`
}

// WriteJSON writes the report in the svcgen.check/v1 schema, indented, with
// empty lists as [] and no template lag as null.
func (r *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{
		Schema:      Schema,
		Dir:         filepath.ToSlash(r.Dir),
		TemplateLag: r.TemplateLag,
		Findings:    nonNil(r.Findings),
		Waived:      nonNil(r.Waived),
		Summary:     jsonSummary{Findings: len(r.Findings), Waived: len(r.Waived)},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// WriteTable writes the report for people: a table of findings, the waived
// findings with their owners, any diffs, and a summary line.
func (r *Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(r.Findings) > 0 {
		fmt.Fprintln(tw, "RULE\tLOCATION\tMESSAGE")
		for _, f := range r.Findings {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Rule, f.Location(), f.Message)
		}
	}
	if len(r.Waived) > 0 {
		if len(r.Findings) > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintln(tw, "WAIVED\tLOCATION\tOWNER\tEXPIRES\tREASON")
		for _, f := range r.Waived {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Rule, f.Location(), f.Waiver.Owner, f.Waiver.Expires, f.Waiver.Reason)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, f := range r.Findings {
		if f.Diff != "" {
			fmt.Fprintf(w, "\n%s", f.Diff)
		}
	}
	if len(r.Findings)+len(r.Waived) > 0 {
		fmt.Fprintln(w)
	}
	_, err := fmt.Fprintf(w, "%s: %s, %s\n", filepath.ToSlash(r.Dir), plural(len(r.Findings), "finding"), plural(len(r.Waived), "waived"))
	return err
}

func plural(n int, what string) string {
	if n == 1 || what == "waived" {
		return strconv.Itoa(n) + " " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
