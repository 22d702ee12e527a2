package generator

import (
	"strings"
	"unicode"
)

// ProtoField is a resource field as the resource's proto message declares
// it and as protoc-gen-go names it in Go.
type ProtoField struct {
	Name   string // lower_snake_case: due_date
	Type   string // string, int64, bool or google.protobuf.Timestamp
	Number int    // the field number in the message (id is 1, version 2)
	GoName string // the generated struct field: DueDate (protoc-gen-go's spelling, not GoName's)
}

// protoTypes maps a field type to its proto type.
var protoTypes = map[string]string{
	"string": "string",
	"int":    "int64",
	"bool":   "bool",
	"time":   "google.protobuf.Timestamp",
}

// firstFieldNumber is the number of a resource message's first field: id
// is 1 and version 2, so that fields added later never move them.
const firstFieldNumber = 3

// newProtoField is field f, the i-th of its resource, in proto.
func newProtoField(f ResourceField, i int) ProtoField {
	name := snakeCase(f.Name)
	return ProtoField{Name: name, Type: protoTypes[f.Type], Number: firstFieldNumber + i, GoName: protoGoFieldName(name)}
}

// protoNamespace is the proto package's first element for the service
// named name: a DNS label with '-' as '_' (orders-api → orders_api), a
// valid proto identifier (the name starts with a letter).
func protoNamespace(name string) string { return strings.ReplaceAll(name, "-", "_") }

// snakeCase turns a lower-camel field name into lower_snake_case, keeping
// a run of capitals one word: dueDate → due_date, userID → user_id,
// httpURLPath → http_url_path.
func snakeCase(name string) string {
	var b strings.Builder
	for i := range len(name) {
		c := rune(name[i])
		if unicode.IsUpper(c) && i > 0 {
			prev := rune(name[i-1])
			nextLower := i+1 < len(name) && unicode.IsLower(rune(name[i+1]))
			if !unicode.IsUpper(prev) || nextLower {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// protoGoFieldName is the Go name protoc-gen-go gives the field name:
// goCamelCase, with protogen's suffix for the names of its generated
// methods.
func protoGoFieldName(name string) string {
	s := goCamelCase(name)
	switch s {
	case "Reset", "String", "ProtoMessage", "Marshal", "Unmarshal", "ExtensionRangeArray", "ExtensionMap", "Descriptor":
		s += "_"
	}
	return s
}

// goCamelCase is google.golang.org/protobuf/internal/strs.GoCamelCase for
// the names a resource can have (letters, digits, '_'): the Go name of a
// proto message or field.
func goCamelCase(name string) string {
	var b []byte
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '_' && i == 0:
			b = append(b, 'X')
		case c == '_' && i+1 < len(name) && isLowerASCII(name[i+1]):
			// "_x" is a word break: x becomes a capital.
		case c >= '0' && c <= '9':
			b = append(b, c)
		default:
			if isLowerASCII(c) {
				c -= 'a' - 'A'
			}
			b = append(b, c)
			for ; i+1 < len(name) && isLowerASCII(name[i+1]); i++ {
				b = append(b, name[i+1])
			}
		}
	}
	return string(b)
}

func isLowerASCII(c byte) bool { return c >= 'a' && c <= 'z' }
