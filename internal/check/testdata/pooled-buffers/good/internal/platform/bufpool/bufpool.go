package bufpool

import (
	"bytes"
	"sync"
)

const maxCap = 64 << 10

type Pool struct {
	pool sync.Pool
}

func New() *Pool {
	return &Pool{pool: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
}

func (p *Pool) Put(b *bytes.Buffer) {
	if b.Cap() > maxCap {
		return
	}
	p.pool.Put(b)
}

// Fixed-size objects need no cap.
type entry struct{ k, v int }

var entries = sync.Pool{New: func() any { return new(entry) }}

func release(e *entry) { entries.Put(e) }
