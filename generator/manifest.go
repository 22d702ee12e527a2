package generator

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"go.yaml.in/yaml/v3"
)

// ManifestName is the file, at the root of every generated service, that
// records how it was generated.
const ManifestName = ".svcgen.yaml"

// Ownership classes of generated files.
const (
	// ClassManaged files are owned by the platform team: check reports drift.
	ClassManaged = "managed"
	// ClassScaffold files belong to the service team from day one.
	ClassScaffold = "scaffold"
)

// ErrNoManifest reports a directory that is not a svcgen service.
var ErrNoManifest = errors.New("no " + ManifestName + " found")

// Manifest is the content of .svcgen.yaml.
type Manifest struct {
	GeneratorVersion string         `yaml:"generator_version"`
	TemplateVersion  string         `yaml:"template_version"`
	Answers          Answers        `yaml:"answers"`
	Files            []ManifestFile `yaml:"files"`
	Waivers          []Waiver       `yaml:"waivers,omitempty"`
}

// ManifestFile records one generated file.
type ManifestFile struct {
	Path   string `yaml:"path"`
	SHA256 string `yaml:"sha256"`
	Class  string `yaml:"class"`
}

// Waiver silences findings of one convention for matching paths until it
// expires.
type Waiver struct {
	Convention string `yaml:"convention"`
	Path       string `yaml:"path"`
	Reason     string `yaml:"reason"`
	Owner      string `yaml:"owner"`
	Expires    string `yaml:"expires"` // YYYY-MM-DD
}

// ExpiresAt parses Expires; the waiver holds through the whole named day (UTC).
func (w Waiver) ExpiresAt() (time.Time, error) {
	t, err := time.Parse(time.DateOnly, w.Expires)
	if err != nil {
		return time.Time{}, fmt.Errorf("waiver %s %s: expires %q: use YYYY-MM-DD", w.Convention, w.Path, w.Expires)
	}
	return t.Add(24 * time.Hour), nil
}

// ReadManifest reads and validates DIR/.svcgen.yaml.
func ReadManifest(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", dir, ErrNoManifest)
	}
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	return ParseManifest(data)
}

// ParseManifest decodes a manifest strictly and validates its answers.
func ParseManifest(data []byte) (*Manifest, error) {
	var m Manifest
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("parse %s: %w", ManifestName, err)
	}
	if err := m.Answers.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestName, err)
	}
	for _, w := range m.Waivers {
		if _, err := w.ExpiresAt(); err != nil {
			return nil, fmt.Errorf("%s: %w", ManifestName, err)
		}
	}
	return &m, nil
}
