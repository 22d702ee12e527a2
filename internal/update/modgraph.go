package update

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/svcgen/svcgen/internal/journal"
	"github.com/svcgen/svcgen/internal/merge"
)

// goTimeout bounds the offline module-graph check.
const goTimeout = 2 * time.Minute

// errGraphUnknown is a module graph the go command could not load offline
// (no go command, or a module missing from the module cache).
var errGraphUnknown = errors.New("module graph unknown")

// settleModules makes a merged go.mod consistent with the module graph its
// packages load. A merge by module takes the higher version on each line,
// but the graph of the result can select a version higher than a line says
// (the template's dependencies require more than the team's tidy wrote),
// and `go build` then stops with "updates to go.mod needed". Only the go
// command knows the graph: on a copy of the service with the planned
// changes, in a temporary directory, it runs
// `go list -mod=mod -e -test -deps ./...` offline (GOPROXY=off, the module
// cache only, GOTOOLCHAIN=local), which raises such lines and adds their
// go.sum lines as `go build` would. The service directory is never touched.
func (p *Plan) settleModules() {
	mod, sum := p.action("go.mod"), p.action("go.sum")
	if mod == nil || sum == nil || mod.Status != StatusMerged {
		return
	}
	newMod, newSum, err := p.goListModules()
	if err != nil {
		// The note does not repeat what go said: it stays the same
		// whatever the module cache holds, so reports and tests do not
		// depend on it.
		p.Notes = append(p.Notes, "go.mod was merged, but the go command could not check it against its module graph "+
			"offline (no go command, or modules missing from the module cache): run `go mod tidy` and `go build ./...`")
		return
	}
	if !merge.Equal(newMod, mod.Write) {
		mod.Write = merge.ToEOL(newMod, merge.HasCRLF(mod.old))
		mod.Reason += "; versions raised to what the module graph selects"
	}
	if sum.Conflict == nil && !merge.Equal(newSum, after(sum)) {
		*sum = sum.write(StatusMerged, "merged line sets, with the lines the merged go.mod's module graph needs",
			merge.ToEOL(newSum, merge.HasCRLF(sum.old)))
	}
}

// goList runs `go list -mod=mod -e -test -deps ./...` offline in dir: an
// error when it fails or says anything on stderr. Planning takes no
// context (like the git dirty check): goTimeout bounds it. Tests replace
// it to play a missing go command.
var goList = func(dir string) error {
	ctx, cancel := context.WithTimeout(context.Background(), goTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "list", "-mod=mod", "-e", "-test", "-deps", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=", "GOTOOLCHAIN=local", "GOWORK=off", "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		msg, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
		return fmt.Errorf("%w: go list, offline: %s", errGraphUnknown, msg)
	}
	return nil
}

// goListInput reports whether the go command needs the file to load the
// packages' imports: Go files and the module files. Embedded files are
// not needed (go list -e reports their absence per package, and the module
// graph does not depend on them).
func goListInput(name string) bool {
	base := path.Base(name)
	return strings.HasSuffix(base, ".go") || base == "go.mod" || base == "go.sum"
}

// after is the content a planned action leaves.
func after(a *Action) []byte {
	if a.Write != nil {
		return a.Write
	}
	return a.old
}

// goListModules loads the packages of the planned tree with the go command
// and returns go.mod and go.sum as it rewrote them.
func (p *Plan) goListModules() (newMod, newSum []byte, err error) {
	dir, err := os.MkdirTemp("", "svcgen-modgraph-")
	if err != nil {
		return nil, nil, fmt.Errorf("module graph: %w", err)
	}
	defer func() { _ = os.RemoveAll(dir) }() // a temporary copy: nothing to report
	if err := p.copyPlanned(dir); err != nil {
		return nil, nil, fmt.Errorf("module graph: %w", err)
	}
	if err := goList(dir); err != nil {
		return nil, nil, err
	}
	if newMod, err = os.ReadFile(filepath.Join(dir, "go.mod")); err != nil {
		return nil, nil, fmt.Errorf("module graph: %w", err)
	}
	if newSum, err = os.ReadFile(filepath.Join(dir, "go.sum")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("module graph: %w", err)
	}
	return newMod, newSum, nil
}

// copyPlanned copies the service's Go files, go.mod and go.sum (regular
// files, not under .git) into dir, then applies the planned writes and
// deletes of those.
func (p *Plan) copyPlanned(dir string) error {
	root := os.DirFS(p.Dir)
	err := fs.WalkDir(root, ".", func(name string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (name == ".git" || name == journal.Dir):
			return fs.SkipDir
		case d.IsDir():
			return os.MkdirAll(filepath.Join(dir, name), 0o700)
		case !d.Type().IsRegular() || !goListInput(name):
			return nil
		}
		data, err := fs.ReadFile(root, name)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name), data, 0o600)
	})
	if err != nil {
		return err
	}
	for _, a := range p.Actions {
		if !goListInput(a.Path) {
			continue
		}
		name := filepath.Join(dir, filepath.FromSlash(a.Path))
		switch {
		case a.Delete:
			err = os.Remove(name)
		case a.Write != nil:
			if err = os.MkdirAll(filepath.Dir(name), 0o700); err == nil {
				err = os.WriteFile(name, merge.Normalize(a.Write), 0o600)
			}
		}
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
