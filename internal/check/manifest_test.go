package check

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcgen/svcgen/internal/manifest"
)

// Tampered manifests: each either stays a drift finding or is refused as an
// invalid manifest (exit 2) with a message naming the manifest and the field.

// editManifest rewrites the manifest of dir with edit.
func editManifest(t *testing.T, dir string, edit func(string) string) {
	t.Helper()
	p := filepath.Join(dir, manifest.Name)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	out := edit(string(data))
	if out == string(data) {
		t.Fatal("edit changed nothing")
	}
	if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// entry returns the byte range of the manifest's files entry for p (three
// lines) in s.
func entry(t *testing.T, s, p string) (start, end int) {
	t.Helper()
	i := strings.Index(s, "- path: "+p+"\n")
	if i < 0 {
		t.Fatalf("no entry for %s", p)
	}
	start = strings.LastIndex(s[:i], "\n") + 1
	end = i
	for range 3 {
		end += strings.Index(s[end:], "\n") + 1
	}
	return start, end
}

func dropEntry(t *testing.T, s, p string) string {
	start, end := entry(t, s, p)
	return s[:start] + s[end:]
}

func TestManifestListTruncatedAtAnEntryStillComparesEveryManagedFile(t *testing.T) {
	dir := generated(t)
	editManifest(t, dir, func(s string) string { return dropEntry(t, s, "internal/httpserver/chain.go") })
	write(t, dir, "internal/httpserver/chain.go", "package httpserver\n\n// bypassed\n")
	r := analyze(t, dir, Options{Render: render})
	want := "drift internal/httpserver/chain.go\ndrift internal/httpserver/chain.go:2\n"
	if got := brief(r.Findings); got != want {
		t.Fatalf("findings:\n%swant:\n%s", got, want)
	}
	if !strings.Contains(r.Findings[0].Message, "not listed in .svcgen.yaml") {
		t.Errorf("message = %q", r.Findings[1].Message)
	}
}

func TestManagedFileMissingFromListAndDisk(t *testing.T) {
	dir := generated(t)
	editManifest(t, dir, func(s string) string { return dropEntry(t, s, "Makefile") })
	if err := os.Remove(filepath.Join(dir, "Makefile")); err != nil {
		t.Fatal(err)
	}
	r := analyze(t, dir, Options{Render: render})
	if got := brief(r.Findings); got != "drift Makefile\n" || r.Findings[0].Message != msgMissing {
		t.Errorf("findings:\n%s%+v", got, r.Findings)
	}
}

func TestManifestRelabelledScaffoldIsStillManaged(t *testing.T) {
	dir := generated(t)
	editManifest(t, dir, func(s string) string {
		i := strings.Index(s, "path: internal/httpserver/chain.go")
		return s[:i] + strings.Replace(s[i:], "class: managed", "class: scaffold", 1)
	})
	write(t, dir, "internal/httpserver/chain.go", "package httpserver\n\n// bypassed\n")
	r := analyze(t, dir, Options{Render: render})
	want := "drift internal/httpserver/chain.go\ndrift internal/httpserver/chain.go:2\n"
	if got := brief(r.Findings); got != want {
		t.Errorf("findings:\n%swant:\n%s", got, want)
	}
}

func TestInvalidManifests(t *testing.T) {
	tests := []struct {
		name string
		edit func(string) string
		want string // a prefix, then (after "…") a part of the message
	}{
		{"class not exactly managed", func(s string) string { return strings.Replace(s, "class: managed", "class: Managed", 1) },
			`.svcgen.yaml: files[…].class "Managed" of `},
		{"class empty", func(s string) string { return strings.Replace(s, "class: managed", `class: ""`, 1) },
			`.svcgen.yaml: files[…].class "" of `},
		{"list truncated mid-hash", func(s string) string { return s[:strings.Index(s, "sha256: ")+20] + "\n" },
			`.svcgen.yaml: files[0].class is missing (line …); the manifest looks truncated`},
		{"hash edited", func(s string) string { return strings.Replace(s, "sha256: ", "sha256: x", 1) },
			`.svcgen.yaml: files[…].sha256 "x`},
		{"template_version empty", func(s string) string { return strings.Replace(s, "template_version: v1", `template_version: ""`, 1) },
			`.svcgen.yaml: template_version "": want the template version`},
		{"template_version missing", func(s string) string { return strings.Replace(s, "template_version: v1\n", "", 1) },
			`.svcgen.yaml: template_version is missing`},
		{"answers truncated", func(s string) string { return s[:strings.Index(s, "  description:")] },
			`.svcgen.yaml: answers.description is missing; the manifest looks truncated`},
		{"truncated before files", func(s string) string { return s[:strings.Index(s, "files:")] },
			`.svcgen.yaml: files is missing; the manifest looks truncated`},
		{"answer invalid", func(s string) string { return strings.Replace(s, "name: orders-api", "name: Orders", 1) },
			`.svcgen.yaml: answers.name "Orders": use 2-40`},
		{"files listed twice", func(s string) string {
			start, end := entry(t, s, "Makefile")
			return s + s[start:end]
		}, `.svcgen.yaml: files[4].path "Makefile": listed twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := generated(t)
			editManifest(t, dir, tt.edit)
			_, err := Analyze(dir, Options{TemplateVersion: "v1", Render: render})
			var me *ManifestError
			if !errors.As(err, &me) || !errors.Is(err, manifest.ErrInvalid) {
				t.Fatalf("err = %v, want a ManifestError wrapping ErrInvalidManifest", err)
			}
			prefix, part, _ := strings.Cut(tt.want, "…")
			if !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), part) {
				t.Errorf("err = %q\nwant prefix %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "--") {
				t.Errorf("err = %q names a flag the user never typed", err)
			}
		})
	}
}

func TestCheckOfMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	_, err := Analyze(dir, Options{})
	var me *ManifestError
	if !errors.As(err, &me) || err.Error() != dir+": no such directory" {
		t.Errorf("err = %v, want %q", err, dir+": no such directory")
	}
}
