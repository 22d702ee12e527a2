// Package manifest is .svcgen.yaml, the record at the root of every
// generated service: the generator and template versions, the answers,
// and for each generated file its sha256 and ownership class; the waivers
// a team adds for svcgen check; and the conflicts svcgen update left.
//
// generator renders the first manifest with the service (Render); update
// and add resource read it (Read), record what they did (AddFiles,
// Conflicts) and write it last; check reads it to know what to compare.
// Read and Parse are strict: unknown keys, a missing key Encode always
// writes, a path outside the service or a bad digest is an error that
// names the field and wraps ErrInvalid. Encode writes bytes a YAML
// encoder would, fast for the file list.
package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Name is the file, at the root of every generated service, that records
// how it was generated.
const Name = ".svcgen.yaml"

// Ownership classes of generated files.
const (
	// ClassManaged files are owned by the platform team: check reports drift.
	ClassManaged = "managed"
	// ClassScaffold files belong to the service team from day one.
	ClassScaffold = "scaffold"
	// ClassGenerated files are generated code under internal/gen/ (each
	// with a "Code generated ... DO NOT EDIT." header) and its freshness
	// record internal/gen/gen.sum: the team's protos drive them, nobody
	// edits them. update never merges them and writes no .svcgen-new for
	// them: it re-renders them while their proto is the recorded render's,
	// and otherwise leaves them to `go generate ./...`. Manifests with this
	// class are read by release 7's svcgen and later only: older ones
	// refuse them (see docs/update.md).
	ClassGenerated = "generated"
)

// ErrNotFound reports a directory that is not a svcgen service.
var ErrNotFound = errors.New("no " + Name + " found")

// Answers are the answers the service was generated with, as recorded:
// generator.Answers has this type (and the rules that validate it).
type Answers struct {
	Name        string   `yaml:"name" json:"name"`
	Module      string   `yaml:"module" json:"module"`
	Description string   `yaml:"description" json:"description"`
	Owner       string   `yaml:"owner" json:"owner"`
	GoVersion   string   `yaml:"go" json:"go"`
	Preset      string   `yaml:"preset" json:"preset"`
	Features    []string `yaml:"features" json:"features"`
	License     string   `yaml:"license" json:"license"`
	HTTPPort    int      `yaml:"http_port" json:"http_port"`
	AdminPort   int      `yaml:"admin_port" json:"admin_port"`
}

// Digest is the lower-case hex sha256 of b: a file's digest in the
// manifest, and a pre-image in the journal.
func Digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Manifest is the content of .svcgen.yaml.
type Manifest struct {
	GeneratorVersion string   `yaml:"generator_version"`
	TemplateVersion  string   `yaml:"template_version"`
	TemplateRelease  int      `yaml:"template_release,omitempty"` // 0 in manifests older than numbered releases
	Answers          Answers  `yaml:"answers"`
	Files            []File   `yaml:"files"`
	Waivers          []Waiver `yaml:"waivers,omitempty"`
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

// File records one generated file.
type File struct {
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
func (m *Manifest) AddFiles(files ...File) {
	m.Files = append(slices.Clone(m.Files), files...)
	slices.SortFunc(m.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
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
