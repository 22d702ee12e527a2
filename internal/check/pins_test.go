package check

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	sha1 = "3d3c42e5aac5ba805825da76410c181273ba90b1"
	sha2 = "08c6903cd8c0fde910a37f88322edcfb5dd907a8"
)

func TestPinBumpsOnly(t *testing.T) {
	ci := ".github/workflows/ci.yml"
	uses := func(action, sha, tag string) string {
		return "jobs:\n  lint:\n    steps:\n      - uses: " + action + "@" + sha + " # " + tag + "\n        with:\n          go-version-file: go.mod\n"
	}
	from := func(ref string) string {
		return "# build\nFROM --platform=$BUILDPLATFORM " + ref + " AS build\nWORKDIR /src\n"
	}
	digest := "@sha256:" + strings.Repeat("ab", 32)
	tests := []struct {
		name, path, want, got string
		bump                  bool
	}{
		{"newer action", ci, uses("actions/checkout", sha1, "v7.0.1"), uses("actions/checkout", sha2, "v7.1.0"), true},
		{"newer major", ci, uses("actions/checkout", sha1, "v7.0.1"), uses("actions/checkout", sha2, "v8.0.0"), true},
		{"older action", ci, uses("actions/checkout", sha1, "v7.0.1"), uses("actions/checkout", sha2, "v7.0.0"), false},
		{"same tag, other sha", ci, uses("actions/checkout", sha1, "v7.0.1"), uses("actions/checkout", sha2, "v7.0.1"), false},
		{"other action", ci, uses("actions/checkout", sha1, "v7.0.1"), uses("evil/checkout", sha2, "v7.1.0"), false},
		{"unpinned", ci, uses("actions/checkout", sha1, "v7.0.1"), strings.Replace(uses("actions/checkout", sha1, "v7.0.1"), sha1+" # v7.0.1", "main", 1), false},
		{"bump and another edit", ci, uses("actions/checkout", sha1, "v7.0.1"), strings.Replace(uses("actions/checkout", sha2, "v7.1.0"), "go.mod", "go.work", 1), false},
		{"bump outside a workflow", "Makefile", uses("actions/checkout", sha1, "v7.0.1"), uses("actions/checkout", sha2, "v7.1.0"), false},
		{"newer image", "Dockerfile", from("golang:1.26.8-bookworm"), from("golang:1.26.9-bookworm"), true},
		{"image pinned by digest", "Dockerfile", from("golang:1.26.8-bookworm"), from("golang:1.26.8-bookworm" + digest), true},
		{"older image", "Dockerfile", from("golang:1.26.8-bookworm"), from("golang:1.26.7-bookworm"), false},
		{"other suffix", "Dockerfile", from("golang:1.26.8-bookworm"), from("golang:1.26.9-alpine"), false},
		{"other image", "Dockerfile", from("golang:1.26.8-bookworm"), from("evil/golang:1.26.9-bookworm"), false},
		{"digest dropped", "Dockerfile", from("golang:1.26.8-bookworm" + digest), from("golang:1.26.8-bookworm"), false},
		{"stage renamed", "Dockerfile", from("golang:1.26.8-bookworm"), strings.Replace(from("golang:1.26.9-bookworm"), "AS build", "AS b", 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pinBumpsOnly(tt.path, []byte(tt.want), []byte(tt.got)); got != tt.bump {
				t.Errorf("pinBumpsOnly = %v, want %v", got, tt.bump)
			}
		})
	}
}

// TestDependabotBumpsAreNotDrift: the bumps the generated dependabot.yml
// proposes, merged into a fresh service, leave check clean; a downgrade is
// still drift.
func TestDependabotBumpsAreNotDrift(t *testing.T) {
	dir := writeGenerated(t, answers("standard"))
	bump := func(p, old, new string) {
		t.Helper()
		full := filepath.Join(dir, filepath.FromSlash(p))
		data, err := os.ReadFile(full)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s has no %q", p, old)
		}
		if err := os.WriteFile(full, []byte(strings.ReplaceAll(string(data), old, new)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bump(".github/workflows/ci.yml", "actions/checkout@"+sha1+" # v7.0.1", "actions/checkout@"+sha2+" # v7.0.2")
	bump("Dockerfile", "golang:1.26.8-bookworm", "golang:1.26.9-bookworm")
	if r := analyze(t, dir, currentOptions(t)); !r.Clean() {
		t.Errorf("after dependabot bumps:\n%s", brief(r.Findings))
	}
	bump(".github/workflows/ci.yml", "actions/checkout@"+sha2+" # v7.0.2", "actions/checkout@"+sha2+" # v6.0.0")
	ci, err := os.ReadFile(filepath.Join(dir, ".github/workflows/ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	before, _, _ := strings.Cut(string(ci), "actions/checkout@"+sha2+" # v6.0.0")
	want := fmt.Sprintf("drift .github/workflows/ci.yml:%d\n", strings.Count(before, "\n")+1)
	if got := brief(analyze(t, dir, currentOptions(t)).Findings); got != want {
		t.Errorf("after a downgrade:\n%s", got)
	}
}
