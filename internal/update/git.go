package update

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// gitTimeout bounds each git command: a git that hangs (a lock held by
// another process, a network file system) must not hang the update.
const gitTimeout = 30 * time.Second

// Git reads the state of the service's working tree. It never writes: no
// commits, branches, stashes or index updates.
type Git interface {
	// Modified lists tracked files with uncommitted changes under dir.
	// ok is false when dir is not in a git work tree or git is missing;
	// an error is a repository git refuses to read (another owner's,
	// "dubious ownership"; a damaged one), where no dirty check is possible.
	Modified(dir string) (files []string, ok bool, err error)
}

// ExecGit runs the git command.
type ExecGit struct{}

// Modified runs git status on dir. GIT_OPTIONAL_LOCKS=0 keeps git from
// refreshing the index, so even reading leaves .git as it was.
func (ExecGit) Modified(dir string) ([]string, bool, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, false, nil
	}
	inside, err := gitOutput(dir, "rev-parse", "--is-inside-work-tree")
	switch {
	case err != nil && strings.Contains(err.Error(), "not a git repository"):
		return nil, false, nil // no repository: no dirty check possible
	case err != nil:
		// git found a repository but will not read it: that is no reason
		// to skip the check (docs/update.md).
		return nil, true, err
	case strings.TrimSpace(inside) != "true":
		return nil, false, nil // inside .git, or a bare repository
	}
	out, err := gitOutput(dir, "status", "--porcelain=v1", "--untracked-files=no", "--ignore-submodules", "--", ".")
	if err != nil {
		return nil, true, err
	}
	var files []string
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if len(line) > 3 {
			files = append(files, line[3:])
		}
	}
	return files, true, nil
}

func gitOutput(dir string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), gitTimeout)
	defer cancel()
	// The arguments are this file's constants and the service directory the
	// user named.
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...) //nolint:gosec // see above
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")              // C: its messages are matched
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
		return "", fmt.Errorf("git %s: %w: %s", args[0], err, msg)
	}
	return string(out), nil
}
