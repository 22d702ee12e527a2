package httpserver

import (
	"bytes"
	"sync"
)

type encoder struct {
	bufs sync.Pool
}

func newEncoder() *encoder {
	e := &encoder{}
	e.bufs.New = func() any { return new(bytes.Buffer) }
	return e
}

func (e *encoder) release(b *bytes.Buffer) {
	e.bufs.Put(b) // want "pooled-buffers"
}
