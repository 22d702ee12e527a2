package manifest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

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
	return Quote(s)
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

// Quote quotes s as a YAML double-quoted scalar. Everything outside
// printable Unicode is escaped, so the value always decodes back to s.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80 && unicode.IsPrint(r):
			b.WriteRune(r)
		case r >= 0x80 && unicode.IsPrint(r) && r != 0xFEFF:
			b.WriteRune(r)
		case r <= 0xFFFF:
			b.WriteString(`\u`)
			b.WriteString(hexPad(r, 4))
		default:
			b.WriteString(`\U`)
			b.WriteString(hexPad(r, 8))
		}
	}
	b.WriteByte('"')
	return b.String()
}

func hexPad(r rune, width int) string {
	s := strconv.FormatInt(int64(r), 16)
	return strings.Repeat("0", width-len(s)) + s
}
