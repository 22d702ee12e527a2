package bufpool

import (
	"bytes"
	"sync"
)

var pool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Get hands out a buffer that may still hold the previous user's bytes.
func Get() *bytes.Buffer {
	b, _ := pool.Get().(*bytes.Buffer) // want `pooled-buffers: never Reset`
	return b
}

// Put returns small buffers to the pool.
func Put(b *bytes.Buffer) {
	if b.Cap() <= 64<<10 {
		pool.Put(b)
	}
}
