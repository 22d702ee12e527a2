package bench

import (
	"runtime"
	"strconv"
	"testing"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/maypok86/otter/v2"

	"github.com/svcgen/svcgen/bench/internal/cache"
)

// item is a small struct value like the generated service's example
// resource (two short strings and an int).
type item struct {
	ID       string
	Name     string
	Quantity int
}

// memImpls build a cache of capacity string → item entries, fill it
// completely and return it (kept alive by the caller while the heap is read).
var memImpls = []struct {
	name string
	fill func(keys []string, values []item) any
}{
	{"ours", func(keys []string, values []item) any {
		c := cache.New[string, item](len(keys), 0)
		for i, k := range keys {
			c.Set(k, values[i])
		}
		return c
	}},
	{"otter", func(keys []string, values []item) any {
		c := otter.Must(&otter.Options[string, item]{MaximumSize: len(keys)})
		for i, k := range keys {
			c.Set(k, values[i])
		}
		return c
	}},
	{"ristretto", func(keys []string, values []item) any {
		c := newRistretto[string, item](len(keys))
		for i, k := range keys {
			for !c.Set(k, values[i], 1) { // a dropped Set is retried so the cache really fills
				c.Wait()
			}
		}
		c.Wait()
		return c
	}},
	{"golang-lru", func(keys []string, values []item) any {
		c, err := lru.New[string, item](len(keys))
		if err != nil {
			panic(err)
		}
		for i, k := range keys {
			c.Add(k, values[i])
		}
		return c
	}},
}

// BenchmarkMemory reports the heap a full cache of capacity string → item
// entries holds beyond the keys and values themselves, per entry (B/entry):
// the cost of the cache's own structures. Keys and values are built before
// the first heap reading, so their own bytes are not counted.
func BenchmarkMemory(b *testing.B) {
	keys := make([]string, capacity)
	values := make([]item, capacity)
	for i := range keys {
		keys[i] = "item-" + strconv.Itoa(i)
		values[i] = item{ID: keys[i], Name: "name " + keys[i], Quantity: i}
	}
	for _, impl := range memImpls {
		b.Run("impl="+impl.name, func(b *testing.B) {
			var perEntry float64
			for range b.N {
				perEntry = heapPerEntry(func() any { return impl.fill(keys, values) })
			}
			b.ReportMetric(perEntry, "B/entry")
		})
	}
}

// heapPerEntry returns the live heap that build's result adds, per entry.
func heapPerEntry(build func() any) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(c)
	if cl, ok := c.(interface{ Close() }); ok {
		cl.Close()
	}
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / capacity //nolint:gosec // G115: heap sizes fit int64.
}
