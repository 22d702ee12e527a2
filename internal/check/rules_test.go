package check

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcgen/svcgen/internal/manifest"
)

// now is after the fixtures' expired waiver and before the live ones.
var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func analyze(tb testing.TB, dir string, opts Options) *Report {
	tb.Helper()
	if opts.Now.IsZero() {
		opts.Now = now
	}
	r, err := Analyze(dir, opts)
	if err != nil {
		tb.Fatalf("Analyze(%s): %v", dir, err)
	}
	return r
}

// brief renders findings as "rule path:line" for comparison.
func brief(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %s\n", f.Rule, f.Location())
	}
	return b.String()
}

func TestWaivers(t *testing.T) {
	r := analyze(t, "testdata/report", Options{})
	want := "waiver .svcgen.yaml:21\n" + // expired context waiver
		"waiver .svcgen.yaml:26\n" + // unknown convention "caching"
		"context internal/item/store.go:9\n" + // Background, not silenced by the expired waiver
		"context internal/item/store.go:9\n" // DefaultClient
	if got := brief(r.Findings); got != want {
		t.Errorf("findings:\n%swant:\n%s", got, want)
	}
	if got := brief(waivedFindings(r)); got != "lint internal/legacy/dump.go:6\n" {
		t.Errorf("waived:\n%s", got)
	}
	if w := r.Waived[0].Waiver; w.Owner != "acme/payments" || w.Expires != "2099-12-31" {
		t.Errorf("waiver = %+v", w)
	}
	if !strings.Contains(r.Findings[0].Message, "expired on 2026-01-31") {
		t.Errorf("expired waiver message = %q", r.Findings[0].Message)
	}
}

// TestWaiverHoldsThroughItsLastDay: expires is inclusive, in UTC.
func TestWaiverHoldsThroughItsLastDay(t *testing.T) {
	last := time.Date(2026, 1, 31, 23, 59, 0, 0, time.UTC)
	r := analyze(t, "testdata/report", Options{Now: last})
	if strings.Contains(brief(r.Findings), "context internal/item") {
		t.Errorf("context waiver not applied on its last day:\n%s", brief(r.Findings))
	}
	if got := len(r.Waived); got != 3 {
		t.Errorf("waived %d findings, want 3", got)
	}
}

func waivedFindings(r *Report) []Finding {
	var fs []Finding
	for _, w := range r.Waived {
		fs = append(fs, w.Finding)
	}
	return fs
}

func TestNotAService(t *testing.T) {
	_, err := Analyze(t.TempDir(), Options{})
	var me *ManifestError
	if !errors.As(err, &me) || !errors.Is(err, manifest.ErrNotFound) {
		t.Errorf("err = %v, want a ManifestError wrapping ErrNoManifest", err)
	}
}

func TestInvalidManifest(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, manifest.Name), []byte("answers: {name: X}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Analyze(dir, Options{})
	var me *ManifestError
	if !errors.As(err, &me) {
		t.Errorf("err = %v, want a ManifestError", err)
	}
}

func TestDefaultName(t *testing.T) {
	for path, want := range map[string]string{
		"github.com/gin-gonic/gin":                                "gin",
		"github.com/prometheus/client_golang/prometheus/promauto": "promauto",
		"github.com/go-playground/validator/v10":                  "validator",
		"gopkg.in/yaml.v3":                                        "yaml",
		"go.uber.org/zap":                                         "zap",
		"net/http":                                                "http",
	} {
		if got := defaultName(path); got != want {
			t.Errorf("defaultName(%q) = %q, want %q", path, got, want)
		}
	}
}

// Unparsable files are written at test time so that gofmt and linters
// walking the repository never meet them.

func TestUnparsableFileIsAFinding(t *testing.T) {
	dir := serviceWith(t, map[string]string{"internal/item/broken.go": "package item\n\nfunc broken( {\n"})
	r := analyze(t, dir, Options{})
	if got := brief(r.Findings); got != "parse internal/item/broken.go\n" {
		t.Errorf("findings:\n%s", got)
	}
}

func TestSkipsVendorTestdataAndDotDirs(t *testing.T) {
	junk := "not Go at all\n"
	dir := serviceWith(t, map[string]string{
		"vendor/x/x.go":               junk,
		"internal/item/testdata/x.go": junk,
		".cache/x.go":                 junk,
		"_scratch/x.go":               junk,
	})
	r := analyze(t, dir, Options{})
	if !r.Clean() {
		t.Errorf("findings:\n%s", brief(r.Findings))
	}
}

// serviceWith writes a manifest and the given files into a temp dir.
func serviceWith(t *testing.T, files map[string]string) string {
	t.Helper()
	data, err := os.ReadFile("testdata/lint/tick/good/.svcgen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, dir, manifest.Name, string(data))
	for p, s := range files {
		write(t, dir, p, s)
	}
	return dir
}

func TestRegisterFunc(t *testing.T) {
	for name, want := range map[string]bool{
		"Register": true, "RegisterRoutes": true, "RegisterItemRoutes": true, "RegisterV2Routes": true,
		"register": false, "RegisterItems": false, "Register_Routes": false, "Routes": false, "XRegisterRoutes": false, "": false,
	} {
		if got := registerFunc(name); got != want {
			t.Errorf("registerFunc(%q) = %v, want %v", name, got, want)
		}
	}
}
