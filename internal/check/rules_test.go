package check

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcgen/svcgen/internal/convention"
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

// TestRuleFindsSeededViolation: each bad fixture holds exactly one violation.
func TestRuleFindsSeededViolation(t *testing.T) {
	tests := []struct {
		fixture string
		want    string
	}{
		{"standard-handler/engine/bad", "standard-handler internal/item/routes.go:6"},
		{"standard-handler/routes/bad", "standard-handler internal/item/handler.go:11"},
		{"standard-handler/routes-field/bad", "standard-handler internal/item/server.go:10"},
		{"standard-handler/promauto/bad", "standard-handler internal/item/metrics.go:8"},
		{"standard-handler/promauto-alias/bad", "standard-handler internal/item/metrics_test.go:8"},
		{"server-hardening/gin-default/bad", "server-hardening internal/httpserver/engine.go:6"},
		{"server-hardening/server/bad", "server-hardening internal/httpserver/server.go:6"},
		{"server-hardening/server-alias/bad", "server-hardening internal/httpserver/admin.go:6"},
		{"lint/print/bad", "lint internal/item/service.go:6"},
		{"lint/print-alias/bad", "lint internal/item/service.go:6"},
		{"lint/tick/bad", "lint internal/platform/cache/janitor.go:6"},
		{"context/background/bad", "context internal/item/store.go:6"},
		{"context/client/bad", "context internal/item/client.go:6"},
		{"context/client-alias/bad", "context internal/item/client.go:6"},
		{"errors/bad", "errors internal/item/service.go:13"},
		{"errors-sugar/bad", "errors internal/item/service.go:7"},
		{"pooled-buffers/bad", "pooled-buffers internal/platform/bufpool/bufpool.go:17"},
		{"pooled-buffers-field/bad", "pooled-buffers internal/httpserver/respond.go:19"},
		{"config/bad", "config internal/item/store.go:5"},
		{"runtime/bad", "runtime internal/telemetry/pprof.go:3"},
		{"generated/bad", "context internal/api/api.go:8"},
		{"standard-handler/register-value/bad", "standard-handler internal/item/metrics.go:6"},
		{"standard-handler/globals/bad", "standard-handler internal/item/service.go:6"},
		{"standard-handler/otel-global/bad", "standard-handler internal/item/store.go:10"},
		{"server-hardening/listen/bad", "server-hardening cmd/orders-api/main.go:6"},
		{"fx-modules/exit/bad", "fx-modules internal/item/service.go:7"},
		{"lint/fatal/bad", "lint internal/item/service.go:7"},
		{"lint/fprint/bad", "lint internal/item/service.go:9"},
		{"errors-zap-string/bad", "errors internal/item/service.go:6"},
		{"errors-ifblock/bad", "errors internal/item/service.go:8"},
		{"standard-handler/route-value/bad", "standard-handler internal/item/routes.go:6"},
		{"standard-handler/route-var/bad", "standard-handler internal/legacy/module.go:11"},
		{"pooled-buffers-reset/bad", "pooled-buffers internal/platform/bufpool/bufpool.go:12"},
		{"database/sprintf/bad", "database internal/item/store.go:11"},
		{"database/pool/bad", "database internal/item/store.go:10"},
		{"database/query-nil/bad", "database internal/item/store.go:10"},
		{"database/query-literal/bad", "database internal/item/store.go:11"},
		{"database/query-background/bad", "database internal/database/audit.go:11"},
		{"database/query-background-request/bad", "context internal/item/store.go:11"},
		{"database/rollback/bad", "database internal/item/store.go:10"},
		{"database/rollback-nested/bad", "database internal/item/store.go:11"},
		{"database/rollback-discard/bad", "database internal/item/store.go:10"},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			r := analyze(t, filepath.Join("testdata", tt.fixture), Options{})
			if got := brief(r.Findings); got != tt.want+"\n" {
				t.Errorf("findings:\n%swant:\n%s", got, tt.want)
			}
			for _, f := range r.Findings {
				if f.Message == "" || strings.Contains(f.Message, "\n") {
					t.Errorf("message %q: want one non-empty line", f.Message)
				}
			}
			if r.Clean() {
				t.Error("Clean() = true with findings")
			}
		})
	}
}

// TestCompliantFixturesAreClean: the compliant versions yield nothing.
func TestCompliantFixturesAreClean(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*/good")
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob("testdata/*/*/good")
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, more...)
	if len(dirs) < 10 {
		t.Fatalf("found only %d good fixtures", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			r := analyze(t, dir, Options{})
			if len(r.Findings) != 0 || !r.Clean() {
				t.Errorf("findings:\n%s", brief(r.Findings))
			}
		})
	}
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

// TestRuleIDsAreDocumented: every rule a fixture triggers is a convention id
// whose page documents it, or one of the Rule constants.
func TestRuleIDsAreDocumented(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*/*/bad")
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob("testdata/*/bad")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, dir := range append(dirs, more...) {
		for _, f := range analyze(t, dir, Options{}).Findings {
			seen[f.Rule] = true
		}
	}
	if len(seen) < 8 {
		t.Fatalf("fixtures trigger only %d rules", len(seen))
	}
	for rule := range seen {
		c, ok := convention.Lookup(rule)
		if !ok {
			t.Errorf("rule %q is not a convention id", rule)
			continue
		}
		if !strings.Contains(c.Body, "Rule `"+rule+"`") {
			t.Errorf("convention %s does not document rule %q in How check enforces it", rule, rule)
		}
	}
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
