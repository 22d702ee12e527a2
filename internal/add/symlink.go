package add

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// editTarget is the slash path an edit of rel (a file that exists) writes:
// rel itself, or, when rel is a symlink, the regular file it resolves to
// inside the service, so the edit goes through the link and the link
// stays. ok is false when the link leads outside the service or to no
// regular file: the file must be left alone.
func editTarget(dir, rel string) (target string, ok bool, err error) {
	name := filepath.Join(dir, filepath.FromSlash(rel))
	st, err := os.Lstat(name)
	if err != nil {
		return "", false, fmt.Errorf("stat %s: %w", rel, err)
	}
	if st.Mode()&os.ModeSymlink == 0 {
		return rel, true, nil
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", false, fmt.Errorf("resolve %s: %w", dir, err)
	}
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		return "", false, nil // a dangling link: nothing to edit
	}
	inside, err := filepath.Rel(root, real)
	if err != nil || inside == ".." || strings.HasPrefix(inside, ".."+string(filepath.Separator)) {
		return "", false, nil
	}
	if st, err := os.Lstat(real); err != nil || !st.Mode().IsRegular() {
		return "", false, nil
	}
	return filepath.ToSlash(inside), true, nil
}
