// Package convention is the catalogue of the conventions every svcgen
// service follows: what each one is, why it exists, what svcgen generates for
// it and how `svcgen check` enforces it.
//
// The text lives in one place, the embedded markdown files text/<id>.md.
// Each starts with a small header block:
//
//	---
//	title: Standard handler chain
//	summary: one line for `svcgen explain` without a topic
//	files: internal/httpserver/chain.go, cmd/<name>/main.go
//	---
//	## Why
//	...
//
// From that single source the package renders the `svcgen explain` output,
// the pages docs/conventions/<id>.md of the svcgen repository and the
// onboarding tour docs/CONVENTIONS.md of every generated service.
package convention

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Convention is one entry of the catalogue.
type Convention struct {
	// ID is the stable identifier used by `explain`, `check` and waivers.
	ID string
	// Title is a short human name.
	Title string
	// Summary is one line for listings.
	Summary string
	// Files are paths in the generated service, slash-separated; the
	// service-name dependent directory is written cmd/<name>.
	Files []string
	// Body is the markdown below the header: the sections Why, What svcgen
	// generates, How check enforces it and Read next, each a "## " heading.
	Body string
}

// order is the reading order (DESIGN §4); the embedded files hold the text.
var order = []string{
	"standard-handler",
	"fx-modules",
	"graceful-shutdown",
	"server-hardening",
	"context",
	"errors",
	"sharded-cache",
	"pooled-buffers",
	"config",
	"health",
	"database",
	"grpc",
	"testing",
	"lint",
	"pipeline",
	"container",
	"runtime",
}

//go:embed text/*.md
var textFS embed.FS

// loadCatalogue parses the embedded texts once, on first use (not at start-up:
// most svcgen runs never need them).
var loadCatalogue = sync.OnceValue(mustLoad)

// All returns every convention in reading order.
func All() []Convention {
	out := make([]Convention, len(loadCatalogue()))
	for i, c := range loadCatalogue() {
		c.Files = slices.Clone(c.Files)
		out[i] = c
	}
	return out
}

// IDs returns every convention id in reading order.
func IDs() []string { return slices.Clone(order) }

// Lookup returns the convention with the given id.
func Lookup(id string) (Convention, bool) {
	i := slices.Index(order, id)
	if i < 0 {
		return Convention{}, false
	}
	c := loadCatalogue()[i]
	c.Files = slices.Clone(c.Files)
	return c, true
}

func mustLoad() []Convention {
	out := make([]Convention, 0, len(order))
	for _, id := range order {
		data, err := textFS.ReadFile("text/" + id + ".md")
		if err != nil {
			panic(fmt.Sprintf("convention %s: %v", id, err))
		}
		c, err := parse(id, string(data))
		if err != nil {
			panic(err)
		}
		out = append(out, c)
	}
	return out
}

// parse reads one text file: the header block between "---" lines, then the
// body.
func parse(id, text string) (Convention, error) {
	c := Convention{ID: id}
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		return c, fmt.Errorf("convention %s: text must start with a --- header", id)
	}
	header, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return c, fmt.Errorf("convention %s: header has no closing ---", id)
	}
	for line := range strings.SplitSeq(header, "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			return c, fmt.Errorf("convention %s: header line %q: want key: value", id, line)
		}
		val = strings.TrimSpace(val)
		switch key {
		case "title":
			c.Title = val
		case "summary":
			c.Summary = val
		case "files":
			for f := range strings.SplitSeq(val, ",") {
				c.Files = append(c.Files, strings.TrimSpace(f))
			}
		default:
			return c, fmt.Errorf("convention %s: unknown header key %q", id, key)
		}
	}
	if c.Title == "" || c.Summary == "" {
		return c, fmt.Errorf("convention %s: header needs title and summary", id)
	}
	c.Body = strings.TrimSpace(body) + "\n"
	return c, nil
}
