package bufpool

import "sync"

var slices = &sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func putSlice(b *[]byte) {
	if n := cap(*b); n <= 4096 {
		slices.Put(b)
	}
}
