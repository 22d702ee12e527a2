package merge

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLineEndings(t *testing.T) {
	assert.True(t, Equal([]byte("a\r\nb\r\n"), []byte("a\nb\n")))
	assert.False(t, Equal([]byte("a\nb\n"), []byte("a\nb")), "a final newline is a change")
	assert.False(t, Equal([]byte("a\rb\n"), []byte("a\nb\n")), "a bare CR is not a line ending")

	lf := []byte("a\nb\n")
	assert.Equal(t, "a\nb\n", string(Normalize([]byte("a\r\nb\r\n"))))
	assert.Same(t, &lf[0], &Normalize(lf)[0], "no copy without CRLF")

	assert.True(t, HasCRLF([]byte("a\r\nb\n")), "the first line ending decides")
	assert.False(t, HasCRLF([]byte("a\nb\r\n")), "the first line ending decides")
	assert.False(t, HasCRLF([]byte("no line ending\r")))
	assert.False(t, HasCRLF(nil))

	assert.Equal(t, "a\r\nb\r\nc", string(ToEOL([]byte("a\nb\nc"), true)))
	assert.Equal(t, "a\nb\n", string(ToEOL(lf, false)))
}

func TestIsBinary(t *testing.T) {
	assert.False(t, IsBinary([]byte("package main // héllo\n")))
	assert.False(t, IsBinary(nil))
	assert.True(t, IsBinary([]byte("PNG\x00\x01")), "NUL byte")
	assert.True(t, IsBinary([]byte("caf\xe9\n")), "Latin-1, not UTF-8")
}

func TestHasMarkers(t *testing.T) {
	for _, s := range []string{
		"a\n<<<<<<< service\nb\n",
		"a\r\n>>>>>>> template r2\r\n",
		"=======\n",
		"x\n=======",
		"<<<<<<<\n",
	} {
		assert.True(t, HasMarkers([]byte(s)), "%q", s)
	}
	for _, s := range []string{
		"",
		"a <<<<<<< b\n",
		"========\n",
		"= ======\n",
		"<<<<<<<<< wider\n",
		"// =======\n",
	} {
		assert.False(t, HasMarkers([]byte(s)), "%q", s)
	}
}
