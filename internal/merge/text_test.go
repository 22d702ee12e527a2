package merge

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

var testLabels = Labels{Ours: "service", Base: "template r1", Theirs: "template r2"}

func TestText(t *testing.T) {
	tests := []struct {
		name               string
		base, ours, theirs string
		want               string
		conflicts          int
	}{
		{name: "no-op", base: "a\nb\n", ours: "a\nb\n", theirs: "a\nb\n", want: "a\nb\n"},
		{name: "ours only", base: "a\nb\nc\n", ours: "a\nB\nc\n", theirs: "a\nb\nc\n", want: "a\nB\nc\n"},
		{name: "theirs only", base: "a\nb\nc\n", ours: "a\nb\nc\n", theirs: "a\nb\nC\n", want: "a\nb\nC\n"},
		{name: "both same change", base: "a\nb\nc\n", ours: "a\nX\nc\n", theirs: "a\nX\nc\n", want: "a\nX\nc\n"},
		{
			name: "different hunks",
			base: "1\n2\n3\n4\n5\n6\n7\n", ours: "1\nTWO\n3\n4\n5\n6\n7\n", theirs: "1\n2\n3\n4\n5\nSIX\n7\n",
			want: "1\nTWO\n3\n4\n5\nSIX\n7\n",
		},
		{
			name: "identical change in a group with other changes",
			base: "1\n2\n3\n4\n5\n6\n7\n", ours: "1\nX\n3\n4\n5\n6\n7\n", theirs: "1\nX\n3\n4\n5\n6\nY\n",
			want: "1\nX\n3\n4\n5\n6\nY\n",
		},
		{
			name: "same hunk",
			base: "a\nb\nc\n", ours: "a\nours\nc\n", theirs: "a\ntheirs\nc\n",
			want:      "a\n<<<<<<< service\nours\n||||||| template r1\nb\n=======\ntheirs\n>>>>>>> template r2\nc\n",
			conflicts: 1,
		},
		{
			name: "adjacent changes conflict",
			base: "a\nb\nc\nd\n", ours: "a\nB\nc\nd\n", theirs: "a\nb\nC\nd\n",
			want:      "a\n<<<<<<< service\nB\nc\n||||||| template r1\nb\nc\n=======\nb\nC\n>>>>>>> template r2\nd\n",
			conflicts: 1,
		},
		{
			name: "insert at the same point",
			base: "a\nb\n", ours: "a\nours\nb\n", theirs: "a\ntheirs\nb\n",
			want:      "a\n<<<<<<< service\nours\n||||||| template r1\n=======\ntheirs\n>>>>>>> template r2\nb\n",
			conflicts: 1,
		},
		{
			name: "insert at the same point, same text",
			base: "a\nb\n", ours: "a\nnew\nb\n", theirs: "a\nnew\nb\n", want: "a\nnew\nb\n",
		},
		{
			name: "deletions in different places",
			base: "1\n2\n3\n4\n5\n", ours: "1\n3\n4\n5\n", theirs: "1\n2\n3\n5\n", want: "1\n3\n5\n",
		},
		{
			name: "delete against edit",
			base: "1\n2\n3\n", ours: "1\n3\n", theirs: "1\nTWO\n3\n",
			want:      "1\n<<<<<<< service\n||||||| template r1\n2\n=======\nTWO\n>>>>>>> template r2\n3\n",
			conflicts: 1,
		},
		{
			name: "two conflicts",
			base: "1\n2\n3\n4\n5\n", ours: "o1\n2\n3\n4\no5\n", theirs: "t1\n2\n3\n4\nt5\n",
			want: "<<<<<<< service\no1\n||||||| template r1\n1\n=======\nt1\n>>>>>>> template r2\n2\n3\n4\n" +
				"<<<<<<< service\no5\n||||||| template r1\n5\n=======\nt5\n>>>>>>> template r2\n",
			conflicts: 2,
		},
		{
			name: "CRLF ours",
			base: "a\nb\nc\nd\ne\n", ours: "a\r\nB\r\nc\r\nd\r\ne\r\n", theirs: "a\nb\nc\nd\nE\n",
			want: "a\r\nB\r\nc\r\nd\r\nE\r\n",
		},
		{
			name: "CRLF ours conflict",
			base: "a\nb\nc\n", ours: "a\r\nours\r\nc\r\n", theirs: "a\ntheirs\nc\n",
			want:      "a\r\n<<<<<<< service\r\nours\r\n||||||| template r1\r\nb\r\n=======\r\ntheirs\r\n>>>>>>> template r2\r\nc\r\n",
			conflicts: 1,
		},
		{
			name: "CRLF only in ours is not a change",
			base: "a\nb\n", ours: "a\r\nb\r\n", theirs: "a\nB\n", want: "a\r\nB\r\n",
		},
		{
			name: "theirs converted to ours' LF",
			base: "a\n", ours: "a\n", theirs: "a\r\nb\r\n", want: "a\nb\n",
		},
		{
			name: "final line without newline kept",
			base: "a\nb\nc", ours: "A\nb\nc", theirs: "a\nb\nC", want: "A\nb\nC",
		},
		{
			name: "newline added at the end by theirs",
			base: "a\nb\nc", ours: "A\nb\nc", theirs: "a\nb\nc\n", want: "A\nb\nc\n",
		},
		{
			name: "conflict on a final line without newline",
			base: "a\nb", ours: "a\nours", theirs: "a\ntheirs",
			want:      "a\n<<<<<<< service\nours\n||||||| template r1\nb\n=======\ntheirs\n>>>>>>> template r2\n",
			conflicts: 1,
		},
		{name: "empty files", want: ""},
		{name: "empty base, ours added", ours: "a\n", want: "a\n"},
		{name: "empty base, both added the same", ours: "a\n", theirs: "a\n", want: "a\n"},
		{
			name: "empty base, both added differently",
			ours: "o\n", theirs: "t\n",
			want:      "<<<<<<< service\no\n||||||| template r1\n=======\nt\n>>>>>>> template r2\n",
			conflicts: 1,
		},
		{name: "ours emptied, theirs unchanged", base: "a\n", theirs: "a\n", want: ""},
		{name: "ours empty, theirs' CRLF used", base: "a\nb\n", ours: "", theirs: "a\r\nB\r\n",
			want: "<<<<<<< service\r\n||||||| template r1\r\na\r\nb\r\n=======\r\na\r\nB\r\n>>>>>>> template r2\r\n", conflicts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text([]byte(tt.base), []byte(tt.ours), []byte(tt.theirs), testLabels)
			assert.Equal(t, tt.want, string(got.Data))
			assert.Equal(t, tt.conflicts, got.Conflicts)
		})
	}
}

func TestTextEmptyLabels(t *testing.T) {
	got := Text([]byte("b\n"), []byte("o\n"), []byte("t\n"), Labels{})
	assert.Equal(t, "<<<<<<<\no\n|||||||\nb\n=======\nt\n>>>>>>>\n", string(got.Data))
	assert.True(t, HasMarkers(got.Data))
}

func TestTextUnchangedSidesByteForByte(t *testing.T) {
	mixed := []byte("a\r\nb\nc\r\nno newline")
	other := []byte("x\ny\n")
	assert.Equal(t, mixed, Text(mixed, mixed, mixed, testLabels).Data, "merge(x, x, x)")
	assert.Equal(t, mixed, Text(other, mixed, other, testLabels).Data, "merge(b, o, b)")
	assert.Equal(t, mixed, Text(other, mixed, mixed, testLabels).Data, "merge(b, t, t)")
	assert.Equal(t, "a\nb\nc\nno newline", string(Text(other, other, mixed, testLabels).Data), "merge(b, b, t): ours' LF")
	crlf := []byte("x\r\ny\r\n")
	assert.Equal(t, "a\r\nb\r\nc\r\nno newline", string(Text(other, crlf, mixed, testLabels).Data), "merge(b, b, t): ours' CRLF")
}
