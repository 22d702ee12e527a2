package generator

import (
	"embed"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The example resource's generated code (internal/gen/<namespace>/v1) is
// rendered from templates, without running protoc-gen-go: between two
// services it differs only by text (module, proto package, Go package),
// which the templates spell as actions, and by one literal, the raw
// descriptor, which rawDesc computes. descriptors/<name>.binpb is the
// example's FileDescriptorProto as protoc-gen-go saw it for the canonical
// names below (no source info, marshalled deterministically); rawDesc
// renames it for a service and encodes it as protoc-gen-go v1.36.12 writes
// it. TestRawDescIsTheCheckedInLiteral and the e2e test
// TestRenderedGeneratedCodeIsThePlugins prove both halves; a protoc-gen-go
// bump that changes the literal's form fails the e2e test.
//
// To change the example proto: edit the resource template, run the
// plugins on it for the canonical names, put their output into the
// templates (canonicalNamespace and canonicalModule as actions, the
// literal as {{rawDesc . "<name>"}}) and the descriptor here under a new
// name (a released template keeps naming the one it was made with).

//go:embed descriptors/*.binpb
var descriptorFS embed.FS

// The names the embedded descriptors were generated for.
const (
	canonicalName      = "orders"
	canonicalNamespace = "orders"
	canonicalModule    = "example.com/orders"
)

// rawDesc is the raw descriptor literal of the embedded descriptor name
// for the resource data d: a Go string expression, "" + one quoted piece
// per line, each piece ending after a '\n' byte of the encoding.
func rawDesc(d ResourceData, name string) (string, error) {
	b, err := renamedDescriptor(name, d.Module, d.Namespace)
	if err != nil {
		return "", fmt.Errorf("rawDesc %s: %w", name, err)
	}
	return rawDescLiteral(b), nil
}

// renamedDescriptor is the embedded descriptor name with its proto package,
// file path and Go package moved to namespace and module.
func renamedDescriptor(name, module, namespace string) ([]byte, error) {
	raw, err := descriptorFS.ReadFile("descriptors/" + name + ".binpb")
	if err != nil {
		return nil, err
	}
	return renameWire(raw, module, namespace)
}

// rawDescLiteral writes b as protoc-gen-go does: `""`, then each piece of
// b up to and including a '\n' quoted on a line of its own.
func rawDescLiteral(b []byte) string {
	var sb strings.Builder
	sb.WriteString(`""`)
	for piece := range strings.SplitAfterSeq(string(b), "\n") {
		if piece != "" {
			sb.WriteString(" +\n\t" + strconv.Quote(piece))
		}
	}
	return sb.String()
}

// connectCommentWidth is protoc-gen-connect-go's comment width (its
// wrapComments), without the "// ".
const connectCommentWidth = 97

// wrapComment is a doc comment as protoc-gen-connect-go v1.21.1 wraps it:
// the words of parts joined, greedily filled into lines of at most
// connectCommentWidth runes, each line "// "-prefixed. The example's
// connect code uses it where a comment names the proto package, whose
// length moves the line breaks.
func wrapComment(parts ...string) string {
	var lines []string
	var line strings.Builder
	for _, word := range strings.Fields(strings.Join(parts, "")) {
		n := utf8.RuneCountInString(word)
		if line.Len() > 0 && utf8.RuneCountInString(line.String())+n+1 > connectCommentWidth {
			lines = append(lines, "// "+line.String())
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(word)
	}
	if line.Len() > 0 {
		lines = append(lines, "// "+line.String())
	}
	return strings.Join(lines, "\n")
}
