package bench

import (
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/maypok86/otter/v2"

	"github.com/svcgen/svcgen/bench/internal/cache"
)

// cyclicLen is the length of the cyclic trace and the size of its key space
// (1 Mi each), as issue 21 describes the workload.
const cyclicLen = 1 << 20

// stringStore is the part of a string-keyed cache BenchmarkCyclicZipf uses.
type stringStore interface {
	Get(key string) (uint64, bool)
	Set(key string, value uint64)
}

type otterStringStore struct{ c *otter.Cache[string, uint64] }

func (o otterStringStore) Get(k string) (uint64, bool) { return o.c.GetIfPresent(k) }
func (o otterStringStore) Set(k string, v uint64)      { o.c.Set(k, v) }

type hashicorpStringStore struct{ c *lru.Cache[string, uint64] }

func (h hashicorpStringStore) Get(k string) (uint64, bool) { return h.c.Get(k) }
func (h hashicorpStringStore) Set(k string, v uint64)      { h.c.Add(k, v) }

var stringImpls = []struct {
	name string
	make func(capacity int) stringStore
}{
	{"ours", func(n int) stringStore { return cache.New[string, uint64](n, 0) }},
	{"otter", func(n int) stringStore {
		return otterStringStore{otter.Must(&otter.Options[string, uint64]{MaximumSize: n})}
	}},
	{"golang-lru", func(n int) stringStore {
		c, err := lru.New[string, uint64](n)
		if err != nil {
			panic(err)
		}
		return hashicorpStringStore{c}
	}},
}

// cyclicTrace is a Zipf(1.1) sequence of cyclicLen accesses over cyclicLen
// keys, spelled "key:N" as services spell ids. Each distinct key is one
// string, shared by all its accesses, so the replay allocates nothing.
func cyclicTrace() []string {
	z := newZipf(traceSeed+3, cyclicLen)
	names := make(map[uint64]string)
	trace := make([]string, cyclicLen)
	for i := range trace {
		n := z.Uint64()
		s, ok := names[n]
		if !ok {
			s = "key:" + strconv.FormatUint(n, 10)
			names[n] = s
		}
		trace[i] = s
	}
	return trace
}

// BenchmarkCyclicZipf is issue 21's workload: string keys, the Zipf(1.1)
// trace replayed cyclically by b.RunParallel for the -benchtime (1 s by
// default; the issue measured at -cpu 2), capacity 2^16, cache-aside (Get,
// and Set on a miss). One pass before the timer warms each cache, so hit%
// is the steady state's whatever b.N the benchmark settles on. Reports
// ns/op, allocs, hit% and cpu-ns/op.
//
// cursor=own is the replay: each goroutine walks the trace from its
// own start, so every access is repeated by the other goroutines, lag
// accesses later, and lag (reported: how far apart the goroutines stopped)
// is set by the scheduler alone. Hit% follows it (BenchmarkTwoStreams holds
// it fixed). cursor=shared has the goroutines claim the trace in chunks
// from one counter: one replay, in about its order, pass after pass.
func BenchmarkCyclicZipf(b *testing.B) {
	trace := cyclicTrace()
	for _, cursor := range []string{"shared", "own"} {
		b.Run("cursor="+cursor, func(b *testing.B) {
			for _, impl := range stringImpls {
				b.Run("impl="+impl.name, func(b *testing.B) {
					runCyclic(b, impl.make(capacity), trace, cursor == "own")
				})
			}
		})
	}
}

func runCyclic(b *testing.B, c stringStore, trace []string, own bool) {
	b.Helper()
	for _, k := range trace {
		if _, ok := c.Get(k); !ok {
			c.Set(k, 1)
		}
	}
	var hits, total, next atomic.Int64
	var mu sync.Mutex
	var ends []int
	b.ReportAllocs()
	runtime.GC()
	b.ResetTimer()
	cpu := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		var h, n int64
		defer func() { hits.Add(h); total.Add(n) }()
		if own {
			i := 0
			defer func() { mu.Lock(); ends = append(ends, i); mu.Unlock() }()
			for ; pb.Next(); i++ {
				k := trace[i&(cyclicLen-1)]
				n++
				if _, ok := c.Get(k); ok {
					h++
					continue
				}
				c.Set(k, 1)
			}
			return
		}
		for {
			// Chunks claimed from one counter: the goroutines replay the
			// trace together, in about its order, pass after pass.
			i := int(next.Add(chunk) - chunk)
			for j := i; j < i+chunk; j++ {
				if !pb.Next() {
					return
				}
				k := trace[j&(cyclicLen-1)]
				n++
				if _, ok := c.Get(k); ok {
					h++
					continue
				}
				c.Set(k, 1)
			}
		}
	})
	reportCPU(b, cpu)
	b.ReportMetric(100*float64(hits.Load())/float64(max(total.Load(), 1)), "hit%")
	if own {
		b.ReportMetric(float64(cyclicSpread(ends)), "lag")
	}
}

// cyclicSpread is the largest distance, around the trace, between where
// two goroutines stopped: how far apart their replays ran at the end. With
// own cursors the hit ratio depends on it (BenchmarkTwoStreams fixes it),
// and nothing but the scheduler sets it.
func cyclicSpread(ends []int) int {
	spread := 0
	for _, a := range ends {
		for _, b := range ends {
			d := (a - b) & (cyclicLen - 1)
			spread = max(spread, min(d, cyclicLen-d))
		}
	}
	return spread
}

// BenchmarkTwoStreams is BenchmarkCyclicZipf's own-cursor case made
// deterministic: one goroutine replays two copies of the cyclic trace,
// interleaved, the second lag accesses behind the first, so every access
// recurs lag to 2×lag accesses later. Run with -benchtime 2097152x (one
// pass of the interleaved sequence after a warm-up pass) at -cpu 1: hit%
// is then a property of the policy at that lag, not of the scheduler.
func BenchmarkTwoStreams(b *testing.B) {
	trace := cyclicTrace()
	for _, lag := range []int{0, 1 << 14, 1 << 16, 1 << 18} {
		b.Run("lag="+strconv.Itoa(lag), func(b *testing.B) {
			for _, impl := range stringImpls {
				b.Run("impl="+impl.name, func(b *testing.B) {
					runTwoStreams(b, impl.make(capacity), trace, lag)
				})
			}
		})
	}
}

func runTwoStreams(b *testing.B, c stringStore, trace []string, lag int) {
	b.Helper()
	key := func(j int) string { // position j of the interleaved sequence
		i := j >> 1
		if j&1 == 1 {
			i -= lag
		}
		return trace[i&(cyclicLen-1)]
	}
	for j := range 2 * cyclicLen {
		if _, ok := c.Get(key(j)); !ok {
			c.Set(key(j), 1)
		}
	}
	hits := 0
	b.ReportAllocs()
	b.ResetTimer()
	for j := range b.N {
		k := key(j)
		if _, ok := c.Get(k); ok {
			hits++
			continue
		}
		c.Set(k, 1)
	}
	b.StopTimer()
	if b.N%(2*cyclicLen) == 0 {
		b.ReportMetric(100*float64(hits)/float64(b.N), "hit%")
	}
}
