package release_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/release"
)

// releaseScenarios holds, per release, the manifests of the golden
// scenarios as that release generated them.
const releaseScenarios = "../../generator/testdata/releases"

// TestReleasesRenderWhatTheyGenerated renders every golden scenario of every
// release with that release's archive and compares each file's sha256 with
// the manifest the release wrote: an old release must keep producing,
// byte for byte, what services generated with it hold.
func TestReleasesRenderWhatTheyGenerated(t *testing.T) {
	releases, err := release.All()
	require.NoError(t, err)
	for _, r := range releases {
		t.Run(r.Name(), func(t *testing.T) {
			ar, err := txtar.ParseFile(filepath.Join(releaseScenarios, fmt.Sprintf("%d.txtar", r.Number)))
			require.NoError(t, err, "every release needs its scenarios: run `make golden`")
			require.NotEmpty(t, ar.Files)
			for _, f := range ar.Files {
				m, err := manifest.Parse(f.Data, generator.CheckRecorded)
				require.NoError(t, err, f.Name)
				assert.Equal(t, r.Digest, m.TemplateVersion, f.Name)
				tree, err := release.Generate(r, generator.Answers(m.Answers))
				require.NoError(t, err, f.Name)
				assert.Equal(t, sums(reclassed(m.Files)), sums(tree.Manifest.Files), "%s: %s renders other files than it generated", f.Name, r)
			}
		})
	}
}

// reclassed gives recorded files the class today's ownership table gives
// them where it changed on purpose: a release renders with today's classes
// (generator.ClassOf; update takes the class of the new render), so only
// the listed changes may differ from what the release recorded.
func reclassed(files []manifest.File) []manifest.File {
	out := slices.Clone(files)
	for i, f := range out {
		// Release 6: Go fuzz corpora are scaffold, even in managed packages.
		if strings.Contains("/"+f.Path, "/testdata/fuzz/") {
			out[i].Class = generator.ClassScaffold
		}
	}
	return out
}

func sums(files []manifest.File) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Path + " " + f.SHA256 + " " + f.Class
	}
	return out
}

func TestFindRelease(t *testing.T) {
	r1, err := release.Find(0, "sha256:1307caee7844b78a")
	require.NoError(t, err)
	assert.Equal(t, 1, r1.Number)
	assert.Equal(t, "template r1 (sha256:1307caee7844b78a)", r1.String())
	_, err = release.Find(0, "sha256:0000000000000000")
	assert.True(t, errors.Is(err, release.ErrUnknown), "%v", err)
	_, err = release.Find(999, "sha256:0000000000000000")
	assert.ErrorContains(t, err, "newer than this svcgen")
	_, err = release.Find(2, "sha256:1307caee7844b78a")
	assert.True(t, errors.Is(err, release.ErrUnknown) || errors.Is(err, release.ErrNewer), "%v", err)
}
