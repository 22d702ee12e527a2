package release

import (
	"fmt"
	"io/fs"
	"maps"
	"testing/fstest"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
)

// The roots the generator plans the service and resource templates from.
const (
	serviceRoot  = "service"
	resourceRoot = "resource"
)

// inputs are the files a release renders from, by archive path.
type inputs map[string][]byte

// reconstruct applies archives (release 1 first) in order.
func reconstruct(archives []archive) (inputs, error) {
	in := inputs{}
	for _, a := range archives {
		for _, p := range a.Deleted {
			if _, ok := in[p]; !ok {
				return nil, fmt.Errorf("release %d deletes %s, which release %d did not have", a.Number, p, a.Number-1)
			}
			delete(in, p)
		}
		maps.Copy(in, a.Files)
	}
	return in, nil
}

// digest hashes the inputs under the given roots.
func (in inputs) digest(scope []string) (string, error) {
	return manifest.TemplateDigest(in.mapFS(), scope...)
}

func (in inputs) mapFS() fstest.MapFS {
	m := make(fstest.MapFS, len(in))
	for p, b := range in {
		m[p] = &fstest.MapFile{Data: b, Mode: 0o444}
	}
	return m
}

// source checks the inputs against a's digest and returns what renders them.
func (in inputs) source(a archive) (generator.Source, error) {
	got, err := in.digest(a.Scope)
	if err != nil {
		return generator.Source{}, err
	}
	if got != a.Digest {
		return generator.Source{}, fmt.Errorf("release %s rebuilds to %s: the archive is damaged", a.Release, got)
	}
	return generator.Source{FS: in.mapFS(), Layers: a.Layers, Pins: string(in[pinsFile]), Tour: string(in[tourFile]),
		Digest: a.Digest, Number: a.Number}, nil
}

// currentInputs are the inputs of the embedded templates: the service and
// resource trees, the action pins and the conventions text.
func currentInputs() (inputs, error) {
	src := generator.Templates()
	in := inputs{pinsFile: []byte(src.Pins), tourFile: []byte(src.Tour)}
	for _, root := range []string{serviceRoot, resourceRoot} {
		err := fs.WalkDir(src.FS, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			in[p], err = fs.ReadFile(src.FS, p)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return in, nil
}
