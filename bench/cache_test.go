package bench

import (
	"container/list"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/dgraph-io/ristretto/v2"
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
	// phase is the length of one scan-trace cycle's Zipf part and of one
	// shift-trace hot set's reign: four times the capacity.
	phase = 4 * capacity
	// scanLen is the length of each one-off scan, twice the capacity.
	scanLen = 2 * capacity
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

// ristrettoStore counts every entry as cost 1, so MaxCost is the capacity.
// Its Sets are buffered and applied asynchronously (some are dropped under
// contention): that is ristretto's design, and its hit ratio includes it.
type ristrettoStore struct {
	c *ristretto.Cache[uint64, uint64]
}

func (r ristrettoStore) Get(k uint64) (uint64, bool) { return r.c.Get(k) }
func (r ristrettoStore) Set(k, v uint64)             { r.c.Set(k, v, 1) }
func (r ristrettoStore) Wait()                       { r.c.Wait() }

func newRistretto[K ristretto.Key, V any](n int) *ristretto.Cache[K, V] {
	c, err := ristretto.NewCache(&ristretto.Config[K, V]{
		NumCounters:        int64(10 * n), // ten counters per entry, as its docs advise
		MaxCost:            int64(n),
		BufferItems:        64,
		IgnoreInternalCost: true,
	})
	if err != nil {
		panic(err)
	}
	return c
}

var impls = []struct {
	name string
	make func(b *testing.B, capacity int) store
}{
	{"ours", func(_ *testing.B, n int) store { return cache.New[uint64, uint64](n, 0) }},
	{"otter", func(_ *testing.B, n int) store {
		return otterStore{otter.Must(&otter.Options[uint64, uint64]{MaximumSize: n})}
	}},
	{"ristretto", func(b *testing.B, n int) store {
		c := newRistretto[uint64, uint64](n)
		b.Cleanup(c.Close)
		return ristrettoStore{c}
	}},
	{"golang-lru", func(_ *testing.B, n int) store {
		c, err := lru.New[uint64, uint64](n)
		if err != nil {
			panic(err)
		}
		return hashicorpStore{c}
	}},
	{"mutexLRU", func(_ *testing.B, n int) store { return newMutexLRU(n) }},
	{"shardedSimpleLRU", func(_ *testing.B, n int) store { return newShardedSimpleLRU(n) }},
}

func newZipf(seed, n uint64) *rand.Zipf {
	return rand.NewZipf(rand.New(rand.NewPCG(seed, seed)), zipfSkew, 1, n-1) //nolint:gosec // G404: a reproducible trace.
}

// zipfTrace returns a deterministic Zipf key sequence over n keys.
func zipfTrace(n uint64) []uint64 {
	z := newZipf(traceSeed, n)
	trace := make([]uint64, traceLen)
	for i := range trace {
		trace[i] = z.Uint64()
	}
	return trace
}

// scanTrace is the Zipf workload interrupted, after every phase accesses,
// by a one-off sequential scan of scanLen keys never seen before or again
// (a batch job, a crawler): recency-only policies let each scan flush the
// popular keys.
func scanTrace() []uint64 {
	z := newZipf(traceSeed+1, keySpace)
	trace := make([]uint64, 0, traceLen)
	next := uint64(keySpace)
	for len(trace) < traceLen {
		for range phase {
			trace = append(trace, z.Uint64())
		}
		for range scanLen {
			trace = append(trace, next)
			next++
		}
	}
	return trace[:traceLen]
}

// shiftTrace is the Zipf workload whose popular keys change every phase
// accesses: the ranks map to a different key set in each phase, so a
// policy must forget old favourites (frequency without ageing does badly).
func shiftTrace() []uint64 {
	z := newZipf(traceSeed+2, keySpace)
	trace := make([]uint64, traceLen)
	for i := range trace {
		trace[i] = z.Uint64() + uint64(i/phase)*0x9E3779B97F4A7C15
	}
	return trace
}

// BenchmarkCacheAside reads through each cache along each trace, filling
// misses, and reports ns/op and the hit ratio (hit%). Run it with
// -benchtime 2097152x (traceLen): every cache then replays each trace
// exactly once in the timed part, so ns/op and hit% cover the same mix of
// accesses (scans and hot-set changes included) for all of them. hit% is
// only reported when b.N is a whole number of replays.
func BenchmarkCacheAside(b *testing.B) {
	traces := []struct {
		name  string
		trace []uint64
	}{
		{"zipf", zipfTrace(keySpace)},
		{"scan", scanTrace()},
		{"shift", shiftTrace()},
	}
	for _, tr := range traces {
		b.Run("trace="+tr.name, func(b *testing.B) {
			for _, impl := range impls {
				b.Run("impl="+impl.name, func(b *testing.B) {
					runCacheAside(b, impl.make(b, capacity), tr.trace)
				})
			}
		})
	}
}

func runCacheAside(b *testing.B, c store, trace []uint64) {
	b.Helper()
	// One full pass makes the measured hit ratio the steady state's,
	// independent of b.N.
	for _, k := range trace {
		if _, ok := c.Get(k); !ok {
			c.Set(k, k)
		}
	}
	var hits, total, next atomic.Int64
	b.ReportAllocs()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
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
	b.StopTimer()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	misses := max(total.Load()-hits.Load(), 1)
	// allocs/op rounds to 0 when most operations hit; per miss (one Set
	// each) it shows what a fill costs.
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(misses), "allocs/miss")
	if b.N%traceLen == 0 {
		b.ReportMetric(100*float64(hits.Load())/float64(max(total.Load(), 1)), "hit%")
	}
}

// BenchmarkHotGet reads resident keys only, in Zipf order, so every Get hits.
func BenchmarkHotGet(b *testing.B) {
	trace := zipfTrace(hotKeys)
	for _, impl := range impls {
		b.Run("impl="+impl.name, func(b *testing.B) {
			c := impl.make(b, capacity)
			for k := range uint64(hotKeys) {
				c.Set(k, k)
			}
			if w, ok := c.(interface{ Wait() }); ok {
				w.Wait() // ristretto applies Sets asynchronously
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
