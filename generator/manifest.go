package generator

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/internal/svcfs"
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
	TemplateRelease  int            `yaml:"template_release,omitempty"` // 0 in manifests older than numbered releases
	Answers          Answers        `yaml:"answers"`
	Files            []ManifestFile `yaml:"files"`
	Waivers          []Waiver       `yaml:"waivers,omitempty"`
	// Conflicts left by the last `svcgen update`; a later update refuses
	// while any remain.
	Conflicts []Conflict `yaml:"conflicts,omitempty"`
}

// Conflict is a file `svcgen update` could not merge cleanly.
type Conflict struct {
	Path string `yaml:"path"`
	// Kind: ConflictMarkers (diff3 markers in the file), ConflictProposal
	// (the template's version beside it as Path+".svcgen-new") or
	// ConflictOrphan (the templates no longer produce the file, the team
	// changed it, and it was kept).
	Kind   string `yaml:"kind"`
	Reason string `yaml:"reason"`
}

// Conflict kinds.
const (
	ConflictMarkers  = "markers"
	ConflictProposal = "proposal"
	ConflictOrphan   = "orphan"
)

// ProposalSuffix names the file beside a conflicting file that holds the
// template's version of it.
const ProposalSuffix = ".svcgen-new"

// ManifestFile records one generated file.
type ManifestFile struct {
	Path   string `yaml:"path"`
	SHA256 string `yaml:"sha256"`
	Class  string `yaml:"class"`
	// Origin is "" for files of the service templates, OriginAddResource
	// for files `svcgen add resource` wrote: the service templates do not
	// produce those, and `svcgen update` leaves them alone.
	Origin string `yaml:"origin,omitempty"`
}

// AddFiles records files, keeping the list sorted by path as Render
// writes it.
func (m *Manifest) AddFiles(files ...ManifestFile) {
	m.Files = append(slices.Clone(m.Files), files...)
	slices.SortFunc(m.Files, func(a, b ManifestFile) int { return strings.Compare(a.Path, b.Path) })
}

// OriginAddResource marks manifest files written by `svcgen add resource`.
const OriginAddResource = "add-resource"

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

// manifestHeader opens every manifest.
const manifestHeader = "# Written by svcgen: how this service was generated. svcgen check reads it.\n" +
	"# Add waivers under waivers:; leave the rest to svcgen.\n"

// Encode renders the manifest as YAML with a header comment. The file list,
// most of the manifest, is written directly: a path, a hex digest and a
// class per entry, each a plain scalar where YAML reads that back as the
// same string and double-quoted otherwise. The rest goes through the YAML
// encoder. TestManifestEncodeMatchesYAMLEncoder holds generated manifests to
// the bytes the encoder alone would write.
func (m Manifest) Encode() ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(manifestHeader) + 512 + 120*len(m.Files))
	buf.WriteString(manifestHeader)
	head := struct {
		GeneratorVersion string  `yaml:"generator_version"`
		TemplateVersion  string  `yaml:"template_version"`
		TemplateRelease  int     `yaml:"template_release,omitempty"`
		Answers          Answers `yaml:"answers"`
	}{m.GeneratorVersion, m.TemplateVersion, m.TemplateRelease, m.Answers}
	if err := encodeYAML(&buf, head); err != nil {
		return nil, err
	}
	if len(m.Files) == 0 {
		buf.WriteString("files: []\n")
	} else {
		buf.WriteString("files:\n")
	}
	for _, f := range m.Files {
		buf.WriteString("  - path: ")
		buf.WriteString(yamlScalar(f.Path))
		buf.WriteString("\n    sha256: ")
		buf.WriteString(yamlScalar(f.SHA256))
		buf.WriteString("\n    class: ")
		buf.WriteString(yamlScalar(f.Class))
		buf.WriteByte('\n')
		if f.Origin != "" {
			buf.WriteString("    origin: ")
			buf.WriteString(yamlScalar(f.Origin))
			buf.WriteByte('\n')
		}
	}
	if len(m.Waivers) > 0 || len(m.Conflicts) > 0 {
		tail := struct {
			Waivers   []Waiver   `yaml:"waivers,omitempty"`
			Conflicts []Conflict `yaml:"conflicts,omitempty"`
		}{m.Waivers, m.Conflicts}
		if err := encodeYAML(&buf, tail); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

func encodeYAML(buf *bytes.Buffer, v any) error {
	enc := yaml.NewEncoder(buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	return nil
}

// yamlScalar writes s plain when YAML reads that back as the same string,
// and double-quoted otherwise. Plain means: letters, digits and ._/- only;
// not a word YAML resolves to a bool, null, infinity or NaN; and, if it
// starts with a digit or '.', a letter other than e in it (so it is no
// number, date or 0x/0o/0b literal either).
func yamlScalar(s string) string {
	if plainYAML(s) {
		return s
	}
	return yamlString(s)
}

func plainYAML(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	letter := false // a letter other than e or E
	for i := range len(s) {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letter = letter || c != 'e' && c != 'E'
		case c >= '0' && c <= '9' || c == '.' || c == '_' || c == '/' || c == '-':
		default:
			return false
		}
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", ".inf", ".nan":
		return false
	}
	if c := s[0]; c >= '0' && c <= '9' || c == '.' && len(s) > 1 && s[1] >= '0' && s[1] <= '9' {
		lower := strings.ToLower(s)
		return letter && !strings.HasPrefix(lower, "0x") && !strings.HasPrefix(lower, "0o") && !strings.HasPrefix(lower, "0b")
	}
	return true
}

// ErrInvalidManifest is wrapped by every error ParseManifest and
// Manifest.Validate return for a manifest that is damaged or edited by hand
// (exit code 2 in the CLI).
var ErrInvalidManifest = errors.New("invalid manifest")

// ReadManifest reads and validates DIR/.svcgen.yaml. A DIR that does not
// exist, or is not a directory, is reported as such, not as a missing
// manifest.
func ReadManifest(dir string) (*Manifest, error) {
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
		return nil, fmt.Errorf("%s: %w", dir, ErrNoManifest)
	}
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	return ParseManifest(data)
}

// ParseManifest decodes a manifest strictly (unknown keys are errors) and
// validates it (see Validate). When it is invalid, or has no files list, a
// key that Encode always writes and that is missing is reported by name
// instead, so a truncated manifest says so.
func ParseManifest(data []byte) (*Manifest, error) {
	var m Manifest
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, manifestErrorf("%v", err)
	}
	err := m.Validate()
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
	data, _, err := sfs.ReadFile(ManifestName)
	return data, err
}
