package generator

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"

	"github.com/svcgen/svcgen/templates"
)

// Version is svcgen's version, set at release time with
// -ldflags "-X github.com/svcgen/svcgen/generator.Version=v1.2.3".
var Version = "dev"

// TemplateVersion is the content hash of the embedded template tree.
func TemplateVersion() (string, error) { return templateVersion(templates.FS) }

// templateVersion hashes fsys. The embedded tree's hash is computed when
// svcgen is built, not on every run: TestTemplateDigestIsCurrent fails
// until templateDigest matches the templates, and `make golden` rewrites it.
func templateVersion(fsys fs.FS) (string, error) {
	if e, ok := fsys.(embed.FS); ok && e == templates.FS {
		return templateDigest, nil
	}
	return hashTree(fsys)
}

// hashTree hashes every path and content of the tree in walk (lexical)
// order; any edit to any template changes it.
func hashTree(fsys fs.FS) (string, error) { return hashRoots(fsys, templateRoot) }

// hashRoots hashes the trees under roots, in order, as hashTree does.
func hashRoots(fsys fs.FS, roots ...string) (string, error) {
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
