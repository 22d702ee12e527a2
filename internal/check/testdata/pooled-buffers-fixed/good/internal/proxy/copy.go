package proxy

import (
	"io"
	"sync"
)

// copyBufs holds fixed-size copy buffers for io.CopyBuffer: their size never
// grows, so they need no cap check and no Reset.
var copyBufs = sync.Pool{New: func() any {
	b := make([]byte, 32<<10)
	return &b
}}

func relay(dst io.Writer, src io.Reader) (int64, error) {
	bp, _ := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(bp)
	return io.CopyBuffer(dst, src, *bp)
}
