package generator

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
)

// protoRenamedDescriptor is the renaming as svcgen did it before
// renameWire, through descriptorpb: unmarshal, rename, marshal
// deterministically. renameWire must give its bytes.
func protoRenamedDescriptor(name, module, namespace string) ([]byte, error) {
	raw, err := descriptorFS.ReadFile("descriptors/" + name + ".binpb")
	if err != nil {
		return nil, err
	}
	var fd descriptorpb.FileDescriptorProto
	if err := proto.Unmarshal(raw, &fd); err != nil {
		return nil, err
	}
	oldPkg, newPkg := canonicalNamespace+".v1", namespace+".v1"
	if fd.GetPackage() != oldPkg {
		return nil, fmt.Errorf("package %q, want %q", fd.GetPackage(), oldPkg)
	}
	fd.Name = proto.String(namespace + strings.TrimPrefix(fd.GetName(), canonicalNamespace))
	fd.Package = proto.String(newPkg)
	fd.Options.GoPackage = proto.String(module + "/internal/gen/" + namespace + "/v1;" + namespace + "v1")
	rename := func(t *string) *string {
		if s, ok := strings.CutPrefix(*t, "."+oldPkg+"."); ok {
			return proto.String("." + newPkg + "." + s)
		}
		return t
	}
	for _, m := range fd.MessageType {
		for _, f := range m.Field {
			if f.TypeName != nil {
				f.TypeName = rename(f.TypeName)
			}
		}
	}
	for _, s := range fd.Service {
		for _, m := range s.Method {
			m.InputType, m.OutputType = rename(m.InputType), rename(m.OutputType)
		}
	}
	return proto.MarshalOptions{Deterministic: true}.Marshal(&fd)
}

// renameNames are module and namespace pairs of every length class the
// varint lengths cross (1, 2 and 3 bytes) and of the characters names have.
var renameNames = func() [][2]string {
	names := [][2]string{
		{"example.com/orders", "orders"},
		{"m", "a"},
		{"example.com/orders-api", "orders_api"},
		{"github.com/acme/platform/services/billing", "billing"},
		{"gitlab.example.org/a/b/c/d", "x9"},
		{"example.com/ordersorders", "ordersorders"},
		{"example.com/o", "orders_v2"},
	}
	for _, n := range []int{50, 100, 120, 127, 128, 200, 1000, 20000} {
		names = append(names, [2]string{"example.com/" + strings.Repeat("m", n), strings.Repeat("n", n)})
		names = append(names, [2]string{"example.com/m", strings.Repeat("s", n)})
	}
	return names
}()

func TestRenamedDescriptorIsTheProtoRenaming(t *testing.T) {
	entries, err := descriptorFS.ReadDir("descriptors")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".binpb")
		if !ok {
			continue
		}
		for _, n := range renameNames {
			want, err := protoRenamedDescriptor(name, n[0], n[1])
			if err != nil {
				t.Fatal(err)
			}
			got, err := renamedDescriptor(name, n[0], n[1])
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s renamed for %s, %s: the wire renaming gives %d bytes, descriptorpb %d; first difference at %d", name, n[0], n[1], len(got), len(want), firstDifference(got, want))
			}
		}
	}
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func FuzzRenamedDescriptor(f *testing.F) {
	for _, n := range renameNames[:7] {
		f.Add(n[0], n[1])
	}
	f.Fuzz(func(t *testing.T, module, namespace string) {
		want, err := protoRenamedDescriptor("item", module, namespace)
		if err != nil {
			t.Fatal(err)
		}
		got, err := renamedDescriptor("item", module, namespace)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("renamed for %q, %q: the wire renaming and descriptorpb differ at byte %d", module, namespace, firstDifference(got, want))
		}
	})
}
