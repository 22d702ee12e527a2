package merge

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gitMergeFile runs `git merge-file -p --diff3` with testLabels and returns
// its output and conflict count.
func gitMergeFile(t *testing.T, git string, base, ours, theirs []byte) ([]byte, int) {
	t.Helper()
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "ours"), filepath.Join(dir, "base"), filepath.Join(dir, "theirs")}
	for i, data := range [][]byte{ours, base, theirs} {
		require.NoError(t, os.WriteFile(files[i], data, 0o600))
	}
	cmd := exec.CommandContext(t.Context(), git, "merge-file", "-p", "--diff3",
		"-L", testLabels.Ours, "-L", testLabels.Base, "-L", testLabels.Theirs, files[0], files[1], files[2])
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	var out bytes.Buffer
	cmd.Stdout = &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() > 0 && exit.ExitCode() < 128:
		return out.Bytes(), exit.ExitCode() // the exit code counts the conflicts
	case err != nil:
		t.Fatalf("git merge-file: %v", err)
	}
	return out.Bytes(), 0
}

func lookGit(t *testing.T) string {
	t.Helper()
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("SKIPPED: git is not installed, Text is not compared with git merge-file")
	}
	return git
}

// TestTextMatchesGit compares Text with git merge-file on hand-written cases
// and on random edits, half with distinct lines and half with lines from a
// tiny alphabet (where the diffs have choices to make): the conflict count
// and the output must be byte-identical, clean or not.
func TestTextMatchesGit(t *testing.T) {
	git := lookGit(t)
	cases := [][3]string{
		{"a\nb\nc\n", "a\nB\nc\n", "a\nb\nC\n"},
		{"1\n2\n3\n4\n5\n6\n7\n", "1\nTWO\n3\n4\n5\n6\n7\n", "1\n2\n3\n4\n5\nSIX\n7\n"},
		{"a\nb\nc\n", "a\nours\nc\n", "a\ntheirs\nc\n"},
		{"a\nb\n", "a\nours\nb\n", "a\ntheirs\nb\n"},
		{"1\n2\n3\n4\n5\n", "1\n3\n4\n5\n", "1\n2\n3\n5\n"},
		{"1\n2\n3\n", "1\n3\n", "1\nTWO\n3\n"},
		{"a\nb\nc", "A\nb\nc", "a\nb\nC"},
		{"a\nb", "a\nours", "a\ntheirs"},
		{"", "o\n", "t\n"},
		{"a\nb\nc\nd\n", "a\nb\nc\nd\ne\n", "z\na\nb\nc\nd\n"},
	}
	rng := rand.NewChaCha8([32]byte{5, 6}) // reproducible test input
	for i := range 200 {
		data := make([]byte, 24)
		_, _ = rng.Read(data)             // never fails
		data[0] = data[0]&^15 | byte(i%2) // all lines end in a newline; odd i: distinct lines
		c := decodeFuzz(data)
		cases = append(cases, [3]string{
			string(join(c.base, false)),
			string(join(applyEdits(c.base, c.ours), false)),
			string(join(applyEdits(c.base, c.theirs), false)),
		})
	}
	clean := 0
	for _, c := range cases {
		base, ours, theirs := []byte(c[0]), []byte(c[1]), []byte(c[2])
		want, wantConflicts := gitMergeFile(t, git, base, ours, theirs)
		got := Text(base, ours, theirs, testLabels)
		if wantConflicts == 0 {
			clean++
		}
		assert.Equal(t, wantConflicts, got.Conflicts, "conflicts for %q", c)
		assert.Equal(t, string(want), string(got.Data), "merge of %q", c)
	}
	t.Logf("%d cases, %d clean", len(cases), clean)
}
