package wire_test

import (
	"bytes"
	"math"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/svcgen/svcgen/internal/wire"
)

var varints = []uint64{0, 1, 127, 128, 255, 300, 16383, 16384, 1<<21 - 1, 1 << 21, 1<<29 - 1, 1 << 35, 1 << 56, 1<<63 - 1, 1 << 63, math.MaxUint64}

func TestMatchesProtowire(t *testing.T) {
	for _, v := range varints {
		want := protowire.AppendVarint(nil, v)
		got := wire.AppendVarint(nil, v)
		if !bytes.Equal(got, want) {
			t.Errorf("AppendVarint(%d) = %x, protowire %x", v, got, want)
		}
		if s := wire.SizeVarint(v); s != protowire.SizeVarint(v) {
			t.Errorf("SizeVarint(%d) = %d, protowire %d", v, s, protowire.SizeVarint(v))
		}
	}
	for _, num := range []int32{1, 2, 15, 16, 2047, 2048, 1<<29 - 1} {
		for _, typ := range []int8{0, 1, 2, 5} {
			want := protowire.AppendTag(nil, protowire.Number(num), protowire.Type(typ))
			got := wire.AppendTag(nil, wire.Number(num), wire.Type(typ))
			if !bytes.Equal(got, want) {
				t.Errorf("AppendTag(%d, %d) = %x, protowire %x", num, typ, got, want)
			}
		}
	}
	if got, want := wire.AppendString(nil, string(make([]byte, 300))), protowire.AppendString(nil, string(make([]byte, 300))); !bytes.Equal(got, want) {
		t.Errorf("AppendString of 300 bytes differs from protowire")
	}
}

// FuzzConsumeMatchesProtowire: on any input, each Consume function reads
// what protowire reads, or both refuse (wire also refuses groups).
func FuzzConsumeMatchesProtowire(f *testing.F) {
	for _, v := range varints {
		f.Add(protowire.AppendVarint(nil, v))
	}
	f.Add([]byte{0x0a, 0x03, 'a', 'b', 'c'})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02})
	f.Fuzz(func(t *testing.T, b []byte) {
		v, n := wire.ConsumeVarint(b)
		pv, pn := protowire.ConsumeVarint(b)
		if (n < 0) != (pn < 0) || n >= 0 && (v != pv || n != pn) {
			t.Fatalf("ConsumeVarint(%x) = %d, %d; protowire %d, %d", b, v, n, pv, pn)
		}
		num, typ, n := wire.ConsumeTag(b)
		pnum, ptyp, pn := protowire.ConsumeTag(b)
		if (n < 0) != (pn < 0) || n >= 0 && (int32(num) != int32(pnum) || int8(typ) != int8(ptyp) || n != pn) {
			t.Fatalf("ConsumeTag(%x) = %d, %d, %d; protowire %d, %d, %d", b, num, typ, n, pnum, ptyp, pn)
		}
		bv, n := wire.ConsumeBytes(b)
		pbv, pn := protowire.ConsumeBytes(b)
		if (n < 0) != (pn < 0) || n >= 0 && (!bytes.Equal(bv, pbv) || n != pn) {
			t.Fatalf("ConsumeBytes(%x) = %d; protowire %d", b, n, pn)
		}
		for _, typ := range []int8{0, 1, 2, 5} {
			n := wire.ConsumeFieldValue(1, wire.Type(typ), b)
			pn := protowire.ConsumeFieldValue(1, protowire.Type(typ), b)
			if (n < 0) != (pn < 0) || n >= 0 && n != pn {
				t.Fatalf("ConsumeFieldValue(type %d, %x) = %d; protowire %d", typ, b, n, pn)
			}
		}
	})
}
