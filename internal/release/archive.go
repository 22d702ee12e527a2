package release

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/templates"
)

// A release archive, templates/releases/N.txtar, holds everything release
// N rendered from: its template trees (service/..., and from release 6 on
// resource/..., whose layers the resource-base and resource-feature header
// lines name), its action pins (data/actions.tsv) and its conventions text
// (data/conventions.md). Release 1 holds all of them; each later release
// only the files that changed since the one before, and a "deleted:" header
// line per file it dropped. The header also carries the release's number,
// digest and layer table.
const (
	archiveDir     = "releases"
	pinsFile       = "data/actions.tsv"
	tourFile       = "data/conventions.md"
	archiveHeading = "svcgen template release\n"
)

// archive is one parsed release archive.
type archive struct {
	Release
	Scope   []string // roots the digest covers: service (release 1), or service and data
	Layers  generator.Layers
	Deleted []string
	Files   map[string][]byte
	// noNewline lists files that do not end in a newline, which txtar
	// would otherwise add.
	noNewline []string
}

var loadArchives = sync.OnceValues(func() ([]archive, error) { return readArchives(templates.Releases) })

func readArchives(fsys fs.FS) ([]archive, error) {
	var out []archive
	for n := 1; ; n++ {
		data, err := fs.ReadFile(fsys, path.Join(archiveDir, strconv.Itoa(n)+".txtar"))
		if err != nil && n > 1 {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read release archive: %w", err)
		}
		a, err := parseArchive(data)
		if err != nil {
			return nil, fmt.Errorf("release archive %d: %w", n, err)
		}
		if a.Number != n {
			return nil, fmt.Errorf("release archive %d: header says release %d", n, a.Number)
		}
		out = append(out, a)
	}
}

func parseArchive(data []byte) (archive, error) {
	ar := txtar.Parse(data)
	head, ok := strings.CutPrefix(string(ar.Comment), archiveHeading)
	if !ok {
		return archive{}, fmt.Errorf("not a release archive")
	}
	a := archive{Layers: generator.Layers{Features: map[string][]string{}, Combined: map[string]string{}, Licenses: map[string]string{}, ResourceFeatures: map[string][]string{}}, Files: map[string][]byte{}}
	for _, line := range strings.Split(strings.TrimSpace(head), "\n") {
		key, val, ok := strings.Cut(line, ": ")
		if !ok {
			return archive{}, fmt.Errorf("header line %q: want key: value", line)
		}
		if err := a.setHeader(key, val); err != nil {
			return archive{}, err
		}
	}
	if a.Number < 1 || a.Digest == "" || len(a.Scope) == 0 || a.Layers.Base == "" {
		return archive{}, fmt.Errorf("header lacks number, digest, hash or base")
	}
	for _, f := range ar.Files {
		a.Files[f.Name] = f.Data
	}
	for _, p := range a.noNewline {
		b, ok := a.Files[p]
		if !ok || !bytes.HasSuffix(b, []byte("\n")) {
			return archive{}, fmt.Errorf("no-final-newline %s: no such file", p)
		}
		a.Files[p] = b[:len(b)-1]
	}
	return a, nil
}

func (a *archive) setHeader(key, val string) error {
	switch kind, name, _ := strings.Cut(key, " "); kind {
	case "number":
		n, err := strconv.Atoi(val)
		a.Number = n
		return err
	case "digest":
		a.Digest = val
	case "hash":
		a.Scope = strings.Fields(val)
	case "base":
		a.Layers.Base = val
	case "feature":
		a.Layers.Features[name] = strings.Fields(val)
	case "combined":
		a.Layers.Combined[name] = val
	case "license":
		a.Layers.Licenses[name] = val
	case "resource-base":
		a.Layers.ResourceBase = val
	case "resource-feature":
		a.Layers.ResourceFeatures[name] = strings.Fields(val)
	case "deleted":
		a.Deleted = append(a.Deleted, val)
	case "no-final-newline":
		a.noNewline = append(a.noNewline, val)
	default:
		return fmt.Errorf("unknown header %q", key)
	}
	return nil
}
