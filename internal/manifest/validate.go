package manifest

import (
	"fmt"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// invalidManifest is an error that names the manifest and the field, and
// matches ErrInvalid.
type invalidManifest struct{ msg string }

func (e *invalidManifest) Error() string        { return Name + ": " + e.msg }
func (e *invalidManifest) Is(target error) bool { return target == ErrInvalid }

func manifestErrorf(format string, args ...any) error {
	return &invalidManifest{msg: fmt.Sprintf(format, args...)}
}

// Keys every manifest written by Encode carries. Keys added later are
// optional, so older manifests stay valid: do not add to these lists.
var (
	manifestKeys = []string{"template_version", "answers", "files"}
	answerKeys   = []string{"name", "module", "description", "owner", "go", "preset", "features", "license", "http_port", "admin_port"}
	fileKeys     = []string{"path", "sha256", "class"}
)

// truncated is the hint for a key Encode always writes.
const truncated = "the manifest looks truncated or edited; restore it from version control"

// requireKeys reports the first key of manifestKeys, answerKeys (under
// answers) or fileKeys (in each files entry) that the document lacks.
func requireKeys(doc *yaml.Node) error {
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return manifestErrorf("not a YAML mapping; %s", truncated)
	}
	root := doc.Content[0]
	// In the order Encode writes them, so a truncation names the first
	// thing lost.
	for _, k := range manifestKeys {
		v := mappingValue(root, k)
		switch {
		case v == nil:
			return manifestErrorf("%s is missing; %s", k, truncated)
		case k == "answers" && v.Kind != yaml.MappingNode:
			return manifestErrorf("answers (line %d) is not a mapping of answers; %s", v.Line, truncated)
		case k == "files" && v.Kind != yaml.SequenceNode:
			return manifestErrorf("files (line %d) is not a list of files; %s", v.Line, truncated)
		}
		if k != "answers" {
			continue
		}
		for _, ak := range answerKeys {
			if mappingValue(v, ak) == nil {
				return manifestErrorf("answers.%s is missing; %s", ak, truncated)
			}
		}
	}
	files := mappingValue(root, "files")
	for i, f := range files.Content {
		for _, k := range fileKeys {
			if f.Kind != yaml.MappingNode || mappingValue(f, k) == nil {
				return manifestErrorf("files[%d].%s is missing (line %d); %s", i, k, f.Line, truncated)
			}
		}
	}
	return nil
}

// mappingValue returns the value of key in the mapping node m, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// Validate checks a decoded manifest: a template version, the answers
// (with answers: generator.CheckRecorded applies the rules of new),
// and for each file a local slash path listed once, a sha256 of 64
// lower-case hex digits and a class of exactly ClassManaged,
// ClassScaffold or ClassGenerated; for each conflict such a path and a known kind; and
// waiver dates. The error names the manifest and the
// field ("files[3].class") and wraps ErrInvalid. Parse
// calls it; callers that build a Manifest in memory may too.
func (m *Manifest) Validate(answers func(Answers) error) error {
	if v := m.TemplateVersion; strings.TrimSpace(v) == "" || strings.ContainsAny(v, " \t\r\n") {
		return manifestErrorf("template_version %q: want the template version svcgen recorded (e.g. sha256:1307caee7844b78a); %s", v, truncated)
	}
	if answers != nil {
		if err := answers(m.Answers); err != nil {
			return manifestErrorf("%v", err)
		}
	}
	seen := make(map[string]bool, len(m.Files))
	for i, f := range m.Files {
		if err := f.validate(); err != nil {
			return manifestErrorf("files[%d]%s", i, err)
		}
		if seen[f.Path] {
			return manifestErrorf("files[%d].path %q: listed twice", i, f.Path)
		}
		seen[f.Path] = true
	}
	for i, c := range m.Conflicts {
		if err := c.validate(); err != nil {
			return manifestErrorf("conflicts[%d]%s", i, err)
		}
	}
	for _, w := range m.Waivers {
		if _, err := w.ExpiresAt(); err != nil {
			return manifestErrorf("%v", err)
		}
	}
	return nil
}

// validate returns the first invalid field of f as "field value: problem".
func (f File) validate() error {
	if err := checkPath(f.Path); err != nil {
		return err
	}
	if len(f.SHA256) != 64 || strings.Trim(f.SHA256, "0123456789abcdef") != "" {
		return fmt.Errorf(".sha256 %q of %s: want 64 lower-case hex digits; %s", f.SHA256, f.Path, truncated)
	}
	switch c := strings.ToLower(f.Class); {
	case f.Class == ClassManaged || f.Class == ClassScaffold || f.Class == ClassGenerated:
	case c == ClassManaged || c == ClassScaffold || c == ClassGenerated:
		return fmt.Errorf(".class %q of %s: want %s, %s or %s (lower case)", f.Class, f.Path, ClassManaged, ClassScaffold, ClassGenerated)
	default:
		// Release 7 added generated: a class this svcgen does not know
		// is most likely a newer svcgen's.
		return fmt.Errorf(".class %q of %s: want %s, %s or %s (a newer svcgen may have written it: install that svcgen)",
			f.Class, f.Path, ClassManaged, ClassScaffold, ClassGenerated)
	}
	return nil
}

// checkPath refuses a path that is not a local slash path.
func checkPath(p string) error {
	if p == "" || strings.Contains(p, `\`) || !filepath.IsLocal(filepath.FromSlash(p)) {
		return fmt.Errorf(".path %q: want a slash path inside the service", p)
	}
	return nil
}

// validate returns the first invalid field of c as "field value: problem":
// its path is checked like a file's path, so a hand-edited conflict can
// never name a file outside the service.
func (c Conflict) validate() error {
	if err := checkPath(c.Path); err != nil {
		return err
	}
	switch c.Kind {
	case ConflictMarkers, ConflictProposal, ConflictOrphan:
		return nil
	}
	return fmt.Errorf(".kind %q of %s: want %s, %s or %s", c.Kind, c.Path, ConflictMarkers, ConflictProposal, ConflictOrphan)
}
