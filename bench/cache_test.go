package bench

import (
	"container/list"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/maypok86/otter/v2"

	"github.com/svcgen/svcgen/bench/internal/cache"
)

const (
	keySpace  = 1 << 20 // Zipf key space
	capacity  = 1 << 16
	traceLen  = 1 << 21 // pre-generated trace length (power of two)
	hotKeys   = 1 << 12 // resident keys read by BenchmarkHotGet
	chunk     = 1 << 10 // trace positions a goroutine claims at once
	zipfSkew  = 1.1
	traceSeed = 42
)

// store is the part of a cache the benchmarks use.
type store interface {
	Get(key uint64) (uint64, bool)
	Set(key, value uint64)
}

type otterStore struct{ c *otter.Cache[uint64, uint64] }

func (o otterStore) Get(k uint64) (uint64, bool) { return o.c.GetIfPresent(k) }
func (o otterStore) Set(k, v uint64)             { o.c.Set(k, v) }

type hashicorpStore struct{ c *lru.Cache[uint64, uint64] }

func (h hashicorpStore) Get(k uint64) (uint64, bool) { return h.c.Get(k) }
func (h hashicorpStore) Set(k, v uint64)             { h.c.Add(k, v) }

var impls = []struct {
	name string
	make func(capacity int) store
}{
	{"ours", func(n int) store { return cache.New[uint64, uint64](n, 0) }},
	{"otter", func(n int) store {
		return otterStore{otter.Must(&otter.Options[uint64, uint64]{MaximumSize: n})}
	}},
	{"golang-lru", func(n int) store {
		c, err := lru.New[uint64, uint64](n)
		if err != nil {
			panic(err)
		}
		return hashicorpStore{c}
	}},
	{"mutexLRU", func(n int) store { return newMutexLRU(n) }},
	{"shardedSimpleLRU", func(n int) store { return newShardedSimpleLRU(n) }},
}

// zipfTrace returns a deterministic Zipf key sequence over n keys.
func zipfTrace(n uint64) []uint64 {
	z := rand.NewZipf(rand.New(rand.NewPCG(traceSeed, traceSeed)), zipfSkew, 1, n-1) //nolint:gosec // G404: a reproducible trace.
	trace := make([]uint64, traceLen)
	for i := range trace {
		trace[i] = z.Uint64()
	}
	return trace
}

// BenchmarkCacheAside reads through each cache along a Zipf trace, filling
// misses, and reports ns/op and the hit ratio (hit%).
func BenchmarkCacheAside(b *testing.B) {
	trace := zipfTrace(keySpace)
	for _, impl := range impls {
		b.Run("impl="+impl.name, func(b *testing.B) {
			c := impl.make(capacity)
			// One full pass makes the measured hit ratio the steady state's,
			// independent of b.N.
			for _, k := range trace {
				if _, ok := c.Get(k); !ok {
					c.Set(k, k)
				}
			}
			var hits, total, next atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime()
			b.RunParallel(func(pb *testing.PB) {
				var h, n int64
				for {
					// Goroutines claim the trace in chunks, so together they
					// replay it in about its order and hit% stays comparable
					// across -cpu values.
					i := int(next.Add(chunk) - chunk)
					for j := i; j < i+chunk; j++ {
						if !pb.Next() {
							hits.Add(h)
							total.Add(n)
							return
						}
						k := trace[j&(traceLen-1)]
						n++
						if _, ok := c.Get(k); ok {
							h++
							continue
						}
						c.Set(k, k)
					}
				}
			})
			reportCPU(b, cpu)
			b.ReportMetric(100*float64(hits.Load())/float64(max(total.Load(), 1)), "hit%")
		})
	}
}

// BenchmarkHotGet reads resident keys only, in Zipf order, so every Get hits.
func BenchmarkHotGet(b *testing.B) {
	trace := zipfTrace(hotKeys)
	for _, impl := range impls {
		b.Run("impl="+impl.name, func(b *testing.B) {
			c := impl.make(capacity)
			for k := range uint64(hotKeys) {
				c.Set(k, k)
			}
			var start atomic.Int64
			var misses atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime()
			b.RunParallel(func(pb *testing.PB) {
				i := int(start.Add(traceLen / 8))
				for pb.Next() {
					if _, ok := c.Get(trace[i&(traceLen-1)]); !ok {
						misses.Add(1)
					}
					i++
				}
			})
			reportCPU(b, cpu)
			if misses.Load() > 0 {
				b.Fatalf("%d misses on resident keys", misses.Load())
			}
		})
	}
}

// mutexLRU is the baseline: one mutex around container/list and a map.
type mutexLRU struct {
	mu    sync.Mutex
	cap   int
	ll    *list.List
	items map[uint64]*list.Element
}

type lruEntry struct{ key, value uint64 }

// entryOf returns the entry an element holds; a checked assertion costs the
// same as the unchecked one (both compare the type word).
func entryOf(e *list.Element) *lruEntry {
	le, ok := e.Value.(*lruEntry)
	if !ok {
		panic("mutexLRU: element without *lruEntry")
	}
	return le
}

func newMutexLRU(n int) *mutexLRU {
	return &mutexLRU{cap: n, ll: list.New(), items: make(map[uint64]*list.Element, n)}
}

func (m *mutexLRU) Get(key uint64) (uint64, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.items[key]
	if !ok {
		return 0, false
	}
	m.ll.MoveToFront(e)
	return entryOf(e).value, true
}

func (m *mutexLRU) Set(key, value uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.items[key]; ok {
		entryOf(e).value = value
		m.ll.MoveToFront(e)
		return
	}
	if m.ll.Len() >= m.cap {
		last := m.ll.Back()
		delete(m.items, entryOf(last).key)
		m.ll.Remove(last)
	}
	m.items[key] = m.ll.PushFront(&lruEntry{key: key, value: value})
}
