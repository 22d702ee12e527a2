package generator

import (
	"errors"
	"fmt"
	"strings"

	"github.com/svcgen/svcgen/internal/wire"
)

// The descriptor is renamed on its wire form (internal/wire), so that
// svcgen links no protobuf runtime (descriptorpb, protodesc, detrand):
// their package initialisation cost every svcgen command a millisecond.
// The embedded descriptor was marshalled deterministically (fields in
// number order); rewriting strings in place and re-encoding the lengths
// of the messages around them gives the bytes a deterministic re-marshal
// of the renamed message would, which TestRenamedDescriptorIsTheProtoRenaming
// checks against the descriptorpb implementation for many names.

// Field numbers of descriptor.proto that the renaming walks.
const (
	fileName        wire.Number = 1 // FileDescriptorProto.name
	filePackage     wire.Number = 2 // FileDescriptorProto.package
	fileMessageType wire.Number = 4 // FileDescriptorProto.message_type
	fileService     wire.Number = 6 // FileDescriptorProto.service
	fileOptions     wire.Number = 8 // FileDescriptorProto.options
	optGoPackage    wire.Number = 11
	messageField    wire.Number = 2 // DescriptorProto.field
	fieldTypeName   wire.Number = 6 // FieldDescriptorProto.type_name
	serviceMethod   wire.Number = 2 // ServiceDescriptorProto.method
	methodInput     wire.Number = 2 // MethodDescriptorProto.input_type
	methodOutput    wire.Number = 3 // MethodDescriptorProto.output_type
)

// wireEdit says what to do with one length-delimited field: rewrite it as a
// string, or descend into it as a message with its own edits.
type wireEdit struct {
	str func(string) (string, error)
	msg map[wire.Number]wireEdit
}

// renameWire is renamedDescriptor on the wire form raw.
func renameWire(raw []byte, module, namespace string) ([]byte, error) {
	oldPkg, newPkg := canonicalNamespace+".v1", namespace+".v1"
	typeName := func(s string) (string, error) {
		if rest, ok := strings.CutPrefix(s, "."+oldPkg+"."); ok {
			return "." + newPkg + "." + rest, nil
		}
		return s, nil
	}
	edits := map[wire.Number]wireEdit{
		fileName: {str: func(s string) (string, error) {
			return namespace + strings.TrimPrefix(s, canonicalNamespace), nil
		}},
		filePackage: {str: func(s string) (string, error) {
			if s != oldPkg {
				return "", fmt.Errorf("package %q, want %q", s, oldPkg)
			}
			return newPkg, nil
		}},
		fileOptions: {msg: map[wire.Number]wireEdit{optGoPackage: {str: func(string) (string, error) {
			return module + "/internal/gen/" + namespace + "/v1;" + namespace + "v1", nil
		}}}},
		fileMessageType: {msg: map[wire.Number]wireEdit{messageField: {msg: map[wire.Number]wireEdit{
			fieldTypeName: {str: typeName},
		}}}},
		fileService: {msg: map[wire.Number]wireEdit{serviceMethod: {msg: map[wire.Number]wireEdit{
			methodInput:  {str: typeName},
			methodOutput: {str: typeName},
		}}}},
	}
	return editWire(raw, edits)
}

// editWire is the message b with the length-delimited fields named in
// edits rewritten; every other field is copied byte for byte.
func editWire(b []byte, edits map[wire.Number]wireEdit) ([]byte, error) {
	out := make([]byte, 0, len(b)+64)
	for len(b) > 0 {
		num, typ, n := wire.ConsumeTag(b)
		if n < 0 {
			return nil, fmt.Errorf("descriptor: %w", wire.ParseError(n))
		}
		m := wire.ConsumeFieldValue(num, typ, b[n:])
		if m < 0 {
			return nil, fmt.Errorf("descriptor field %d: %w", num, wire.ParseError(m))
		}
		field := b[:n+m]
		b = b[n+m:]
		edit, ok := edits[num]
		if !ok {
			out = append(out, field...)
			continue
		}
		if typ != wire.BytesType {
			return nil, fmt.Errorf("descriptor field %d: wire type %d, want bytes", num, typ)
		}
		val, _ := wire.ConsumeBytes(field[n:])
		var err error
		switch {
		case edit.str != nil:
			var s string
			s, err = edit.str(string(val))
			val = []byte(s)
		case edit.msg != nil:
			val, err = editWire(val, edit.msg)
		default:
			err = errors.New("empty edit")
		}
		if err != nil {
			return nil, err
		}
		out = wire.AppendTag(out, num, wire.BytesType)
		out = wire.AppendBytes(out, val)
	}
	return out, nil
}
