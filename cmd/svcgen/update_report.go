package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/svcgen/svcgen/internal/update"
)

// updateJSON is the --json schema svcgen.update/v1.
type updateJSON struct {
	Schema          string       `json:"schema"`
	Dir             string       `json:"dir"`
	From            string       `json:"from"`
	To              string       `json:"to"`
	UpdateAvailable bool         `json:"update_available"`
	AnswerChanges   []string     `json:"answer_changes"`
	Files           []actionJSON `json:"files"`
	Conflicts       int          `json:"conflicts"`
	Notes           []string     `json:"notes"`
}

type actionJSON struct {
	Path   string `json:"path"`
	Action string `json:"action"`
	Class  string `json:"class"`
	Reason string `json:"reason"`
}

// report prints the plan (after Apply, what was done) and returns the
// error that sets the exit code.
func report(opts *UpdateOptions, p *update.Plan) error {
	var err error
	if opts.JSON {
		err = reportJSON(opts.IO.Out, p)
	} else {
		err = reportText(opts, p)
	}
	if err != nil {
		return err
	}
	switch {
	case opts.Check && !p.UpToDate():
		return silentWrap{errFindings}
	case !opts.Check && len(p.Conflicts()) > 0:
		return silentWrap{errConflicts}
	}
	return nil
}

func reportJSON(w io.Writer, p *update.Plan) error {
	out := updateJSON{Schema: "svcgen.update/v1", Dir: p.Dir, From: p.From.String(), To: p.To.String(),
		UpdateAvailable: !p.UpToDate(), Files: []actionJSON{}, Conflicts: len(p.Conflicts()), Notes: p.Notes}
	out.AnswerChanges = append([]string{}, p.AnswerChanges()...)
	if out.Notes == nil {
		out.Notes = []string{}
	}
	for _, a := range p.Actions {
		if a.Status != update.StatusUnchanged {
			out.Files = append(out.Files, actionJSON{Path: a.Path, Action: string(a.Status), Class: a.Class, Reason: a.Reason})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func reportText(opts *UpdateOptions, p *update.Plan) error {
	w := opts.IO.Out
	verb := "updated"
	if opts.Check || opts.DryRun {
		verb = "would update"
	}
	switch {
	case p.UpToDate():
		fmt.Fprintf(w, "%s is up to date at %s\n", p.Dir, p.To)
	case p.From == p.To:
		fmt.Fprintf(w, "%s: %s at %s\n", p.Dir, verb, p.To)
	default:
		fmt.Fprintf(w, "%s: %s from %s to %s\n", p.Dir, verb, p.From, p.To)
	}
	for _, c := range p.AnswerChanges() {
		fmt.Fprintf(w, "  answer %s\n", c)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, a := range p.Actions {
		if a.Status == update.StatusUnchanged {
			continue
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", a.Status, a.Path, a.Reason)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if opts.Diff {
		writeDiffs(w, p)
	}
	for _, n := range p.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	if n := len(p.Conflicts()); n > 0 {
		fmt.Fprintf(w, "%d conflict(s) to resolve: see docs/update.md; `svcgen check` lists them until they are\n", n)
	}
	return nil
}

func writeDiffs(w io.Writer, p *update.Plan) {
	for _, a := range p.Changes() {
		switch {
		case a.Delete:
			fmt.Fprintf(w, "--- %s: deleted\n", a.Path)
		case a.Write != nil:
			_, _ = w.Write(diff.Diff("service/"+a.Path, a.Old(), "updated/"+a.Path, a.Write))
		}
	}
}
