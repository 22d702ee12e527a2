package appedit_test

import (
	"errors"
	"flag"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/internal/appedit"
)

var update = flag.Bool("update", false, "rewrite the want/error sections of testdata/*.txtar")

// TestAddModule runs testdata/*.txtar: each holds app.go (the input), the
// comment's first line "IMPORT NAME", and either want (the edited file) or
// error (the message; nothing is returned). -update rewrites the outputs.
func TestAddModule(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			require.NoError(t, err)
			importPath, pkg, ok := strings.Cut(strings.TrimSpace(strings.SplitN(string(ar.Comment), "\n", 2)[0]), " ")
			require.True(t, ok, "comment must start with IMPORT NAME")
			src := section(t, ar, "app.go")
			out, err := appedit.AddModule(src, importPath, pkg)
			name, got := "want", out
			if err == nil {
				formatted, ferr := format.Source(out)
				require.NoError(t, ferr)
				require.Equal(t, string(formatted), string(out), "the edit is gofmt-clean")
			}
			if err != nil {
				require.Nil(t, out, "an error returns nothing")
				name, got = "error", []byte(err.Error()+"\n")
			}
			if *update {
				setSection(ar, name, got)
				require.NoError(t, os.WriteFile(path, txtar.Format(ar), 0o644))
				return
			}
			want := section(t, ar, name)
			if string(want) != string(got) {
				t.Fatalf("%s differs:\n%s", name, diff.Diff("want", want, "got", got))
			}
		})
	}
}

func TestAddModuleTwiceRefuses(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/generated.txtar")
	require.NoError(t, err)
	once, err := appedit.AddModule(section(t, ar, "app.go"), "example.com/svc/internal/order", "order")
	require.NoError(t, err)
	_, err = appedit.AddModule(once, "example.com/svc/internal/order", "order")
	var ce *appedit.CompositionError
	require.True(t, errors.As(err, &ce), "%v", err)
	require.Contains(t, err.Error(), "already imports")
}

// TestAddModuleTwiceInARow: resources added one after the other keep
// their order, newest last, before the example resource.
func TestAddModuleTwiceInARow(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/generated.txtar")
	require.NoError(t, err)
	once, err := appedit.AddModule(section(t, ar, "app.go"), "example.com/svc/internal/order", "order")
	require.NoError(t, err)
	twice, err := appedit.AddModule(once, "example.com/svc/internal/invoice", "invoice")
	require.NoError(t, err)
	require.Contains(t, string(twice), "\ttelemetry.Module,\n\torder.Module,\n\tinvoice.Module,\n\thttpserver.Module,\n")
	require.Contains(t, string(twice), "\t\"example.com/svc/internal/invoice\"\n\t\"example.com/svc/internal/item\"\n\t\"example.com/svc/internal/order\"\n")
}

func section(t *testing.T, ar *txtar.Archive, name string) []byte {
	t.Helper()
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	t.Fatalf("no section %s", name)
	return nil
}

func setSection(ar *txtar.Archive, name string, data []byte) {
	keep := ar.Files[:0]
	for _, f := range ar.Files {
		if f.Name != "want" && f.Name != "error" {
			keep = append(keep, f)
		}
	}
	ar.Files = append(keep, txtar.File{Name: name, Data: data})
}
