package check

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
)

var update = flag.Bool("update", false, "rewrite testdata/report.golden.json")

// TestJSONGolden pins the svcgen.check/v1 output: template lag, findings,
// waived findings and summary. go test ./check -update rewrites it.
func TestJSONGolden(t *testing.T) {
	r := analyze(t, "testdata/report", Options{TemplateVersion: "v2"})
	var got bytes.Buffer
	if err := r.WriteJSON(&got); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/report.golden.json"
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if d := unifiedDiff("golden", "got", string(want), got.String()); d != "" {
		t.Errorf("JSON report differs from %s (go test ./check -update):\n%s", golden, d)
	}
}

func TestJSONEmptyListsAndNullLag(t *testing.T) {
	r := analyze(t, "testdata/lint/tick/good", Options{TemplateVersion: "v1"})
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got["schema"] != Schema || got["template_lag"] != nil {
		t.Errorf("schema/template_lag = %v/%v", got["schema"], got["template_lag"])
	}
	for _, key := range []string{"findings", "waived"} {
		if list, ok := got[key].([]any); !ok || len(list) != 0 {
			t.Errorf("%s = %#v, want []", key, got[key])
		}
	}
}

func TestWriteTable(t *testing.T) {
	r := analyze(t, "testdata/report", Options{TemplateVersion: "v2"})
	var buf bytes.Buffer
	if err := r.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"RULE", "template-lag  .svcgen.yaml:2 ", "context       internal/item/store.go:9 ",
		"WAIVED", "lint    internal/legacy/dump.go:6  acme/payments  2099-12-31  legacy debug helper",
		"testdata/report: 5 findings, 1 waived\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteTableClean(t *testing.T) {
	r := analyze(t, "testdata/lint/tick/good", Options{})
	var buf bytes.Buffer
	if err := r.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "testdata/lint/tick/good: 0 findings, 0 waived\n" {
		t.Errorf("table = %q", got)
	}
}

// templates is what the injected Render returns in the drift tests.
var templates = map[string]string{
	"Makefile":                     "build:\n\tgo build ./...\n",
	".golangci.yml":                "version: \"2\"\nlinters:\n  enable:\n    - errcheck\n    - gosec\n",
	"internal/item/handler.go":     "package item\n",
	"internal/httpserver/chain.go": "package httpserver\n",
}

var classes = map[string]string{
	"Makefile":                     generator.ClassManaged,
	".golangci.yml":                generator.ClassManaged,
	"internal/item/handler.go":     generator.ClassScaffold,
	"internal/httpserver/chain.go": generator.ClassManaged,
}

func render(generator.Answers) (map[string][]byte, error) {
	out := map[string][]byte{}
	for p, s := range templates {
		out[p] = []byte(s)
	}
	return out, nil
}

// generated writes a service as `svcgen new` would: the templates and a
// manifest recording them.
func generated(t *testing.T) string {
	t.Helper()
	base, err := os.ReadFile("testdata/lint/tick/good/.svcgen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Parse(base, generator.CheckRecorded)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for p, s := range templates {
		write(t, dir, p, s)
		sum := sha256.Sum256([]byte(s))
		m.Files = append(m.Files, manifest.File{Path: p, SHA256: hex.EncodeToString(sum[:]), Class: classes[p]})
	}
	data, err := yaml.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, manifest.Name, string(data))
	return dir
}

func write(t *testing.T, dir, p, s string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDriftFreshServiceIsClean(t *testing.T) {
	r := analyze(t, generated(t), Options{TemplateVersion: "v1", Render: render})
	if !r.Clean() {
		t.Errorf("fresh service: %s", brief(r.Findings))
	}
}

func TestDriftEditedManagedFile(t *testing.T) {
	dir := generated(t)
	write(t, dir, ".golangci.yml", strings.Replace(templates[".golangci.yml"], "    - gosec\n", "", 1))
	r := analyze(t, dir, Options{TemplateVersion: "v1", Render: render, Diff: true})
	// The drift, and what the edit switched off.
	if got := brief(r.Findings); got != "lint .golangci.yml\ndrift .golangci.yml:5\n" {
		t.Fatalf("findings:\n%s", got)
	}
	if msg := r.Findings[0].Message; !strings.Contains(msg, "no longer enables gosec") || !strings.Contains(msg, "managed") {
		t.Errorf("lint message = %q", msg)
	}
	want := "--- template/.golangci.yml\n+++ service/.golangci.yml\n@@ -2,4 +2,3 @@\n linters:\n   enable:\n     - errcheck\n-    - gosec\n"
	if d := r.Findings[1].Diff; d != want {
		t.Errorf("diff:\n%s\nwant:\n%s", d, want)
	}
}

func TestDriftWithoutDiffOption(t *testing.T) {
	dir := generated(t)
	write(t, dir, "Makefile", "build:\n")
	r := analyze(t, dir, Options{Render: render})
	if len(r.Findings) != 1 || r.Findings[0].Diff != "" {
		t.Errorf("findings = %+v, want one without a diff", r.Findings)
	}
}

func TestDriftDeletedManagedFile(t *testing.T) {
	dir := generated(t)
	if err := os.Remove(filepath.Join(dir, "internal", "httpserver", "chain.go")); err != nil {
		t.Fatal(err)
	}
	r := analyze(t, dir, Options{Render: render})
	if got := brief(r.Findings); got != "drift internal/httpserver/chain.go\n" {
		t.Errorf("findings:\n%s", got)
	}
	if !strings.Contains(r.Findings[0].Message, "missing") {
		t.Errorf("message = %q", r.Findings[0].Message)
	}
}

func TestDriftIgnoresScaffold(t *testing.T) {
	dir := generated(t)
	write(t, dir, "internal/item/handler.go", "package item\n\n// Ours now.\n")
	r := analyze(t, dir, Options{Render: render})
	if !r.Clean() {
		t.Errorf("findings:\n%s", brief(r.Findings))
	}
}

func TestDriftFileNoLongerGenerated(t *testing.T) {
	dir := generated(t)
	r := analyze(t, dir, Options{Render: func(a generator.Answers) (map[string][]byte, error) {
		out, err := render(a)
		delete(out, "Makefile")
		return out, err
	}})
	if got := brief(r.Findings); got != "drift Makefile\n" {
		t.Errorf("findings:\n%s", got)
	}
}

func TestTemplateLag(t *testing.T) {
	r := analyze(t, generated(t), Options{TemplateVersion: "v2", Render: render})
	if got := brief(r.Findings); !strings.HasPrefix(got, "template-lag .svcgen.yaml") || strings.Count(got, "\n") != 1 {
		t.Errorf("findings:\n%s", got)
	}
	if r.TemplateLag == nil || *r.TemplateLag != (TemplateLag{Recorded: "v1", Current: "v2"}) {
		t.Errorf("TemplateLag = %+v", r.TemplateLag)
	}
	if r.Clean() {
		t.Error("Clean() = true with template lag")
	}
}

func TestUnifiedDiff(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n"
	b := "1\nTWO\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13"
	want := "--- a\n+++ b\n" +
		"@@ -1,5 +1,5 @@\n 1\n-2\n+TWO\n 3\n 4\n 5\n" +
		"@@ -10,3 +10,4 @@\n 10\n 11\n 12\n+13\n\\ No newline at end of file\n"
	if got := unifiedDiff("a", "b", a, b); got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
	if got := unifiedDiff("a", "b", a, a); got != "" {
		t.Errorf("diff of equal texts = %q", got)
	}
}

func TestUnifiedDiffFromEmpty(t *testing.T) {
	want := "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n"
	if got := unifiedDiff("a", "b", "", "x\ny\n"); got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
}

func TestManifestPathOutsideTheServiceIsInvalid(t *testing.T) {
	dir := generated(t)
	m, err := manifest.Read(dir, generator.CheckRecorded)
	if err != nil {
		t.Fatal(err)
	}
	m.Files = append(m.Files, manifest.File{Path: "../outside", SHA256: strings.Repeat("0", 64), Class: generator.ClassManaged})
	data, err := yaml.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, manifest.Name, string(data))
	_, err = Analyze(dir, Options{Render: render})
	var me *ManifestError
	if !errors.As(err, &me) || !strings.Contains(err.Error(), `files[4].path "../outside"`) {
		t.Errorf("err = %v, want a ManifestError naming files[4].path", err)
	}
}
