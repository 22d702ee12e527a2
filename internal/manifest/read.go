package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/internal/svcfs"
)

// ErrInvalid is wrapped by every error Parse and
// Manifest.Validate return for a manifest that is damaged or edited by hand
// (exit code 2 in the CLI).
var ErrInvalid = errors.New("invalid manifest")

// Read reads and validates DIR/.svcgen.yaml (see Parse). A DIR that does not
// exist, or is not a directory, is reported as such, not as a missing
// manifest.
func Read(dir string, answers func(Answers) error) (*Manifest, error) {
	info, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such directory", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", dir)
	}
	data, err := readManifestFile(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	return Parse(data, answers)
}

// Parse decodes a manifest strictly (unknown keys are errors) and
// validates it (see Validate; answers checks the recorded answers, nil
// checks none). When it is invalid, or has no files list, a
// key that Encode always writes and that is missing is reported by name
// instead, so a truncated manifest says so.
func Parse(data []byte, answers func(Answers) error) (*Manifest, error) {
	var m Manifest
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, manifestErrorf("%v", err)
	}
	err := m.Validate(answers)
	if err != nil || m.Files == nil {
		// A missing key decodes as a zero value, which Validate rejects
		// (or, for files, leaves nil): name the key rather than the value.
		var doc yaml.Node
		if uerr := yaml.Unmarshal(data, &doc); uerr != nil {
			return nil, manifestErrorf("%v", uerr)
		}
		if kerr := requireKeys(&doc); kerr != nil {
			return nil, kerr
		}
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// readManifestFile reads DIR/.svcgen.yaml if it is a regular file: a FIFO
// or a link there is refused, never opened.
func readManifestFile(dir string) ([]byte, error) {
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return nil, err
	}
	defer func() { _ = sfs.Close() }()
	data, _, err := sfs.ReadFile(Name)
	return data, err
}
