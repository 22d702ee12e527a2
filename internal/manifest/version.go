package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
)

// TemplateDigest is a template version as manifests record it
// (template_version): "sha256:" and the first 16 hex digits of a sha256
// over the path, length and content of every file under roots, in order,
// each tree in walk (lexical) order. Any edit to any template changes it.
// A template release's digest covers its trees and tables (service, data,
// resource); a test tree without a release records the digest of its
// service tree.
func TemplateDigest(fsys fs.FS, roots ...string) (string, error) {
	h := sha256.New()
	for _, root := range roots {
		if err := hashInto(h, fsys, root); err != nil {
			return "", fmt.Errorf("hash templates: %w", err)
		}
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:16], nil
}

func hashInto(h io.Writer, fsys fs.FS, root string) error {
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		_, err = h.Write(b)
		return err
	})
}
