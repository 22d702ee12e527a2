package add

import (
	"bytes"
	"errors"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

type routeLiteral struct{ file, route string }

// routeLiterals lists the string literals that look like routes ("/a/b",
// no spaces) in the service's non-test Go files under internal/ and cmd/:
// the groups and paths its handlers register. Scanning tokens, not types,
// keeps it fast and finds routes however they are registered.
func routeLiterals(dir string) ([]routeLiteral, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer func() { _ = root.Close() }() // read-only
	fsys := root.FS()
	var out []routeLiteral
	for _, top := range []string{"internal", "cmd"} {
		err := fs.WalkDir(fsys, top, func(name string, d fs.DirEntry, err error) error {
			switch {
			case !utf8.ValidString(name):
				// No import path can name it, so no handler in it is
				// registered (and io/fs cannot open it): skip it.
				return skipInvalid(d)
			case err != nil:
				return err
			case d.IsDir() && (d.Name() == "testdata" || d.Name() == "vendor" || strings.HasPrefix(d.Name(), ".")):
				return fs.SkipDir
			case d.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go"):
				return nil
			}
			src, err := fs.ReadFile(fsys, name)
			if err != nil {
				return err
			}
			if !bytes.Contains(src, []byte(`"/`)) && !bytes.Contains(src, []byte("`/")) {
				return nil // no literal starts with a slash: nothing to scan
			}
			for _, r := range scanRoutes(src) {
				out = append(out, routeLiteral{file: name, route: r})
			}
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return out, nil
}

// skipInvalid skips an entry whose name is not valid UTF-8: the whole
// directory, or the one file.
func skipInvalid(d fs.DirEntry) error {
	if d == nil || d.IsDir() {
		return fs.SkipDir
	}
	return nil
}

func scanRoutes(src []byte) []string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", fset.Base(), len(src)), src, nil, 0)
	var out []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok != token.STRING {
			continue
		}
		v, err := strconv.Unquote(lit)
		if err == nil && len(v) > 1 && v[0] == '/' && !strings.ContainsAny(v, " \t\n%") {
			out = append(out, strings.TrimSuffix(v, "/"))
		}
	}
}
