package add

import (
	"embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/svcgen/svcgen/internal/wire"
)

// The plugins' request is built here, on the wire, from the rendered proto
// itself: svcgen wrote that file from its own template, so it knows the
// language it is in (one declaration per line, comments on lines of their
// own). Compiling it with a general proto compiler (protocompile) would
// link the compiler and the descriptor registry into svcgen, whose package
// initialisation every svcgen command paid (two of its 4.4 ms start-up).
// TestRequestIsTheCompilersRequest (internal/add, with protocompile as a
// test dependency) checks the request against the compiler's for every
// field type; TestAddRPCWithThePlugins checks that `go generate ./...`
// afterwards changes nothing.

// wellKnown holds the descriptors of the imports a resource proto may
// have, as the compiler puts them in the request.
//
//go:embed descriptors/*.binpb
var wellKnown embed.FS

// wellKnownFiles maps an import to its descriptor under descriptors/.
var wellKnownFiles = map[string]string{
	"google/protobuf/timestamp.proto": "descriptors/timestamp.binpb",
}

// Field numbers and enum values of descriptor.proto and plugin.proto.
const (
	fdName, fdPackage, fdDependency, fdMessage, fdService, fdOptions, fdSourceInfo, fdSyntax = 1, 2, 3, 4, 6, 8, 9, 12
	msgName, msgField                                                                        = 1, 2
	fieldName, fieldNumber, fieldLabel, fieldType, fieldTypeName, fieldJSONName              = 1, 3, 4, 5, 6, 10
	svcName, svcMethod                                                                       = 1, 2
	methodName, methodInput, methodOutput, methodOptions, methodServerStreaming              = 1, 2, 3, 4, 6
	fileOptGoPackage                                                                         = 11
	methodOptIdempotency                                                                     = 34
	sciLocation, locPath, locSpan, locLeading, locDetached                                   = 1, 1, 2, 3, 6
	reqFileToGenerate, reqParameter, reqProtoFile                                            = 1, 2, 15
	labelOptional, labelRepeated                                                             = 1, 3
	typeMessage                                                                              = 11
)

// scalarTypes are the proto scalar types a resource proto uses, with
// their FieldDescriptorProto.Type.
var scalarTypes = map[string]uint64{
	"double": 1, "float": 2, "int64": 3, "uint64": 4, "int32": 5, "fixed64": 6, "fixed32": 7,
	"bool": 8, "string": 9, "bytes": 12, "uint32": 13, "sfixed32": 15, "sfixed64": 16, "sint32": 17, "sint64": 18,
}

var idempotencyLevels = map[string]uint64{"IDEMPOTENCY_UNKNOWN": 0, "NO_SIDE_EFFECTS": 1, "IDEMPOTENT": 2}

// protoSyntax holds the declarations svcgen writes, one per line,
// compiled on first use: package initialisation is paid by every svcgen
// command, this only by add resource on a grpc service.
var protoSyntax = sync.OnceValue(func() *declarations {
	return &declarations{
		syntax:  regexp.MustCompile(`^syntax = "(proto3)";$`),
		pkg:     regexp.MustCompile(`^package ([A-Za-z_][\w.]*);$`),
		imp:     regexp.MustCompile(`^import "([^"]+)";$`),
		goPkg:   regexp.MustCompile(`^option go_package = "([^"]*)";$`),
		service: regexp.MustCompile(`^service (\w+) \{$`),
		rpc:     regexp.MustCompile(`^rpc (\w+)\((\w+)\) returns \((stream )?(\w+)\)( \{|;)$`),
		idem:    regexp.MustCompile(`^option idempotency_level = (\w+);$`),
		message: regexp.MustCompile(`^message (\w+) \{(\})?$`),
		field:   regexp.MustCompile(`^(repeated )?([\w.]+) (\w+) = (\d+);$`),
	}
})

type declarations struct {
	syntax, pkg, imp, goPkg, service, rpc, idem, message, field *regexp.Regexp
}

// location is the source info of one declaration: the element it opens, its
// wire path in the FileDescriptorProto, and its comments.
type location struct {
	path     []int
	line     int
	col, end int
	leading  string
	detached []string
}

// fileBuilder collects the descriptor of one resource proto.
type fileBuilder struct {
	name, pkg, syntax, goPackage string
	deps                         []string
	messages                     [][]byte // encoded DescriptorProto
	services                     [][]byte
	locations                    []location
}

// requestFor is the CodeGeneratorRequest buf sends a plugin for the
// resource proto src at name (its path under api/): the imports, then the
// file with the comments of its declarations.
func requestFor(name string, src []byte) ([]byte, error) {
	fd, deps, err := fileDescriptor(name, src)
	if err != nil {
		return nil, fmt.Errorf("proto %s: %w", name, err)
	}
	var req []byte
	req = wire.AppendTag(req, reqFileToGenerate, wire.BytesType)
	req = wire.AppendString(req, name)
	req = wire.AppendTag(req, reqParameter, wire.BytesType)
	req = wire.AppendString(req, pluginParameter)
	for _, d := range deps {
		file, ok := wellKnownFiles[d]
		if !ok {
			return nil, fmt.Errorf("proto %s: import %q: a resource proto imports only %v", name, d, wellKnownNames())
		}
		data, err := wellKnown.ReadFile(file)
		if err != nil {
			return nil, err
		}
		req = wire.AppendTag(req, reqProtoFile, wire.BytesType)
		req = wire.AppendBytes(req, data)
	}
	req = wire.AppendTag(req, reqProtoFile, wire.BytesType)
	return wire.AppendBytes(req, fd), nil
}

func wellKnownNames() []string {
	var names []string
	for n := range wellKnownFiles {
		names = append(names, n)
	}
	return names
}

// fileDescriptor parses src, the proto at name, into its encoded
// FileDescriptorProto with source info, and returns its imports.
func fileDescriptor(name string, src []byte) ([]byte, []string, error) {
	b := &fileBuilder{name: name}
	if err := b.parse(string(src)); err != nil {
		return nil, nil, err
	}
	return b.encode(), b.deps, nil
}

// parse reads the declarations line by line. A comment block directly
// above a declaration is its leading comment; blocks above that, each
// ended by a blank line, are its detached comments.
func (b *fileBuilder) parse(src string) error {
	var (
		pending  []string // the comment block being read
		detached []string
		msg      []byte // the message being read
		msgIndex int
		svc      []byte
		method   []byte // the rpc being read (with a body)
		nFields  int
		nMethods int
		inRPC    bool
	)
	flushBlock := func() {
		if pending != nil {
			detached = append(detached, strings.Join(pending, ""))
			pending = nil
		}
	}
	comments := func(path []int, line int, text string, col int) {
		loc := location{path: path, line: line, col: col, end: col + len(text)}
		if pending != nil {
			loc.leading = strings.Join(pending, "")
		}
		loc.detached = detached
		pending, detached = nil, nil
		if loc.leading != "" || len(loc.detached) > 0 {
			b.locations = append(b.locations, loc)
		}
	}
	re := protoSyntax()
	lines := strings.Split(src, "\n")
	for i, raw := range lines {
		text := strings.TrimSpace(raw)
		col := strings.Index(raw, text)
		fail := func(what string) error {
			return fmt.Errorf("line %d: %s: %q", i+1, what, text)
		}
		switch {
		case text == "":
			flushBlock()
			continue
		case strings.HasPrefix(text, "//"):
			pending = append(pending, strings.TrimPrefix(text, "//")+"\n")
			continue
		case strings.Contains(text, "//") || strings.Contains(text, "/*"):
			return fail("a comment after a declaration")
		}
		switch {
		case inRPC && text == "}":
			svc = wire.AppendTag(svc, svcMethod, wire.BytesType)
			svc = wire.AppendBytes(svc, method)
			nMethods++
			inRPC = false
		case inRPC:
			m := re.idem.FindStringSubmatch(text)
			level, ok := idempotencyLevels[m2(m)]
			if !ok {
				return fail("not an rpc option svcgen writes")
			}
			var opts []byte
			opts = wire.AppendTag(opts, methodOptIdempotency, wire.VarintType)
			opts = wire.AppendVarint(opts, level)
			method = wire.AppendTag(method, methodOptions, wire.BytesType)
			method = wire.AppendBytes(method, opts)
		case svc != nil && text == "}":
			b.services = append(b.services, svc)
			svc = nil
		case svc != nil:
			m := re.rpc.FindStringSubmatch(text)
			if m == nil {
				return fail("not an rpc declaration")
			}
			comments([]int{fdService, len(b.services), svcMethod, nMethods}, i, text, col)
			method = wire.AppendTag(nil, methodName, wire.BytesType)
			method = wire.AppendString(method, m[1])
			method = wire.AppendTag(method, methodInput, wire.BytesType)
			method = wire.AppendString(method, b.typeName(m[2]))
			method = wire.AppendTag(method, methodOutput, wire.BytesType)
			method = wire.AppendString(method, b.typeName(m[4]))
			if m[3] != "" {
				method = wire.AppendTag(method, methodServerStreaming, wire.VarintType)
				method = wire.AppendVarint(method, 1)
			}
			if m[5] == " {" {
				inRPC = true
			} else {
				svc = wire.AppendTag(svc, svcMethod, wire.BytesType)
				svc = wire.AppendBytes(svc, method)
				nMethods++
			}
		case msg != nil && text == "}":
			b.messages = append(b.messages, msg)
			msg = nil
		case msg != nil:
			m := re.field.FindStringSubmatch(text)
			if m == nil {
				return fail("not a field declaration")
			}
			comments([]int{fdMessage, msgIndex, msgField, nFields}, i, text, col)
			f, err := b.field(m[1] != "", m[2], m[3], m[4])
			if err != nil {
				return fail(err.Error())
			}
			msg = wire.AppendTag(msg, msgField, wire.BytesType)
			msg = wire.AppendBytes(msg, f)
			nFields++
		case re.syntax.MatchString(text):
			comments([]int{fdSyntax}, i, text, col)
			b.syntax = re.syntax.FindStringSubmatch(text)[1]
		case re.pkg.MatchString(text):
			comments([]int{fdPackage}, i, text, col)
			b.pkg = re.pkg.FindStringSubmatch(text)[1]
		case re.imp.MatchString(text):
			comments([]int{fdDependency, len(b.deps)}, i, text, col)
			b.deps = append(b.deps, re.imp.FindStringSubmatch(text)[1])
		case re.goPkg.MatchString(text):
			comments([]int{fdOptions, fileOptGoPackage}, i, text, col)
			b.goPackage = re.goPkg.FindStringSubmatch(text)[1]
		case re.service.MatchString(text):
			comments([]int{fdService, len(b.services)}, i, text, col)
			svc = wire.AppendTag(nil, svcName, wire.BytesType)
			svc = wire.AppendString(svc, re.service.FindStringSubmatch(text)[1])
			nMethods = 0
		case re.message.MatchString(text):
			m := re.message.FindStringSubmatch(text)
			msgIndex = len(b.messages)
			comments([]int{fdMessage, msgIndex}, i, text, col)
			msg = wire.AppendTag(nil, msgName, wire.BytesType)
			msg = wire.AppendString(msg, m[1])
			nFields = 0
			if m[2] != "" {
				b.messages = append(b.messages, msg)
				msg = nil
			}
		default:
			return fail("not a declaration svcgen writes")
		}
	}
	if msg != nil || svc != nil || inRPC {
		return fmt.Errorf("unexpected end of file in a block")
	}
	if b.syntax != "proto3" || b.pkg == "" {
		return fmt.Errorf("want syntax proto3 and a package")
	}
	return nil
}

func m2(m []string) string {
	if m == nil {
		return "?"
	}
	return m[1]
}

// typeName is the fully qualified name of a message the file declares or
// imports: google.protobuf.Timestamp as it is, Item as .<package>.Item.
func (b *fileBuilder) typeName(name string) string {
	if strings.Contains(name, ".") {
		return "." + name
	}
	return "." + b.pkg + "." + name
}

// field is the encoded FieldDescriptorProto of a field declaration.
func (b *fileBuilder) field(repeated bool, typ, name, number string) ([]byte, error) {
	n, err := strconv.ParseUint(number, 10, 29)
	if err != nil {
		return nil, fmt.Errorf("field number %s", number)
	}
	label := uint64(labelOptional)
	if repeated {
		label = labelRepeated
	}
	var f []byte
	f = wire.AppendTag(f, fieldName, wire.BytesType)
	f = wire.AppendString(f, name)
	f = wire.AppendTag(f, fieldNumber, wire.VarintType)
	f = wire.AppendVarint(f, n)
	f = wire.AppendTag(f, fieldLabel, wire.VarintType)
	f = wire.AppendVarint(f, label)
	f = wire.AppendTag(f, fieldType, wire.VarintType)
	if t, ok := scalarTypes[typ]; ok {
		f = wire.AppendVarint(f, t)
	} else {
		f = wire.AppendVarint(f, typeMessage)
		f = wire.AppendTag(f, fieldTypeName, wire.BytesType)
		f = wire.AppendString(f, b.typeName(typ))
	}
	f = wire.AppendTag(f, fieldJSONName, wire.BytesType)
	f = wire.AppendString(f, jsonName(name))
	return f, nil
}

// jsonName is protoc's JSON name of a field: '_' dropped and the letter
// after it in upper case.
func jsonName(name string) string {
	var sb strings.Builder
	upper := false
	for i := range len(name) {
		c := name[i]
		switch {
		case c == '_':
			upper = true
		case upper && 'a' <= c && c <= 'z':
			sb.WriteByte(c - 'a' + 'A')
			upper = false
		default:
			sb.WriteByte(c)
			upper = false
		}
	}
	return sb.String()
}

// encode is the FileDescriptorProto, its fields in number order.
func (b *fileBuilder) encode() []byte {
	var fd []byte
	fd = wire.AppendTag(fd, fdName, wire.BytesType)
	fd = wire.AppendString(fd, b.name)
	fd = wire.AppendTag(fd, fdPackage, wire.BytesType)
	fd = wire.AppendString(fd, b.pkg)
	for _, d := range b.deps {
		fd = wire.AppendTag(fd, fdDependency, wire.BytesType)
		fd = wire.AppendString(fd, d)
	}
	for _, m := range b.messages {
		fd = wire.AppendTag(fd, fdMessage, wire.BytesType)
		fd = wire.AppendBytes(fd, m)
	}
	for _, s := range b.services {
		fd = wire.AppendTag(fd, fdService, wire.BytesType)
		fd = wire.AppendBytes(fd, s)
	}
	if b.goPackage != "" {
		var opts []byte
		opts = wire.AppendTag(opts, fileOptGoPackage, wire.BytesType)
		opts = wire.AppendString(opts, b.goPackage)
		fd = wire.AppendTag(fd, fdOptions, wire.BytesType)
		fd = wire.AppendBytes(fd, opts)
	}
	var sci []byte
	for _, l := range b.locations {
		sci = wire.AppendTag(sci, sciLocation, wire.BytesType)
		sci = wire.AppendBytes(sci, l.encode())
	}
	fd = wire.AppendTag(fd, fdSourceInfo, wire.BytesType)
	fd = wire.AppendBytes(fd, sci)
	fd = wire.AppendTag(fd, fdSyntax, wire.BytesType)
	return wire.AppendString(fd, b.syntax)
}

// encode is the SourceCodeInfo.Location: its path and span packed, its
// comments.
func (l location) encode() []byte {
	var loc, packed []byte
	for _, p := range l.path {
		packed = wire.AppendVarint(packed, count(p))
	}
	loc = wire.AppendTag(loc, locPath, wire.BytesType)
	loc = wire.AppendBytes(loc, packed)
	packed = nil
	for _, s := range []int{l.line, l.col, l.end} {
		packed = wire.AppendVarint(packed, count(s))
	}
	loc = wire.AppendTag(loc, locSpan, wire.BytesType)
	loc = wire.AppendBytes(loc, packed)
	if l.leading != "" {
		loc = wire.AppendTag(loc, locLeading, wire.BytesType)
		loc = wire.AppendString(loc, l.leading)
	}
	for _, d := range l.detached {
		loc = wire.AppendTag(loc, locDetached, wire.BytesType)
		loc = wire.AppendString(loc, d)
	}
	return loc
}

// Field numbers of CodeGeneratorResponse and its File.
const (
	respError, respFile                              = 1, 15
	respFileName, respFileInsertion, respFileContent = 1, 2, 15
)

// response is what svcgen reads of a plugin's CodeGeneratorResponse.
type response struct {
	err   string
	files []responseFile
}

type responseFile struct {
	name, insertionPoint string
	content              []byte
}

// parseResponse decodes a CodeGeneratorResponse; fields svcgen does not
// read (supported_features, generated_code_info) are skipped.
func parseResponse(b []byte) (response, error) {
	var r response
	err := walkFields(b, func(num wire.Number, val []byte) error {
		switch num {
		case respError:
			r.err = string(val)
		case respFile:
			var f responseFile
			err := walkFields(val, func(num wire.Number, val []byte) error {
				switch num {
				case respFileName:
					f.name = string(val)
				case respFileInsertion:
					f.insertionPoint = string(val)
				case respFileContent:
					f.content = val
				}
				return nil
			})
			if err != nil {
				return err
			}
			r.files = append(r.files, f)
		}
		return nil
	})
	return r, err
}

// walkFields calls fn with each length-delimited field of the message b;
// other fields are skipped.
func walkFields(b []byte, fn func(wire.Number, []byte) error) error {
	for len(b) > 0 {
		num, typ, n := wire.ConsumeTag(b)
		if n < 0 {
			return wire.ParseError(n)
		}
		b = b[n:]
		if typ == wire.BytesType {
			val, m := wire.ConsumeBytes(b)
			if m < 0 {
				return wire.ParseError(m)
			}
			if err := fn(num, val); err != nil {
				return err
			}
			b = b[m:]
			continue
		}
		m := wire.ConsumeFieldValue(num, typ, b)
		if m < 0 {
			return wire.ParseError(m)
		}
		b = b[m:]
	}
	return nil
}

// count is n, an index, line or column (never negative), as a varint.
func count(n int) uint64 {
	return uint64(max(n, 0))
}
