// Package wire reads and writes the protocol buffer wire format: the few
// functions of google.golang.org/protobuf/encoding/protowire that svcgen
// uses, under the same names, with plain errors.
//
// svcgen writes two protobuf messages (the raw descriptor it renames for
// {{rawDesc}}, and the request it sends protoc-gen-go and
// protoc-gen-connect-go for add resource) and reads one (the plugins'
// response). protowire would do, but it links the module's internal/errors
// and with it internal/detrand, whose package initialisation reads and
// hashes the svcgen executable on every command (0.05–0.1 ms of a 4 ms
// start-up). TestMatchesProtowire checks these functions against protowire.
package wire

import (
	"errors"
	"math"
	"math/bits"
)

// Number is a field number.
type Number int32

// Type is a wire type.
type Type int8

// The wire types.
const (
	VarintType     Type = 0
	Fixed64Type    Type = 1
	BytesType      Type = 2
	StartGroupType Type = 3
	EndGroupType   Type = 4
	Fixed32Type    Type = 5
)

// ErrMalformed is what every Consume function's negative length means.
var ErrMalformed = errors.New("malformed protobuf wire data")

// AppendVarint appends v as a base-128 varint.
func AppendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// SizeVarint is the length of v as a varint.
func SizeVarint(v uint64) int { return 1 + (bits.Len64(v|1)-1)/7 }

// ConsumeVarint parses a varint; n < 0 if b does not start with one.
func ConsumeVarint(b []byte) (v uint64, n int) {
	for i := range min(len(b), 10) {
		c := b[i]
		if i == 9 && c > 1 {
			return 0, -1 // overflows 64 bits
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	return 0, -1
}

// AppendTag appends the tag of field num with wire type typ.
func AppendTag(b []byte, num Number, typ Type) []byte {
	return AppendVarint(b, uint64(num)<<3|uint64(typ&7)) //nolint:gosec // field numbers are positive
}

// ConsumeTag parses a tag; n < 0 if it is malformed or its number is
// below 1 or above math.MaxInt32 (protowire's bounds).
func ConsumeTag(b []byte) (Number, Type, int) {
	v, n := ConsumeVarint(b)
	if n < 0 || v>>3 < 1 || v>>3 > math.MaxInt32 {
		return 0, 0, -1
	}
	return Number(v >> 3), Type(v & 7), n
}

// AppendBytes appends v with its length.
func AppendBytes(b, v []byte) []byte {
	return append(AppendVarint(b, uint64(len(v))), v...)
}

// AppendString appends v with its length.
func AppendString(b []byte, v string) []byte {
	return append(AppendVarint(b, uint64(len(v))), v...)
}

// ConsumeBytes parses a length-prefixed value; n < 0 if it is truncated.
func ConsumeBytes(b []byte) (v []byte, n int) {
	m, k := ConsumeVarint(b)
	if k < 0 || m > uint64(len(b[k:])) {
		return nil, -1
	}
	return b[k : k+int(m)], k + int(m) //nolint:gosec // m is at most len(b)
}

// ConsumeFieldValue is the length of the value of a field of wire type
// typ at the start of b; n < 0 if it is malformed. Groups (deprecated,
// in no message svcgen reads) are malformed here.
func ConsumeFieldValue(_ Number, typ Type, b []byte) (n int) {
	switch typ {
	case VarintType:
		_, n = ConsumeVarint(b)
		return n
	case Fixed32Type:
		if len(b) < 4 {
			return -1
		}
		return 4
	case Fixed64Type:
		if len(b) < 8 {
			return -1
		}
		return 8
	case BytesType:
		_, n = ConsumeBytes(b)
		return n
	}
	return -1
}

// ParseError is the error of a negative length.
func ParseError(n int) error {
	if n < 0 {
		return ErrMalformed
	}
	return nil
}
