package add

import (
	"bytes"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

type routeLiteral struct{ file, route string }

// routeLiterals lists the string literals that look like routes ("/a/b",
// no spaces) in the service's non-test Go files under internal/ and cmd/:
// the groups and paths its handlers register. Scanning tokens, not types,
// keeps it fast and finds routes however they are registered.
func routeLiterals(dir string) ([]routeLiteral, error) {
	var out []routeLiteral
	for _, root := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(dir, root), func(name string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return err
			case d.IsDir() && (d.Name() == "testdata" || d.Name() == "vendor" || strings.HasPrefix(d.Name(), ".")):
				return filepath.SkipDir
			case d.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go"):
				return nil
			}
			src, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			if !bytes.Contains(src, []byte(`"/`)) && !bytes.Contains(src, []byte("`/")) {
				return nil // no literal starts with a slash: nothing to scan
			}
			rel, _ := filepath.Rel(dir, name)
			for _, r := range scanRoutes(src) {
				out = append(out, routeLiteral{file: filepath.ToSlash(rel), route: r})
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
	}
	return out, nil
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
